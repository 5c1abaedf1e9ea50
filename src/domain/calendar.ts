import { DAY_MS } from './dates';

/**
 * The PI calendar: which PI is current, which iterations are still to plan, the PIs a board's sprints imply
 * when no calendar is set, and the working days an iteration has. Dates are ISO days (yyyy-mm-dd), compared
 * as strings; "today" is a parameter.
 */

export interface CalendarSpan {
  start: string;
  end: string;
  /** The state of the iteration's Jira sprint, when it has one. */
  sprintState?: 'active' | 'future' | 'closed';
}

/** The PI containing `today`, else the next one, else the last (the calendar is oldest first). */
export function currentPi<P extends CalendarSpan>(pis: readonly P[], today: string): P {
  const found = pis.find((p) => p.start <= today && today <= p.end) ?? pis.find((p) => p.start > today) ?? pis[pis.length - 1];
  if (!found) throw new RangeError('currentPi needs at least one PI');
  return found;
}

/**
 * The first `count` iterations that have not started by `today` (the running one is already planned), from `from`
 * on. An iteration with a Jira sprint is upcoming while that sprint is a future one, whatever the dates say: Jira
 * keeps a sprint active past its end until someone closes it, and the next one is still to come.
 */
export function upcomingIterations<P extends { iterations: readonly CalendarSpan[] }>(pis: readonly P[], from: P, today: string, count: number): P['iterations'][number][] {
  const start = pis.indexOf(from);
  return pis
    .slice(Math.max(0, start))
    .flatMap((p) => p.iterations)
    .filter((it) => (it.sprintState === undefined ? it.start > today : it.sprintState === 'future'))
    .slice(0, count);
}

/** A board sprint as the calendar needs it. */
export interface CalendarSprint {
  id: number;
  name: string;
  state: string;
  startDate?: string | null;
  endDate?: string | null;
}

/** A PI derived from the board (the shape of a PI calendar entry in Settings). */
export interface DerivedPi {
  id: string;
  name: string;
  start: string;
  end: string;
  iterations: { id: string; name: string; start: string; end: string; sprintId: number; manualCapacity: null; absenceDays: number }[];
}

/**
 * Without a PI calendar in Settings, PIs come from the board's sprints: one PI per calendar quarter named like
 * "PI 2026.4" (how many trains name their fix versions), each sprint an iteration. Future sprints often have
 * no dates in Jira: they get the team's cadence, one after the other, after the last dated sprint and never
 * before `now`'s day (a sprint kept active past its end delays the next one). PIs that ended more than a year
 * before `now` are left out.
 */
export function derivePis(sprints: readonly CalendarSprint[], now: Date): DerivedPi[] {
  const dated = sprints
    .filter((sp) => sp.startDate && sp.endDate)
    .map((sp) => ({ sprint: sp, start: Date.parse(sp.startDate as string), end: Date.parse(sp.endDate as string) }))
    .sort((a, b) => a.start - b.start);
  const lengths = dated.map((d) => d.end - d.start).filter((l) => l > 0).sort((a, b) => a - b);
  const cadence = lengths[Math.floor(lengths.length / 2)] ?? 14 * DAY_MS;
  const undated = sprints.filter((sp) => !(sp.startDate && sp.endDate) && sp.state === 'future').sort((a, b) => a.id - b.id);
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  let cursor = Math.max(dated.length ? (dated[dated.length - 1] as { end: number }).end : today, today);
  const projected = undated.map((sprint) => {
    const start = Math.ceil(cursor / DAY_MS) * DAY_MS;
    cursor = start + cadence;
    return { sprint, start, end: start + cadence - DAY_MS };
  });
  const byPi = new Map<string, DerivedPi>();
  for (const { sprint, start, end } of [...dated, ...projected]) {
    const date = new Date(start);
    const quarter = Math.floor(date.getUTCMonth() / 3) + 1;
    const id = `PI-${date.getUTCFullYear()}.${quarter}`;
    const pi = byPi.get(id) ?? { id, name: `PI ${date.getUTCFullYear()}.${quarter}`, start: quarterStart(date), end: quarterEnd(date), iterations: [] };
    pi.iterations.push({ id: `sprint-${sprint.id}`, name: sprint.name, start: isoDay(start), end: isoDay(end), sprintId: sprint.id, manualCapacity: null, absenceDays: 0 });
    byPi.set(id, pi);
  }
  // Only the PIs a person can use: those that ended within the last year and everything ahead (a board with
  // sprints back to 1988 would otherwise list 155), and at least the latest one.
  const all = [...byPi.values()];
  const recent = all.filter((pi) => pi.end >= isoDay(now.getTime() - DERIVED_PI_HISTORY_DAYS * DAY_MS));
  return recent.length > 0 ? recent : all.slice(-1);
}

/** How far back PIs are derived from old sprints. */
const DERIVED_PI_HISTORY_DAYS = 365;

/** Monday to Friday between two ISO days, both included (0 when `end` is before `start`). */
export function workingDays(start: string, end: string): number {
  const from = Date.parse(`${start}T00:00:00Z`);
  const to = Date.parse(`${end}T00:00:00Z`);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return 0;
  const days = Math.round((to - from) / DAY_MS) + 1;
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  const firstDay = new Date(from).getUTCDay();
  for (let i = 0; i < days % 7; i++) {
    const day = (firstDay + weeks * 7 + i) % 7;
    if (day !== 0 && day !== 6) count++;
  }
  return count;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function quarterStart(d: Date): string {
  return isoDay(Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1));
}

function quarterEnd(d: Date): string {
  return isoDay(Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3 + 3, 0));
}
