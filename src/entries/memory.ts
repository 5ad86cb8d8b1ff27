/** The queue in memory: loaded by the script-tag build only where IndexedDB fails. */
export { memoryRun } from '../queue/memory';
