/** A tiny HTTP helper for contract tests: JSON in, status + JSON + headers out. */
import type { DemoSite, DemoSiteUser } from '../demo-site';

export interface JsonReply {
  status: number;
  body: unknown;
  headers: Headers;
}

export async function call(site: DemoSite, user: Pick<DemoSiteUser, 'authorization'> | null, method: string, path: string, body?: unknown): Promise<JsonReply> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (user) headers.authorization = user.authorization;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${site.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: res.headers };
}

export interface SearchPage {
  issues: { id: string; key: string; fields?: Record<string, unknown> }[];
  nextPageToken?: string;
  isLast: boolean;
}

/** Follow nextPageToken to the end; returns every page. */
export async function searchAll(site: DemoSite, user: DemoSiteUser, jql: string, fields: string[], maxResults: number): Promise<SearchPage[]> {
  const pages: SearchPage[] = [];
  let nextPageToken: string | undefined;
  for (;;) {
    const reply = await call(site, user, 'POST', '/rest/api/3/search/jql', { jql, fields, maxResults, nextPageToken });
    if (reply.status !== 200) throw new Error(`search answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    const page = reply.body as SearchPage;
    pages.push(page);
    if (page.isLast) return pages;
    nextPageToken = page.nextPageToken;
  }
}
