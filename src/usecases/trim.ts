import { DEFAULT_TRIM_STATUSES, labelAsTail, removeTailLabel, TAIL_LABEL } from '../jira';
import { committedToPi } from '../domain';
import type { JobRef, PiRequest, TrimPreviewDto, WriteOutcomeDto } from '../contracts';
import { message } from '../contracts/messages';
import { AppFailure } from '../contracts/errors';
import type { TrimTailInput } from '../jobs/types';
import type { TailIdleNotes } from '../storage';
import type { CallContext } from './context';
import { changedSincePreview, listFew, takeToken, type Confirmation } from './confirmation';
import { newToken, startJob, TOKEN_TTL_MS } from './jobs';
import { loadTeamData, teamBacklog, type TeamData } from './team-data';
import { afterWrite, toOutcome } from './writes';
import { requestFieldSyncAfterWrite } from './published-fields';

/** Labels items `backlog-tail`, first noting how long they had been untouched (the label is an update). */
export async function moveToTail(ctx: CallContext, projectKey: string, keys: string[]): Promise<WriteOutcomeDto> {
  await noteIdleDays(ctx, projectKey, keys);
  const outcome = await labelAsTail(ctx.http, keys);
  afterWrite(ctx, projectKey);
  await requestFieldSyncAfterWrite(ctx, projectKey);
  return toOutcome(outcome);
}

/** Takes items out of the tail: they are planned and ranked again. */
export async function takeOutOfTail(ctx: CallContext, projectKey: string, keys: string[]): Promise<WriteOutcomeDto> {
  const outcome = await removeTailLabel(ctx.http, keys);
  afterWrite(ctx, projectKey);
  await requestFieldSyncAfterWrite(ctx, projectKey);
  return toOutcome(outcome);
}

/** The trim, step 1: every issue it will close, and the token. */
export async function previewTrim(ctx: CallContext, projectKey: string, request: PiRequest = {}): Promise<TrimPreviewDto> {
  // The PI shown decides which stories count as committed (the tail itself is the same for every PI).
  return trimPreview(ctx, await loadTeamData(ctx, projectKey, request.piId));
}

/** Step 2: the confirmed trim as a job, refused when the tail changed since the preview. */
export function trimTail(ctx: CallContext, projectKey: string, token: string): Promise<JobRef> {
  return startJob(ctx, projectKey, 'trimTail', async () => {
    const input = await confirmTrim(ctx, projectKey, token);
    if (input.keys.length === 0) throw AppFailure.of('INVALID_INPUT', 'error.tailEmpty', undefined, 'token');
    return input;
  });
}

const MAX_IDLE_NOTES = 2_000;

const daysBetween = (from: string, to: Date): number => Math.max(0, Math.floor((to.getTime() - Date.parse(from)) / 86_400_000));

/** Only the backlog's facts are needed (not its items, PIs or committed order): a move to the tail stays cheap. */
async function noteIdleDays(ctx: CallContext, projectKey: string, keys: readonly string[]): Promise<void> {
  const backlog = await teamBacklog(ctx, projectKey, await ctx.platform.store.effectiveSettings(projectKey));
  const now = ctx.platform.now();
  const byKey = new Map(backlog.issues.map((i) => [i.key, i]));
  const notes = await ctx.platform.store.tailIdleNotes(projectKey);
  // Only issues still open in the backlog keep a note (the trimmed ones are done).
  const kept: TailIdleNotes = Object.fromEntries(Object.entries(notes).filter(([key]) => byKey.has(key)));
  for (const key of keys) {
    const issue = byKey.get(key);
    if (issue && !issue.labels.includes(TAIL_LABEL)) kept[key] = { idleDays: daysBetween(issue.updated, now), movedAt: now.toISOString() };
  }
  // One stored value stays well inside Forge's 240 KiB per key: the latest notes win.
  const latest = Object.entries(kept).sort((a, b) => b[1].movedAt.localeCompare(a[1].movedAt)).slice(0, MAX_IDLE_NOTES);
  await ctx.platform.store.putTailIdleNotes(projectKey, Object.fromEntries(latest));
}

/** The issues a trim closes: every open item in the tail. */
function trimKeys(data: TeamData): string[] {
  return data.items.filter((i) => i.inTail).map((i) => i.key);
}

async function trimPreview(ctx: CallContext, data: TeamData): Promise<TrimPreviewDto> {
  const notes = await ctx.platform.store.tailIdleNotes(data.projectKey);
  const names = new Map(data.settings.workTypes.map((w) => [w.id, w.name]));
  const issues = data.items
    .filter((i) => i.inTail)
    .map((i) => {
      const note = notes[i.key];
      // Untouched before the move, plus the time in the tail: the label itself is not a touch. (An edit of an
      // item while in the tail is not told apart from the label's; items in the tail are rarely edited.)
      const daysUntouched = note ? note.idleDays + daysBetween(note.movedAt, data.now) : daysBetween(i.updated, data.now);
      const parentClosed = i.parent !== null && i.parent.statusCategory === 'done' ? i.parent.key : null;
      return { key: i.key, summary: i.summary, daysUntouched, workType: names.get(i.workType) ?? i.workType, parentClosed, committed: committedToPi(i, data.pi.name) };
    });
  const token = newToken();
  const record = await ctx.platform.store.putToken<Confirmation<TrimTailInput>>(
    token,
    { kind: 'trimTail', projectKey: data.projectKey, accountId: ctx.accountId, payload: { input: { keys: trimKeys(data) } } },
    TOKEN_TTL_MS,
  );
  return { issues, targetStatus: DEFAULT_TRIM_STATUSES[0] as string, token, expiresAt: record.expiresAt };
}

/** The trim's confirmation, refused when the tail is not what the preview listed (an item taken out, or added). */
async function confirmTrim(ctx: CallContext, projectKey: string, token: string): Promise<TrimTailInput> {
  const { input } = await takeToken<TrimTailInput>(ctx, projectKey, token, 'trimTail');
  const now = trimKeys(await loadTeamData(ctx, projectKey, undefined));
  const listed = new Set(input.keys);
  const gone = input.keys.filter((k) => !now.includes(k));
  const added = now.filter((k) => !listed.has(k));
  if (gone.length > 0 || added.length > 0) {
    const detail =
      gone.length && added.length
        ? message('error.tail.goneAndAdded', { gone: listFew(gone), added: listFew(added) })
        : gone.length
          ? message('error.tail.gone', { keys: listFew(gone) })
          : message('error.tail.added', { keys: listFew(added) });
    throw changedSincePreview(message('error.changed.tail'), detail);
  }
  return input;
}
