/** One measured figure of the benchmark, as printed and as written to `bench/results.json`. */
export interface Figure {
  /** The figure number (1..8). */
  figure: number;
  name: string;
  /** Open issues in the measured team backlog, when the figure depends on it. */
  backlog: number | null;
  /** null = not measured (the detail says why). */
  value: number | null;
  /** True when the value is a lower bound (a read cut off at a time limit). */
  atLeast?: boolean;
  unit: string;
  goal: string;
  /** null when the figure has no pass/fail goal or was not measured. */
  holds: boolean | null;
  /** The side-by-side numbers behind the value. */
  detail: string;
}

export function notMeasured(figure: number, name: string, unit: string, goal: string, why: string, backlog: number | null = null): Figure {
  return { figure, name, backlog, value: null, unit, goal, holds: null, detail: `not measured: ${why}` };
}
