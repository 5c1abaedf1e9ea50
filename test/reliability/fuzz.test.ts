/**
 * Guarantee: every resolver validates its payload. Thousands of hostile payloads (wrong types, huge strings
 * and arrays, prototype-pollution keys, JQL injection in keys, negative / NaN / infinite numbers, extra keys,
 * random JSON) sent as the PO (who could write) never crash a resolver, never reach Jira, never change the
 * demo site or the app's storage, and always come back as a typed INVALID_INPUT error naming the field.
 */

import fc from 'fast-check';
import { defaultSiteDefaults, projectSettingsFromDefaults } from '../../src/storage';
import { FUNCTIONS, siteSnapshot, startApp, type App, type AppName } from './app';
import { Tally } from './helpers';

let app: App;
const tally = new Tally();

beforeAll(async () => {
  app = await startApp({ site: { scale: 300 } });
});
afterAll(async () => {
  tally.write('fuzz');
  await app.close();
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const fill = { piId: 'PI-2026.4', iterations: 2, mode: 'optimal', pins: [{ key: 'ORION-5', iteration: 0 }], exclude: ['ORION-6'] };
const settings = {
  ...projectSettingsFromDefaults(defaultSiteDefaults()),
  boardId: 1,
  fieldOverrides: { storyPoints: 'customfield_10016', businessValue: null, timeCriticality: null, riskReduction: null, jobSize: null, acceptanceCriteria: null },
  programProjects: ['ART'],
  pis: [
    {
      id: 'PI-2027.1',
      name: 'PI 2027.1',
      start: '2027-01-04',
      end: '2027-03-26',
      iterations: [{ id: 'it-1', name: 'Sprint 1', start: '2027-01-04', end: '2027-01-15', sprintId: 12, manualCapacity: 30, absenceDays: 2 }],
    },
  ],
  members: [{ name: 'Ana', fte: 1 }],
  editors: { roles: ['Developers'], groups: ['po-group'] },
};

/** A valid payload for every resolver function: the fuzz mutates these. */
const TEMPLATES: Record<AppName, Record<string, Json>> = {
  panel: {
    whoAmI: {},
    getBalance: { piId: 'PI-2026.4' },
    getBacklog: { piId: 'PI-2026.4' },
    getRefinement: { piId: 'PI-2026.4' },
    getSummaries: { from: 0 },
    getFill: fill,
    getHealth: {},
    getForecast: { piId: 'PI-2026.4', topPoints: 40 },
    saveAllocation: { piId: 'PI-2026.4', percents: { feature: 60, enabler: 15, maintenance: 10, techDebt: 10, improvement: 5 }, baseVersion: 0 },
    getAllocationHistory: { piId: 'PI-2026.4' },
    rebaselineCommittedOrder: { piId: 'PI-2026.4' },
    scoreWsjf: { items: [{ key: 'ORION-5', businessValue: 5, timeCriticality: 3, riskReduction: 1, jobSize: 8 }] },
    previewRerank: {},
    applyRerank: { token: 'tok-1' },
    previewCommitFill: fill,
    commitFill: { token: 'tok-2' },
    getJob: { jobId: 'job-1' },
    loadBacklog: {},
    split: { key: 'ORION-7', parts: [{ summary: 'First', points: 3 }, { summary: 'Second', points: 2 }], splitId: 'fz-1' },
    moveToTail: { keys: ['ORION-5', 'ORION-6'] },
    takeOutOfTail: { keys: ['ORION-5'] },
    previewTrim: {},
    trimTail: { token: 'tok-3' },
    getArtTrain: {},
    getArtTeam: { team: 'ORION' },
    loadArtTeams: {},
    getArtJobs: { jobs: [{ team: 'ORION', jobId: 'job-1' }] },
    saveArtSettings: { detectTeams: false, teams: ['ORION', 'VEGA'], guardrails: { enabler: { min: 15, max: null } }, baseVersion: 0 },
    scoreFeatures: { items: [{ key: 'ART-5', businessValue: 5, timeCriticality: 3, riskReduction: 1, jobSize: 8 }] },
    previewFeatureRerank: {},
    applyFeatureRerank: { token: 'tok-4' },
  },
  settings: {
    whoAmI: {},
    getProjectSettings: {},
    saveProjectSettings: { settings: settings as unknown as Json, baseVersion: 0 },
    previewWorkTypes: { workTypes: [{ id: 'feature', name: 'Feature' }], rules: [{ workType: 'feature', issueTypes: ['Story'], labels: [], components: [] }], defaultWorkType: 'feature' },
  },
  admin: {
    whoAmI: {},
    getSiteDefaults: {},
    saveSiteDefaults: { defaults: defaultSiteDefaults() as unknown as Json, baseVersion: 0 },
  },
  issuePanel: { whoAmI: {}, getIssueInsight: {}, getJob: { jobId: 'job-1' } },
  gadget: { getGadgetProjects: {}, getGadget: { projectKey: 'ORION' }, getGadgetJob: { projectKey: 'ORION', jobId: 'job-1' } },
};

type Path = (string | number)[];

/** Every node of a JSON value with its path (the root excluded). */
function nodes(value: Json, path: Path = []): { path: Path; value: Json }[] {
  const here = path.length > 0 ? [{ path, value }] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => nodes(v, [...path, i]))];
  if (value !== null && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => nodes(v, [...path, k]))];
  return here;
}

