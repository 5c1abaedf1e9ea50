/**
 * Guarantee (settings part of "every record read is validated"): a stored settings record of an older shape
 * (a field missing) is read with that field's default instead of failing every panel read; one that cannot
 * be read (a field of the wrong type) fails with a message naming the field and what to do, not "Something
 * went wrong".
 */

import type { BacklogDto } from '../../src/contracts';
import type { ProjectSettings } from '../../src/storage';
import { startApp } from './app';

describe('a stored settings record of another shape', () => {
  it('missing a field: read with its default; with a field of the wrong type: a message naming it', async () => {
    const app = await startApp({ site: { scale: 300 } });
    try {
      const po = app.site.po;
      const { settings } = await app.platform.store.effectiveSettings('ORION');
      const saved = await app.platform.store.projectSettings('ORION').save(settings, 0, po.accountId, new Date());
      // An older release wrote it without `staleDays` (and `dor`).
      const key = 'proj:ORION:settings:v000001';
      const stored = (await app.kv.get<{ value: Partial<ProjectSettings> }>(key)) as { value: Partial<ProjectSettings> };
      delete stored.value.staleDays;
      delete stored.value.dor;
      await app.kv.set(key, stored);
      expect(saved.version).toBe(1);
      const backlog = await app.call<BacklogDto>('panel', po, 'getBacklog', {});
      expect(backlog.ok).toBe(true);
      expect((await app.platform.store.effectiveSettings('ORION')).settings.staleDays).toBe(settings.staleDays);

      // Damaged: a field of the wrong type.
      await app.kv.set(key, { ...stored, value: { ...stored.value, staleDays: 'soon' } });
      const refused = await app.call<BacklogDto>('panel', po, 'getBacklog', {});
      expect(refused).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'NOT_CONFIGURED', message: expect.stringMatching(/settings of ORION.*stale days.*Settings/i) }),
      });
    } finally {
      await app.close();
    }
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------------------
// Allocations, jobs and tokens: checked when read, a schema version in each record, the unversioned shape
// (what releases before the version wrote) migrated.

import type { AllocationHistoryDto, BalanceDto as Balance, JobDto, JobRef, RefinementDto, TrimPreviewDto, Result } from '../../src/contracts';
import { runJob } from '../../src/jobs/run-job';
import { RECORD_SCHEMA_VERSION } from '../../src/storage';
import { ok, type App } from './app';
import { Tally } from './helpers';

const tally = new Tally();
afterAll(() => tally.write('stored-records'));

/** A resolver's answer is fine, or a typed error a person can act on: never "Something went wrong". */
function neverInternal(result: Result<unknown>, what: string): void {
  if (!result.ok) expect({ what, code: result.error.code }).not.toEqual({ what, code: 'INTERNAL' });
  tally.add('readsOfDamagedRecords');
}

async function currentPiOf(app: App): Promise<Balance> {
  return ok(await app.call<Balance>('panel', app.site.po, 'getBalance', {}));
}

/** Shares of 100% over the team's work types: the first gets `first`, the second the rest. */
function shares(balance: Balance, first: number): Record<string, number> {
  const types = balance.workTypes.map((w) => w.id);
  return Object.fromEntries(types.map((t, i) => [t, i === 0 ? first : i === 1 ? 100 - first : 0]));
}

const allocKey = (piId: string, version: number) => `proj:ORION:alloc:${piId}:v${String(version).padStart(6, '0')}`;

