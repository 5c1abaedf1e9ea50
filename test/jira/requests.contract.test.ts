/**
 * What the client sends, checked against Atlassian's OpenAPI descriptions (not just against the demo site):
 * every request of the main flows goes to a documented path and method, uses documented query parameters,
 * and carries a body valid against the documented request schema.
 */

import fs from 'node:fs';
import path from 'node:path';
import { startDemoSite, type DemoSite } from '../demo-site/index';
import { schemaErrors, type SpecName } from '../contract/openapi';
import { localRequestJira } from '../../src/jira/adapters/local';
import { createJiraHttp } from '../../src/jira/http';
import type { RequestJira } from '../../src/jira/port';
import { issueIdsFor, loadTeamBacklog } from '../../src/jira/backlog';
import { refreshTeamBacklog } from '../../src/jira/refresh';
import { getMyPermissions, getProject } from '../../src/jira/permissions';
import { rankAsTop } from '../../src/jira/writes/rank';
import { moveIssuesToBacklog, moveIssuesToSprint } from '../../src/jira/writes/sprint';
import { splitIssue } from '../../src/jira/writes/split';
import { labelAsTail, trimTail } from '../../src/jira/writes/tail';
import { setIssueNumbers } from '../../src/jira/writes/fields';

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
}

const SPEC_DIR = path.resolve(__dirname, '../../../shared/jira-openapi');
const specs: Record<SpecName, { paths: Record<string, Record<string, Operation>> }> = {
  platform: JSON.parse(fs.readFileSync(path.join(SPEC_DIR, 'jira-platform.v3.json'), 'utf8')),
  software: JSON.parse(fs.readFileSync(path.join(SPEC_DIR, 'jira-software.json'), 'utf8')),
};

function findOperation(method: string, pathname: string): { spec: SpecName; template: string; op: Operation } | null {
  for (const spec of ['platform', 'software'] as SpecName[]) {
    for (const [template, ops] of Object.entries(specs[spec].paths)) {
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '[^/]+')}$`);
      const op = ops[method.toLowerCase()];
      if (op && pattern.test(pathname)) return { spec, template, op };
    }
  }
  return null;
}

function pointer(...parts: string[]): string {
  return parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function problems(sent: Sent): string[] {
  const url = new URL(`http://x${sent.path}`);
  const found = findOperation(sent.method, url.pathname);
  if (!found) return [`${sent.method} ${url.pathname} is not in the OpenAPI descriptions`];
  const errors: string[] = [];
  const documented = new Set((found.op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  for (const name of url.searchParams.keys()) if (!documented.has(name)) errors.push(`${sent.method} ${found.template}: undocumented query parameter ${name}`);
  if (sent.body !== undefined) {
    if (!found.op.requestBody?.content?.['application/json']?.schema) errors.push(`${sent.method} ${found.template}: takes no JSON body`);
    else {
      const ref = `${found.spec}#/${pointer('paths', found.template, sent.method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema')}`;
      errors.push(...schemaErrors(ref, sent.body).map((e) => `${sent.method} ${found.template}: ${e}`));
    }
  }
  return errors;
}

let site: DemoSite;
beforeAll(async () => {
  site = await startDemoSite({ seed: 11, scale: 500, now: new Date('2026-11-25T00:00:00Z') });
});
afterAll(() => site.close());

test('the checker rejects an undocumented body, parameter and path (so the check below can fail)', () => {
  expect(problems({ method: 'POST', path: '/rest/api/3/search/jql', body: { jql: 'x', startAt: 5 } })).not.toEqual([]);
  expect(problems({ method: 'GET', path: '/rest/api/3/field?bogus=1', body: undefined })).not.toEqual([]);
  expect(problems({ method: 'GET', path: '/rest/api/3/search?jql=x', body: undefined })).toEqual([]);
  expect(problems({ method: 'GET', path: '/rest/api/3/nothing', body: undefined })).not.toEqual([]);
});

test('every request of load, refresh and each write matches the published API', async () => {
  const sent: Sent[] = [];
  const local = localRequestJira({ baseUrl: site.baseUrl, email: site.po.email, apiToken: site.po.apiToken });
  const recording: RequestJira = (route, init) => {
    sent.push({ method: init?.method ?? 'GET', path: route.value, body: init?.body === undefined ? undefined : JSON.parse(init.body) });
    return local(route, init);
  };
  const http = createJiraHttp(recording);

  const backlog = await loadTeamBacklog(http, { projectKey: 'VEGA', onProgress: () => undefined });
  const keys = backlog.issues.map((i) => i.key);
  await getMyPermissions(http, 'VEGA');
  await getProject(http, 'VEGA');
  expect((await rankAsTop(http, keys.slice(1, 4).reverse(), keys[0] as string, { rankFieldId: backlog.boardConfiguration.rankFieldId })).complete).toBe(true);
  const future = backlog.sprints.find((s) => s.state === 'future');
  expect((await moveIssuesToSprint(http, future?.id as number, keys.slice(5, 7))).complete).toBe(true);
  expect((await moveIssuesToBacklog(http, keys.slice(5, 6))).complete).toBe(true);
  const big = backlog.issues.find((i) => (i.points ?? 0) >= 3) ?? backlog.issues[0];
  const split = await splitIssue(http, backlog.fieldMap, {
    originalKey: big?.key as string,
    splitId: 'contract-1',
    parts: [
      { summary: 'Part one', points: (big?.points as number) - 1 },
      { summary: 'Part two', points: 1 },
    ],
  });
  expect(split.complete).toBe(true);
  expect((await labelAsTail(http, keys.slice(-2))).complete).toBe(true);
  expect((await trimTail(http, keys.slice(-2))).complete).toBe(true);
  expect((await setIssueNumbers(http, backlog.fieldMap, [{ key: keys[8] as string, values: { businessValue: 5, timeCriticality: 3, riskReduction: 1, storyPoints: 2 } }])).complete).toBe(true);
  await refreshTeamBacklog(http, backlog, { reconcileIssueIds: issueIdsFor(backlog, keys.slice(0, 9)) });
  expect(sent.some((s) => (s.body as { reconcileIssues?: number[] } | undefined)?.reconcileIssues?.length === 9)).toBe(true);

  const kinds = new Set(sent.map((s) => `${s.method} ${findOperation(s.method, new URL(`http://x${s.path}`).pathname)?.template ?? s.path}`));
  expect(kinds.size).toBeGreaterThanOrEqual(18);
  expect(sent.flatMap(problems)).toEqual([]);
});
