// Types for demo/collector/collector.mjs, which is plain JS (the demo runs it with node as is).
declare module '*/collector/collector.mjs' {
  import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

  /** What `fault` may answer: nothing (accept), a status with headers, or a dropped connection. */
  export type CollectorFault = undefined | 'destroy' | { status: number; headers?: Record<string, string> };

  export interface CollectedBatch {
    body: { events?: Array<Record<string, unknown>>; batch?: Array<Record<string, unknown>>; dropped?: number; [key: string]: unknown };
    headers: IncomingHttpHeaders;
    bytes: number;
    /** Events of this batch not seen before. */
    fresh: number;
  }

  export interface Collector {
    handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
    batches: CollectedBatch[];
    /** Accepted events by id, each once. */
    events: Map<string, Record<string, unknown>>;
    duplicates(): number;
    clear(): void;
  }

  export function createCollector(options?: {
    onBatch?: (batch: CollectedBatch) => void;
    fault?: (req: IncomingMessage, text: string) => CollectorFault;
  }): Collector;
}
