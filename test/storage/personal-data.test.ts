import { MemoryStore, AppStore, storedAccounts } from '../../src/storage';
import { createLocalPlatform } from '../../src/platform';
import { REPORT_BATCH, reportAndErasePersonalData } from '../../src/jobs/personal-data';

it('reports at most 90 accounts per call, each once with its latest update, and erases only the closed ones', async () => {
  const kv = new MemoryStore();
  const store = new AppStore(kv, () => new Date('2026-11-20T10:00:00Z'));
  const accounts = Array.from({ length: 200 }, (_, i) => `557058:user-${String(i).padStart(3, '0')}`);
  for (const [i, accountId] of accounts.entries()) {
    if (i < 100) await store.putToken(`tok-${i}`, { kind: 'trimTail', projectKey: 'ORION', accountId, payload: {} }, 60_000);
    await store.allocation('ORION', 'PI-1').save({ feature: 100 }, i, accountId, new Date(Date.UTC(2026, 10, 1, 0, i)));
  }
  await store.writeBacklogSnapshot('ORION', accounts[7]!, 3, { issues: [] });

  const platform = createLocalPlatform({ baseUrl: 'http://127.0.0.1:1', users: [], kv, now: () => new Date('2026-11-20T10:00:00Z') });
  const calls: number[] = [];
  const outcome = await reportAndErasePersonalData(platform, async (batch) => {
    calls.push(batch.length);
    return batch.filter((a) => a.accountId === accounts[7] || a.accountId === accounts[150]).map((a) => ({ accountId: a.accountId, status: 'closed' as const }));
  });
  expect(calls).toEqual([REPORT_BATCH, REPORT_BATCH, 20]);
  expect(outcome).toMatchObject({ reported: 200, closed: [accounts[150], accounts[7]].sort() });

  const after = await storedAccounts(kv, new Date('2026-11-20T10:00:00Z'));
  expect(after.map((a) => a.accountId)).toEqual(accounts.filter((a) => a !== accounts[7] && a !== accounts[150]));
  // Account 160 only saved an allocation (at 02:40 on Nov 1st); account 42 also holds a token, which has no
  // time of its own and counts as written now.
  expect(after.find((a) => a.accountId === accounts[160])?.updatedAt).toBe('2026-11-01T02:40:00.000Z');
  expect(after.find((a) => a.accountId === accounts[42])?.updatedAt).toBe('2026-11-20T10:00:00.000Z');
  expect(await store.readBacklogSnapshot('ORION', accounts[7]!, 3)).toBeUndefined();
  expect((await store.allocationHistory('ORION', 'PI-1')).find((v) => v.version === 8)?.savedBy).toBe('erased-account');
});
