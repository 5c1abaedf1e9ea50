/**
 * One harness, one Chromium and one page per test file, with the helpers every browser test uses: open an
 * app as a user, switch tabs, wait for the UI or the demo site to settle, call a resolver as the app does.
 * Call `browserSession()` at the top level of a test file: it registers the file's beforeAll/afterAll.
 */
import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { DemoSite, DemoSiteOptions } from '../demo-site';
import { startHarness, type Harness } from '../harness/harness';
import { launchChromium } from './browser';

export type AppName = 'panel' | 'settings' | 'admin' | 'issue-panel' | 'gadget';

export interface OpenOptions {
  theme?: 'light' | 'dark';
  issue?: string;
  user?: string;
  project?: string;
  /** The user's Jira language (default English, en-US). */
  locale?: string;
  /** The dashboard gadget's view: the gadget (default) or its edit view. */
  gadgetView?: 'view' | 'edit';
  /** The shell page in listing mode: a plain Jira-like page without the harness's switches (Marketplace images). */
  listing?: boolean;
}

export interface BrowserSession {
  harness(): Harness;
  site(): DemoSite;
  page(): Page;
  app(): FrameLocator;
  /**
   * The open dialog: a Forge modal's frame, which Jira (and the harness) puts over the whole page, outside
   * the app's iframe. Its document holds the dialog (`getByRole('dialog')`).
   */
  modal(): FrameLocator;
  open(appName: AppName, options?: OpenOptions): Promise<void>;
  openTab(name: string, testId: string): Promise<void>;
  invoke<T>(appName: AppName, functionKey: string, payload: unknown): Promise<T>;
  /** What the apps threw or the CSP blocked so far. */
  problems(): string[];
}

/** Polls until `check` returns true (the UI and the demo site settle asynchronously). */
export async function until(description: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${description}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function browserSession(options: { project?: string; viewport?: { width: number; height: number }; demo?: { scale: number; seed: number; quirks?: DemoSiteOptions['quirks'] } } = {}): BrowserSession {
  const project = options.project ?? 'ORION';
  let harness: Harness | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let navigation = 0;
  const problems: string[] = [];

  beforeAll(async () => {
    harness = await startHarness({ demo: options.demo ?? { scale: 600, seed: 11 }, storeDir: 'memory' });
    browser = await launchChromium();
    // A context of our own (not browser.newPage's implicit one): axe-core's Playwright builder needs it.
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 1000 }, reducedMotion: 'reduce' });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) problems.push(`csp: ${message.text()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} not started`);
    return value;
  };
  const session: BrowserSession = {
    harness: () => need(harness, 'harness'),
    site: () => need(harness?.site ?? undefined, 'demo site'),
    page: () => need(page, 'page'),
    app: () => session.page().frameLocator('iframe#app'),
    modal: () => session.page().frameLocator('iframe#forge-modal'),
    async open(appName, o = {}) {
      const site = session.site();
      const hash = new URLSearchParams({ app: appName, project: o.project ?? project, user: o.user ?? site.po.accountId, theme: o.theme ?? 'light', issue: o.issue ?? '', locale: o.locale ?? 'en-US', gadgetView: o.gadgetView ?? 'view' });
      if (o.listing) hash.set('listing', '1');
      // A fresh query string forces a real load of the shell (a hash change alone would not re-run it).
      await session.page().goto(`${session.harness().url}?n=${++navigation}#${hash.toString()}`);
    },
    async openTab(name, testId) {
      await session.app().getByRole('tab', { name, exact: true }).click();
      await session.app().getByTestId(testId).waitFor({ timeout: 60_000 });
    },
    async invoke<T>(appName: AppName, functionKey: string, payload: unknown): Promise<T> {
      const frame = session.page().frames().find((f) => f.url().includes(`/apps/${appName}/`) && !f.url().includes('forgeModal'));
      if (!frame) throw new Error(`${appName} frame not found`);
      const body = await frame.evaluate(
        async ({ app, key, input }) => {
          const host = (globalThis as unknown as { __harness: { context: unknown } }).__harness;
          const response = await fetch('/harness/invoke', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app, functionKey: key, payload: input, context: host.context }) });
          return ((await response.json()) as { body: unknown }).body;
        },
        { app: appName, key: functionKey, input: payload },
      );
      const result = body as { ok: true; data: T } | { ok: false; error: { message: string } };
      if (!result.ok) throw new Error(`${functionKey} failed: ${result.error.message}`);
      return result.data;
    },
    problems: () => [...problems],
  };
  return session;
}
