/**
 * `npm start`'s host, also started in-process by the browser tests: builds the UIs when stale, starts the
 * demo Jira site (or connects to a real one), creates the local platform and serves the Jira-like frame.
 */
import { resolve } from 'node:path';
import { DEMO_TRAIN_TEAMS, MORE_TEAMS, PROGRAM_PROJECT, startDemoSite, TEAM_PROJECTS, type DemoSite, type DemoSiteOptions } from '../demo-site';
import { createLocalPlatform, type LocalPlatform } from '../../src/platform';
import { buildUis } from './buildUi';
import { createBackend } from './backends';
import { resolverHandlers } from './handlers';
import { serveHarness } from './server';

export interface RealSite {
  baseUrl: string;
  email: string;
  apiToken: string;
}

export interface HarnessOptions {
  /** 0 = a random free port. */
  port?: number;
  /** The demo site's options (ignored with `real`). */
  demo?: DemoSiteOptions;
  /** A real Jira Cloud site instead of the demo. */
  real?: RealSite;
  /** With `real`: allow writes (default: read-only). */
  allowWrites?: boolean;
  /** Where settings and allocations are kept; default: memory for the demo, `.local/store` for a real site. */
  storeDir?: string | 'memory';
  /** Build the UIs when their build is older than their sources (default true). */
  build?: boolean;
  log?: (line: string) => void;
}

export interface Harness {
  url: string;
  port: number;
  /** The demo site, when serving it. */
  site: DemoSite | null;
  platform: LocalPlatform;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const log = options.log ?? (() => undefined);
  if (options.build !== false) await buildUis({ log });

  let site: DemoSite | null = null;
  let platform: LocalPlatform;
  let backendParts: Omit<Parameters<typeof createBackend>[0], 'handlers' | 'platform'>;
  if (options.real) {
    const real = options.real;
    const readOnly = !options.allowWrites;
    const authorization = `Basic ${Buffer.from(`${real.email}:${real.apiToken}`).toString('base64')}`;
    const me = await fetch(`${real.baseUrl.replace(/\/+$/, '')}/rest/api/3/myself`, { headers: { authorization, accept: 'application/json' } });
    if (me.status !== 200) throw new Error(`${real.baseUrl} refused ${real.email}'s API token (HTTP ${me.status}): check JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN.`);
    const myself = (await me.json()) as { accountId: string; displayName: string };
    // The platform signs in by account id: map the real account to the same credentials.
    platform = createLocalPlatform({
      baseUrl: real.baseUrl,
      users: [{ accountId: myself.accountId, email: real.email, apiToken: real.apiToken }],
      storeDir: options.storeDir ?? resolve('.local', 'store'),
      readOnly,
    });
    backendParts = {
      users: [{ accountId: myself.accountId, displayName: myself.displayName }],
      projects: null,
      siteUrl: real.baseUrl,
      siteLabel: real.baseUrl.replace(/^https?:\/\//, ''),
      banner: readOnly ? 'Read-only: this real Jira site is never changed. Start with --allow-writes to let the app write.' : 'Writes enabled: changes go to your real Jira site.',
    };
  } else {
    // The train of six teams, so the program project's page (the ART view) has a train to show.
    site = await startDemoSite({ scale: 1500, seed: 1, teams: DEMO_TRAIN_TEAMS, ...options.demo });
    const demo = site;
    platform = createLocalPlatform({
      baseUrl: demo.baseUrl,
      users: demo.users.map((u) => ({ accountId: u.accountId, email: u.email, apiToken: u.apiToken })),
      // The demo site's port changes per run; its data keeps one name.
      cloudId: 'local-harness',
      storeDir: options.storeDir ?? 'memory',
      // The app's own identity on the demo site: its WSJF and Readiness fields are kept as on Forge, a few
      // seconds after a change (Forge waits 10-30 s to gather a burst of edits).
      app: demo.app,
      fieldSyncDelayMs: (seconds) => Math.min(seconds, 2) * 1000,
    });
    // The teams first (the first is the default), then the program project (a business project).
    const teams = [...TEAM_PROJECTS, ...MORE_TEAMS.slice(0, (options.demo?.teams ?? DEMO_TRAIN_TEAMS) - TEAM_PROJECTS.length)];
    const projects = await Promise.all(
      [...teams, PROGRAM_PROJECT].map(async (key) => {
        const response = await fetch(`${demo.baseUrl}/rest/api/3/project/${key}`, { headers: { authorization: demo.po.authorization } });
        const project = (await response.json()) as { id: string; key: string; name: string; projectTypeKey: string };
        return { id: project.id, key: project.key, name: project.name, type: project.projectTypeKey };
      }),
    );
    backendParts = {
      users: demo.users.map((u) => ({ accountId: u.accountId, displayName: `${u.displayName} (${u.email})` })),
      projects,
      siteUrl: demo.baseUrl,
      siteLabel: 'demo site',
    };
  }

  const handlers = resolverHandlers(platform);
  const backend = createBackend({ ...backendParts, platform, handlers });
  let server: Awaited<ReturnType<typeof serveHarness>>;
  try {
    server = await serveHarness(backend, options.port ?? 0);
  } catch (error) {
    await site?.close();
    throw error;
  }
  return {
    url: server.url,
    port: server.port,
    site,
    platform,
    async close() {
      await server.close();
      await platform.idle();
      await site?.close();
    },
  };
}
