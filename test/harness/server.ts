/**
 * The harness's HTTP server: the Jira-like shell page, the built Custom UI apps (with the bridge host
 * injected), the token themes, and the invoke endpoint that runs the resolver handler.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { BRIDGE_HOST_SCRIPT, FRAME_CSP, bridgeHostTags, frameContextScript, type FrameContext } from './bridgeHost';
import { SHELL_PAGE } from './shellPage';
import { buildDirOf, UI_APPS, type UiApp } from './buildUi';
import { tokensCss } from './tokensCss';
import { availableLocales, localeFile, LOCALES_FOLDER } from './locales';

export interface HarnessUser {
  accountId: string;
  displayName: string;
}
export interface HarnessProject {
  id: string;
  key: string;
  name: string;
  /** Jira's project type ('software', 'business'); software when not known. */
  type?: string;
}
export interface HarnessIssue {
  id: string;
  key: string;
  summary: string;
  issueType: string;
}

/** What the harness serves: the demo site or a real Jira site, behind one shape. */
export interface HarnessBackend {
  siteUrl: string;
  cloudId: string;
  siteLabel: string;
  /** Shown above the app, e.g. "read-only". */
  banner?: string;
  users(): Promise<HarnessUser[]>;
  projects(): Promise<HarnessProject[]>;
  issues(projectKey: string): Promise<HarnessIssue[]>;
  /** Runs the resolver function for `app` as Forge would, with the frame's context. */
  invoke(app: UiApp, functionKey: string, payload: unknown, context: FrameContext): Promise<unknown>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const MODULE_TYPES: Record<UiApp, string> = {
  panel: 'jira:projectPage',
  settings: 'jira:projectSettingsPage',
  admin: 'jira:adminPage',
  'issue-panel': 'jira:issuePanel',
  gadget: 'jira:dashboardGadget',
};

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', JSON.stringify(value));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function isUiApp(name: string): name is UiApp {
  return (UI_APPS as readonly string[]).includes(name);
}

/**
 * The one dashboard gadget the harness shows: its configuration as Jira keeps it per gadget (what the edit view
 * last submitted), handed to both views in `extension.gadgetConfiguration`.
 */
export interface GadgetHost {
  configuration: Record<string, string>;
}

function gadgetExtension(gadget: GadgetHost, query: URLSearchParams): Record<string, unknown> {
  return {
    gadget: { id: '10100' },
    dashboard: { id: '10000' },
    gadgetConfiguration: { ...gadget.configuration },
    ...(query.get('view') === 'edit' ? { entryPoint: 'edit' } : {}),
  };
}

async function frameContext(backend: HarnessBackend, app: UiApp, query: URLSearchParams, gadget: GadgetHost): Promise<FrameContext> {
  const projects = await backend.projects();
  const project = projects.find((p) => p.key === query.get('project')) ?? projects[0];
  const users = await backend.users();
  const accountId = users.find((u) => u.accountId === query.get('user'))?.accountId ?? users[0]?.accountId ?? '';
  const projectRef = project ? { id: project.id, key: project.key, type: project.type ?? 'software' } : undefined;
  // A dashboard gadget has no project: its project is its configuration.
  const extension: Record<string, unknown> = { type: MODULE_TYPES[app], ...(app === 'gadget' ? gadgetExtension(gadget, query) : {}) };
  if (app !== 'admin' && app !== 'gadget') extension.project = projectRef;
  if (app === 'issue-panel') {
    const issues = project ? await backend.issues(project.key) : [];
    const issue = issues.find((i) => i.key === query.get('issue')) ?? issues[0];
    if (issue) extension.issue = { id: issue.id, key: issue.key, type: issue.issueType };
  }
  return {
    accountId,
    cloudId: backend.cloudId,
    localId: `harness-${app}`,
    moduleKey: `backlog-balance-${app}`,
    siteUrl: backend.siteUrl,
    // The harness's language switch: Jira gives the user's profile language (default English).
    locale: /^[a-z]{2}[-_][A-Z]{2}$/.test(query.get('locale') ?? '') ? (query.get('locale') as string) : 'en-US',
    timezone: 'UTC',
    theme: { colorMode: query.get('theme') === 'dark' ? 'dark' : 'light' },
    extension,
    // The harness's licence switch: a site whose licence is not active (the app must turn read-only).
    ...(query.get('licence') === 'inactive' ? { license: { isActive: false } } : {}),
  };
}