describe('records written now carry their schema version', () => {
  it('an allocation save, a preview token and a job record each say which schema they follow', async () => {
    const app = await startApp({ site: { scale: 300 } });
    try {
      const po = app.site.po;
      const balance = await currentPiOf(app);
      ok(await app.call('panel', po, 'saveAllocation', { piId: balance.pi.id, percents: shares(balance, 70), baseVersion: balance.allocation.version }));
      const refinement = ok(await app.call<RefinementDto>('panel', po, 'getRefinement', {}));
      ok(await app.call('panel', po, 'moveToTail', { keys: refinement.tailCandidates.slice(0, 2).map((t) => (typeof t[0] === 'number' ? `ORION-${t[0]}` : t[0])) }));
      const preview = ok(await app.call<TrimPreviewDto>('panel', po, 'previewTrim', {}));
      const token = await app.kv.get<{ schema?: number }>(`token:ORION:${preview.token}`);
      expect(token?.schema).toBe(RECORD_SCHEMA_VERSION.token);
      const { jobId } = ok(await app.call<JobRef>('panel', po, 'trimTail', { token: preview.token }));
      await app.platform.idle();
      expect((await app.kv.get<{ schema?: number }>(`job:${jobId}`))?.schema).toBe(RECORD_SCHEMA_VERSION.job);
      expect((await app.kv.get<{ schema?: number }>(allocKey(balance.pi.id, 1)))?.schema).toBe(RECORD_SCHEMA_VERSION.allocation);
    } finally {
      await app.close();
    }
  }, 60_000);
});

describe('allocations read back', () => {
  it('the unversioned shape of earlier releases is read as before (migrated)', async () => {
    const app = await startApp({ site: { scale: 300 } });
    try {
      const balance = await currentPiOf(app);
      const percents = shares(balance, 60);
      await app.kv.set(allocKey(balance.pi.id, 1), { version: 1, value: percents, savedBy: app.site.po.accountId, savedAt: '2026-11-20T10:00:00.000Z' });
      const read = await currentPiOf(app);
      expect(read.allocation).toMatchObject({ version: 1, isDefault: false });
      expect(read.allocation.percents).toMatchObject(percents);
      expect(read.allocation.problem).toBeUndefined();
      const history = ok(await app.call<AllocationHistoryDto>('panel', app.site.po, 'getAllocationHistory', { piId: balance.pi.id }));
      expect(history.entries.map((e) => e.version)).toEqual([1]);
      tally.add('unversionedAllocationsRead');
    } finally {
      await app.close();
    }
  }, 60_000);

  it('repaired where the meaning is clear (a numeric string, a null share beside 100%); else the last readable save is shown, the message names the PI and version, and saving again works', async () => {
    const app = await startApp({ site: { scale: 300 } });
    try {
      const po = app.site.po;
      const balance = await currentPiOf(app);
      const [first, second] = balance.workTypes.map((w) => w.id) as [string, string];
      ok(await app.call('panel', po, 'saveAllocation', { piId: balance.pi.id, percents: shares(balance, 70), baseVersion: 0 }));
      ok(await app.call('panel', po, 'saveAllocation', { piId: balance.pi.id, percents: shares(balance, 40), baseVersion: 1 }));
      const v2 = (await app.kv.get<{ value: Record<string, unknown> }>(allocKey(balance.pi.id, 2))) as { value: Record<string, unknown> };

      // A share stored as "40" and a null one beside shares of 100%: read as 40 and 0.
      const third = balance.workTypes[2]?.id ?? 'none';
      await app.kv.set(allocKey(balance.pi.id, 2), { ...v2, value: { ...v2.value, [first]: '40', [third]: null } });
      const repaired = await currentPiOf(app);
      expect(repaired.allocation).toMatchObject({ version: 2 });
      expect(repaired.allocation.percents[first]).toBe(40);
      expect(repaired.allocation.problem).toBeUndefined();
      tally.add('allocationsRepaired');

      // A null share where the others make 60%: what was meant cannot be told.
      await app.kv.set(allocKey(balance.pi.id, 2), { ...v2, value: { ...v2.value, [first]: null } });
      const damaged = await currentPiOf(app);
      expect(damaged.allocation.percents[first]).toBe(70);
      expect(damaged.allocation.percents[second]).toBe(30);
      expect(damaged.allocation.version).toBe(2);
      expect(damaged.allocation.problem).toMatch(new RegExp(`allocation of ${balance.pi.name.replace('.', '\\.')}.*version 2.*cannot be read.*save`, 'i'));
      const history = ok(await app.call<AllocationHistoryDto>('panel', po, 'getAllocationHistory', { piId: balance.pi.id }));
      expect(history.entries.map((e) => e.version)).toEqual([1]);
      // Saving from what is shown replaces it.
      ok(await app.call('panel', po, 'saveAllocation', { piId: balance.pi.id, percents: shares(balance, 50), baseVersion: damaged.allocation.version }));
      const fixed = await currentPiOf(app);
      expect(fixed.allocation).toMatchObject({ version: 3 });
      expect(fixed.allocation.problem).toBeUndefined();
      tally.add('allocationsRefusedAndResaved');
    } finally {
      await app.close();
    }
  }, 60_000);

  it('no damaged allocation record crashes a read: Balance, Fill, history and the next save answer', async () => {
    const app = await startApp({ site: { scale: 300 } });
    try {
      const po = app.site.po;
      const balance = await currentPiOf(app);
      ok(await app.call('panel', po, 'saveAllocation', { piId: balance.pi.id, percents: shares(balance, 70), baseVersion: 0 }));
      const good = (await app.kv.get<Record<string, unknown>>(allocKey(balance.pi.id, 1))) as Record<string, unknown>;
      const variants: unknown[] = [
        null, 'text', 42, [], {}, { version: 1 }, { ...good, value: null }, { ...good, value: [] }, { ...good, value: 'x' },
        { ...good, value: { a: -5, b: 105 } }, { ...good, value: { [balance.workTypes[0]!.id]: 1e309 } }, { ...good, savedAt: 42 },
        { ...good, savedBy: null }, { ...good, version: 'one' }, { ...good, schema: 99, value: { weird: true } }, { ...good, schema: 'x' },
      ];
      for (const variant of variants) {
        await app.kv.set(allocKey(balance.pi.id, 1), variant);
        const read = await app.call<Balance>('panel', po, 'getBalance', {});
        expect(read.ok).toBe(true);
        neverInternal(read, `getBalance ${JSON.stringify(variant)}`);
        neverInternal(await app.call('panel', po, 'getFill', {}), 'getFill');
        neverInternal(await app.call('panel', po, 'getAllocationHistory', {}), 'getAllocationHistory');
        neverInternal(await app.call('settings', po, 'getProjectSettings', {}), 'getProjectSettings');
      }
      // The next save goes on top of the damaged version.
      ok(await app.call('panel', po, 'saveAllocation', { piId: balance.pi.id, percents: shares(balance, 60), baseVersion: 1 }));
    } finally {
      await app.close();
    }
  }, 120_000);
});

