/**
 * The panel end to end: the harness `npm start` serves (same resolvers, same production bundle), driven
 * in Chromium against a small demo site. Every flow checks the demo site's state afterwards, not just the UI.
 * Also saves a screenshot of each tab: under test-results/screenshots/ on every run, and over the README's
 * images in docs/ with `npm run screenshots` (so a plain test run never rewrites tracked files).
 */
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { proposeSplit, toFibonacciScale } from '../../src/domain';
import type { RequestJira } from '../../src/jira';
import type { BacklogDto, ProjectSettings } from '../../src/contracts';
import { FIELD_IDS } from '../demo-site';
import { startHarness, type Harness } from '../harness/harness';
import { launchChromium, openChromium } from './browser';
import { screenshotPath } from './screenshots';
import { makeTranslator } from '../../static/shared/format';

jest.setTimeout(120_000);

const PROJECT = 'ORION';

let harness: Harness;
let browser: Browser;
let page: Page;
let navigation = 0;
/** What the Forge-like CSP of the app frames blocked, over the whole suite. */
const cspViolations: string[] = [];
/** Uncaught errors in the shell or the apps, over the whole suite. */
const pageErrors: string[] = [];

async function newWatchedPage(on: Browser): Promise<Page> {
  // Reduced motion: no modal or tab animations half-way through in the screenshots.
  const opened = await on.newPage({ viewport: { width: 1440, height: 1000 }, reducedMotion: 'reduce' });
  opened.on('pageerror', (error) => pageErrors.push(error.message));
  opened.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return opened;
}

beforeAll(async () => {
  harness = await startHarness({ demo: { scale: 600, seed: 11 }, storeDir: 'memory' });
  browser = await launchChromium();
  page = await newWatchedPage(browser);
});

/**
 * Runs one flow in the Chromium from the npm registry with the system browser hidden, as on a machine
 * with nothing but Node and npm (one flow, not the suite twice: test/e2e/browser.test.ts tests the launcher).
 */
async function inRegistryChromium(flow: () => Promise<void>): Promise<void> {
  const registry = await openChromium({ system: false });
  expect(registry.source).toBe('npm');
  const systemPage = page;
  try {
    page = await newWatchedPage(registry.browser);
    await flow();
  } finally {
    page = systemPage;
    await registry.browser.close();
  }
}

afterAll(async () => {
  await browser?.close();
  await harness?.close();
});

function app(): FrameLocator {
  return page.frameLocator('iframe#app');
}

/** The open dialog's frame: a Forge modal over the whole page, outside the app's iframe (as in Jira). */
function modal(): FrameLocator {
  return page.frameLocator('iframe#forge-modal');
}

/** Polls until `check` returns true (the UI and the demo site settle asynchronously). */
async function until(description: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${description}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function open(appName: 'panel' | 'settings' | 'admin' | 'issue-panel', options: { theme?: 'light' | 'dark'; issue?: string; user?: string; project?: string } = {}): Promise<void> {
  const site = harness.site;
  if (!site) throw new Error('demo site expected');
  const hash = new URLSearchParams({ app: appName, project: options.project ?? PROJECT, user: options.user ?? site.po.accountId, theme: options.theme ?? 'light', issue: options.issue ?? '' });
  // A fresh query string forces a real load of the shell (a hash change alone would not re-run it).
  await page.goto(`${harness.url}?n=${++navigation}#${hash.toString()}`);
}

async function openTab(name: string, testId: string): Promise<void> {
  await app().getByRole('tab', { name, exact: true }).click();
  await app().getByTestId(testId).waitFor({ timeout: 60_000 });
}

/** Picks `option` in the ADS select whose input is `inputSelector` (the Backlog's filters; in `frame`, a dialog's pickers). */
async function choose(inputSelector: string, option: string, frame: FrameLocator = app()): Promise<void> {
  await frame.locator(inputSelector).focus();
  await page.keyboard.press('ArrowDown');
  await frame.getByRole('option', { name: option, exact: true }).click();
}

async function screenshot(name: string): Promise<void> {
  // Finished transitions, so a dialog is not caught halfway through fading in.
  await page.screenshot({ path: screenshotPath(name), animations: 'disabled' });
}

/** One part of the page, scrolled to the top first so the settings page's sticky save bar does not cover it. */
async function screenshotOf(part: Locator, name: string): Promise<void> {
  await part.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await part.screenshot({ path: screenshotPath(name) });
}

test('the panel loads every tab in order and renders in both themes', async () => {
  await open('panel');
  await app().getByRole('heading', { name: /Backlog balance/ }).waitFor({ timeout: 60_000 });
  // The tabs appear once the background backlog load has finished.
  await app().getByRole('tab', { name: 'Health' }).waitFor({ timeout: 60_000 });
  const tabs = await app().getByRole('tab').allTextContents();
  expect(tabs).toEqual(['Balance', 'Backlog', 'Refinement', 'Iteration fill', 'Health']);

  await openTab('Balance', 'balance-tab');
  await app().getByRole('table', { name: 'Allocation per work type' }).waitFor();
  await screenshot('panel-balance');
  await openTab('Backlog', 'backlog-tab');
  await app().getByRole('table', { name: 'Team backlog in priority order' }).waitFor();
  await screenshot('panel-backlog');
  await openTab('Refinement', 'refinement-tab');
  await screenshot('panel-refinement');
  await openTab('Iteration fill', 'fill-tab');
  await screenshot('panel-fill');
  await openTab('Health', 'health-tab');
  await screenshot('panel-health');

  await open('panel', { theme: 'dark' });
  await openTab('Backlog', 'backlog-tab');
  const mode = await app().locator('html').getAttribute('data-color-mode');
  expect(mode).toBe('dark');
  await screenshot('panel-backlog-dark');
});

test('changing the allocation changes the fill', async () => {
  await open('panel');
  await openTab('Iteration fill', 'fill-tab');
  const sliceLabels = async (): Promise<string[]> =>
    app().getByTestId('fill-iteration-0').locator('[role="img"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label') ?? ''));
  const before = await sliceLabels();

  await openTab('Balance', 'balance-tab');
  const inputs = app().locator('input[id^="alloc-"]');
  const count = await inputs.count();
  expect(count).toBeGreaterThan(1);
  const save = app().getByRole('button', { name: 'Save allocation' });
  // Anything but exactly 100% is refused, with the remainder shown.
  for (let i = 0; i < count; i++) await inputs.nth(i).fill(i === 0 ? '90' : '0');
  await app().getByTestId('allocation-remainder').getByText('10% left to allocate.').waitFor();
  expect(await save.isDisabled()).toBe(true);
  await inputs.nth(1).fill('20');
  await app().getByTestId('allocation-remainder').getByText('Over by 10%: lower some shares.').waitFor();
  expect(await save.isDisabled()).toBe(true);
  // Everything to the first work type: its slice becomes the whole capacity, the others none.
  for (let i = 0; i < count; i++) await inputs.nth(i).fill(i === 0 ? '100' : '0');
  await app().getByTestId('allocation-remainder').getByText('Shares add up to 100%.').waitFor();
  await save.click();
  await app().getByRole('heading', { name: 'Allocation saved' }).waitFor();
  // The save is kept as history (never overwritten in place).
  await app().getByText('History of saved allocations (1)').waitFor();
  // The PO's own save says so, rather than showing their account id.
  await app().getByText(/^Saved by you on [A-Z][a-z]{2} \d{1,2}, \d{4} \(version \d+\)/).waitFor();

  await openTab('Iteration fill', 'fill-tab');
  await until('the fill to use the new allocation', async () => {
    const after = await sliceLabels();
    return after.length > 0 && after.slice(1).every((label) => / of 0 points$/.test(label)) && after.join() !== before.join();
  });
});

