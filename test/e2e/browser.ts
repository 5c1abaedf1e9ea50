/** Debian's Chromium driven by playwright-core (nothing downloads a browser). */
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

/** The app's iframe inside the harness's Jira-like page, once its document has loaded. */
export async function appFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe#app');
  for (;;) {
    const frame = await handle.contentFrame();
    if (frame && frame.url().includes('/apps/')) {
      await frame.waitForLoadState('domcontentloaded');
      return frame;
    }
    await page.waitForTimeout(50);
  }
}
