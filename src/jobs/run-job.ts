import { randomUUID } from 'node:crypto';
import { PANEL_SYNC_DELAY_S, requestFieldSync } from '../usecases/published-fields';
import type { AppError, I18nMessage } from '../contracts';
import { message, sentMessage, sentPlural, type SentMessage } from '../contracts/messages';
import {
  createJiraHttp,
  searchAllIssues,
  JiraError,
  JiraRateLimitError,
  loadTeamBacklog,
  moveIssuesToBacklog,
  moveIssuesToSprint,
  rankAsTop,
  rankIssues,
  trimTail,
  type JiraHttp,
  type WriteOutcome,
} from '../jira';
import type { NotChanged } from '../jira/writes/outcome';
import { jqlKeyIn } from '../jira/jql';
import type { JobMessage, Platform } from '../platform/types';
import { JOB_STALE_MS, type JobRecord } from '../storage';
import { backlogRequest } from '../usecases/team-data';
import { markSnapshotIssues } from '../usecases/stored-plan';
import { snapshotHeadMeta } from '../jira/issue-refresh';
import { projectAccess } from '../usecases/access';
import { failureOf, i18nOf } from '../usecases/failures';
import { AppFailure } from '../contracts/errors';
import type { CommitFillInput, RerankInput, TrimTailInput } from './types';

// A job's texts are kept by catalog key beside the English: whoever reads the job later reads them in their language.
const NOT_ATTEMPTED = sentMessage('job.failure.notAttempted');
const OUT_OF_TIME = sentMessage('job.failure.outOfTime');
/** Time a step needs beyond its waits for Jira (its requests, the progress write). */
const STEP_MARGIN_MS = 30_000;

/** Issues per progress step: small enough for visible progress, large enough to batch Jira's endpoints. */
const STEP = 50;
const TRIM_STEP = 10;

/** How often a running job renews its lease and tells the record it is alive (well inside JOB_STALE_MS). */
const HEARTBEAT_MS = 15_000;

/** This consumer lost the job's lease (it was silent too long and another delivery took over): stop quietly. */
class LeaseLost extends Error {}

/**
 * Runs one long write (the queue consumer on Forge, the in-process queue locally). Forge may deliver an event
 * twice or retry it after the consumer died, so a job runs under a lease (one consumer at a time, renewed
 * with a heartbeat), a write job only while it still holds its project's write slot, and each step is
 * recorded before it is sent and after: a retry resumes after the last recorded step and checks the one in
 * flight in Jira before sending it again. Progress and exactly which issues changed are in the record, so
 * the UI can poll and a failed job can be previewed and started again without repeating what happened.
 * A job delivered after the site's licence lapsed (it was queued while licensed) changes nothing and fails.
 */
export async function runJob(platform: Platform, message: JobMessage, options: JobRunOptions = {}): Promise<void> {
  const store = platform.store;
  const job = await store.getJob(message.jobId);
  if (!job || job.state === 'done' || job.state === 'failed' || job.projectKey !== message.projectKey || job.accountId !== message.accountId) return;
  if (job.kind !== 'load' && (await store.writeSlotHolder(job.projectKey))?.jobId !== job.jobId) {
    // It was given up for dead and another change started since: never write over that one.
    await store.putJob({ ...job, state: 'failed', ...said(SUPERSEDED), error: { code: 'INTERRUPTED', message: SUPERSEDED.text, i18n: SUPERSEDED.i18n } });
    return;
  }
  const owner = randomUUID();
  if (!(await store.leaseJob(job.jobId, owner, JOB_STALE_MS))) return; // another delivery is running it
  const licensed = options.licensed ?? true;
  // Nobody invoked the consumer: it acts as the account that confirmed the job, with that account's permissions.
  const http = createJiraHttp(platform.jiraImpersonating(job.accountId), { retry: platform.jobRetry ?? platform.retry, limiter: platform.jiraLimits?.for(job.accountId) });
  const progress = new JobProgress(platform, job, owner);
  const heartbeat = setInterval(() => void progress.beat(), HEARTBEAT_MS);
  heartbeat.unref?.();
  try {
    // Before the record even says it runs: an unlicensed site is read-only, and the PO must see why it did not.
    if (!licensed) throw AppFailure.of('UNLICENSED', job.kind === 'load' ? 'job.error.unlicensedLoad' : 'job.error.unlicensed');
    await progress.update({ state: 'running', ...said(sentMessage(job.state === 'running' ? 'job.progress.resuming' : 'job.progress.starting')) });
    if (job.kind !== 'load') await requireStillAllowed(platform, job, http);
    await runKind(platform, job, http, progress);
    await progress.finish();
  } catch (error) {
    if (!(error instanceof LeaseLost)) await progress.fail(jobError(error));
  } finally {
    clearInterval(heartbeat);
    if (job.kind !== 'load' && licensed) {
      platform.backlogCache.forget(`${job.projectKey}|`);
      // A trim, re-rank or commit may change readiness (the tail, sprints): the fields follow.
      await requestFieldSync(platform, job.projectKey, { accountId: job.accountId, delaySeconds: PANEL_SYNC_DELAY_S }).catch(() => undefined);
    }
  }
}