test('an allocation of an earlier PI can be copied into the current one', async () => {
  await open('panel');
  await openTab('Balance', 'balance-tab');
  const current = (await app().locator('#allocation-heading').textContent())?.replace('Capacity allocation for ', '') ?? '';
  // Switch to the PI before the current one and save a distinctive allocation there.
  // The PI picker by keyboard: focus it and open it with the down arrow.
  await app().locator('#pi-picker').focus();
  await page.keyboard.press('ArrowDown');
  const options = app().getByRole('option');
  const names = await options.allTextContents();
  const index = names.findIndex((n) => n.startsWith(`${current} (`));
  expect(index).toBeGreaterThan(0);
  const earlier = (names[index - 1] as string).replace(/ \(.*$/, '');
  await options.nth(index - 1).click();
  await app().locator('#allocation-heading').getByText(`Capacity allocation for ${earlier}`).waitFor();
  const inputs = app().locator('input[id^="alloc-"]');
  const count = await inputs.count();
  const earlierShares = Array.from({ length: count }, (_, i) => (i === 0 ? 100 - 10 * (count - 1) : 10));
  for (let i = 0; i < count; i++) await inputs.nth(i).fill(String(earlierShares[i]));
  await app().getByRole('button', { name: 'Save allocation' }).click();
  await app().getByRole('heading', { name: 'Allocation saved' }).waitFor();

  await app().locator('#pi-picker').focus();
  await page.keyboard.press('ArrowDown');
  await app().getByRole('option').filter({ hasText: `${current} (` }).click();
  await app().locator('#allocation-heading').getByText(`Capacity allocation for ${current}`).waitFor();
  await app().getByRole('button', { name: `Copy from ${earlier}` }).click();
  const copied: number[] = [];
  for (let i = 0; i < count; i++) copied.push(Number(await inputs.nth(i).inputValue()));
  expect(copied).toEqual(earlierShares);
});

test('a save based on an allocation someone else changed meanwhile is refused, and Reload shows theirs', async () => {
  await open('panel');
  await openTab('Balance', 'balance-tab');
  const inputs = app().locator('input[id^="alloc-"]');
  const count = await inputs.count();
  await until('permissions known', () => inputs.first().isEnabled());
  const ids = await inputs.evaluateAll((nodes) => nodes.map((n) => n.id.replace('alloc-', '')));
  // Another PO saves this PI through the same resolver while this page still shows the old version.
  const frame = page.frames().find((f) => f.url().includes('/apps/panel/'));
  if (!frame) throw new Error('panel frame not found');
  const theirs = ids.map((_, i) => (i === count - 1 ? 100 - 5 * (count - 1) : 5));
  const outcome = await frame.evaluate(
    async ({ ids: workTypes, shares }) => {
      const harness = (globalThis as unknown as { __harness: { context: unknown } }).__harness;
      const call = async (functionKey: string, payload: unknown) =>
        (await (await fetch('/harness/invoke', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app: 'panel', functionKey, payload, context: harness.context }) })).json()) as { body: { ok: boolean; data: { pi: { id: string }; allocation: { version: number } } } };
      const balance = (await call('getBalance', {})).body.data;
      const percents = Object.fromEntries(workTypes.map((id, i) => [id, shares[i]]));
      return (await call('saveAllocation', { piId: balance.pi.id, percents, baseVersion: balance.allocation.version })).body.ok;
    },
    { ids, shares: theirs },
  );
  expect(outcome).toBe(true);

  // An edit that differs from both the version on screen and theirs.
  for (let i = 0; i < count; i++) await inputs.nth(i).fill(i === 0 ? '90' : i === 1 ? '10' : '0');
  await app().getByRole('button', { name: 'Save allocation' }).click();
  await app().getByText('Someone else changed this').waitFor();
  await app().getByRole('button', { name: 'Reload' }).click();
  await until('their allocation on screen', async () => {
    const shown: number[] = [];
    for (let i = 0; i < count; i++) shown.push(Number(await inputs.nth(i).inputValue()));
    return shown.join() === theirs.join();
  });
});

