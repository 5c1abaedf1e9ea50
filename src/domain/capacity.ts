import { DomainError, isNonNegativeNumber, ref, requireNonNegative } from './errors';

/** Mean completed points of the last `window` closed sprints (default 3); 0 when there are none. */
export function velocity(completedPoints: number[], window = 3): number {
  if (!Number.isInteger(window) || window < 1) {
    throw new DomainError('invalidNumber', `The velocity window must be a whole number of sprints >= 1, got ${window}`, ref('domain.velocityWindow', { value: window }));
  }
  completedPoints.forEach((p, i) => {
    if (!isNonNegativeNumber(p)) requireNonNegative(p, `Completed points of sprint #${i + 1}`, 'invalidNumber', ref('domain.what.sprintPoints', { n: i + 1 }));
  });
  const last = completedPoints.slice(-window);
  if (last.length === 0) return 0;
  return last.reduce((s, p) => s + p, 0) / last.length;
}

export interface TeamMember {
  /** Full-time equivalent: 1 = full time, 0.5 = half time. */
  fte: number;
  /** Member-days of absence or holiday in the iteration. */
  daysOff: number;
}

/** SAFe's normalized estimate for a new team: sum of max(0, 8 x FTE - days off), floored. */
export function normalizedCapacity(members: TeamMember[]): number {
  let sum = 0;
  members.forEach((m, i) => {
    const fte = isNonNegativeNumber(m.fte) ? m.fte : requireNonNegative(m.fte, `FTE of team member #${i + 1}`, 'invalidNumber', ref('domain.what.memberFte', { n: i + 1 }));
    const off = isNonNegativeNumber(m.daysOff) ? m.daysOff : requireNonNegative(m.daysOff, `Days off of team member #${i + 1}`, 'invalidNumber', ref('domain.what.memberDaysOff', { n: i + 1 }));
    sum += Math.max(0, 8 * fte - off);
  });
  // Round away float noise (3 x 8 x 0.1) before flooring.
  return Math.floor(Math.round(sum * 1e9) / 1e9);
}

export type CapacitySource = 'manual' | 'velocity' | 'normalized';

/** A closed sprint's completed points and when it closed (null: unknown, taken as long ago). */
export interface ClosedSprintRecord {
  sprintId: number;
  completeDate: string | null;
  completedPoints: number;
}

/**
 * Completed points of the sprints closed before an iteration started, oldest first (docs/domain.md: the past is
 * not rewritten, a past iteration's velocity is the one known then). A sprint closed on the iteration's first
 * day counts; the iteration's own sprint never does.
 */
export function pointsKnownAt(closed: readonly ClosedSprintRecord[], iteration: { start: string; sprintId: number | null }): number[] {
  return closed
    .filter((c) => c.sprintId !== iteration.sprintId && (c.completeDate === null || c.completeDate.slice(0, 10) <= iteration.start))
    .map((c) => c.completedPoints);
}

export interface IterationCapacityRequest {
  /** The PO's figure for the iteration; null = derive. */
  manual: number | null;
  /** Completed points of the closed sprints known when the iteration starts, oldest first (`pointsKnownAt`). */
  closedSprintPoints: number[];
  members: readonly { name: string; fte: number }[];
  /** Days off per member (by name) in the iteration. */
  daysOffByMember?: Readonly<Record<string, number>>;
  /** Member-days of absence in the iteration not put on anyone. */
  absenceDays: number;
  /** Working days of the iteration: a member's full days are working days x FTE. */
  workingDays: number;
  /** Sprints in the velocity window (default 3). */
  velocityWindow?: number;
}

export interface IterationCapacityEstimate {
  capacity: number;
  source: CapacitySource | 'none';
  /** How it was derived, for the PO ("mean of the last 3 sprints: 21, 24, 18"). */
  detail: string;
  /** The same by catalog id (`capacity.detail.<id>` in locales/) and params, for the UI to say in the reader's language. */
  detailText: CapacityText;
}

