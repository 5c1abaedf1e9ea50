/**
 * The parallel read (key-only search, then bulk fetches side by side): exact order whatever order batches
 * arrive in, completeness, progress, a batch or a key page failing mid-way, 429 narrowing the pool, memory
 * bounded when one batch stalls. A scripted Jira here (each answer resolved when the test says so); the
 * same read against the demo site under its latency model: demoSite.latency.test.ts.
 */

import { AdaptiveWidth, MAX_PROBE_AFTER_ROUNDS, PROBE_AFTER_ROUNDS } from '../../src/jira/pool';
import { fetchIssuesInOrder, readIssuesInOrder } from '../../src/jira/ordered-read';
import { JiraPartialDataError, JiraServerError, type JiraHttp } from '../../src/jira';
import type { JiraRoute } from '../../src/jira/route';

interface Pending {
  path: string;
  body: { issueIdsOrKeys?: string[]; nextPageToken?: string; fields?: string[] };
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A Jira whose answers wait until the test releases them: the test decides the order they arrive in. */
class ScriptedJira implements JiraHttp {
  readonly pending: Pending[] = [];
  readonly sent: Pending[] = [];
  inFlight = 0;
  maxInFlight = 0;
  throttles = 0;
  readonly throttleCount = (): number => this.throttles;

  constructor(
    private readonly keys: string[],
    private readonly keyPage = 250,
    /** Keys Jira no longer has when they are fetched. */
    private readonly gone = new Set<string>(),
  ) {}

  post(path: JiraRoute, body: unknown): Promise<unknown> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise((resolve, reject) => {
      const entry: Pending = {
        path: path.value,
        body: body as Pending['body'],
        resolve: (v) => {
          this.inFlight--;
          resolve(v);
        },
        reject: (e) => {
          this.inFlight--;
          reject(e);
        },
      };
      this.pending.push(entry);
      this.sent.push(entry);
    });
  }
  get(): Promise<unknown> {
    return Promise.reject(new Error('not used'));
  }
  put(): Promise<unknown> {
    return Promise.reject(new Error('not used'));
  }
  send(): never {
    throw new Error('not used');
  }

  /** The Jira answer to a pending request. */
  answerFor(p: Pending): unknown {
    if (p.path === '/rest/api/3/search/jql') {
      const start = p.body.nextPageToken ? Number(p.body.nextPageToken) : 0;
      const page = this.keys.slice(start, start + this.keyPage).map((key) => ({ id: idOf(key), key }));
      const last = start + this.keyPage >= this.keys.length;
      return last ? { issues: page, isLast: true } : { issues: page, isLast: false, nextPageToken: String(start + this.keyPage) };
    }
    const asked = new Set(p.body.issueIdsOrKeys ?? []);
    const issues = this.keys
      .filter((k) => (asked.has(idOf(k)) || asked.has(k)) && !this.gone.has(k))
      // Jira answers in ascending id order, not in the order asked.
      .sort((a, b) => Number(idOf(a)) - Number(idOf(b)))
      .map((key) => ({ id: idOf(key), key, fields: { summary: `S ${key}` } }));
    return { issues, issueErrors: [] };
  }

  /** Releases pending requests matching `which` (all by default), newest first unless told otherwise. */
  release(which: (p: Pending) => boolean = () => true, order: 'newest' | 'oldest' = 'newest'): number {
    const chosen = this.pending.filter(which);
    const ordered = order === 'newest' ? [...chosen].reverse() : chosen;
    for (const p of ordered) {
      this.pending.splice(this.pending.indexOf(p), 1);
      p.resolve(this.answerFor(p));
    }
    return chosen.length;
  }

  fail(which: (p: Pending) => boolean, error: unknown): void {
    for (const p of this.pending.filter(which)) {
      this.pending.splice(this.pending.indexOf(p), 1);
      p.reject(error);
    }
  }
}

const isBulk = (p: Pending): boolean => p.path === '/rest/api/3/issue/bulkfetch';
const isKeys = (p: Pending): boolean => p.path === '/rest/api/3/search/jql';
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const idOf = (key: string): string => String(10_000 + Number(key.split('-')[1]));
const keysOf = (n: number): string[] =>
  // Rank order unrelated to id order, so an answer in id order would scramble the rank if trusted.
  Array.from({ length: n }, (_, i) => `T-${((i * 7919) % n) + 1}`);

/** Runs the scripted Jira until the read settles, releasing what `step` chooses each round. */
async function drive<T>(jira: ScriptedJira, read: Promise<T>, step: (round: number) => void): Promise<T> {
  let settled = false;
  const watched = read.finally(() => (settled = true));
  watched.catch(() => undefined);
  for (let round = 0; !settled && round < 10_000; round++) {
    await flush();
    if (!settled) step(round);
  }
  return watched;
}

const server = new JiraServerError('Jira had a problem (HTTP 500): try again later.', { status: 500 });

