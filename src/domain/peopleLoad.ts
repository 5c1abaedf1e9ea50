/**
 * Who carries the plan (docs/domain.md "People"): per member and planned iteration, the points of planned items
 * assigned to them against their share of the iteration's capacity (their available member-days over the
 * team's). Display and warnings only: the plan's rules never look at it.
 */

import { DomainError, ref } from './errors';

export interface PeopleLoadRequest {
  /** The team members (Settings), by display name, with their FTE. */
  members: readonly { name: string; fte: number }[];
  /** Per planned iteration: its capacity for planned work, working days and days off per member (by name). */
  iterations: readonly { capacity: number; workingDays: number; daysOffByMember?: Readonly<Record<string, number>> }[];
  /** The planned items: the 0-based iteration holding each, its points, and its assignee's display name (null: nobody). */
  planned: readonly { key: string; iteration: number; points: number | null; assignee: string | null }[];
}

export interface MemberIterationLoad {
  planned: number;
  /** Their share of the iteration's capacity; null for an assignee who is not a team member (or no members are set). */
  share: number | null;
  /** More planned for them than their share. */
  overloaded: boolean;
  items: string[];
}

export interface MemberLoad {
  name: string;
  /** False: an assignee who is not among the team members. */
  member: boolean;
  perIteration: MemberIterationLoad[];
}

export interface PeopleLoad {
  /** The team members in their order, then other assignees by name. */
  members: MemberLoad[];
  /** Per iteration, the planned work nobody is assigned to. */
  unassigned: { points: number; items: string[] }[];
}

const sameName = (name: string): string => name.trim().toLocaleLowerCase();
/** Rounds away float noise (0.1 + 0.2) so a share equal to the load is not "over". */
const tidy = (value: number): number => Math.round(value * 1e9) / 1e9;

/** Each member's planned points against their share of each planned iteration, and the unassigned work. */
export function peopleLoad(request: PeopleLoadRequest): PeopleLoad {
  const n = request.iterations.length;
  // A name listed twice is one person (the first entry counts).
  const team = request.members.filter((m, i, all) => all.findIndex((o) => sameName(o.name) === sameName(m.name)) === i);
  const rows = new Map<string, MemberLoad>(team.map((m) => [sameName(m.name), { name: m.name, member: true, perIteration: [] }]));
  request.iterations.forEach((it) => {
    // A member's available days: their working days at their FTE, less their days off (at most all of them).
    const available = team.map((m) => Math.max(0, it.workingDays * m.fte - (it.daysOffByMember?.[m.name] ?? 0)));
    const total = available.reduce((sum, days) => sum + days, 0);
    team.forEach((m, i) => {
      const row = rows.get(sameName(m.name)) as MemberLoad;
      const share = total > 0 ? tidy((it.capacity * (available[i] as number)) / total) : 0;
      row.perIteration.push({ planned: 0, share, overloaded: false, items: [] });
    });
  });
  const guests = new Map<string, MemberLoad>();
  const unassigned = request.iterations.map(() => ({ points: 0, items: [] as string[] }));
  for (const item of request.planned) {
    if (!Number.isInteger(item.iteration) || item.iteration < 0 || item.iteration >= n) {
      throw new DomainError('invalidRequest', `${item.key} is planned in iteration ${item.iteration + 1}, but the plan has ${n}`, ref('domain.invariant.plannedPastPlan', { key: item.key, iteration: item.iteration + 1, count: n }));
    }
    const points = Math.max(0, item.points ?? 0);
    if (item.assignee === null || item.assignee.trim() === '') {
      const slot = unassigned[item.iteration] as { points: number; items: string[] };
      slot.points = tidy(slot.points + points);
      slot.items.push(item.key);
      continue;
    }
    const name = sameName(item.assignee);
    let row = rows.get(name) ?? guests.get(name);
    if (!row) {
      row = { name: item.assignee.trim(), member: false, perIteration: request.iterations.map(() => ({ planned: 0, share: null, overloaded: false, items: [] })) };
      guests.set(name, row);
    }
    const slot = row.perIteration[item.iteration] as MemberIterationLoad;
    slot.planned = tidy(slot.planned + points);
    slot.items.push(item.key);
  }
  for (const row of rows.values()) for (const slot of row.perIteration) slot.overloaded = slot.share !== null && slot.planned > slot.share;
  return { members: [...rows.values(), ...[...guests.values()].sort((a, b) => a.name.localeCompare(b.name))], unassigned };
}
