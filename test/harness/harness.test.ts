/**
 * The harness's plumbing without a browser: the iframe HTML carries the bridge host and a Forge-shaped
 * context for the chosen user and project, and `invoke` reaches a real `@forge/resolver` handler with that
 * user as the principal, exactly as Forge calls it.
 */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Resolver from '@forge/resolver';
import { invokeAsForge, type ForgeHandler } from './backends';
import type { FrameContext } from './bridgeHost';
import { serveHarness, type HarnessBackend, type RunningServer } from './server';

const seen: { functionKey: string; payload: unknown; accountId: unknown; project: unknown }[] = [];

function echoHandler(): ForgeHandler {
  const resolver = new Resolver();
  resolver.define('echo', ({ payload, context }) => {
    const extension = context.extension as { project?: { key?: string } };
    seen.push({ functionKey: 'echo', payload, accountId: context.accountId, project: extension.project?.key });
    return { ok: true, data: { you: context.accountId, project: extension.project?.key ?? null } };
  });
  resolver.define('explode', () => {
    throw new Error('Jira is down: try again in a minute');
  });
  return resolver.getDefinitions() as ForgeHandler;
}

let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'harness-'));
  for (const app of ['panel', 'settings', 'admin', 'issue-panel']) {
    mkdirSync(join(dir, app, 'assets'), { recursive: true });
    writeFileSync(join(dir, app, 'index.html'), '<!doctype html><html><head><script type="module" src="./assets/app.js"></script></head><body></body></html>');
    writeFileSync(join(dir, app, 'assets', 'app.js'), 'console.log("app")');
  }
  const handler = echoHandler();
  const backend: HarnessBackend = {
    siteUrl: 'http://demo.invalid',
    cloudId: 'cloud-1',
    siteLabel: 'test',
    users: async () => [
      { accountId: 'acc-po', displayName: 'PO' },
      { accountId: 'acc-dev', displayName: 'Dev' },
    ],
    projects: async () => [
      { id: '10', key: 'ORION', name: 'Orion' },
      { id: '11', key: 'VEGA', name: 'Vega' },
    ],
    issues: async (projectKey) => [{ id: '1', key: `${projectKey}-1`, summary: 'One', issueType: 'Story' }],
    invoke: (_app, functionKey, payload, context) => invokeAsForge(handler, functionKey, payload, context),
  };
  server = await serveHarness(backend, 0, { appDir: (app) => join(dir, app) });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function frameContextOf(html: string): Promise<{ app: string; context: FrameContext }> {
  const src = /<script src="(\/harness\/frame-context\.js\?[^"]*)"><\/script>/.exec(html)?.[1];
  if (!src) throw new Error('no frame context script in the page');
  const script = await (await fetch(`${server.url}${src.slice(1).replace(/&amp;/g, '&')}`)).text();
  const match = /^window\.__harness = (.*);$/.exec(script);
  if (!match) throw new Error('the frame context script does not set window.__harness');
  return JSON.parse(match[1]) as { app: string; context: FrameContext };
}

test('the app page defines the bridge host before the app bundle loads, under a Forge-like CSP', async () => {
  const response = await fetch(`${server.url}apps/panel/?user=acc-dev&project=VEGA&theme=dark`);
  expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  const html = await response.text();
  // No inline script: the CSP would block it, as Forge's does.
  expect(html).not.toMatch(/<script>/);
  const bridge = html.indexOf('/harness/bridge-host.js');
  const bundle = html.indexOf('./assets/app.js');
  expect(bridge).toBeGreaterThan(-1);
  expect(bridge).toBeLessThan(bundle);
  const { app, context } = await frameContextOf(html);
  expect(app).toBe('panel');
  expect(context.accountId).toBe('acc-dev');
  expect(context.theme.colorMode).toBe('dark');
  expect(context.extension).toEqual({ type: 'jira:projectPage', project: { id: '11', key: 'VEGA', type: 'software' } });
});

test('the issue panel gets the issue, the admin page no project', async () => {
  const issuePage = await frameContextOf(await (await fetch(`${server.url}apps/issue-panel/?user=acc-po&project=ORION&issue=ORION-1`)).text());
  expect(issuePage.context.extension).toMatchObject({ type: 'jira:issuePanel', issue: { key: 'ORION-1' }, project: { key: 'ORION' } });
  const adminPage = await frameContextOf(await (await fetch(`${server.url}apps/admin/?user=acc-po`)).text());
  expect(adminPage.context.extension).toEqual({ type: 'jira:adminPage' });
});

test('invoke runs the resolver as the frame user and returns its result', async () => {
  const html = await (await fetch(`${server.url}apps/panel/?user=acc-po&project=ORION`)).text();
  const { context } = await frameContextOf(html);
  const response = await fetch(`${server.url}harness/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app: 'panel', functionKey: 'echo', payload: { piId: 'PI-1' }, context }),
  });
  expect(await response.json()).toEqual({ ok: true, body: { ok: true, data: { you: 'acc-po', project: 'ORION' } } });
  expect(seen[seen.length - 1]).toEqual({ functionKey: 'echo', payload: { piId: 'PI-1' }, accountId: 'acc-po', project: 'ORION' });
});

test('a thrown resolver error comes back as a rejected invoke with its message', async () => {
  const { context } = await frameContextOf(await (await fetch(`${server.url}apps/panel/?user=acc-po&project=ORION`)).text());
  const response = await fetch(`${server.url}harness/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app: 'panel', functionKey: 'explode', context }),
  });
  expect(await response.json()).toEqual({ ok: false, message: 'Jira is down: try again in a minute' });
});

test('files outside an app build are never served', async () => {
  const response = await fetch(`${server.url}apps/panel/..%2F..%2Fpackage.json`);
  expect(response.status).toBe(404);
  const shell = await fetch(server.url);
  expect(await shell.text()).toContain('iframe id="app"');
  const tokens = await (await fetch(`${server.url}harness/tokens.css`)).text();
  expect(tokens).toContain('[data-color-mode="dark"]');
});

test('a port already in use is reported with what to do', async () => {
  const backend = { siteUrl: '', cloudId: '', siteLabel: '', users: async () => [], projects: async () => [], issues: async () => [], invoke: async () => null };
  await expect(serveHarness(backend, server.port)).rejects.toThrow(`Port ${server.port} is already in use: start with another, e.g. PORT=3001 npm start`);
});
