/** Changes issues on the demo site through its REST API, as a user editing in Jira would. */
import type { DemoSite } from '../test/demo-site';

/** Every `1 / share`-th key, spread over the whole backlog (top, middle and tail alike). */
export function spreadSample(keys: readonly string[], share: number): string[] {
  const count = Math.max(1, Math.round(keys.length * share));
  const step = keys.length / count;
  return Array.from({ length: count }, (_, i) => keys[Math.floor(i * step)] as string);
}

/** Edits the summary and story points of each issue (PUT /rest/api/3/issue/{key}); returns the new summaries. */
export async function editIssues(site: DemoSite, keys: readonly string[], pointsField: string): Promise<Map<string, string>> {
  const summaries = new Map<string, string>();
  const points = [1, 2, 3, 5, 8];
  for (const [i, key] of keys.entries()) {
    const summary = `Benchmark edit ${i + 1} of ${key}`;
    const response = await fetch(`${site.baseUrl}/rest/api/3/issue/${encodeURIComponent(key)}`, {
      method: 'PUT',
      headers: { authorization: site.po.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { summary, [pointsField]: points[i % points.length] } }),
    });
    if (response.status !== 204) throw new Error(`Editing ${key} on the demo site answered ${response.status}: ${await response.text()}`);
    summaries.set(key, summary);
  }
  return summaries;
}
