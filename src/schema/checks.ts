import * as z from 'zod/mini';

// Size trick: every leaf is a z.custom with a message of our own. zod's string, boolean, enum,
// array, union, record and number checks each pull in more of zod (100–900 B gzip apiece), which
// the script-tag build's 12 KB budget cannot spare; objects and optionals stay zod's.

/** A leaf check: `test` decides, `message` says for a person what was expected. */
export const check = <T>(test: (v: unknown) => boolean, message: string) => z.custom<T>(test, message);

export const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

export const string = check<string>(isString, 'must be a string');
export const text = check<string>((v) => isString(v) && v.length > 0, 'must be a non-empty string');
export const boolean = check<boolean>((v) => typeof v === 'boolean', 'must be true or false');
export const strings = check<string[]>((v) => Array.isArray(v) && v.every(isString), 'must be a list of strings');
export const stringMap = check<Record<string, string>>((v) => isObject(v) && Object.values(v).every(isString), 'must be an object of strings');
export const fn = <T>() => check<T>((v) => typeof v === 'function', 'must be a function');

/** One of the given strings. */
export const oneOf = <const T extends string>(...values: T[]) =>
  check<T>((v) => values.includes(v as T), `must be one of ${values.map((v) => `"${v}"`).join(', ')}`);

/** A whole number within [min, max]. */
export const whole = (min: number, max = Infinity) =>
  check<number>((v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max, `must be a whole number from ${min}${max < Infinity ? ` to ${max}` : ''}`);

/** A finite number above `above`, or at least `min` when `inclusive`. */
export const number = (min = -Infinity, inclusive = true) =>
  check<number>(
    (v) => typeof v === 'number' && Number.isFinite(v) && (inclusive ? v >= min : v > min),
    min === -Infinity ? 'must be a number' : `must be a number ${inclusive ? 'from' : 'above'} ${min}`,
  );

export const optional = z.optional;
export const object = z.strictObject;
