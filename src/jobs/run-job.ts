import type { AppError, JobKind } from '../resolvers/definitions';
import {
  createJiraHttp,
  JiraError,
  JiraRateLimitError,
  moveIssuesToSprint,
  rankAsTop,
  rankIssues,
  trimTail,
  type JiraHttp,
  type WriteOutcome,
} from '../jira';
import type { JobMessage, Platform } from '../platform/types';
import type { JobRecord } from '../storage';
import type { CommitFillInput, RerankInput, TrimTailInput } from './types';

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
  const http = createJiraHttp(platform.jiraFor(job.accountId), { retry: platform.retry });
  const progress = new JobProgress(platform, job);
  await progress.update({ state: 'running', message: 'Starting' });
  try {
    await runKind(job.kind, http, job.input, progress);
    await progress.finish();
  } catch (error) {
    await progress.fail(jobError(error));
  } finally {
    platform.backlogCache.forget(`${job.projectKey}|`);
  }
}

async function runKind(kind: JobKind, http: JiraHttp, input: unknown, progress: JobProgress): Promise<void> {
  switch (kind) {
    case 'commitFill':
      return commitFill(http, input as CommitFillInput, progress);
    case 'trimTail':
      return trim(http, input as TrimTailInput, progress);
    case 'rerank':
      return rerank(http, input as RerankInput, progress);
    case 'load':
      return;
  }
}

async function commitFill(http: JiraHttp, input: CommitFillInput, progress: JobProgress): Promise<void> {
  const total = input.sprints.reduce((n, s) => n + s.keys.length, 0);
  await progress.update({ total });
  for (const sprint of input.sprints) {
    for (let i = 0; i < sprint.keys.length; i += STEP) {
      const keys = sprint.keys.slice(i, i + STEP);
      const outcome = await moveIssuesToSprint(http, sprint.sprintId, keys);
      const stop = await progress.record(outcome, `Moving issues into ${sprint.sprintName}`);
      if (stop) return;
    }
  }
}

async function trim(http: JiraHttp, input: TrimTailInput, progress: JobProgress): Promise<void> {
  await progress.update({ total: input.keys.length });
  for (let i = 0; i < input.keys.length; i += TRIM_STEP) {
    const outcome = await trimTail(http, input.keys.slice(i, i + TRIM_STEP));
    if (await progress.record(outcome, 'Closing the tail')) return;
  }
}

async function rerank(http: JiraHttp, input: RerankInput, progress: JobProgress): Promise<void> {
  await progress.update({ total: input.order.length });
  let previousLast: string | null = null;
  for (let i = 0; i < input.order.length; i += STEP) {
    const keys = input.order.slice(i, i + STEP);
    const outcome: WriteOutcome =
      previousLast === null ? await rankAsTop(http, keys, input.currentTopKey) : await rankIssues(http, keys, { after: previousLast });
    if (await progress.record(outcome, 'Applying the order to Jira')) return;
    previousLast = keys[keys.length - 1] ?? previousLast;
  }
}

/** Keeps the job record current; `record` answers whether the job must stop (something was not changed). */
class JobProgress {
  private readonly failed: { key: string; reason: string }[] = [];
  private readonly changed: string[] = [];

  constructor(
    private readonly platform: Platform,
    private job: JobRecord,
  ) {}

  async update(patch: Partial<Pick<JobRecord, 'state' | 'message' | 'total' | 'done'>>): Promise<void> {
    this.job = { ...this.job, ...patch, changed: [...this.changed], failed: [...this.failed] };
    await this.platform.store.putJob(this.job);
  }

  async record(outcome: WriteOutcome, message: string): Promise<boolean> {
    this.changed.push(...outcome.changed);
    this.failed.push(...outcome.notChanged.map((n) => ({ key: n.key, reason: n.reason })));
    const done = this.changed.length + this.failed.length;
    await this.update({ done, message: `${message}: ${done} of ${this.job.total}` });
    // A refusal that stops the write (rate limit, outage) leaves the rest not attempted: stop and report.
    return outcome.notChanged.some((n) => n.notAttempted);
  }

  async finish(): Promise<void> {
    const stoppedEarly = this.failed.some((f) => f.reason.startsWith('Not attempted'));
    if (this.failed.length === 0) {
      await this.update({ state: 'done', message: `Done: ${this.changed.length} issues changed` });
      return;
    }
    const error: AppError = {
      code: stoppedEarly ? 'JIRA_UNAVAILABLE' : 'JIRA_REJECTED',
      message:
        `${this.changed.length} issues changed, ${this.failed.length} not: ` +
        (stoppedEarly ? 'Jira stopped answering. Preview again and confirm to finish the rest.' : 'see each issue for why.'),
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
  if (error instanceof JiraRateLimitError) return { code: 'RATE_LIMITED', message: error.message };
  if (error instanceof JiraError) return { code: 'JIRA_UNAVAILABLE', message: error.message };
  return { code: 'INTERNAL', message: 'The job failed unexpectedly. Preview again and confirm to retry.' };
}
