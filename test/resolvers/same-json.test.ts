import { sameJson } from '../../src/usecases/same-json';

/** A small deterministic generator, so a failure names a seed that reproduces it. */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31);
}

const SCALARS: unknown[] = [null, undefined, true, false, 0, -0, 1, 2.5, NaN, Infinity, '', 'a', 'A', '0', 'ü😀'];

function value(next: () => number, depth: number): unknown {
  const roll = next();
  if (depth > 3 || roll < 0.5) return SCALARS[Math.floor(next() * SCALARS.length)];
  const size = Math.floor(next() * 4);
  if (roll < 0.75) return Array.from({ length: size }, () => value(next, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) out[['k', 'seenAt', 'open', 'x'][Math.floor(next() * 4)] as string] = value(next, depth + 1);
  return out;
}

/** A copy with a random change or none, or its keys reordered: near misses and equal values alike. */
function variant(v: unknown, next: () => number): unknown {
  if (Array.isArray(v)) {
    const copy = v.map((e) => variant(e, next));
    if (next() < 0.1) copy.pop();
    return copy;
  }
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v).map(([k, e]): [string, unknown] => [k, variant(e, next)]);
    if (next() < 0.1) entries.reverse();
    if (next() < 0.05) entries.push(['extra', undefined]);
    return Object.fromEntries(entries);
  }
  return next() < 0.08 ? SCALARS[Math.floor(next() * SCALARS.length)] : v;
}

describe('sameJson', () => {
  it('answers as comparing the two JSON texts would, on random values and their near copies', () => {
    let equal = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const next = random(seed);
      const a = value(next, 0);
      const b = variant(a, next);
      const expected = JSON.stringify(a) === JSON.stringify(b);
      if (expected) equal++;
      expect({ seed, same: sameJson(a, b) }).toEqual({ seed, same: expected });
      expect({ seed, same: sameJson(b, a) }).toEqual({ seed, same: expected });
    }
    // Both answers are well represented, so the comparison is tested either way.
    expect(equal).toBeGreaterThan(500);
    expect(3000 - equal).toBeGreaterThan(300);
  });

  it('tells a link census apart from one with an entry re-stamped, its fields reordered or an issue added', () => {
    const census = { 'T-1': [{ key: 'O-1', direction: 'blocks', projectKey: 'O', open: true, seenAt: '2026-03-01T10:00:00.000Z' }] };
    const copy = JSON.parse(JSON.stringify(census)) as typeof census;
    expect(sameJson(census, copy)).toBe(true);
    expect(sameJson(census, { 'T-1': [{ ...census['T-1'][0], seenAt: '2026-03-02T10:00:00.000Z' }] })).toBe(false);
    expect(sameJson(census, { 'T-1': [{ direction: 'blocks', key: 'O-1', projectKey: 'O', open: true, seenAt: '2026-03-01T10:00:00.000Z' }] })).toBe(false);
    expect(sameJson(census, { ...census, 'T-2': [] })).toBe(false);
    expect(sameJson({}, {})).toBe(true);
  });
});
