import { setIssueNumbers } from '../jira';
import type { ScoreWsjfRequest, WsjfScoreResultDto } from '../contracts';
import type { CallContext } from './context';
import { backlogRow, workTypeIndexOf } from './dto';
import { candidateSets } from './refinement';
import { loadTeamData } from './team-data';
import { afterWrite, toOutcome } from './writes';
import { requestFieldSyncAfterWrite } from './published-fields';

/** Writes WSJF parts to Jira and answers the re-scored rows with their new place in the backlog. */
export async function scoreWsjf(ctx: CallContext, projectKey: string, p: ScoreWsjfRequest): Promise<WsjfScoreResultDto> {
  const before = await loadTeamData(ctx, projectKey, p.piId);
  const outcome = await setIssueNumbers(
    ctx.http,
    before.backlog.fieldMap,
    p.items.map(({ key, ...values }) => ({ key, values })),
    {
      fields: new Set(before.backlog.selectFields ?? []),
      optionScores: before.backlog.wsjfOptionScores,
      namedFields: new Set(before.backlog.namedOptionFields ?? []),
    },
  );
  afterWrite(ctx, projectKey);
  await requestFieldSyncAfterWrite(ctx, projectKey);
  // Positions in the ranking of the PI the Backlog shows (committed stories differ per PI).
  const after = await loadTeamData(ctx, projectKey, p.piId);
  const sets = candidateSets(after);
  const index = workTypeIndexOf(after.settings.workTypes);
  const wanted = new Set(outcome.changed);
  const rows = after.items.flatMap((item, position) => (wanted.has(item.key) ? [{ row: backlogRow(after, item, index, sets.tail, sets.split), position }] : []));
  return { outcome: toOutcome(outcome), rows };
}
