import fc from 'fast-check';
import { jsonChunks, jsonPieces, jsonRuns } from '../../src/storage/json-pieces';

describe('jsonPieces', () => {
  it('joins to exactly what JSON.stringify writes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect([...jsonPieces(value)].join('')).toBe(JSON.stringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('omits undefined members and writes undefined array elements as null, as JSON.stringify does', () => {
    const value = { a: undefined, b: [1, undefined, { c: undefined, d: 2 }], e: new Date(0), f: 'x' };
    expect([...jsonPieces(value)].join('')).toBe(JSON.stringify(value));
    expect([...jsonPieces({ only: undefined })].join('')).toBe('{}');
  });

  it('hands out a large array a bounded batch at a time instead of as one string', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ key: `T-${i}`, summary: 'x'.repeat(50) }));
    const pieces = [...jsonPieces({ issues: rows })];
    expect(pieces.join('')).toBe(JSON.stringify({ issues: rows }));
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(JSON.stringify(rows).length / 10);
  });
});

describe('jsonChunks', () => {
  it('cuts the text into chunks of the given size that rejoin to the whole', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 2, max: 40 }), (value, size) => {
        const chunks = [...jsonChunks(value, size)];
        expect(chunks.join('')).toBe(JSON.stringify(value));
        expect(chunks.slice(0, -1).every((c) => c.length === size || c.length === size - 1)).toBe(true);
        expect(chunks.every((c) => c.length >= 1 && c.length <= size)).toBe(true);
      }),
    );
  });

  it('never splits a surrogate pair, so every chunk survives UTF-8', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 20 }), fc.integer({ min: 2, max: 17 }), (texts, size) => {
        const chunks = [...jsonChunks({ summaries: texts }, size)];
        expect(chunks.join('')).toBe(JSON.stringify({ summaries: texts }));
        for (const chunk of chunks) expect(Buffer.from(chunk, 'utf8').toString('utf8')).toBe(chunk);
      }),
    );
    expect([...jsonChunks(['😀😀😀'], 4)]).toEqual(['["😀', '😀😀', '"]']);
    expect([...jsonChunks(['😀😀'], 3)]).toEqual(['["', '😀', '😀"', ']']);
  });

  it('refuses a size below 2 (a surrogate pair needs room)', () => {
    expect(() => [...jsonChunks([], 1)]).toThrow(RangeError);
  });
});

describe('jsonRuns', () => {
  it('joins the pieces into runs of at least the given size that rejoin to the whole', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 60 }), (value, size) => {
        const runs = [...jsonRuns(value, size)];
        expect(runs.join('')).toBe(JSON.stringify(value));
        expect(runs.slice(0, -1).every((r) => r.length >= size)).toBe(true);
        expect(runs.every((r) => r.length > 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('hands out an object of 10,000 keys (a backlog\'s issue ids) in a few runs rather than a piece per key', () => {
    const issueIds = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`T-${i}`, 10_000 + i]));
    const text = JSON.stringify({ issueIds });
    expect([...jsonPieces({ issueIds })].length).toBeGreaterThan(10_000);
    const runs = [...jsonRuns({ issueIds }, 16_384)];
    expect(runs.join('')).toBe(text);
    expect(runs.length).toBeLessThanOrEqual(Math.floor(text.length / 16_384) + 1);
  });

  it('keeps a large array bounded: no run is much longer than the size plus one batch of elements', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ key: `T-${i}`, summary: 'x'.repeat(50) }));
    const runs = [...jsonRuns({ issues: rows }, 16_384)];
    expect(runs.join('')).toBe(JSON.stringify({ issues: rows }));
    expect(Math.max(...runs.map((r) => r.length))).toBeLessThan(JSON.stringify(rows).length / 10);
  });
});
