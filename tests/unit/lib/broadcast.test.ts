import { afterEach, describe, expect, test, vi } from 'vitest';
import { defaultModel } from '../../../src/stages/default-model';
import { initialState, merge, prepare, type StageState } from '../../../src/stages/engine';
import { broadcast } from '../../../src/lib/broadcast';

/** A same-thread BroadcastChannel: delivers to every other open channel of the name, asynchronously. */
class FakeChannel {
  static open: FakeChannel[] = [];
  onmessage: ((e: { data: unknown }) => void) | null = null;
  constructor(readonly name: string) {
    FakeChannel.open.push(this);
  }
  postMessage(data: unknown) {
    if (!FakeChannel.open.includes(this)) throw new DOMException('closed', 'InvalidStateError');
    const copy = structuredClone(data);
    for (const ch of FakeChannel.open)
      if (ch !== this && ch.name === this.name) queueMicrotask(() => ch.onmessage?.({ data: copy }));
  }
  close() {
    FakeChannel.open = FakeChannel.open.filter((ch) => ch !== this);
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const at = (stage: string): StageState => ({ ...initialState(), stage, since: '2026-01-01T00:00:00.000Z', rule: 'r', trigger: 'e9' });

afterEach(() => {
  vi.unstubAllGlobals();
  FakeChannel.open = [];
});

describe('broadcast', () => {
  test('another tab adopts a state that is ahead, without a change of its own', async () => {
    vi.stubGlobal('BroadcastChannel', FakeChannel);
    const p = prepare(defaultModel);
    let local = at('interest');
    const adopted: StageState[] = [];
    const tabB = broadcast<StageState>('waymark:acme', (remote) => {
      const merged = merge(local, remote, p);
      if (merged !== local) adopted.push((local = merged));
    });
    const heard: unknown[] = [];
    const tabA = broadcast('waymark:acme', (s) => heard.push(s));
    const other = broadcast('waymark:other', (s) => heard.push(s));

    tabA.post(at('conversion'));
    tabA.post(at('awareness'));
    await flush();
    expect(local).toMatchObject({ stage: 'conversion', trigger: 'e9' });
    expect(adopted).toHaveLength(1);
    expect(heard).toEqual([]); // a tab does not hear itself, nor other channels

    for (const t of [tabA, tabB, other]) t.stop();
  });

  test('ignores messages that are not states, and is quiet after stop', async () => {
    vi.stubGlobal('BroadcastChannel', FakeChannel);
    const onRemote = vi.fn();
    const tab = broadcast('w', onRemote);
    const raw = new FakeChannel('w');
    raw.postMessage(null);
    raw.postMessage('conversion');
    await flush();
    expect(onRemote).not.toHaveBeenCalled();
    tab.stop();
    expect(() => tab.post(at('conversion'))).not.toThrow();
    raw.postMessage(at('conversion'));
    await flush();
    expect(onRemote).not.toHaveBeenCalled();
  });

  test('does nothing, and throws nothing, without BroadcastChannel', () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const tab = broadcast('w', () => {});
    expect(() => {
      tab.post(at('conversion'));
      tab.stop();
    }).not.toThrow();
  });
});
