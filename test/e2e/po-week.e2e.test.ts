/**
 * What a first real PO tripped over in the panel (issue 14), each reproduced in Chromium against the harness
 * and checked against the demo site's state, not only the screen.
 */
import type { FillDto } from '../../src/contracts';
import { browserSession, until } from './session';

jest.setTimeout(180_000);

const s = browserSession();
const app = () => s.app();

const plannedIn = async (index: number): Promise<string[]> =>
  app().getByTestId(`fill-iteration-${index}`).locator('li[data-key]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-key') ?? ''));

test('a commit keeps the PO\'s adjustments: the plan shown is what was committed, and a second preview changes nothing', async () => {
  const site = s.site();
  await s.open('panel');
  await s.openTab('Iteration fill', 'fill-tab');
  await app().getByTestId('fill-iteration-1').locator('li[data-key]').first().waitFor();
  const first = await plannedIn(0);
  expect(first.length).toBeGreaterThan(2);
  const moved = first[first.length - 1] as string;
  const leftOut = first[first.length - 2] as string;

  await app().getByRole('button', { name: `Move ${moved} to the next iteration` }).click();
  await app().getByTestId('fill-iteration-1').locator(`li[data-key="${moved}"]`).waitFor();
  await app().getByRole('button', { name: `Leave ${leftOut} out` }).click();
  await app().getByRole('table', { name: 'Items left out' }).getByRole('row').filter({ hasText: leftOut }).waitFor();
  await until('the proposal to settle', async () => (await app().getByText('Updating the proposal…').count()) === 0);
  const adjusted = [await plannedIn(0), await plannedIn(1)];
  expect(adjusted[1]).toContain(moved);
  expect([...adjusted[0], ...adjusted[1]]).not.toContain(leftOut);

  await app().getByRole('button', { name: 'Commit to sprints…' }).click();
  const dialog = app().getByRole('dialog');
  await dialog.getByRole('button', { name: /^Move \d+ issues? into sprints/ }).click();
  await dialog.locator('[data-testid="job-progress"][data-state="done"]').waitFor({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();

  const fill = await s.invoke<FillDto>('panel', 'getFill', {});
  const [sprint0, sprint1] = fill.iterations.map((it) => it.sprintId) as [number, number];
  expect(site.view.sprintIssueKeys(sprint1)).toContain(moved);
  expect(site.view.sprintIssueKeys(sprint0)).not.toContain(leftOut);
  expect(site.view.sprintIssueKeys(sprint1)).not.toContain(leftOut);

  // The plan shown is the one committed, with the PO's move and the item left out.
  await until('the committed plan on screen', async () => {
    const now = [await plannedIn(0), await plannedIn(1)];
    return JSON.stringify([[...now[0]].sort(), [...now[1]].sort()]) === JSON.stringify([[...adjusted[0]].sort(), [...adjusted[1]].sort()]);
  });
  await app().getByRole('table', { name: 'Items left out' }).getByRole('row').filter({ hasText: leftOut }).waitFor();

  // Also for anyone opening the panel afresh (no adjustments of this browser's session).
  const keysOf = (dto: FillDto, i: number) => (dto.iterations[i]?.items ?? []).map((r) => (typeof r === 'number' ? `${dto.keyPrefix}-${r}` : r)).sort();
  expect([keysOf(fill, 0), keysOf(fill, 1)]).toEqual([[...adjusted[0]].sort(), [...adjusted[1]].sort()]);

  // A second preview proposes nothing: the sprints hold the plan.
  await app().getByRole('button', { name: 'Commit to sprints…' }).click();
  await dialog.getByText('The sprints already hold this plan: nothing changes.').waitFor();
  expect(await dialog.getByRole('button', { name: /^Move \d+ issues? into sprints/ }).isDisabled()).toBe(true);
  expect(await dialog.locator('[data-key], [data-takeout-key]').count()).toBe(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('nothing the apps did was blocked by the content security policy, and nothing threw', () => {
  expect(s.problems()).toEqual([]);
});
