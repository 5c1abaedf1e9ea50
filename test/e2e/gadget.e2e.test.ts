/**
 * The dashboard gadget in Chromium (issue 19.2): configured in its edit view (an ADS select of the projects
 * where the app is set up), then one team's balance at a glance, light and dark, in German, with no serious
 * or critical axe violation. The README's pictures gadget and gadget-dark come from here (screenshotPath: renewed
 * only by `npm run screenshots`).
 */
import AxeBuilder from '@axe-core/playwright';
import { screenshotPath } from './screenshots';
import { browserSession, until } from './session';

jest.setTimeout(300_000);

const session = browserSession();

/** The gadget as it sits on the dashboard, with a margin of the dashboard around it. */
async function shootGadget(name: string): Promise<void> {
  const box = await session.page().locator('iframe#app').boundingBox();
  if (!box) throw new Error('no gadget frame');
  // Jira sizes a gadget to its content; the harness's frame is taller, so the picture ends where the content does.
  const content = await session.app().locator('main').evaluate((main) => (main as unknown as { getBoundingClientRect(): { bottom: number } }).getBoundingClientRect().bottom);
  const height = Math.min(box.height, content + 12);
  await session.page().screenshot({ path: screenshotPath(name), animations: 'disabled', clip: { x: box.x - 8, y: box.y - 8, width: box.width + 16, height: height + 16 } });
}

