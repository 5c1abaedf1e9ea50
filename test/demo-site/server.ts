/**
 * The demo site's HTTP layer: auth, fault injection, routing, and the Jira/Agile endpoints the app uses.
 * Every answer (including errors) has Jira Cloud's shape; every request is logged for the benchmark.
 */
import http from 'node:http';
import { FaultState } from './faults';
import { JqlError, parseJql } from './jql';
import type { LatencyState, RequestCost } from './latency';
import {
  APP_ACCOUNT,
  APP_FIELDS,
  type AdfNode,
  type DemoBoard,
  type DemoIssue,
  type DemoSprint,
  type DemoStore,
  type DemoUser,
  type ProjectPermission,
  BLOCKS_LINK_TYPE,
  FIELD_IDS,
  GROUPS,
  ISSUE_TYPES,
  PROJECT_ROLES,
  RANK_CUSTOM_FIELD_ID,
  STATUSES,
  TRANSITIONS,
  blankIssueFields,
  jiraDateTime,
  pointsFieldId,
  statusById,
} from './model';
import { rankBetween } from './rank';
import {
  type Json,
  type RenderContext,
  renderAgileSprint,
  renderFields,
  renderIssue,
  renderIssueType,
  projectTypeKeyOf,
  renderProjectRef,
  renderStatus,
  RESOLUTIONS,
  selectFields,
  wsjfOption,
} from './render';
import { WSJF_SCALE } from './quirks';

export interface RequestLogEntry {
  method: string;
  /** Path with its query string. */
  path: string;
  status: number;
  /** Size of the response body in bytes. */
  bytes: number;
  /** With the latency model on: the time the model gave this request (ms, jitter included). */
  serviceMs?: number;
  /** When the request arrived and when its answer was sent (`performance.now()`), for timelines of parallel reads. */
  receivedAt: number;
  answeredAt: number;
}

export interface SiteState {
  store: DemoStore;
  faults: FaultState;
  log: RequestLogEntry[];
  base: string;
  /** Cache of the issues sorted by rank, valid while `store.orderVersion` matches. */
  order: { version: number; issues: DemoIssue[] } | null;
  /** The latency model, when on (see latency.ts). */
  latency: LatencyState | null;
  /** The site's default time zone (`serverInfo.serverTimeZone`). */
  timeZone: string;
}

/** Search page caps (see README): Jira returns at most 5000 per page for id/key-only searches, else 100. */
export const SEARCH_PAGE_CAP_KEYS_ONLY = 5000;
export const SEARCH_PAGE_CAP = 100;
export const SEARCH_DEFAULT_PAGE = 50;
/** At most 50 issues per rank / sprint / backlog call, as Jira's Agile API enforces. */
export const AGILE_BATCH_LIMIT = 50;

type JsonObject = { [key: string]: Json };
interface Reply {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
  /** What the latency model charges for it (issues returned, fields asked); absent: the base time only. */
  cost?: RequestCost;
  serviceMs?: number;
}
class HttpError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}
function jiraError(status: number, messages: string[], errors: Record<string, string> = {}): HttpError {
  return new HttpError({ status, body: { errorMessages: messages, errors } });
}
const NOT_FOUND_ISSUE = 'Issue does not exist or you do not have permission to see it.';

interface Call {
  state: SiteState;
  user: DemoUser;
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

function can(user: DemoUser, projectKey: string, permission: ProjectPermission): boolean {
  return (user.permissions[projectKey] ?? []).includes(permission);
}
function renderContext(call: Call): RenderContext {
  return { base: call.state.base, store: call.state.store, canBrowse: (key) => can(call.user, key, 'BROWSE_PROJECTS') };
}
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function touch(issue: DemoIssue): void {
  const now = Math.max(Date.now(), Date.parse(issue.updated) + 1);
  issue.updated = jiraDateTime(new Date(now));
}
/** Find an issue by key or id that the user may browse, or answer 404 as Jira does. */
function visibleIssue(call: Call, keyOrId: string): DemoIssue {
  const store = call.state.store;
  const issue = store.issues.get(keyOrId.toUpperCase()) ?? (/^\d+$/.test(keyOrId) ? [...store.issues.values()].find((i) => i.id === keyOrId) : undefined);
  if (!issue || !can(call.user, issue.projectKey, 'BROWSE_PROJECTS')) throw jiraError(404, [NOT_FOUND_ISSUE]);
  return issue;
}
function requireEdit(call: Call, issue: DemoIssue, permission: ProjectPermission = 'EDIT_ISSUES'): void {
  if (!can(call.user, issue.projectKey, permission)) {
    const what = permission === 'SCHEDULE_ISSUES' ? 'schedule issues' : 'edit issues';
    throw jiraError(403, [`You do not have permission to ${what} in project ${issue.projectKey}.`]);
  }
}

export function sortedByRank(state: SiteState): DemoIssue[] {
  if (!state.order || state.order.version !== state.store.orderVersion) {
    const issues = [...state.store.issues.values()].sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
    state.order = { version: state.store.orderVersion, issues };
  }
  return state.order.issues;
}

// ---------------------------------------------------------------- search

interface PageToken {
  h: number;
  r: string;
  p: number;
}
function hashJql(jql: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < jql.length; i++) h = Math.imul(h ^ jql.charCodeAt(i), 16777619) >>> 0;
  return h;
}
function decodeToken(token: string, jql: string): PageToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as PageToken;
    if (parsed.h === hashJql(jql) && typeof parsed.r === 'string' && typeof parsed.p === 'number') return parsed;
  } catch {
    // fall through to Jira's answer for a bad token
  }
  throw jiraError(400, ['The provided next page token is invalid or expired.']);
}

/**
 * The JQL's predicate (limited to what the user may browse), its order beyond rank (null: rank order), and the
 * issues in rank order it can match: all, or those of the projects it names.
 */
function parseQuery(
  call: Call,
  jql: string,
): { matches: (issue: DemoIssue) => boolean; order: ((a: DemoIssue, b: DemoIssue) => number) | null; ranked: () => DemoIssue[] } {
  try {
    const parsed = parseJql(jql);
    const visible = (key: string): boolean => can(call.user, key, 'BROWSE_PROJECTS');
    const ctx = { store: call.state.store, canBrowse: visible, now: Date.now() };
    const where = parsed.where(ctx);
    return { matches: (issue) => visible(issue.projectKey) && where(issue), order: parsed.order(ctx), ranked: () => rankedIn(call.state, parsed.projects) };
  } catch (error) {
    if (error instanceof JqlError) throw jiraError(400, [error.message]);
    throw error;
  }
}

/** Per rank order (one array per `orderVersion`), its issues of some projects, by the projects' keys. */
const byProjects = new WeakMap<DemoIssue[], Map<string, DemoIssue[]>>();

/**
 * The issues of `projects` (named as in JQL: key, id or name; null: every project) in rank order. A search
 * then looks at those projects' issues only, as Jira's index would, instead of the whole site's (the site's
 * own CPU is not what the latency model stands for).
 */
function rankedIn(state: SiteState, projects: readonly string[] | null): DemoIssue[] {
  const ordered = sortedByRank(state);
  if (projects === null) return ordered;
  const keys = projects.map((text) => state.store.projects.find((p) => p.key.toLowerCase() === text.toLowerCase() || p.id === text || p.name.toLowerCase() === text.toLowerCase())?.key);
  // A project the site does not know: the predicate says so in Jira's words.
  if (keys.some((k) => k === undefined)) return ordered;
  const id = [...new Set(keys)].sort().join(',');
  const known = byProjects.get(ordered) ?? new Map<string, DemoIssue[]>();
  byProjects.set(ordered, known);
  let issues = known.get(id);
  if (!issues) {
    const wanted = new Set(keys);
    issues = ordered.filter((issue) => wanted.has(issue.projectKey));
    known.set(id, issues);
  }
  return issues;
}

