/**
 * The embedded demo Jira site: `startDemoSite()` serves a seeded ART over HTTP with Jira Cloud's
 * shapes, limits, permissions and fault switches, for the client's tests, `npm start` and the benchmark.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultState, type FaultSwitches } from './faults';
import { LatencyState, type LatencyModel } from './latency';
import {
  type DemoIssue,
  type DemoLink,
  type DemoSprint,
  type ProjectPermission,
  type StoryPointsFieldName,
  APP_ACCOUNT,
  FIELD_IDS,
  jiraDateTime,
  pointsFieldId,
  statusById,
} from './model';
import { type SeedOptions, seedStore } from './seed';
import { SITE_PROFILES, type SiteQuirks } from './quirks';
import { type RequestLogEntry, type SiteState, createListener, sortedByRank } from './server';

export type { FaultSwitches } from './faults';
export { JIRA_CLOUD_LATENCY, serviceMs, type LatencyModel, type RequestCost } from './latency';
export type { RequestLogEntry } from './server';
export type { DemoIssue, DemoLink, DemoSprint, StoryPointsFieldName } from './model';
export { APP_FIELDS, FIELD_IDS, RANK_CUSTOM_FIELD_ID } from './model';
export { SITE_PROFILES, NAMED_WSJF_OPTIONS, DROPPED_RESOLUTIONS, SECONDS_PER_POINT, BLOCKING_LINK_WORDINGS } from './quirks';
export type { SiteQuirks, BlockingLinkName } from './quirks';
export { PROGRAM_PROJECT, TEAM_PROJECTS, MORE_TEAMS, DEMO_TRAIN_TEAMS, piName, piLabel } from './seed';
export { SEARCH_PAGE_CAP, SEARCH_PAGE_CAP_KEYS_ONLY, SEARCH_DEFAULT_PAGE, AGILE_BATCH_LIMIT, BULK_FETCH_LIMIT } from './server';

export interface DemoSiteOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  seed?: number;
  /** Issue count of the program project and the first three teams, features included (default 1,500). */
  scale?: number;
  /** Teams of the train, 3..8 (default 3): each further team adds as many issues as one of the first three. */
  teams?: number;
  /** Which story-points field the site serves (default "Story point estimate", customfield_10016). */
  storyPointsField?: StoryPointsFieldName;
  /** Serve the "Acceptance Criteria" field (default true); false moves criteria into description headings. */
  acceptanceCriteriaField?: boolean;
  /** The site's "today" (default: midnight UTC today). Fix it for byte-identical sites across days. */
  now?: Date;
  /** How the site differs from the tidy default: a named profile of `SITE_PROFILES` or quirks (see quirks.ts). */
  quirks?: SiteQuirks | keyof typeof SITE_PROFILES;
  host?: string;
  /** Answer with the latency model (see latency.ts; `JIRA_CLOUD_LATENCY` holds the defaults). Off by default. */
  latency?: LatencyModel;
  /** The site's default time zone, as `/rest/api/3/serverInfo` names it (default `Etc/UTC`, as a Cloud server's clock). */
  timeZone?: string;
}

export interface DemoSiteUser {
  accountId: string;
  email: string;
  displayName: string;
  apiToken: string;
  /** Per project key, the permissions the user holds; projects missing here are invisible to them. */
  permissions: Readonly<Record<string, readonly ProjectPermission[]>>;
  /** `Basic ...` header value for this user. */
  authorization: string;
}

/** A read-only view of the store for assertions; every call returns copies. */
export interface DemoSiteView {
  issue(key: string): DemoIssue | undefined;
  issues(): DemoIssue[];
  /** Issue keys in global rank order, optionally of one project. */
  rankOrder(projectKey?: string): string[];
  sprints(boardId?: number): DemoSprint[];
  /** Keys of the issues whose Sprint field holds this sprint. */
  sprintIssueKeys(sprintId: number): string[];
  boards(): { id: number; name: string; projectKey: string; type?: string }[];
  links(): DemoLink[];
  /** Status category of an issue (new / indeterminate / done). */
  statusCategory(key: string): 'new' | 'indeterminate' | 'done' | undefined;
  /** The field id that holds story points on this site. */
  pointsFieldId(): string;
}