test("scoring an item ranks it first among the scored items and writes the score to Jira (in the npm registry's Chromium)", () => inRegistryChromium(async () => {
  await open('panel');
  await openTab('Backlog', 'backlog-tab');
  await choose('#filter-source', 'Local');
  const rows = app().locator('[role="row"][data-key]');
  await rows.nth(1).waitFor();
  // The lowest local row on screen (the list is virtualized).
  const visibleRows = await rows.count();
  expect(visibleRows).toBeGreaterThan(1);
  const key = (await rows.nth(Math.min(8, visibleRows - 1)).getAttribute('data-key')) as string;
  const row = app().locator(`[role="row"][data-key="${key}"]`);
  const position = async (): Promise<number> => Number(await row.locator('[role="cell"]').first().textContent());
  const before = await position();

  const parts: [string, string][] = [
    ['Business value', '20'],
    ['Time criticality', '20'],
    ['Risk reduction', '20'],
    ['Job size', '1'],
  ];
  for (const [label, value] of parts) {
    // Each score shows as a button; activating it offers the Fibonacci scale.
    const cell = row.getByRole('button', { name: new RegExp(`^Edit ${label.toLowerCase()} of ${key},`) });
    await until(`${label} of ${key} to be editable`, () => cell.isEnabled());
    await cell.click();
    await app().getByRole('option', { name: value, exact: true }).click();
    await until(`${label} of ${key} saved`, async () => (await cell.textContent()) === value && (await cell.isEnabled()));
  }
  // Its WSJF is now the highest: it takes the first slot WSJF orders among the scored items. Unscored items
  // keep their rank slots until scored (DOMAIN.md, Sort), so where that slot is depends on them.
  await until(`${key} to show its WSJF`, async () => (await row.locator('[data-wsjf]').textContent())?.startsWith('60') === true);
  expect(before).toBeGreaterThan(0);
  const issue = harness.site?.view.issue(key);
  expect([issue?.businessValue, issue?.timeCriticality, issue?.riskReduction, issue?.jobSize]).toEqual([20, 20, 20, 1]);
  // With the highest possible WSJF it leads the scored local items.
  const count = await rows.count();
  let firstScored: string | null = null;
  for (let i = 0; i < count && firstScored === null; i++) {
    if (!Number.isNaN(Number.parseFloat((await rows.nth(i).locator('[data-wsjf]').textContent()) ?? ''))) firstScored = await rows.nth(i).getAttribute('data-key');
  }
  expect(firstScored).toBe(key);
}));

