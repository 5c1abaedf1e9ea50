/**
 * Guarantee: renaming (or removing) a work type never orphans its share. While a saved allocation of a PI
 * that has not ended gives the old id a share, the settings save is refused, naming the type, the PI and the
 * share to move first; renaming only the type's display name keeps the id and saves.
 */

import type { BalanceDto, ProjectSettingsDto } from '../../src/contracts';
import { ok, startApp } from './app';
import { Tally } from './helpers';

const tally = new Tally();
afterAll(() => tally.write('rename'));

/** The settings with work type `from` renamed to `to` everywhere it is named (types, rules, default, allocation). */
function renamed<T>(settings: T, from: string, to: string): T {
  return JSON.parse(JSON.stringify(settings).replaceAll(`"${from}"`, `"${to}"`)) as T;
}

describe('renaming a work type with a saved allocation', () => {
  it('is refused while the allocation names the old id; renaming the display name saves', async () => {
    const app = await startApp({ site: { scale: 300 } });
    try {
      const po = app.site.po;
      const balance = ok(await app.call<BalanceDto>('panel', po, 'getBalance', {}));
      const types = balance.workTypes.map((w) => w.id);
      const victim = types.find((t) => t !== types[0]) as string;
      const percents = Object.fromEntries(types.map((t, i) => [t, i === 0 ? 100 - 20 * 1 : t === victim ? 20 : 0]));
      ok(await app.call('panel', po, 'saveAllocation', { piId: balance.pi.id, percents, baseVersion: balance.allocation.version }));

      const current = ok(await app.call<ProjectSettingsDto>('settings', po, 'getProjectSettings', {}));
      const refused = await app.call('settings', po, 'saveProjectSettings', { settings: renamed(current.settings, victim, 'defects'), baseVersion: current.version });
      expect(refused).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'INVALID_INPUT', field: 'workTypes', message: expect.stringMatching(new RegExp(`"${balance.workTypes.find((w) => w.id === victim)?.name}".*20%.*${balance.pi.name}`)) }),
      });
      // Nothing saved: the Balance still shows the share where it was.
      const after = ok(await app.call<BalanceDto>('panel', po, 'getBalance', {}));
      expect(after.rows.find((r) => r.workType === victim)?.targetPct).toBe(20);
      tally.add('renamesRefused');

      // A new display name keeps the id: saved, and the share stays with the type.
      const relabelled = { ...current.settings, workTypes: current.settings.workTypes.map((w) => (w.id === victim ? { ...w, name: 'Defects' } : w)) };
      ok(await app.call('settings', po, 'saveProjectSettings', { settings: relabelled, baseVersion: current.version }));
      const relabelledBalance = ok(await app.call<BalanceDto>('panel', po, 'getBalance', {}));
      expect(relabelledBalance.workTypes.find((w) => w.id === victim)?.name).toBe('Defects');
      expect(relabelledBalance.rows.find((r) => r.workType === victim)?.targetPct).toBe(20);

      // Once the share is moved off it, the rename saves.
      const moved = Object.fromEntries(types.map((t, i) => [t, i === 0 ? 100 : 0]));
      ok(await app.call('panel', po, 'saveAllocation', { piId: balance.pi.id, percents: moved, baseVersion: relabelledBalance.allocation.version }));
      const latest = ok(await app.call<ProjectSettingsDto>('settings', po, 'getProjectSettings', {}));
      ok(await app.call('settings', po, 'saveProjectSettings', { settings: renamed(latest.settings, victim, 'defects'), baseVersion: latest.version }));
      tally.add('renamesSaved');
    } finally {
      await app.close();
    }
  }, 60_000);
});
