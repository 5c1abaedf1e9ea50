import { randomUUID } from 'node:crypto';
import type { JobInputByKind } from '../jobs/types';
import type { JobRecord } from '../storage';
import type { JobDto, JobKind, JobRef } from '../contracts';
import type { CallContext } from './context';
import { AppFailure } from '../contracts/errors';
import { sentMessage, type SentMessage } from '../contracts/messages';
import { requireLicensed } from './access';

/**
 * Starts a long write (or a load) and queues it; the UI polls `getJob`. A write first claims the project's
 * write slot, and only then runs `confirm` (which takes the preview's token and checks that what the preview
 * read still holds): a check made before the claim could pass while an earlier job was still writing.
 */
export async function startJob<K extends JobKind>(ctx: CallContext, projectKey: string, kind: K, confirm: () => Promise<JobInputByKind[K]>): Promise<JobRef> {
  requireLicensed(ctx);
  const jobId = randomUUID();
  const record: JobRecord<JobInputByKind[K] | null> = {
    jobId,
    kind,
    state: 'queued',
    done: 0,
    total: 0,
    message: WAITING.text,
    i18n: WAITING.i18n,
    changed: [],
    failed: [],
    error: null,
    updatedAt: ctx.platform.now().toISOString(),
    projectKey,
    accountId: ctx.accountId,
    input: null,
  };
  const store = ctx.platform.store;
  if (kind === 'load') await store.recordNewJob(record);
  // Writes run one at a time per project, whatever their kind; loads are per user and harmless to repeat.
  if (kind !== 'load' && !(await store.claimWriteSlot(record)).claimed) {
    throw AppFailure.of('JOB_RUNNING', 'error.jobRunning');
  }
  let input: JobInputByKind[K];
  try {
    input = await confirm();
  } catch (error) {
    // Not started after all: the slot is free again (a failed job does not hold it).
    if (kind !== 'load') {
      const notStarted = sentMessage('job.notStarted');
      await store.putJob({ ...record, state: 'failed', message: notStarted.text, i18n: notStarted.i18n });
    }
    throw error;
  }
  await store.putJob({ ...record, input });
  await ctx.platform.queue.enqueue({ jobId, kind, projectKey, accountId: ctx.accountId });
  return { jobId };
}

export async function jobStatus(ctx: CallContext, projectKey: string, jobId: string): Promise<JobDto> {
  const read = await ctx.platform.store.readJob(jobId);
  if (read && 'problem' in read) {
    // Its progress cannot be shown; a new preview reads Jira and lists what is left, so nothing is done twice.
    throw AppFailure.of('INTERRUPTED', 'error.jobUnreadable', { problem: read.problem }, 'jobId');
  }
  const job = read?.job;
  if (!job || job.projectKey !== projectKey) throw AppFailure.of('NOT_FOUND', 'error.jobUnknown', undefined, 'jobId');
  const { jobId: id, kind, state, done, total, message, i18n, changed, failed, error, updatedAt } = job;
  const dto: JobDto = { jobId: id, kind, state, done, total, message, ...(i18n ? { i18n } : {}), changed, failed, error, updatedAt };
  if ((state === 'queued' || state === 'running') && !ctx.platform.store.isJobAlive(job)) {
    // Not heard from within a minute: its worker died. Say so (the UI stops polling) rather than look busy.
    const interrupted = interruptedMessage(job);
    return { ...dto, state: 'failed', message: interrupted.text, i18n: interrupted.i18n, error: { code: 'INTERRUPTED', message: interrupted.text, i18n: interrupted.i18n } };
  }
  return dto;
}

const WAITING = sentMessage('job.progress.waiting');

function interruptedMessage(job: Pick<JobDto, 'kind' | 'state' | 'done' | 'total'>): SentMessage {
  if (job.kind === 'load') return sentMessage('job.interrupted.load', { done: job.done, total: job.total });
  if (job.state === 'queued') return sentMessage('job.interrupted.queued');
  return sentMessage('job.interrupted.running', { done: job.done, total: job.total });
}

export function newToken(): string {
  return randomUUID();
}

export const TOKEN_TTL_MS = 15 * 60_000;

/** A load that has not written progress for this long is taken for dead (its worker stopped). */
const LOAD_ALIVE_MS = 2 * 60_000;

/**
 * Starts the background load of the user's backlog (the `load` job), or answers the one already running for
 * them in this project: the project page and every issue panel opened meanwhile share one load.
 */
export async function startBackgroundLoad(ctx: CallContext, projectKey: string): Promise<JobRef> {
  const store = ctx.platform.store;
  const latest = await store.latestLoadJob(projectKey, ctx.accountId);
  const job = latest ? await store.getJob(latest) : undefined;
  const alive = job && (job.state === 'queued' || job.state === 'running') && ctx.platform.now().getTime() - Date.parse(job.updatedAt) < LOAD_ALIVE_MS;
  if (job && alive && job.accountId === ctx.accountId && job.projectKey === projectKey) return { jobId: job.jobId };
  const started = await startJob(ctx, projectKey, 'load', async () => ({}));
  await store.setLatestLoadJob(projectKey, ctx.accountId, started.jobId);
  return started;
}
