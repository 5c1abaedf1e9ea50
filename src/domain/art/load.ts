export interface IterationLoad {
  capacity: number;
  planned: number;
  /** Planned points as a whole percentage of the capacity; null without capacity. */
  loadPercent: number | null;
}

/** One team's load in one iteration: planned points against its capacity. */
export function iterationLoad(capacity: number, planned: number): IterationLoad {
  return { capacity, planned, loadPercent: capacity > 0 ? Math.round((100 * planned) / capacity) : null };
}
