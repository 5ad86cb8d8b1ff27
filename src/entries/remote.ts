/** Sending from a worker, both sides: loaded by the script-tag build where a page can start one, and by that worker. */
export { remoteFlusher, serveFlusher } from '../transport/remote';
