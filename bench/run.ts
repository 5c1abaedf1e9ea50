/**
 * One benchmark run: per backlog size, a demo site seeded to that size, the load figures (1, 2), compute
 * (3), response size (4), storage (12, 13: the last at sizes up to 10k) and memory (8, largest size only);
 * then fill quality and time (5, 6) and the panel in Chromium (7).
 */
import type { DemoSite } from '../test/demo-site';
import { jiraLayerBackend, type PanelBackend } from './backend';
import { childCompute, childMemory, type ChildRun } from './childProcess';
import { MEMORY_READS } from './childWork';
import { COMPUTE_RUNS, computeFigures, payloadFigures, type ComputeSample } from './compute';
import { notMeasured, type Figure } from './figures';
import { fillTimeFigure, qualityFigures, qualityRuns } from './fillQuality';
import { forecastTimeFigure } from './forecast';
import { firstLoadFigure, measureFirstLoad, measureRefresh, refreshFigure, type LoadRun, type RefreshRun } from './jiraLoad';
import { latencyFigures } from './latency';
import { artFigures } from './art';
import { memoryFigure } from './memory';
import { PANEL_GOAL_MS, panelFigures } from './panel';
import { resolverBackend } from './resolverBackend';
import { PANEL_READS } from './resolvers';
import { startBenchSite } from './site';
import { storageFigures } from './storage';
import { formatCount } from './stats';

export interface BenchOptions {
  /** Team backlog sizes (open issues), e.g. [1000, 10000, 50000]. */
  sizes: number[];
  /** Load/refresh runs per size below 40k issues (one run above: counts are deterministic, a run takes ~1 min). */
  loadRuns: number;
  /** Timed compute runs per size below 40k issues (one above). */
  computeRuns: number;
  /** A resolver read slower than this ends its child process and is reported as such. */
  readTimeoutMs: number;
  qualityRequests: number;
  fillItems: number;
  fillRuns: number;
  /** Run figure 7 (Chromium). */
  browser: boolean;
  /** Warm reopenings of the panel timed in figure 7 (after one cold open). */
  browserRuns: number;
  /** Drive figures 1 and 2 through the resolvers (default) or the Jira layer alone (diagnosis). */
  backend: 'resolvers' | 'jira';
  /** Figures 9-11 (latency model) at backlogs of at least this size; null: not at all. */
  latencyFrom: number | null;
  /** Scale of the latency model's times (1: the model as documented; the smoke run uses less). */
  latencyScale: number;
  /** Issues per team of the ART view's 8-team train (figures 16, 17). */
  artIssuesPerTeam: number;
  /** Only these figures (numbers 1-13, 15-17); null: all. Measuring one figure at a time keeps it apart from the others' load. */
  only: ReadonlySet<number> | null;
  log: (line: string) => void;
}

export const FULL_OPTIONS: Omit<BenchOptions, 'log'> = {
  sizes: [1000, 10000, 50000],
  loadRuns: 3,
  computeRuns: COMPUTE_RUNS,
  readTimeoutMs: 60_000,
  qualityRequests: 200,
  fillItems: 10000,
  fillRuns: 5,
  browser: true,
  browserRuns: 5,
  backend: 'resolvers',
  latencyFrom: 5000,
  latencyScale: 1,
  artIssuesPerTeam: 5000,
  only: null,
};

export const SMOKE_OPTIONS: Omit<BenchOptions, 'log'> = {
  sizes: [1000],
  loadRuns: 1,
  computeRuns: 2,
  readTimeoutMs: 30_000,
  qualityRequests: 40,
  fillItems: 1000,
  fillRuns: 1,
  browser: false,
  browserRuns: 1,
  backend: 'resolvers',
  latencyFrom: 0,
  latencyScale: 0.1,
  artIssuesPerTeam: 150,
  only: null,
};

function backendFor(site: DemoSite, kind: BenchOptions['backend']): PanelBackend {
  return kind === 'jira' ? jiraLayerBackend : resolverBackend(site.baseUrl, site.po);
}

/** The open issues the child's instance loaded (`size`, the asked-for size, if no read finished). */
function openIssuesIn(run: ChildRun, size: number): number {
  return Math.max(0, ...run.events.map((e) => (e.kind === 'read' || e.kind === 'rss' ? e.issues : 0))) || size;
}

