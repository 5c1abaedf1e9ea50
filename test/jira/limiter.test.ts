/**
 * The one cap per user and site on requests in flight (src/jira/limiter.ts), with a scripted port whose answers
 * wait until the test releases them: never more in flight than the cap, a search page that arrives after a
 * queue of bulk fetches goes first, a 429 narrows the cap and a slot comes free whatever the answer (a
 * failure too). Against the demo site's latency model through the resolvers: test/resolvers/shared-limiter.test.ts.
 */

import { DEFAULT_LIMITER_LIMITS, LIMITER_IDLE_MS, RequestLimiter, RequestLimiters } from '../../src/jira/limiter';
import { AdaptiveWidth } from '../../src/jira/pool';
import { createJiraHttp, route, type JiraResponse, type RequestJira } from '../../src/jira';

interface Held {
  path: string;
  answer: (status: number) => void;
  fail: (error: Error) => void;
}

function scriptedPort(): { port: RequestJira; held: Held[]; maxInFlight: () => number } {
  const held: Held[] = [];
  let inFlight = 0;
  let max = 0;
  const port: RequestJira = (path) =>
    new Promise<JiraResponse>((resolve, reject) => {
      inFlight++;
      max = Math.max(max, inFlight);
      const done = (): void => {
        inFlight--;
        held.splice(held.indexOf(entry), 1);
      };
      const entry: Held = {
        path: path.value,
        answer: (status) => {
          done();
          resolve({ status, headers: { get: () => null }, text: async () => '{}', json: async () => ({}) });
        },
        fail: (error) => {
          done();
          reject(error);
        },
      };
      held.push(entry);
    });
  return { port, held, maxInFlight: () => max };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const bulk = route`/rest/api/3/issue/bulkfetch`;
const search = route`/rest/api/3/search/jql`;

it('never has more in flight than its cap, and starts the next waiting request as a slot comes free', async () => {
  const { port, held, maxInFlight } = scriptedPort();
  const limited = new RequestLimiter({ initial: 3, max: 3 }).wrap(port);
  const answers = Array.from({ length: 10 }, () => limited(bulk, { method: 'POST' }));
  await flush();
  expect(held).toHaveLength(3);
  for (let round = 0; round < 10 && held.length > 0; round++) {
    held[0]?.answer(200);
    await flush();
  }
  // One answered a round, one started in its place: 3 in flight until the queue ran dry.
  while (held.length > 0) {
    while (held.length > 0) held[0]?.answer(200);
    await flush();
  }
  expect((await Promise.all(answers)).map((r) => r.status)).toEqual(Array(10).fill(200));
  expect(maxInFlight()).toBe(3);
});

it('a search page waiting behind bulk fetches is sent first: the next page of keys chains on it', async () => {
  const { port, held } = scriptedPort();
  const limited = new RequestLimiter({ initial: 2, max: 2 }).wrap(port);
  const bulks = Array.from({ length: 5 }, () => limited(bulk, { method: 'POST' }));
  await flush();
  const page = limited(search, { method: 'POST' });
  await flush();
  expect(held.map((h) => h.path)).toEqual([bulk.value, bulk.value]);
  held[0]?.answer(200);
  await flush();
  expect(held.map((h) => h.path)).toEqual([bulk.value, search.value]);
  while (held.length > 0) {
    while (held.length > 0) held[0]?.answer(200);
    await flush();
  }
  await Promise.all([page, ...bulks]);
});

it('a 429 narrows the cap; a failed request frees its slot too', async () => {
  const { port, held } = scriptedPort();
  const limiter = new RequestLimiter({ initial: 4, max: 4 });
  const limited = limiter.wrap(port);
  const answers = Array.from({ length: 8 }, () => limited(bulk, { method: 'POST' }).catch((e: unknown) => e));
  await flush();
  expect(held).toHaveLength(4);
  // The fourth, sent with 4 in flight: Jira's limit is 3.
  held[3]?.answer(429);
  await flush();
  expect(limiter.cap).toBe(3);
  // 3 in flight now (the one answered 429 is the caller's to retry), none more started.
  expect(held).toHaveLength(3);
  held[0]?.fail(new Error('connection lost'));
  await flush();
  expect(held).toHaveLength(3);
  expect(limiter.inFlight).toBe(3);
  while (held.length > 0) {
    while (held.length > 0) held[0]?.answer(200);
    await flush();
  }
  const settled = await Promise.all(answers);
  expect(settled.filter((a) => a instanceof Error)).toHaveLength(1);
  expect(limiter.inFlight).toBe(0);
});

it('a 429 met with fewer in flight than the cap had grown to narrows to just below what was in flight', async () => {
  const { port, held } = scriptedPort();
  const limiter = new RequestLimiter({ initial: 8, max: 8 });
  const limited = limiter.wrap(port);
  const answers = Array.from({ length: 3 }, () => limited(bulk, { method: 'POST' }));
  await flush();
  // The third was sent with 3 in flight (itself included): Jira's limit is at most 2, whatever the cap said.
  held[2]?.answer(429);
  await flush();
  expect(limiter.cap).toBe(2);
  while (held.length > 0) held[0]?.answer(200);
  expect((await Promise.all(answers)).map((r) => r.status)).toEqual([200, 200, 429]);
});

it('429s of requests sent before the last narrowing still bound the cap by what was in flight when they were sent', async () => {
  const { port, held } = scriptedPort();
  const limiter = new RequestLimiter({ initial: 8, max: 8 });
  const limited = limiter.wrap(port);
  const answers = Array.from({ length: 8 }, () => limited(bulk, { method: 'POST' }));
  await flush();
  // Answered in the order Jira's 429s might arrive: the one sent 8th first (cap 7), then the one sent 6th.
  held[7]?.answer(429);
  await flush();
  expect(limiter.cap).toBe(7);
  held[5]?.answer(429);
  await flush();
  expect(limiter.cap).toBe(5);
  while (held.length > 0) {
    held[0]?.answer(200);
    await flush();
  }
  await Promise.all(answers);
});

it('a client behind a limiter tells no 429 count: a pool of reads on top (ordered-read.ts) must not narrow a second time', () => {
  const { port } = scriptedPort();
  expect(createJiraHttp(port).throttleCount).toBeInstanceOf(Function);
  expect(createJiraHttp(port, { limiter: new RequestLimiter() }).throttleCount).toBeUndefined();
});

it('tries a width that met a 429 again only after 8 full rounds, then 16 (a try that meets one costs a request its Retry-After)', () => {
  const width = new AdaptiveWidth({ ...DEFAULT_LIMITER_LIMITS, initial: 11 });
  width.throttled();
  expect(width.width).toBe(10);
  const roundsUntilTry = (): number => {
    for (let round = 1; round <= 100; round++) {
      for (let i = 0; i < 10; i++) width.succeeded();
      if (width.width === 11) return round;
    }
    return Infinity;
  };
  expect(roundsUntilTry()).toBe(8);
  width.throttled();
  expect(roundsUntilTry()).toBe(16);
});

it("an instance forgets a user's limiter once it has been idle longer than any invocation, never one in use", async () => {
  let now = 0;
  const clock = (): number => now;
  const users = new RequestLimiters({ initial: 2, max: 4 }, clock);
  const { port, held } = scriptedPort();
  const idle = users.for('idle-user');
  const answered = idle.wrap(port)(search, { method: 'POST' });
  await flush();
  held[0]?.answer(200);
  await answered;
  const busy = users.for('busy-user');
  const inFlight = busy.wrap(port)(search, { method: 'POST' });
  await flush();
  expect(users.size).toBe(2);

  now += LIMITER_IDLE_MS - 1;
  users.forgetIdle(true);
  expect(users.for('idle-user')).toBe(idle);

  now += LIMITER_IDLE_MS;
  expect(users.forgetIdle(true)).toBe(1);
  // The one with a request in flight for all that time is kept, however long it has been.
  expect(users.for('busy-user')).toBe(busy);
  expect(users.for('idle-user')).not.toBe(idle);

  held.forEach((h) => h.answer(200));
  await inFlight;
  now += LIMITER_IDLE_MS;
  expect(users.forgetIdle(true)).toBe(0);
  expect(users.size).toBe(0);
});
