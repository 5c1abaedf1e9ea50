/**
 * Figure 7: the panel in Chromium, on the production bundle (`static/panel/build`) served by the `npm start`
 * harness with the same resolvers, against a demo site whose team backlog has ~10,000 open issues.
 * Measured per navigation: from `page.goto` until the Backlog tab lists every row and the page answers a
 * frame (interactive); then the frame times while scrolling the list top to bottom.
 */
import type { Frame, Page, Request, Response } from 'playwright-core';
import { startHarness, type Harness } from '../test/harness/harness';
import { appFrame, launchChromium } from '../test/e2e/browser';
import type { Figure } from './figures';
import { BENCH_PROJECT, BENCH_SEED, siteScaleFor } from './site';
import { formatCount, median, round } from './stats';

export const PANEL_GOAL_MS = 1000;
/** 60 frames a second. */
const FRAME_BUDGET_MS = 1000 / 60;

interface Navigation {
  /** Navigation start to rows interactive. */
  totalMs: number;
  /** Each resolver invoke of the navigation: when it was sent and answered, ms from navigation start. */
  invokes: { functionKey: string; sentMs: number; answeredMs: number }[];
  /** getBacklog's answer arriving to rows interactive (the UI's own share). */
  uiMs: number;
  rows: number;
}

async function backlogRowCount(frame: Frame): Promise<number> {
  // The Backlog tab's own status line ("9,990 items · ..."): other status regions (the PI picker) come first.
  const status = await frame.getByRole('status').filter({ hasText: / items/ }).first().textContent();
  const match = /^([\d,]+) items/.exec(status?.trim() ?? '');
  return match ? Number((match[1] as string).replace(/,/g, '')) : 0;
}

function isInvokeOf(functionKey: string) {
  return (response: Response): boolean =>
    response.url().endsWith('/harness/invoke') && (response.request().postData() ?? '').includes(`"functionKey":"${functionKey}"`);
}

async function openBacklog(page: Page, harness: Harness, n: number): Promise<Navigation> {
  const site = harness.site;
  if (!site) throw new Error('The harness should serve the demo site');
  const hash = new URLSearchParams({ app: 'panel', project: BENCH_PROJECT, user: site.po.accountId, theme: 'light', issue: '' });
  const answered = page.waitForResponse(isInvokeOf('getBacklog'), { timeout: 120_000 }).then(async (r) => {
    await r.finished();
    return performance.now();
  });
  const start = performance.now();
  const invokes: Navigation['invokes'] = [];
  const sent = new Map<Request, number>();
  const onRequest = (request: Request): void => {
    if (request.url().endsWith('/harness/invoke')) sent.set(request, performance.now() - start);
  };
  const onFinished = (request: Request): void => {
    const sentMs = sent.get(request);
    const functionKey = /"functionKey":"([A-Za-z]+)"/.exec(request.postData() ?? '')?.[1];
    if (sentMs !== undefined && functionKey) invokes.push({ functionKey, sentMs, answeredMs: performance.now() - start });
  };
  page.on('request', onRequest);
  page.on('requestfinished', onFinished);
  // A fresh query string forces a real load of the shell, as opening the panel again would.
  await page.goto(`${harness.url}?bench=${n}#${hash.toString()}`);
  const frame = await appFrame(page);
  await frame.getByRole('tab', { name: 'Backlog', exact: true }).click({ timeout: 120_000 });
  await frame.getByRole('table', { name: 'Team backlog in priority order' }).waitFor({ timeout: 120_000 });
  await frame.locator('[role="rowgroup"] [role="row"]').first().waitFor({ timeout: 120_000 });
  // Interactive: the main thread is free to run a frame and a task after it.
  await frame.evaluate(NEXT_FRAME_AND_TASK);
  const end = performance.now();
  page.off('request', onRequest);
  page.off('requestfinished', onFinished);
  return { totalMs: end - start, invokes, uiMs: end - (await answered), rows: await backlogRowCount(frame) };
}

// In-page scripts are strings: the project's type check has no DOM library (it checks Node code).
const NEXT_FRAME_AND_TASK = 'new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))';

/** Scrolls the virtual list from top to bottom, one step per frame; resolves to each frame's duration. */
const SCROLL_FRAME_TIMES = `(async () => {
  const list = document.querySelector('[role="rowgroup"]');
  if (!list) throw new Error('The backlog list is not on the page');
  const frames = [];
  const steps = 120;
  const step = Math.max(1, (list.scrollHeight - list.clientHeight) / steps);
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  let last = await nextFrame();
  for (let i = 1; i <= steps; i++) {
    list.scrollTop = Math.round(i * step);
    const now = await nextFrame();
    frames.push(now - last);
    last = now;
  }
  return frames;
})()`;

async function scrollFrameTimes(page: Page): Promise<number[]> {
  const frame = await appFrame(page);
  return (await frame.evaluate(SCROLL_FRAME_TIMES)) as number[];
}

export async function panelFigures(runs: number, log: (line: string) => void): Promise<Figure[]> {
  const harness = await startHarness({ demo: { seed: BENCH_SEED, scale: siteScaleFor(10_000) }, storeDir: 'memory', log });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const cold = await openBacklog(page, harness, 0);
    const warm: Navigation[] = [];
    for (let n = 1; n <= runs; n++) warm.push(await openBacklog(page, harness, n));
    const frames = await scrollFrameTimes(page);
    const sorted = [...frames].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(0.95 * (sorted.length - 1))] as number;
    const total = median(warm.map((w) => w.totalMs));
    const rows = warm[warm.length - 1]?.rows ?? 0;
    const typical = [...warm].sort((a, b) => a.totalMs - b.totalMs)[Math.floor(warm.length / 2)] as Navigation;
    const timeline = typical.invokes.map((i) => `${i.functionKey} ${round(i.sentMs, 0)}-${round(i.answeredMs, 0)}`).join(', ');
    return [
      {
        figure: 7,
        name: 'Panel in Chromium: navigation to the Backlog tab with every row interactive (warm resolver)',
        backlog: rows,
        value: round(total, 0),
        unit: 'ms',
        goal: `< ${PANEL_GOAL_MS}`,
        holds: total < PANEL_GOAL_MS && rows >= 9000,
        detail:
          `median of ${warm.length} reopenings (${warm.map((w) => round(w.totalMs, 0)).join(', ')} ms), of which the UI after getBacklog answered ` +
          `${round(median(warm.map((w) => w.uiMs)), 0)} ms; first open on a cold resolver (full Jira load) ${round(cold.totalMs, 0)} ms ` +
          `(UI ${round(cold.uiMs, 0)} ms); invokes of the median reopening (sent-answered, ms): ${timeline}; ${formatCount(rows)} rows; ` +
          'production bundle static/panel/build via the harness (resolvers and demo site in the benchmark process), headless Chromium',
      },
      {
        figure: 7,
        name: 'Panel in Chromium: frame time scrolling the 10,000-row Backlog top to bottom',
        backlog: rows,
        value: round(median(frames), 1),
        unit: 'ms (median)',
        goal: `<= ${round(FRAME_BUDGET_MS, 1)} (60 fps)`,
        holds: median(frames) <= FRAME_BUDGET_MS + 0.5,
        detail: `${frames.length} frames, one scroll step each; p95 ${round(p95, 1)} ms, worst ${round(sorted[sorted.length - 1] as number, 1)} ms`,
      },
    ];
  } finally {
    await browser.close();
    await harness.close();
  }
}
