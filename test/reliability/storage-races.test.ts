/**
 * Guarantee: two POs saving the same PI's allocation at the same moment never lose each other's work. Exactly
 * one save wins; the other is told "changed by someone else ... reload"; the history keeps the winner's
 * version and the loser's refused attempt (its values, the version it was based on, the version that beat it).
 * Proved with the file store shared by two real processes, and with the Forge KVS adapter over an in-memory
 * KVS with Forge's conditional-write semantics (`keyPolicy: 'FAIL_IF_EXISTS'` -> 409 KEY_CONFLICT) under every
 * interleaving fast-check's scheduler picks.
 */

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { AppStore, FileStore, KvsStore, StaleVersionError } from '../../src/storage';
import type { AllocationHistoryDto, BalanceDto } from '../../src/contracts';
import { startApp } from './app';
import { scheduledKvs, sessionPercents, Tally } from './helpers';

const run = promisify(execFile);
const tally = new Tally();
afterAll(() => tally.write('storage-races'));

interface RoundResult {
  round: number;
  won: boolean;
  version?: number;
  message?: string;
}

describe('file store: two sessions in two processes save the same PI allocation at once', () => {
  const storeDir = mkdtempSync(path.join(os.tmpdir(), 'bb-alloc-store-'));
  const syncDir = mkdtempSync(path.join(os.tmpdir(), 'bb-alloc-sync-'));
  afterAll(() => {
    rmSync(storeDir, { recursive: true, force: true });
    rmSync(syncDir, { recursive: true, force: true });
  });

  it('exactly one wins each round, the other is told to reload, and history keeps both attempts', async () => {
    const rounds = 40;
    const worker = path.join(__dirname, 'save-worker.ts');
    const session = (who: string, other: string) =>
      run(process.execPath, ['--import', 'tsx', worker, storeDir, syncDir, who, other, String(rounds)], { cwd: path.join(__dirname, '../..') });
    const [a, b] = await Promise.all([session('a', 'b'), session('b', 'a')]);
    const parse = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as RoundResult);
    const results = { a: parse(a.stdout), b: parse(b.stdout) };
    expect(results.a).toHaveLength(rounds);
    expect(results.b).toHaveLength(rounds);

    const store = new AppStore(new FileStore(storeDir));
    const allocation = store.allocation('ORION', 'PI-2027.1');
    const history = await allocation.history();
    const rejected = await allocation.rejected();
    expect(history.map((h) => h.version)).toEqual(Array.from({ length: rounds }, (_, i) => i + 1));
    expect(rejected).toHaveLength(rounds);

    for (let round = 0; round < rounds; round += 1) {
      const mine = { a: results.a[round] as RoundResult, b: results.b[round] as RoundResult };
      // Exactly one of the two sessions won this round.
      expect(Number(mine.a.won) + Number(mine.b.won)).toBe(1);
      const winner = mine.a.won ? 'a' : 'b';
      const loser = winner === 'a' ? 'b' : 'a';
      expect(mine[winner].version).toBe(round + 1);
      expect(mine[loser].message).toMatch(/changed by someone else since you opened it .*reload/);
      // History: the winner's values as version round+1; the loser's attempt kept, not lost.
      expect(history[round]).toMatchObject({ version: round + 1, savedBy: winner, value: sessionPercents(winner, round) });
      const refused = rejected.filter((r) => r.baseVersion === round);
      expect(refused).toEqual([expect.objectContaining({ savedBy: loser, currentVersion: round + 1, value: sessionPercents(loser, round) })]);
      tally.add('fileRaces');
      tally.add(`fileWins.${winner}`);
    }
    expect((await allocation.latest())?.version).toBe(rounds);
    // The project's allocation history (what the panel shows) lists every winning save, newest first.
    expect((await store.allocationHistory('ORION', 'PI-2027.1')).map((h) => h.version)).toEqual(history.map((h) => h.version).reverse());
  }, 60_000);
});

