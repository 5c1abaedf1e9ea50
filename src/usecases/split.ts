import { splitIssue } from '../jira';
import type { SplitRequest, SplitResultDto } from '../contracts';
import { AppFailure } from '../contracts/errors';
import { message } from '../contracts/messages';
import type { CallContext } from './context';
import { loadTeamData } from './team-data';
import { afterWrite } from './writes';
import { requestFieldSyncAfterWrite } from './published-fields';

/** Splits an item into new stories whose points add up, closing the original as dropped (resumable by splitId). */
export async function split(ctx: CallContext, projectKey: string, p: SplitRequest): Promise<SplitResultDto> {
  const data = await loadTeamData(ctx, projectKey, undefined);
  const outcome = await splitIssue(ctx.http, data.backlog.fieldMap, { originalKey: p.key, splitId: p.splitId, parts: p.parts });
  afterWrite(ctx, projectKey);
  await requestFieldSyncAfterWrite(ctx, projectKey);
  const created = outcome.parts.map((part) => part.key).filter((k): k is string => k !== null);
  if (!outcome.complete) {
    const reason = outcome.parts.find((part) => part.reason)?.reason ?? outcome.original.reason;
    const why = reason ?? message('error.split.refusedPart');
    throw AppFailure.of('JIRA_REJECTED', 'error.split.incomplete', { created: created.length, parts: p.parts.length, why });
  }
  return {
    original: p.key,
    created,
    resumed: outcome.parts.some((part) => !part.createdNow) || !outcome.original.closedNow,
    originalClosedAs: outcome.original.closedAs as string,
  };
}
