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

/** A sprint placed on the calendar (days since 1970 in the team's zone): its dates, or the team's cadence after the last dated one. */
interface PlacedSprint {
  sprint: CalendarSprint;
  start: number;
  end: number;
}

/**
 * Dated sprints in start order, then the undated future ones. Sprint dates are instants; each becomes a day in
 * `timeZone` (the team's). Undated future sprints get the team's cadence in whole days (the usual gap between
 * sprint starts; with one dated sprint, its length; else two weeks), one after the other, after the last dated
 * sprint, never before today nor before `notBefore` (a sprint kept active past its end delays the next one), so
 * a clock change does not move them.
 */
function placeSprints(sprints: readonly CalendarSprint[], now: Date, timeZone: string, notBefore?: string): PlacedSprint[] {
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
  const gaps = dated.slice(1).map((d, i) => d.start - (dated[i] as { start: number }).start);
  const lengths = (gaps.length > 0 ? gaps : dated.map((d) => d.length)).filter((l) => l > 0).sort((a, b) => a - b);
  const cadence = lengths[Math.floor(lengths.length / 2)] ?? 14;
  const undated = sprints.filter((sp) => !(sp.startDate && sp.endDate) && sp.state === 'future').sort((a, b) => a.id - b.id);
  const today = dayOf(now.getTime());
  const last = dated[dated.length - 1];
  let cursor = Math.max(last ? Math.max(last.start + cadence, last.free) : today, today, notBefore ? dayNumber(notBefore) : today);
  const projected = undated.map((sprint) => {
    const start = cursor;
    cursor = start + cadence;
    return { sprint, start, end: start + cadence - 1 };
  });
  return [...dated.map((d) => ({ sprint: d.sprint, start: d.start, end: Math.max(d.end, d.start) })), ...projected];
}

/** "PI 27.1", "ORION PI 27.3", "PI27-IP": the PI a sprint's name says it belongs to ("PI 27"), else null. */
export function piLabelOfSprint(name: string): string | null {
  const match = /\bPI\s*(\d{1,4})\s*[.\-\u2013/ ]\s*(?:\d{1,2}|IP)\b/i.exec(name);
  return match ? `PI ${Number(match[1])}` : null;
}

/** The name of the PI after one named `name`: "PI 27" -> "PI 28", "PI 2026.4" -> "PI 2027.1", "Q3" -> "Q4". */
export function nextPiName(name: string): string {
  const quarter = /^(.*?)(\d{4})\.([1-4])$/.exec(name);
  if (quarter) {
    const q = Number(quarter[3]);
    return `${quarter[1]}${q === 4 ? Number(quarter[2]) + 1 : quarter[2]}.${q === 4 ? 1 : q + 1}`;
  }
  const number = /^(.*?)(\d+)(\D*)$/.exec(name);
  return number ? `${number[1]}${Number(number[2]) + 1}${number[3]}` : `${name} (next)`;
}

/** A PI id from its name, made unique among `taken` (ids allow letters, digits, dots, dashes, underscores). */
function piIdFor(name: string, taken: Set<string>): string {
  const base = name.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56) || 'PI';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

function iterationOf(p: PlacedSprint): DerivedPi['iterations'][number] {
  return { id: `sprint-${p.sprint.id}`, name: p.sprint.name, start: isoOfDay(p.start), end: isoOfDay(p.end), sprintId: p.sprint.id, manualCapacity: null, absenceDays: 0 };
}

/** The PI before a run of sprints: its name, its last day and its cadence (how many iterations, how many days). */
interface PiCadence {
  name: string;
  end: string;
  iterationCount: number;
  days: number;
}

/**
 * Sprints (in start order) grouped into PIs after `previous`: a sprint whose name says its PI ("PI 27.2") goes
 * to that PI; a sprint without one goes to the named PI before it while another named sprint follows (an IP
 * iteration named otherwise), else into PIs of the previous PI's cadence (as many iterations, as many days),
 * named after it ("PI 27" -> "PI 28").
 */
