/** Figure 8: peak RSS of a resolver-like process loading and computing the largest backlog. */
import type { MemoryReport } from './childWork';
import type { Figure } from './figures';
import { formatCount, round } from './stats';

/** Forge's default function memory (manifest `memoryMiB` default 512). */
export const FORGE_MEMORY_MB = 512;
/** "With room": the peak should leave at least a quarter of it free. */
export const MEMORY_GOAL_MB = 384;

export function memoryFigure(report: MemoryReport, describe: string): Figure {
  const peakMb = report.peakBytes / 1024 / 1024;
  const baselineMb = report.baselineBytes / 1024 / 1024;
  return {
    figure: 8,
    name: 'Peak RSS of the resolver process (load + compute)',
    backlog: report.issues,
    value: round(peakMb, 1),
    unit: 'MB',
    goal: `< ${MEMORY_GOAL_MB} (75% of Forge's ${FORGE_MEMORY_MB} MB)`,
    holds: peakMb < MEMORY_GOAL_MB,
    detail: `${formatCount(report.issues)} issues; ${round(baselineMb, 1)} MB of it is Node + tsx + modules before the load; ${describe}`,
  };
}
