import { writeEvents } from '../queue/buffer';
import { idbStore } from '../queue/idb';
import { createFlusher } from '../transport/flusher';
import { tabLock } from '../transport/lock';
import { waymarkJson } from '../transport/payload';
import { serveFlusher, type Port } from '../transport/remote';
import { post } from '../transport/send';

// The npm build's sending worker (dist/chunks/worker.mjs, self-contained): the app's bundler emits it from
// `new Worker(new URL('./worker.mjs', import.meta.url))`, and it stores and sends the page's queue.
serveFlusher(globalThis as unknown as Port, { createFlusher, idbStore, tabLock, waymarkJson, writeEvents, post });
