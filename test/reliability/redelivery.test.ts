/**
 * Guarantee: Forge's queue may deliver a job's event twice, or retry it after the consumer died; neither
 * repeats a write. A job runs under a lease (one consumer at a time, renewed as it goes) and records each
 * step before and after it, so a retry resumes after the last recorded write and checks the one that was in
 * flight in Jira before sending it again. A job not heard from within a minute reads as "interrupted after
 * N of M: preview again to finish the rest" (the UI stops polling), and previewing again finishes it.
 */

import { runJob } from '../../src/jobs/run-job';
import type { RequestJira } from '../../src/jira';
import type { JobMessage, Platform } from '../../src/platform/types';
import type { CommitFillPreviewDto, IssueRef, JobDto, JobRef, RefinementDto, TrimPreviewDto } from '../../src/contracts';
import { AppStore, type KeyValueStore } from '../../src/storage';
import { APP_NOW, ok, startApp, type App } from './app';
import { faultyPort, isWrite, PASS, Tally, type SentRequest } from './helpers';

const tally = new Tally();
afterAll(() => tally.write('redelivery'));

const keyOf = (ref: IssueRef) => (typeof ref === 'number' ? `ORION-${ref}` : ref);

interface Harness {
  app: App;
  clock: { now: Date };
  sent: SentRequest[];
  /** Messages the resolvers queued; the test delivers them itself, as Forge would (twice, late, ...). */
  queued: JobMessage[];
}

async function harness(): Promise<Harness> {
  const clock = { now: APP_NOW };
  const sent: SentRequest[] = [];
  const watch = (port: RequestJira) => faultyPort(port, (request) => (sent.push(request), PASS));
  const app = await startApp({ site: { scale: 300 }, platform: { now: () => clock.now, wrapJira: watch } });
  const queued: JobMessage[] = [];
  app.platform.queue = { enqueue: async (message) => void queued.push(message) };
  return { app, clock, sent, queued };
}

const never = new Promise<never>(() => undefined);

/**
 * The platform as seen by a consumer that dies once `dead()` is true: from then on nothing it does reaches
 * storage or Jira (its requests never answer), like a function instance that was stopped.
 */
function dyingPlatform(platform: Platform, kv: KeyValueStore, dead: () => boolean, wrap: (port: RequestJira) => RequestJira): Platform {
  const gate = <T>(op: () => Promise<T>): Promise<T> => (dead() ? never : op());
  const dyingKv: KeyValueStore = {
    get: (key) => gate(() => kv.get(key)),
    set: (key, value) => gate(() => kv.set(key, value)),
    createIfAbsent: (key, value) => gate(() => kv.createIfAbsent(key, value)),
    delete: (key) => gate(() => kv.delete(key)),
    listByPrefix: (prefix) => gate(() => kv.listByPrefix(prefix)),
  };
  return {
    ...platform,
    store: new AppStore(dyingKv, () => platform.now()),
    jiraFor: (accountId) => wrap(platform.jiraFor(accountId)),
    jiraImpersonating: (accountId) => wrap(platform.jiraImpersonating(accountId)),
  };
}

async function job(h: Harness, jobId: string): Promise<JobDto> {
  return ok(await h.app.call<JobDto>('panel', h.app.site.po, 'getJob', { jobId }));
}

async function trimOf12(h: Harness): Promise<{ keys: string[]; message: JobMessage }> {
  const po = h.app.site.po;
  const refinement = ok(await h.app.call<RefinementDto>('panel', po, 'getRefinement', {}));
  const keys = refinement.tailCandidates.slice(0, 12).map((t) => keyOf(t[0]));
  expect(keys).toHaveLength(12);
  ok(await h.app.call('panel', po, 'moveToTail', { keys }));
  const preview = ok(await h.app.call<TrimPreviewDto>('panel', po, 'previewTrim', {}));
  ok(await h.app.call<JobRef>('panel', po, 'trimTail', { token: preview.token }));
  return { keys, message: h.queued.shift() as JobMessage };
}

const transitions = (sent: SentRequest[]) => sent.filter((r) => r.method === 'POST' && /\/transitions$/.test(r.path));
const sprintMoves = (sent: SentRequest[]) => sent.filter((r) => r.method === 'POST' && /^\/rest\/agile\/1\.0\/(sprint\/\d+|backlog)\/issue$/.test(r.path));

