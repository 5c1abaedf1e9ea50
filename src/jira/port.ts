/**
 * The one port to Jira: shaped like Forge's `requestJira(route, init)`. The Forge adapter forwards to
 * `api.asUser().requestJira`, the local adapter to `fetch` with basic auth; everything above depends only on this.
 */

import type { JiraRoute } from './route';

export interface JiraHeaders {
  get(name: string): string | null;
}

export interface JiraResponse {
  status: number;
  headers: JiraHeaders;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

export type JiraMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface JiraRequestInit {
  method?: JiraMethod;
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the request when the client's per-request deadline passes (fetch honours it). */
  signal?: AbortSignal;
}

export type RequestJira = (path: JiraRoute, init?: JiraRequestInit) => Promise<JiraResponse>;
