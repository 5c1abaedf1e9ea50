import fc from 'fast-check';
import { normalizeTimestamp } from '../../src/jira/mapping';

/** What normalizeTimestamp did before its no-Date fast path: parse, then write as ISO UTC. */
function viaDate(text: string): string | null {
  const time = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));

describe('normalizeTimestamp', () => {
  it('writes a UTC Jira timestamp exactly as parsing it would, valid or not (months 0-13, days 0-32, 24:00, :60)', () => {
    const stamp = fc
      .tuple(fc.integer({ min: 1896, max: 2104 }), two(13), two(32), two(24), two(60), two(60), fc.integer({ min: 0, max: 999 }), fc.constantFrom('Z', '+0000', '+00:00'))
      .map(([y, mo, d, h, mi, s, ms, zone]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${String(ms).padStart(3, '0')}${zone}`);
    fc.assert(fc.property(stamp, (text) => normalizeTimestamp(text) === viaDate(text)), { numRuns: 3000 });
  });

  it('leap days: 29 February only in leap years', () => {
    expect(normalizeTimestamp('2024-02-29T10:00:00.000+0000')).toBe('2024-02-29T10:00:00.000Z');
    expect(normalizeTimestamp('1900-02-29T10:00:00.000+0000')).toBe(viaDate('1900-02-29T10:00:00.000+0000'));
    expect(normalizeTimestamp('2000-02-29T10:00:00.000Z')).toBe('2000-02-29T10:00:00.000Z');
  });

  it('converts other offsets to UTC', () => {
    expect(normalizeTimestamp('2026-11-25T15:04:38.000+0130')).toBe('2026-11-25T13:34:38.000Z');
  });
});
