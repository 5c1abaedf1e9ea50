/**
 * src/index.ts as Forge runs it, with the Forge runtime modules replaced by stand-ins: `@forge/api`'s
 * asUser().requestJira goes to the demo site as the invoking user, `@forge/kvs` is the in-memory KVS fake, and
 * `@forge/events`' Queue records what is pushed so the test can deliver it to the consumer like Forge would.
 */
import type { DemoSiteUser } from '../demo-site';
import { startDemoSite, type DemoSite } from '../demo-site';
import type { CommitFillPreviewDto, JobDto, JobRef, Result } from '../../src/contracts';

const forge = {
  site: null as DemoSite | null,
  user: null as DemoSiteUser | null,
  pushed: [] as { body: Record<string, unknown> }[],
};

jest.mock('@forge/api', () => ({
  __esModule: true,
  assumeTrustedRoute: (path: string) => path,
  default: {
    asUser: () => ({
      requestJira: (path: string, init: RequestInit = {}) =>
        fetch(`${forge.site!.baseUrl}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: forge.user!.authorization } }),
    }),
    asApp: () => {
      throw new Error('the app never calls Jira as itself');
    },
  },
}));
jest.mock('@forge/kvs', () => {
  const actual = jest.requireActual('@forge/kvs');
  // Created on first use: the fake itself imports @forge/kvs (for its error class).
  type Fake = import('../storage/fake-kvs').FakeKvs;
  let fake: Fake | undefined;
  const kvs = (): Fake => (fake ??= new (jest.requireActual('../storage/fake-kvs') as typeof import('../storage/fake-kvs')).FakeKvs());
  return {
    ...actual,
    kvs: {
      get: (key: string) => kvs().get(key),
      set: (key: string, value: unknown, options?: { keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS' }) => kvs().set(key, value, options),
      delete: (key: string) => kvs().delete(key),
      query: () => kvs().query(),
    },
  };
});
jest.mock('@forge/events', () => ({
  Queue: class {
    constructor(readonly params: { key: string }) {}
    async push(events: { body: Record<string, unknown> } | { body: Record<string, unknown> }[]) {
      forge.pushed.push(...(Array.isArray(events) ? events : [events]));
      return { jobId: 'forge-job-1' };
    }
  },
}));

type Entry = typeof import('../../src/index');
const INSTALL = 'ari:cloud:jira::site/entry-test';
let entry: Entry;

beforeAll(async () => {
  forge.site = await startDemoSite({ scale: 300, seed: 7 });
  entry = await import('../../src/index');
});
afterAll(() => forge.site!.close());

async function invoke<T>(user: DemoSiteUser, functionKey: string, payload: unknown): Promise<Result<T>> {
  forge.user = user;
  const context = { localId: 'x', moduleKey: 'backlog-balance-panel', extension: { type: 'jira:projectPage', project: { key: 'ORION' } } };
  return (await entry.panelHandler({ call: { functionKey, payload }, context }, { principal: { accountId: user.accountId }, installContext: INSTALL })) as Result<T>;
}

it('runs a long write through the Forge queue: the resolver pushes, the consumer writes to Jira as the user', async () => {
  const site = forge.site!;
  const preview = await invoke<CommitFillPreviewDto>(site.po, 'previewCommitFill', {});
  if (!preview.ok) throw new Error(preview.error.message);
  const started = await invoke<JobRef>(site.po, 'commitFill', { token: preview.data.token });
  if (!started.ok) throw new Error(started.error.message);
  expect(forge.pushed).toEqual([{ body: { jobId: started.data.jobId, kind: 'commitFill', projectKey: 'ORION', accountId: site.po.accountId, installContext: INSTALL } }]);

  const queued = await invoke<JobDto>(site.po, 'getJob', { jobId: started.data.jobId });
  expect(queued).toMatchObject({ ok: true, data: { state: 'queued' } });

  // Delivered without an installation in the context: the message names the one that queued it.
  await entry.longWritesHandler({ ...forge.pushed[0]!, queueName: 'backlog-balance-long-writes', jobId: 'forge-job-1', eventId: 'e1' });
  const done = await invoke<JobDto>(site.po, 'getJob', { jobId: started.data.jobId });
  expect(done).toMatchObject({ ok: true, data: { state: 'done', failed: [] } });
  for (const sprint of preview.data.sprints) {
    for (const ref of sprint.add) expect(site.view.sprintIssueKeys(sprint.sprintId)).toContain(typeof ref === 'number' ? `ORION-${ref}` : ref);
  }
});

it('ignores a queue event that is not one of our jobs', async () => {
  const before = forge.site!.requestLog.length;
  await entry.longWritesHandler({ body: { jobId: 'x', kind: 'dropDatabase' }, queueName: 'q', jobId: 'j', eventId: 'e' }, { installContext: INSTALL });
  await entry.longWritesHandler({ body: { jobId: 'nope', kind: 'trimTail', projectKey: 'ORION', accountId: forge.site!.po.accountId }, queueName: 'q', jobId: 'j', eventId: 'e' }, { installContext: INSTALL });
  expect(forge.site!.requestLog.length).toBe(before);
});

it('does not wait out a Retry-After longer than the resolver time limit allows: the user gets a typed answer at once', async () => {
  const site = forge.site!;
  // Forge stops a resolver at 25 s; a 30 s Retry-After cannot be honoured inside one call.
  site.faults.rateLimit(1, { retryAfterSeconds: 30 });
  const started = Date.now();
  const result = await invoke<unknown>(site.po, 'whoAmI', {});
  expect(result).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  expect(Date.now() - started).toBeLessThan(5_000);
  site.faults.clear();
});