test('normalising a WSJF column previews old -> new over the shown rows, then saves them to Jira in batches', async () => {
  const site = harness.site;
  if (!site) throw new Error('demo site expected');
  await open('panel');
  await openTab('Backlog', 'backlog-tab');
  await choose('#filter-source', 'Local');
  const rows = app().locator('[role="row"][data-key]');
  await rows.nth(2).waitFor();
  const smallest = (await rows.nth(2).getAttribute('data-key')) as string;
  // Raw business values off the scale on every open ORION issue (more than one scoreWsjf batch of 50), and one
  // shown row below them all: normalising makes it 1 and puts the others on the scale relative to it.
  const openIssues = site.view.issues().filter((i) => i.projectKey === PROJECT && site.view.statusCategory(i.key) !== 'done');
  expect(openIssues.length).toBeGreaterThan(100);
  for (const [i, issue] of openIssues.entries()) {
    const value = issue.key === smallest ? 0.5 : [4, 6, 7, 9, 11][i % 5];
    const put = await fetch(`${site.baseUrl}/rest/api/3/issue/${issue.key}`, {
      method: 'PUT',
      headers: { authorization: site.po.authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { [FIELD_IDS.businessValue]: value } }),
    });
    expect(put.status).toBe(204);
  }

  await open('panel');
  await openTab('Backlog', 'backlog-tab');
  await choose('#filter-source', 'Local');
  await rows.nth(2).waitFor();
  await app().getByRole('button', { name: 'Normalise column…' }).click();
  const dialog = modal().getByRole('dialog');
  await choose('#normalise-column', 'Business value', modal());
  const table = dialog.getByRole('table', { name: 'Values that change' });
  await table.waitFor();
  const cells = await table.locator('tbody td').allTextContents();
  const changes = Array.from({ length: cells.length / 3 }, (_, i) => ({ key: cells[3 * i] as string, from: Number(cells[3 * i + 1]), to: Number(cells[3 * i + 2]) }));
  expect(changes).toContainEqual({ key: smallest, from: 0.5, to: 1 });
  expect(changes.length).toBeGreaterThan(50);
  // Only local rows (the filter) are compared and changed; each new value is its ratio to the smallest, on the scale.
  for (const c of changes) expect(c.to).toBe(toFibonacciScale([0.5, c.from])[1]);
  await dialog.getByTestId('normalise-summary').getByText(new RegExp(`^${changes.length} values change`)).waitFor();

  await dialog.getByRole('button', { name: `Save ${changes.length} values` }).click();
  await dialog.getByText('Column normalised').waitFor({ timeout: 60_000 });
  await dialog.getByTestId('normalise-progress').getByText(`${changes.length} of ${changes.length} values saved to Jira`).waitFor();
  for (const c of changes) expect(site.view.issue(c.key)?.businessValue).toBe(c.to);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The backlog shows the saved values: normalising again changes nothing.
  await app().getByRole('button', { name: 'Normalise column…' }).click();
  await choose('#normalise-column', 'Business value', modal());
  await dialog.getByTestId('normalise-summary').getByText(/^Nothing changes/).waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('moving an item to the tail and trimming it asks for confirmation, then closes it in Jira', async () => {
  await open('panel');
  await openTab('Refinement', 'refinement-tab');
  const candidates = app().getByRole('table', { name: 'Tail candidates' });
  const firstBox = candidates.getByRole('checkbox', { name: /^Select [A-Z]+-\d+$/ }).first();
  const key = ((await firstBox.getAttribute('aria-label')) as string).replace('Select ', '');
  await firstBox.check();
  await app().getByRole('button', { name: /^Move 1 to tail$/ }).click();
  await app().getByRole('list', { name: 'Items in the tail' }).getByText(key, { exact: true }).waitFor();
  expect(harness.site?.view.issue(key)?.labels).toContain('backlog-tail');

  await app().getByRole('button', { name: 'Trim tail…' }).click();
  const dialog = modal().getByRole('dialog');
  const listed = dialog.getByRole('table', { name: 'Issues the trim will close' });
  await listed.locator(`tr[data-key="${key}"]`).getByRole('link', { name: key, exact: true }).waitFor();
  expect(harness.site?.view.statusCategory(key)).not.toBe('done');
  await dialog.getByRole('button', { name: /^Close \d+ issues?$/ }).click();
  await dialog.locator('[data-testid="job-progress"][data-state="done"]').waitFor({ timeout: 60_000 });
  expect(harness.site?.view.statusCategory(key)).toBe('done');
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
});

test('an item moved to the tail by mistake is taken out again with one click', async () => {
  await open('panel');
  await openTab('Refinement', 'refinement-tab');
  const firstBox = app().getByRole('table', { name: 'Tail candidates' }).getByRole('checkbox', { name: /^Select [A-Z]+-\d+$/ }).first();
  const key = ((await firstBox.getAttribute('aria-label')) as string).replace('Select ', '');
  await firstBox.check();
  await app().getByRole('button', { name: /^Move 1 to tail$/ }).click();
  const tail = app().getByRole('list', { name: 'Items in the tail' });
  await tail.getByRole('button', { name: `Take ${key} out of the tail` }).click();
  await tail.getByText(key, { exact: true }).waitFor({ state: 'detached' });
  expect(harness.site?.view.issue(key)?.labels).not.toContain('backlog-tail');
});

test('committing the fill puts the planned issues into the demo site sprint', async () => {
  await open('panel');
  await openTab('Iteration fill', 'fill-tab');
  await app().getByRole('button', { name: 'Commit to sprints…' }).click();
  const dialog = modal().getByRole('dialog');
  const section = dialog.locator('section[data-sprint-id]').filter({ has: modal().locator('[data-key]') }).first();
  await section.waitFor();
  const sprintId = Number(await section.getAttribute('data-sprint-id'));
  const keys = await section.locator('[data-key]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-key') ?? ''));
  expect(keys.length).toBeGreaterThan(0);
  expect(harness.site?.view.sprintIssueKeys(sprintId)).not.toContain(keys[0]);
  expect(await dialog.getByRole('button', { name: /^Move \d+ issues? into sprints/ }).isEnabled()).toBe(true);
  await screenshot('panel-commit-preview');

  const takenOut = await dialog.locator('[data-takeout-key]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-takeout-key') ?? ''));
  await dialog.getByRole('button', { name: /^Move \d+ issues? into sprints/ }).click();
  await dialog.locator('[data-testid="job-progress"][data-state="done"]').waitFor({ timeout: 60_000 });
  const inSprint = harness.site?.view.sprintIssueKeys(sprintId) ?? [];
  for (const key of keys) expect(inSprint).toContain(key);
  // What the plan left out of the planned sprints went back to the backlog.
  const sprintsNow = new Set(harness.site?.view.issues().flatMap((i) => (takenOut.includes(i.key) ? i.sprintIds : [])) ?? []);
  expect([...sprintsNow].filter((id) => id === sprintId)).toEqual([]);
});

