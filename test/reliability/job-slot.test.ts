/**
 * Guarantee: of any number of confirmations arriving at once, exactly one write job starts per project, also
 * on a slow store whose reads and writes interleave, and also when the slot's previous holder died: the job's
 * record is written before its claim, and the claim is a conditional create (FAIL_IF_EXISTS on Forge KVS), so
 * no claimer ever mistakes another's missing record for a dead job, and two claimers never both take a dead
 * holder's place.
 */

import fc from 'fast-check';
import type { JobRef, RerankPreviewDto, Result } from '../../src/contracts';
import { AppStore, KvsStore, MemoryStore, type JobRecord, type KeyValueStore } from '../../src/storage';
import { ok, startApp } from './app';
import type { RequestJira } from '../../src/jira';
import { faultyPort, isWrite, PASS, scheduledKvs, Tally, type SentRequest } from './helpers';

const tally = new Tally();
afterAll(() => tally.write('job-slot'));

/** A store whose every read and write takes 0-15 ms (seeded), so concurrent callers interleave. */
function slowStore(inner: KeyValueStore, seed: number): KeyValueStore {
  let state = seed >>> 0;
  const pause = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return new Promise<void>((resolve) => setTimeout(resolve, state % 16));
  };
  return {
    get: async (key) => (await pause(), inner.get(key)),
    set: async (key, value) => (await pause(), inner.set(key, value)),
    createIfAbsent: async (key, value) => (await pause(), inner.createIfAbsent(key, value)),
    delete: async (key) => (await pause(), inner.delete(key)),
    listByPrefix: async (prefix) => (await pause(), inner.listByPrefix(prefix)),
  };
}

const NOW = new Date('2026-11-25T10:00:00Z');

function job(jobId: string, state: JobRecord['state'], updatedAt = NOW): JobRecord {
  return {
    jobId,
    kind: 'rerank',
    state,
    done: 0,
    total: 0,
    message: '',
    changed: [],
    failed: [],
    error: null,
    updatedAt: updatedAt.toISOString(),
    projectKey: 'ORION',
    accountId: 'po',
    input: {},
  };
}

describe('claiming the write slot under every interleaving (Forge KVS adapter)', () => {
  it('exactly one of N simultaneous claimers wins, with or without a dead previous holder', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 6 }), fc.constantFrom('none', 'dead', 'finished'), async (s, claimers, before) => {
        const kvs = scheduledKvs(s);
        const store = new AppStore(new KvsStore(kvs), () => NOW);
        if (before !== 'none') {
          // A job that once held the slot: finished, or a worker that died mid-run and was not heard from since.
          const old = job('old', before === 'dead' ? 'running' : 'done', new Date(NOW.getTime() - 2 * 60_000));
          await s.waitFor(store.claimWriteSlot(old));
          await s.waitFor(store.kv.set(`job:old`, old));
        }
        const attempts = Array.from({ length: claimers }, (_, i) => store.claimWriteSlot(job(`j${i}`, 'queued')));
        const results = await s.waitFor(Promise.all(attempts));
        const winners = results.flatMap((r, i) => (r.claimed ? [i] : []));
        expect(winners).toHaveLength(1);
        // Every loser is told which job holds the slot: the winner.
        results.forEach((r) => {
          if (!r.claimed) expect(r.holder?.jobId).toBe(`j${winners[0]}`);
        });
        // And the slot names the winner, whose record exists.
        const holder = await s.waitFor(store.writeSlotHolder('ORION'));
        expect(holder?.jobId).toBe(`j${winners[0]}`);
        tally.add('kvsInterleavings');
        tally.add('kvsClaimers', claimers);
      }),
      { numRuns: 300, seed: 20 },
    );
  }, 60_000);
});

describe('through the resolvers on a slow store: 10 confirmations at once', () => {
  it('one job starts, nine are told a change is running, and Jira sees the writes of one job', async () => {
    const sent: SentRequest[] = [];
    const watch = (port: RequestJira) => faultyPort(port, (request) => (sent.push(request), PASS));
    const app = await startApp({ site: { scale: 300 }, platform: { kv: slowStore(new MemoryStore(), 7), wrapJira: watch } });
    try {
      const po = app.site.po;
      // Ten previews of the same re-rank (ten tabs), confirmed at the same moment.
      const tokens: string[] = [];
      let moves = 0;
      for (let i = 0; i < 10; i++) {
        const preview = ok(await app.call<RerankPreviewDto>('panel', po, 'previewRerank', {}));
        moves = preview.moves.length;
        tokens.push(preview.token);
      }
      expect(moves).toBeGreaterThan(1);
      sent.length = 0;
      const results: Result<JobRef>[] = await Promise.all(tokens.map((token) => app.call<JobRef>('panel', po, 'applyRerank', { token })));
      await app.platform.idle();
      const started = results.filter((r) => r.ok);
      expect(started).toHaveLength(1);
      results
        .filter((r) => !r.ok)
        .forEach((r) => expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'JOB_RUNNING' }) }));
      // The writes of exactly one re-rank: each moving issue ranked once.
      const rankWrites = sent.filter((r) => isWrite(r) && r.path.startsWith('/rest/agile/1.0/issue/rank'));
      const ranked = rankWrites.flatMap((r) => (r.body as { issues: string[] }).issues);
      expect(ranked.length).toBeGreaterThanOrEqual(moves);
      expect(new Set(ranked).size).toBe(ranked.length);
      tally.add('resolverConfirms', results.length);
      tally.add('resolverStarted', started.length);
    } finally {
      await app.close();
    }
  }, 120_000);
});
