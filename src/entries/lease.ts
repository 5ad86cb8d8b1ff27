/** The localStorage lease between tabs: loaded by the script-tag build only where Web Locks are missing. */
export { leaseLock } from '../transport/lease';