test('the PO adjusts the fill with the move controls, by dragging, and by leaving an item out', async () => {
  await open('panel');
  await openTab('Iteration fill', 'fill-tab');
  const first = app().getByTestId('fill-iteration-0');
  const second = app().getByTestId('fill-iteration-1');
  const inFirst = (key: string) => first.locator(`li[data-key="${key}"]`);
  const inSecond = (key: string) => second.locator(`li[data-key="${key}"]`);
  const key = (await first.locator('li[data-key]').last().getAttribute('data-key')) as string;

  await app().getByRole('button', { name: `Move ${key} to the next iteration` }).click();
  await inSecond(key).waitFor();
  expect(await inFirst(key).count()).toBe(0);

  await inSecond(key).dragTo(first.locator('h3'));
  await inFirst(key).waitFor();
  expect(await inSecond(key).count()).toBe(0);

  await app().getByRole('button', { name: `Leave ${key} out` }).click();
  const leftOut = app().getByRole('table', { name: 'Items left out' });
  await leftOut.getByRole('row').filter({ hasText: 'Left out by you' }).filter({ hasText: key }).waitFor();
  expect(await inFirst(key).count()).toBe(0);
  await leftOut.getByRole('button', { name: 'Include again' }).click();
  await inFirst(key).or(inSecond(key)).waitFor();
  // A not-ready item says what it lacks, in the row itself.
  const notReady = leftOut.getByRole('row').filter({ hasText: 'Not ready' }).first();
  expect(((await notReady.getByRole('cell').nth(3).textContent()) ?? '').trim()).not.toBe('');

  // Adjustments survive switching tabs (and reloading) until undone or committed.
  await app().getByRole('button', { name: `Move ${key} to the next iteration` }).click();
  await inSecond(key).waitFor();
  await openTab('Health', 'health-tab');
  await openTab('Iteration fill', 'fill-tab');
  await inSecond(key).waitFor();
  await app().getByRole('button', { name: 'Undo my adjustments' }).click();
  await app().getByRole('button', { name: 'Undo my adjustments' }).waitFor({ state: 'detached' });
});

test('a split proposes parts within the split limit and must add up before it can be sent, then creates linked stories in Jira and closes the original', async () => {
  await open('panel');
  await openTab('Refinement', 'refinement-tab');
  const splitButton = app().getByRole('button', { name: /^Split [A-Z]+-\d+$/ }).first();
  const key = ((await splitButton.getAttribute('aria-label')) as string).replace('Split ', '');
  const points = harness.site?.view.issue(key)?.points as number;
  const limit = Number(await splitButton.locator('xpath=ancestor::tr').locator('td').nth(3).innerText());
  await splitButton.click();
  const dialog = modal().getByRole('dialog');
  const send = dialog.getByRole('button', { name: /^Split into \d+ stories$/ });
  // The proposal: parts within the limit that add up (issue 13 case 11: never two halves still over it).
  const proposed = proposeSplit(points, limit);
  const fields = dialog.getByLabel('Points');
  // The dialog is a modal of its own (another frame): its parts show once it has loaded.
  await fields.first().waitFor({ timeout: 60_000 });
  expect(await fields.count()).toBe(proposed.length);
  for (let i = 0; i < proposed.length; i++) expect(Number(await fields.nth(i).inputValue())).toBe(proposed[i]);
  if (points > limit) for (const part of proposed) expect(part).toBeLessThanOrEqual(limit);
  await fields.first().fill(String((proposed[0] as number) + 1));
  await dialog.getByTestId('split-sum').getByText(`Parts add up to ${points + 1} of ${points} points.`).waitFor();
  expect(await send.isDisabled()).toBe(true);
  await fields.first().fill(String(proposed[0]));
  await dialog.getByTestId('split-sum').getByText(`Parts add up to ${points} points.`).waitFor();
  const before = new Set((harness.site?.view.issues() ?? []).map((i) => i.key));
  await send.click();
  await dialog.getByTestId('split-original-note').getByText(/closed as dropped/).waitFor();
  await dialog.getByText('Split done').waitFor();
  await dialog.getByText(`${key} is closed as Won't Do, labelled bb-split-source and linked to the new stories.`).waitFor();
  const original = harness.site?.view.issue(key);
  expect(original?.statusId).toBe('10002');
  expect(original?.labels).toContain('bb-split-source');
  const created = (harness.site?.view.issues() ?? []).filter((i) => !before.has(i.key));
  expect(created).toHaveLength(proposed.length);
  expect(created.reduce((sum, i) => sum + (i.points ?? 0), 0)).toBe(points);
  const links = harness.site?.view.links() ?? [];
  for (const part of created) expect(links.some((l) => [l.sourceKey, l.destinationKey].includes(key) && [l.sourceKey, l.destinationKey].includes(part.key))).toBe(true);
});

test('"Apply order to Jira" previews what moves, then re-ranks the board backlog', async () => {
  await open('panel');
  await openTab('Backlog', 'backlog-tab');
  await app().getByRole('button', { name: 'Apply order to Jira' }).click();
  const dialog = modal().getByRole('dialog');
  const moves = dialog.getByRole('table', { name: 'Issues that move' });
  await moves.waitFor();
  const firstMove = (await moves.locator('tbody tr').first().getAttribute('data-key')) as string;
  const rankBefore = harness.site?.view.rankOrder(PROJECT) ?? [];
  await dialog.getByRole('button', { name: 'Apply order' }).click();
  await dialog.locator('[data-testid="job-progress"][data-state="done"]').waitFor({ timeout: 60_000 });
  const rankAfter = harness.site?.view.rankOrder(PROJECT) ?? [];
  expect(rankAfter).not.toEqual(rankBefore);
  expect(rankAfter.indexOf(firstMove)).not.toBe(rankBefore.indexOf(firstMove));
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  // Jira's order now is the team's priority order: a second preview finds nothing to move.
  await app().getByRole('button', { name: 'Apply order to Jira' }).click();
  await modal().getByRole('dialog').getByText("Jira's rank already matches the team's priority order: nothing moves.").waitFor();
});