export interface DemoSite {
  baseUrl: string;
  port: number;
  users: DemoSiteUser[];
  /** Convenience: the PO (admin of all team projects) and the developer who cannot browse LYRA. */
  po: DemoSiteUser;
  dev: DemoSiteUser;
  /**
   * The Backlog balance app's own identity, as Forge's `asApp()` calls Jira: the only caller that may set the
   * app's WSJF and Readiness fields (`POST /rest/api/3/app/field/value`).
   */
  app: { accountId: string; email: string; apiToken: string; authorization: string };
  faults: FaultSwitches;
  /** Every request answered since start or the last `clearRequestLog()`. */
  readonly requestLog: readonly RequestLogEntry[];
  clearRequestLog(): void;
  view: DemoSiteView;
  /**
   * Sets what a user may do in a project from now on (an admin changed the permission scheme or the user's
   * groups); an empty list makes the project invisible to them. `reset()` restores the seeded permissions.
   */
  setProjectPermissions(accountId: string, projectKey: string, permissions: readonly ProjectPermission[]): void;
  /**
   * Fields of an issue as Jira's API gives them back from now on, raw: a value Jira holds in an unreadable form
   * (a field whose type was changed, a migrated sprint field), or a sprint of a board nobody here can see. The
   * issue's `updated` moves; a value later set through the API replaces its raw one.
   */
  setRawFields(key: string, rawFields: Record<string, unknown>): void;
  /** Turn the latency model on (its jitter starts again from its seed) or off (null). */
  setLatency(model: LatencyModel | null): void;
  /** The latency model in effect, or null. */
  readonly latency: LatencyModel | null;
  /** Re-seed with the same options, clear faults and the request log (the latency model stays as set). */
  reset(): void;
  close(): Promise<void>;
}

function quirksOf(option: DemoSiteOptions['quirks']): SiteQuirks {
  if (option === undefined) return {};
  if (typeof option !== 'string') return option;
  const profile = SITE_PROFILES[option];
  if (!profile) throw new Error(`Unknown demo site profile "${option}": use one of ${Object.keys(SITE_PROFILES).join(', ')}.`);
  return profile;
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

export async function startDemoSite(options: DemoSiteOptions = {}): Promise<DemoSite> {
  const seedOptions: SeedOptions = { seed: options.seed, scale: options.scale, teams: options.teams, storyPointsField: options.storyPointsField, acceptanceCriteriaField: options.acceptanceCriteriaField, now: options.now ?? new Date(), quirks: quirksOf(options.quirks) };
  const state: SiteState = {
    store: seedStore(seedOptions),
    faults: new FaultState(),
    log: [],
    base: '',
    order: null,
    latency: options.latency ? new LatencyState(options.latency) : null,
    timeZone: options.timeZone ?? 'Etc/UTC',
  };
  const server = http.createServer(createListener(state));
  server.keepAliveTimeout = 1000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  state.base = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

  const users: DemoSiteUser[] = state.store.users.map((u) => ({
    accountId: u.accountId,
    email: u.email,
    displayName: u.displayName,
    apiToken: u.apiToken,
    permissions: copy(u.permissions),
    authorization: `Basic ${Buffer.from(`${u.email}:${u.apiToken}`).toString('base64')}`,
  }));
  const byEmail = (email: string): DemoSiteUser => users.find((u) => u.email === email) as DemoSiteUser;

  const view: DemoSiteView = {
    issue: (key) => {
      const issue = state.store.issues.get(key);
      return issue ? copy(issue) : undefined;
    },
    issues: () => [...state.store.issues.values()].map(copy),
    rankOrder: (projectKey) => sortedByRank(state).filter((i) => !projectKey || i.projectKey === projectKey).map((i) => i.key),
    sprints: (boardId) => state.store.sprints.filter((s) => boardId === undefined || s.boardId === boardId).map(copy),
    sprintIssueKeys: (sprintId) => [...state.store.issues.values()].filter((i) => i.sprintIds.includes(sprintId)).map((i) => i.key),
    boards: () => state.store.boards.map(copy),
    links: () => state.store.links.map(copy),
    statusCategory: (key) => {
      const issue = state.store.issues.get(key);
      return issue ? statusById(issue.statusId).category : undefined;
    },
    pointsFieldId: () => pointsFieldId(state.store),
  };

  return {
    baseUrl: state.base,
    port,
    users,
    po: byEmail('po@demo.test'),
    dev: byEmail('dev@demo.test'),
    app: { accountId: APP_ACCOUNT.accountId, email: APP_ACCOUNT.email, apiToken: APP_ACCOUNT.apiToken, authorization: `Basic ${Buffer.from(`${APP_ACCOUNT.email}:${APP_ACCOUNT.apiToken}`).toString('base64')}` },
    faults: state.faults,
    get requestLog() {
      return state.log;
    },
    clearRequestLog: () => {
      state.log.length = 0;
    },
    view,
    setProjectPermissions: (accountId, projectKey, permissions) => {
      const user = state.store.users.find((u) => u.accountId === accountId);
      if (!user) throw new Error(`No demo user ${accountId}`);
      if (permissions.length === 0) delete user.permissions[projectKey];
      else user.permissions[projectKey] = [...permissions];
    },
    setRawFields: (key, rawFields) => {
      const issue = state.store.issues.get(key);
      if (!issue) throw new Error(`No demo issue ${key}`);
      issue.rawFields = { ...issue.rawFields, ...copy(rawFields) };
      issue.updated = jiraDateTime(new Date(Math.max(Date.now(), Date.parse(issue.updated) + 1)));
    },
    setLatency: (model) => {
      state.latency = model ? new LatencyState(model) : null;
    },
    get latency() {
      return state.latency?.model ?? null;
    },
    reset: () => {
      state.store = seedStore(seedOptions);
      state.order = null;
      state.faults.clear();
      state.log.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export { FIELD_IDS as DEMO_FIELD_IDS };
