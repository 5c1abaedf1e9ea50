import { createJiraHttp } from '../../src/jira/http';
import {
  JiraAuthenticationError,
  JiraGoneError,
  JiraNetworkError,
  JiraNotFoundError,
  JiraPermissionError,
  JiraRateLimitError,
  JiraServerError,
  JiraValidationError,
} from '../../src/jira/errors';
import { backoffDelay, parseRetryAfter } from '../../src/jira/retry';
import { route } from '../../src/jira/route';
import type { RequestJira } from '../../src/jira/port';
import { fakeClock, fakeJira, reply, type FakeReply } from './fakeJira';

describe('typed errors carry Jira\'s own words', () => {
  it.each([
    [400, JiraValidationError],
    [401, JiraAuthenticationError],
    [403, JiraPermissionError],
    [404, JiraNotFoundError],
    [410, JiraGoneError],
    [500, JiraServerError],
  ])('maps %i', async (status, type) => {
    const jira = fakeJira(() => reply(status, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: { summary: 'Summary is required.' } }));
    const http = createJiraHttp(jira.requestJira, { retry: false });
    const error = await http.get(route`/rest/api/3/issue/${'TEAM-1'}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({
      status,
      method: 'GET',
      path: '/rest/api/3/issue/TEAM-1',
      errorMessages: ['Issue does not exist or you do not have permission to see it.'],
      errors: { summary: 'Summary is required.' },
    });
    expect((error as Error).message).toContain('Issue does not exist');
  });

  it('turns a thrown fetch into a network error', async () => {
    // One attempt: retries of lost connections are tested below, on a fake clock.
    const http = createJiraHttp(
      async () => {
        throw new Error('ECONNREFUSED');
      },
      { retry: false },
    );
    await expect(http.get(route`/rest/api/3/myself`)).rejects.toBeInstanceOf(JiraNetworkError);
  });

  it('sends JSON with the right headers and reads empty 204 bodies as null', async () => {
    const jira = fakeJira(() => reply(204));
    const http = createJiraHttp(jira.requestJira);
    await expect(http.put(route`/rest/api/3/issue/${'TEAM-1'}`, { fields: { summary: 'x' } })).resolves.toBeNull();
    expect(jira.calls[0]).toMatchObject({ method: 'PUT', body: { fields: { summary: 'x' } } });
    expect(jira.calls[0]?.headers['Content-Type']).toBe('application/json');
  });
});

describe('retries under 429 and 503', () => {
  function scripted(answers: FakeReply[]) {
    let i = 0;
    return fakeJira(() => answers[Math.min(i++, answers.length - 1)] as FakeReply);
  }

  it('waits as Retry-After says, then succeeds with the single answer', async () => {
    const clock = fakeClock();
    const jira = scripted([reply(429, {}, { 'Retry-After': '3' }), reply(429, {}, { 'Retry-After': '1' }), reply(200, { ok: 1 })]);
    const http = createJiraHttp(jira.requestJira, { retry: clock });
    await expect(http.get(route`/rest/api/3/myself`)).resolves.toEqual({ ok: 1 });
    expect(clock.slept).toEqual([3000, 1000]);
    expect(jira.calls).toHaveLength(3);
  });

  it('reads Retry-After as an HTTP date', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('backs off exponentially with jitter when 503 has no Retry-After', async () => {
    const clock = fakeClock();
    const jira = scripted([reply(503), reply(503), reply(503), reply(200, [])]);
    const http = createJiraHttp(jira.requestJira, { retry: { ...clock, baseDelayMs: 100, maxDelayMs: 10_000 } });
    await expect(http.get(route`/rest/api/3/field`)).resolves.toEqual([]);
    // random() = 0.5: half of 100, 200, 400.
    expect(clock.slept).toEqual([50, 100, 200]);
    expect(backoffDelay(10, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 })).toBe(999);
  });

  it('gives up after the allowed attempts with a rate-limit error', async () => {
    const clock = fakeClock();
    const jira = scripted([reply(429, { errorMessages: ['Rate limit exceeded.'] }, { 'Retry-After': '1' })]);
    const http = createJiraHttp(jira.requestJira, { retry: { ...clock, maxAttempts: 4 } });
    const error = await http.get(route`/rest/api/3/myself`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraRateLimitError);
    expect((error as JiraRateLimitError).errorMessages).toEqual(['Rate limit exceeded.']);
    expect(jira.calls).toHaveLength(4);
  });

  it('gives up rather than wait past the time budget', async () => {
    const clock = fakeClock();
    const jira = scripted([reply(503, {}, { 'Retry-After': '40' })]);
    const http = createJiraHttp(jira.requestJira, { retry: { ...clock, maxAttempts: 10, maxTotalMs: 60_000 } });
    await expect(http.get(route`/rest/api/3/myself`)).rejects.toBeInstanceOf(JiraServerError);
    expect(clock.slept).toEqual([40_000]);
    expect(jira.calls).toHaveLength(2);
  });

  it('retries 5xx and lost connections of requests that are safe to repeat', async () => {
    const jira = scripted([reply(500), reply(502), reply(200, { accountId: 'a-1' })]);
    const http = createJiraHttp(jira.requestJira, { retry: fakeClock() });
    await expect(http.get(route`/rest/api/3/myself`)).resolves.toEqual({ accountId: 'a-1' });
    expect(jira.calls).toHaveLength(3);

    let calls = 0;
    const flaky: RequestJira = async (path, init) => {
      calls += 1;
      if (calls === 1) throw new Error('socket hang up');
      return jira2.requestJira(path, init);
    };
    const jira2 = scripted([reply(200, { issues: [], isLast: true })]);
    const search = createJiraHttp(flaky, { retry: fakeClock() });
    await expect(search.post(route`/rest/api/3/search/jql`, { jql: 'project = TEAM' })).resolves.toEqual({ issues: [], isLast: true });
    expect(calls).toBe(2);
  });

  it('does not repeat a create after a 500 or a lost answer: it might have been done', async () => {
    const jira = scripted([reply(500), reply(201, { key: 'TEAM-2' })]);
    const http = createJiraHttp(jira.requestJira, { retry: fakeClock() });
    await expect(http.post(route`/rest/api/3/issue`, { fields: {} })).rejects.toBeInstanceOf(JiraServerError);
    expect(jira.calls).toHaveLength(1);

    let calls = 0;
    const lost: RequestJira = async () => {
      calls += 1;
      throw new Error('socket hang up');
    };
    const create = createJiraHttp(lost, { retry: fakeClock() });
    await expect(create.post(route`/rest/api/3/issue`, { fields: {} })).rejects.toBeInstanceOf(JiraNetworkError);
    expect(calls).toBe(1);
  });
});

describe('per-request deadline', () => {
  afterEach(() => jest.useRealTimers());

  it('ends an attempt Jira never answers with a network error and aborts the request', async () => {
    jest.useFakeTimers();
    let signal: AbortSignal | undefined;
    const hang: RequestJira = (_path, init) => {
      signal = init?.signal;
      return new Promise(() => undefined);
    };
    const http = createJiraHttp(hang, { retry: false, timeoutMs: 5_000 });
    const outcome = http.get(route`/rest/api/3/myself`).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(4_999);
    expect(signal?.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(JiraNetworkError);
    expect((error as Error).message).toContain('no answer within 5 s');
    expect(signal?.aborted).toBe(true);
  });

  it('leaves an answer that comes in time untouched', async () => {
    const jira = fakeJira(() => reply(200, { accountId: 'a-1' }));
    const http = createJiraHttp(jira.requestJira, { retry: false, timeoutMs: 5_000 });
    await expect(http.get(route`/rest/api/3/myself`)).resolves.toEqual({ accountId: 'a-1' });
  });
});
