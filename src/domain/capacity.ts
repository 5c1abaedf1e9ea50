import { DomainError, requireNonNegative } from './errors';

/** Mean completed points of the last `window` closed sprints (default 3); 0 when there are none. */
export function velocity(completedPoints: number[], window = 3): number {
  if (!Number.isInteger(window) || window < 1) {
    throw new DomainError('invalidNumber', `The velocity window must be a whole number of sprints >= 1, got ${window}`);
  }
  completedPoints.forEach((p, i) => requireNonNegative(p, `Completed points of sprint #${i + 1}`));
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
    const fte = requireNonNegative(m.fte, `FTE of team member #${i + 1}`);
    const off = requireNonNegative(m.daysOff, `Days off of team member #${i + 1}`);
    sum += Math.max(0, 8 * fte - off);
  });
  // Round away float noise (3 x 8 x 0.1) before flooring.
  return Math.floor(Math.round(sum * 1e9) / 1e9);
}

export type CapacitySource = 'manual' | 'velocity' | 'normalized';

export interface CapacityInputs {
  /** The figure the PO set for this iteration; null/absent when not set. */
  manual?: number | null;
  /** Completed points of the team's closed sprints, oldest first. */
  closedSprintPoints?: number[];
  /** Team members, for the normalized estimate of a team without history. */
  members?: TeamMember[];
  /** Sprints in the velocity window (default 3). */
  velocityWindow?: number;
}

export interface IterationCapacity {
  capacity: number;
  source: CapacitySource;
}

/** Capacity of one iteration: the manual figure, else velocity of the last closed sprints, else the normalized estimate. */
export function iterationCapacity(inputs: CapacityInputs): IterationCapacity {
  if (inputs.manual !== null && inputs.manual !== undefined) {
    return { capacity: requireNonNegative(inputs.manual, 'Manual iteration capacity', 'invalidCapacity'), source: 'manual' };
  }
  const closed = inputs.closedSprintPoints ?? [];
  if (closed.length > 0) {
    return { capacity: velocity(closed, inputs.velocityWindow ?? 3), source: 'velocity' };
  }
  return { capacity: normalizedCapacity(inputs.members ?? []), source: 'normalized' };
}
