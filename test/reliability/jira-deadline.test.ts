/**
 * A Jira that never answers: every request has a deadline of its own (src/jira/http.ts), so the user gets a
 * typed error before Forge stops the resolver at 25 s. (Found as a gap by this suite, then closed.)
 */

import type { RequestJira } from '../../src/jira';
import type { Result } from '../../src/contracts';
import { startApp, type App } from './app';

describe('a Jira that never answers', () => {
  let app: App;
  beforeAll(async () => {
    // Every Jira request hangs: the connection is open but Jira never answers.
    const hang: RequestJira = () => new Promise(() => undefined);
    // With the Forge platform's retry budget: a second attempt of a hung request would end past 25 s.
    app = await startApp({ site: { scale: 300 }, platform: { wrapJira: () => hang, retry: { sleep: async () => undefined, maxTotalMs: 15_000 } } });
  });
  afterAll(async () => {
    jest.useRealTimers();
    await app.close();
  });

  it('a Jira that never answers gets a typed JIRA_UNAVAILABLE before Forge\'s 25 s limit', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    let settled: Result<unknown> | null = null;
    void app.call('panel', app.site.po, 'getBacklog', {}).then((result) => (settled = result));
    await jest.advanceTimersByTimeAsync(24_000);
    expect(settled).toEqual({ ok: false, error: expect.objectContaining({ code: 'JIRA_UNAVAILABLE' }) });
  });
});
