import type { Session } from './session';
import type { Attribution, Consent } from './types';

/** What waymark remembers of a visitor between pages: small, read once at start, written lazily. */
export interface Visitor {
  anonymousId: string;
  userId: string | null;
  session?: Session;
  attribution: Attribution;
  /** The last explicit consent() call, which outlives the page. */
  consent?: Consent;
  /** The stage engine's state (stages/). */
  stage?: unknown;
}

/** A brand-new visitor. */
export const newVisitor = (anonymousId: string): Visitor => ({
  anonymousId,
  userId: null,
  attribution: { first: null, last: null },
});

/** Accepts a stored record only if it has the shape this version writes. */
export function restoreVisitor(stored: unknown): Visitor | undefined {
  const v = stored as Partial<Visitor> | undefined;
  return v && typeof v.anonymousId === 'string' && v.attribution && typeof v.attribution === 'object'
    ? { ...newVisitor(v.anonymousId), ...v }
    : undefined;
}