/** What the consumer knows about this delivery besides the message. */
export interface JobRunOptions {
  /** False when Forge says the site's licence is not active now (it may have lapsed since the job was queued). */
  licensed?: boolean;
}

const SUPERSEDED = sentMessage('job.error.superseded');

/** A record's progress line: the English and its key. */
function said(message: SentMessage): { message: string; i18n: I18nMessage } {
  return { message: message.text, i18n: message.i18n };
}


/**
 * The resolver checked the user's permission when they confirmed; the job may start minutes later (queued,
 * redelivered), and an admin may have taken the permission away meanwhile. Asked again, as that user, before
 * the first write: without it nothing is written.
 */
async function requireStillAllowed(platform: Platform, job: JobRecord, http: JiraHttp): Promise<void> {
  const { settings } = await platform.store.effectiveSettings(job.projectKey);
  const access = await projectAccess(http, job.projectKey, settings.editors);
  if (access.read && access.plan) return;
  throw AppFailure.of('FORBIDDEN', 'job.error.refused', { project: job.projectKey, hint: access.hint ?? message('error.job.jiraRefused') });
}

async function runKind(platform: Platform, job: JobRecord, http: JiraHttp, progress: JobProgress): Promise<void> {
  const { kind, input } = job;
  switch (kind) {
    case 'commitFill': {
      const commit = input as CommitFillInput;
      await commitFill(http, commit, progress);
      // Only a commit that moved everything becomes the plan kept: a partial one is previewed and confirmed again.
      if (commit.plan && progress.allChanged()) {
        await platform.store.putCommittedFill(job.projectKey, { ...commit.plan, committedAt: platform.now().toISOString(), committedBy: job.accountId });
      }
      return;
    }
    case 'trimTail':
      return trim(http, input as TrimTailInput, progress);
    case 'rerank':
      return rerank(http, input as RerankInput, progress);
    case 'load':
      return loadSnapshot(platform, job, http, progress);
  }
}

/**
 * Loads the user's whole backlog with progress (issues loaded of the approximate total) and stores it as
 * their snapshot, so the panel's reads afterwards only refresh what changed: how a 10,000-issue backlog fits
 * Forge's 25-second resolver limit.
 */
async function loadSnapshot(platform: Platform, job: JobRecord, http: JiraHttp, progress: JobProgress): Promise<void> {
  const effective = await platform.store.effectiveSettings(job.projectKey);
  let writes = Promise.resolve();
  const backlog = await loadTeamBacklog(http, {
    ...backlogRequest(job.projectKey, effective.settings, () => platform.now()),
    onProgress: (loaded, approxTotal) => {
      writes = writes.then(() => progress.update({ done: loaded, total: Math.max(loaded, approxTotal ?? 0), ...said(sentPlural('job.progress.loaded', loaded)) }));
    },
  });
  await writes;
  markSnapshotIssues(backlog.issues, await platform.store.writeBacklogSnapshot(job.projectKey, job.accountId, effective.version, backlog, snapshotHeadMeta(backlog)));
  platform.backlogCache.set(`${job.projectKey}|${job.accountId}|${effective.version}`, backlog);
  await progress.update({ done: backlog.issues.length, total: backlog.issues.length });
}

