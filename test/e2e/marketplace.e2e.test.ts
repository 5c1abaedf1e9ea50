/**
 * The Marketplace listing's highlight images, at the size the Marketplace asks for (1840 x 900 px): each panel
 * tab, the project settings, the admin page and the issue panel, rendered in Chromium in the Jira-like frame of
 * the harness. `npm run screenshots` (UPDATE_DOCS_SCREENSHOTS=1) writes them into docs/marketplace/, which the
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

/** Screenshot `name` of the whole viewport, checked to be exactly the Marketplace's size. */
async function shot(name: string): Promise<void> {
  const path = screenshotPath(`marketplace/${name}`);
  mkdirSync(dirname(path), { recursive: true });
  await s.page().screenshot({ path, animations: 'disabled' });
  expect([name, pngSize(path)]).toEqual([name, { width: WIDTH, height: HEIGHT }]);
}

test('the panel tabs at 1840 x 900', async () => {
  await s.open('panel');
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
  await s.open('settings');
  await app().getByRole('heading', { name: /Backlog balance settings/ }).waitFor({ timeout: 90_000 });
  await app().getByRole('table', { name: 'How current issues classify' }).waitFor({ timeout: 60_000 });
  await shot('6-settings');
  await s.open('admin');
  await app().getByRole('heading', { name: /site defaults/ }).waitFor({ timeout: 60_000 });
  await shot('7-admin');
  await s.open('issue-panel');
  await app().getByTestId('issue-wsjf').waitFor({ timeout: 90_000 });
  await shot('8-issue-panel');
  expect(s.problems()).toEqual([]);
});
