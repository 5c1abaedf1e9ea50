/**
 * The app's WSJF and Readiness fields follow the panel and Jira: a score set in the panel is written to the
 * issue's WSJF field and found by JQL in order; an edit made in Jira reaches the fields through the
 * issue-updated trigger; the nightly catch-up fixes what an event missed; only changed values are written.
 */
jest.setTimeout(60_000);

import { APP_FIELDS } from '../demo-site';
import { createPanelResolver, createSettingsResolver } from '../../src/resolvers';
import { DorGap, type BacklogDto, type I18nMessage, type IssueRef, type ProjectSettingsDto } from '../../src/contracts';
import { englishText } from '../../src/contracts/messages';
import germanCatalog from '../../locales/de-DE.json';
import { makeTranslator } from '../../static/shared/format';
import { localText } from '../../static/shared/errorText';
import { readinessText, type ReadyGapType } from '../../src/domain';
import { onIssueUpdated, queueNightlyFieldSyncs } from '../../src/jobs/field-sync';
import type { RequestJira } from '../../src/jira';
import { caller, data, editInJira, forgetLoadedBacklogs, startWorld, type World } from './helpers';

const WSJF = APP_FIELDS.wsjf.id;
const READINESS = APP_FIELDS.readiness.id;

/** Every app field value request the app sent, with its body. */
const appWrites: { issueIds: number[]; customField: string; value: unknown }[][] = [];
const watchApp = (port: RequestJira, accountId: string): RequestJira => async (path, init) => {
  if (accountId === 'app' && path.value.startsWith('/rest/api/3/app/field/value')) {
    appWrites.push((JSON.parse(init?.body ?? '{}') as { updates: { issueIds: number[]; customField: string; value: unknown }[] }).updates);
  }
  return port(path, init);
};

let world: World;
let call: ReturnType<typeof caller>;
beforeAll(async () => {
  world = await startWorld({ withApp: true, wrapJira: watchApp });
  call = caller(createPanelResolver(world.platform).getDefinitions());
});
afterAll(() => world.site.close());
beforeEach(async () => {
  world.site.reset();
  await forgetLoadedBacklogs(world.platform);
  for (const { key } of await world.platform.store.kv.listByPrefix('proj:')) if (key.endsWith(':field-sync')) await world.platform.store.kv.delete(key);
  appWrites.length = 0;
});

const keyOf = (ref: IssueRef) => (typeof ref === 'number' ? `ORION-${ref}` : ref);
const GAPS: [number, ReadyGapType][] = [
  [DorGap.NO_ESTIMATE, 'noEstimate'],
  [DorGap.OVER_SPLIT_LIMIT, 'overSplitLimit'],
  [DorGap.NO_ACCEPTANCE_CRITERIA, 'noAcceptanceCriteria'],
  [DorGap.EXTERNAL_BLOCKER, 'externalBlocker'],
  [DorGap.NO_WSJF, 'noWsjf'],
];
const readinessOfRow = (bits: number) => readinessText(GAPS.filter(([bit]) => (bits & bit) !== 0).map(([, type]) => ({ type })));
const fieldsOf = (key: string) => world.site.view.issue(key)?.appValues ?? {};

async function search(jql: string): Promise<{ key: string; fields: Record<string, unknown> }[]> {
  const reply = await fetch(`${world.site.baseUrl}/rest/api/3/search/jql`, {
    method: 'POST',
    headers: { authorization: world.site.po.authorization, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ jql, fields: [WSJF, READINESS], maxResults: 100 }),
  });
  expect(reply.status).toBe(200);
  return ((await reply.json()) as { issues: { key: string; fields: Record<string, unknown> }[] }).issues;
}

/** The score a row gets when scored 20/20/20/1 in the panel, and the key of a row with nothing remarkable. */
async function scoreTop(): Promise<string> {
  const backlog = data(await call<BacklogDto>(world.site.po, 'getBacklog', {}));
  const key = keyOf(backlog.rows[backlog.rows.length - 1]![0]);
  data(await call(world.site.po, 'scoreWsjf', { items: [{ key, businessValue: 20, timeCriticality: 20, riskReduction: 20, jobSize: 1 }] }));
  await world.platform.idle();
  return key;
}

it('a score set in the panel is written to the WSJF field and JQL finds the issue first; every item holds what the Backlog tab shows', async () => {
  expect(await search('project = ORION AND "WSJF" > 5')).toEqual([]);
  const key = await scoreTop();

  const found = await search('project = ORION AND "WSJF" > 5 ORDER BY "WSJF" DESC');
  expect(found[0]).toMatchObject({ key, fields: { [WSJF]: 60, [READINESS]: expect.any(String) } });
  const scores = found.map((i) => i.fields[WSJF] as number);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  expect(scores.every((s) => s > 5)).toBe(true);

  // Each backlog row's WSJF (as shown, two decimals) and readiness are in its issue's fields.
  const backlog = data(await call<BacklogDto>(world.site.po, 'getBacklog', {}));
  expect(backlog.rows.length).toBeGreaterThan(20);
  for (const row of backlog.rows) {
    const held = fieldsOf(keyOf(row[0]));
    expect([keyOf(row[0]), held.wsjf ?? null, held.readiness]).toEqual([keyOf(row[0]), row[9], readinessOfRow(row[10])]);
  }
  const ready = await search('project = ORION AND Readiness = "Ready"');
  expect(ready.map((i) => i.key).sort()).toEqual(backlog.rows.filter((r) => r[10] === 0).map((r) => keyOf(r[0])).sort());
});

