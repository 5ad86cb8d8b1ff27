import { describe, expect, it, vi } from 'vitest';
import { createBus } from '../../../src/core/bus';

describe('createBus', () => {
  it('delivers to listeners until they unsubscribe', () => {
    const bus = createBus<{ ping: number }>(() => {});
    const fn = vi.fn();
    const off = bus.on('ping', fn);
    bus.emit('ping', 1);
    off();
    bus.emit('ping', 2);
    expect(fn.mock.calls).toEqual([[1]]);
  });

  it('keeps going when a listener throws, and reports it', () => {
    const onError = vi.fn();
    const bus = createBus<{ ping: number }>(onError);
    const after = vi.fn();
    bus.on('ping', () => {
      throw new Error('boom');
    });
    bus.on('ping', after);
    bus.emit('ping', 1);
    expect(after).toHaveBeenCalledWith(1);
    expect(onError).toHaveBeenCalledOnce();
  });

  it('types its events', () => {
    const bus = createBus<{ ping: number }>(() => {});
    // @ts-expect-error the payload of ping is a number
    bus.emit('ping', 'one');
    // @ts-expect-error there is no such event
    bus.on('pong', () => {});
  });
});
