import type { Allocation } from '../allocation';

/** One team's PI: its capacity, saved allocation and points per work type. */
export interface TeamAllocationInput {
  capacity: number;
  percents: Allocation;
  planned: Record<string, number>;
  done: Record<string, number>;
}

export interface ArtAllocationRow {
  workType: string;
  /** The train's target share: each team's share weighted by its capacity, whole percent. */
  targetPercent: number;
  plannedPoints: number;
  /** Share of all planned points of the train, whole percent. */
  plannedPercent: number;
  donePoints: number;
}

/** The train's totals per work type (in the order the types first appear): target share weighted by capacity, planned and done points. */
export function artAllocationTotals(teams: readonly TeamAllocationInput[]): ArtAllocationRow[] {
  const types: string[] = [];
  const see = (type: string): void => {
    if (!types.includes(type)) types.push(type);
  };
  for (const team of teams) for (const t of [...Object.keys(team.percents), ...Object.keys(team.planned), ...Object.keys(team.done)]) see(t);
  const capacity = teams.reduce((sum, t) => sum + t.capacity, 0);
  const sum = (pick: (t: TeamAllocationInput) => number): number => teams.reduce((total, t) => total + pick(t), 0);
  const plannedTotal = sum((t) => Object.values(t.planned).reduce((a, b) => a + b, 0));
  return types.map((workType) => {
    const planned = sum((t) => t.planned[workType] ?? 0);
    return {
      workType,
      targetPercent: capacity > 0 ? Math.round(sum((t) => t.capacity * (t.percents[workType] ?? 0)) / capacity) : 0,
      plannedPoints: planned,
      plannedPercent: plannedTotal > 0 ? Math.round((100 * planned) / plannedTotal) : 0,
      donePoints: sum((t) => t.done[workType] ?? 0),
    };
  });
}
