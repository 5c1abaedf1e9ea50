/**
 * The plan's odds for the Fill and Balance tabs (docs/domain.md "Confidence"): the fill as shown, its items
 * waiting for room queued after it in backlog order, the PI's committed stories and their features, and the
 * iteration by which the backlog's top points are done.
 */
import { DAY_MS, FORECAST_LEVELS, forecastPlan, upcomingIterations, type BacklogItem, type PlanForecast } from '../domain';
import type { ForecastDto, ForecastItemDto, ForecastIterationDto, ForecastRequest } from '../contracts';
import type { CallContext } from './context';
import { DerivedCache } from './derived';
import { planFill, type FillComputation } from './fill-plan';
import { isoDay, loadTeamData, type IterationPlan, type TeamData } from './team-data';

/**
 * The Balance tab's forecast: the plan as it stands (the last commit kept, no adjustments of the Fill tab), the
 * very plan (and forecast) the Fill tab's read computed when the backlog has not changed since.
 */
export async function getForecast(ctx: CallContext, projectKey: string, request: ForecastRequest): Promise<ForecastDto> {
  const data = await loadTeamData(ctx, projectKey, request.piId);
  return planForecast(ctx, data, await planFill(ctx, data, { piId: request.piId }), request.topPoints);
}

/** Forecasts per plan (10,000 trials each), by what else they depend on; a few top-points choices kept. */
const forecasts = new DerivedCache<ForecastDto>(4);

/**
 * The forecast of a computed fill; `topPoints` defaults to the points the plan holds. Computed once per plan
 * (`fill.chosen` lives as long as the plan, and a plan as long as its backlog version) and inputs: the closed
 * sprints' throughput, the buffer, the calendar after today.
 */
export function planForecast(ctx: CallContext, data: TeamData, fill: FillComputation, topPoints?: number): ForecastDto {
  const calendar = upcomingIterations(data.pis, data.pi, isoDay(data.now, data.timeZone), Number.MAX_SAFE_INTEGER);
  const inputs = {
    site: ctx.platform.site,
    settingsVersion: data.settingsVersion,
    piId: data.pi.id,
    topPoints: topPoints ?? null,
    throughput: data.backlog.closedSprintPoints.map((c) => c.completedPoints),
    bufferPct: data.settings.unplannedBufferPct ?? 0,
    calendar: calendar.map((it) => [it.id, it.name, it.start, it.end]),
  };
  return forecasts.get(fill.chosen, inputs, () => computeForecast(data, fill, calendar, topPoints));
}

function computeForecast(data: TeamData, fill: FillComputation, calendar: readonly IterationPlan[], topPoints: number | undefined): ForecastDto {
  const throughput = data.backlog.closedSprintPoints.map((c) => c.completedPoints);
  if (throughput.length === 0) {
    return { available: false, reason: 'No sprint of this board has closed yet: the odds need the completed points of closed sprints.' };
  }
  const chosen = fill.chosen;
  const { iterationOf, noRoom } = planPlaces(data, fill);
  const committed = data.items.filter((i) => i.committedOrder !== null).sort((a, b) => (a.committedOrder as number) - (b.committedOrder as number));
  const featureKeys = [...new Set(committed.flatMap((i) => (i.parent ? [i.parent.key] : [])))];
  const storiesOf = storiesOfFeatures(data.items, featureKeys);

  const points = topPoints ?? chosen.iterations.reduce((sum, it) => sum + it.points, 0);
  const forecast = forecastOfFill(data, fill, featureKeys.map((key) => ({ key, stories: storiesOf.get(key) ?? [] })), points);
  if (!forecast) return { available: false, reason: 'No sprint of this board has closed yet: the odds need the completed points of closed sprints.' };

  const item = (i: BacklogItem): ForecastItemDto => {
    const iteration = iterationOf.get(i.key);
    const where = running(i) ? 'running' : iteration !== undefined ? 'planned' : noRoom.has(i.key) ? 'queued' : 'notPlanned';
    return {
      key: i.key,
      summary: i.summary,
      points: i.points,
      where,
      iteration: iteration === undefined ? null : (fill.iterations[iteration]?.name ?? null),
      probability: where === 'running' ? null : (forecast.items[i.key] ?? null),
    };
  };
  const parents = new Map(committed.flatMap((i) => (i.parent ? [[i.parent.key, i.parent.summary] as const] : [])));
  return {
    available: true,
    throughput: forecast.samples < throughput.length ? throughput.slice(-forecast.samples) : throughput,
    lowConfidence: forecast.lowConfidence,
    trials: forecast.trials,
    bufferPct: data.settings.unplannedBufferPct ?? 0,
    piName: data.pi.name,
    iterations: fill.iterations.map((it, i) => ({ id: it.id, name: it.name, plannedPoints: chosen.iterations[i]?.points ?? 0, probability: forecast.iterations[i] ?? 0 })),
    committed: committed.map(item),
    features: featureKeys.map((key) => {
      const open = storiesOf.get(key) ?? [];
      return {
        key,
        summary: parents.get(key) ?? '',
        openStories: open.length,
        probability: forecast.features[key] ?? null,
        notPlanned: open.filter((s) => !running(s) && !iterationOf.has(s.key) && !noRoom.has(s.key)).map((s) => s.key),
      };
    }),
    top: {
      points,
      throughKey: throughKey(data.items, points),
      backlogPoints: data.items.reduce((sum, i) => sum + (i.inTail || running(i) ? 0 : (i.points ?? 0)), 0),
      levels: FORECAST_LEVELS.map((level, i) => {
        const index = forecast.top.iterations[i];
        return { level, iteration: index === null || index === undefined ? null : iterationAt(calendar, index) };
      }),
    },
  };
}

