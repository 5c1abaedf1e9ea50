/**
 * The Marketplace listing's highlight images, at the size the Marketplace asks for (1840 x 900 px): each panel
 * tab, the project settings, the admin page and the issue panel, rendered in Chromium in the harness's listing
 * mode: the app as a user sees it in Jira, in a plain Jira-like page (a neutral top bar, the project's sidebar),
 * without the harness's switches for the user, language, theme and licence. `npm run screenshots` (UPDATE_DOCS_SCREENSHOTS=1) writes them into docs/marketplace/, which the
 * listing (docs/marketplace/listing.md) names; any other run writes them under test-results/ only.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { screenshotPath } from './screenshots';
import { browserSession } from './session';

jest.setTimeout(240_000);

const WIDTH = 1840;
const HEIGHT = 900;
const s = browserSession({ viewport: { width: WIDTH, height: HEIGHT } });
const app = () => s.app();

/** A PNG's width and height, read from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** What only the harness has: its switches, and a product name in the top bar. */
async function harnessChromeShown(): Promise<string[]> {
  const page = s.page();
  const shown: string[] = [];
  for (const name of ['Project', 'User', 'Language', 'Issue']) {
    if (await page.getByRole('combobox', { name, exact: true }).count()) shown.push(`${name} switch`);
  }
  for (const name of ['Dark theme', 'Licence inactive', 'Edit gadget']) {
    if (await page.getByRole('button', { name, exact: true }).count()) shown.push(`${name} button`);
  }
  for (const id of ['project', 'user', 'locale', 'issue', 'theme', 'licence']) {
    if (await page.locator(`#${id}`).isVisible()) shown.push(`#${id}`);
  }
  if (/Jira/.test(await page.locator('header:visible').innerText())) shown.push('a product name in the top bar');
  return shown;
}

/** Opens `appName` in listing mode. */
async function openListing(appName: 'panel' | 'settings' | 'admin' | 'issue-panel'): Promise<void> {
  await s.open(appName, { listing: true });
}

/** Screenshot `name` of the whole viewport, checked to be exactly the Marketplace's size and free of harness chrome. */
async function shot(name: string): Promise<void> {
  expect([name, await harnessChromeShown()]).toEqual([name, []]);
  const path = screenshotPath(`marketplace/${name}`);
  mkdirSync(dirname(path), { recursive: true });
  await s.page().screenshot({ path, animations: 'disabled' });
  expect([name, pngSize(path)]).toEqual([name, { width: WIDTH, height: HEIGHT }]);
}

test('listing mode hides what the harness shows around the app', async () => {
  // The same page outside listing mode has every switch: the check above would catch them.
  await s.open('panel');
  await app().getByRole('tab', { name: 'Balance' }).waitFor({ timeout: 90_000 });
  expect(await harnessChromeShown()).toEqual(['Project switch', 'User switch', 'Language switch', 'Dark theme button', 'Licence inactive button', '#project', '#user', '#locale', '#theme', '#licence', 'a product name in the top bar']);
  await openListing('panel');
  await app().getByRole('tab', { name: 'Balance' }).waitFor({ timeout: 90_000 });
  expect(await harnessChromeShown()).toEqual([]);
  // The project's sidebar with the app's entry, as Jira shows it.
  const sidebar = s.page().getByRole('navigation', { name: 'Project navigation' });
  expect(await sidebar.getByText('Team Orion', { exact: true }).isVisible()).toBe(true);
  expect(await sidebar.getByRole('link', { name: 'Backlog Balance' }).getAttribute('aria-current')).toBe('page');
});

test('the panel tabs at 1840 x 900', async () => {
  await openListing('panel');
  await app().getByRole('tab', { name: 'Health' }).waitFor({ timeout: 90_000 });
  await s.openTab('Balance', 'balance-tab');
  await app().getByRole('table', { name: 'Allocation per work type' }).waitFor();
  await shot('1-balance');
  await s.openTab('Backlog', 'backlog-tab');
  await app().getByRole('table', { name: 'Team backlog in priority order' }).waitFor();
  await app().locator('[role="row"][data-key]').first().waitFor({ timeout: 60_000 });
  await shot('2-backlog');
  await s.openTab('Refinement', 'refinement-tab');
  await app().getByTestId('runway').waitFor();
  await shot('3-refinement');
  await s.openTab('Iteration fill', 'fill-tab');
  await app().getByTestId('fill-iteration-0').waitFor({ timeout: 90_000 });
  await shot('4-iteration-fill');
  await s.openTab('Health', 'health-tab');
  await shot('5-health');
  expect(s.problems()).toEqual([]);
});

test('the settings, the admin page and the issue panel at 1840 x 900', async () => {
  await openListing('settings');
  await app().getByRole('heading', { name: /Backlog balance settings/ }).waitFor({ timeout: 90_000 });
  await app().getByRole('table', { name: 'How current issues classify' }).waitFor({ timeout: 60_000 });
  await shot('6-settings');
  await openListing('admin');
  await app().getByRole('heading', { name: /site defaults/ }).waitFor({ timeout: 60_000 });
  await shot('7-admin');
  await openListing('issue-panel');
  await app().getByTestId('issue-wsjf').waitFor({ timeout: 90_000 });
  await shot('8-issue-panel');
  expect(s.problems()).toEqual([]);
});
