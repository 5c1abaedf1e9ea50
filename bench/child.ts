/**
 * The resolver-like process of figures 3 and 8: it talks to the demo site (in the parent) over HTTP like the
 * resolver talks to Jira, so its heap holds only what a resolver's would (no Jira site). Run by
 * `childProcess.ts`, never directly. Env: BENCH_SITE_URL, BENCH_EMAIL, BENCH_TOKEN, BENCH_ACCOUNT, BENCH_RUNS, BENCH_READS
 * (warm reads, comma-separated; default every panel read).
 * argv: `memory` (load + compute once, report peak RSS) or `compute` (time the compute). Prints one JSON line.
 */
import { runChildCompute, runChildMemory } from './childWork';

async function main(): Promise<void> {
  const site = {
    baseUrl: process.env.BENCH_SITE_URL ?? '',
    email: process.env.BENCH_EMAIL ?? '',
    apiToken: process.env.BENCH_TOKEN ?? '',
    accountId: process.env.BENCH_ACCOUNT ?? '',
  };
  const mode = process.argv[2];
  const report =
    mode === 'memory'
      ? await runChildMemory(site)
      : mode === 'compute'
        ? await runChildCompute(site, Number(process.env.BENCH_RUNS ?? 5), process.env.BENCH_READS ? process.env.BENCH_READS.split(',') : undefined)
        : null;
  if (report === null) throw new Error(`Unknown child mode "${mode}": use memory or compute.`);
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
