/** Another shape of a batch than the queued JSON: the Segment format, a transform. */
export { reshape } from '../transport/payload';
