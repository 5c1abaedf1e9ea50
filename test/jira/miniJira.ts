/**
 * A tiny in-memory Jira for unit tests of the load/refresh/split flows: just the endpoints and the JQL
 * shapes the client sends, with small page sizes so paging always happens. (End-to-end tests use the
 * embedded demo site instead.)
 */

import { fakeJira, reply, type FakeCall, type FakeReply } from './fakeJira';

export const POINTS = 'customfield_10016';
export const SPRINT = 'customfield_10020';
export const BV = 'customfield_10100';
export const RANK = 'customfield_10019';

export interface MiniIssue {
  key: string;
  summary: string;
  type: string;
  category: 'new' | 'indeterminate' | 'done';
  labels: string[];
  updated: number;
  resolved: number | null;
  points: number | null;
  bv?: number;
  sprintIds: number[];
  parent?: string;
  blocks?: string[];
  fixVersions?: string[];
  /** Status name when not the category's default ("To Do" / "Done"). */
  statusName?: string;
}

export interface MiniSprint {
  id: number;
  name: string;
  state: 'active' | 'future' | 'closed';
  startDate?: string;
  endDate?: string;
  completeDate?: string;
  /** The board it belongs to (default 1, the team's; another board is one the user may not read). */
  boardId?: number;
}

export class MiniJira {
  /** In rank order. */
  issues: MiniIssue[] = [];
  sprints: MiniSprint[] = [];
  visibleProjects = new Set<string>();
  now = Date.parse('2026-11-25T12:00:00Z');
  pageSize = 3;
  idPageSize = 10;
  nextNumber = 1000;
  fieldList: unknown[] = [
    { id: 'summary', name: 'Summary', custom: false, schema: { type: 'string' } },
    { id: POINTS, name: 'Story point estimate', custom: true, schema: { type: 'number' } },
    { id: SPRINT, name: 'Sprint', custom: true, schema: { type: 'array' } },
    { id: BV, name: 'Business Value', custom: true, schema: { type: 'number' } },
  ];
  readonly jira = fakeJira((call) => this.handle(call));

  get calls(): FakeCall[] {
    return this.jira.calls;
  }

  add(partial: Partial<MiniIssue> & { key: string }): MiniIssue {
    const issue: MiniIssue = { summary: partial.key, type: 'Story', category: 'new', labels: [], updated: this.now - 86_400_000, resolved: null, points: null, sprintIds: [], ...partial };
    this.issues.push(issue);
    return issue;
  }

  get(key: string): MiniIssue {
    const issue = this.issues.find((i) => i.key === key);
    if (!issue) throw new Error(`no ${key}`);
    return issue;
  }

  touch(key: string, change: Partial<MiniIssue>, minutesLater = 1): void {
    this.now += minutesLater * 60_000;
    Object.assign(this.get(key), change, { updated: this.now });
  }

  private visible(issue: MiniIssue): boolean {
    return this.visibleProjects.has(project(issue.key));
  }

