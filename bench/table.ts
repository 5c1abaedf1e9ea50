/** The terminal table and the machine-readable results file. */
import { cpus, loadavg, totalmem } from 'node:os';
import type { Figure } from './figures';
import { formatCount } from './stats';

function cell(figure: Figure): string[] {
  return [
    String(figure.figure),
    figure.name,
    figure.backlog === null ? '' : formatCount(figure.backlog),
    figure.value === null ? 'not measured' : `${figure.atLeast ? '> ' : ''}${formatCount(figure.value)}`,
    figure.unit,
    figure.goal,
    figure.holds === null ? (figure.value === null ? 'n/a' : '-') : figure.holds ? 'yes' : 'NO',
  ];
}

const HEADER = ['#', 'figure', 'backlog', 'value', 'unit', 'goal', 'holds?'];

/** A Markdown-compatible table (readable in a terminal, pasteable into the README), then the details. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = [HEADER, ...figures.map(cell)];
  const widths = HEADER.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  const line = (r: string[]): string => `| ${r.map((v, c) => v.padEnd(widths[c] as number)).join(' | ')} |`;
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  const details = figures.map((f, i) => `${i + 1}. [${f.figure}] ${f.detail}`);
  return [line(HEADER), rule, ...rows.slice(1).map(line), '', 'Details (row order):', ...details].join('\n');
}

export interface BenchResults {
  generatedAt: string;
  /** `loadAverage1m` at the end of the run: above the core count, other work competed for the CPUs. */
  machine: { node: string; platform: string; cpus: number; cpuModel: string; memoryGb: number; loadAverage1m: number };
  durationSeconds: number;
  figures: Figure[];
}

export function resultsOf(figures: Figure[], durationSeconds: number): BenchResults {
  const cores = cpus();
  return {
    generatedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cores.length,
      cpuModel: cores[0]?.model ?? 'unknown',
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      loadAverage1m: Math.round((loadavg()[0] ?? 0) * 10) / 10,
    },
    durationSeconds: Math.round(durationSeconds),
    figures,
  };
}