test('a saved project setting is kept and drives the panel', async () => {
  await open('settings');
  const staleDays = app().getByLabel('Stale after (days)');
  await staleDays.waitFor({ timeout: 60_000 });
  await staleDays.fill('90');
  await app().getByRole('button', { name: 'Save settings' }).click();
  await app().getByText('Settings saved.').waitFor();

  await open('settings');
  await until('the saved value after a reload', async () => (await staleDays.isVisible()) && (await staleDays.inputValue()) === '90');
  await open('panel');
  await openTab('Refinement', 'refinement-tab');
  await app().getByText('Untouched for 90+ days, or under a closed or cancelled parent.').waitFor();
});

test('editing a work-type rule previews live how the current issues classify', async () => {
  await open('settings');
  const counts = app().getByTestId('work-type-counts');
  await counts.waitFor({ timeout: 60_000 });
  const read = async (): Promise<Map<string, number>> => {
    const parts = await counts.locator('span').allTextContents();
    return new Map(parts.map((p) => [p.replace(/^\d+\s*/, ''), Number(/^\d+/.exec(p)?.[0])]));
  };
  const before = await read();
  // An ADS select: open it by keyboard and pick a work type other than the rule's.
  await app().getByRole('combobox', { name: 'Rule 1 work type' }).focus();
  await page.keyboard.press('ArrowDown');
  await app().getByRole('option', { selected: false }).first().click();
  await until('the preview to reclassify', async () => {
    const after = await read();
    const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    return total(after) === total(before) && [...after].some(([name, n]) => before.get(name) !== n);
  });
});

test('each user sees the panel with their own Jira permissions', async () => {
  const site = harness.site;
  if (!site) throw new Error('demo site expected');
  const viewer = site.users.find((u) => u.email.startsWith('viewer@')) ?? site.po;
  await open('panel', { user: viewer.accountId });
  await openTab('Iteration fill', 'fill-tab');
  expect(await app().getByRole('button', { name: 'Commit to sprints…' }).isDisabled()).toBe(true);
  await openTab('Backlog', 'backlog-tab');
  expect(await app().getByRole('button', { name: 'Apply order to Jira' }).isDisabled()).toBe(true);

  // The developer cannot browse LYRA: the panel says so instead of showing anything of it.
  await open('panel', { user: site.dev.accountId, project: 'LYRA' });
  await until('only the explanation, no tabs', async () => (await app().getByRole('tab').count()) === 0 && (await app().getByText('You cannot browse LYRA in Jira').count()) === 1);
});

test('in the program project, a business project holding the train\'s features, the project page is the ART view (test/e2e/art.e2e.test.ts), not the tabs', async () => {
  await open('panel', { project: 'ART' });
  await app().getByTestId('art-view').waitFor({ timeout: 60_000 });
  await app().getByRole('heading', { name: 'Teams of the ART' }).waitFor();
  expect(await app().getByRole('tab').count()).toBe(0);
  expect(await app().getByTestId('setup-needed').count()).toBe(0);
  // The harness mirrors the display conditions: no settings page or issue panel in a business project.
  expect(await page.locator('nav a[data-app="settings"]').isVisible()).toBe(false);
  expect(await page.locator('nav a[data-app="issue-panel"]').isVisible()).toBe(false);
});

test('settings, admin and issue panel render', async () => {
  await open('settings');
  await app().getByRole('heading', { name: /Backlog balance settings/ }).waitFor({ timeout: 60_000 });
  await app().getByRole('table', { name: 'How current issues classify' }).waitFor({ timeout: 60_000 });
  // Roles cannot be checked for non-admins (Jira shows role membership only to admins): the page says to name a group.
  await app().getByTestId('editor-roles-note').getByText(/only to administrators/).waitFor();
  await screenshot('settings');

  // The demo PO holds Jira's global ADMINISTER permission on the demo site, so the admin page opens for them.
  await open('admin');
  await app().getByRole('heading', { name: /site defaults/ }).waitFor({ timeout: 60_000 });
  await app().getByText(/roles work only for them: name a group/).waitFor();
  await screenshot('admin');
  // A user without it is told so.
  await open('admin', { user: harness.site?.dev.accountId });
  await app().getByText('You do not have permission for this').waitFor({ timeout: 60_000 });

  await open('issue-panel');
  await app().getByTestId('issue-wsjf').waitFor({ timeout: 60_000 });
  await screenshot('issue-panel');
});

test('dark theme tokens apply whether the host supplies the themes or only marks the colour mode', async () => {
  const site = harness.site;
  if (!site) throw new Error('demo site expected');
  const surface = async (hostTheme: string): Promise<string> => {
    const query = new URLSearchParams({ user: site.po.accountId, project: PROJECT, theme: 'dark', hostTheme });
    await page.goto(`${harness.url}apps/panel/?${query.toString()}`);
    await page.getByRole('heading', { name: /Backlog balance/ }).waitFor({ timeout: 60_000 });
    let value = '';
    await until('a token theme on the page', async () => {
      value = await page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--ds-surface').trim()");
      return value !== '';
    });
    return value;
  };
  const fromHost = await surface('css');
  const fromApp = await surface('attributes');
  expect(fromApp).toBe(fromHost);
  // The dark surface, not the light one (white).
  expect(fromHost.toLowerCase()).not.toBe('#ffffff');
});

