/**
 * What a first real PO tripped over in the panel (issue 14), each reproduced in Chromium against the harness
 * and checked against the demo site's state, not only the screen.
 */
import type { BacklogDto, BalanceDto, FillDto } from '../../src/contracts';
import { browserSession, until } from './session';

jest.setTimeout(180_000);

const s = browserSession();
const app = () => s.app();
// A dialog is a Forge modal over the whole page, outside the app's iframe (as in Jira).
const modal = () => s.modal();

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
  const dialog = modal().getByRole('dialog');
  // The preview lists each issue with its summary, work type and why it moves.
  const backlog = await s.invoke<BacklogDto>('panel', 'getBacklog', {});
  const listed = dialog.locator('li[data-key]').first();
  await listed.waitFor();
  const listedKey = (await listed.getAttribute('data-key')) as string;
  const listedRow = backlog.rows.find((r) => (typeof r[0] === 'number' ? `${backlog.keyPrefix}-${r[0]}` : r[0]) === listedKey);
  if (!listedRow) throw new Error(`${listedKey} not in the backlog`);
  const line = (await listed.textContent()) ?? '';
  expect(line).toContain(listedRow[1]);
  expect(line).toContain(backlog.workTypes[listedRow[2]]?.name as string);
  expect(line).toMatch(/\(planned in .+\)/);
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

/** The panel's one PI picker (above the tabs), by keyboard: open it and choose the PI named `name`. */
async function choosePi(name: string): Promise<void> {
  await app().locator('#pi-picker').focus();
  await s.page().keyboard.press('ArrowDown');
  await app().getByRole('option').filter({ hasText: `${name} (` }).click();
  await app().getByTestId('pi-picker').getByText(`${name} (`, { exact: false }).first().waitFor();
}

async function currentAndEarlierPi(): Promise<{ current: BalanceDto['pi']; earlier: BalanceDto['pi'] }> {
  const balance = await s.invoke<BalanceDto>('panel', 'getBalance', {});
  const index = balance.pis.findIndex((pi) => pi.id === balance.pi.id);
  expect(index).toBeGreaterThan(0);
  return { current: balance.pi, earlier: balance.pis[index - 1] as BalanceDto['pi'] };
}

test('one PI choice for the whole panel, shown on every tab that depends on it; a re-scored row lands where that PI ranks it', async () => {
  const site = s.site();
  await s.open('panel');
  await s.openTab('Balance', 'balance-tab');
  const { current, earlier } = await currentAndEarlierPi();
  await choosePi(earlier.name);
  await app().locator('#allocation-heading').getByText(`Capacity allocation for ${earlier.name}`).waitFor();

  for (const [tab, testId] of [['Backlog', 'backlog-tab'], ['Refinement', 'refinement-tab'], ['Balance', 'balance-tab'], ['Backlog', 'backlog-tab']] as const) {
    await s.openTab(tab, testId);
    await app().getByTestId('pi-picker').getByText(`${earlier.name} (`, { exact: false }).first().waitFor();
  }
  // The backlog shown is that PI's ranking.
  const ranking = await s.invoke<BacklogDto>('panel', 'getBacklog', { piId: earlier.id });
  const keyAt = (dto: BacklogDto, i: number) => { const ref = dto.rows[i]![0]; return typeof ref === 'number' ? `${dto.keyPrefix}-${ref}` : ref; };
  const rows = app().locator('[role="row"][data-key]');
  await rows.nth(5).waitFor();
  expect(await rows.first().getAttribute('data-key')).toBe(keyAt(ranking, 0));

  // Re-score a low local row: it lands where this PI's ranking puts it, not where the default PI's would.
  const local = ranking.rows.map((r, i) => ({ r, i })).filter(({ r }) => r[3] === 'l');
  const target = local[Math.min(6, local.length - 1)]!;
  const key = keyAt(ranking, target.i);
  const row = app().locator(`[role="row"][data-key="${key}"]`);
  await row.scrollIntoViewIfNeeded();
  const cell = row.getByRole('button', { name: new RegExp(`^Edit business value of ${key},`) });
  await cell.click();
  await app().getByRole('option', { name: '20', exact: true }).click();
  await until(`${key} scored`, async () => site.view.issue(key)?.businessValue === 20);
  const after = await s.invoke<BacklogDto>('panel', 'getBacklog', { piId: earlier.id });
  const expected = after.rows.findIndex((_, i) => keyAt(after, i) === key) + 1;
  const byDefault = await s.invoke<BacklogDto>('panel', 'getBacklog', {});
  expect(byDefault.pi?.id).toBe(current.id);
  await until(`${key} at position ${expected}`, async () => Number(await app().locator(`[role="row"][data-key="${key}"] [role="cell"]`).first().textContent()) === expected);

  // Health does not depend on the PI: no picker there.
  await s.openTab('Health', 'health-tab');
  expect(await app().getByTestId('pi-picker').count()).toBe(0);
  await s.openTab('Balance', 'balance-tab');
  await choosePi(current.name);
});