/** What a step does, as its progress line names it (`{done} of {total}` are added). */
type StepLabel = { key: 'job.step.toSprint'; params: { sprint: string } } | { key: 'job.step.toBacklog' | 'job.step.trim' | 'job.step.rerank'; params?: undefined };

interface Step {
  keys: string[];
  label: StepLabel;
  run: () => Promise<WriteOutcome>;
  /**
   * The same step after a crash while it was in flight: Jira may have applied it, so read first and send only
   * what is not done yet (absent where repeating is the check, as for a rank: it lands in the same place).
   */
  resume?: () => Promise<WriteOutcome>;
}

/**
 * Runs the steps in order from the first one not recorded as done; when one stops the job, the rest are
 * reported as not attempted. The steps are rebuilt from the stored input, so a retry sees the same ones.
 */
async function runSteps(steps: Step[], progress: JobProgress): Promise<void> {
  await progress.update({ total: steps.reduce((n, step) => n + step.keys.length, 0) });
  const first = progress.stepsDone;
  for (let i = first; i < steps.length; i++) {
    const step = steps[i] as Step;
    if (!progress.timeForAnotherStep()) {
      await progress.outOfTime(steps.slice(i).flatMap((rest) => rest.keys));
      return;
    }
    const wasInFlight = i === first && progress.inFlight;
    await progress.beginStep(i);
    const outcome = wasInFlight && step.resume ? await step.resume() : await step.run();
    if (await progress.record(outcome, step.label, i + 1)) {
      await progress.skip(steps.slice(i + 1).flatMap((rest) => rest.keys));
      return;
    }
  }
}

/** Keys of `keys` that match `where` in Jira (e.g. already in the sprint). */
async function keysWhere(http: JiraHttp, keys: readonly string[], where: string): Promise<Set<string>> {
  const found = await searchAllIssues(http, { where: `${jqlKeyIn(keys)} AND ${where}`, fields: ['key'] });
  return new Set(found.map((issue) => issue.key));
}

/** Sends the move only for the keys `pending` names, counting the others as done. */
async function moveRest(keys: readonly string[], pending: Set<string>, move: (keys: string[]) => Promise<WriteOutcome>): Promise<WriteOutcome> {
  const done = keys.filter((k) => !pending.has(k));
  const rest = keys.filter((k) => pending.has(k));
  const outcome = rest.length > 0 ? await move(rest) : { changed: [], notChanged: [], complete: true };
  return { ...outcome, changed: [...done, ...outcome.changed] };
}

function batches(keys: string[], size: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < keys.length; i += size) out.push(keys.slice(i, i + size));
  return out;
}

function commitFill(http: JiraHttp, input: CommitFillInput, progress: JobProgress): Promise<void> {
  const steps = [
    ...input.sprints.flatMap((sprint) =>
      batches(sprint.keys, STEP).map((keys) => {
        const move = (some: string[]) => moveIssuesToSprint(http, sprint.sprintId, some);
        const notThere = async () => {
          const there = await keysWhere(http, keys, `sprint = ${Math.trunc(sprint.sprintId)}`);
          return new Set(keys.filter((k) => !there.has(k)));
        };
        const label: StepLabel = { key: 'job.step.toSprint', params: { sprint: sprint.sprintName } };
        return { keys, label, run: () => move(keys), resume: async () => moveRest(keys, await notThere(), move) };
      }),
    ),
    ...batches(input.toBacklog ?? [], STEP).map((keys) => {
      const move = (some: string[]) => moveIssuesToBacklog(http, some);
      return {
        keys,
        label: { key: 'job.step.toBacklog' } as const,
        run: () => move(keys),
        resume: async () => moveRest(keys, await keysWhere(http, keys, 'sprint in openSprints()'), move),
      };
    }),
  ];
  return runSteps(steps, progress);
}