/** How a capacity was derived, by catalog id; lists of points are joined, numbers plain. */
export type CapacityText =
  | { id: 'manual' | 'none'; params?: undefined }
  | { id: 'velocity'; params: { sprints: number; points: string } }
  | { id: 'velocityScaled'; params: { sprints: number; points: string; available: number; full: number } }
  | { id: 'normalized' | 'normalizedNoPoints'; params: { members: number; full: number; daysOff: number; absence: number } };

/**
 * Capacity of one iteration by docs/domain.md "Capacity allocation": the manual figure; else velocity, when one of
 * the last sprints completed points, scaled by available / full member-days when days off are known; else
 * the normalized estimate from the members (8 points per full-time member minus days off, each member at
 * least 0, minus absence days); else none.
 */
export function estimateIterationCapacity(request: IterationCapacityRequest): IterationCapacityEstimate {
  if (request.manual !== null) {
    return { capacity: requireNonNegative(request.manual, 'Manual iteration capacity', 'invalidCapacity', ref('domain.what.manualCapacity')), source: 'manual', detail: 'set by the PO', detailText: { id: 'manual' } };
  }
  const window = request.velocityWindow ?? 3;
  const last = request.closedSprintPoints.slice(-window);
  const daysOff = request.daysOffByMember ?? {};
  if (last.some((p) => p > 0)) {
    const mean = velocity(last, window);
    const full = request.members.reduce((sum, m) => sum + request.workingDays * m.fte, 0);
    const off = request.members.reduce((sum, m) => sum + Math.min(daysOff[m.name] ?? 0, request.workingDays * m.fte), 0) + request.absenceDays;
    const measured = { sprints: last.length, points: last.join(', ') };
    const measuredText = `mean of the last ${measured.sprints} sprints: ${measured.points}`;
    if (full <= 0 || off <= 0) return { capacity: mean, source: 'velocity', detail: measuredText, detailText: { id: 'velocity', params: measured } };
    const available = Math.max(0, full - off);
    const scaled = { ...measured, available: round2(available), full: round2(full) };
    return {
      capacity: (mean * available) / full,
      source: 'velocity',
      detail: `${measuredText}, scaled by ${scaled.available} of ${scaled.full} member-days (days off)`,
      detailText: { id: 'velocityScaled', params: scaled },
    };
  }
  if (request.members.length === 0) {
    return { capacity: 0, source: 'none', detail: `no velocity yet and no team members in Settings`, detailText: { id: 'none' } };
  }
  const noPoints = request.closedSprintPoints.length > 0;
  const noVelocity = noPoints ? 'no velocity yet (the last sprints completed no points)' : 'no velocity yet';
  const params = {
    members: request.members.length,
    full: normalizedCapacity(request.members.map((m) => ({ fte: m.fte, daysOff: 0 }))),
    // Days off as entered per member (each member's estimate stays at least 0), and absence put on nobody.
    daysOff: Object.values(daysOff).reduce((a, b) => a + b, 0),
    absence: request.absenceDays,
  };
  return {
    capacity: normalizedEstimate(request),
    source: 'normalized',
    detail: `${noVelocity}: ${params.members} members at 8 points per full-time member (${params.full}), minus ${params.daysOff} member-days off and ${params.absence} absence days`,
    detailText: { id: noPoints ? 'normalizedNoPoints' : 'normalized', params },
  };
}

/**
 * SAFe's normalized estimate for an iteration: each member 8 x FTE minus their days off (at least 0), minus the
 * absence days not put on anyone (at least 0). The settings page shows the same figure.
 */
export function normalizedEstimate(iteration: Pick<IterationCapacityRequest, 'members' | 'daysOffByMember' | 'absenceDays'>): number {
  const perMember = normalizedCapacity(iteration.members.map((m) => ({ fte: m.fte, daysOff: iteration.daysOffByMember?.[m.name] ?? 0 })));
  return Math.max(0, perMember - iteration.absenceDays);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