it('writes only what changed, in requests of at most 100 values, grouped by value', async () => {
  await scoreTop();
  const first = appWrites.flat();
  expect(first.length).toBeGreaterThan(0);
  for (const request of appWrites) expect(request.reduce((n, u) => n + u.issueIds.length, 0)).toBeLessThanOrEqual(100);
  appWrites.length = 0;

  // A second score on one item: only its WSJF changes (its readiness stays), so one value is written.
  const backlog = data(await call<BacklogDto>(world.site.po, 'getBacklog', {}));
  const row = backlog.rows.find((r) => r[9] !== null && r[9] !== 60)!;
  const key = keyOf(row[0]);
  data(await call(world.site.po, 'scoreWsjf', { items: [{ key, businessValue: 13, timeCriticality: 8, riskReduction: 5, jobSize: 2 }] }));
  await world.platform.idle();
  expect(appWrites.flat()).toEqual([{ customField: WSJF, issueIds: [Number(world.site.view.issue(key)!.id)], value: 13 }]);
  expect(fieldsOf(key).wsjf).toBe(13);
});

it('a 429 or 503 on the field write waits and sends it again: every value lands once', async () => {
  world.site.faults.rateLimit(2, { pathPrefix: '/rest/api/3/app/field/value' });
  const key = await scoreTop();
  expect(fieldsOf(key).wsjf).toBe(60);
  const requests = world.site.requestLog.filter((r) => r.path === '/rest/api/3/app/field/value');
  expect(requests.map((r) => r.status).slice(0, 2)).toEqual([429, 429]);
  expect(requests.filter((r) => r.status === 204).length).toBeGreaterThan(0);
  world.site.faults.serverError(1, { pathPrefix: '/rest/api/3/app/field/value', status: 503 });
  await editInJira(world.site, key, { [`customfield_10033`]: 2 });
  await onIssueUpdated(world.platform, { issue: { key, fields: { project: { key: 'ORION' } } } });
  await world.platform.idle();
  expect(fieldsOf(key).wsjf).toBe(30);
});

it('an edit made in Jira reaches the field through the issue-updated trigger, once for a burst of edits', async () => {
  const scored = await scoreTop();
  expect(fieldsOf(scored).wsjf).toBe(60);
  appWrites.length = 0;
  // Someone lowers the business value in Jira; the trigger fires once per edit.
  await editInJira(world.site, scored, { [`customfield_10030`]: 1 });
  await editInJira(world.site, scored, { [`customfield_10031`]: 1 });
  const event = { issue: { key: scored, fields: { project: { key: 'ORION' } } } };
  const queued = [await onIssueUpdated(world.platform, event), await onIssueUpdated(world.platform, event)];
  expect(queued).toEqual([true, false]);
  await world.platform.idle();
  expect(fieldsOf(scored).wsjf).toBe(22);
  expect((await search('project = ORION AND "WSJF" > 30')).map((i) => i.key)).not.toContain(scored);
  expect(appWrites).toHaveLength(1);

  // An estimate removed in Jira: the Readiness field says so.
  await editInJira(world.site, scored, { [world.site.view.pointsFieldId()]: null });
  await onIssueUpdated(world.platform, event);
  await world.platform.idle();
  expect(fieldsOf(scored).readiness).toMatch(/^Not ready: no estimate/);
  expect((await search(`project = ORION AND Readiness ~ "no estimate"`)).map((i) => i.key)).toContain(scored);
});

it('an event for a project the app keeps no fields for queues nothing', async () => {
  expect(await onIssueUpdated(world.platform, { issue: { key: 'VEGA-3', fields: { project: { key: 'VEGA' } } } })).toBe(false);
  expect(await onIssueUpdated(world.platform, { issue: { key: 'not a key' } })).toBe(false);
  await world.platform.idle();
  expect(appWrites).toHaveLength(0);
});

it('the nightly catch-up fixes a value whose event was missed', async () => {
  const scored = await scoreTop();
  await editInJira(world.site, scored, { [`customfield_10033`]: 20 });
  // No event reached the app: the field still says 60.
  expect(fieldsOf(scored).wsjf).toBe(60);
  appWrites.length = 0;
  expect(await queueNightlyFieldSyncs(world.platform)).toEqual(['ORION']);
  await world.platform.idle();
  expect(fieldsOf(scored).wsjf).toBe(3);
  expect(appWrites.flat()).toEqual([{ customField: WSJF, issueIds: [Number(world.site.view.issue(scored)!.id)], value: 3 }]);
  // Run again with nothing changed: nothing is written.
  appWrites.length = 0;
  await queueNightlyFieldSyncs(world.platform);
  await world.platform.idle();
  expect(appWrites).toHaveLength(0);
});

