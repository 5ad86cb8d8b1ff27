import { describe, expect, it } from 'vitest';
import { touchSession } from '../../../src/core/session';

const ids = () => {
  let n = 0;
  return () => `s${++n}`;
};
const MIN = 60_000;

describe('touchSession', () => {
  it('starts the first session', () => {
    expect(touchSession(undefined, 1000, 30 * MIN, ids())).toEqual({ id: 's1', start: 1000, last: 1000, count: 1 });
  });

  it('keeps a session alive while there is activity within the timeout', () => {
    const newId = ids();
    let session = touchSession(undefined, 0, 30 * MIN, newId);
    for (let t = 29 * MIN; t < 200 * MIN; t += 29 * MIN) session = touchSession(session, t, 30 * MIN, newId);
    expect(session.id).toBe('s1');
    expect(session.count).toBe(1);
  });

  it('ends a session after 30 minutes without activity and counts the next one', () => {
    const newId = ids();
    const first = touchSession(undefined, 0, 30 * MIN, newId);
    expect(touchSession(first, 30 * MIN, 30 * MIN, newId)).toMatchObject({ id: 's2', count: 2, start: 30 * MIN });
  });

  it('starts a new session when asked to (a new campaign)', () => {
    const newId = ids();
    const first = touchSession(undefined, 0, 30 * MIN, newId);
    expect(touchSession(first, 1000, 30 * MIN, newId, true).id).toBe('s2');
  });
});
