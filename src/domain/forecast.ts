/**
 * Confidence by simulation (docs/domain.md "Confidence"): a seeded Monte Carlo that bootstraps the team's
 * completed points per closed sprint. A trial draws each future iteration's throughput from those samples
 * with replacement; work is done in plan order and whatever an iteration does not finish carries over, so
 * iteration k of the plan is complete by the end of iteration m when the throughput of iterations 1..m covers
 * the planned points of iterations 1..k. The generator is seeded: the same request gives the same figures.
 */

import { DomainError, isNonNegativeNumber, ref } from './errors';

/** Trials per simulation: the standard error of a probability is at most 0.5%. */
export const FORECAST_TRIALS = 10_000;
/** Closed sprints below which a forecast is marked low confidence. */
export const CONFIDENT_SPRINTS = 6;
/** Closed sprints sampled at most (older ones say little about the team now). */
export const MAX_THROUGHPUT_SPRINTS = 10;
/** The seed every forecast uses unless told otherwise. */
export const FORECAST_SEED = 20_261;
/** Iterations a "top points" forecast looks ahead at most (four years of two-week sprints). */
export const MAX_FORECAST_ITERATIONS = 104;
/** The confidence levels of the "top points" forecast. */
export const FORECAST_LEVELS = [0.5, 0.85, 0.95] as const;

/** Allows for float sums (0.1 + 0.2): planned points a throughput covers within this count as covered. */
const EPSILON = 1e-9;

/** Mulberry32: a small, fast 32-bit generator; uniform in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface ThroughputModel {
  /** Completed points of the last closed sprints (at most 10), oldest first: what a trial draws from. */
  samples: number[];
  /** Fewer than 6 closed sprints: the figures rest on little history. */
  lowConfidence: boolean;
}

/** The throughput a forecast draws from: the last 10 closed sprints' completed points, low confidence under 6. */
export function throughputModel(completedPoints: readonly number[]): ThroughputModel {
  completedPoints.forEach((p, i) => {
    if (!isNonNegativeNumber(p)) {
      throw new DomainError('invalidNumber', `Completed points of closed sprint #${i + 1} must be a number of at least 0, got ${String(p)}`, ref('domain.invariant.closedSprintPoints', { n: i + 1, value: String(p) }));
    }
  });
  const samples = completedPoints.slice(-MAX_THROUGHPUT_SPRINTS);
  return { samples, lowConfidence: samples.length < CONFIDENT_SPRINTS };
}

export interface SimulationOptions {
  /** Share of each iteration kept for unplanned work (0..1): planned work gets the rest of each draw. */
  buffer?: number;
  trials?: number;
  seed?: number;
}

/** The cumulative planned-work throughput of every trial over the first `horizon` iterations. */
export interface Simulation {
  trials: number;
  horizon: number;
  /** `cumulative[t * horizon + k]`: what trial t completes in iterations 0..k. */
  cumulative: Float64Array;
  model: ThroughputModel;
  /** 1 - buffer: the share of a draw that goes to planned work. */
  plannedShare: number;
  seed: number;
}

/** Runs the trials (10,000 by default) over `horizon` iterations; refuses a model without samples. */
export function simulateThroughput(model: ThroughputModel, horizon: number, options: SimulationOptions = {}): Simulation {
  const { trials, seed, plannedShare } = checkedOptions(model, options);
  const h = Math.max(0, Math.floor(horizon));
  const cumulative = new Float64Array(trials * h);
  const random = seededRandom(seed);
  const samples = model.samples;
  const n = samples.length;
  for (let t = 0; t < trials; t++) {
    let sum = 0;
    const row = t * h;
    for (let k = 0; k < h; k++) {
      sum += (samples[Math.floor(random() * n)] as number) * plannedShare;
      cumulative[row + k] = sum;
    }
  }
  return { trials, horizon: h, cumulative, model, plannedShare, seed };
}