describe('Settings says how the fields are kept, and what to do when they cannot be written', () => {
  const settingsOf = async (w: World) => {
    const settings = caller(createSettingsResolver(w.platform).getDefinitions());
    return data(await settings<ProjectSettingsDto>(w.site.po, 'getProjectSettings', {})).fieldSync;
  };
  const scoreOn = async (w: World) => {
    const panel = caller(createPanelResolver(w.platform).getDefinitions());
    const backlog = data(await panel<BacklogDto>(w.site.po, 'getBacklog', {}));
    data(await panel(w.site.po, 'scoreWsjf', { items: [{ key: keyOf(backlog.rows[0]![0]), businessValue: 13, timeCriticality: 13, riskReduction: 13, jobSize: 3 }] }));
    await w.platform.idle();
  };

  it('the app fields are never offered as fields to map (they are its output)', async () => {
    const settings = caller(createSettingsResolver(world.platform).getDefinitions());
    const dto = data(await settings<ProjectSettingsDto>(world.site.po, 'getProjectSettings', {}));
    expect(dto.availableFields.length).toBeGreaterThan(5);
    expect(dto.availableFields.map((f) => f.id)).not.toContain(WSJF);
    expect(dto.availableFields.map((f) => f.id)).not.toContain(READINESS);
  });

  it('never, then when they were last updated and how many values changed', async () => {
    expect(await settingsOf(world)).toEqual({ state: 'never', at: null, written: 0 });
    await scoreTop();
    const sync = await settingsOf(world);
    expect(sync).toEqual({ state: 'ok', at: '2026-11-20T09:00:00.000Z', written: expect.any(Number) });
    expect(sync?.written).toBeGreaterThan(20);
  });

  it('a site without the fields (the app version declaring them not installed): notCreated, nothing sent as the app', async () => {
    const bare = await startWorld({ withApp: true, quirks: { noAppFields: true }, wrapJira: watchApp });
    try {
      appWrites.length = 0;
      await scoreOn(bare);
      expect(await settingsOf(bare)).toEqual({ state: 'notCreated', at: expect.any(String), written: 0 });
      expect(appWrites).toEqual([]);
    } finally {
      await bare.site.close();
    }
  });

  it('Jira refusing the app: forbidden, with Jira\'s words', async () => {
    const refusing = (port: RequestJira, accountId: string): RequestJira => async (path, init) => {
      if (accountId !== 'app') return port(path, init);
      const body = JSON.stringify({ errorMessages: ['The app may not update this field.'], errors: {} });
      return { status: 403, headers: { get: () => null }, json: async () => JSON.parse(body) as unknown, text: async () => body };
    };
    const refused = await startWorld({ withApp: true, wrapJira: refusing });
    try {
      await scoreOn(refused);
      expect(await settingsOf(refused)).toEqual({ state: 'forbidden', at: expect.any(String), written: 0, detail: 'The app may not update this field.' });
    } finally {
      await refused.site.close();
    }
  });

  it('a sync that fails for another reason: failed, with the reason by key too (German for a German PO)', async () => {
    const down = (port: RequestJira, accountId: string): RequestJira => async (path, init) => {
      if (accountId !== 'app') return port(path, init);
      const body = JSON.stringify({ errorMessages: ['Service unavailable.'], errors: {} });
      return { status: 503, headers: { get: () => null }, json: async () => JSON.parse(body) as unknown, text: async () => body };
    };
    const failing = await startWorld({ withApp: true, wrapJira: down });
    try {
      await scoreOn(failing);
      const sync = await settingsOf(failing);
      expect(sync).toMatchObject({ state: 'failed', written: 0 });
      const i18n = sync?.detailI18n as I18nMessage;
      expect(i18n.key).toMatch(/^jira\.error\./);
      expect(sync?.detail).toBe(englishText(i18n.key, i18n.params));
      const german = localText(makeTranslator('de-DE', (key) => (germanCatalog as Record<string, string>)[key] ?? null).t, i18n);
      expect(german).not.toBe(sync?.detail);
      expect(german).not.toMatch(/\{\w+\}/);
    } finally {
      await failing.site.close();
    }
  });

  it('a local run without the app identity: noAppIdentity, and no sync is recorded or queued', async () => {
    const local = await startWorld();
    try {
      await scoreOn(local);
      expect(await settingsOf(local)).toEqual({ state: 'noAppIdentity', at: null, written: 0 });
      expect((await local.platform.store.kv.listByPrefix('proj:ORION:field-sync')).length).toBe(0);
    } finally {
      await local.site.close();
    }
  });
});
