/**
 * The resolver-like process of figures 3, 4 and 8: it talks to the demo site (in the parent) over HTTP like
 * the resolver talks to Jira, so its heap holds only what a resolver's would (no Jira site). Run by
 * `childProcess.ts`, never directly. argv: `memory` or `compute`. Env: BENCH_SITE_URL, BENCH_EMAIL,
 * BENCH_TOKEN, BENCH_ACCOUNT; for compute BENCH_RUNS, BENCH_READS (warm reads, comma-separated), BENCH_STAGES.
 * Prints one JSON event per line (`ChildEvent`).
 */
import { runChildCompute, runChildIssuePanel, runChildMemory, type ChildEvent } from './childWork';

const emit = (event: ChildEvent): void => {
  process.stdout.write(`${JSON.stringify(event)}\n`);
};

async function main(): Promise<void> {
  const site = {
    baseUrl: process.env.BENCH_SITE_URL ?? '',
    email: process.env.BENCH_EMAIL ?? '',
    apiToken: process.env.BENCH_TOKEN ?? '',
    accountId: process.env.BENCH_ACCOUNT ?? '',
  };
  const mode = process.argv[2];
  if (mode === 'memory') return runChildMemory(site, emit);
  if (mode === 'compute') {
    const reads = process.env.BENCH_READS ? process.env.BENCH_READS.split(',') : undefined;
    return runChildCompute(site, emit, Number(process.env.BENCH_RUNS ?? 5), reads, process.env.BENCH_STAGES !== '0');
  }
  if (mode === 'issuePanel') return runChildIssuePanel(site, emit, process.env.BENCH_STORE_DIR ?? '', process.env.BENCH_ISSUE ?? '');
  throw new Error(`Unknown child mode "${mode}": use memory, compute or issuePanel.`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
