/**
 * A 1k-issue smoke of `npm run bench`: every figure is produced, on the production code paths, with sane
 * values. No timing is asserted (speed is what the benchmark reports, not what tests check).
 */
import { runBench, SMOKE_OPTIONS } from '../../bench/run';
import { formatTable, resultsOf } from '../../bench/table';
import type { Figure } from '../../bench/figures';

jest.setTimeout(120_000);

let figures: Figure[] = [];

beforeAll(async () => {
  figures = await runBench({ ...SMOKE_OPTIONS, log: () => undefined });
});

const of = (n: number): Figure[] => figures.filter((f) => f.figure === n);
const only = (n: number): Figure => {
  const list = of(n);
  expect(list).toHaveLength(1);
  return list[0] as Figure;
};

describe('benchmark smoke (1k backlog)', () => {
  it('produces every figure of the issue, each with a unit, a goal and a detail', () => {
    expect([...new Set(figures.map((f) => f.figure))].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17]);
    for (const f of figures) {
      expect(f.unit).not.toBe('');
      expect(f.goal).not.toBe('');
      expect(f.detail).not.toBe('');
      if (f.value === null) {
        expect(f.detail).toMatch(/^not measured: /);
        expect(f.holds).toBeNull();
      } else {
        expect(Number.isFinite(f.value)).toBe(true);
      }
    }
  });

  it('counts the KVS units of a cold load and the store after settings changes', () => {
    const [writes, reads] = of(12);
    expect(writes?.unit).toBe('write units');
    expect(writes?.value).toBeGreaterThan(0);
    expect(reads?.unit).toBe('read units');
    expect(reads?.value).toBeGreaterThan(0);
    expect(writes?.detail).toMatch(/snapshot is .* stored for .* of JSON/);
    const growth = only(13);
    expect(growth.value).toBeGreaterThan(0.5);
    expect(growth.detail).toMatch(/snapshots of 1 settings version/);
  });

  it('loads a backlog of about 1,000 issues and never beats the request minimum', () => {
    const load = only(1);
    expect(load.backlog).toBeGreaterThan(800);
    expect(load.backlog).toBeLessThan(1200);
    expect(load.value).toBeGreaterThanOrEqual(1);
    expect(load.detail).toMatch(/\d+ requests vs minimum \d+/);
  });

  it('refreshes with fewer bytes than a full reload, to the same backlog', () => {
    const refresh = only(2);
    expect(refresh.value).toBeGreaterThan(1);
    expect(refresh.detail).toContain('refreshed backlog identical to a full reload');
  });

  it('times the compute of a panel read and measures the payload or says why not', () => {
    const compute = only(3);
    expect(compute.value).toBeGreaterThan(0);
    expect(compute.detail).toMatch(/mapping [\d.]+/);
    const payload = only(4);
    if (payload.value !== null) expect(payload.value).toBeGreaterThan(0);
  });

  it('finds optimal never worse than greedy and equal to the brute-force optimum on small requests', () => {
    const quality = of(5);
    expect(quality).toHaveLength(5);
    for (const f of quality) expect(f.holds).toBe(true);
    const [vsGreedy, mean, p95, largest, vsExact] = quality as [Figure, Figure, Figure, Figure, Figure];
    expect(vsGreedy.value).toBeLessThanOrEqual(1);
    expect(vsExact.value).toBe(1);
    // The mean, the p95 and the largest saving are in that order of size.
    expect(p95.value as number).toBeLessThanOrEqual(largest.value as number);
    expect(mean.value as number).toBeLessThanOrEqual(largest.value as number);
  });

  it('times the fill and the forecast, and reads the peak RSS of a child process', () => {
    expect(only(6).value).toBeGreaterThan(0);
    expect(only(15).value).toBeGreaterThan(0);
    expect(only(15).detail).toMatch(/top 2000 points by iteration \d+\/\d+\/\d+ \(50\/85\/95%\)/);
    const memory = only(8);
    expect(memory.value).toBeGreaterThan(20);
    expect(memory.value).toBeLessThan(4096);
  });

  it('times the panel under the latency model against the lower bound, a sequential read, the refresh and the issue panel', () => {
    const [open, sequential] = of(9) as [Figure, Figure];
    expect(of(9)).toHaveLength(2);
    expect(open.value).toBeGreaterThan(0);
    expect(open.detail).toMatch(/the lower bound [\d.]+ s = max\(work/);
    expect(sequential.value).toBeGreaterThan(0);
    expect(sequential.detail).toMatch(/one request after another/);
    expect(only(10).value).toBeGreaterThan(0);
    const issuePanel = only(11);
    expect(issuePanel.value).toBeGreaterThan(0);
    // From the stored snapshot: far fewer bulk fetches than a full load.
    const [, fetched, full] = /(\d+) of them bulk fetches \(a full load would take (\d+)\)/.exec(issuePanel.detail) ?? [];
    expect(Number(fetched)).toBeLessThan(Number(full));
  });

  it('the ART view (16, 17): a warm open of the 8-team train with its bytes, and the cold first open under the latency model with its slowest call', () => {
    const wall = of(16).find((f) => f.unit === 'ms' && f.goal !== 'report');
    const bytes = of(16).find((f) => f.unit === 'MB');
    expect(wall).toMatchObject({ unit: 'ms' });
    expect(wall?.value).toBeGreaterThan(0);
    expect(bytes).toMatchObject({ unit: 'MB' });
    expect(bytes?.value).toBeGreaterThan(0);
    expect(bytes?.value).toBeLessThan(5.24);
    const [cold] = of(17);
    expect(cold?.value).toBeGreaterThan(0);
    expect(cold?.detail).toMatch(/8 background loads/);
    expect(cold?.holds).toBe(true);
  });

  it('prints one table row per figure and writes results with value, unit, goal and holds', () => {
    const table = formatTable(figures);
    expect(table.split('\n').filter((l) => /^\| \d+ /.test(l))).toHaveLength(figures.length);
    const results = JSON.parse(JSON.stringify(resultsOf(figures, 1))) as { figures: Record<string, unknown>[] };
    expect(results.figures).toHaveLength(figures.length);
    for (const f of results.figures) expect(Object.keys(f)).toEqual(expect.arrayContaining(['value', 'unit', 'goal', 'holds']));
  });
});
