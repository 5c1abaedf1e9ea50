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