  private handle(call: FakeCall): FakeReply {
    const url = new URL(`http://mini${call.path}`);
    const path = url.pathname;
    if (path === '/rest/api/3/field') return reply(200, this.fieldList);
    if (path === '/rest/api/3/myself') return reply(200, { accountId: 'u1', timeZone: 'UTC' });
    if (path === '/rest/agile/1.0/board') return reply(200, { startAt: 0, maxResults: 50, isLast: true, values: [{ id: 1, name: 'TEAM board', type: 'scrum' }] });
    if (path === '/rest/agile/1.0/board/1/configuration') return reply(200, { estimation: { type: 'field', field: { fieldId: POINTS } }, ranking: { rankCustomFieldId: 10019 } });
    if (path === '/rest/agile/1.0/board/1/sprint') {
      const startAt = Number(url.searchParams.get('startAt'));
      const values = this.sprints.slice(startAt, startAt + 2);
      return reply(200, { startAt, maxResults: 2, isLast: startAt + 2 >= this.sprints.length, values });
    }
    if (path === '/rest/api/3/search/approximate-count') return reply(200, { count: this.matching((call.body as { jql: string }).jql).length });
    if (path === '/rest/api/3/search/jql') return this.search(call.body as { jql: string; fields: string[]; nextPageToken?: string });
    if (path === '/rest/api/3/issue/bulkfetch') return this.bulkFetch(call.body as { issueIdsOrKeys: string[]; fields: string[] });
    if (path === '/rest/api/3/issueLinkType') return reply(200, { issueLinkTypes: [{ name: 'Blocks' }, { name: 'Relates' }] });
    if (path === '/rest/api/3/issueLink' && call.method === 'POST') return this.link(call.body as { outwardIssue: { key: string }; inwardIssue: { key: string } });
    if (path === '/rest/api/3/issue' && call.method === 'POST') return this.create(call.body as { fields: Record<string, unknown> });
    const transitionsMatch = /^\/rest\/api\/3\/issue\/([^/]+)\/transitions$/.exec(path);
    if (transitionsMatch) return this.transition(decodeURIComponent(transitionsMatch[1] as string), call);
    const issueMatch = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(path);
    if (issueMatch && call.method === 'PUT') {
      const issue = this.get(decodeURIComponent(issueMatch[1] as string));
      const labelOps = ((call.body as { update?: { labels?: { add?: string; remove?: string }[] } }).update?.labels ?? []);
      for (const op of labelOps) {
        if (op.add !== undefined && !issue.labels.includes(op.add)) issue.labels.push(op.add);
        if (op.remove !== undefined) issue.labels = issue.labels.filter((l) => l !== op.remove);
      }
      issue.updated = this.now;
      return reply(204);
    }
    if (issueMatch && call.method === 'GET') {
      const issue = this.issues.find((i) => i.key === decodeURIComponent(issueMatch[1] as string));
      if (!issue || !this.visible(issue)) return reply(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
      return reply(200, { key: issue.key, fields: this.render(issue, (url.searchParams.get('fields') ?? '').split(',')) });
    }
    return reply(404, { errorMessages: [`mini: no route ${call.method} ${call.path}`], errors: {} });
  }

  matching(jqlText: string): MiniIssue[] {
    const where = jqlText.replace(/\s+ORDER BY Rank ASC$/, '');
    let result = this.issues.filter((i) => this.visible(i));
    for (const clause of where.split(' AND ')) {
      const list = (text: string) => [...text.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
      let m: RegExpExecArray | null;
      if ((m = /^project in \((.*)\)$/.exec(clause))) {
        const keys = list(m[1] as string);
        const hidden = keys.find((k) => !this.visibleProjects.has(k));
        if (hidden) throw new JqlError(`The value '${hidden}' does not exist for the field 'project'.`);
        result = result.filter((i) => keys.includes(project(i.key)));
      } else if (clause === 'statusCategory != Done') result = result.filter((i) => i.category !== 'done');
      else if (clause === 'sprint in closedSprints()') {
        const closed = new Set(this.sprints.filter((s) => s.state === 'closed').map((s) => s.id));
        result = result.filter((i) => i.sprintIds.some((id) => closed.has(id)));
      } else if ((m = /^updated >= "(\d{4}-\d{2}-\d{2} \d{2}:\d{2})"$/.exec(clause))) {
        const since = Date.parse(`${(m[1] as string).replace(' ', 'T')}:00Z`);
        result = result.filter((i) => i.updated >= since);
      } else if ((m = /^created >= "(\d{4}-\d{2}-\d{2} \d{2}:\d{2})"$/.exec(clause))) {
        const since = Date.parse(`${(m[1] as string).replace(' ', 'T')}:00Z`);
        result = result.filter((i) => i.updated - 1000 >= since); // created as rendered below
      } else if ((m = /^key in \((.*)\)$/.exec(clause))) {
        const keys = list(m[1] as string);
        const bad = keys.find((k) => !this.issues.some((i) => i.key === k && this.visible(i)));
        if (bad) throw new JqlError(`An issue with key '${bad}' does not exist for field 'key'.`);
        result = result.filter((i) => keys.includes(i.key));
      } else if ((m = /^labels in \((.*)\)$/.exec(clause))) {
        const labels = list(m[1] as string);
        result = result.filter((i) => i.labels.some((l) => labels.includes(l)));
      } else throw new JqlError(`mini: unsupported clause ${clause}`);
    }
    return result;
  }

  private search(body: { jql: string; fields: string[]; nextPageToken?: string }): FakeReply {
    let found: MiniIssue[];
    try {
      found = this.matching(body.jql);
    } catch (error) {
      if (error instanceof JqlError) return reply(400, { errorMessages: [error.message], errors: {} });
      throw error;
    }
    const keysOnly = body.fields.every((f) => f === 'id' || f === 'key');
    const size = keysOnly ? this.idPageSize : this.pageSize;
    const offset = body.nextPageToken ? Number(body.nextPageToken) : 0;
    // As Jira: asking for `id` alone returns ids only, no keys.
    const idOnly = body.fields.length === 1 && body.fields[0] === 'id';
    const page = found.slice(offset, offset + size).map((i) => (idOnly ? { id: idOf(i.key) } : { id: idOf(i.key), key: i.key, fields: this.render(i, body.fields) }));
    const last = offset + size >= found.length;
    return reply(200, last ? { issues: page, isLast: true } : { issues: page, nextPageToken: String(offset + size), isLast: false });
  }

  /** As Jira: ids or keys, at most `bulkSize` (100 on Jira), ascending id, unknown and hidden ones left out. */
  bulkSize = 100;
  private bulkFetch(body: { issueIdsOrKeys: string[]; fields: string[] }): FakeReply {
    if (body.issueIdsOrKeys.length === 0 || body.issueIdsOrKeys.length > this.bulkSize) {
      return reply(400, { errorMessages: [`Between 1 and ${this.bulkSize} issues, please.`], errors: {} });
    }
    const found = this.issues.filter((i) => this.visible(i) && body.issueIdsOrKeys.some((ref) => ref === i.key || ref === idOf(i.key)));
    found.sort((a, b) => Number(idOf(a.key)) - Number(idOf(b.key)));
    return reply(200, { issues: found.map((i) => ({ id: idOf(i.key), key: i.key, fields: this.render(i, body.fields) })), issueErrors: [] });
  }

  private render(issue: MiniIssue, fields: string[]): Record<string, unknown> {
    const status = (i: MiniIssue) => ({ name: i.statusName ?? (i.category === 'done' ? 'Done' : 'To Do'), statusCategory: { key: i.category } });
    const all: Record<string, unknown> = {
      summary: issue.summary,
      issuetype: { name: issue.type, subtask: issue.type === 'Sub-task', hierarchyLevel: issue.type === 'Sub-task' ? -1 : ['Epic', 'Feature'].includes(issue.type) ? 1 : 0 },
      labels: issue.labels,
      components: [],
      status: status(issue),
      created: new Date(issue.updated - 1000).toISOString(),
      updated: new Date(issue.updated).toISOString(),
      resolutiondate: issue.resolved === null ? null : new Date(issue.resolved).toISOString(),
      parent: issue.parent ? { key: issue.parent, fields: { summary: this.get(issue.parent).summary, status: status(this.get(issue.parent)) } } : undefined,
      fixVersions: (issue.fixVersions ?? []).map((name) => ({ name })),
      issuelinks: [
        ...(issue.blocks ?? []).filter((k) => this.visible(this.get(k))).map((k) => ({ type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, outwardIssue: { key: k, fields: { status: status(this.get(k)) } } })),
        ...this.issues
          .filter((other) => other.blocks?.includes(issue.key) && this.visible(other))
          .map((other) => ({ type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' }, inwardIssue: { key: other.key, fields: { status: status(other) } } })),
        ...this.linksCreated
          .filter(([from, to]) => from === issue.key || to === issue.key)
          .map(([from, to]) => ({ type: { name: 'Relates', inward: 'relates to', outward: 'relates to' }, ...(from === issue.key ? { outwardIssue: { key: to } } : { inwardIssue: { key: from } }) })),
      ],
      [POINTS]: issue.points,
      [SPRINT]: issue.sprintIds.length ? issue.sprintIds.map((id) => ({ boardId: 1, ...this.sprints.find((s) => s.id === id) })) : null,
      [BV]: issue.bv ?? null,
      // A LexoRank-like value that sorts as the rank order (every re-order here rewrites them, as a rebalance would).
      [RANK]: `0|${String(this.issues.indexOf(issue)).padStart(6, '0')}:`,
    };
    return Object.fromEntries(fields.filter((f) => f in all && all[f] !== undefined).map((f) => [f, all[f]]));
  }

  private create(body: { fields: Record<string, unknown> }): FakeReply {
    const f = body.fields;
    const projectKey = (f.project as { key: string }).key;
    const key = `${projectKey}-${this.nextNumber++}`;
    this.add({
      key,
      summary: String(f.summary),
      type: (f.issuetype as { name: string }).name,
      labels: (f.labels as string[]) ?? [],
      points: typeof f[POINTS] === 'number' ? (f[POINTS] as number) : null,
      parent: (f.parent as { key: string } | undefined)?.key,
      updated: this.now,
    });
    return reply(201, { id: idOf(key), key, self: `http://mini/rest/api/3/issue/${key}` });
  }

  private link(body: { outwardIssue: { key: string }; inwardIssue: { key: string } }): FakeReply {
    // Jira: {inwardIssue: A, outwardIssue: B} is "A <outward> B".
    this.linksCreated.push([body.inwardIssue.key, body.outwardIssue.key]);
    return reply(201);
  }

  linksCreated: [string, string][] = [];

  /** A workflow with one way out of an open status: "Won't Do" (Done category). */
  private transition(key: string, call: FakeCall): FakeReply {
    const issue = this.get(key);
    if (call.method === 'GET') {
      const offered = issue.category === 'done' ? [] : [{ id: '31', name: "Won't Do", to: { name: "Won't Do", statusCategory: { key: 'done' } } }];
      return reply(200, { transitions: offered });
    }
    if (issue.category === 'done') return reply(400, { errorMessages: ['Transition id 31 is not valid for this issue.'], errors: {} });
    issue.category = 'done';
    issue.statusName = "Won't Do";
    issue.resolved = this.now;
    issue.updated = this.now;
    return reply(204);
  }
}

class JqlError extends Error {}

const projectNumbers = new Map<string, number>();

/** A numeric id unique across projects, as Jira's are: a number per project (in order of first sight), then the issue's. */
function idOf(key: string): string {
  const dash = key.lastIndexOf('-');
  const projectKey = key.slice(0, dash);
  if (!projectNumbers.has(projectKey)) projectNumbers.set(projectKey, projectNumbers.size + 1);
  return String((projectNumbers.get(projectKey) as number) * 1_000_000 + Number(key.slice(dash + 1)));
}

function project(key: string): string {
  return key.slice(0, key.lastIndexOf('-'));
}