test('reopening the panel returns to the tab and PI last used', async () => {
  await s.open('panel');
  await s.openTab('Balance', 'balance-tab');
  const { current, earlier } = await currentAndEarlierPi();
  await choosePi(earlier.name);
  await s.openTab('Refinement', 'refinement-tab');
  await s.open('panel');
  await app().getByTestId('refinement-tab').waitFor({ timeout: 60_000 });
  expect(await app().getByRole('tab', { name: 'Refinement' }).getAttribute('aria-selected')).toBe('true');
  await app().getByTestId('pi-picker').getByText(`${earlier.name} (`, { exact: false }).first().waitFor();
  await choosePi(current.name);
  await s.openTab('Balance', 'balance-tab');
});

test('scoring by keyboard writes on choosing (Enter), not while arrowing through the scale, and focus stays on the row', async () => {
  const site = s.site();
  await s.open('panel');
  await s.openTab('Backlog', 'backlog-tab');
  const rows = app().locator('[role="row"][data-key]');
  await rows.nth(5).waitFor();
  const key = (await rows.nth(4).getAttribute('data-key')) as string;
  const before = site.view.issue(key)?.riskReduction ?? null;
  const cell = app().locator(`[role="row"][data-key="${key}"]`).getByRole('button', { name: new RegExp(`^Edit risk reduction of ${key},`) });
  await cell.focus();
  await s.page().keyboard.press('Enter');
  await app().getByRole('listbox').waitFor();
  for (let i = 0; i < 3; i++) await s.page().keyboard.press('ArrowDown');
  // Moving through the options writes nothing.
  await new Promise((r) => setTimeout(r, 700));
  expect(site.view.issue(key)?.riskReduction ?? null).toBe(before);
  const active = await app().locator(`#score-${key}-riskReduction`).getAttribute('aria-activedescendant');
  const chosen = Number(((await app().locator(`[id="${active}"]`).textContent()) ?? '').trim());
  expect(chosen).toBeGreaterThan(0);
  await s.page().keyboard.press('Enter');
  await until(`${key} scored`, async () => (site.view.issue(key)?.riskReduction ?? null) !== before);
  expect(site.view.issue(key)?.riskReduction).toBe(chosen);
  // Focus is on that row's cell again (wherever the row moved).
  await until('focus back on the scored cell', async () =>
    (await app().locator(':focus').evaluate((el) => `${el.closest('[role="row"]')?.getAttribute('data-key')}|${el.getAttribute('aria-label')}`).catch(() => '')).startsWith(`${key}|Edit risk reduction of ${key}`),
  );
  // Escape leaves the cell unchanged, focus on it.
  await s.page().keyboard.press('Enter');
  await app().getByRole('listbox').waitFor();
  await s.page().keyboard.press('ArrowDown');
  await s.page().keyboard.press('Escape');
  await app().getByRole('listbox').waitFor({ state: 'detached' });
  expect(site.view.issue(key)?.riskReduction).toBe(chosen);
  expect(await app().locator(':focus').getAttribute('aria-label')).toMatch(new RegExp(`^Edit risk reduction of ${key},`));
});

test('in the fill, focus stays on the item after a move, "Leave out" and "Undo"', async () => {
  await s.open('panel');
  await s.openTab('Iteration fill', 'fill-tab');
  const first = app().getByTestId('fill-iteration-0');
  await first.locator('li[data-key]').first().waitFor();
  const key = (await first.locator('li[data-key]').first().getAttribute('data-key')) as string;
  const focusedKey = async (): Promise<string> => app().locator(':focus').evaluate((el) => el.closest('[data-key]')?.getAttribute('data-key') ?? el.getAttribute('aria-label') ?? '').catch(() => '');

  await app().getByRole('button', { name: `Move ${key} to the next iteration` }).focus();
  await s.page().keyboard.press('Enter');
  await app().getByTestId('fill-iteration-1').locator(`li[data-key="${key}"]`).waitFor();
  await until('focus on the moved item', async () => (await focusedKey()) === key);
  await s.page().keyboard.press('Tab');
  await app().getByRole('button', { name: `Leave ${key} out` }).focus();
  await s.page().keyboard.press('Enter');
  await app().getByRole('table', { name: 'Items left out' }).locator(`tr[data-key="${key}"]`).waitFor();
  await until('focus on the left-out row', async () => (await focusedKey()) === key);
  await app().getByRole('button', { name: 'Undo my adjustments' }).click();
  await app().getByTestId('fill-iteration-0').locator(`li[data-key="${key}"]`).waitFor();
  await until('focus on the item back in its place', async () => (await focusedKey()) === key);
});

