/**
 * Shared tools of the reliability suite: a fake clock for the retry policy (no test waits for a real
 * back-off), a port wrapper that injects faults at an exact request, and the figures each test records for
 * README's "What we guarantee" (written only when BB_FIGURES_DIR is set).
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import type fc from 'fast-check';
import { ForgeKvsAPIError } from '@forge/kvs';
import path from 'node:path';
import { createJiraHttp, localRequestJira, type JiraHttp, type JiraRequestInit, type JiraResponse, type RequestJira, type RetryPolicy } from '../../src/jira';
import type { JiraRoute } from '../../src/jira/route';
import type { KvsLike, KvsQueryLike } from '../../src/storage';
import type { DemoSite, DemoSiteUser } from '../demo-site';

export interface FakeClock extends Partial<RetryPolicy> {
  /** Every wait the retry policy asked for, in ms. */
  slept: number[];
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/** Time moves only when the retry policy sleeps, and instantly. */
export function fakeClock(start = Date.parse('2026-11-25T12:00:00Z')): FakeClock {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    random: () => 0.5,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
  };
}

export interface SentRequest {
  index: number;
  method: string;
  path: string;
  body: unknown;
}

/** What to do with one request: send it, answer it ourselves without sending, or lose the answer. */
export type FaultAction =
  | { kind: 'pass' }
  /** Jira never sees the request; we answer with this status. */
  | { kind: 'answer'; status: number; retryAfterSeconds?: number }
  /** The request never gets an answer (timeout, reset) before reaching Jira. */
  | { kind: 'throwBefore'; message: string }
  /** Jira handles the request, but the answer is lost on the way back. */
  | { kind: 'throwAfter'; message: string };

export type FaultRule = (request: SentRequest) => FaultAction;

export const PASS: FaultAction = { kind: 'pass' };

function syntheticResponse(status: number, retryAfterSeconds?: number): JiraResponse {
  const body = JSON.stringify({ errorMessages: [`Injected fault: HTTP ${status}`], errors: {} });
  return {
    status,
    headers: { get: (name) => (name.toLowerCase() === 'retry-after' && retryAfterSeconds !== undefined ? String(retryAfterSeconds) : null) },
    json: async () => JSON.parse(body) as unknown,
    text: async () => body,
  };
}

/** A port that records every request and applies `rule` to each (before retries, so each attempt counts). */
export function faultyPort(inner: RequestJira, rule: FaultRule = () => PASS): RequestJira & { sent: SentRequest[]; injected: number } {
  const sent: SentRequest[] = [];
  const port = Object.assign(
    async (route: JiraRoute, init?: JiraRequestInit): Promise<JiraResponse> => {
      const request: SentRequest = {
        index: sent.length,
        method: init?.method ?? 'GET',
        path: route.value,
        body: init?.body === undefined ? undefined : (JSON.parse(init.body) as unknown),
      };
      sent.push(request);
      const action = rule(request);
      if (action.kind === 'pass') return inner(route, init);
      port.injected += 1;
      if (action.kind === 'answer') return syntheticResponse(action.status, action.retryAfterSeconds);
      if (action.kind === 'throwBefore') throw new Error(action.message);
      const response = await inner(route, init);
      await response.text();
      throw new Error(action.message);
    },
    { sent, injected: 0 },
  );
  return port;
}

export function demoPort(site: DemoSite, user: DemoSiteUser): RequestJira {
  return localRequestJira({ baseUrl: site.baseUrl, email: user.email, apiToken: user.apiToken });
}

export function demoClient(site: DemoSite, user: DemoSiteUser, clock: FakeClock = fakeClock(), rule?: FaultRule): { http: JiraHttp; port: ReturnType<typeof faultyPort>; clock: FakeClock } {
  const port = faultyPort(demoPort(site, user), rule);
  return { http: createJiraHttp(port, { retry: clock }), port, clock };
}

/** Writes (anything but GET and the read-only POSTs: search, its count, the bulk fetch of issues). */
export function isWrite(request: Pick<SentRequest, 'method' | 'path'>): boolean {
  if (request.method === 'GET') return false;
  const pathOnly = request.path.split('?')[0] as string;
  return pathOnly !== '/rest/api/3/search/jql' && pathOnly !== '/rest/api/3/search/approximate-count' && pathOnly !== '/rest/api/3/issue/bulkfetch';
}

export function isSearch(request: Pick<SentRequest, 'path'>): boolean {
  return request.path.split('?')[0] === '/rest/api/3/search/jql';
}

/** Figures for README: `recordFigures('faults', {...})` writes BB_FIGURES_DIR/faults.json when the variable is set. */
export function recordFigures(name: string, figures: Record<string, number | string>): void {
  const dir = process.env.BB_FIGURES_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(figures, null, 2));
}

/** A tally kept across the tests of one file and written once in afterAll. */
export class Tally {
  private readonly counts: Record<string, number> = {};
  add(name: string, n = 1): void {
    this.counts[name] = (this.counts[name] ?? 0) + n;
  }
  get(name: string): number {
    return this.counts[name] ?? 0;
  }
  write(file: string): void {
    recordFigures(file, { ...this.counts });
  }
}

/** A fixed "today" so every run sees the same demo site. */
export const SITE_NOW = new Date('2026-11-25T00:00:00Z');

/** The allocation a PO session `who` saves in round `round` of a race (whole percents summing to 100, distinct per session). */
export function sessionPercents(who: string, round: number): Record<string, number> {
  const feature = who === 'a' ? 50 : 30;
  const r = round % 10;
  return { feature, enabler: 80 - feature - r, maintenance: 10 + r, techDebt: 5, improvement: 5 };
}

/**
 * `@forge/kvs` as seen by our adapter, in memory: every operation is one step fast-check's scheduler may
 * reorder against the others; each step is atomic, as a KVS request is.
 */
export function scheduledKvs(s: fc.Scheduler): KvsLike & { values: Map<string, string> } {
  const values = new Map<string, string>();
  const step = async (label: string) => {
    await s.schedule(Promise.resolve(label), label);
  };
  const kvs = {
    values,
    async get<T>(key: string): Promise<T | undefined> {
      await step(`get ${key}`);
      const text = values.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    async set<T>(key: string, value: T, options?: { keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS' }): Promise<void> {
      await step(`set ${key} ${options?.keyPolicy ?? 'OVERRIDE'}`);
      if (options?.keyPolicy === 'FAIL_IF_EXISTS' && values.has(key)) {
        throw new ForgeKvsAPIError({ status: 409, statusText: 'Conflict' }, { code: 'KEY_CONFLICT', message: `Key ${key} already exists` });
      }
      values.set(key, JSON.stringify(value));
    },
    async delete(key: string): Promise<void> {
      await step(`delete ${key}`);
      values.delete(key);
    },
    query(): KvsQueryLike {
      let prefix = '';
      let start = 0;
      let limit = 100;
      const builder: KvsQueryLike = {
        where: (_property, clause) => ((prefix = clause.values[0]), builder),
        cursor: (cursor) => ((start = Number(cursor)), builder),
        limit: (n) => ((limit = Math.min(n, 100)), builder),
        getMany: async <T>() => {
          await step(`query ${prefix}`);
          const keys = [...values.keys()].filter((k) => k.startsWith(prefix)).sort();
          const page = keys.slice(start, start + limit);
          return {
            results: page.map((key) => ({ key, value: JSON.parse(values.get(key) as string) as T })),
            nextCursor: start + limit < keys.length ? String(start + limit) : undefined,
          };
        },
      };
      return builder;
    },
  };
  return kvs;
}