describe('Forge KVS adapter: concurrent saves under every interleaving', () => {
  it('of N sessions that opened the same version, exactly one wins; the rest are told to reload and kept in history', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 0, max: 3 }), async (s, sessions, earlier) => {
        const kvs = scheduledKvs(s);
        const store = new AppStore(new KvsStore(kvs), () => new Date('2026-11-25T10:00:00Z'));
        const who = (i: number) => String.fromCharCode(97 + i);
        // `earlier` versions saved before the race (one after the other).
        for (let v = 0; v < earlier; v += 1) {
          await s.waitFor(store.allocation('VEGA', 'PI-2026.4').save(sessionPercents('a', v), v, 'setup', new Date()));
        }
        const attempts = Array.from({ length: sessions }, (_, i) =>
          store.allocation('VEGA', 'PI-2026.4').save(sessionPercents(who(i), i), earlier, who(i), new Date()),
        );
        const settled = await s.waitFor(Promise.allSettled(attempts));
        const winners = settled.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        expect(winners).toHaveLength(1);
        const winner = winners[0] as number;
        settled.forEach((r, i) => {
          if (i === winner) return;
          expect(r.status).toBe('rejected');
          const reason = (r as PromiseRejectedResult).reason as unknown;
          expect(reason).toBeInstanceOf(StaleVersionError);
          expect((reason as StaleVersionError).message).toMatch(/changed by someone else.*reload/);
          expect((reason as StaleVersionError).currentVersion).toBe(earlier + 1);
        });

        const allocation = store.allocation('VEGA', 'PI-2026.4');
        const latest = await s.waitFor(allocation.latest());
        expect(latest).toMatchObject({ version: earlier + 1, savedBy: who(winner), value: sessionPercents(who(winner), winner) });
        const history = await s.waitFor(allocation.history());
        expect(history.map((h) => h.version)).toEqual(Array.from({ length: earlier + 1 }, (_, i) => i + 1));
        const rejected = await s.waitFor(allocation.rejected());
        expect(rejected.map((r) => r.savedBy).sort()).toEqual(settled.flatMap((_, i) => (i === winner ? [] : [who(i)])).sort());
        rejected.forEach((r) => {
          const i = r.savedBy.charCodeAt(0) - 97;
          expect(r).toMatchObject({ baseVersion: earlier, currentVersion: earlier + 1, value: sessionPercents(r.savedBy, i) });
        });
        tally.add('kvsRaces');
        tally.add('kvsSessions', sessions);
      }),
      { numRuns: 300, seed: 99 },
    );
  }, 60_000);
});

describe('through the saveAllocation resolver: two sessions of POs save the same PI at once', () => {
  it('exactly one is saved; the other gets STALE "changed by someone else ... reload"; history keeps both', async () => {
    const app = await startApp({ site: { scale: 300 } });
    try {
      const po = app.site.po;
      const balance = await app.call<BalanceDto>('panel', po, 'getBalance', {});
      if (!balance.ok) throw new Error(balance.error.message);
      const { pi, allocation } = balance.data;
      const mine = { feature: 50, enabler: 20, maintenance: 10, techDebt: 10, improvement: 10 };
      const theirs = { feature: 40, enabler: 20, maintenance: 20, techDebt: 10, improvement: 10 };
      const [a, b] = await Promise.all([
        app.call('panel', po, 'saveAllocation', { piId: pi.id, percents: mine, baseVersion: allocation.version }),
        app.call('panel', po, 'saveAllocation', { piId: pi.id, percents: theirs, baseVersion: allocation.version }),
      ]);
      const results = [a, b];
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const lost = results.find((r) => !r.ok);
      expect(lost).toEqual({ ok: false, error: expect.objectContaining({ code: 'STALE', message: expect.stringMatching(/changed by someone else.*reload/) }) });
      const winner = a.ok ? mine : theirs;
      const loser = a.ok ? theirs : mine;
      const record = app.platform.store.allocation('ORION', pi.id);
      expect((await record.history()).map((h) => h.value)).toEqual([winner]);
      expect((await record.rejected()).map((r) => ({ value: r.value, base: r.baseVersion }))).toEqual([{ value: loser, base: allocation.version }]);
      const history = await app.call<AllocationHistoryDto>('panel', po, 'getAllocationHistory', { piId: pi.id });
      expect(history.ok && history.data.entries.map((e) => e.percents)).toEqual([winner]);
      tally.add('resolverRaces');
    } finally {
      await app.close();
    }
  }, 60_000);
});
