export { segmentBody } from '../transport/payload';