/** A job record as releases before the schema version wrote it. */
function unversionedJob(jobId: string, accountId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    jobId, kind: 'trimTail', state: 'done', done: 2, total: 2, message: 'Done: 2 issues changed', changed: ['ORION-1', 'ORION-2'], failed: [], error: null,
    updatedAt: '2026-11-25T08:59:00.000Z', projectKey: 'ORION', accountId, input: { keys: ['ORION-1', 'ORION-2'] }, ...over,
  };
}

describe('jobs read back', () => {
  it('an unversioned record polls as before; a damaged one answers with a message, never blocks the write slot, and its consumer writes nothing', async () => {
    const app = await startApp({ site: { scale: 300 } });
    try {
      const po = app.site.po;
      await app.kv.set('job:old-1', unversionedJob('old-1', po.accountId));
      expect(ok(await app.call<JobDto>('panel', po, 'getJob', { jobId: 'old-1' }))).toMatchObject({ state: 'done', done: 2, changed: ['ORION-1', 'ORION-2'] });
      // Older still: without `changed`, `failed` and `error` (read with empty lists).
      const { changed: _c, failed: _f, error: _e, ...older } = unversionedJob('old-2', po.accountId);
      await app.kv.set('job:old-2', older);
      expect(ok(await app.call<JobDto>('panel', po, 'getJob', { jobId: 'old-2' }))).toMatchObject({ state: 'done', changed: [], failed: [], error: null });
      tally.add('unversionedJobsRead');

      const damaged: Record<string, unknown>[] = [
        unversionedJob('bad', po.accountId, { state: 42 }),
        unversionedJob('bad', po.accountId, { state: 'running', stepsDone: 'three' }),
        unversionedJob('bad', po.accountId, { kind: 'explode', state: 'running' }),
        unversionedJob('bad', po.accountId, { changed: 'ORION-1', state: 'running' }),
        unversionedJob('bad', po.accountId, { projectKey: null, state: 'queued' }),
        { jobId: 'bad' },
      ];
      for (const record of damaged) {
        await app.kv.set('job:bad', record);
        const polled = await app.call<JobDto>('panel', po, 'getJob', { jobId: 'bad' });
        neverInternal(polled, `getJob ${JSON.stringify(record)}`);
        expect(polled).toEqual({ ok: false, error: expect.objectContaining({ message: expect.stringMatching(/cannot be read.*preview again/i) }) });
        // As the write slot's holder it blocks nothing.
        await app.kv.set('proj:ORION:writer:g00000001', { jobId: 'bad' });
        await app.kv.set('proj:ORION:writer:head', 1);
        const before = app.site.requestLog.length;
        await expect(runJob(app.platform, { jobId: 'bad', kind: 'trimTail', projectKey: 'ORION', accountId: po.accountId })).resolves.toBeUndefined();
        expect(app.site.requestLog.slice(before).filter((r) => r.method !== 'GET' && !r.path.includes('/search')).length).toBe(0);
        tally.add('damagedJobsRefused');
      }
      const refinement = ok(await app.call<RefinementDto>('panel', po, 'getRefinement', {}));
      ok(await app.call('panel', po, 'moveToTail', { keys: refinement.tailCandidates.slice(0, 2).map((t) => (typeof t[0] === 'number' ? `ORION-${t[0]}` : t[0])) }));
      const preview = ok(await app.call<TrimPreviewDto>('panel', po, 'previewTrim', {}));
      ok(await app.call<JobRef>('panel', po, 'trimTail', { token: preview.token }));
      await app.platform.idle();
    } finally {
      await app.close();
    }
  }, 120_000);
});

