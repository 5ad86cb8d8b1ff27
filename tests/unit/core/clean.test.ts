import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanProps, toJson, type CleanReport } from '../../../src/core/clean';

const report = (): CleanReport => ({ cut: false, dropped: false, chars: 0 });

describe('cleanProps', () => {
  it('copies plain JSON unchanged and reports nothing', () => {
    const r = report();
    const props = { a: 1, b: 'x', c: [true, null, { d: 2.5 }] };
    const out = cleanProps(props, 100, r);
    expect(out).toEqual(props);
    expect(out).not.toBe(props);
    expect(r).toMatchObject({ cut: false, dropped: false });
  });

  it('drops what JSON cannot hold and says so', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const r = report();
    const out = cleanProps({ cyclic, fn: () => 1, sym: Symbol('s'), big: 10n, nan: NaN, when: new Date(0), u: undefined }, 100, r);
    expect(out).toEqual({ cyclic: { name: 'loop' }, big: '10', nan: null, when: '1970-01-01T00:00:00.000Z' });
    expect(r.dropped).toBe(true);
  });

  it('keeps a value that appears twice without a cycle', () => {
    const shared = { x: 1 };
    expect(cleanProps({ a: shared, b: shared }, 100, report())).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });

  it('cuts long strings', () => {
    const r = report();
    expect(cleanProps({ s: 'x'.repeat(1000) }, 10, r)).toEqual({ s: 'x'.repeat(10) });
    expect(r.cut).toBe(true);
  });

  it('survives getters that throw, keeping the other keys', () => {
    const hostile = Object.defineProperty({ ok: 1 }, 'boom', { enumerable: true, get: () => { throw new Error('no'); } });
    const r = report();
    expect(cleanProps(hostile, 100, r)).toEqual({ ok: 1 });
    expect(r.dropped).toBe(true);
  });

  it('counts numbers and booleans toward the size, not only strings', () => {
    const r = report();
    cleanProps({ list: Array.from({ length: 10_000 }, (_, i) => i) }, 100, r);
    expect(r.chars).toBeGreaterThan(40_000);
  });

  it('turns a non-object argument into empty props', () => {
    for (const v of ['str', 42, [1, 2], () => 1]) expect(cleanProps(v, 100, report())).toEqual({});
    expect(cleanProps(undefined, 100, report())).toEqual({});
  });

  it('always yields something JSON.stringify round-trips', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }), (value) => {
        const out = toJson(value, 50, report());
        expect(JSON.parse(JSON.stringify(out ?? null))).toEqual(out ?? null);
      }),
    );
  });
});