describe('a job delivered twice or retried after a crash writes each change once', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.app.close());

  it('two concurrent deliveries of a 12-issue trim send 12 transitions', async () => {
    const { keys, message } = await trimOf12(h);
    h.sent.length = 0;
    await Promise.all([runJob(h.app.platform, message), runJob(h.app.platform, message)]);
    const sentKeys = transitions(h.sent).map((r) => r.path.split('/')[5]);
    expect(sentKeys.sort()).toEqual([...keys].sort());
    expect(await job(h, message.jobId)).toMatchObject({ state: 'done', failed: [] });
    expect((await job(h, message.jobId)).changed.sort()).toEqual([...keys].sort());
    keys.forEach((k) => expect(h.app.site.view.statusCategory(k)).toBe('done'));
    tally.add('duplicateDeliveries');
    tally.add('transitionsSent', sentKeys.length);
  }, 60_000);

  it('a delivery after the job finished writes nothing', async () => {
    const { message } = await trimOf12(h);
    await runJob(h.app.platform, message);
    h.sent.length = 0;
    await runJob(h.app.platform, message);
    expect(h.sent.filter(isWrite)).toEqual([]);
  }, 60_000);

  it('a retry after the consumer died mid-commit resumes: no sprint move sent twice, every issue where the plan puts it', async () => {
    const po = h.app.site.po;
    const preview = ok(await h.app.call<CommitFillPreviewDto>('panel', po, 'previewCommitFill', {}));
    const planned = preview.sprints.flatMap((s) => s.add.map((ref) => [s.sprintId, keyOf(ref)] as const));
    expect(planned.length).toBeGreaterThan(3);
    ok(await h.app.call<JobRef>('panel', po, 'commitFill', { token: preview.token }));
    const message = h.queued.shift() as JobMessage;
    h.sent.length = 0;

    // The consumer dies right after Jira applied its second sprint move (the answer never comes back).
    let moves = 0;
    let dead = false;
    const dying = dyingPlatform(h.app.platform, h.app.kv, () => dead, (port) =>
      Object.assign(async (...args: Parameters<RequestJira>) => {
        if (dead) return never;
        const isMove = args[1]?.method === 'POST' && /\/issue$/.test(args[0].value) && /agile/.test(args[0].value);
        const answer = await port(...args);
        if (isMove && ++moves === 2) {
          dead = true;
          return never;
        }
        return answer;
      }),
    );
    void runJob(dying, message);
    await until(() => dead);
    const sentBeforeCrash = sprintMoves(h.sent).length;

    // Within a minute of its last sign of life it still reads as running, and a retry leaves it alone.
    h.clock.now = new Date(APP_NOW.getTime() + 30_000);
    expect((await job(h, message.jobId)).state).toBe('running');
    await runJob(h.app.platform, message);
    expect(sprintMoves(h.sent)).toHaveLength(sentBeforeCrash);

    // Its lease runs out; Forge retries the event: the job resumes where the record says.
    h.clock.now = new Date(APP_NOW.getTime() + 90_000);
    await runJob(h.app.platform, message);
    const finished = await job(h, message.jobId);
    expect(finished).toMatchObject({ state: 'done', failed: [] });
    const sentKeys = sprintMoves(h.sent).flatMap((r) => (r.body as { issues: string[] }).issues);
    expect(new Set(sentKeys).size).toBe(sentKeys.length);
    for (const [sprint, key] of planned) expect(h.app.site.view.issue(key)?.sprintIds.filter((id) => id === sprint)).toHaveLength(1);
    expect(finished.changed.sort()).toEqual([...new Set([...planned.map(([, k]) => k), ...preview.sprints.flatMap((s) => s.takeOut.map(keyOf))])].sort());
    tally.add('crashesResumed');
  }, 60_000);
});

describe('a job not heard from within a minute is reported as interrupted', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(() => h.app.close());

  it('"interrupted after N of M: preview again to finish the rest", and previewing again finishes it', async () => {
    const { keys, message } = await trimOf12(h);
    let posted = 0;
    let dead = false;
    const dying = dyingPlatform(h.app.platform, h.app.kv, () => dead, (port) =>
      Object.assign(async (...args: Parameters<RequestJira>) => {
        if (dead) return never;
        const answer = await port(...args);
        if (args[1]?.method === 'POST' && ++posted === 5) dead = true;
        return answer;
      }),
    );
    void runJob(dying, message);
    await until(() => dead);
    h.clock.now = new Date(APP_NOW.getTime() + 61_000);
    const status = await job(h, message.jobId);
    expect(status.state).toBe('failed');
    expect(status.error?.message).toMatch(/^Interrupted after \d+ of 12: preview again to finish the rest/);
    expect(status.message).toBe(status.error?.message);
    tally.add('interruptedReported');

    // The project is free again: preview lists what is left, and confirming finishes it.
    const again = ok(await h.app.call<TrimPreviewDto>('panel', h.app.site.po, 'previewTrim', {}));
    expect(again.issues.length).toBeLessThan(12);
    ok(await h.app.call<JobRef>('panel', h.app.site.po, 'trimTail', { token: again.token }));
    const next = h.queued.shift() as JobMessage;
    await runJob(h.app.platform, next);
    expect(await job(h, next.jobId)).toMatchObject({ state: 'done', failed: [] });
    keys.forEach((k) => expect(h.app.site.view.statusCategory(k)).toBe('done'));
    // A late retry of the interrupted job finds another job has run since and writes nothing.
    h.sent.length = 0;
    await runJob(h.app.platform, message);
    expect(h.sent.filter(isWrite)).toEqual([]);
  }, 60_000);
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}
