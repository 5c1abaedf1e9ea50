/**
 * Issue 18 as the PO sees it in Chromium: the plan's odds on the Fill and Balance tabs, the unplanned buffer
 * set in Settings and what arrived unplanned, and who carries the plan. Checked against the resolvers' answers
 * (which the resolver tests check against the demo site). Screenshots under test-results/screenshots/, or over
 * docs/ with `npm run screenshots`.
 */
import type { Locator } from 'playwright-core';
import type { BalanceDto, FillDto, ForecastDto } from '../../src/contracts';
import { DEMO_PEOPLE } from '../demo-site/seed';
import { screenshotPath } from './screenshots';
import { browserSession, until } from './session';

jest.setTimeout(180_000);

const s = browserSession();
const app = () => s.app();
const section = (id: string): Locator => app().locator(`section[aria-labelledby="${id}-heading"]`);

async function screenshotOf(part: Locator, name: string): Promise<void> {
  await part.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await part.screenshot({ path: screenshotPath(name), animations: 'disabled' });
}

/** What the panel shows for a probability (whole percent, never "100 %" for less than certain). */
function shown(p: number): string {
  if (p > 0.99 && p < 1) return '> 99%';
  if (p > 0 && p < 0.01) return '< 1%';
  return `${Math.round(p * 100)}%`;
}

type Available = Extract<ForecastDto, { available: true }>;
const available = (f: ForecastDto): Available => {
  if (!f.available) throw new Error(f.reason);
  return f;
};

