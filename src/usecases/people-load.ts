/**
 * The Fill tab's "People" section: the planned items' points per assignee against each member's share of the
 * iteration (FTE and days off from Settings), overloaded members and unassigned planned work flagged. Display
 * and warnings only: the fill never looks at it.
 */
import { peopleLoad, workingDays, type BacklogItem } from '../domain';
import type { I18nMessage, PeopleLoadDto } from '../contracts';
import type { CallContext } from './context';
import type { FillComputation } from './fill-plan';
import { DerivedCache } from './derived';
import { displayNames, rowName, type PersonName } from './people';
import type { TeamData } from './team-data';

/** The planned items of a plan with their iteration (per plan: `fill.chosen` lives as long as its plan). */
const plannedItems = new DerivedCache<{ item: BacklogItem; iteration: number }[]>(1);
/** People loads per plan, by the names and settings they were computed with. */
const loads = new DerivedCache<PeopleLoadDto>(2);

/**
 * Who carries the chosen plan, people by display name (looked up as the asking user), computed once per plan,
 * user, names and settings version (members, FTE and days off).
 */
export async function planPeopleLoad(ctx: CallContext, data: TeamData, fill: FillComputation): Promise<PeopleLoadDto> {
  const planned = plannedItems.get(fill.chosen, { site: ctx.platform.site }, () => {
    const byKey = new Map(data.items.map((i) => [i.key, i]));
    return fill.chosen.iterations.flatMap((it, iteration) =>
      it.keys.flatMap((key) => {
        const item = byKey.get(key);
        return item ? [{ item, iteration }] : [];
      }),
    );
  });
  const names = await displayNames(ctx, planned.map(({ item }) => item.assignee));
  const inputs = { site: ctx.platform.site, accountId: ctx.accountId, settingsVersion: data.settingsVersion, names: [...names] };
  return loads.get(fill.chosen, inputs, () => computePeopleLoad(data, fill, planned, names));
}

function computePeopleLoad(data: TeamData, fill: FillComputation, planned: readonly { item: BacklogItem; iteration: number }[], names: ReadonlyMap<string, PersonName>): PeopleLoadDto {
  const labels = new Map([...names].map(([id, person]) => [id, rowName(person)]));
  const nameOf = (item: BacklogItem): string | null => (item.assignee ? (labels.get(item.assignee)?.name ?? null) : null);
  // A placeholder row ("Someone") carries its key, unless a real person bears the same name (then both share the row).
  const realNames = new Set([...labels.values()].filter((l) => l.nameI18n === undefined).map((l) => l.name));
  const placeholders = new Map<string, I18nMessage>();
  for (const label of labels.values()) if (label.nameI18n && !realNames.has(label.name)) placeholders.set(label.name, label.nameI18n);
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
    rows: load.members.map((row) => {
      const nameI18n = row.member ? undefined : placeholders.get(row.name);
      return nameI18n ? { ...row, nameI18n } : row;
    }),
    unassigned: load.unassigned,
  };
}