function trim(http: JiraHttp, input: TrimTailInput, progress: JobProgress): Promise<void> {
  const steps = batches(input.keys, TRIM_STEP).map((keys) => ({
    keys,
    label: { key: 'job.step.trim' } as const,
    run: () => trimTail(http, keys),
    resume: () => trimTail(http, keys, { checkFirst: true }),
  }));
  return runSteps(steps, progress);
}

function rerank(http: JiraHttp, input: RerankInput, progress: JobProgress): Promise<void> {
  // Within a run, batch i goes right after the last key of batch i-1; the first batch after the run's anchor.
  const steps = input.runs.flatMap((run) =>
    batches(run.keys, STEP).map((keys, i, all) => {
      const previous = i === 0 ? run.after : ((all[i - 1] as string[])[(all[i - 1] as string[]).length - 1] as string);
      return {
        keys,
        label: { key: 'job.step.rerank' } as const,
        run: () => (previous === null ? rankAsTop(http, keys, input.currentTopKey) : rankIssues(http, keys, { after: previous })),
      };
    }),
  );
  return runSteps(steps, progress);
}

/**
 * Keeps the job record current, and with it the lease: every write of the record first renews the lease, so a
 * consumer that lost it (silent too long; another delivery took over) stops before writing anything more.
 * `record` answers whether the job must stop (something was not changed).
 */
class JobProgress {
  private readonly failed: JobRecord['failed'];
  private readonly changed: string[];
  private stoppedEarly = false;
  private lost = false;
  private writes: Promise<void> = Promise.resolve();
  private readonly clock: () => number;
  private readonly startedAt: number;

  constructor(
    private readonly platform: Platform,
    private job: JobRecord,
    private readonly owner: string,
  ) {
    // A resumed job keeps what its earlier deliveries recorded.
    this.changed = [...job.changed];
    this.failed = [...job.failed];
    this.clock = platform.jobRetry?.now ?? Date.now;
    this.startedAt = this.clock();
  }

  /**
   * Whether a step started now ends before the platform stops the job, even if Jira makes it wait out the
   * whole retry budget: a job must stop between steps, with exactly what changed recorded, never mid-write.
   */
  timeForAnotherStep(): boolean {
    const limit = this.platform.jobTimeLimitMs;
    if (limit === undefined) return true;
    const worstStep = (this.platform.jobRetry?.maxTotalMs ?? this.platform.retry?.maxTotalMs ?? 60_000) + STEP_MARGIN_MS;
    return this.clock() - this.startedAt + worstStep <= limit;
  }

  async outOfTime(keys: string[]): Promise<void> {
    this.failed.push(...keys.map((key) => failure(key, OUT_OF_TIME)));
    this.stoppedEarly = true;
    await this.update({ done: this.changed.length + this.failed.length });
  }

  get stepsDone(): number {
    return this.job.stepsDone ?? 0;
  }

  /** True when the step at `stepsDone` was begun by a delivery that never recorded its outcome. */
  get inFlight(): boolean {
    return this.job.inFlight ?? false;
  }

  async update(patch: Partial<Pick<JobRecord, 'state' | 'message' | 'i18n' | 'total' | 'done' | 'stepsDone' | 'inFlight'>>): Promise<void> {
    this.job = { ...this.job, ...patch, changed: [...this.changed], failed: [...this.failed] };
    await this.persist();
  }

  /** The heartbeat between steps (a step can wait on Jira for a long time). */
  async beat(): Promise<void> {
    if (this.lost) return;
    await this.persist().catch(() => undefined);
  }

  async beginStep(index: number): Promise<void> {
    await this.update({ stepsDone: index, inFlight: true });
  }