async function serveApp(backend: HarnessBackend, root: string, app: UiApp, rest: string, query: URLSearchParams, res: ServerResponse): Promise<void> {
  const relative = rest === '' || rest === '/' ? 'index.html' : rest.replace(/^\//, '');
  if (relative.startsWith(`${LOCALES_FOLDER}/`)) {
    const body = localeFile(relative.slice(LOCALES_FOLDER.length + 1));
    return body === null ? send(res, 404, 'text/plain', `Not found: ${relative}`) : send(res, 200, MIME['.json'], body);
  }
  const file = normalize(join(root, relative));
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    send(res, 404, 'text/plain', `Not found: ${relative} (run npm run build:ui)`);
    return;
  }
  if (relative === 'index.html') {
    const html = readFileSync(file, 'utf8').replace('<head>', `<head>\n${bridgeHostTags(app, query)}`);
    send(res, 200, MIME['.html'], html, { 'content-security-policy': FRAME_CSP });
    return;
  }
  send(res, 200, MIME[extname(file)] ?? 'application/octet-stream', readFileSync(file));
}

async function handleInvoke(backend: HarnessBackend, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request = JSON.parse(await readBody(req)) as { app: string; functionKey: string; payload: unknown; context: FrameContext };
  if (!isUiApp(request.app)) {
    sendJson(res, 400, { ok: false, message: `Unknown app ${request.app}` });
    return;
  }
  try {
    const body = await backend.invoke(request.app, request.functionKey, request.payload, request.context);
    sendJson(res, 200, { ok: true, body: body ?? null });
  } catch (error) {
    // Forge turns a thrown resolver error into a rejected invoke carrying its message; so do we.
    const message = error instanceof Error ? error.message : String(error);
    sendJson(res, 200, { ok: false, message });
  }
}

/** `view.submit` of the gadget's edit view: Jira keeps the submitted fields (strings) as the gadget's configuration. */
async function saveGadgetConfiguration(gadget: GadgetHost, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = JSON.parse(await readBody(req)) as unknown;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return sendJson(res, 400, { ok: false, message: 'A gadget configuration is an object' });
  gadget.configuration = Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  sendJson(res, 200, { ok: true });
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Where each app's built files are (default `static/<app>/build`). */
  appDir?: (app: UiApp) => string;
}

/** Serves the harness for `backend` on `port` (0 = a random free port). */
export async function serveHarness(backend: HarnessBackend, port: number, options: ServeOptions = {}): Promise<RunningServer> {
  const appDir = options.appDir ?? buildDirOf;
  const gadget: GadgetHost = { configuration: {} };
  const css = tokensCss();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const handle = async (): Promise<void> => {
      if (path === '/' || path === '/index.html') return send(res, 200, MIME['.html'], SHELL_PAGE);
      if (path === '/harness/bridge-host.js') return send(res, 200, MIME['.js'], BRIDGE_HOST_SCRIPT);
      if (path === '/harness/tokens.css') return send(res, 200, MIME['.css'], css);
      if (path === '/harness/frame-context.js') {
        const app = url.searchParams.get('app') ?? '';
        if (!isUiApp(app)) return send(res, 404, 'text/plain', 'Unknown app');
        const hostThemeCss = url.searchParams.get('hostTheme') !== 'attributes';
        return send(res, 200, MIME['.js'], frameContextScript(app, await frameContext(backend, app, url.searchParams, gadget), hostThemeCss));
      }
      if (path === '/harness/meta') {
        return sendJson(res, 200, {
          siteLabel: backend.siteLabel,
          banner: backend.banner ?? null,
          users: await backend.users(),
          projects: await backend.projects(),
          locales: availableLocales(),
        });
      }
      if (path === '/harness/issues') return sendJson(res, 200, await backend.issues(url.searchParams.get('project') ?? ''));
      if (path === '/harness/invoke' && req.method === 'POST') return handleInvoke(backend, req, res);
      if (path === '/harness/gadget-configuration' && req.method === 'POST') return saveGadgetConfiguration(gadget, req, res);
      const match = /^\/apps\/([a-z-]+)(\/.*)?$/.exec(path);
      if (match && isUiApp(match[1])) return serveApp(backend, appDir(match[1]), match[1], match[2] ?? '', url.searchParams, res);
      send(res, 404, 'text/plain', 'Not found');
    };
    handle().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use: start with another, e.g. PORT=3001 npm start`) : error),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${actual}/`,
    port: actual,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