function checkedOptions(model: ThroughputModel, options: SimulationOptions): { trials: number; seed: number; plannedShare: number } {
  if (model.samples.length === 0) {
    throw new DomainError('invalidRequest', 'No closed sprint yet: a forecast needs the completed points of at least one closed sprint.', ref('domain.forecast.noClosedSprint'));
  }
  const buffer = options.buffer ?? 0;
  if (!isNonNegativeNumber(buffer) || buffer >= 1) {
    throw new DomainError('invalidNumber', `The unplanned buffer must be a share from 0 up to (not including) 100%, got ${String(buffer)}`, ref('domain.forecast.buffer', { value: String(buffer) }));
  }
  const trials = options.trials ?? FORECAST_TRIALS;
  if (!Number.isInteger(trials) || trials < 1) throw new DomainError('invalidNumber', `Trials must be a whole number >= 1, got ${trials}`, ref('domain.invariant.trials', { value: trials }));
  return { trials, seed: options.seed ?? FORECAST_SEED, plannedShare: 1 - buffer };
}

function cumulativeSums(points: readonly number[]): number[] {
  let sum = 0;
  return points.map((p) => (sum += p));
}

/** Share of trials whose throughput through iteration `by` (0-based) covers `points`. */
function shareCovering(sim: Simulation, by: number, points: number): number {
  if (points <= EPSILON) return 1;
  if (by < 0) return 0;
  if (by >= sim.horizon) throw new DomainError('invalidRequest', `The simulation covers ${sim.horizon} iterations, not ${by + 1}`, ref('domain.invariant.simulationHorizon', { horizon: sim.horizon, asked: by + 1 }));
  let covered = 0;
  for (let t = 0; t < sim.trials; t++) if ((sim.cumulative[t * sim.horizon + by] as number) + EPSILON >= points) covered++;
  return covered / sim.trials;
}

/**
 * Per planned iteration, the probability that its planned points are complete by its own end: the throughput
 * of iterations 1..k covers the points planned for 1..k (what an earlier iteration left over is done first).
 */
export function iterationCompletion(sim: Simulation, plannedPoints: readonly number[]): number[] {
  return cumulativeSums(plannedPoints).map((needed, k) => shareCovering(sim, k, needed));
}

/** Per planned iteration j, the probability that its planned points are complete by the end of iteration `by` (0-based; -1: none). */
export function completionBy(sim: Simulation, plannedPoints: readonly number[], by: number): number[] {
  return cumulativeSums(plannedPoints).map((needed) => shareCovering(sim, by, needed));
}

/**
 * The 0-based iteration by which `points` are done in 50%, 85% and 95% of the trials (null: not within
 * 104 iterations). Each trial draws on until it covers the points, so the answer needs no horizon.
 */
export function iterationPercentiles(sim: Simulation, points: number, levels: readonly number[] = FORECAST_LEVELS): (number | null)[] {
  const samples = sim.model.samples;
  const n = samples.length;
  // No draw can ever add anything: nothing beyond zero points is ever done.
  if (points > EPSILON && samples.every((s) => s * sim.plannedShare <= 0)) return levels.map(() => null);
  // Its own stream (a different seed), so the answer does not depend on the horizon simulated for the plan.
  const random = seededRandom(sim.seed ^ 0x9e3779b9);
  const scaled = Float64Array.from(samples, (x) => x * sim.plannedShare);
  const needed = points - EPSILON;
  const finished = new Int32Array(MAX_FORECAST_ITERATIONS + 1);
  for (let t = 0; t < sim.trials; t++) {
    let sum = 0;
    let k = 0;
    for (; k < MAX_FORECAST_ITERATIONS; k++) {
      sum += scaled[(random() * n) | 0] as number;
      if (sum >= needed) break;
    }
    finished[k] = (finished[k] as number) + 1;
  }
  return levels.map((level) => {
    let count = 0;
    for (let k = 0; k < MAX_FORECAST_ITERATIONS; k++) {
      count += finished[k] as number;
      if (count >= level * sim.trials - EPSILON) return k;
    }
    return null;
  });
}

/**
 * Per threshold of points, the share of trials whose throughput through iteration `by` (0-based; -1: none)
 * covers it: one sorted column, then a binary search per question (10,000 items cost 10,000 searches).
 */
