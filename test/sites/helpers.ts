/** A demo site with quirks (see test/demo-site/quirks.ts) and a Jira client for its PO. */
import { startDemoSite, type DemoSite, type SiteQuirks } from '../demo-site';
import { localRequestJira } from '../../src/jira/adapters/local';
import { createJiraHttp, type JiraHttp } from '../../src/jira/http';
import { fakeClock } from '../jira/fakeJira';

export const SITE_NOW = new Date('2026-11-20T00:00:00Z');

export async function quirkySite(quirks: SiteQuirks, scale = 300): Promise<{ site: DemoSite; http: JiraHttp }> {
  const site = await startDemoSite({ seed: 7, scale, now: SITE_NOW, quirks });
  const http = createJiraHttp(localRequestJira({ baseUrl: site.baseUrl, email: site.po.email, apiToken: site.po.apiToken }), { retry: fakeClock() });
  return { site, http };
}

/** Keys of the open backlog items of a project in the site's store, as Jira's board would list them. */
export function openItemKeys(site: DemoSite, projectKey: string): string[] {
  return site.view
    .rankOrder(projectKey)
    .filter((k) => site.view.statusCategory(k) !== 'done' && !['Feature', 'Epic', 'Sub-task'].includes(site.view.issue(k)?.issueType ?? ''));
}
