/**
 * The Fill tab's "People" section: the planned items' points per assignee against each member's share of the
 * iteration (FTE and days off from Settings), overloaded members and unassigned planned work flagged. Display
 * and warnings only: the fill never looks at it.
 */
import { peopleLoad, workingDays, type BacklogItem } from '../domain';
import type { PeopleLoadDto } from '../contracts';
import type { CallContext } from './context';
import type { FillComputation } from './fill-plan';
import { displayNames } from './people';
import type { TeamData } from './team-data';

/** Who carries the chosen plan, people by display name (looked up as the asking user). */
export async function planPeopleLoad(ctx: CallContext, data: TeamData, fill: FillComputation): Promise<PeopleLoadDto> {
  const byKey = new Map(data.items.map((i) => [i.key, i]));
  const planned = fill.chosen.iterations.flatMap((it, iteration) =>
    it.keys.flatMap((key) => {
      const item = byKey.get(key);
      return item ? [{ item, iteration }] : [];
    }),
  );
  const names = await displayNames(ctx, planned.map(({ item }) => item.assignee));
  const nameOf = (item: BacklogItem): string | null => (item.assignee ? (names.get(item.assignee) ?? null) : null);
  const calendar = new Map(data.settings.pis.flatMap((pi) => pi.iterations).map((it) => [it.id, it]));
  const load = peopleLoad({
    members: data.settings.members,
    iterations: fill.iterations.map((it, i) => ({
      capacity: fill.capacities[i] as number,
      workingDays: workingDays(it.start, it.end),
      daysOffByMember: calendar.get(it.id)?.daysOffByMember,
    })),
    planned: planned.map(({ item, iteration }) => ({ key: item.key, iteration, points: item.points, assignee: nameOf(item) })),
  });
  return {
    membersSet: data.settings.members.length > 0,
    iterations: fill.iterations.map((it) => it.name),
    rows: load.members,
    unassigned: load.unassigned,
  };
}
