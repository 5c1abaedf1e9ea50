/** The benchmark's own yardsticks: the request minimum and the brute-force optimum. */
import fc from 'fast-check';
import { minimumRequests } from '../../bench/minimum';
import type { TappedCall } from '../../bench/site';
import { exactOptimum } from '../../bench/bruteForce';
import { fillIterations, type FillRequest } from '../../src/domain';
import { bruteForceOptimum, requestArb } from '../domain/fillHelpers';

const get = (path: string, values = 0): TappedCall => ({ method: 'GET', path, body: null, status: 200, issues: 0, values, bytes: 10 });
const search = (jql: string, fields: string[], issues: number, nextPageToken?: string): TappedCall => ({
  method: 'POST',
  path: '/rest/api/3/search/jql',
  body: { jql, fields, maxResults: 5000, ...(nextPageToken ? { nextPageToken } : {}) },
  status: 200,
  issues,
  values: 0,
  bytes: 10,
});

describe('minimumRequests', () => {
  it('counts each read once and each search at the page size the fields allow', () => {
    const calls = [
      get('/rest/api/3/myself'),
      get('/rest/agile/1.0/board/1/sprint?state=active&startAt=0&maxResults=50', 11),
      search('project = A ORDER BY Rank', ['summary'], 100),
      search('project = A ORDER BY Rank', ['summary'], 100, 't1'),
      search('project = A ORDER BY Rank', ['summary'], 50, 't2'),
      search('project = A', ['key'], 250),
    ];
    expect(minimumRequests(calls)).toEqual({ actual: 6, minimum: 6, avoidable: [] });
  });

  it('lists repeated reads, small pages and progress counts as avoidable', () => {
    const calls = [
      get('/rest/api/3/myself'),
      get('/rest/api/3/myself'),
      search('project = A', ['key'], 100),
      search('project = A', ['key'], 100, 't1'),
      { ...search('project = A', [], 0), path: '/rest/api/3/search/approximate-count' },
    ];
    const report = minimumRequests(calls);
    expect(report.actual).toBe(5);
    expect(report.minimum).toBe(2);
    expect(report.avoidable).toHaveLength(3);
    expect(report.avoidable.join(' ')).toContain('myself');
    expect(report.avoidable.join(' ')).toContain('approximate-count');
  });

  it('needs one page per 100 keys read by key, however the client chunked them', () => {
    const keys = (from: number, count: number): string => Array.from({ length: count }, (_, i) => `'A-${from + i}'`).join(', ');
    const chunked = [0, 1, 2, 3].map((c) => search(`key in (${keys(c * 50, 50)})`, ['status'], 50));
    const report = minimumRequests(chunked);
    expect(report.minimum).toBe(2);
    expect(report.avoidable).toHaveLength(1);
  });
});

describe('exactOptimum', () => {
  it('agrees with the independent brute force of the domain tests when nothing is committed', () => {
    fc.assert(
      fc.property(requestArb({ maxItems: 7, minIterations: 1, maxIterations: 3, committed: false, blockers: true }), (req: FillRequest) => {
        const placed = fillIterations(req);
        const where = new Map<string, number>();
        placed.iterations.forEach((it, t) => it.keys.forEach((k) => where.set(k, t)));
        expect(exactOptimum(req, where)).toBeCloseTo(bruteForceOptimum(req), 9);
      }),
      { numRuns: 150 },
    );
  });
});

describe('minimumRequests, same JQL', () => {
  it('counts two searches of one JQL with different fields as one read with the union of the fields', () => {
    const calls = [search('project = A AND sprint in closedSprints()', ['status'], 40), search('project = A AND sprint in closedSprints()', ['summary', 'status'], 40)];
    const report = minimumRequests(calls);
    expect(report.minimum).toBe(1);
    expect(report.avoidable).toHaveLength(1);
  });
});

describe('minimumRequests, bulk fetches', () => {
  const bulk = (ids: number[], fields = ['summary']): TappedCall => ({
    method: 'POST',
    path: '/rest/api/3/issue/bulkfetch',
    body: { issueIdsOrKeys: ids.map(String), fields },
    status: 200,
    issues: ids.length,
    values: 0,
    bytes: 10,
  });
  const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

  it('needs one call per 100 distinct issues per set of fields; a retry or a half-empty call is avoidable', () => {
    expect(minimumRequests([bulk(range(0, 100)), bulk(range(100, 100)), bulk(range(200, 30))]).avoidable).toEqual([]);
    const wasteful = minimumRequests([bulk(range(0, 50)), bulk(range(50, 50)), bulk(range(0, 50)), bulk(range(0, 10), ['status'])]);
    expect(wasteful.minimum).toBe(2);
    expect(wasteful.avoidable).toEqual([expect.stringContaining('2x POST /rest/api/3/issue/bulkfetch')]);
  });
});
