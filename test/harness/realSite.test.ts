/**
 * `npm start` against a "real" Jira site (here the demo site reached over HTTP with one user's API token,
 * as a PO would with their own site): read-only unless --allow-writes, and writes say how to enable them.
 */
import { startDemoSite, type DemoSite } from '../demo-site';
import { startHarness, type Harness } from './harness';
import type { FrameContext } from './bridgeHost';

let site: DemoSite;
const running: Harness[] = [];

beforeAll(async () => {
  site = await startDemoSite({ scale: 300, seed: 5 });
});

afterAll(async () => {
  for (const harness of running) await harness.close();
  await site.close();
});

async function harnessFor(allowWrites: boolean): Promise<Harness> {
  const harness = await startHarness({ real: { baseUrl: site.baseUrl, email: site.po.email, apiToken: site.po.apiToken }, allowWrites, build: false, storeDir: 'memory' });
  running.push(harness);
  return harness;
}

function panelContext(harness: Harness): FrameContext {
  return {
    accountId: site.po.accountId,
    // The installation the harness serves (named after the real site's host).
    cloudId: harness.platform.site.slice(harness.platform.site.lastIndexOf('/') + 1),
    localId: 'harness-panel',
    moduleKey: 'backlog-balance-panel',
    siteUrl: site.baseUrl,
    locale: 'en-US',
    timezone: 'UTC',
    theme: { colorMode: 'light' },
    extension: { type: 'jira:projectPage', project: { id: '10001', key: 'ORION', type: 'software' } },
  };
}

async function invoke(harness: Harness, functionKey: string, payload: unknown): Promise<unknown> {
  const response = await fetch(`${harness.url}harness/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app: 'panel', functionKey, payload, context: panelContext(harness) }),
  });
  return ((await response.json()) as { body: unknown }).body;
}

function staleKey(): string {
  const issue = site.view.issues().find((i) => i.projectKey === 'ORION' && site.view.statusCategory(i.key) !== 'done' && !i.labels.includes('backlog-tail'));
  if (!issue) throw new Error('the demo site has no open ORION issue');
  return issue.key;
}

test('read-only by default: reads work as the token user, writes are refused and Jira is untouched', async () => {
  const harness = await harnessFor(false);
  const me = (await (await fetch(`${harness.url}harness/meta`)).json()) as { users: { accountId: string }[]; projects: { key: string }[]; banner: string };
  // The project switch offers the projects of the Scrum boards the token's user can see.
  expect(me.projects.map((p) => p.key)).toEqual(['LYRA', 'ORION', 'VEGA']);
  expect(me.users).toEqual([expect.objectContaining({ accountId: site.po.accountId })]);
  expect(me.banner).toMatch(/Read-only/);
  expect(await invoke(harness, 'whoAmI', {})).toMatchObject({ ok: true, data: { accountId: site.po.accountId, projectKey: 'ORION' } });

  const key = staleKey();
  const refused = await invoke(harness, 'moveToTail', { keys: [key] });
  expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringContaining('--allow-writes') }) });
  expect(site.view.issue(key)?.labels).not.toContain('backlog-tail');
});

test('--allow-writes lets the same call change the site', async () => {
  const harness = await harnessFor(true);
  const key = staleKey();
  expect(await invoke(harness, 'moveToTail', { keys: [key] })).toMatchObject({ ok: true, data: { changed: [key] } });
  expect(site.view.issue(key)?.labels).toContain('backlog-tail');
});

test('a wrong token stops the start with a message naming the variables to check', async () => {
  await expect(startHarness({ real: { baseUrl: site.baseUrl, email: site.po.email, apiToken: 'wrong' }, build: false, storeDir: 'memory' })).rejects.toThrow(/JIRA_API_TOKEN/);
});