/** Objects (the root included) a key can be added to. */
function objectPaths(value: Json, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectPaths(v, [...path, i]));
  if (value !== null && typeof value === 'object') return [path, ...Object.entries(value).flatMap(([k, v]) => objectPaths(v, [...path, k]))];
  return [];
}

const HUGE = 'A'.repeat(300_000);
const INJECTION = ['ORION" OR project = LYRA OR key = "X-1', "') OR 1=1 --", 'ORION-1 OR key in (LYRA-1)', '../../rest/api/3/user', 'PI-2026.4\n; DROP'];
const POLLUTER = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}';

/** Values that are wrong for a node holding `current`: another type, or out of any range our schemas allow. */
function hostileFor(current: Json): fc.Arbitrary<Json> {
  const objects = fc.constantFrom<Json>({}, [], JSON.parse(POLLUTER) as Json);
  if (typeof current === 'string') return fc.oneof(fc.constantFrom<Json>(12345, -1, true, HUGE), objects, current.match(/^[A-Z]+-\d+$|^PI-|^tok|^job|^fz/) ? fc.constantFrom<Json>(...INJECTION) : fc.constant<Json>(HUGE));
  if (typeof current === 'number') return fc.oneof(fc.constantFrom<Json>('5', true, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1e9, -0.5), objects);
  if (typeof current === 'boolean') return fc.oneof(fc.constantFrom<Json>('true', 1, 0, null), objects);
  if (current === null) return fc.oneof(fc.constantFrom<Json>(true, HUGE), objects);
  if (Array.isArray(current)) return fc.constantFrom<Json>('x', 1, {}, null, true, Array.from({ length: 5000 }, () => current[0] ?? 'ORION-1'));
  return fc.constantFrom<Json>('x', 1, [], null, true);
}

function setAt(root: Json, path: Path, value: Json): Json {
  const copy = structuredClone(root) as Json;
  let node = copy as Record<string | number, Json>;
  path.slice(0, -1).forEach((p) => (node = node[p] as Record<string | number, Json>));
  node[path[path.length - 1] as string | number] = value;
  return copy;
}

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'isAdmin', 'accountId', 'projectKey', 'ORION" OR 1=1', 'toString'];

/** Adds a key through JSON text, so `__proto__` arrives as an own key, exactly as a JSON request body would. */
function addKeyAt(root: Json, path: Path, key: string, value: Json): Json {
  const marker = '"__bb_marker__"';
  const withMarker = structuredClone(root) as Json;
  let node = withMarker as Record<string | number, Json>;
  path.forEach((p) => (node = node[p] as Record<string | number, Json>));
  node.__bb_marker__ = 0;
  const text = JSON.stringify(withMarker).replace(`${marker}:0`, `${JSON.stringify(key)}:${JSON.stringify(value)}`);
  return JSON.parse(text) as Json;
}

interface Case {
  kind: 'replace' | 'addKey' | 'random';
  payload: unknown;
  /** The field the error must name (dot path); null when the payload as a whole is not an object. */
  field: string | null;
  /** For a replaced node, a refinement of its parent may name the parent. */
  orParentOf: boolean;
}

function caseFor(template: Json): fc.Arbitrary<Case> {
  const leaves = nodes(template);
  const replace: fc.Arbitrary<Case>[] = leaves.length
    ? [
        fc
          .constantFrom(...leaves)
          .chain((n) => hostileFor(n.value).map((v) => ({ kind: 'replace' as const, payload: setAt(template, n.path, v), field: n.path.join('.'), orParentOf: true }))),
      ]
    : [];
  const addKey = fc
    .tuple(fc.constantFrom(...objectPaths(template)), fc.constantFrom(...HOSTILE_KEYS), fc.constantFrom<Json>({ polluted: 'yes' }, true, 'x'))
    .map(([path, key, value]) => ({ kind: 'addKey' as const, payload: addKeyAt(template, path, key, value), field: [...path, key].join('.'), orParentOf: false }));
  const random = fc
    .oneof(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.constantFrom(...HOSTILE_KEYS, 'piId', 'keys', 'token'), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 }))
    // Falsy payloads are read as {} by @forge/resolver; an empty object is a valid call for some functions.
    .filter((v) => Boolean(v) && JSON.stringify(v) !== '{}')
    .map((v) => ({ kind: 'random' as const, payload: JSON.parse(JSON.stringify(v)) as unknown, field: null, orParentOf: false }));
  return fc.oneof(...replace, ...replace, addKey, random);
}

function describeCase(c: Case): string {
  return `${c.kind} ${c.field ?? ''}: ${JSON.stringify(c.payload)?.slice(0, 200)}`;
}