/** Calls a panel resolver from inside the app frame, as the signed-in user (what the bridge's invoke does). */
async function invokePanel<T>(functionKey: string, payload: unknown): Promise<T> {
  const frame = page.frames().find((f) => f.url().includes('/apps/panel/'));
  if (!frame) throw new Error('panel frame not found');
  const body = await frame.evaluate(
    async ({ key, input }) => {
      const harness = (globalThis as unknown as { __harness: { context: unknown } }).__harness;
      const response = await fetch('/harness/invoke', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app: 'panel', functionKey: key, payload: input, context: harness.context }) });
      return ((await response.json()) as { body: unknown }).body;
    },
    { key: functionKey, input: payload },
  );
  const result = body as { ok: true; data: T } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${functionKey} failed: ${result.error.message}`);
  return result.data;
}

/** The backlog rows on screen in order: key, shown position and whether it is marked committed. */
async function backlogRowsOnScreen(): Promise<{ key: string; position: number; committed: boolean }[]> {
  return app()
    .locator('[role="row"][data-key]')
    .evaluateAll((nodes) =>
      nodes.map((n) => {
        const cells = n.querySelectorAll('[role="cell"]');
        return { key: n.getAttribute('data-key') ?? '', position: Number(cells[0]?.textContent), committed: n.hasAttribute('data-committed') };
      }),
    )
    .then((rows) => rows.sort((a, b) => a.position - b.position));
}

// The frame's user reads English in UTC (the harness's default locale and Jira time zone).
const english = makeTranslator('en-US', () => null, 'UTC');
const takenText = (baseline: { savedAt: string }) => `taken ${english.date(baseline.savedAt, { withTime: true })} by you`;

test('re-baselining the committed order makes the current Jira rank the order the backlog and the fill keep', async () => {
  const site = harness.site;
  if (!site) throw new Error('demo site expected');
  await open('panel');
  await openTab('Backlog', 'backlog-tab');
  await app().locator('[role="row"][data-key]').nth(3).waitFor();
  const before = (await backlogRowsOnScreen()).filter((r) => r.committed);
  expect(before.length).toBeGreaterThanOrEqual(3);
  // Committed stories lead the backlog, in their PI-planning order.
  expect(before.slice(0, 3).map((r) => r.position)).toEqual([1, 2, 3]);
  const [first, , third] = before.map((r) => r.key) as [string, string, string];
  const dto = await invokePanel<BacklogDto>('getBacklog', {});
  expect(dto.committedBaseline).not.toBeNull();
  await app().getByTestId('committed-order-note').getByText(takenText(dto.committedBaseline!), { exact: false }).waitFor();

  // Someone ranks the third committed story above the first in Jira: the PI-planning order does not follow.
  const ranked = await fetch(`${site.baseUrl}/rest/agile/1.0/issue/rank`, {
    method: 'PUT',
    headers: { authorization: site.po.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ issues: [third], rankBeforeIssue: first }),
  });
  expect(ranked.status).toBeLessThan(300);
  const rank = site.view.rankOrder(PROJECT);
  expect(rank.indexOf(third)).toBeLessThan(rank.indexOf(first));
  await open('panel');
  await openTab('Backlog', 'backlog-tab');
  await app().locator('[role="row"][data-key]').nth(3).waitFor();
  expect((await backlogRowsOnScreen()).filter((r) => r.committed).slice(0, 3).map((r) => r.key)).toEqual(before.slice(0, 3).map((r) => r.key));

  await app().getByRole('button', { name: 'Re-baseline committed order…' }).click();
  const dialog = modal().getByRole('dialog');
  await dialog.getByTestId('rebaseline-explanation').getByText('replaces that order with their current Jira rank order').waitFor();
  await dialog.getByTestId('rebaseline-explanation').getByText(`committed program stories of ${dto.pi!.name}`, { exact: false }).waitFor();
  expect(await dialog.getByRole('list', { name: 'Committed order kept now' }).locator('li').first().locator('strong').textContent()).toBe(first);
  await screenshot('panel-rebaseline');
  await dialog.getByRole('button', { name: 'Use the Jira rank order' }).click();
  await app().getByRole('status').filter({ hasText: /^Committed order re-baselined: \d+ stories follow their current Jira rank\.$/ }).waitFor();
  expect(await modal().getByRole('dialog').count()).toBe(0);

  // The tab reloads: the third story now leads, as Jira ranks it; the stored baseline is Jira's rank order.
  await until('the committed rows to follow the Jira rank', async () => {
    const keys = (await backlogRowsOnScreen()).filter((r) => r.committed).map((r) => r.key);
    return keys[0] === third && keys[1] === first;
  });
  const stored = await harness.platform.store.kv.get<{ keys: string[]; savedAt: string; savedBy: string }>(`proj:${PROJECT}:committed:${dto.pi!.id}`);
  if (!stored) throw new Error('no committed baseline stored');
  const committedSet = new Set(stored.keys);
  expect(stored.keys).toEqual(site.view.rankOrder(PROJECT).filter((k) => committedSet.has(k)));
  expect(stored.savedBy).toBe(site.po.accountId);
  const shown = (await backlogRowsOnScreen()).filter((r) => r.committed).map((r) => r.key);
  expect(shown).toEqual(stored.keys.slice(0, shown.length));
  await app().getByTestId('committed-order-note').getByText(takenText(stored), { exact: false }).waitFor();

  // Only people who may plan are offered it.
  const viewer = site.users.find((u) => u.email.startsWith('viewer@')) ?? site.po;
  await open('panel', { user: viewer.accountId });
  await openTab('Backlog', 'backlog-tab');
  const button = app().getByRole('button', { name: 'Re-baseline committed order…' });
  await button.waitFor();
  expect(await button.isDisabled()).toBe(true);
});

/** A new team: the sprint list of this board shows no closed sprint, so there is no velocity yet. */
function hideClosedSprints(boardId: number): (port: RequestJira) => RequestJira {
  return (port) => async (path, init) => {
    const response = await port(path, init);
    if (!path.value.startsWith(`/rest/agile/1.0/board/${boardId}/sprint`) || response.status !== 200) return response;
    const body = (await response.json()) as { values: { state: string }[] };
    const filtered = { ...body, values: body.values.filter((sprint) => sprint.state !== 'closed') };
    const text = JSON.stringify(filtered);
    return { status: 200, headers: response.headers, json: async () => filtered, text: async () => text };
  };
}

test("days off entered per team member lower that iteration's normalized capacity by exactly those days", async () => {
  const site = harness.site;
  if (!site) throw new Error('demo site expected');
  const team = 'VEGA';
  const board = site.view.boards().find((b) => b.projectKey === team);
  if (!board) throw new Error(`no ${team} board`);
  // The harness's platform is the one its resolvers call; VEGA's Jira is seen as a new team's from here on.
  const platform = harness.platform;
  const jiraFor = platform.jiraFor.bind(platform);
  platform.jiraFor = (accountId) => hideClosedSprints(board.id)(jiraFor(accountId));
  try {
    await open('settings', { project: team });
    const membersInput = app().getByLabel('Members (name:fte, comma separated)');
    await membersInput.waitFor({ timeout: 60_000 });
    await membersInput.fill('Ana:1, Bo:1, Cy:0.5');
    await membersInput.press('Tab');
    await app().getByRole('button', { name: 'Use them as the calendar to edit' }).click();
    await app().getByRole('button', { name: 'Save settings' }).click();
    await app().getByText('Settings saved.').waitFor();

    const capacities = async (): Promise<{ name: string; capacity: number; source: string }[]> => {
      await open('panel', { project: team });
      await openTab('Balance', 'balance-tab');
      const rows = app().getByRole('table', { name: 'Capacity per iteration' }).locator('tbody tr');
      await rows.first().waitFor();
      return rows.evaluateAll((nodes) =>
        nodes.map((n) => ({ name: n.querySelector('th')?.textContent ?? '', capacity: Number(n.querySelectorAll('td')[1]?.textContent), source: n.querySelectorAll('td')[2]?.querySelector('span')?.textContent ?? '' })),
      );
    };
    const before = await capacities();
    const piName = ((await app().locator('#allocation-heading').textContent()) ?? '').replace('Capacity allocation for ', '');
    // 8 points per full-time member: Ana 8, Bo 8, Cy 4.
    expect(before.length).toBeGreaterThan(0);
    for (const it of before) expect(it).toMatchObject({ capacity: 20, source: 'Normalized' });
    const target = before[0]!;
    const other = before[1];

    await open('settings', { project: team });
    const daysOff = app().getByRole('table', { name: `Days off per member in ${piName}` });
    await daysOff.waitFor({ timeout: 60_000 });
    await daysOff.getByLabel(`Ana days off in ${target.name}`, { exact: true }).fill('3');
    await daysOff.getByLabel(`Cy days off in ${target.name}`, { exact: true }).fill('1');
    const targetColumn = before.indexOf(target) + 1;
    await daysOff.locator('tfoot td').nth(targetColumn - 1).getByText('16 pts', { exact: true }).waitFor();
    // The old team-wide absence field still counts, on its own.
    if (other) await app().getByLabel(`${other.name} absence days`, { exact: true }).fill('2');
    await app().getByRole('button', { name: 'Save settings' }).click();
    await app().getByText('Settings saved.').waitFor();
    await screenshotOf(app().locator('section[aria-labelledby="calendar-heading"] fieldset').first(), 'settings-days-off');

    const after = await capacities();
    expect(after.map((it) => it.name)).toEqual(before.map((it) => it.name));
    expect(after[0]).toMatchObject({ capacity: target.capacity - 4, source: 'Normalized' });
    if (other) expect(after[1]).toMatchObject({ capacity: other.capacity - 2, source: 'Normalized' });
    for (const it of after.slice(2)) expect(it.capacity).toBe(20);

    const saved: ProjectSettings = (await platform.store.effectiveSettings(team)).settings;
    const iterations = saved.pis.find((pi) => pi.name === piName)?.iterations ?? [];
    expect(iterations.find((it) => it.name === target.name)).toMatchObject({ daysOffByMember: { Ana: 3, Cy: 1 }, absenceDays: 0 });
    if (other) expect(iterations.find((it) => it.name === other.name)).toMatchObject({ absenceDays: 2 });
  } finally {
    platform.jiraFor = jiraFor;
  }
});

test('nothing the apps did was blocked by the Forge-like content security policy, and nothing threw', () => {
  expect(cspViolations).toEqual([]);
  expect(pageErrors).toEqual([]);
});