  async record(outcome: WriteOutcome, label: StepLabel, stepsDone: number): Promise<boolean> {
    this.changed.push(...outcome.changed);
    this.failed.push(...outcome.notChanged.map(notChangedFailure));
    const done = this.changed.length + this.failed.length;
    await this.update({ done, ...said(sentMessage(label.key, { ...label.params, done, total: this.job.total })), stepsDone, inFlight: false });
    // A refusal that stops the write (rate limit, outage) leaves the rest not attempted, and a step where
    // every issue failed for the same reason is systemic (the sprint is closed, Jira is down): stop and report.
    const reasons = new Set(outcome.notChanged.map((n) => n.reason));
    const systemic = outcome.changed.length === 0 && outcome.notChanged.length > 1 && reasons.size === 1;
    this.stoppedEarly = outcome.notChanged.some((n) => n.notAttempted) || systemic;
    return this.stoppedEarly;
  }

  /** Nothing failed or was skipped so far. */
  allChanged(): boolean {
    return this.failed.length === 0;
  }

  /** Writes the record (in order) after renewing the lease; throws LeaseLost once another consumer holds it. */
  private persist(): Promise<void> {
    const job = this.job;
    this.writes = this.writes.then(async () => {
      if (this.lost || !(await this.platform.store.leaseJob(job.jobId, this.owner, JOB_STALE_MS))) {
        this.lost = true;
        throw new LeaseLost(`Job ${job.jobId} is run by another delivery now.`);
      }
      await this.platform.store.putJob(job);
    });
    const written = this.writes;
    // A failed write must not block the next one; the caller still sees this one's failure.
    this.writes = written.catch(() => undefined);
    return written;
  }

  async skip(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    this.failed.push(...keys.map((key) => failure(key, NOT_ATTEMPTED)));
    await this.update({ done: this.changed.length + this.failed.length });
  }

  async finish(): Promise<void> {
    const stoppedEarly = this.stoppedEarly;
    if (this.failed.length === 0) {
      // A load changes nothing: it says how many issues it loaded.
      const summary = this.job.kind === 'load' ? sentPlural('job.finished.loaded', this.job.done) : sentPlural('job.finished.changed', this.changed.length);
      await this.update({ state: 'done', ...said(summary) });
      return;
    }
    const counts = { changed: this.changed.length, failed: this.failed.length };
    // Jira's reason for the stop is its own words (or the app's English): it goes into the message as it is.
    // Why Jira stopped: the first refusal, by key when it is in the app's words (Jira's own words as written).
    const first = this.failed[0];
    const reason = first?.i18n ?? first?.reason ?? message('job.error.noAnswer');
    const why = stoppedEarly ? sentMessage('job.error.stopped', { ...counts, reason }) : sentMessage('job.error.someFailed', counts);
    const error: AppError = { code: stoppedEarly ? 'JIRA_UNAVAILABLE' : 'JIRA_REJECTED', message: why.text, i18n: why.i18n };
    this.job = { ...this.job, error };
    await this.update({ state: this.changed.length > 0 && !stoppedEarly ? 'done' : 'failed', ...said(why) });
  }

  async fail(error: AppError): Promise<void> {
    this.job = { ...this.job, error };
    await this.update({ state: 'failed', message: error.message, i18n: error.i18n });
  }
}

/** An issue not changed, with the reason's key when the reason is the app's own words. */
function failure(key: string, reason: SentMessage): JobRecord['failed'][number] {
  return { key, reason: reason.text, i18n: reason.i18n };
}

function notChangedFailure(n: NotChanged): JobRecord['failed'][number] {
  const i18n = i18nOf(n.text);
  return i18n ? { key: n.key, reason: n.reason, i18n } : { key: n.key, reason: n.reason };
}

function jobError(error: unknown): AppError {
  if (error instanceof AppFailure) return error.toAppError();
  // A job's Jira failures: rate limited, or Jira unavailable whatever the status (a retry later may pass).
  if (error instanceof JiraRateLimitError) return { ...failureOf(error), code: 'RATE_LIMITED' };
  if (error instanceof JiraError) return { ...failureOf(error), code: 'JIRA_UNAVAILABLE' };
  const unexpected = sentMessage('job.error.unexpected');
  return { code: 'INTERNAL', message: unexpected.text, i18n: unexpected.i18n };
}
