/**
 * The field-sync record names an account (whose read the WSJF and Readiness values come from): it is reported
 * to Forge's personal data reporting and erased like every other record; a project whose account was erased
 * gets no sync from a Jira event until a user changes something there again.
 */
import { eraseAccounts, ERASED_ACCOUNT, fieldSyncProjects, MemoryStore, readFieldSync, storedAccounts, writeFieldSync } from '../../src/storage';

it('reports the account, erases it when closed, and lists the project for the nightly run', async () => {
  const kv = new MemoryStore();
  await writeFieldSync(kv, 'ORION', { accountId: 'acc-1', updatedAt: '2026-11-20T09:00:00.000Z', pendingUntil: null });
  await writeFieldSync(kv, 'VEGA', { accountId: 'acc-2', updatedAt: '2026-11-19T09:00:00.000Z' });
  await writeFieldSync(kv, 'ORION', { accountId: 'acc-1', updatedAt: '2026-11-21T09:00:00.000Z' });
  expect(await fieldSyncProjects(kv)).toEqual(['ORION', 'VEGA']);
  expect(await storedAccounts(kv, new Date('2026-12-01T00:00:00Z'))).toEqual([
    { accountId: 'acc-1', updatedAt: '2026-11-21T09:00:00.000Z' },
    { accountId: 'acc-2', updatedAt: '2026-11-19T09:00:00.000Z' },
  ]);
  await eraseAccounts(kv, new Set(['acc-1']));
  expect((await readFieldSync(kv, 'ORION'))?.accountId).toBe(ERASED_ACCOUNT);
  expect((await storedAccounts(kv, new Date('2026-12-01T00:00:00Z'))).map((a) => a.accountId)).toEqual(['acc-2']);
});
