export { configSchema, captureOptions, consentValue } from './config';
export type { Config, CaptureOptions } from './config';
export { wireEvent, wireBatch } from './wire';
export type { WireEvent, WireBatch } from './wire';
export { formatIssues } from './issues';
