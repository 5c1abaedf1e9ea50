import { sliceCapacity, type Allocation } from '../domain';
import type { FillDto, FillRequest, ForecastDto, IssueRef, LeftOutReason, LeftOutRow, PeopleLoadDto } from '../contracts';
import type { CallContext } from './context';
import { issueRef, iterationRef, piChoice } from './dto';
import { tailItems } from './fill-items';
import { planFill, type FillComputation } from './fill-plan';
import { planForecast } from './forecast';
import { planPeopleLoad } from './people-load';
import { leftOutLookup, leftOutMessage } from './left-out';
import { flagMessage } from './plan-messages';
import type { SentMessage } from '../contracts/messages';
import { loadTeamData, type TeamData } from './team-data';

/** The Iteration fill tab: the proposal for the upcoming iterations and every left-out item with its reason. */
export async function getFill(ctx: CallContext, projectKey: string, request: FillRequest): Promise<FillDto> {
  const data = await loadTeamData(ctx, projectKey, request.piId);
  const fill = await planFill(ctx, data, request);
  return fillDto(data, fill, planForecast(ctx, data, fill, request.topPoints), await planPeopleLoad(ctx, data, fill));
}

function fillDto(data: TeamData, fill: FillComputation, forecast: ForecastDto, people: PeopleLoadDto): FillDto {
  const ref = (key: string) => issueRef(key, data.projectKey);
  const lookup = leftOutLookup(data, Math.max(...fill.iterations.map((it) => it.capacity)));
  return {
    keyPrefix: data.projectKey,
    piId: data.pi.id,
    piChoice: piChoice(data),
    workTypes: data.settings.workTypes,
    mode: fill.mode,
    iterations: fill.iterations.map((it, i) => {
      const planned = fill.chosen.iterations[i];
      const capacity = fill.capacities[i] as number;
      const slices = sliceCapacity(capacity, fill.percents[i] as Allocation);
      return {
        ...iterationRef(it),
        capacity,
        buffer: it.capacity - capacity,
        slices: Object.fromEntries(Object.entries(slices).map(([type, slice]) => [type, { slice, planned: planned?.pointsByType[type] ?? 0 }])),
        items: (planned?.keys ?? []).map(ref),
        sprintName: data.backlog.sprints.find((sp) => sp.id === it.sprintId)?.name ?? null,
      };
    }),
    greedyCost: fill.greedy.costOfDelay,
    optimalCost: fill.optimal.costOfDelay,
    greedyItems: fill.greedy.iterations.map((it) => it.keys.map(ref)),
    leftOut: [
      ...fill.chosen.leftOut.map((l) => leftOutRow(ref(l.key), l.reason, leftOutMessage(data, lookup, l.key, l.reason, false))),
      ...tailItems(data).map((i) => leftOutRow(ref(i.key), 'inTail', leftOutMessage(data, lookup, i.key, 'inTail', false))),
    ],
    committedExclude: fill.committedExclude.map(ref),
    flowUnused: data.settings.flowUnusedSlice,
    flags: fill.flags.map((f): FillDto['flags'][number] => {
      const { text, i18n } = flagMessage(f);
      return [ref(f.key), text, i18n];
    }),
    forecast,
    people,
  };
}

/** A left-out row: the detail's key only when there is a detail (a 10,000-row list stays small). */
function leftOutRow(ref: IssueRef, reason: LeftOutReason, detail: SentMessage | null): LeftOutRow {
  return detail ? [ref, reason, detail.text, detail.i18n] : [ref, reason, ''];
}
