/**
 * The port off Forge: `fetch` against a Jira site (or the embedded demo site) with HTTP basic auth
 * (email + API token), as Atlassian documents for scripts.
 */

import type { JiraResponse, RequestJira } from '../port';

export interface LocalJiraOptions {
  baseUrl: string;
  email: string;
  apiToken: string;
  fetchImpl?: (url: string, init: RequestInit) => Promise<JiraResponse>;
}

export function localRequestJira(options: LocalJiraOptions): RequestJira {
  const base = options.baseUrl.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  const send = options.fetchImpl ?? ((url: string, init: RequestInit) => fetch(url, init));
  return (path, init = {}) =>
    send(`${base}${path.value}`, {
      method: init.method ?? 'GET',
      headers: { ...init.headers, Authorization: authorization },
      body: init.body,
      signal: init.signal,
    });
}
