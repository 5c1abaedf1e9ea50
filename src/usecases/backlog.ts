import { FIBONACCI_SCALE } from '../domain';
import type { BacklogDto, IssueRef, PiRequest, RequiredPiRequest } from '../contracts';
import type { CallContext } from './context';
import { backlogRow, issueRef, piChoice, RowTables, workTypeIndexOf } from './dto';
import { displayNames, savedByFields, SOMEONE, type PersonName } from './people';
import { candidateSets } from './refinement';
import { loadTeamData, rebaselineCommittedOrder, type TeamData } from './team-data';

/** The Backlog tab: every open item in backlog order, encoded as rows. */
export async function getBacklog(ctx: CallContext, projectKey: string, request: PiRequest): Promise<BacklogDto> {
  const data = await loadTeamData(ctx, projectKey, request.piId);
  const names = await displayNames(ctx, [data.committedBaseline?.savedBy]);
  return backlogDto(data, names);
}

/** Makes the PI's committed stories' current Jira rank the committed order the fill keeps. */
export async function rebaseline(ctx: CallContext, projectKey: string, request: RequiredPiRequest): Promise<{ piId: string; committed: IssueRef[] }> {
  const data = await loadTeamData(ctx, projectKey, request.piId);
  const keys = await rebaselineCommittedOrder(ctx, data);
  return { piId: data.pi.id, committed: keys.map((k) => issueRef(k, projectKey)) };
}

/** `names`: display names of the accounts named (the committed baseline's author). */
export function backlogDto(data: TeamData, names: ReadonlyMap<string, PersonName>): BacklogDto {
  const sets = candidateSets(data);
  const index = workTypeIndexOf(data.settings.workTypes);
  const tables = new RowTables();
  const rows = data.items.map((item) => backlogRow(data, item, index, sets.tail, sets.split, tables));
  return {
    keyPrefix: data.projectKey,
    piChoice: piChoice(data),
    workTypes: data.settings.workTypes,
    scale: [...FIBONACCI_SCALE],
    rows,
    ...(tables.parents.length > 0 ? { parents: tables.parents } : {}),
    ...(tables.sprints.length > 0 ? { sprints: tables.sprints } : {}),
    loadedAt: data.backlog.loadedAt,
    pi: { id: data.pi.id, name: data.pi.name, start: data.pi.start, end: data.pi.end },
    committedBaseline: data.committedBaseline
      ? { savedAt: data.committedBaseline.savedAt, savedBy: data.committedBaseline.savedBy, ...savedByFields(names.get(data.committedBaseline.savedBy) ?? SOMEONE) }
      : null,
  };
}