test('work-type rules: any one listed type, label or component matches, the page says so, and the preview follows the typing', async () => {
  await s.open('settings');
  const counts = app().getByTestId('work-type-counts');
  await counts.waitFor({ timeout: 60_000 });
  const count = async (name: string): Promise<number> => {
    const parts = await counts.locator('span').allTextContents();
    const part = parts.find((p) => p.replace(/^\d+\s*/, '') === name);
    return Number(/^\d+/.exec(part ?? '')?.[0] ?? NaN);
  };
  await app().getByText('A rule matches an issue that has any one of the issue types, labels or components it lists.', { exact: false }).waitFor();
  // Out of the box, Tech Debt issues are tech debt, not features.
  const sample = app().getByRole('table', { name: 'How current issues classify' }).locator('tbody tr');
  await sample.first().waitFor();
  const rows = await sample.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  const techDebtRows = rows.filter((r) => r[2] === 'Tech Debt');
  expect(techDebtRows.length).toBeGreaterThan(0);
  for (const r of techDebtRows) expect(r[3]).toBe('Tech debt');
  const techDebt = await count('Tech debt');

  // Take out the issue-type rule for tech debt: Tech Debt issues without a label fall to the default.
  const rules = app().getByRole('table', { name: /^Work-type rules/ });
  const typeRule = await rules.locator('tbody tr').evaluateAll((trs) => trs.findIndex((tr) => (tr.querySelector('input[aria-label$="issue types"]') as unknown as { value: string } | null)?.value.includes('Tech Debt')));
  expect(typeRule).toBeGreaterThanOrEqual(0);
  await app().getByRole('button', { name: `Remove rule ${typeRule + 1}` }).click();
  await until('fewer tech debt items', async () => (await count('Tech debt')) < techDebt);
  // Adding "Tech Debt" to the rule that lists tech-debt labels brings them back (any one matches), and the
  // preview updates while the PO is still typing (no need to leave the field).
  const labelRule = await rules.locator('tbody tr').evaluateAll((trs) => trs.findIndex((tr) => (tr.querySelector('input[aria-label$=" labels"]') as unknown as { value: string } | null)?.value.includes('tech-debt')));
  expect(labelRule).toBeGreaterThanOrEqual(0);
  const input = app().getByLabel(`Rule ${labelRule + 1} issue types`, { exact: true });
  await input.click();
  await input.pressSequentially('Tech Debt, Technical Debt');
  await until('the tech debt count back, while typing', async () => (await count('Tech debt')) === techDebt);
  expect(await input.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
});

test('issue keys open the issue in Jira, the Backlog has text search, readiness is called Readiness, the runway reads in words', async () => {
  await s.open('panel');
  await s.openTab('Backlog', 'backlog-tab');
  const table = app().getByRole('table', { name: 'Team backlog in priority order' });
  const rows = table.locator('[role="row"][data-key]');
  await rows.nth(3).waitFor();
  expect(await table.getByRole('columnheader').allTextContents()).toContain('Readiness');
  expect(await table.getByRole('columnheader').allTextContents()).not.toContain('Status');

  // A key opens the issue through Forge's router (the harness records where the app asked to go).
  const key = (await rows.nth(2).getAttribute('data-key')) as string;
  await rows.nth(2).getByRole('link', { name: key, exact: true }).click();
  await until('a navigation to the issue', async () => {
    const frame = s.page().frames().find((f) => f.url().includes('/apps/panel/'));
    const navigations = (await frame?.evaluate(() => (globalThis as unknown as { __harnessNavigations?: unknown[] }).__harnessNavigations ?? [])) ?? [];
    return JSON.stringify(navigations).includes(`"issueKey":"${key}"`);
  });

  // Text search over key and summary; the count says how many match.
  const summary = ((await rows.nth(2).locator('[data-summary]').textContent()) ?? '').trim();
  const word = summary.split(/\s+/).find((w) => w.length > 5) ?? summary;
  await app().getByRole('searchbox', { name: 'Search the backlog' }).fill(word);
  await until('only matching rows', async () => {
    const texts = await rows.evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-key')} ${n.textContent}`.toLowerCase()));
    return texts.length > 0 && texts.every((t) => t.includes(word.toLowerCase()));
  });
  await app().getByRole('status').filter({ hasText: / of \d+ items/ }).first().waitFor();
  await app().getByRole('searchbox', { name: 'Search the backlog' }).fill(key);
  await until('the one issue', async () => (await rows.count()) === 1);

  await s.openTab('Refinement', 'refinement-tab');
  await app().getByTestId('runway').getByText(/^(\d+(\.\d)? iterations of ready work \(target \d+\)|Unknown: no velocity yet)$/).waitFor();
});

test('nothing the apps did was blocked by the content security policy, and nothing threw', () => {
  expect(s.problems()).toEqual([]);
});