export function coverageBy(sim: Simulation, by: number): (points: number) => number {
  if (by >= sim.horizon) throw new DomainError('invalidRequest', `The simulation covers ${sim.horizon} iterations, not ${by + 1}`, ref('domain.invariant.simulationHorizon', { horizon: sim.horizon, asked: by + 1 }));
  const column = new Float64Array(by < 0 ? 0 : sim.trials);
  if (by >= 0) for (let t = 0; t < sim.trials; t++) column[t] = sim.cumulative[t * sim.horizon + by] as number;
  column.sort();
  return (points) => {
    if (points <= EPSILON) return 1;
    if (column.length === 0) return 0;
    // Trials below the threshold: the first index whose value covers it.
    let lo = 0;
    let hi = column.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((column[mid] as number) + EPSILON >= points) hi = mid;
      else lo = mid + 1;
    }
    return (column.length - lo) / column.length;
  };
}

export interface PlanForecastRequest {
  /** Completed points of the last closed sprints, oldest first. */
  throughput: readonly number[];
  /** Points planned in each upcoming iteration, in order (the first is the next one to start). */
  plannedPoints: readonly number[];
  /** 0-based index among the upcoming iterations of the PI's last iteration (-1: the PI ends before the first). */
  piLastIteration: number;
  /** Items of the plan and the 0-based iteration holding each (null: left out, not to be done without the PO). */
  items: readonly { key: string; iteration: number | null }[];
  /** Items waiting for room after the plan, in the order they would be taken, with their points. */
  queue?: readonly { key: string; points: number }[];
  /** Features and the keys of their open stories (each among `items` or `queue`; one missing: not planned). */
  features: readonly { key: string; stories: readonly string[] }[];
  /** Points at the top of the backlog to forecast the 50/85/95% iteration for. */
  topPoints: number;
  buffer?: number;
  trials?: number;
  seed?: number;
}

export interface PlanForecast {
  samples: number;
  lowConfidence: boolean;
  trials: number;
  /** Per planned iteration: probability its planned points are complete in it. */
  iterations: number[];
  /** Per item key (planned or queued): probability it is done by the PI's end; null when it is not planned. */
  items: Record<string, number | null>;
  /** Per feature key: probability its last open story is done by the PI's end; null when a story is not planned. */
  features: Record<string, number | null>;
  /** The 0-based iteration (from the next one) by which the top points are done at 50/85/95% (null: beyond 104). */
  top: { points: number; iterations: (number | null)[] };
}

/**
 * The whole forecast of a plan (null without any closed sprint): per iteration, per item and feature done by
 * the PI's end (an item after the plan is done once everything planned and queued before it is), and the top
 * points' 50/85/95% iteration.
 */
export function forecastPlan(request: PlanForecastRequest): PlanForecast | null {
  const model = throughputModel(request.throughput);
  if (model.samples.length === 0) return null;
  const planned = request.plannedPoints;
  const sim = simulateThroughput(model, Math.max(planned.length, request.piLastIteration + 1), request);
  const cumulative = cumulativeSums(planned);
  // The work that must be done before each item is: everything up to its iteration, or up to its place in the queue.
  const needed = new Map<string, number | null>();
  for (const item of request.items) needed.set(item.key, item.iteration === null ? null : (cumulative[item.iteration] ?? Number.POSITIVE_INFINITY));
  let queued = cumulative[cumulative.length - 1] ?? 0;
  for (const item of request.queue ?? []) needed.set(item.key, (queued += Math.max(0, item.points)));
  const coverage = coverageBy(sim, request.piLastIteration);
  const items: Record<string, number | null> = {};
  for (const [key, points] of needed) items[key] = points === null ? null : coverage(points);
  const features: Record<string, number | null> = {};
  for (const feature of request.features) {
    const last = feature.stories.reduce<number | null>((max, key) => {
      const points = needed.get(key);
      return max === null || points === undefined || points === null ? null : Math.max(max, points);
    }, 0);
    features[feature.key] = last === null ? null : coverage(last);
  }
  return {
    samples: model.samples.length,
    lowConfidence: model.lowConfidence,
    trials: sim.trials,
    iterations: iterationCompletion(sim, planned),
    items,
    features,
    top: { points: request.topPoints, iterations: iterationPercentiles(sim, request.topPoints) },
  };
}

/**
 * A feature whose stories several teams plan: done when every team's part is, each team's throughput drawn
 * on its own (independent), so the product of the teams' probabilities; null when a part is not planned.
 */
export function featureAcrossTeams(perTeam: readonly (number | null)[]): number | null {
  return perTeam.reduce<number | null>((p, team) => (p === null || team === null ? null : p * team), 1);
}
