import type { Json, Props } from './types';

/** What cleaning changed, so that the caller can warn once per call. */
export interface CleanReport {
  cut: boolean;
  dropped: boolean;
  /** About the serialised length of what was kept, counted as it is copied (no JSON.stringify). */
  chars: number;
}

const MAX_DEPTH = 8;

/**
 * Copies `value` into plain JSON: cycles, functions, symbols and undefined are dropped, BigInt
 * and Dates become strings, strings longer than `maxString` are cut. Never throws, whatever it is
 * handed (getters that throw, proxies, revoked objects).
 */
export function toJson(value: unknown, maxString: number, report: CleanReport, seen: object[] = [], depth = 0): Json | undefined {
  try {
    // every value costs its quotes, comma or digits: a list of 100,000 numbers is a large event too
    report.chars += 4;
    switch (typeof value) {
      case 'string':
        if (value.length <= maxString) {
          report.chars += value.length;
          return value;
        }
        report.cut = true;
        report.chars += maxString;
        return value.slice(0, maxString);
      case 'number':
        // `|| 0`: -0 would not survive JSON as itself
        if (Number.isFinite(value)) return value || 0;
        report.dropped = true;
        return null;
      case 'boolean':
        return value;
      case 'bigint':
        return value.toString();
      case 'object': {
        if (value === null) return null;
        if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
        if (seen.includes(value) || depth >= MAX_DEPTH) {
          report.dropped = true;
          return undefined;
        }
        seen.push(value);
        let out: Json;
        if (Array.isArray(value)) {
          out = [];
          for (const item of value) {
            const v = toJson(item, maxString, report, seen, depth + 1);
            out.push(v === undefined ? null : v);
          }
        } else {
          out = {};
          for (const key of Object.keys(value)) {
            let item: unknown;
            try {
              item = (value as Record<string, unknown>)[key];
            } catch {
              // a getter that throws loses its own key, not its siblings
              report.dropped = true;
              continue;
            }
            // a short string, the most common value, without a call
            const v =
              typeof item == 'string' && item.length <= maxString ? ((report.chars += 4 + item.length), item) : toJson(item, maxString, report, seen, depth + 1);
            if (v !== undefined) {
              out[key] = v;
              report.chars += key.length;
            }
          }
        }
        seen.pop();
        return out;
      }
      default:
        // functions, symbols, undefined
        if (value !== undefined) report.dropped = true;
        return undefined;
    }
  } catch {
    report.dropped = true;
    return undefined;
  }
}

/** Cleans a props argument: anything that is not a plain object becomes `{}`. */
export function cleanProps(value: unknown, maxString: number, report: CleanReport): Props {
  if (value === undefined || value === null) return {};
  const out = toJson(value, maxString, report);
  if (out && typeof out === 'object' && !Array.isArray(out)) return out;
  report.dropped = true;
  return {};
}