function groupIntoPis(placed: readonly PlacedSprint[], previous: PiCadence | null, taken: Set<string>): DerivedPi[] {
  const out: DerivedPi[] = [];
  const lastNamed = placed.reduce((last, p, i) => (piLabelOfSprint(p.sprint.name) ? i : last), -1);
  let before: PiCadence | null = previous;
  let chunk: DerivedPi | null = null;
  const close = (pi: DerivedPi): void => {
    const days = Math.round((Date.parse(`${pi.end}T00:00:00Z`) - Date.parse(`${pi.start}T00:00:00Z`)) / DAY_MS) + 1;
    before = { name: pi.name, end: pi.end, iterationCount: pi.iterations.length, days };
  };
  const addTo = (pi: DerivedPi, it: DerivedPi['iterations'][number]): void => {
    pi.iterations.push(it);
    if (it.end > pi.end) pi.end = it.end;
  };
  const startNamed = (name: string, it: DerivedPi['iterations'][number]): void => {
    const current = out[out.length - 1];
    if (current && current.name === name && chunk === null) return addTo(current, it);
    if (current) close(current);
    chunk = null;
    out.push({ id: piIdFor(name, taken), name, start: it.start, end: it.end, iterations: [it] });
  };
  placed.forEach((p, i) => {
    const label = piLabelOfSprint(p.sprint.name);
    const current = out[out.length - 1];
    const it = iterationOf(p);
    if (label !== null) return startNamed(label, it);
    if (i < lastNamed) {
      // Before another named sprint: the IP iteration of the named PI running, else part of the PI named next.
      if (current && chunk === null) return addTo(current, it);
      if (chunk && before && chunk.iterations.length < before.iterationCount) return addTo(chunk, it);
      const upcoming = placed.slice(i + 1).map((q) => piLabelOfSprint(q.sprint.name)).find((l): l is string => l !== null) as string;
      return startNamed(upcoming, it);
    }
    if (chunk && before && chunk.iterations.length < before.iterationCount) return addTo(chunk, it);
    if (current) close(current);
    const cadence: PiCadence = before ?? { name: 'PI 0', end: isoOfDay(p.start - 1), iterationCount: 5, days: 70 };
    const name = nextPiName(cadence.name);
    const start = addDays(cadence.end, 1);
    const end = addDays(start, cadence.days - 1);
    chunk = { id: piIdFor(name, taken), name, start, end: it.end > end ? it.end : end, iterations: [it] };
    out.push(chunk);
  });
  return out;
}

/**
 * Without a PI calendar in Settings, PIs come from the board's sprints. Sprints named after their PI
 * ("PI 27.1", "PI 27.2"...) make that PI, from its first sprint's start to its last one's end; an unnamed
 * sprint between two named ones belongs to the PI before it, unnamed sprints after the last named one make PIs
 * of the same cadence ("PI 28"). A board whose sprints name no PI gets one PI per calendar quarter named like
 * "PI 2026.4" (how many trains name their fix versions), each sprint an iteration. Sprint dates become days in
 * `timeZone` (the team's), and quarters follow those days; undated future sprints are placed at the team's
 * cadence (`placeSprints`). PIs that ended more than a year before `now` are left out.
 */
export function derivePis(sprints: readonly CalendarSprint[], now: Date, timeZone = 'UTC'): DerivedPi[] {
  const placed = placeSprints(sprints, now, timeZone);
  const firstNamed = placed.findIndex((p) => piLabelOfSprint(p.sprint.name) !== null);
  const quarterly = firstNamed === -1 ? placed : placed.slice(0, firstNamed);
  const byPi = new Map<string, DerivedPi>();
  for (const p of quarterly) {
    const day = isoOfDay(p.start);
    const year = Number(day.slice(0, 4));
    const quarter = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
    const id = `PI-${year}.${quarter}`;
    const pi = byPi.get(id) ?? { id, name: `PI ${year}.${quarter}`, start: quarterStart(year, quarter), end: quarterEnd(year, quarter), iterations: [] };
    pi.iterations.push(iterationOf(p));
    byPi.set(id, pi);
  }
  const all = [...byPi.values()];
  if (firstNamed !== -1) {
    const last = all[all.length - 1];
    const previous = last ? { name: last.name, end: last.end, iterationCount: last.iterations.length, days: 91 } : null;
    all.push(...groupIntoPis(placed.slice(firstNamed), previous, new Set(all.map((pi) => pi.id))));
  }
  // Only the PIs a person can use: those that ended within the last year and everything ahead (a board with
  // sprints back to 1988 would otherwise list 155), and at least the latest one.
  const today = dayNumber(dayInZone(now, timeZone));
  const recent = all.filter((pi) => pi.end >= isoOfDay(today - DERIVED_PI_HISTORY_DAYS));
  return recent.length > 0 ? recent : all.slice(-1);
}

/** A PI of the calendar as the calendar functions need it. */
export interface CalendarPi {
  id: string;
  name: string;
  start: string;
  end: string;
  iterations: readonly { id: string; name: string; start: string; end: string; sprintId: number | null }[];
}

/**
 * The PIs the board's sprints imply after the PO's calendar ends: sprints no iteration maps that end after the
 * calendar's last day, grouped as `derivePis` groups them, at the cadence of the calendar's last PI. So the
 * next PI can be picked (and planned) as soon as its first sprint exists, before anyone adds it to the calendar.
 */