describe('tokens read back', () => {
  it('an unversioned token confirms; a damaged one asks to preview again, and is gone', async () => {
    const app = await startApp({ site: { scale: 300 } });
    try {
      const po = app.site.po;
      const refinement = ok(await app.call<RefinementDto>('panel', po, 'getRefinement', {}));
      ok(await app.call('panel', po, 'moveToTail', { keys: refinement.tailCandidates.slice(0, 2).map((t) => (typeof t[0] === 'number' ? `ORION-${t[0]}` : t[0])) }));
      const damage: ((token: Record<string, unknown>) => unknown)[] = [
        () => null,
        () => 'text',
        (t) => ({ ...t, payload: null }),
        (t) => ({ ...t, expiresAt: 'tomorrow' }),
        (t) => ({ ...t, kind: 7 }),
        (t) => ({ ...t, schema: 99, payload: 'x' }),
      ];
      for (const change of damage) {
        const preview = ok(await app.call<TrimPreviewDto>('panel', po, 'previewTrim', {}));
        const key = `token:ORION:${preview.token}`;
        await app.kv.set(key, change((await app.kv.get<Record<string, unknown>>(key)) as Record<string, unknown>));
        const refused = await app.call('panel', po, 'trimTail', { token: preview.token });
        neverInternal(refused, 'trimTail');
        expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFIRMATION_EXPIRED', message: expect.stringMatching(/preview again/) }) });
        expect(await app.kv.get(key)).toBeUndefined();
        tally.add('damagedTokensRefused');
      }
      // What releases before the version wrote: no `schema`.
      const preview = ok(await app.call<TrimPreviewDto>('panel', po, 'previewTrim', {}));
      const key = `token:ORION:${preview.token}`;
      const { schema: _s, ...unversioned } = (await app.kv.get<Record<string, unknown>>(key)) as Record<string, unknown>;
      await app.kv.set(key, unversioned);
      const { jobId } = ok(await app.call<JobRef>('panel', po, 'trimTail', { token: preview.token }));
      await app.platform.idle();
      expect(ok(await app.call<JobDto>('panel', po, 'getJob', { jobId })).state).toBe('done');
      tally.add('unversionedTokensConfirmed');
    } finally {
      await app.close();
    }
  }, 120_000);
});