describe('hostile payloads never crash a resolver, never reach Jira, never change data, always name the field', () => {
  const all = (Object.entries(FUNCTIONS) as [AppName, string[]][]).flatMap(([appName, fns]) => fns.map((fn) => [appName, fn] as const));

  it('has a template for every resolver function', () => {
    expect(all.filter(([a, fn]) => TEMPLATES[a][fn] === undefined)).toEqual([]);
  });

  let siteBefore: string;
  let storeBefore: string;
  beforeAll(async () => {
    siteBefore = siteSnapshot(app.site);
    storeBefore = await app.storeSnapshot();
    app.site.clearRequestLog();
  });

  it.each(all)('%s.%s', async (appName, fn) => {
    const template = TEMPLATES[appName][fn] as Json;
    const where = appName === 'admin' ? {} : appName === 'issuePanel' ? { project: 'ORION', issue: 'ORION-5' } : { project: 'ORION' };
    await fc.assert(
      fc.asyncProperty(caseFor(template), async (c) => {
        const result = await app.call(appName, app.site.po, fn, c.payload, where);
        tally.add('payloads');
        tally.add(`payloads.${c.kind}`);
        expect({ case: describeCase(c), ok: result.ok }).toEqual({ case: describeCase(c), ok: false });
        if (result.ok) return;
        expect({ case: describeCase(c), code: result.error.code }).toEqual({ case: describeCase(c), code: 'INVALID_INPUT' });
        expect(result.error.message.length).toBeLessThan(400);
        if (c.field === null) {
          if (typeof c.payload === 'object' && c.payload !== null && !Array.isArray(c.payload)) expect(result.error.field).toBeDefined();
          else expect(result.error.message).toMatch(/^The request/);
          return;
        }
        const named = result.error.field ?? '';
        // The replaced node itself, something inside the hostile value, or (for a refinement) its parent.
        const ok =
          named === c.field || named.startsWith(`${c.field}.`) || (c.orParentOf && named !== '' && c.field.startsWith(`${named}.`));
        expect({ case: describeCase(c), named, ok }).toEqual({ case: describeCase(c), named, ok: true });
      }),
      { numRuns: 140, seed: 2026 },
    );
  }, 60_000);

  it('afterwards: Jira never heard of any of it, nothing changed, no prototype polluted', async () => {
    expect(app.site.requestLog).toEqual([]);
    expect(siteSnapshot(app.site)).toBe(siteBefore);
    expect(await app.storeSnapshot()).toBe(storeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('a hostile Forge context (project or issue key, missing user) never crashes a resolver or reaches Jira with it', () => {
  const hostileKey = fc.oneof(
    fc.constantFrom('ORION" OR project = LYRA', 'LYRA) OR (1=1', '../../rest/api/3/user', 'orion', '', ' ORION', '__proto__', 'ORION-1?expand=all', 'A'.repeat(5000)),
    fc.string({ maxLength: 30 }),
  );

  it('every function, as the PO, with a hostile project key in the context', async () => {
    // The admin page and the dashboard gadget have no project in their context (the gadget's comes in its payload, fuzzed above).
    const all = (Object.entries(FUNCTIONS) as [AppName, string[]][]).filter(([a]) => a !== 'admin' && a !== 'gadget').flatMap(([a, fns]) => fns.map((fn) => [a, fn] as const));
    app.site.clearRequestLog();
    const siteBefore = siteSnapshot(app.site);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...all), hostileKey.filter((k) => !/^[A-Z][A-Z0-9_]{0,49}$/.test(k)), async ([appName, fn], key) => {
        const result = await app.call(appName, app.site.po, fn, TEMPLATES[appName][fn], { project: key, issue: `${key}-1` });
        tally.add('hostileContexts');
        expect(result.ok).toBe(false);
        if (!result.ok) expect(['NOT_FOUND', 'INVALID_INPUT', 'CONFIRMATION_EXPIRED']).toContain(result.error.code);
      }),
      { numRuns: 300, seed: 77 },
    );
    // No request ever carried the hostile key: the context is validated before anything is sent.
    expect(app.site.requestLog).toEqual([]);
    expect(siteSnapshot(app.site)).toBe(siteBefore);
  }, 60_000);

  it('no signed-in user: FORBIDDEN from every function, nothing sent', async () => {
    app.site.clearRequestLog();
    const handlers = { panel: FUNCTIONS.panel, settings: FUNCTIONS.settings, admin: FUNCTIONS.admin, issuePanel: FUNCTIONS.issuePanel, gadget: FUNCTIONS.gadget };
    for (const [appName, fns] of Object.entries(handlers) as [AppName, string[]][]) {
      for (const fn of fns) {
        const nobody = { ...app.site.po, accountId: undefined as unknown as string };
        const result = await app.call(appName, nobody, fn, TEMPLATES[appName][fn]);
        expect({ fn, result }).toEqual({ fn, result: { ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) } });
        tally.add('hostileContexts');
      }
    }
    expect(app.site.requestLog).toEqual([]);
  });
});
