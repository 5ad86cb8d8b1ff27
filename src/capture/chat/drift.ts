import type { Stop } from '../../core/types';
import { whenGlobal } from '../../lib/whenGlobal';

// https://devdocs.drift.com/docs/drift-events
/**
 * Calls `opened` when the Drift chat opens: `chatOpen`, and `sidebarOpen` for the legacy widget
 * (the caller's 1 s dedupe covers a widget that sends both). Subscribed directly rather than
 * inside `drift.on('ready')`: the snippet's stub queues `drift.on` calls until Drift loads, and a
 * `ready` handler added after Drift was ready may never run (not documented either way).
 * No documented unsubscribe.
 */
export const drift = (opened: () => void): Stop =>
  whenGlobal('drift', (d) => {
    d.on('chatOpen', opened);
    d.on('sidebarOpen', opened);
  });
