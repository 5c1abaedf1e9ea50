/** A scripted stand-in for the `requestJira` port: records every call and answers from a handler. */

import type { JiraResponse, RequestJira } from '../../src/jira/port';
import type { RetryPolicy } from '../../src/jira/retry';

export interface FakeCall {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function reply(status: number, body?: unknown, headers?: Record<string, string>): FakeReply {
  return { status, body, headers };
}

export function toResponse(answer: FakeReply): JiraResponse {
  const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  const headers = Object.fromEntries(Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status: answer.status,
    headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
    json: async () => JSON.parse(text) as unknown,
    text: async () => text,
  };
}

export function fakeJira(handler: (call: FakeCall) => FakeReply): { requestJira: RequestJira; calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  const requestJira: RequestJira = async (path, init = {}) => {
    const call: FakeCall = {
      method: init.method ?? 'GET',
      path: path.value,
      body: init.body === undefined ? undefined : (JSON.parse(init.body) as unknown),
      headers: init.headers ?? {},
    };
    calls.push(call);
    return toResponse(handler(call));
  };
  return { requestJira, calls };
}

/** A clock that only moves when the code under test sleeps; no test waits for real time. */
export function fakeClock(start = Date.parse('2026-11-25T12:00:00Z')): Partial<RetryPolicy> & { slept: number[]; time: () => number } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    time: () => now,
    now: () => now,
    random: () => 0.5,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
  };
}
