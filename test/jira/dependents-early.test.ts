/**
 * A first load reads the issues its stories block in other teams' projects (dependents) as the stories naming
 * them arrive, a bulk fetch of 100 at a time, not all after the last story: the last wait of a first open.
 */

import { startDemoSite, type DemoSite } from '../demo-site';
import { createJiraHttp, localRequestJira, loadTeamBacklog } from '../../src/jira';

const NOW = new Date('2026-11-25T00:00:00Z');
const BULK = '/rest/api/3/issue/bulkfetch';
let site: DemoSite;

beforeAll(async () => {
  site = await startDemoSite({ seed: 7, scale: 20000, now: NOW });
});
afterAll(() => site.close());

it('fetches dependents while the backlog\'s own bulk fetches are still being answered', async () => {
  const events: string[] = [];
  const port = localRequestJira({ baseUrl: site.baseUrl, email: site.po.email, apiToken: site.po.apiToken });
  const backlog = await loadTeamBacklog(
    createJiraHttp(async (path, init) => {
      const body = init?.body ? (JSON.parse(init.body) as { fields?: unknown; issueIdsOrKeys?: unknown }) : {};
      const fields = Array.isArray(body.fields) ? (body.fields as string[]) : [];
      const asked = Array.isArray(body.issueIdsOrKeys) ? (body.issueIdsOrKeys as string[]) : [];
      const dependents = path.value === BULK && asked.every((k) => typeof k === 'string' && !k.startsWith('ORION-')) && !fields.includes('summary');
      if (dependents) events.push('dependents fetch sent');
      const response = await port(path, init);
      if (path.value === BULK && fields.length > 10) {
        // Jira takes its time over a bulk fetch of 100 stories' fields.
        await new Promise((resolve) => setTimeout(resolve, 10));
        events.push('backlog bulk fetch answered');
      }
      return response;
    }),
    { projectKey: 'ORION', now: () => NOW },
  );
  expect(backlog.issues.length).toBeGreaterThan(1000);
  expect(backlog.issues.some((i) => i.links.some((l) => l.direction === 'blocks' && l.projectKey !== 'ORION' && l.sprint !== undefined))).toBe(true);
  const firstDependents = events.indexOf('dependents fetch sent');
  expect(firstDependents).toBeGreaterThanOrEqual(0);
  expect(firstDependents).toBeLessThan(events.lastIndexOf('backlog bulk fetch answered'));
});
