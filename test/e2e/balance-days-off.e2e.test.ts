/**
 * Issue 14 item 5, in Chromium: days off entered in the settings lower the capacity of a team with velocity
 * (velocity x available / full member-days, docs/domain.md "Capacity allocation"), and the Balance tab says so;
 * closed iterations are shown as such, and saving an allocation leaves their slices as they were.
 */
import type { BalanceDto } from '../../src/contracts';
import { workingDays } from '../../src/domain';
import { screenshotPath } from './screenshots';
import { browserSession, until } from './session';

jest.setTimeout(240_000);

const s = browserSession({ demo: { scale: 300, seed: 11 } });
const app = () => s.app();

async function balance(): Promise<BalanceDto> {
  await s.open('panel');
  await s.openTab('Balance', 'balance-tab');
  await app().getByRole('table', { name: 'Capacity per iteration' }).waitFor({ timeout: 60_000 });
  return s.invoke<BalanceDto>('panel', 'getBalance', {});
}

test('days off lower a team with velocity\'s capacity, and the Balance tab says why', async () => {
  const before = await balance();
  const target = before.iterations.find((it) => !it.closed && it.source === 'velocity');
  if (!target) throw new Error('expected an open iteration with velocity');
  expect(target.detail).not.toMatch(/days off/);

  await s.open('settings');
  const members = app().getByLabel('Members (name:fte, comma separated)');
  await members.fill('Ana:1, Bo:0.5', { timeout: 60_000 });
  await members.press('Tab');
  await app().getByRole('button', { name: 'Use them as the calendar to edit' }).click();
  const daysOff = app().getByRole('table', { name: `Days off per member in ${before.pi.name}` });
  await daysOff.getByLabel(`Ana days off in ${target.name}`, { exact: true }).fill('4');
  await daysOff.getByLabel(`Bo days off in ${target.name}`, { exact: true }).fill('1');
  // A closed iteration's days off cannot be changed any more.
  const closed = before.iterations.filter((it) => it.closed);
  expect(closed.length).toBeGreaterThan(0);
  expect(await daysOff.getByLabel(`Ana days off in ${closed[0]!.name}`, { exact: true }).count()).toBe(0);
  await app().getByRole('button', { name: 'Save settings' }).click();
  await app().getByText('Settings saved.').waitFor();

  const after = await balance();
  const changed = after.iterations.find((it) => it.id === target.id || it.name === target.name)!;
  const full = workingDays(target.start, target.end) * 1.5;
  expect(changed.source).toBe('velocity');
  expect(changed.capacity).toBeCloseTo((target.capacity * (full - 5)) / full, 6);
  expect(changed.detail).toMatch(new RegExp(`scaled by ${full - 5} of ${full} member-days \\(days off\\)`));
  // On screen: the row shows the lower figure and why.
  const row = app().getByRole('table', { name: 'Capacity per iteration' }).getByRole('row').filter({ has: app().getByRole('rowheader', { name: target.name, exact: true }) });
  await row.getByText(/\(days off\)/).waitFor();
  for (const it of after.iterations.filter((i) => i.id !== changed.id && i.name !== target.name)) {
    const was = before.iterations.find((b) => b.name === it.name);
    if (was) expect(it.capacity).toBe(was.capacity);
  }
});

test('closed iterations are shown closed, and saving an allocation leaves their slices as they were', async () => {
  const before = await balance();
  const closed = before.iterations.filter((it) => it.closed);
  const open = before.iterations.filter((it) => !it.closed);
  expect(closed.length).toBeGreaterThan(0);
  expect(open.length).toBeGreaterThan(0);
  for (const it of closed) await app().getByTestId(`closed-${it.id}`).getByText('Closed').waitFor();
  expect(await app().locator('[data-testid^="closed-"]').count()).toBe(closed.length);
  const note = (await app().getByTestId('allocation-closed-note').textContent()) ?? '';
  for (const it of closed) expect(note).toContain(it.name);

  // Move 10 points of share from the first work type to the second.
  const [first, second] = before.workTypes;
  const a = before.allocation.percents[first!.id] ?? 0;
  const b = before.allocation.percents[second!.id] ?? 0;
  expect(a).toBeGreaterThanOrEqual(10);
  await app().locator(`#alloc-${first!.id}`).fill(String(a - 10));
  await app().locator(`#alloc-${second!.id}`).fill(String(b + 10));
  await app().getByRole('button', { name: 'Save allocation' }).click();
  await app().getByText('Allocation saved').waitFor();
  await until('the saved allocation', async () => (await s.invoke<BalanceDto>('panel', 'getBalance', {})).allocation.percents[first!.id] === a - 10);

  const after = await s.invoke<BalanceDto>('panel', 'getBalance', {});
  for (const it of closed) expect(after.iterations.find((x) => x.id === it.id)?.slices).toEqual(it.slices);
  const reopened = after.iterations.filter((it) => !it.closed && it.capacity - it.buffer >= 10);
  expect(reopened.some((it) => (it.slices[second!.id] ?? 0) > (before.iterations.find((x) => x.id === it.id)?.slices[second!.id] ?? 0))).toBe(true);
  await app().getByRole('table', { name: 'Capacity per iteration' }).scrollIntoViewIfNeeded();
  await s.page().screenshot({ path: screenshotPath('panel-balance-closed') });
});
