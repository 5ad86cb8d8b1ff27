/** The page's side of sending from a worker: loaded by the script-tag build where it can start one. */
export { remoteFlusher } from '../transport/remote';
