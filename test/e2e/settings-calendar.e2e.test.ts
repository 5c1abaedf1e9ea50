/**
 * Issue 14 item 3: the next PI is planned without a hand-built calendar. On a site whose sprints are named after
 * their PI ("PI 27.1"), at 1024 px: the settings page derives the PIs from the board's sprints (future ones
 * included), the PO confirms them, closed iterations are read-only, a new PI follows the previous one's cadence,
 * sprints are picked by name, and the panel offers the next PI as soon as its first sprint exists.
 */
import type { BalanceDto, ProjectSettings } from '../../src/contracts';
import { call } from '../contract/client';
import { screenshotPath } from './screenshots';
import { browserSession, until } from './session';

jest.setTimeout(240_000);

const s = browserSession({ viewport: { width: 1024, height: 900 }, demo: { scale: 300, seed: 11, quirks: { piNamedSprints: { firstPi: 27 } } } });
const app = () => s.app();

const saved = async (): Promise<ProjectSettings> => (await s.harness().platform.store.effectiveSettings('ORION')).settings;
const board = () => {
  const found = s.site().view.boards().find((b) => b.projectKey === 'ORION');
  if (!found) throw new Error('no ORION board');
  return found;
};
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A sprint the PO creates on the board in Jira. */
async function createSprint(name: string, dates?: { start: string; end: string }): Promise<number> {
  const site = s.site();
  const reply = await call(site, site.po, 'POST', '/rest/agile/1.0/sprint', {
    name,
    originBoardId: board().id,
    ...(dates ? { startDate: `${dates.start}T09:00:00.000Z`, endDate: `${dates.end}T17:00:00.000Z` } : {}),
  });
  if (reply.status !== 201) throw new Error(`creating ${name} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return (reply.body as { id: number }).id;
}

/** The page never scrolls sideways (at 1024 px the app's frame is about 780 px wide beside Jira's sidebar). */
async function noHorizontalScroll(): Promise<void> {
  const frame = s.page().frames().find((f) => f.url().includes('/apps/settings/'));
  if (!frame) throw new Error('settings frame not found');
  const found = (await frame.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const overflow = document.documentElement.scrollWidth - width;
    const wide = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > width).slice(0, 6)
      .map((e) => e.tagName + ' ' + (e.getAttribute('aria-label') || e.id || '') + ' ' + Math.round(e.getBoundingClientRect().right));
    return { overflow, wide };
  })()`)) as { overflow: number; wide: string[] };
  if (found.overflow > 0) throw new Error(`the page scrolls sideways by ${found.overflow} px: ${found.wide.join('; ')}`);
}

