import type { AppError } from '../contracts';
import {
  createJiraHttp,
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
import type { JobMessage, Platform } from '../platform/types';
import type { JobRecord } from '../storage';
import { backlogRequest } from '../usecases/team-data';
import { projectAccess } from '../usecases/access';
import type { CommitFillInput, RerankInput, TrimTailInput } from './types';

const NOT_ATTEMPTED = 'Not attempted: an earlier part of this change failed. Run it again to finish.';
const OUT_OF_TIME = 'Not attempted: Jira was slow and the job reached its time limit. Preview again and confirm to finish.';
/** Time a step needs beyond its waits for Jira (its requests, the progress write). */
const STEP_MARGIN_MS = 30_000;

/** Issues per progress step: small enough for visible progress, large enough to batch Jira's endpoints. */
const STEP = 50;
const TRIM_STEP = 10;

/**
 * Runs one long write (the queue consumer on Forge, the in-process queue locally). Progress and exactly which
 * issues changed are written to the job record after every step, so the UI can poll and a failed job can be
 * previewed and started again without repeating what already happened.
 */
export async function runJob(platform: Platform, message: JobMessage): Promise<void> {
  const job = await platform.store.getJob(message.jobId);
  if (!job || job.state === 'done' || job.projectKey !== message.projectKey || job.accountId !== message.accountId) return;
  // Nobody invoked the consumer: it acts as the account that confirmed the job, with that account's permissions.
  const http = createJiraHttp(platform.jiraImpersonating(job.accountId), { retry: platform.jobRetry ?? platform.retry });
  const progress = new JobProgress(platform, job);
  await progress.update({ state: 'running', message: 'Starting' });
  try {
    if (job.kind !== 'load') await requireStillAllowed(platform, job, http);
    await runKind(platform, job, http, progress);
    await progress.finish();
  } catch (error) {
    await progress.fail(jobError(error));
  } finally {
    if (job.kind !== 'load') platform.backlogCache.forget(`${job.projectKey}|`);
  }
}

/** Why a job wrote nothing: its confirming user lost the right to change plans since they confirmed. */
class JobRefused extends Error {
  override readonly name = 'JobRefused';
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
  throw new JobRefused(
    `Nothing was changed: the user who confirmed this change may no longer change plans in ${job.projectKey} (${access.hint ?? 'Jira refused'}). ` +
      'Someone who may should preview again and confirm.',
  );
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
      writes = writes.then(() => progress.update({ done: loaded, total: Math.max(loaded, approxTotal ?? 0), message: `Loaded ${loaded} issues` }));
    },
  });
  await writes;
  await platform.store.writeBacklogSnapshot(job.projectKey, job.accountId, effective.version, backlog);
  platform.backlogCache.set(`${job.projectKey}|${job.accountId}|${effective.version}`, backlog);
  await progress.update({ done: backlog.issues.length, total: backlog.issues.length });
}

interface Step {
  keys: string[];
  label: string;
  run: () => Promise<WriteOutcome>;
}

/** Runs the steps in order; when one stops the job, the rest are reported as not attempted. */
async function runSteps(steps: Step[], progress: JobProgress): Promise<void> {
  await progress.update({ total: steps.reduce((n, step) => n + step.keys.length, 0) });
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as Step;
    if (!progress.timeForAnotherStep()) {
      await progress.outOfTime(steps.slice(i).flatMap((rest) => rest.keys));
      return;
    }
    if (await progress.record(await step.run(), step.label)) {
      await progress.skip(steps.slice(i + 1).flatMap((rest) => rest.keys));
      return;
    }
  }
}

function batches(keys: string[], size: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < keys.length; i += size) out.push(keys.slice(i, i + size));
  return out;
}

function commitFill(http: JiraHttp, input: CommitFillInput, progress: JobProgress): Promise<void> {
  const steps = [
    ...input.sprints.flatMap((sprint) =>
      batches(sprint.keys, STEP).map((keys) => ({ keys, label: `Moving issues into ${sprint.sprintName}`, run: () => moveIssuesToSprint(http, sprint.sprintId, keys) })),
    ),
    ...batches(input.toBacklog ?? [], STEP).map((keys) => ({ keys, label: 'Moving issues the plan leaves out back to the backlog', run: () => moveIssuesToBacklog(http, keys) })),
  ];
  return runSteps(steps, progress);
}

