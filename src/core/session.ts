/** A visit: ends after `timeout` ms without activity, or when a new campaign arrives. */
export interface Session {
  id: string;
  start: number;
  last: number;
  /** How many sessions this visitor has had, this one included. */
  count: number;
}

/**
 * Returns the session an activity at `now` belongs to: the same one, touched, or a new one when
 * the old one has been idle past `timeout` or `renew` asks for it (a visit from a new campaign).
 */
export function touchSession(
  session: Session | undefined,
  now: number,
  timeout: number,
  newId: () => string,
  renew = false,
): Session {
  // the same session, untouched within one millisecond: a burst allocates nothing here
  if (session && !renew && now - session.last < timeout) return now > session.last ? { ...session, last: now } : session;
  return { id: newId(), start: now, last: now, count: (session?.count ?? 0) + 1 };
}
