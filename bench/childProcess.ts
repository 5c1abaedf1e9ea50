/**
 * Runs `child.ts` (bundled, see childBundle.ts) in a fresh Node process against a demo site and gathers its events. A read that takes
 * longer than `readTimeoutMs` ends the child: what it reported before stays, and the read is named.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DemoSite } from '../test/demo-site';
import { bundledChild } from './childBundle';
import type { ChildEvent, InstanceState } from './childWork';

export interface TimedOutRead {
  read: string;
  instance: InstanceState;
  afterMs: number;
}

export interface ChildRun {
  events: ChildEvent[];
  timedOut: TimedOutRead | null;
}

async function runChild(site: DemoSite, mode: 'memory' | 'compute' | 'issuePanel', env: Record<string, string>, readTimeoutMs: number): Promise<ChildRun> {
  const script = await bundledChild();
  return new Promise((resolve, reject) => {
    // BENCH_CHILD_PROFILE=<folder>: a V8 CPU profile of the child (where a read's compute goes), written there.
    const profile = process.env.BENCH_CHILD_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CHILD_PROFILE}`] : [];
    const child = spawn(process.execPath, [...profile, script, mode], {
      cwd: path.resolve(__dirname, '..'),
      env: { ...process.env, ...env, BENCH_SITE_URL: site.baseUrl, BENCH_EMAIL: site.po.email, BENCH_TOKEN: site.po.apiToken, BENCH_ACCOUNT: site.po.accountId },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const events: ChildEvent[] = [];
    let timedOut: TimedOutRead | null = null;
    let pending = '';
    let err = '';
    let watchdog: NodeJS.Timeout | null = null;
    const watch = (event: ChildEvent | null): void => {
      if (watchdog) clearTimeout(watchdog);
      if (event?.kind !== 'start') return;
      watchdog = setTimeout(() => {
        timedOut = { read: event.read, instance: event.instance, afterMs: readTimeoutMs };
        child.kill('SIGKILL');
      }, readTimeoutMs);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.filter((l) => l.trim() !== '')) {
        const event = JSON.parse(line) as ChildEvent;
        events.push(event);
        watch(event);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      watch(null);
      if (timedOut) return resolve({ events, timedOut });
      if (code !== 0) return reject(new Error(`The ${mode} child exited with ${code}: ${err.trim()}`));
      resolve({ events, timedOut: null });
    });
  });
}

/** The issue panel of `issueKey` opened in a fresh process over the app's storage in `storeDir` (figure 11). */
export function childIssuePanel(site: DemoSite, storeDir: string, issueKey: string, readTimeoutMs: number): Promise<ChildRun> {
  return runChild(site, 'issuePanel', { BENCH_STORE_DIR: storeDir, BENCH_ISSUE: issueKey }, readTimeoutMs);
}

export function childMemory(site: DemoSite, readTimeoutMs: number): Promise<ChildRun> {
  return runChild(site, 'memory', {}, readTimeoutMs);
}

export interface ComputePlan {
  runs: number;
  warmReads: readonly string[];
  stages: boolean;
  readTimeoutMs: number;
}

export function childCompute(site: DemoSite, plan: ComputePlan): Promise<ChildRun> {
  return runChild(site, 'compute', { BENCH_RUNS: String(plan.runs), BENCH_READS: plan.warmReads.join(','), BENCH_STAGES: plan.stages ? '1' : '0' }, plan.readTimeoutMs);
}
