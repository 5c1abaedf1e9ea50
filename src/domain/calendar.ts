import { DAY_MS } from './dates';

/**
 * The PI calendar: which PI is current, which iterations are still to plan, the PIs a board's sprints imply
 * when no calendar is set, and the working days an iteration has. Dates are ISO days (yyyy-mm-dd), compared
 * as strings; "today" is a parameter. Days are the team's: an instant (a sprint's start, now) becomes a day in
 * the team's time zone (`dayInZone`), never in UTC, so an Auckland sprint starting on 1 January local time
 * is an iteration of 1 January.
 */

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Whether this runtime knows the IANA time zone (e.g. "Pacific/Auckland"). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    dayFormat(zone);
    return true;
  } catch {
    return false;
  }
}

function dayFormat(zone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(zone, format);
  }
  return format;
}

/** The ISO day (yyyy-mm-dd) an instant falls on in a time zone; RangeError for a zone the runtime does not know. */
export function dayInZone(instant: Date | number, timeZone: string): string {
  const parts = dayFormat(timeZone).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

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
 * "PI 2026.4" (how many trains name their fix versions), each sprint an iteration. Sprint dates are instants;
 * each becomes a day in `timeZone` (the team's), and quarters follow those days. Future sprints often have no
 * dates in Jira: they get the team's cadence in whole days, one after the other, after the last dated sprint
 * and never before today (a sprint kept active past its end delays the next one), so a clock change does not
 * move them. PIs that ended more than a year before `now` are left out.
 */
export function derivePis(sprints: readonly CalendarSprint[], now: Date, timeZone = 'UTC'): DerivedPi[] {
  const dayOf = (instant: number) => dayNumber(dayInZone(instant, timeZone));
  const dated = sprints
    .filter((sp) => sp.startDate && sp.endDate && Number.isFinite(Date.parse(sp.startDate)) && Number.isFinite(Date.parse(sp.endDate)))
    .map((sp) => {
      const at = Date.parse(sp.startDate as string);
      const until = Date.parse(sp.endDate as string);
      // `free`: the first day after the sprint's last moment (a sprint ending at midnight frees that day).
      return { sprint: sp, at, start: dayOf(at), end: dayOf(until), free: dayOf(Math.max(at, until - 1)) + 1, length: Math.round((until - at) / DAY_MS) };
    })
    .sort((a, b) => a.at - b.at);
  // The cadence is the usual gap between sprint starts in whole days; with one dated sprint, its length.
  const gaps = dated.slice(1).map((d, i) => d.start - (dated[i] as { start: number }).start);
  const lengths = (gaps.length > 0 ? gaps : dated.map((d) => d.length)).filter((l) => l > 0).sort((a, b) => a - b);
  const cadence = lengths[Math.floor(lengths.length / 2)] ?? 14;
  const undated = sprints.filter((sp) => !(sp.startDate && sp.endDate) && sp.state === 'future').sort((a, b) => a.id - b.id);
  const today = dayOf(now.getTime());
  const last = dated[dated.length - 1];
  let cursor = Math.max(last ? Math.max(last.start + cadence, last.free) : today, today);
  const projected = undated.map((sprint) => {
    const start = cursor;
    cursor = start + cadence;
    return { sprint, start, end: start + cadence - 1 };
  });
  const byPi = new Map<string, DerivedPi>();
  for (const { sprint, start, end } of [...dated, ...projected]) {
    const day = isoOfDay(start);
    const year = Number(day.slice(0, 4));
    const quarter = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
    const id = `PI-${year}.${quarter}`;
    const pi = byPi.get(id) ?? { id, name: `PI ${year}.${quarter}`, start: quarterStart(year, quarter), end: quarterEnd(year, quarter), iterations: [] };
    pi.iterations.push({ id: `sprint-${sprint.id}`, name: sprint.name, start: day, end: isoOfDay(Math.max(end, start)), sprintId: sprint.id, manualCapacity: null, absenceDays: 0 });
    byPi.set(id, pi);
  }
  // Only the PIs a person can use: those that ended within the last year and everything ahead (a board with
  // sprints back to 1988 would otherwise list 155), and at least the latest one.
  const all = [...byPi.values()];
  const recent = all.filter((pi) => pi.end >= isoOfDay(today - DERIVED_PI_HISTORY_DAYS));
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

/** Days since 1970-01-01 of an ISO day: whole-day arithmetic that no clock change disturbs. */
function dayNumber(isoDay: string): number {
  return Math.round(Date.parse(`${isoDay}T00:00:00Z`) / DAY_MS);
}

function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function quarterStart(year: number, quarter: number): string {
  return new Date(Date.UTC(year, (quarter - 1) * 3, 1)).toISOString().slice(0, 10);
}

function quarterEnd(year: number, quarter: number): string {
  return new Date(Date.UTC(year, quarter * 3, 0)).toISOString().slice(0, 10);
}