const running = (item: BacklogItem): boolean => item.sprint?.state === 'active';

/** Where the fill puts each item: its iteration (0-based among the upcoming ones), waiting for room, and the calendar from the next iteration on. */
function planPlaces(data: TeamData, fill: FillComputation) {
  const iterationOf = new Map<string, number>();
  fill.chosen.iterations.forEach((it, i) => it.keys.forEach((k) => iterationOf.set(k, i)));
  const noRoom = new Set(fill.chosen.leftOut.filter((l) => l.reason === 'noCapacity').map((l) => l.key));
  const calendar = upcomingIterations(data.pis, data.pi, isoDay(data.now, data.timeZone), Number.MAX_SAFE_INTEGER);
  return { iterationOf, noRoom, calendar };
}

/** Each feature's stories among the items, in backlog order. */
export function storiesOfFeatures(items: readonly BacklogItem[], featureKeys: readonly string[]): Map<string, BacklogItem[]> {
  const storiesOf = new Map<string, BacklogItem[]>(featureKeys.map((k) => [k, []]));
  for (const item of items) if (item.parent && storiesOf.has(item.parent.key)) storiesOf.get(item.parent.key)?.push(item);
  return storiesOf;
}

/**
 * The domain's forecast of a computed fill (null without a closed sprint): the items waiting for room queued
 * after the plan in backlog order, and each feature done by the PI's end once its stories are (the Balance and
 * Fill tabs' committed features, the ART view's program features).
 */
export function forecastOfFill(data: TeamData, fill: FillComputation, features: readonly { key: string; stories: readonly BacklogItem[] }[], topPoints: number): PlanForecast | null {
  const { iterationOf, noRoom, calendar } = planPlaces(data, fill);
  // Waiting for room: done after the plan in backlog order, once everything before them is.
  const queue = data.items.filter((i) => noRoom.has(i.key)).map((i) => ({ key: i.key, points: i.points ?? 0 }));
  const planned = data.items.filter((i) => !running(i) && !noRoom.has(i.key));
  return forecastPlan({
    throughput: data.backlog.closedSprintPoints.map((c) => c.completedPoints),
    plannedPoints: fill.chosen.iterations.map((it) => it.points),
    piLastIteration: calendar.filter((it) => data.pi.iterations.includes(it)).length - 1,
    items: planned.map((i) => ({ key: i.key, iteration: iterationOf.get(i.key) ?? null })),
    queue,
    // The running sprint is taken to finish its own content: its stories hold no feature back.
    features: features.map((f) => ({ key: f.key, stories: f.stories.filter((s) => !running(s)).map((s) => s.key) })),
    topPoints,
    buffer: (data.settings.unplannedBufferPct ?? 0) / 100,
  });
}

/** The item at which the backlog's top `points` (in backlog order, tail and running sprint aside) are reached. */
function throughKey(items: readonly BacklogItem[], points: number): string | null {
  let sum = 0;
  for (const item of items) {
    if (item.inTail || item.sprint?.state === 'active') continue;
    sum += item.points ?? 0;
    if (sum >= points && points > 0) return item.key;
  }
  return null;
}

/** The 0-based plan iteration `index` as the calendar names it, or after the calendar at its cadence. */
function iterationAt(calendar: readonly IterationPlan[], index: number): ForecastIterationDto {
  const known = calendar[index];
  if (known) return { index: index + 1, name: known.name, end: known.end, estimated: false };
  const last = calendar[calendar.length - 1];
  if (!last) return { index: index + 1, name: null, end: null, estimated: true };
  const lengths = calendar.map((it) => Date.parse(`${it.end}T00:00:00Z`) - Date.parse(`${it.start}T00:00:00Z`) + DAY_MS).sort((a, b) => a - b);
  const cadence = lengths[Math.floor(lengths.length / 2)] ?? 14 * DAY_MS;
  const end = new Date(Date.parse(`${last.end}T00:00:00Z`) + cadence * (index - calendar.length + 1));
  return { index: index + 1, name: null, end: end.toISOString().slice(0, 10), estimated: true };
}
