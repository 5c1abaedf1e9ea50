/**
 * `npm run bench`: every figure of issue 6 in one run; prints the table and writes `bench/results.json`.
 * Options: --smoke (1k backlog, few runs, no browser), --sizes=1000,10000, --no-browser, --out=<file>,
 * --backend=jira (figures 1-2 through the Jira layer alone instead of the resolvers, to tell the two apart),
 * --no-latency (skip figures 9-11, the latency model's), --figures=3,9 (only those figures; the others' work is skipped).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FULL_OPTIONS, SMOKE_OPTIONS, runBench, type BenchOptions } from './run';
import { formatTable, resultsOf } from './table';

function parseArgs(argv: readonly string[]): { options: BenchOptions; out: string } {
  const smoke = argv.includes('--smoke');
  const base = smoke ? SMOKE_OPTIONS : FULL_OPTIONS;
  const value = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const sizes = value('sizes')?.split(',').map(Number) ?? base.sizes;
  if (sizes.some((s) => !Number.isInteger(s) || s < 100)) throw new Error('--sizes takes whole numbers of at least 100, e.g. --sizes=1000,10000');
  const only = value('figures')?.split(',').map(Number) ?? null;
  if (only?.some((f) => !Number.isInteger(f) || f < 1 || (f > 13 && ![15, 16, 17].includes(f)))) throw new Error('--figures takes figure numbers from 1 to 13, 15, 16 and 17, e.g. --figures=3,9');
  return {
    options: {
      ...base,
      sizes,
      browser: base.browser && !argv.includes('--no-browser'),
      backend: value('backend') === 'jira' ? 'jira' : 'resolvers',
      latencyFrom: argv.includes('--no-latency') ? null : base.latencyFrom,
      only: only ? new Set(only) : null,
      log: (line) => process.stderr.write(`${line}\n`),
    },
    // A smoke run is not a result worth keeping, and a run of some figures is not the whole table: the temp folder.
    out:
      value('out') ??
      (smoke ? path.join(tmpdir(), 'backlog-balance-bench.smoke.json') : only ? path.join(tmpdir(), 'backlog-balance-bench.partial.json') : path.resolve(__dirname, 'results.json')),
  };
}

async function main(): Promise<void> {
  const { options, out } = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const figures = await runBench(options);
  const results = resultsOf(figures, (performance.now() - started) / 1000);
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${formatTable(figures)}\n\nTook ${results.durationSeconds} s on ${results.machine.cpus} x ${results.machine.cpuModel} (load average ${results.machine.loadAverage1m}), Node ${results.machine.node}. Wrote ${out}.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