function trim(http: JiraHttp, input: TrimTailInput, progress: JobProgress): Promise<void> {
  const steps = batches(input.keys, TRIM_STEP).map((keys) => ({ keys, label: 'Closing the tail', run: () => trimTail(http, keys) }));
  return runSteps(steps, progress);
}

function rerank(http: JiraHttp, input: RerankInput, progress: JobProgress): Promise<void> {
  // Within a run, batch i goes right after the last key of batch i-1; the first batch after the run's anchor.
  const steps = input.runs.flatMap((run) =>
    batches(run.keys, STEP).map((keys, i, all) => {
      const previous = i === 0 ? run.after : ((all[i - 1] as string[])[(all[i - 1] as string[]).length - 1] as string);
      return {
        keys,
        label: 'Applying the order to Jira',
        run: () => (previous === null ? rankAsTop(http, keys, input.currentTopKey) : rankIssues(http, keys, { after: previous })),
      };
    }),
  );
  return runSteps(steps, progress);
}

/** Keeps the job record current; `record` answers whether the job must stop (something was not changed). */
class JobProgress {
  private readonly failed: { key: string; reason: string }[] = [];
  private readonly changed: string[] = [];
  private stoppedEarly = false;
  private readonly clock: () => number;
  private readonly startedAt: number;

  constructor(
    private readonly platform: Platform,
    private job: JobRecord,
  ) {
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
    this.failed.push(...keys.map((key) => ({ key, reason: OUT_OF_TIME })));
    this.stoppedEarly = true;
    await this.update({ done: this.changed.length + this.failed.length });
  }

  async update(patch: Partial<Pick<JobRecord, 'state' | 'message' | 'total' | 'done'>>): Promise<void> {
    this.job = { ...this.job, ...patch, changed: [...this.changed], failed: [...this.failed] };
    await this.platform.store.putJob(this.job);
  }

  async record(outcome: WriteOutcome, message: string): Promise<boolean> {
    this.changed.push(...outcome.changed);
    this.failed.push(...outcome.notChanged.map((n) => ({ key: n.key, reason: n.reason })));
    const done = this.changed.length + this.failed.length;
    await this.update({ done, message: `${message}: ${done} of ${this.job.total}` });
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

  async skip(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    this.failed.push(...keys.map((key) => ({ key, reason: NOT_ATTEMPTED })));
    await this.update({ done: this.changed.length + this.failed.length });
  }

  async finish(): Promise<void> {
    const stoppedEarly = this.stoppedEarly;
    if (this.failed.length === 0) {
      await this.update({ state: 'done', message: `Done: ${this.changed.length} issues changed` });
      return;
    }
    const error: AppError = {
      code: stoppedEarly ? 'JIRA_UNAVAILABLE' : 'JIRA_REJECTED',
      message:
        `${this.changed.length} issues changed, ${this.failed.length} not: ` +
        (stoppedEarly
          ? `Jira stopped the change (${this.failed[0]?.reason ?? 'no answer'}). Preview again and confirm to finish the rest.`
          : 'see each issue for why.'),
    };
    this.job = { ...this.job, error };
    await this.update({ state: this.changed.length > 0 && !stoppedEarly ? 'done' : 'failed', message: error.message });
  }

  async fail(error: AppError): Promise<void> {
    this.job = { ...this.job, error };
    await this.update({ state: 'failed', message: error.message });
  }
}

function jobError(error: unknown): AppError {
  if (error instanceof JobRefused) return { code: 'FORBIDDEN', message: error.message };
  if (error instanceof JiraRateLimitError) return { code: 'RATE_LIMITED', message: error.message };
  if (error instanceof JiraError) return { code: 'JIRA_UNAVAILABLE', message: error.message };
  return { code: 'INTERNAL', message: 'The job failed unexpectedly. Preview again and confirm to retry.' };
}