/** Critical and serious axe violations of the gadget's own document (opened alone, as Jira's iframe loads it). */
async function axeFindings(theme: 'light' | 'dark', view: 'view' | 'edit', waitFor: string): Promise<string[]> {
  const page = session.page();
  const query = new URLSearchParams({ user: session.site().po.accountId, theme, view });
  await page.goto(`${session.harness().url}apps/gadget/?${query.toString()}`);
  await page.getByTestId(waitFor).waitFor({ timeout: 90_000 });
  await page.waitForTimeout(300);
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${view} (${theme}): ${v.id} (${v.impact}) ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

it('says there is nothing to choose before the app is set up anywhere, then is configured, shown, light and dark', async () => {
  const page = session.page();

  // Nobody has opened Backlog balance yet: the edit view says what to do instead of offering projects.
  await session.open('gadget', { gadgetView: 'edit' });
  await session.app().getByTestId('gadget-no-projects').waitFor({ timeout: 90_000 });
  expect(await session.app().getByTestId('gadget-no-projects').innerText()).toMatch(/No software project you can browse has Backlog balance set up yet/);

  // Unconfigured, the gadget asks to be edited.
  await page.locator('#gadgetEdit').click();
  await session.app().getByTestId('gadget-not-configured').waitFor({ timeout: 60_000 });

  // The PO opens the team's project page once: ORION is set up now.
  await session.open('panel');
  await session.app().getByTestId('balance-tab').waitFor({ timeout: 180_000 });

  // Edit: choose ORION in the ADS select, save; Jira (the harness) keeps it and shows the gadget.
  await session.open('gadget', { gadgetView: 'edit' });
  const app = session.app();
  await app.getByTestId('gadget-edit').waitFor({ timeout: 90_000 });
  await app.getByLabel('Team project', { exact: true }).focus();
  await app.getByLabel('Team project', { exact: true }).press('ArrowDown');
  const options = await app.getByRole('option').allInnerTexts();
  expect(options.some((o) => o.startsWith('ORION'))).toBe(true);
  // Only software projects where the app is set up: not the program project, not a team nobody opened.
  expect(options.some((o) => o.startsWith('ART') || o.startsWith('VEGA'))).toBe(false);
  await app.getByRole('option', { name: /^ORION/ }).click();
  await app.getByRole('button', { name: 'Save', exact: true }).click();
  await until('the shell shows the gadget again', async () => (await page.locator('iframe#app').getAttribute('src'))?.includes('view=view') ?? false);

  const gadget = session.app();
  await gadget.getByTestId('gadget-allocation').waitFor({ timeout: 90_000 });
  expect(await gadget.getByTestId('gadget-read-at').isVisible()).toBe(true);
  expect(await gadget.getByTestId('gadget-project').innerText()).toMatch(/ORION|Orion/i);
  expect(await gadget.getByTestId('gadget-pi').innerText()).toMatch(/PI/);
  expect(await gadget.getByTestId('gadget-allocation').locator('tbody tr').count()).toBeGreaterThan(1);
  expect(await gadget.getByTestId('gadget-runway').innerText()).toMatch(/Ready runway[\s\S]*ready points/);
  expect(await gadget.getByTestId('gadget-next-planned').innerText()).toMatch(/^\d+(\.\d)? of \d+(\.\d)? points planned$/);
  expect(await gadget.getByTestId('gadget-left-out').innerText()).toMatch(/^\d+ items? left out$/);

  // What is shown is the resolver's answer (test/resolvers/gadget.test.ts checks it against the panel's tabs).
  const answer = await session.invoke<{ leftOut: number; next: { planned: number } }>('gadget', 'getGadget', { projectKey: 'ORION' });
  expect(await gadget.getByTestId('gadget-left-out').innerText()).toMatch(new RegExp(`^${answer.leftOut} item`));

  await shootGadget('gadget');

  // Dark: Jira's theme reaches the gadget.
  await page.locator('#theme').click();
  await until('the frame reloads dark', async () => (await page.locator('iframe#app').getAttribute('src'))?.includes('theme=dark') ?? false);
  await session.app().getByTestId('gadget-allocation').waitFor({ timeout: 90_000 });
  expect(await session.app().locator('html').getAttribute('data-color-mode')).toBe('dark');
  const background = await session.app().locator('body').evaluate((b) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(b).backgroundColor);
  expect(background).not.toBe('rgb(255, 255, 255)');
  await shootGadget('gadget-dark');

  // The link opens the team's project page through Forge's router (the harness's shell then shows it).
  await session.app().getByRole('link', { name: 'Open Backlog balance' }).click();
  await until('the project page of ORION opens', async () => /\/apps\/panel\/\?.*project=ORION/.test((await page.locator('iframe#app').getAttribute('src')) ?? ''));
  await session.app().getByTestId('balance-tab').waitFor({ timeout: 90_000 });
  expect(session.problems()).toEqual([]);
});

it('speaks German to a German user, the edit view too', async () => {
  await session.open('gadget', { locale: 'de-DE' });
  const gadget = session.app();
  await gadget.getByTestId('gadget-allocation').waitFor({ timeout: 90_000 });
  const text = await gadget.locator('main').innerText();
  expect(text).toMatch(/Kapazitätsaufteilung: Ziel und Plan/);
  expect(text).toMatch(/Ready-Reichweite/);
  expect(text).toMatch(/Nächste Iteration/);
  expect(text).not.toMatch(/Ready runway|Next iteration|points planned|left out/);
  await session.open('gadget', { locale: 'de-DE', gadgetView: 'edit' });
  await session.app().getByTestId('gadget-edit').waitFor({ timeout: 90_000 });
  expect(await session.app().getByTestId('gadget-edit').innerText()).toMatch(/Teamprojekt[\s\S]*Speichern/);
});

it("shows a user whose backlog was never loaded the background load's progress, then the figures", async () => {
  // The developer never opened ORION: the gadget starts the load the project page uses instead of loading in the call.
  await session.open('gadget', { user: session.site().dev.accountId });
  const gadget = session.app();
  await gadget.getByTestId('gadget-first-load').waitFor({ timeout: 90_000 });
  expect(await gadget.getByTestId('gadget-first-load').innerText()).toMatch(/reading ORION's backlog from Jira for the first time for you/);
  await gadget.getByTestId('gadget-allocation').waitFor({ timeout: 180_000 });
  expect(await gadget.getByTestId('gadget-next-planned').innerText()).toMatch(/points planned/);
  expect(session.problems()).toEqual([]);
});

it('has no critical or serious axe violations, light and dark, in both views', async () => {
  const findings: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    findings.push(...(await axeFindings(theme, 'view', 'gadget-allocation')));
    findings.push(...(await axeFindings(theme, 'edit', 'gadget-edit')));
  }
  expect(findings).toEqual([]);
});