test('the PO keeps a buffer, names the team, and sees the odds, the unplanned work and who carries the plan', async () => {
  // Who has the most planned work before the team is named: they will work a tenth of the time.
  await s.open('panel');
  await s.openTab('Iteration fill', 'fill-tab');
  const unnamed = await s.invoke<FillDto>('panel', 'getFill', {});
  expect(unnamed.people.membersSet).toBe(false);
  const busiest = [...unnamed.people.rows].sort((a, b) => Math.max(...b.perIteration.map((it) => it.planned)) - Math.max(...a.perIteration.map((it) => it.planned)))[0]!.name;
  const team = DEMO_PEOPLE.filter((p) => p.team === 'ORION').map((p) => `${p.displayName}:${p.displayName === busiest ? 0.1 : 1}`);

  await s.open('settings');
  const members = app().getByLabel('Members (name:fte, comma separated)');
  await members.waitFor({ timeout: 60_000 });
  await members.fill(team.join(', '));
  await members.press('Tab');
  await app().getByLabel('Unplanned buffer (%)').fill('10');
  await app().getByRole('button', { name: 'Save settings' }).click();
  await app().getByText('Settings saved.').waitFor();

  await s.open('panel');
  await s.openTab('Iteration fill', 'fill-tab');
  const forecast = app().getByTestId('forecast');
  await forecast.waitFor({ timeout: 60_000 });
  const fill = await s.invoke<FillDto>('panel', 'getFill', {});
  const odds = available(fill.forecast);
  expect(odds.bufferPct).toBe(10);

  // The one-line explanation: how many runs, drawn from which sprints, the buffer.
  const explanation = (await app().getByTestId('forecast-explanation').textContent()) ?? '';
  expect(explanation).toContain('10,000 simulated runs');
  expect(explanation).toContain(`last ${odds.throughput.length} closed sprints (${odds.throughput.join(', ')})`);
  expect(explanation).toContain('10% of each draw is kept for unplanned work');

  // Each iteration column says how likely its planned points are done in it, and what the buffer keeps free.
  for (const [i, it] of fill.iterations.entries()) {
    const column = app().getByTestId(`fill-iteration-${i}`);
    expect(await column.getByTestId(`fill-chance-${i}`).textContent()).toBe(`${shown(odds.iterations[i]!.probability)} likely done in it`);
    await column.getByText(`${Math.round(it.buffer * 10) / 10} pts kept for unplanned work`).waitFor();
  }
  const perIteration = forecast.getByRole('table', { name: 'Chance per iteration' });
  expect(await perIteration.locator('tbody tr').count()).toBe(fill.iterations.length);

  // Committed stories and features, each with its chance by the PI's end or why there is none.
  const committed = forecast.getByRole('table', { name: "Committed stories: chance done by the PI's end" });
  for (const story of odds.committed) {
    const row = committed.locator(`tr[data-forecast-key="${story.key}"]`);
    expect((await row.locator('td').last().textContent())?.trim()).toBe(story.probability === null ? '–' : shown(story.probability));
  }
  const features = forecast.getByRole('table', { name: "Features: chance done by the PI's end" });
  for (const feature of odds.features) {
    const row = features.locator(`tr[data-forecast-key="${feature.key}"]`);
    expect((await row.locator('td').last().textContent())?.trim()).toBe(feature.probability === null ? '–' : shown(feature.probability));
    const list = new Intl.ListFormat('en-US', { style: 'long', type: 'conjunction' }).format(feature.notPlanned);
    if (feature.notPlanned.length > 0) await row.getByText(`Not planned: ${list}`).waitFor();
  }

  // People: the part-timer is over their share, unassigned planned work is flagged, and everyone is named.
  const people = app().getByTestId('people');
  const partTimer = fill.people.rows.find((r) => r.name === busiest)!;
  expect(partTimer.perIteration.some((it) => it.overloaded)).toBe(true);
  const warnings = people.getByRole('list', { name: 'Load warnings' });
  await warnings.getByText(new RegExp(`^${busiest} has more planned than their share in `)).waitFor();
  const unassigned = fill.people.unassigned.reduce((n, u) => n + u.items.length, 0);
  expect(unassigned).toBeGreaterThan(0);
  await warnings.getByText(`${unassigned} planned item${unassigned === 1 ? ' has' : 's have'} nobody assigned.`).waitFor();
  const table = people.getByRole('table', { name: 'Planned points per person' });
  const names = await table.locator('tbody th').allTextContents();
  expect(names.map((n) => n.replace('Not a team member', ''))).toEqual([...fill.people.rows.map((r) => r.name), 'Nobody assigned']);
  expect(names.join(' ')).not.toMatch(/712020:/);
  await screenshotOf(section('forecast'), 'panel-fill-confidence');
  await screenshotOf(section('people'), 'panel-fill-people');

  // The top points: the PO asks for 150; the answer is the calendar's iteration or one after it, with a date.
  await forecast.getByLabel('Top points of the backlog').fill('150');
  await forecast.getByRole('button', { name: 'Forecast' }).click();
  await forecast.getByText(/^The top 150 points of the backlog \(through ORION-\d+\) are done by:$/).waitFor();
  const top = available((await s.invoke<FillDto>('panel', 'getFill', { topPoints: 150 })).forecast).top;
  const levels = await forecast.getByRole('list', { name: 'When the top points are done' }).getByRole('listitem').allTextContents();
  expect(levels).toHaveLength(3);
  top.levels.forEach((l, i) => {
    expect(levels[i]).toMatch(new RegExp(`^${Math.round(l.level * 100)}%: `));
    const it = l.iteration!;
    expect(levels[i]).toContain(it.name !== null ? it.name : `iteration ${it.index} of the plan`);
  });

  // Balance: the same odds for the plan as it stands, and the unplanned work per closed sprint against the buffer.
  await s.openTab('Balance', 'balance-tab');
  await app().getByTestId('forecast').waitFor({ timeout: 60_000 });
  const balance = await s.invoke<BalanceDto>('panel', 'getBalance', {});
  const unplanned = app().getByRole('table', { name: 'Unplanned work per closed sprint' });
  await unplanned.waitFor();
  const rows = unplanned.locator('tbody tr');
  expect(await rows.count()).toBe(balance.unplanned.sprints.length);
  for (const [i, sprint] of balance.unplanned.sprints.entries()) {
    const share = sprint.completedPoints > 0 ? sprint.unplannedPoints / sprint.completedPoints : 0;
    const row = rows.nth(i);
    expect(await row.locator('th').textContent()).toBe(sprint.name);
    expect(await row.locator('td').nth(2).textContent()).toBe(`${Math.round(share * 100)}%`);
    expect(await row.locator('td').nth(3).textContent()).toBe(share * 100 > 10 ? 'Over the buffer' : 'Within the buffer');
  }
  const summary = (await app().getByTestId('unplanned-summary').textContent()) ?? '';
  expect(summary).toMatch(/^On average \d+% of the completed points arrived unplanned; a 10% buffer covered \d+ of the last \d+ sprints\.$/);
  await until('the Balance forecast shown', async () => (await app().getByTestId('forecast-explanation').count()) === 1);
  await screenshotOf(section('unplanned'), 'panel-balance-unplanned');
  expect(s.problems()).toEqual([]);
});