function searchJql(call: Call, params: { jql: unknown; fields: unknown; maxResults: unknown; nextPageToken: unknown }): Reply {
  if (typeof params.jql !== 'string' || params.jql.trim() === '') {
    throw jiraError(400, ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
  }
  const jql = params.jql;
  const fields = Array.isArray(params.fields) ? params.fields.filter((f): f is string => typeof f === 'string') : typeof params.fields === 'string' ? [params.fields] : [];
  const selected = selectFields(fields, call.state.store, 'none');
  const keysOnly = [...selected].every((f) => f === 'id' || f === 'key');
  const cap = keysOnly ? SEARCH_PAGE_CAP_KEYS_ONLY : SEARCH_PAGE_CAP;
  const requested = params.maxResults === undefined || params.maxResults === null ? SEARCH_DEFAULT_PAGE : Number(params.maxResults);
  if (!Number.isInteger(requested) || requested < 0) throw jiraError(400, ["The 'maxResults' parameter must be a non-negative integer."]);
  const pageSize = Math.max(1, Math.min(requested, cap)); // 0 would page forever without progress
  const { matches, order, ranked } = parseQuery(call, jql);
  const token = typeof params.nextPageToken === 'string' && params.nextPageToken !== '' ? decodeToken(params.nextPageToken, jql) : null;
  const pageNumber = token ? token.p : 1;

  const fault = call.state.faults.searchPage;
  if (fault && fault.page === pageNumber && fault.remaining > 0) {
    fault.remaining--;
    throw jiraError(fault.status, ['Internal server error (demo site fault: search page failure).']);
  }

  if (order) return searchSorted(call, { jql, selected, pageSize, pageNumber, matches, order, ranked });
  const ordered = ranked();
  let start = 0;
  if (token) {
    // first issue ranked after the last one returned: stable even if issues change between pages
    let lo = 0;
    let hi = ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ordered[mid].rank <= token.r) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const page: DemoIssue[] = [];
  let more = false;
  for (let i = start; i < ordered.length; i++) {
    if (!matches(ordered[i])) continue;
    if (page.length >= pageSize) {
      more = true;
      break;
    }
    page.push(ordered[i]);
  }
  const ctx = renderContext(call);
  const body: JsonObject = { issues: page.map((issue) => renderIssue(ctx, issue, selected)), isLast: !more };
  if (more && page.length > 0) {
    const next: PageToken = { h: hashJql(jql), r: page[page.length - 1].rank, p: pageNumber + 1 };
    body.nextPageToken = Buffer.from(JSON.stringify(next)).toString('base64url');
  } else if (call.state.store.quirks.emptyLastPageToken) {
    // Seen on real sites: the last page says so only with an empty token.
    delete body.isLast;
    body.nextPageToken = '';
  }
  return { status: 200, body, cost: { issues: page.length, fields: fieldCost(selected) } };
}

/**
 * A search ordered by a field other than rank (`ORDER BY "WSJF" DESC`): the matches sorted (ties in rank order),
 * paged by position; the token names the page, so a page after a change may repeat or skip an issue, as Jira's can.
 */
function searchSorted(
  call: Call,
  q: {
    jql: string;
    selected: Set<string>;
    pageSize: number;
    pageNumber: number;
    matches: (issue: DemoIssue) => boolean;
    order: (a: DemoIssue, b: DemoIssue) => number;
    ranked: () => DemoIssue[];
  },
): Reply {
  const all = q.ranked().filter(q.matches).sort(q.order);
  const start = (q.pageNumber - 1) * q.pageSize;
  const page = all.slice(start, start + q.pageSize);
  const more = start + q.pageSize < all.length;
  const ctx = renderContext(call);
  const body: JsonObject = { issues: page.map((issue) => renderIssue(ctx, issue, q.selected)), isLast: !more };
  if (more) body.nextPageToken = Buffer.from(JSON.stringify({ h: hashJql(q.jql), r: '', p: q.pageNumber + 1 } satisfies PageToken)).toString('base64url');
  return { status: 200, body, cost: { issues: page.length, fields: fieldCost(q.selected) } };
}

/**
 * `POST /rest/api/3/app/field/value`: sets the app's own fields. Only the app (`asApp()`) may; a user's call is
 * refused with 403 as on Jira. The whole request is checked before anything is set. A change moves the issue's
 * `updated` (Jira records it in the issue's history).
 */
function setAppFieldValues(call: Call): Reply {
  const store = call.state.store;
  if (call.user.accountId !== APP_ACCOUNT.accountId) throw jiraError(403, ['Only the app that provided the custom field can update its values.']);
  const updates = isObject(call.body) && Array.isArray(call.body.updates) ? call.body.updates : null;
  if (!updates) throw jiraError(400, ['The request must list updates.']);
  const byId = new Map<string, { role: keyof typeof APP_FIELDS; type: string }>(Object.entries(APP_FIELDS).map(([role, f]) => [f.id, { role: role as keyof typeof APP_FIELDS, type: f.type }]));
  const planned: { issue: DemoIssue; role: keyof typeof APP_FIELDS; value: number | string | null }[] = [];
  const seen = new Set<string>();
  for (const raw of updates) {
    if (!isObject(raw) || typeof raw.customField !== 'string' || !Array.isArray(raw.issueIds) || !('value' in raw)) {
      throw jiraError(400, ['Each update needs customField, issueIds and value.']);
    }
    const field = store.quirks.noAppFields ? undefined : byId.get(raw.customField);
    if (!field) throw jiraError(404, [`The custom field ${raw.customField} was not found.`]);
    const value = raw.value;
    if (value !== null && typeof value !== (field.type === 'number' ? 'number' : 'string')) {
      throw jiraError(400, [`The value for ${raw.customField} must be a ${field.type}.`]);
    }
    for (const id of raw.issueIds) {
      const issue = typeof id === 'number' && Number.isInteger(id) ? issueById(store, String(id)) : undefined;
      if (!issue) throw jiraError(400, [`Issue ${String(id)} does not exist.`]);
      const pair = `${raw.customField}:${issue.id}`;
      if (seen.has(pair)) throw jiraError(400, ['Combinations of custom field and issue must be unique within the request.']);
      seen.add(pair);
      planned.push({ issue, role: field.role, value: value as number | string | null });
    }
  }
  for (const { issue, role, value } of planned) {
    if ((issue.appValues?.[role] ?? null) === value) continue;
    issue.appValues = { ...issue.appValues, [role]: value };
    touch(issue);
  }
  return { status: 204, cost: { issues: planned.length, fields: 1 } };
}

/** Fields that cost the latency model something: everything but id and key. */
function fieldCost(selected: ReadonlySet<string>): number {
  let n = 0;
  for (const f of selected) if (f !== 'id' && f !== 'key') n++;
  return n;
}

// ---------------------------------------------------------------- bulk fetch

/** Jira's limit on `POST /rest/api/3/issue/bulkfetch`. */
export const BULK_FETCH_LIMIT = 100;

const idIndexes = new WeakMap<DemoStore, { size: number; byId: Map<string, DemoIssue> }>();

/** Issues by numeric id (ids never change; the index is rebuilt when an issue is created). */
function issueById(store: DemoStore, id: string): DemoIssue | undefined {
  let index = idIndexes.get(store);
  if (!index || index.size !== store.issues.size) {
    index = { size: store.issues.size, byId: new Map([...store.issues.values()].map((i) => [i.id, i])) };
    idIndexes.set(store, index);
  }
  return index.byId.get(id);
}

/**
 * `POST /rest/api/3/issue/bulkfetch`: up to 100 ids or keys; issues come back in ascending id order; ones that
 * do not exist or that the user may not browse are left out silently; `issueErrors` lists those Jira could
 * not return this time (the `bulkFetchIssueErrors` fault), for the client to ask again.
 */
function bulkFetch(call: Call): Reply {
  const body = isObject(call.body) ? call.body : {};
  const asked = Array.isArray(body.issueIdsOrKeys) ? body.issueIdsOrKeys.filter((v): v is string => typeof v === 'string') : [];
  if (asked.length === 0) throw jiraError(400, ['No issue IDs or keys were provided.']);
  if (asked.length > BULK_FETCH_LIMIT) throw jiraError(400, [`You can request at most ${BULK_FETCH_LIMIT} issues at a time.`]);
  const fault = call.state.faults.bulkFetch;
  if (fault && fault.remainingBefore > 0) fault.remainingBefore--;
  else if (fault) {
    if (--fault.times <= 0) call.state.faults.bulkFetch = null;
    throw jiraError(fault.status, ['Internal server error (demo site fault: bulk fetch failure).']);
  }
  const store = call.state.store;
  const fields = Array.isArray(body.fields) ? body.fields.filter((f): f is string => typeof f === 'string') : [];
  const selected = selectFields(fields, store, 'all');
  const found = new Map<string, DemoIssue>();
  for (const ref of asked) {
    const issue = /^\d+$/.test(ref) ? issueById(store, ref) : store.issues.get(ref.toUpperCase());
    if (issue && can(call.user, issue.projectKey, 'BROWSE_PROJECTS')) found.set(issue.id, issue);
  }
  const ordered = [...found.values()].sort((a, b) => Number(a.id) - Number(b.id));
  const erring = call.state.faults.takeBulkFetchIssueErrors(ordered.length);
  const ctx = renderContext(call);
  const issues = ordered.slice(erring).map((issue) => renderIssue(ctx, issue, selected));
  const issueErrors = ordered.slice(0, erring).map((issue) => ({ id: issue.id, errorMessage: 'Retrieving this issue timed out; try again.' }));
  return { status: 200, body: { issues, issueErrors }, cost: { issues: issues.length, fields: fieldCost(selected) } };
}

// ---------------------------------------------------------------- issue writes

const FIELD_NOT_SETTABLE = (id: string): string => `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;

function isAdf(value: unknown): value is AdfNode {
  return isObject(value) && value.type === 'doc' && Array.isArray(value.content);
}

/** Apply `fields` to an issue; returns Jira's per-field errors (nothing is applied when there are any). */
function applyFields(call: Call, issue: DemoIssue, fields: Record<string, unknown>, creating: boolean): Record<string, string> {
  const store = call.state.store;
  const errors: Record<string, string> = {};
  const changes: (() => void)[] = [];
  const numberField = (id: string, set: (v: number | null) => void): void => {
    const v = fields[id];
    if (v === null || (typeof v === 'number' && Number.isFinite(v))) changes.push(() => set(v as number | null));
    else errors[id] = 'Operation value must be a number.';
  };
  // WSJF fields as single-select lists (quirk): an option by value or id, as Jira takes it; a bare number is refused.
  const wsjfField = (id: string, set: (v: number | null) => void): void => {
    const mode = store.quirks.selectWsjf;
    if (!mode) return numberField(id, set);
    const v = fields[id];
    if (v === null) return void changes.push(() => set(null));
    const wanted = isObject(v) ? v : null;
    const option = WSJF_SCALE.find((n) => {
      const o = wsjfOption(call.state.base, id, n, mode === 'named');
      return wanted !== null && (wanted.value === o.value || wanted.id === o.id);
    });
    if (option === undefined) errors[id] = `Specify a valid 'id' or 'name' for ${id}`;
    else changes.push(() => set(option));
  };
  for (const id of Object.keys(fields)) {
    const value = fields[id];
    switch (id) {
      case 'summary':
        if (typeof value !== 'string' || value.trim() === '') errors.summary = 'You must specify a summary of the issue.';
        else if (value.length > 255) errors.summary = 'Summary must be less than 255 characters.';
        else changes.push(() => (issue.summary = value));
        break;
      case 'labels':
        if (!Array.isArray(value) || !value.every((l) => typeof l === 'string' && l.length > 0 && !/\s/.test(l))) errors.labels = 'The label must not contain spaces.';
        else changes.push(() => (issue.labels = [...new Set(value as string[])]));
        break;
      case 'components': {
        const project = store.projects.find((p) => p.key === issue.projectKey);
        const names = Array.isArray(value) ? value.map((c) => (isObject(c) ? c.name : undefined)) : [];
        if (!Array.isArray(value) || !names.every((n) => typeof n === 'string' && project?.components.includes(n))) errors.components = 'Component name is not valid.';
        else changes.push(() => (issue.components = names as string[]));
        break;
      }
      case 'parent': {
        const key = isObject(value) ? value.key ?? value.id : undefined;
        const parent = typeof key === 'string' ? store.issues.get(key.toUpperCase()) : undefined;
        if (value === null) changes.push(() => (issue.parentKey = null));
        else if (!parent || !can(call.user, parent.projectKey, 'BROWSE_PROJECTS')) errors.parent = `Could not find issue by id or key.`;
        else changes.push(() => (issue.parentKey = parent.key));
        break;
      }
      case 'description':
      case FIELD_IDS.acceptanceCriteria:
        if (id !== 'description' && !store.acceptanceCriteriaField) errors[id] = FIELD_NOT_SETTABLE(id);
        else if (value !== null && !isAdf(value)) errors[id] = 'Operation value must be an Atlassian Document (see the Atlassian Document Format).';
        else changes.push(() => (id === 'description' ? (issue.description = value as AdfNode | null) : (issue.acceptanceCriteria = value as AdfNode | null)));
        break;
      case FIELD_IDS.businessValue:
        wsjfField(id, (v) => (issue.businessValue = v));
        break;
      case FIELD_IDS.timeCriticality:
        wsjfField(id, (v) => (issue.timeCriticality = v));
        break;
      case FIELD_IDS.riskReduction:
        wsjfField(id, (v) => (issue.riskReduction = v));
        break;
      case FIELD_IDS.jobSize:
        wsjfField(id, (v) => (issue.jobSize = v));
        break;
      case FIELD_IDS.sprint: {
        const sprint = typeof value === 'number' ? store.sprints.find((s) => s.id === value) : undefined;
        if (value === null) changes.push(() => (issue.sprintIds = issue.sprintIds.filter((sid) => store.sprints.find((s) => s.id === sid)?.state === 'closed')));
        else if (!sprint || sprint.state === 'closed') errors[id] = 'Sprint id is not valid or the sprint is closed.';
        else changes.push(() => (issue.sprintIds = [...issue.sprintIds.filter((sid) => store.sprints.find((s) => s.id === sid)?.state === 'closed'), sprint.id]));
        break;
      }
      case 'project':
      case 'issuetype':
        if (!creating) errors[id] = FIELD_NOT_SETTABLE(id);
        break;
      default:
        if (id === pointsFieldId(store)) numberField(id, (v) => (issue.points = v));
        else errors[id] = FIELD_NOT_SETTABLE(id);
    }
  }
  if (Object.keys(errors).length === 0) changes.forEach((apply) => apply());
  return errors;
}

function createIssue(call: Call): Reply {
  const store = call.state.store;
  const body = call.body;
  if (!isObject(body) || !isObject(body.fields)) throw jiraError(400, ['Request body must contain a fields object.']);
  const fields = body.fields;
  const projectRef = isObject(fields.project) ? fields.project.key ?? fields.project.id : undefined;
  const project = store.projects.find((p) => p.key === projectRef || p.id === projectRef);
  if (!project || !can(call.user, project.key, 'BROWSE_PROJECTS')) throw jiraError(400, [], { project: 'Specify a valid project ID or key' });
  if (!can(call.user, project.key, 'EDIT_ISSUES')) throw jiraError(403, [`You do not have permission to create issues in project ${project.key}.`]);
  const typeRef = isObject(fields.issuetype) ? fields.issuetype.name ?? fields.issuetype.id : undefined;
  const type = ISSUE_TYPES.find((t) => t.name === typeRef || t.id === typeRef);
  if (!type) throw jiraError(400, [], { issuetype: 'Specify an issue type' });
  if (typeof fields.summary !== 'string') throw jiraError(400, [], { summary: 'You must specify a summary of the issue.' });
  const now = jiraDateTime(new Date());
  const number = store.nextKeyNumber[project.key] ?? 1;
  const bottom = sortedByRank(call.state);
  const issue: DemoIssue = {
    id: String(store.nextIssueId),
    key: `${project.key}-${number}`,
    projectKey: project.key,
    summary: '',
    issueType: type.name,
    ...blankIssueFields(),
    created: now,
    updated: now,
    // new issues land at the bottom of the backlog, as in Jira
    rank: rankBetween(bottom.length > 0 ? bottom[bottom.length - 1].rank : null, null),
  };
  const rest = { ...fields };
  delete rest.project;
  delete rest.issuetype;
  const errors = applyFields(call, issue, rest, true);
  if (Object.keys(errors).length > 0) throw jiraError(400, [], errors);
  store.nextIssueId++;
  store.nextKeyNumber[project.key] = number + 1;
  store.issues.set(issue.key, issue);
  const cached = call.state.order !== null && call.state.order.version === store.orderVersion;
  store.orderVersion++;
  if (cached && call.state.order) call.state.order = { version: store.orderVersion, issues: [...call.state.order.issues, issue] };
  return { status: 201, body: { id: issue.id, key: issue.key, self: `${call.state.base}/rest/api/3/issue/${issue.id}` } };
}

/** `DELETE /rest/api/3/issue/{key}`: gone for good (the demo's admins hold "Delete issues"). */
function deleteIssue(call: Call, issue: DemoIssue): Reply {
  if (!can(call.user, issue.projectKey, 'ADMINISTER_PROJECTS')) throw jiraError(403, [`You do not have permission to delete issues in project ${issue.projectKey}.`]);
  call.state.store.issues.delete(issue.key);
  call.state.store.orderVersion++;
  return { status: 204 };
}

function editIssue(call: Call, issue: DemoIssue): Reply {
  const body = call.body;
  if (!isObject(body)) throw jiraError(400, ['Request body must be a JSON object.']);
  requireEdit(call, issue);
  const fields = isObject(body.fields) ? { ...body.fields } : {};
  const update = isObject(body.update) ? body.update : {};
  const errors: Record<string, string> = {};
  let labels = [...issue.labels];
  for (const [field, ops] of Object.entries(update)) {
    if (field !== 'labels' || !Array.isArray(ops)) {
      errors[field] = FIELD_NOT_SETTABLE(field);
      continue;
    }
    for (const op of ops) {
      if (isObject(op) && typeof op.add === 'string' && !/\s/.test(op.add)) labels = labels.includes(op.add) ? labels : [...labels, op.add];
      else if (isObject(op) && typeof op.remove === 'string') labels = labels.filter((l) => l !== op.remove);
      else if (isObject(op) && Array.isArray(op.set)) labels = op.set.filter((l): l is string => typeof l === 'string');
      else errors.labels = 'The label must not contain spaces.';
    }
  }
  if ('labels' in update && !('labels' in errors)) fields.labels = labels;
  const fieldErrors = Object.keys(errors).length === 0 ? applyFields(call, issue, fields, false) : {};
  Object.assign(errors, fieldErrors);
  if (Object.keys(errors).length > 0) throw jiraError(400, [], errors);
  // A value set through the API replaces one Jira held in an unreadable form (see `DemoSite.setRawFields`).
  if (issue.rawFields) {
    for (const id of Object.keys(fields)) delete issue.rawFields[id];
    if (Object.keys(issue.rawFields).length === 0) delete issue.rawFields;
  }
  touch(issue);
  return { status: 204 };
}

function transitionIssue(call: Call, issue: DemoIssue): Reply {
  const body = call.body;
  const id = isObject(body) && isObject(body.transition) ? String(body.transition.id ?? '') : '';
  const transition = TRANSITIONS.find((t) => t.id === id && t.to !== issue.statusId);
  if (!transition) throw jiraError(400, [`Transition id '${id}' is not valid for this issue.`]);
  requireEdit(call, issue);
  const from = statusById(issue.statusId).category;
  const to = statusById(transition.to).category;
  issue.statusId = transition.to;
  touch(issue);
  if (from !== to) issue.statusCategoryChangedDate = issue.updated;
  // A workflow whose Done transition sets no resolution (quirk) leaves resolutiondate null.
  if (to === 'done' && from !== 'done' && !call.state.store.quirks.doneWithoutResolution) issue.resolutiondate = issue.updated;
  if (to !== 'done') issue.resolutiondate = null;
  if (issue.resolution !== undefined) issue.resolution = to === 'done' && !call.state.store.quirks.doneWithoutResolution ? (transition.to === '10002' ? "Won't Do" : 'Done') : null;
  return { status: 204 };
}

function createLink(call: Call): Reply {
  const body = call.body;
  if (!isObject(body) || !isObject(body.type) || !isObject(body.inwardIssue) || !isObject(body.outwardIssue)) {
    throw jiraError(400, ['The request must contain type, inwardIssue and outwardIssue.']);
  }
  const typeRef = body.type as Record<string, unknown>;
  const type = call.state.store.linkTypes.find((t) => t.name === typeRef.name || t.id === typeRef.id);
  if (!type) throw jiraError(404, [`No issue link type with name '${String(typeRef.name ?? typeRef.id)}' found.`]);
  const keyOf = (ref: Record<string, unknown>): string => String(ref.key ?? ref.id ?? '');
  // Jira's quirk, kept on purpose: the inwardIssue is the link's source ("A blocks B" needs inwardIssue A).
  const source = visibleIssue(call, keyOf(body.inwardIssue as Record<string, unknown>));
  const destination = visibleIssue(call, keyOf(body.outwardIssue as Record<string, unknown>));
  if (source.key === destination.key) throw jiraError(400, ['You cannot link an issue to itself.']);
  requireEdit(call, source);
  const store = call.state.store;
  const exists = store.links.some((l) => l.typeId === type.id && l.sourceKey === source.key && l.destinationKey === destination.key);
  if (!exists) {
    store.links.push({ id: String(store.nextLinkId++), typeId: type.id, sourceKey: source.key, destinationKey: destination.key });
    touch(source);
    touch(destination);
  }
  return { status: 201 };
}

// ---------------------------------------------------------------- agile

function issueKeysBody(call: Call): string[] {
  const body = call.body;
  if (!isObject(body) || !Array.isArray(body.issues) || body.issues.length === 0 || !body.issues.every((k) => typeof k === 'string')) {
    throw jiraError(400, ['issues: must contain at least one issue key or id.']);
  }
  if (body.issues.length > AGILE_BATCH_LIMIT) throw jiraError(400, [`The maximum number of issues per request is ${AGILE_BATCH_LIMIT}, but ${body.issues.length} were given.`]);
  return body.issues as string[];
}

function indexOfRank(order: DemoIssue[], rank: string): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (order[mid].rank < rank) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Give `moving` consecutive ranks just before (or after) `anchor`, in the given order, and keep the cached
 * rank order in step without re-sorting everything (the benchmark re-ranks thousands of issues).
 */
function moveInRankOrder(state: SiteState, moving: DemoIssue[], anchor: DemoIssue, before: boolean): void {
  const movingKeys = new Set(moving.map((i) => i.key));
  const order = sortedByRank(state).filter((i) => !movingKeys.has(i.key));
  const at = indexOfRank(order, anchor.rank);
  const lower = before ? (at > 0 ? order[at - 1].rank : null) : anchor.rank;
  const upper = before ? anchor.rank : at + 1 < order.length ? order[at + 1].rank : null;
  let previous = lower;
  for (const issue of moving) {
    issue.rank = rankBetween(previous, upper);
    previous = issue.rank;
    touch(issue);
  }
  order.splice(before ? at : at + 1, 0, ...moving);
  state.store.orderVersion++;
  state.order = { version: state.store.orderVersion, issues: order };
}

function rankIssues(call: Call): Reply {
  const keys = issueKeysBody(call);
  const body = call.body as Record<string, unknown>;
  if (body.rankCustomFieldId !== undefined && body.rankCustomFieldId !== RANK_CUSTOM_FIELD_ID) {
    throw jiraError(400, [`The custom field with id ${String(body.rankCustomFieldId)} is not a rank field.`]);
  }
  const before = typeof body.rankBeforeIssue === 'string' ? body.rankBeforeIssue : null;
  const after = typeof body.rankAfterIssue === 'string' ? body.rankAfterIssue : null;
  if ((before === null) === (after === null)) throw jiraError(400, ['Exactly one of rankBeforeIssue and rankAfterIssue must be given.']);
  const anchor = visibleIssue(call, (before ?? after) as string);
  const issues = keys.map((k) => visibleIssue(call, k));
  if (issues.some((i) => i.key === anchor.key)) throw jiraError(400, ['An issue cannot be ranked relative to itself.']);
  for (const issue of issues) requireEdit(call, issue, 'SCHEDULE_ISSUES');

  const failing = new Set<string>();
  const fault = call.state.faults.rank;
  if (fault && fault.remaining > 0) {
    fault.remaining--;
    issues.forEach((issue, i) => {
      if (fault.keys.has(issue.key) || i >= issues.length - fault.lastN) failing.add(issue.key);
    });
  }
  const moving = issues.filter((i) => !failing.has(i.key));
  if (moving.length > 0) moveInRankOrder(call.state, moving, anchor, before !== null);
  if (failing.size === 0) return { status: 204 };
  return {
    status: 207,
    body: {
      entries: issues.map((issue): JsonObject =>
        failing.has(issue.key)
          ? { issueId: Number(issue.id), issueKey: issue.key, status: 503, errors: ['JIRA Agile cannot execute the rank operation at this time. Please try again later.'] }
          : { issueId: Number(issue.id), issueKey: issue.key, status: 200 },
      ),
    },
  };
}

function openSprintIds(store: DemoStore): Set<number> {
  return new Set(store.sprints.filter((s) => s.state !== 'closed').map((s) => s.id));
}

function moveToSprint(call: Call, sprintId: number): Reply {
  const store = call.state.store;
  const sprint = store.sprints.find((s) => s.id === sprintId);
  const board = sprint ? store.boards.find((b) => b.id === sprint.boardId) : undefined;
  if (!sprint || !board || !can(call.user, board.projectKey, 'BROWSE_PROJECTS')) throw jiraError(404, ['The sprint does not exist or you do not have permission to view it.']);
  const keys = issueKeysBody(call);
  if (sprint.state === 'closed') throw jiraError(400, ['Issues can only be moved to open or active sprints.']);
  const issues = keys.map((k) => visibleIssue(call, k));
  for (const issue of issues) requireEdit(call, issue, 'SCHEDULE_ISSUES');
  const open = openSprintIds(store);
  for (const issue of issues) {
    issue.sprintIds = [...issue.sprintIds.filter((id) => !open.has(id)), sprint.id];
    touch(issue);
  }
  return { status: 204 };
}

function moveToBacklog(call: Call): Reply {
  const store = call.state.store;
  const issues = issueKeysBody(call).map((k) => visibleIssue(call, k));
  for (const issue of issues) requireEdit(call, issue, 'SCHEDULE_ISSUES');
  const open = openSprintIds(store);
  for (const issue of issues) {
    if (issue.sprintIds.some((id) => open.has(id))) {
      issue.sprintIds = issue.sprintIds.filter((id) => !open.has(id));
      touch(issue);
    }
  }
  return { status: 204 };
}

function pageOf<T extends Json>(query: URLSearchParams, items: T[], withTotal: boolean): JsonObject {
  const startAt = Math.max(0, Number(query.get('startAt') ?? 0) || 0);
  const maxResults = Math.min(50, Math.max(1, Number(query.get('maxResults') ?? 50) || 50));
  const values = items.slice(startAt, startAt + maxResults);
  const page: JsonObject = { maxResults, startAt, isLast: startAt + values.length >= items.length, values };
  if (withTotal) page.total = items.length;
  return page;
}

function visibleBoard(call: Call, idText: string): DemoBoard {
  const board = call.state.store.boards.find((b) => String(b.id) === idText);
  if (!board || !can(call.user, board.projectKey, 'BROWSE_PROJECTS')) {
    throw jiraError(404, ['The requested board cannot be viewed because it either does not exist or you do not have permission to view it.']);
  }
  return board;
}

function listBoards(call: Call): Reply {
  const store = call.state.store;
  const projectRef = call.query.get('projectKeyOrId');
  const type = call.query.get('type');
  let boards = store.boards.filter((b) => can(call.user, b.projectKey, 'BROWSE_PROJECTS'));
  if (projectRef) {
    const project = store.projects.find((p) => p.key === projectRef.toUpperCase() || p.id === projectRef);
    if (!project || !can(call.user, project.key, 'BROWSE_PROJECTS')) throw jiraError(400, [`No project could be found with key or id '${projectRef}'.`]);
    boards = boards.filter((b) => b.projectKey === project.key);
  }
  if (type) {
    const types = type.split(',').map((t) => t.trim());
    boards = boards.filter((b) => types.includes(b.type ?? 'scrum'));
  }
  const values = boards.map((b) => {
    const project = store.projects.find((p) => p.key === b.projectKey);
    return {
      id: b.id,
      self: `${call.state.base}/rest/agile/1.0/board/${b.id}`,
      name: b.name,
      type: b.type ?? 'scrum',
      location: {
        projectId: Number(project?.id),
        displayName: `${project?.name} (${b.projectKey})`,
        projectName: project?.name ?? '',
        projectKey: b.projectKey,
        projectTypeKey: project ? projectTypeKeyOf(project) : 'software',
        avatarURI: `${call.state.base}/secure/projectavatar?size=small&s=small&pid=${project?.id}`,
        name: `${project?.name} (${b.projectKey})`,
      },
    } as JsonObject;
  });
  return { status: 200, body: pageOf(call.query, values, true) };
}

function boardConfiguration(call: Call, idText: string): Reply {
  const board = visibleBoard(call, idText);
  const store = call.state.store;
  const base = call.state.base;
  const project = store.projects.find((p) => p.key === board.projectKey);
  const statusRef = (id: string): JsonObject => ({ id, self: `${base}/rest/api/3/status/${id}` });
  return {
    status: 200,
    body: {
      id: board.id,
      name: board.name,
      type: board.type ?? 'scrum',
      self: `${base}/rest/agile/1.0/board/${board.id}/configuration`,
      location: { type: 'project', projectKeyOrId: project?.id ?? board.projectKey },
      filter: { id: String(10000 + board.id), self: `${base}/rest/api/3/filter/${10000 + board.id}` },
      subQuery: { query: 'fixVersion in unreleasedVersions() OR fixVersion is EMPTY' },
      columnConfig: {
        columns: [
          { name: 'To Do', statuses: [statusRef('10000')] },
          { name: 'In Progress', statuses: [statusRef('3')] },
          { name: 'Done', statuses: [statusRef('10001'), statusRef('10002')] },
        ],
        constraintType: 'issueCount',
      },
      estimation: boardEstimation(store),
      ranking: { rankCustomFieldId: RANK_CUSTOM_FIELD_ID },
    },
  };
}

/** What the board estimates with: its points field, the original time estimate, or (look-alike fields) issue count. */
function boardEstimation(store: DemoStore): JsonObject {
  if (store.quirks.timeEstimates) return { type: 'field', field: { fieldId: 'timeoriginalestimate', displayName: 'Original Time Estimate' } };
  if (store.quirks.duplicatePointsFields) return { type: 'issueCount' };
  return { type: 'field', field: { fieldId: pointsFieldId(store), displayName: store.storyPointsField } };
}

/**
 * `POST /rest/agile/1.0/sprint`: a new future sprint on a board. Jira asks for Manage sprints on the board's
 * projects (here: Administer projects); dates are optional, and a start after the end is refused.
 */
function createSprint(call: Call): Reply {
  const b = isObject(call.body) ? call.body : {};
  const name = typeof b.name === 'string' ? b.name.trim() : '';
  if (name === '') throw jiraError(400, [], { name: 'Sprint name is required.' });
  if (name.length > 30) throw jiraError(400, [], { name: 'Sprint name must be 30 characters or fewer.' });
  const board = visibleBoard(call, String(b.originBoardId ?? ''));
  if (!can(call.user, board.projectKey, 'ADMINISTER_PROJECTS')) throw jiraError(403, ['You do not have permission to create a sprint on this board.']);
  const date = (v: unknown): string | null => (typeof v === 'string' && Number.isFinite(Date.parse(v)) ? jiraDateTime(new Date(Date.parse(v))) : null);
  const startDate = date(b.startDate);
  const endDate = date(b.endDate);
  if (startDate && endDate && Date.parse(startDate) > Date.parse(endDate)) throw jiraError(400, [], { endDate: 'The end date must be after the start date.' });
  const store = call.state.store;
  const sprint: DemoSprint = {
    id: store.sprints.reduce((max, s) => Math.max(max, s.id), 0) + 1,
    boardId: board.id,
    name,
    state: 'future',
    startDate,
    endDate,
    completeDate: null,
    goal: typeof b.goal === 'string' ? b.goal : '',
  };
  store.sprints.push(sprint);
  return { status: 201, body: renderAgileSprint(call.state.base, sprint) };
}

function boardSprints(call: Call, idText: string): Reply {
  const board = visibleBoard(call, idText);
  if (board.type === 'kanban') throw jiraError(400, ['The board does not support sprints']);
  const states = (call.query.get('state') ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (states.some((s) => !['active', 'future', 'closed'].includes(s))) throw jiraError(400, [`Invalid sprint state: ${call.query.get('state')}.`]);
  const sprints = call.state.store.sprints.filter((s) => s.boardId === board.id && (states.length === 0 || states.includes(s.state)));
  return { status: 200, body: pageOf(call.query, sprints.map((s) => renderAgileSprint(call.state.base, s)), false) };
}

// ---------------------------------------------------------------- platform reads

const GLOBAL_PERMISSION_INFO: Record<string, { id: string; name: string }> = {
  ADMINISTER: { id: '0', name: 'Administer Jira' },
};

const PERMISSION_INFO: Record<string, { id: string; name: string; derivedFrom?: ProjectPermission }> = {
  BROWSE_PROJECTS: { id: '10', name: 'Browse Projects' },
  ADMINISTER_PROJECTS: { id: '23', name: 'Administer Projects' },
  EDIT_ISSUES: { id: '12', name: 'Edit Issues' },
  SCHEDULE_ISSUES: { id: '28', name: 'Schedule Issues' },
  CREATE_ISSUES: { id: '11', name: 'Create Issues', derivedFrom: 'EDIT_ISSUES' },
  LINK_ISSUES: { id: '21', name: 'Link Issues', derivedFrom: 'EDIT_ISSUES' },
  TRANSITION_ISSUES: { id: '46', name: 'Transition Issues', derivedFrom: 'EDIT_ISSUES' },
};

function myPermissions(call: Call): Reply {
  const keys = (call.query.get('permissions') ?? '').split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  if (keys.length === 0) throw jiraError(400, ['The permissions query parameter is required.']);
  const unknown = keys.find((k) => !PERMISSION_INFO[k] && !GLOBAL_PERMISSION_INFO[k]);
  if (unknown) throw jiraError(400, [`Unrecognized permission keys: ${unknown}`]);
  const projectKey = call.query.get('projectKey');
  const project = projectKey ? call.state.store.projects.find((p) => p.key === projectKey.toUpperCase() || p.id === projectKey) : undefined;
  if (projectKey && (!project || !can(call.user, project.key, 'BROWSE_PROJECTS'))) throw jiraError(404, [`No project could be found with key '${projectKey}'.`]);
  const has = (key: string): boolean => {
    const info = PERMISSION_INFO[key];
    const permission = (info.derivedFrom ?? key) as ProjectPermission;
    const projects = project ? [project.key] : Object.keys(call.user.permissions);
    return projects.some((p) => can(call.user, p, permission));
  };
  const permissions: JsonObject = {};
  for (const key of keys) {
    const global = GLOBAL_PERMISSION_INFO[key];
    // A global permission answers the same in every context (with or without projectKey).
    if (global) permissions[key] = { id: global.id, key, name: global.name, type: 'GLOBAL', description: global.name, havePermission: call.user.globalPermissions.includes('ADMINISTER') };
    else {
      const info = PERMISSION_INFO[key];
      permissions[key] = { id: info.id, key, name: info.name, type: 'PROJECT', description: info.name, havePermission: has(key) };
    }
  }
  return { status: 200, body: { permissions } };
}

function getProject(call: Call, ref: string): Reply {
  const store = call.state.store;
  const project = store.projects.find((p) => p.key === ref.toUpperCase() || p.id === ref);
  if (!project || !can(call.user, project.key, 'BROWSE_PROJECTS')) throw jiraError(404, [`No project could be found with key '${ref}'.`]);
  const base = call.state.base;
  const lead = store.users.find((u) => can(u, project.key, 'ADMINISTER_PROJECTS'));
  return {
    status: 200,
    body: {
      ...renderProjectRef(base, project),
      expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
      description: project.kind === 'program' ? 'Program backlog of the Aurora Release Train' : `Team backlog of ${project.name}`,
      assigneeType: 'UNASSIGNED',
      isPrivate: false,
      // Jira names the project lead to everyone who may browse the project; here, its first administrator.
      ...(lead ? { lead: publicProfile(lead, base) } : {}),
      style: store.quirks.teamManaged?.includes(project.key) ? 'next-gen' : 'classic',
      simplified: store.quirks.teamManaged?.includes(project.key) === true,
      components: project.components.map((name, i) => ({ self: `${base}/rest/api/3/component/${project.id}${i}`, id: `${project.id}${i}`, name, isAssigneeTypeValid: false })),
      issueTypes: ISSUE_TYPES.filter((t) => (project.kind === 'program') === (t.name === 'Feature')).map((t) => renderIssueType(base, t.name)),
      versions: store.versions
        .filter((v) => v.projectKey === project.key)
        .map((v) => ({ self: `${base}/rest/api/3/version/${v.id}`, id: v.id, name: v.name, archived: false, released: v.released, projectId: Number(project.id) })),
      properties: {},
    },
  };
}

/**
 * `project/search`: the projects the user may browse (Jira leaves out the others without a word), filtered by
 * `typeKey`, in key order, paged by `startAt` / `maxResults` (at most 50 a page, as Jira).
 */
function projectSearch(call: Call): Reply {
  const store = call.state.store;
  const typeKey = call.query.get('typeKey');
  const startAt = Math.max(0, Number(call.query.get('startAt') ?? 0) || 0);
  const maxResults = Math.min(50, Math.max(1, Number(call.query.get('maxResults') ?? 50) || 50));
  const visible = store.projects
    .filter((p) => can(call.user, p.key, 'BROWSE_PROJECTS') && (typeKey === null || projectTypeKeyOf(p) === typeKey))
    .sort((a, b) => a.key.localeCompare(b.key));
  const page = visible.slice(startAt, startAt + maxResults);
  const base = call.state.base;
  return {
    status: 200,
    body: {
      self: `${base}/rest/api/3/project/search?startAt=${startAt}&maxResults=${maxResults}`,
      maxResults,
      startAt,
      total: visible.length,
      isLast: startAt + page.length >= visible.length,
      values: page.map((p) => renderProjectRef(base, p)),
    },
  };
}

/**
 * `project/{key}/roledetails`: per Atlassian's description it needs Administer projects for the project or
 * Administer Jira, and answers 404 to anyone else (as for a project that does not exist), so a non-admin
 * user can never learn their own role membership from it.
 */
function projectRoleDetails(call: Call, ref: string): Reply {
  const store = call.state.store;
  const project = store.projects.find((p) => p.key === ref.toUpperCase() || p.id === ref);
  const allowed = project && (can(call.user, project.key, 'ADMINISTER_PROJECTS') || call.user.globalPermissions.includes('ADMINISTER'));
  if (!project || !allowed) throw jiraError(404, [`No project could be found with key '${ref}'.`]);
  const currentMember = call.query.get('currentMember') === 'true';
  const mine = call.user.roles[project.key] ?? [];
  const roles = PROJECT_ROLES.filter((r) => !currentMember || mine.includes(r.name));
  return {
    status: 200,
    body: roles.map((r) => ({
      self: `${call.state.base}/rest/api/3/project/${project.id}/role/${r.id}`,
      name: r.name,
      id: r.id,
      description: r.description,
      admin: r.name === 'Administrators',
      default: r.name === 'Developers',
      roleConfigurable: true,
      translatedName: r.name,
    })),
  };
}

/** Anyone may read it (Jira: "can be accessed anonymously"); the fields Jira Cloud answers with. */
function serverInfo(call: Call): Reply {
  return {
    status: 200,
    body: {
      baseUrl: call.state.base,
      displayUrl: call.state.base,
      version: '1001.0.0-SNAPSHOT',
      versionNumbers: [1001, 0, 0],
      deploymentType: 'Cloud',
      buildNumber: 100291,
      buildDate: '2026-11-20T00:00:00.000+0000',
      serverTime: new Date().toISOString().replace('Z', '+0000'),
      scmInfo: 'demo',
      serverTitle: 'Jira',
      serverTimeZone: call.state.timeZone,
      defaultLocale: { locale: 'en_US' },
    },
  };
}

function myself(call: Call): Reply {
  const u = call.user;
  const base = call.state.base;
  const expand = new Set((call.query.get('expand') ?? '').split(',').map((e) => e.trim()));
  // Without the expand Jira still sends the wrappers, with their size and no items.
  const groups = u.groups.map((name) => ({ name, groupId: GROUPS[name] ?? null, self: `${base}/rest/api/3/group?groupId=${GROUPS[name] ?? name}` }));
  const applicationRoles = [{ key: 'jira-software', name: 'Jira Software' }];
  return {
    status: 200,
    body: {
      ...publicProfile(u, base),
      emailAddress: u.email,
      locale: 'en_US',
      groups: { size: groups.length, items: expand.has('groups') ? groups : [] },
      applicationRoles: { size: applicationRoles.length, items: expand.has('applicationRoles') ? applicationRoles : [] },
      expand: 'groups,applicationRoles',
    },
  };
}

function issueLinkTypes(call: Call): Reply {
  return {
    status: 200,
    body: { issueLinkTypes: call.state.store.linkTypes.map((t) => ({ id: t.id, name: t.name, inward: t.inward, outward: t.outward, self: `${call.state.base}/rest/api/3/issueLinkType/${t.id}` })) },
  };
}

function transitions(call: Call, issue: DemoIssue): Reply {
  return {
    status: 200,
    body: {
      transitions: TRANSITIONS.filter((t) => t.to !== issue.statusId).map((t) => ({
        id: t.id,
        name: t.name,
        to: renderStatus(call.state.base, t.to),
        hasScreen: false,
        isGlobal: true,
        isInitial: false,
        isAvailable: true,
        isConditional: false,
        isLooped: false,
      })),
    },
  };
}

// ---------------------------------------------------------------- routing

/** GET /rest/api/3/user?accountId=: another user's public profile (as any signed-in user may read it). */
function userByAccountId(call: Call): Reply {
  const accountId = call.query.get('accountId');
  if (!accountId) throw jiraError(400, ['The accountId query parameter needs to be provided.']);
  const u = [...call.state.store.users, ...call.state.store.people].find((user) => user.accountId === accountId);
  if (!u) throw jiraError(404, [`Specified user does not exist or you do not have required permissions`]);
  return { status: 200, body: publicProfile(u, call.state.base) };
}

/** What Jira shows of any user (the user API; `/myself` adds the private parts). */
function publicProfile(u: { accountId: string; displayName: string }, base: string): { [key: string]: Json } {
  return {
    self: `${base}/rest/api/3/user?accountId=${u.accountId}`,
    accountId: u.accountId,
    accountType: 'atlassian',
    displayName: u.displayName,
    active: true,
    timeZone: 'UTC',
    avatarUrls: { '48x48': `${base}/avatar/48.png`, '24x24': `${base}/avatar/24.png`, '16x16': `${base}/avatar/16.png`, '32x32': `${base}/avatar/32.png` },
  };
}

const RETIRED_SEARCH = 'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';

const WSJF_FIELDS: readonly string[] = [FIELD_IDS.businessValue, FIELD_IDS.timeCriticality, FIELD_IDS.riskReduction, FIELD_IDS.jobSize];

/** GET field/{id}/context (one global context) and field/{id}/context/{ctx}/option, one page each, as Jira pages them. */
function fieldOptions(call: Call, fieldId: string, contextId: string | undefined): Reply {
  const mode = call.state.store.quirks.selectWsjf;
  if (!call.user.globalPermissions.includes('ADMINISTER')) return { status: 403, body: { errorMessages: ['Only Jira administrators can access custom field contexts.'], errors: {} } };
  if (!mode || !WSJF_FIELDS.includes(fieldId)) return { status: 404, body: { errorMessages: [`The custom field was not found.`], errors: {} } };
  const contextIdOf = `${fieldId.replace('customfield_', '')}0`;
  const page = (values: Json[]) => ({ status: 200, body: { isLast: true, maxResults: 100, startAt: 0, total: values.length, values } });
  if (contextId === undefined) return page([{ id: contextIdOf, name: 'Default Configuration Scheme', description: '', isGlobalContext: true, isAnyIssueType: true }]);
  if (contextId !== contextIdOf) return { status: 404, body: { errorMessages: ['The context was not found.'], errors: {} } };
  return page(WSJF_SCALE.map((n) => {
    const o = wsjfOption(call.state.base, fieldId, n, mode === 'named');
    return { id: o.id as string, value: o.value as string, disabled: false };
  }));
}

function route(call: Call): Reply {
  const { method, path, query } = call;
  const m = (re: RegExp): RegExpExecArray | null => re.exec(path);
  let match: RegExpExecArray | null;
  if (path === '/rest/api/3/myself' && method === 'GET') return myself(call);
  if (path === '/rest/api/3/serverInfo' && method === 'GET') return serverInfo(call);
  if (path === '/rest/api/3/user' && method === 'GET') return userByAccountId(call);
  if (path === '/rest/api/3/field' && method === 'GET') return { status: 200, body: renderFields(call.state.store) };
  // A select-list field's contexts and options (WSJF quirk): Jira lets only Jira admins read them.
  if ((match = m(/^\/rest\/api\/3\/field\/([^/]+)\/context(?:\/(\d+)\/option)?$/)) && method === 'GET') return fieldOptions(call, decodeURIComponent(match[1] ?? ''), match[2]);
  if (path === '/rest/api/3/search') return { status: 410, body: { errorMessages: [RETIRED_SEARCH], errors: {} } };
  if (path === '/rest/api/3/search/jql' && method === 'POST') {
    const b = isObject(call.body) ? call.body : {};
    return searchJql(call, { jql: b.jql, fields: b.fields, maxResults: b.maxResults, nextPageToken: b.nextPageToken });
  }
  if (path === '/rest/api/3/search/jql' && method === 'GET') {
    return searchJql(call, { jql: query.get('jql'), fields: query.getAll('fields'), maxResults: query.get('maxResults') ?? undefined, nextPageToken: query.get('nextPageToken') });
  }
  if (path === '/rest/api/3/search/approximate-count' && method === 'POST') {
    const jql = isObject(call.body) ? call.body.jql : undefined;
    if (typeof jql !== 'string' || jql.trim() === '') throw jiraError(400, ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
    const { matches, ranked } = parseQuery(call, jql);
    let count = 0;
    for (const issue of ranked()) if (matches(issue)) count++;
    return { status: 200, body: { count } };
  }
  if (path === '/rest/api/3/mypermissions' && method === 'GET') return myPermissions(call);
  if (path === '/rest/api/3/project/search' && method === 'GET') return projectSearch(call);
  if ((match = m(/^\/rest\/api\/3\/project\/([^/]+)$/)) && method === 'GET') return getProject(call, decodeURIComponent(match[1]));
  if ((match = m(/^\/rest\/api\/3\/project\/([^/]+)\/roledetails$/)) && method === 'GET') return projectRoleDetails(call, decodeURIComponent(match[1]));
  if (path === '/rest/api/3/issue' && method === 'POST') return createIssue(call);
  if (path === '/rest/api/3/issue/bulkfetch' && method === 'POST') return bulkFetch(call);
  if (path === '/rest/api/3/app/field/value' && method === 'POST') return setAppFieldValues(call);
  if ((match = m(/^\/rest\/api\/3\/issue\/([^/]+)$/))) {
    const issue = visibleIssue(call, decodeURIComponent(match[1]));
    if (method === 'GET') {
      const selected = selectFields(query.getAll('fields'), call.state.store, 'all');
      return { status: 200, body: renderIssue(renderContext(call), issue, selected), cost: { issues: 1, fields: fieldCost(selected) } };
    }
    if (method === 'PUT') return editIssue(call, issue);
    if (method === 'DELETE') return deleteIssue(call, issue);
  }
  if ((match = m(/^\/rest\/api\/3\/issue\/([^/]+)\/transitions$/))) {
    const issue = visibleIssue(call, decodeURIComponent(match[1]));
    if (method === 'GET') return transitions(call, issue);
    if (method === 'POST') return transitionIssue(call, issue);
  }
  if (path === '/rest/api/3/issueLinkType' && method === 'GET') return issueLinkTypes(call);
  if (path === '/rest/api/3/resolution/search' && method === 'GET') {
    const values = RESOLUTIONS.map((name, i) => ({ self: `${call.state.base}/rest/api/3/resolution/${10000 + i}`, id: String(10000 + i), description: '', name, default: i === 0 }));
    return { status: 200, body: pageOf(call.query, values, true) };
  }
  if (path === '/rest/api/3/issueLink' && method === 'POST') return createLink(call);
  if (path === '/rest/agile/1.0/board' && method === 'GET') return listBoards(call);
  if ((match = m(/^\/rest\/agile\/1\.0\/board\/([^/]+)\/configuration$/)) && method === 'GET') return boardConfiguration(call, match[1]);
  if ((match = m(/^\/rest\/agile\/1\.0\/board\/([^/]+)\/sprint$/)) && method === 'GET') return boardSprints(call, match[1]);
  if (path === '/rest/agile/1.0/sprint' && method === 'POST') return createSprint(call);
  if (path === '/rest/agile/1.0/issue/rank' && method === 'PUT') return rankIssues(call);
  if ((match = m(/^\/rest\/agile\/1\.0\/sprint\/(\d+)\/issue$/)) && method === 'POST') return moveToSprint(call, Number(match[1]));
  if (path === '/rest/agile/1.0/backlog/issue' && method === 'POST') return moveToBacklog(call);
  throw jiraError(404, [`The demo site does not implement ${method} ${path}.`]);
}

function authenticate(store: DemoStore, header: string | undefined): DemoUser | null {
  if (!header || !header.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const email = decoded.slice(0, colon);
  const token = decoded.slice(colon + 1);
  const user = store.users.find((u) => u.email === email && u.apiToken === token);
  if (user) return user;
  return email === APP_ACCOUNT.email && token === APP_ACCOUNT.apiToken ? appUser(store) : null;
}

/** The app as Jira knows it (its `asApp()` identity): it browses every project and holds no other permission. */
function appUser(store: DemoStore): DemoUser {
  return {
    ...APP_ACCOUNT,
    permissions: Object.fromEntries(store.projects.map((p) => [p.key, ['BROWSE_PROJECTS'] as ProjectPermission[]])),
    globalPermissions: [],
    groups: [],
    roles: {},
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type, accept',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
};

async function handle(state: SiteState, req: http.IncomingMessage): Promise<Reply> {
  const url = new URL(req.url ?? '/', 'http://demo.local');
  const path = url.pathname;
  const method = (req.method ?? 'GET').toUpperCase();
  const raw = await readBody(req);
  if (method === 'OPTIONS') return { status: 204 };
  const faults = state.faults;
  if (faults.latency && (!faults.latency.pathPrefix || path.startsWith(faults.latency.pathPrefix))) {
    await new Promise((r) => setTimeout(r, faults.latency?.ms ?? 0));
  }
  const limited = FaultState.take(faults.rateLimited, path);
  if (limited) {
    return { status: 429, headers: { 'retry-after': String(limited.retryAfterSeconds) }, body: { errorMessages: ['Rate limit exceeded.'], errors: {} } };
  }
  const failed = FaultState.take(faults.serverErrors, path);
  if (failed) return { status: failed.status, body: { errorMessages: ['Service unavailable (demo site fault).'], errors: {} } };

  const user = authenticate(state.store, req.headers.authorization);
  if (!user) {
    return { status: 401, headers: { 'www-authenticate': 'Basic realm="demo-site"' }, body: { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} } };
  }
  const latency = state.latency;
  if (!latency) return answer(state, user, method, path, url.searchParams, raw);
  if (!latency.admit(user.accountId)) {
    const retryAfter = String(latency.model.retryAfterSeconds);
    return { status: 429, headers: { 'retry-after': retryAfter }, body: { errorMessages: ['Rate limit exceeded: too many requests at once.'], errors: {} } };
  }
  const started = performance.now();
  try {
    const reply = answer(state, user, method, path, url.searchParams, raw);
    const service = latency.drawMs(reply.cost ?? { issues: 0, fields: 0 });
    const left = service - (performance.now() - started);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
    return { ...reply, serviceMs: service };
  } finally {
    latency.release(user.accountId);
  }
}

function answer(state: SiteState, user: DemoUser, method: string, path: string, query: URLSearchParams, raw: string): Reply {
  let body: unknown = undefined;
  if (raw.trim() !== '') {
    try {
      body = JSON.parse(raw);
    } catch {
      return { status: 400, body: { errorMessages: ['Unexpected character in the request body: it is not valid JSON.'], errors: {} } };
    }
  }
  try {
    return route({ state, user, method, path, query, body });
  } catch (error) {
    if (error instanceof HttpError) return error.reply;
    throw error;
  }
}

/** The request listener of the demo site, bound to a site state. */
export function createListener(state: SiteState): http.RequestListener {
  return (req, res) => {
    const path = req.url ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const receivedAt = performance.now();
    handle(state, req)
      .catch((error: unknown): Reply => ({ status: 500, body: { errorMessages: [`Demo site error: ${error instanceof Error ? error.message : String(error)}`], errors: {} } }))
      .then((reply) => {
        const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
        const bytes = Buffer.byteLength(payload);
        const headers: Record<string, string | number> = { ...CORS, ...(reply.headers ?? {}), 'content-length': bytes };
        if (payload !== '') headers['content-type'] = 'application/json;charset=UTF-8';
        const timing = { receivedAt, answeredAt: performance.now() };
        state.log.push({ method, path, status: reply.status, bytes, ...timing, ...(reply.serviceMs === undefined ? {} : { serviceMs: reply.serviceMs }) });
        res.writeHead(reply.status, headers);
        res.end(payload);
      });
  };
}

export { BLOCKS_LINK_TYPE, STATUSES };