describe('readIssuesInOrder', () => {
  it('returns every issue in the search order, whatever order the batches arrive in', async () => {
    const keys = keysOf(1234);
    const jira = new ScriptedJira(keys);
    const progress: [number, number | null][] = [];
    const read = readIssuesInOrder(jira, { where: 'project = T', orderBy: 'ORDER BY Rank ASC', fields: ['summary'], onProgress: (a, b) => progress.push([a, b]) }, (i) => i.key);
    // Newest first: later batches always land before earlier ones.
    const result = await drive(jira, read, () => jira.release());
    expect(result).toEqual(keys);
    expect(jira.sent.filter(isKeys)).toHaveLength(5); // 1,234 keys at 250 a page
    expect(jira.sent.filter(isBulk)).toHaveLength(13); // at 100 a batch
    expect(jira.sent.filter(isBulk).every((p) => p.body.fields?.join() === 'summary')).toBe(true);
    // Several batches were in flight at once, never more than the pool's ceiling.
    expect(jira.maxInFlight).toBeGreaterThan(2);
    expect(jira.maxInFlight).toBeLessThanOrEqual(17);
    // Progress only moves forward and ends at the total.
    expect(progress.length).toBeGreaterThanOrEqual(13);
    progress.forEach(([done], i) => expect(done).toBeGreaterThanOrEqual(progress[i - 1]?.[0] ?? 0));
    expect(progress.at(-1)).toEqual([1234, 1234]);
  });

  it('starts fetching fields before the key search has finished', async () => {
    const jira = new ScriptedJira(keysOf(1000));
    const read = readIssuesInOrder(jira, { where: 'x', fields: ['summary'] }, (i) => i.key);
    await flush();
    jira.release(isKeys); // the first key page only
    await flush();
    expect(jira.pending.filter(isKeys)).toHaveLength(1);
    expect(jira.pending.filter(isBulk).length).toBeGreaterThan(1);
    await drive(jira, read, () => jira.release());
  });

  it('leaves out issues Jira no longer has by the time they are fetched, keeping the order of the rest', async () => {
    const keys = keysOf(300);
    const gone = new Set([keys[5] as string, keys[150] as string]);
    const jira = new ScriptedJira(keys, 250, gone);
    const result = await drive(jira, readIssuesInOrder(jira, { where: 'x', fields: ['summary'] }, (i) => i.key), () => jira.release());
    expect(result).toEqual(keys.filter((k) => !gone.has(k)));
  });

  it('a batch failing mid-way ends the read in a partial-data error, after the requests in flight settle', async () => {
    const keys = keysOf(1500);
    const jira = new ScriptedJira(keys);
    let failedAt = -1;
    const read = readIssuesInOrder(jira, { where: 'x', fields: ['summary'] }, (i) => i.key);
    const error = await drive(jira, read, (round) => {
      jira.release(isKeys);
      const bulk = jira.pending.filter(isBulk);
      if (failedAt < 0 && jira.sent.filter(isBulk).length >= 6 && bulk.length > 1) {
        failedAt = jira.sent.filter(isBulk).length;
        jira.fail((p) => p === bulk[0], server);
      } else if (round % 3 === 0) jira.release(isBulk, 'oldest');
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraPartialDataError);
    expect((error as JiraPartialDataError).cause).toBe(server);
    expect((error as JiraPartialDataError).loaded).toBeGreaterThan(0);
    expect((error as JiraPartialDataError).loaded).toBeLessThan(keys.length);
    // Nothing left running, and no batch started after the failure.
    expect(jira.inFlight).toBe(0);
    expect(jira.sent.filter(isBulk).length).toBeLessThan(15);
  });

  it('a key page failing after the first ends in a partial-data error too; one failing first is the error itself', async () => {
    const jira = new ScriptedJira(keysOf(800));
    const read = readIssuesInOrder(jira, { where: 'x', fields: ['summary'] }, (i) => i.key);
    let pages = 0;
    const error = await drive(jira, read, () => {
      const page = jira.pending.find(isKeys);
      if (page && ++pages === 2) jira.fail((p) => p === page, server);
      else jira.release();
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraPartialDataError);
    expect(jira.inFlight).toBe(0);

    const first = new ScriptedJira(keysOf(800));
    const firstRead = readIssuesInOrder(first, { where: 'x', fields: ['summary'] }, (i) => i.key);
    const firstError = await drive(first, firstRead, () => first.fail(isKeys, server)).catch((e: unknown) => e);
    expect(firstError).toBe(server);
  });

  it('narrows the pool when Jira answers 429, and widens it again after a round without', async () => {
    const jira = new ScriptedJira(keysOf(10_000), 5000);
    const inFlightSeen: number[] = [];
    const read = readIssuesInOrder(jira, { where: 'x', fields: ['summary'], pool: { initial: 8, max: 8 } }, (i) => i.key);
    await drive(jira, read, (round) => {
      inFlightSeen.push(jira.pending.filter(isBulk).length);
      // A 429 storm in rounds 3-6: every answer in those rounds met one.
      if (round >= 3 && round <= 6) jira.throttles++;
      jira.release(undefined, 'oldest');
    });
    // 8 at first; one narrowing per round of 429s: by one at the first (the edge of Jira's limit), by a
    // quarter while they go on (7, 5, 3, 2); then one wider per round without. The width that last met a 429 (3)
    // is tried again after a few rounds at the one below; once it gets through, one wider a round, back to 8.
    expect(inFlightSeen.slice(1, 4)).toEqual([8, 8, 8]);
    expect(inFlightSeen.slice(4, 8)).toEqual([7, 5, 3, 2]);
    expect(inFlightSeen.slice(8, 16)).toEqual([2, 2, 3, 4, 5, 6, 7, 8]);
  }, 30_000);

  it('while one batch stalls, the ones after it are fetched only so far ahead (memory stays bounded)', async () => {
    const jira = new ScriptedJira(keysOf(10_000), 5000);
    const read = readIssuesInOrder(jira, { where: 'x', fields: ['summary'], pool: { initial: 4, max: 4 } }, (i) => i.key);
    let stalled: Pending | undefined;
    for (let round = 0; round < 60; round++) {
      await flush();
      stalled ??= jira.pending.find(isBulk);
      jira.release((p) => p !== stalled);
    }
    // Batch 0 held back: at most 2 x the pool's ceiling of batches started beyond it.
    expect(jira.sent.filter(isBulk).length).toBeLessThanOrEqual(8);
    await drive(jira, read, () => jira.release());
    expect(await read).toHaveLength(10_000);
  }, 30_000);
});

describe('fetchIssuesInOrder', () => {
  it('fetches given keys in batches of 100, in the order given', async () => {
    const keys = keysOf(250);
    const jira = new ScriptedJira(keys);
    const result = await drive(jira, fetchIssuesInOrder(jira, keys.map((key) => ({ key })), ['summary'], (i) => i.key), () => jira.release());
    expect(result).toEqual(keys);
    expect(jira.sent.filter(isBulk).map((p) => p.body.issueIdsOrKeys?.length)).toEqual([100, 100, 50]);
  });
});

describe('AdaptiveWidth', () => {
  it('doubles each round until a 429, then grows by one a round; narrows by one at the edge, by a quarter in a storm, never below 1 or above its ceiling', () => {
    const width = new AdaptiveWidth({ initial: 2, max: 12 });
    // Before any 429: one wider per success (a round of 2 makes 4).
    width.succeeded();
    width.succeeded();
    expect(width.width).toBe(4);
    for (let i = 0; i < 4; i++) width.succeeded();
    expect(width.width).toBe(8);
    // The first 429: one narrower, just below the width that met it.
    width.throttled();
    expect(width.width).toBe(7);
    // 8 met a 429: tried again only after PROBE_AFTER_ROUNDS full rounds at 7.
    for (let round = 1; round < PROBE_AFTER_ROUNDS; round++) {
      for (let i = 0; i < 7; i++) width.succeeded();
      expect(width.width).toBe(7);
    }
    for (let i = 0; i < 7; i++) width.succeeded();
    expect(width.width).toBe(8);
    // A round at 8 without a 429: the limit moved, one wider a round again.
    for (let i = 0; i < 8; i++) width.succeeded();
    expect(width.width).toBe(9);
    // A 429 again a round or more after the last narrowing: the edge, one narrower.
    width.throttled();
    expect(width.width).toBe(8);
    // Another within a round of it: a storm, a quarter narrower each time, never below 1.
    width.throttled();
    expect(width.width).toBe(6);
    for (let i = 0; i < 20; i++) width.throttled();
    expect(width.width).toBe(1);
    for (let i = 0; i < 1000; i++) width.succeeded();
    expect(width.width).toBe(12);
  });

  it('tries a width that keeps meeting a 429 ever more rarely (each try costs a read its Retry-After), afresh once another width meets one', () => {
    const width = new AdaptiveWidth({ initial: 11, max: 16 });
    width.throttled();
    expect(width.width).toBe(10);
    /** Full rounds at 10 until 11 is tried. */
    const roundsUntilTry = (): number => {
      for (let round = 1; round <= 100; round++) {
        for (let i = 0; i < 10; i++) width.succeeded();
        if (width.width === 11) return round;
      }
      return Infinity;
    };
    expect(roundsUntilTry()).toBe(PROBE_AFTER_ROUNDS);
    width.throttled();
    expect(roundsUntilTry()).toBe(2 * PROBE_AFTER_ROUNDS);
    width.throttled();
    expect(roundsUntilTry()).toBe(4 * PROBE_AFTER_ROUNDS);
    for (let i = 0; i < 6; i++) {
      width.throttled();
      roundsUntilTry();
    }
    width.throttled();
    expect(roundsUntilTry()).toBe(MAX_PROBE_AFTER_ROUNDS);
    // Jira's limit moved: a 429 at 10 itself (a round after the last narrowing) starts the count afresh at 9.
    width.throttled();
    for (let i = 0; i < 10; i++) width.succeeded();
    width.throttled();
    expect(width.width).toBe(9);
    for (let round = 1; round < PROBE_AFTER_ROUNDS; round++) for (let i = 0; i < 9; i++) width.succeeded();
    expect(width.width).toBe(9);
    for (let i = 0; i < 9; i++) width.succeeded();
    expect(width.width).toBe(10);
  });
});