export async function runBench(options: BenchOptions): Promise<Figure[]> {
  const wants = (...numbers: number[]): boolean => options.only === null || numbers.some((n) => options.only?.has(n));
  const figures: Figure[] = [];
  const computeSamples: ComputeSample[] = [];
  const largest = Math.max(...options.sizes);
  // The per-size figures; none of them asked (e.g. --figures=16,17): no site to seed.
  for (const size of wants(1, 2, 3, 4, 8, 9, 10, 11, 12, 13) ? options.sizes : []) {
    options.log(`backlog of ~${formatCount(size)}: seeding the demo site`);
    const site = await startBenchSite(size);
    const backend = backendFor(site, options.backend);
    try {
      if (wants(1, 2)) {
        const runs = size >= 40000 ? 1 : options.loadRuns;
        const loads: LoadRun[] = [];
        const refreshes: RefreshRun[] = [];
        for (let r = 0; r < runs; r++) {
          if (r > 0) site.reset();
          options.log(`  load + refresh, run ${r + 1} of ${runs}`);
          const load = await measureFirstLoad(site, backend);
          loads.push(load);
          refreshes.push(await measureRefresh(site, backend, load.backlog));
        }
        const backlog = (loads[loads.length - 1] as LoadRun).backlog;
        figures.push(firstLoadFigure(loads, backend), refreshFigure(refreshes, backlog.issues.length, backend));
      }

      if (wants(3, 4)) {
        // Above 40k a cold load waits ~12 s on the demo site: one run, and the heaviest warm read only.
        const huge = size >= 40000;
        options.log('  compute (child process)');
        const run = await childCompute(site, {
          runs: huge ? 1 : options.computeRuns,
          warmReads: huge ? ['getFill'] : PANEL_READS,
          stages: !huge,
          readTimeoutMs: options.readTimeoutMs,
        });
        computeSamples.push({ backlog: openIssuesIn(run, size), run });
      }

      if (wants(12, 13)) {
        options.log('  storage (KVS units of a cold load)');
        figures.push(...(await storageFigures(site, { settingsChanges: size <= 10_000, log: options.log })));
      }

      if (size === largest && wants(8)) {
        options.log('  memory (child process)');
        const memory = await childMemory(site, options.readTimeoutMs);
        figures.push(memoryFigure(memory, openIssuesIn(memory, size), `a cold resolver instance answering ${MEMORY_READS.join(', ')}`));
      }
      if (options.latencyFrom !== null && size >= options.latencyFrom && wants(9, 10, 11)) {
        const latency = await latencyFigures(site, { timeScale: options.latencyScale, log: options.log, sideBySide: wants(9) });
        figures.push(...latency.filter((f) => wants(f.figure)));
      }
    } finally {
      await site.close();
    }
  }
  if (wants(3)) figures.push(...computeFigures(computeSamples));
  if (wants(4)) figures.push(...payloadFigures(computeSamples));

  if (wants(5)) {
    options.log(`fill quality on ${options.qualityRequests} requests`);
    figures.push(...qualityFigures(qualityRuns(options.qualityRequests)));
  }
  if (wants(6)) {
    options.log(`fill time on ${formatCount(options.fillItems)} items`);
    figures.push(await fillTimeFigure(options.fillItems, options.fillRuns));
  }
  if (wants(15)) {
    options.log(`forecast on ${formatCount(options.fillItems)} items`);
    figures.push(await forecastTimeFigure(options.fillItems, options.fillRuns));
  }

  if (wants(16, 17)) {
    const art = await artFigures({ issuesPerTeam: options.artIssuesPerTeam, warmRuns: options.computeRuns > 2 ? 5 : 2, latencyScale: options.latencyScale, log: options.log });
    figures.push(...art.filter((f) => wants(f.figure)));
  }

  if (!wants(7)) {
    // Asked for other figures only: nothing to say about this one.
  } else if (options.browser) {
    options.log('panel in Chromium (builds the UI first when its bundle is stale)');
    figures.push(...(await panelFigures(options.browserRuns, options.log)));
  } else {
    figures.push(notMeasured(7, 'Panel in Chromium: navigation to the Backlog tab with every row interactive', 'ms', `< ${PANEL_GOAL_MS}`, 'skipped (--no-browser, or a smoke run)'));
  }
  return figures.sort((a, b) => a.figure - b.figure || (a.backlog ?? 0) - (b.backlog ?? 0));
}