export function pisAfterCalendar(calendar: readonly CalendarPi[], sprints: readonly CalendarSprint[], now: Date, timeZone = 'UTC'): DerivedPi[] {
  const last = calendar[calendar.length - 1];
  if (!last) return [];
  const mapped = new Set(calendar.flatMap((pi) => pi.iterations.map((it) => it.sprintId)));
  const lastEnd = calendar.reduce((end, pi) => (pi.end > end ? pi.end : end), last.end);
  // Undated future sprints are first taken to be the ones the calendar's coming iterations without a sprint
  // are waiting for; the rest follow the calendar's end. A sprint named after a PI of the calendar belongs there.
  const names = new Set(calendar.map((pi) => pi.name.trim().toLowerCase()));
  const ofCalendar = (sp: CalendarSprint): boolean => names.has(piLabelOfSprint(sp.name)?.toLowerCase() ?? '');
  const waiting = calendar.flatMap((pi) => pi.iterations).filter((it) => it.sprintId === null && it.end >= dayInZone(now, timeZone)).length;
  const undated = sprints
    .filter((sp) => !(sp.startDate && sp.endDate) && sp.state === 'future' && !mapped.has(sp.id) && piLabelOfSprint(sp.name) === null)
    .sort((a, b) => a.id - b.id);
  const skipped = new Set(undated.slice(0, waiting).map((sp) => sp.id));
  const open = sprints.filter((sp) => !mapped.has(sp.id) && !skipped.has(sp.id) && !ofCalendar(sp) && sp.state !== 'closed');
  const after = placeSprints(open, now, timeZone, addDays(lastEnd, 1)).filter((p) => isoOfDay(p.end) > lastEnd);
  return groupIntoPis(after, cadenceOf(last), new Set(calendar.map((pi) => pi.id)));
}

function cadenceOf(pi: CalendarPi): PiCadence {
  return { name: pi.name, end: pi.end, iterationCount: Math.max(1, pi.iterations.length), days: daysBetween(pi.start, pi.end) + 1 };
}

/**
 * The PI to add after the calendar's last one, at its cadence: starting the day after it ends, as long, with as
 * many iterations of the same lengths, named after it ("PI 27" -> "PI 28", "PI 27.3" -> "PI 28.3"); each
 * iteration mapped to the board sprint of that name, else to the unmapped sprint starting that day (whose
 * dates it then takes). With no PI yet: five two-week iterations from the next Monday on or after `today`.
 */
export function nextPiAfter(calendar: readonly CalendarPi[], sprints: readonly CalendarSprint[], today: string, timeZone = 'UTC'): DerivedPiWithOpenSprints {
  const taken = new Set(calendar.map((pi) => pi.id));
  const last = calendar[calendar.length - 1];
  const shape = last && last.iterations.length > 0
    ? { name: nextPiName(last.name), start: addDays(last.end, 1), offset: daysBetween(last.start, last.end) + 1, from: last }
    : null;
  const name = shape?.name ?? 'PI 1';
  const start = shape?.start ?? nextMonday(today);
  const iterations = shape
    ? shape.from.iterations.map((it, k) => ({
        name: last && it.name.includes(last.name) ? it.name.replace(last.name, name) : `${name}.${k + 1}`,
        start: addDays(it.start, shape.offset),
        end: addDays(it.end, shape.offset),
      }))
    : Array.from({ length: 5 }, (_, k) => ({ name: `${name}.${k + 1}`, start: addDays(start, 14 * k), end: addDays(start, 14 * k + 13) }));
  const id = piIdFor(name, taken);
  const mapped = new Set(calendar.flatMap((pi) => pi.iterations.map((it) => it.sprintId)));
  const open = sprints.filter((sp) => sp.state !== 'closed' && !mapped.has(sp.id));
  const used = new Set<number>();
  const its = iterations.map((it, k) => {
    const sprint =
      open.find((sp) => !used.has(sp.id) && sp.name.trim().toLowerCase() === it.name.trim().toLowerCase()) ??
      open.find((sp) => !used.has(sp.id) && sp.startDate && dayInZone(Date.parse(sp.startDate), timeZone) === it.start);
    if (sprint) used.add(sprint.id);
    const dated = sprint?.startDate && sprint.endDate ? { start: dayInZone(Date.parse(sprint.startDate), timeZone), end: dayInZone(Date.parse(sprint.endDate), timeZone) } : null;
    return { id: `${id}-it${k + 1}`, name: it.name, start: dated?.start ?? it.start, end: dated?.end ?? it.end, sprintId: sprint?.id ?? null, manualCapacity: null, absenceDays: 0 };
  });
  const end = its.reduce((e, it) => (it.end > e ? it.end : e), shape ? addDays(start, (shape.offset) - 1) : addDays(start, 69));
  return { id, name, start, end, iterations: its };
}

/** A PI to add to the calendar: like a derived one, but an iteration may have no sprint yet. */
export interface DerivedPiWithOpenSprints {
  id: string;
  name: string;
  start: string;
  end: string;
  iterations: { id: string; name: string; start: string; end: string; sprintId: number | null; manualCapacity: null; absenceDays: number }[];
}

/** The iteration to add after a PI's last one: starting the day after it ends, as long as it (two weeks for the first). */
export function nextIterationOf(pi: CalendarPi): { name: string; start: string; end: string } {
  const last = pi.iterations[pi.iterations.length - 1];
  const start = last ? addDays(last.end, 1) : pi.start;
  const days = last ? daysBetween(last.start, last.end) : 13;
  return { name: `${pi.name}.${pi.iterations.length + 1}`, start, end: addDays(start, days) };
}

/** Whole days from one ISO day to another. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function addDays(day: string, days: number): string {
  return isoOfDay(dayNumber(day) + days);
}

function nextMonday(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, (8 - weekday) % 7);
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
