/** Runs `child.ts` in a fresh Node process against a demo site and reads its one-line JSON report. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DemoSite } from '../test/demo-site';
import type { ComputeReport, MemoryReport } from './childWork';

function runChild(site: DemoSite, mode: 'memory' | 'compute', env: Record<string, string> = {}): Promise<unknown> {
  const script = path.resolve(__dirname, 'child.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, mode], {
      cwd: path.resolve(__dirname, '..'),
      env: { ...process.env, ...env, BENCH_SITE_URL: site.baseUrl, BENCH_EMAIL: site.po.email, BENCH_TOKEN: site.po.apiToken, BENCH_ACCOUNT: site.po.accountId },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`The ${mode} child exited with ${code}: ${err.trim()}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as unknown);
      } catch {
        reject(new Error(`The ${mode} child printed no report: ${out}${err}`));
      }
    });
  });
}

export async function childMemory(site: DemoSite): Promise<MemoryReport> {
  return (await runChild(site, 'memory')) as MemoryReport;
}

export async function childCompute(site: DemoSite, runs: number, warmReads: readonly string[]): Promise<ComputeReport> {
  return (await runChild(site, 'compute', { BENCH_RUNS: String(runs), BENCH_READS: warmReads.join(',') })) as ComputeReport;
}
