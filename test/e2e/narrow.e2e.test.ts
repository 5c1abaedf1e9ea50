/**
 * Issue 14 item 12: a laptop 1024 px wide with Jira's sidebar open. Jira's project page then gives the app's
 * iframe what is left beside the sidebar: the harness's shell frames the app exactly so (a 240 px sidebar, so
 * the iframe is 783 px wide). On every tab and dialog, nothing may scroll sideways: no page-level horizontal
 * scroll, and no table or list hiding columns behind a scrollbar of its own. Screenshots of each view go to
 * test-results/screenshots/narrow-*.png.
 */
import type { Frame } from 'playwright-core';
import { screenshotPath, testScreenshotPath } from './screenshots';
import { browserSession, until } from './session';

jest.setTimeout(300_000);

const s = browserSession({ viewport: { width: 1024, height: 768 } });
const app = () => s.app();
// A dialog is a Forge modal over the whole page, outside the app's iframe (as in Jira).
const modal = () => s.modal();

/** The app's frame, or with `dialog` the open dialog's (a Forge modal over the whole page). */
function appFrame(dialog = false): Frame {
  const frame = s.page().frames().find((f) => /\/apps\/[a-z-]+\//.test(f.url()) && f.url().includes('forgeModal') === dialog);
  if (!frame) throw new Error(`${dialog ? 'dialog' : 'app'} frame not found`);
  return frame;
}

/**
 * What scrolls sideways in the app's document: the page itself, and every element whose content is wider
 * than its box while it may scroll (a second, horizontal scrollbar). (A string: the tests compile without DOM types.)
 */
const SIDEWAYS = `(() => {
  const found = [];
  const root = document.scrollingElement || document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) {
    const wide = Array.from(document.querySelectorAll('body *')).filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1).slice(-3).map((el) => el.tagName.toLowerCase() + '[' + (el.getAttribute('aria-label') || el.getAttribute('data-testid') || (el.textContent || '').slice(0, 30)) + ']');
    found.push('page: ' + root.scrollWidth + ' px wide in ' + root.clientWidth + ' px (' + wide.join(', ') + ')');
  }
  const name = (el) => {
    const label = el.getAttribute('aria-label') || el.getAttribute('data-testid') || el.id;
    return el.tagName.toLowerCase() + (label ? '[' + label + ']' : '') + (el.getAttribute('role') ? '(' + el.getAttribute('role') + ')' : '');
  };
  for (const el of Array.from(document.querySelectorAll('body *'))) {
    const style = getComputedStyle(el);
    if (style.overflowX !== 'auto' && style.overflowX !== 'scroll') continue;
    if (el.scrollWidth > el.clientWidth + 1) found.push(name(el) + ': ' + el.scrollWidth + ' px of content in ' + el.clientWidth + ' px');
  }
  return found;
})()`;

async function sidewaysScroll(dialog = false): Promise<string[]> {
  return appFrame(dialog).evaluate<string[]>(SIDEWAYS);
}

async function iframeWidth(): Promise<number> {
  return appFrame().evaluate<number>('window.innerWidth');
}

async function check(view: string, dialog = false): Promise<string[]> {
  // Let the layout settle (virtualized rows, charts measuring their box).
  await s.page().waitForTimeout(400);
  await s.page().screenshot({ path: testScreenshotPath(`narrow-${view}`), animations: 'disabled' });
  const found = await sidewaysScroll(dialog);
  if (dialog) {
    // The modal itself fits the page beside nothing: Jira's viewport, 1024 px.
    const box = await s.page().locator('iframe#forge-modal').boundingBox();
    if (!box || box.x < 0 || box.x + box.width > 1024) found.push(`the dialog's frame is not inside the page (${JSON.stringify(box)})`);
  }
  return found.map((f) => `${view}: ${f}`);
}

async function closeDialog(): Promise<void> {
  await modal().getByRole('dialog').getByRole('button', { name: /^(Cancel|Close)$/ }).first().click();
  await modal().getByRole('dialog').waitFor({ state: 'detached' });
}

test('at 1024 px with Jira\'s sidebar, no tab or dialog of the panel scrolls sideways', async () => {
  await s.open('panel');
  await app().getByRole('tab', { name: 'Health' }).waitFor({ timeout: 60_000 });
  const width = await iframeWidth();
  expect(width).toBeLessThanOrEqual(1024 - 240);
  const findings: string[] = [];

  await s.openTab('Balance', 'balance-tab');
  await app().getByRole('table', { name: 'Allocation per work type' }).waitFor();
  findings.push(...(await check('balance')));

  await s.openTab('Backlog', 'backlog-tab');
  await app().locator('[role="row"][data-key]').nth(3).waitFor();
  findings.push(...(await check('backlog')));
  await s.page().screenshot({ path: screenshotPath('panel-backlog-1024'), animations: 'disabled' });
  // Every column of the backlog is on screen: its header cells end inside the frame.
  const headers = await appFrame().evaluate<{ text: string; right: number }[]>(
    `Array.from(document.querySelectorAll('[role="columnheader"]')).map((h) => ({ text: h.textContent || '', right: h.getBoundingClientRect().right }))`,
  );
  expect(headers.length).toBeGreaterThan(5);
  findings.push(...headers.filter((h) => h.right > width + 1).map((h) => `backlog: the ${h.text} column ends beyond the frame`));

  await app().getByRole('button', { name: 'Apply order to Jira' }).click();
  await modal().getByRole('dialog').getByRole('button', { name: /^(Apply order|Cancel)$/ }).first().waitFor();
  await modal().getByRole('dialog').getByText(/will move|nothing moves/).waitFor({ timeout: 60_000 });
  findings.push(...(await check('apply-order', true)));
  await closeDialog();

  await app().getByRole('button', { name: 'Normalise column…' }).click();
  await modal().getByRole('dialog').waitFor();
  findings.push(...(await check('normalise', true)));
  await closeDialog();

  if (await app().getByRole('button', { name: 'Re-baseline committed order…' }).count()) {
    await app().getByRole('button', { name: 'Re-baseline committed order…' }).click();
    await modal().getByRole('dialog').waitFor();
    findings.push(...(await check('rebaseline', true)));
    await closeDialog();
  }

  await s.openTab('Refinement', 'refinement-tab');
  findings.push(...(await check('refinement')));
  await app().getByRole('button', { name: /^Split [A-Z]+-\d+$/ }).first().click();
  await modal().getByRole('dialog').waitFor();
  findings.push(...(await check('split', true)));
  await closeDialog();
  if (await app().getByRole('button', { name: 'Trim tail…' }).isDisabled()) {
    await app().getByRole('table', { name: 'Tail candidates' }).getByRole('checkbox', { name: /^Select [A-Z]+-\d+$/ }).first().check();
    await app().getByRole('button', { name: /^Move 1 to tail$/ }).click();
    await app().getByRole('list', { name: 'Items in the tail' }).waitFor();
  }
  await app().getByRole('button', { name: 'Trim tail…' }).click();
  await modal().getByRole('dialog').getByText(/will be moved to/).waitFor({ timeout: 60_000 });
  findings.push(...(await check('trim', true)));
  await closeDialog();

  await s.openTab('Iteration fill', 'fill-tab');
  await app().getByTestId('fill-iteration-0').waitFor();
  findings.push(...(await check('fill')));
  await app().getByRole('button', { name: 'Commit to sprints…' }).click();
  await modal().getByRole('dialog').locator('section[data-sprint-id]').first().waitFor({ timeout: 60_000 });
  findings.push(...(await check('commit', true)));
  await closeDialog();

  await s.openTab('Health', 'health-tab');
  findings.push(...(await check('health')));

  expect(findings).toEqual([]);
});

test('at 1024 px, the issue panel, the settings and the admin page do not scroll sideways either', async () => {
  const findings: string[] = [];
  await s.open('issue-panel', { issue: 'ORION-1' });
  await app().getByTestId('issue-wsjf').waitFor({ timeout: 60_000 });
  findings.push(...(await check('issue-panel')));
  await s.open('settings');
  await app().getByRole('table', { name: 'How current issues classify' }).waitFor({ timeout: 60_000 });
  findings.push(...(await check('settings')));
  await s.open('admin');
  await app().getByRole('heading', { name: /site defaults/ }).waitFor({ timeout: 60_000 });
  findings.push(...(await check('admin')));
  expect(findings).toEqual([]);
});

test('at 1024 px, the ART view (program project page) does not scroll sideways: feature backlog, dependency board and list', async () => {
  await s.open('panel', { project: 'ART' });
  await app().getByTestId('art-view').waitFor({ timeout: 120_000 });
  await until('every team of the train read', async () => (await app().getByTestId('art-features').count()) > 0 && (await app().getByText('Up to date').count()) >= 6, 180_000);
  await app().getByTestId('art-dep-board').waitFor();
  const width = await iframeWidth();
  expect(width).toBeLessThanOrEqual(1024 - 240);
  const findings: string[] = [...(await check('art'))];
  // A screenshot of each section at this width (the whole page was checked above).
  for (const section of ['art-teams', 'art-features', 'art-allocation', 'art-dependencies', 'art-load']) {
    const part = app().locator(`section[aria-labelledby="${section}-heading"]`);
    await part.scrollIntoViewIfNeeded();
    await part.screenshot({ path: testScreenshotPath(`narrow-${section}`), animations: 'disabled' });
  }
  // Every column of the feature backlog and of the board ends inside the frame.
  for (const table of ['art-features', 'art-dep-board']) {
    const rights = await app().getByTestId(table).locator('th').evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().right));
    expect(rights.length).toBeGreaterThan(3);
    findings.push(...rights.filter((right) => right > width + 1).map((right) => `${table}: a column ends at ${right} px`));
  }
  await app().getByRole('button', { name: 'List', exact: true }).click();
  await app().getByTestId('art-dep-list').waitFor();
  findings.push(...(await check('art-dependencies-list')));
  expect(findings).toEqual([]);
  // ADS controls only: no native select, tooltips are ADS tooltips (no title attribute).
  expect(await app().locator('select, [title]:not(svg [title]):not(title)').count()).toBe(0);
});
