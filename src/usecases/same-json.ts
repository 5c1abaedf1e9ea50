/**
 * Whether two plain JSON values (objects, arrays, strings, numbers, booleans, null) have the same JSON text,
 * without writing either: a 50k backlog's link census is a megabyte of text, and a read compares it on every
 * call only to find it unchanged.
 */

/** `JSON.stringify(a) === JSON.stringify(b)` for plain data (key order counts; a `toJSON` value is written out). */
export function sameJson(a: unknown, b: unknown): boolean {
  const x = asWritten(a);
  const y = asWritten(b);
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (hasToJson(x) || hasToJson(y)) return JSON.stringify(x) === JSON.stringify(y);
  if (Array.isArray(x) || Array.isArray(y)) return Array.isArray(x) && Array.isArray(y) && sameArrays(x, y);
  return sameObjects(x as Record<string, unknown>, y as Record<string, unknown>);
}

/** What JSON writes as null inside an array: undefined, functions, symbols and numbers that are not finite. */
function asWritten(value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

function sameArrays(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!sameJson(omitted(a[i]) ? null : a[i], omitted(b[i]) ? null : b[i])) return false;
  }
  return true;
}

/** Members in order, those JSON leaves out skipped on either side. */
function sameObjects(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < ka.length && omitted(a[ka[i] as string])) i++;
    while (j < kb.length && omitted(b[kb[j] as string])) j++;
    if (i === ka.length || j === kb.length) return i === ka.length && j === kb.length;
    const key = ka[i] as string;
    if (key !== kb[j] || !sameJson(a[key], b[key])) return false;
    i++;
    j++;
  }
}