test('PIs come from the board\'s sprints; the PO confirms them; closed iterations are read-only', async () => {
  await s.open('settings');
  const banner = app().getByText("PIs derived from the board's sprints");
  await banner.waitFor({ timeout: 60_000 });
  const text = (await app().getByText(/Without a calendar the panel uses these PIs/).textContent()) ?? '';
  // Named after the sprints ("PI 27.1" ... ), the future sprint of PI 29 included.
  expect(text).toMatch(/PI 27 \([A-Z][a-z]{2} \d{1,2}, \d{4} to [A-Z][a-z]{2} \d{1,2}, \d{4}, 5 iterations\)/);
  expect(text).toMatch(/PI 28 \(.+? to .+?, 5 iterations\)/);
  expect(text).toMatch(/PI 29 \(.+? to .+?, 1 iteration\)/);
  await app().getByRole('button', { name: 'Use them as the calendar to edit' }).click();

  // PI 27 ended: its iterations are read-only, and so are its dates.
  const pi27 = app().getByRole('table', { name: 'Iterations of PI 27' });
  await pi27.waitFor();
  expect(await pi27.getByText('Closed').count()).toBe(5);
  expect(await pi27.locator('input').count()).toBe(0);
  // PI 28: three closed sprints, the active one and a future one to edit, each showing its sprint by name.
  const pi28 = app().getByRole('table', { name: 'Iterations of PI 28' });
  expect(await pi28.getByText('Closed').count()).toBe(3);
  expect(await pi28.getByText(/^PI 28\.4 \(active, /).count()).toBe(1);
  expect(await pi28.getByText(/^PI 28\.5 \(future, /).count()).toBe(1);
  await noHorizontalScroll();
  await app().getByRole('button', { name: 'Save settings' }).click();
  await app().getByText('Settings saved.').waitFor();
  const pis = (await saved()).pis;
  expect(pis.map((pi) => [pi.name, pi.iterations.length])).toEqual([['PI 27', 5], ['PI 28', 5], ['PI 29', 1]]);
  const sprints = s.site().view.sprints(board().id);
  expect(pis[1]!.iterations.map((it) => sprints.find((sp) => sp.id === it.sprintId)?.name)).toEqual(['PI 28.1', 'PI 28.2', 'PI 28.3', 'PI 28.4', 'PI 28.5']);
});

test('a new PI follows the previous one\'s cadence and its sprints are picked by name; the panel offers the next PI as soon as its first sprint exists', async () => {
  // The calendar ends with PI 28 (as a PO's hand-made calendar would), while the board already has PI 29.1.
  await s.open('settings');
  await app().getByRole('button', { name: 'Remove PI 29' }).click();
  await app().getByRole('button', { name: 'Save settings' }).click();
  await app().getByText('Settings saved.').waitFor();
  const pi28 = (await saved()).pis[1]!;

  await s.open('panel');
  await s.openTab('Balance', 'balance-tab');
  await until('the panel to offer PI 29 from the board', async () => (await s.invoke<BalanceDto>('panel', 'getBalance', {})).pis.some((pi) => pi.name === 'PI 29'));
  await app().locator('#pi-picker').focus();
  await s.page().keyboard.press('ArrowDown');
  await app().getByRole('option').filter({ hasText: 'PI 29 (' }).waitFor();
  await s.page().keyboard.press('Escape');

  // Settings says the board has started PI 29; "Add PI" makes it at PI 28's cadence instead of a one-day PI.
  const hardeningStart = addDays(pi28.end, 15);
  const hardening = await createSprint('ORION Hardening', { start: hardeningStart, end: addDays(hardeningStart, 13) });
  await s.open('settings');
  await app().getByText('PI 29 has started on the board').waitFor({ timeout: 60_000 });
  await app().getByRole('button', { name: 'Add PI', exact: true }).click();
  const pi29 = app().getByRole('table', { name: 'Iterations of PI 29' });
  await pi29.waitFor();
  expect(await pi29.locator('tbody tr').count()).toBe(pi28.iterations.length);
  // Mapped to the board's "PI 29.1" by its name.
  await pi29.getByText(/^PI 29\.1 \(future, /).waitFor();
  // Iteration 2 gets a sprint picked by its name; a dated sprint brings its dates.
  await app().locator('#sprint-' + 'PI-29-it2').fill('Hardening');
  await s.page().keyboard.press('Enter');
  await pi29.getByText(/^ORION Hardening \(future, /).waitFor();
  expect(await pi29.getByLabel('PI 29.2 start').inputValue()).toBe(hardeningStart);
  await noHorizontalScroll();
  await s.page().screenshot({ path: screenshotPath('settings-calendar'), fullPage: false });
  await app().getByRole('button', { name: 'Save settings' }).click();
  await app().getByText('Settings saved.').waitFor();

  const added = (await saved()).pis[2]!;
  const length = (pi: { start: string; end: string }) => Date.parse(pi.end) - Date.parse(pi.start);
  expect(added.name).toBe('PI 29');
  expect(added.start).toBe(addDays(pi28.end, 1));
  expect(length(added)).toBe(length(pi28));
  expect(added.iterations.map((it) => it.name)).toEqual(pi28.iterations.map((it) => it.name.replace('PI 28', 'PI 29')));
  expect(added.iterations[1]).toMatchObject({ sprintId: hardening, start: hardeningStart });
  for (const it of added.iterations) expect(it.end >= it.start).toBe(true);

  // A sprint of the PI after appears on the board: the panel offers PI 30 at once.
  await createSprint('PI 30.1');
  await s.open('panel');
  await s.openTab('Balance', 'balance-tab');
  await until('the panel to offer PI 30', async () => (await s.invoke<BalanceDto>('panel', 'getBalance', {})).pis.some((pi) => pi.name === 'PI 30'));
});
