/** Figure 8: peak RSS of a resolver-like process loading and computing the largest backlog. */
import type { ChildRun } from './childProcess';
import type { Figure } from './figures';
import { round } from './stats';

/** Forge's default function memory (manifest `memoryMiB` default 512). */
export const FORGE_MEMORY_MB = 512;
/** "With room": the peak should leave at least a quarter of it free. */
export const MEMORY_GOAL_MB = 384;

export function memoryFigure(run: ChildRun, backlog: number, describe: string): Figure {
  const rss = run.events.flatMap((e) => (e.kind === 'rss' ? [e] : []));
  const baselineMb = (rss[0]?.peakBytes ?? 0) / 1024 / 1024;
  const last = rss[rss.length - 1];
  const peakMb = (last?.peakBytes ?? 0) / 1024 / 1024;
  const cut = run.timedOut ? `${run.timedOut.instance} ${run.timedOut.read} did not finish within ${round(run.timedOut.afterMs / 1000, 0)} s: peak up to then; ` : '';
  return {
    figure: 8,
    name: 'Peak RSS of the resolver process (load + compute)',
    backlog: last?.issues || backlog,
    value: round(peakMb, 1),
    atLeast: run.timedOut !== null,
    unit: 'MB',
    goal: `< ${MEMORY_GOAL_MB} (75% of Forge's ${FORGE_MEMORY_MB} MB)`,
    holds: peakMb < MEMORY_GOAL_MB && !run.timedOut,
    detail: `${cut}${round(baselineMb, 1)} MB of it is Node and the bundled app before the load; ${describe}`,
  };
}
