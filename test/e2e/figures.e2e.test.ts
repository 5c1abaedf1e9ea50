/**
 * Issue 14 items 9, 10, 11 and 14 in Chromium: previews that say what moves and why, figures that explain
 * themselves, the parent feature column, and Atlassian Design System controls (no native select, ADS
 * tooltips). Each checks the screen against the resolvers' data, not against itself.
 */
import { decodeBacklogRow, DorGap, RowFlag, type BacklogDto, type BalanceDto, type RerankPreviewDto } from '../../src/contracts';
import { screenshotPath } from './screenshots';
import { browserSession, until } from './session';

jest.setTimeout(240_000);

const s = browserSession();
const app = () => s.app();
// A dialog is a Forge modal over the whole page, outside the app's iframe (as in Jira).
const modal = () => s.modal();
const keyOf = (dto: { keyPrefix: string }, ref: number | string) => (typeof ref === 'number' ? `${dto.keyPrefix}-${ref}` : ref);


async function shot(name: string): Promise<void> {
  await s.page().screenshot({ path: screenshotPath(name), animations: 'disabled' });
}

test('the apply-order preview lists each issue with its summary, work type and why it lands there', async () => {
  await s.open('panel');
  await s.openTab('Backlog', 'backlog-tab');
  await app().getByRole('button', { name: 'Apply order to Jira' }).click();
  const dialog = modal().getByRole('dialog');
  const table = dialog.getByRole('table', { name: 'Issues that move' });
  await table.locator('tbody tr').first().waitFor({ timeout: 60_000 });
  const preview = await s.invoke<RerankPreviewDto>('panel', 'previewRerank', {});
  const backlog = await s.invoke<BacklogDto>('panel', 'getBacklog', {});
  const rows = table.locator('tbody tr');
  expect(await rows.count()).toBe(Math.min(preview.moves.length, 500));
  const reasons = new Set<string>();
  for (let i = 0; i < Math.min(8, preview.moves.length); i++) {
    const [ref, , , summary, workType, why] = preview.moves[i]!;
    const key = keyOf(preview, ref);
    const text = (await rows.nth(i).textContent()) ?? '';
    expect(text).toContain(key);
    expect(text).toContain(summary);
    expect(text).toContain(preview.workTypes[workType!]!.name);
    const reason = (await rows.nth(i).locator('[data-why]').textContent()) ?? '';
    reasons.add(why![0]);
    if (why![0] === 'w') expect(reason).toBe(`WSJF ${(why![1] as number).toFixed(2)}`);
    if (why![0] === 'c') expect(reason).toBe(`committed order ${why![1]} of ${backlog.pi!.name}`);
    if (why![0] === 'u') expect(reason).toBe("unscored: keeps its place in Jira's rank");
    if (why![0] === 'b') expect(reason).toBe(`blocks ${why![1]}: ranks right before it`);
  }
  expect(reasons.size).toBeGreaterThan(0);
  await shot('panel-apply-order-preview');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
});

test('the trim preview lists each issue with its work type and why, and calls out a story committed to the PI', async () => {
  await s.open('panel');
  await s.openTab('Backlog', 'backlog-tab');
  const backlog = await s.invoke<BacklogDto>('panel', 'getBacklog', {});
  const committed = backlog.rows.map(decodeBacklogRow).find((r) => (r.flags & RowFlag.COMMITTED) !== 0);
  if (!committed) throw new Error('a committed story expected in the demo backlog');
  const committedKey = keyOf(backlog, committed.key);
  await s.invoke('panel', 'moveToTail', { keys: [committedKey] });
  try {
    await s.openTab('Refinement', 'refinement-tab');
    await app().getByRole('button', { name: 'Trim tail…' }).click();
    const dialog = modal().getByRole('dialog');
    const table = dialog.getByRole('table', { name: 'Issues the trim will close' });
    const row = table.locator('tbody tr').filter({ hasText: committedKey });
    await row.waitFor({ timeout: 60_000 });
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(committed.summary.replace(/…$/, ''));
    expect(text).toContain(backlog.workTypes[committed.workType]!.name);
    expect(text).toMatch(/untouched for \d+ days|parent [A-Z]+-\d+ closed/);
    await row.getByText(`Committed to ${backlog.pi!.name}`).waitFor();
    await dialog.getByText(/1 story committed to .+ would be closed/).waitFor();
    await shot('panel-trim-preview');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  } finally {
    await s.invoke('panel', 'takeOutOfTail', { keys: [committedKey] });
  }
});

test('figures explain themselves: the over-target legend, the rounding of targets, counts that follow the filters, which sprint', async () => {
  await s.open('panel');
  await s.openTab('Balance', 'balance-tab');
  const balance = await s.invoke<BalanceDto>('panel', 'getBalance', {});
  const over = balance.rows.filter((r) => r.plannedPoints > r.targetPoints);
  expect(over.length).toBeGreaterThan(0);
  // A legend says what the coloured figures mean, next to the table that shows them.
  await app().getByTestId('over-target-legend').getByText('Planned over its target').waitFor();
  // Where the table shows targets per iteration, it says how they are rounded.
  await app().getByTestId('capacity-rounding').getByText(/whole points/).waitFor();
  await app().getByTestId('target-rounding').getByText(/sum of each iteration's whole-point slice/).waitFor();

  await s.openTab('Backlog', 'backlog-tab');
  const backlog = await s.invoke<BacklogDto>('panel', 'getBacklog', {});
  const decoded = backlog.rows.map(decodeBacklogRow);
  const status = app().getByTestId('backlog-counts');
  const readyAll = decoded.filter((r) => r.dorGaps === 0).length;
  await status.getByText(`${decoded.length} items · ${readyAll} ready`, { exact: false }).waitFor();
  // Filter by a work type: both counts follow the filter.
  const type = backlog.workTypes[decoded[0]!.workType]!;
  const ofType = decoded.filter((r) => backlog.workTypes[r.workType]?.id === type.id);
  await chooseOption('Work type', type.name);
  await status.getByText(`${ofType.length} of ${decoded.length} items · ${ofType.filter((r) => r.dorGaps === 0).length} ready`, { exact: false }).waitFor();
  await chooseOption('Work type', 'All work types');

  // "In sprint" says which sprint.
  const inSprint = decoded.find((r) => r.sprint !== null);
  if (!inSprint) throw new Error('an item in an open sprint expected in the demo backlog');
  const sprintKey = keyOf(backlog, inSprint.key);
  await app().getByRole('searchbox', { name: 'Search the backlog' }).fill(sprintKey);
  await app().locator(`[role="row"][data-key="${sprintKey}"]`).getByText(`In ${backlog.sprints![inSprint.sprint!]}`).waitFor();
  await app().getByRole('searchbox', { name: 'Search the backlog' }).fill('');
  expect(DorGap.NO_ESTIMATE).toBe(1);
});

test('the issue panel names the sprint an item is in and its parent feature', async () => {
  await s.open('panel');
  await app().getByRole('tab', { name: 'Health' }).waitFor({ timeout: 60_000 });
  const backlog = await s.invoke<BacklogDto>('panel', 'getBacklog', {});
  const row = backlog.rows.map(decodeBacklogRow).find((r) => r.sprint !== null && r.parent !== null);
  if (!row) throw new Error('an item with a parent feature in an open sprint expected in the demo backlog');
  const [parentKey, parentSummary] = backlog.parents![row.parent!]!;
  await s.open('issue-panel', { issue: keyOf(backlog, row.key) });
  await app().getByTestId('issue-wsjf').waitFor({ timeout: 60_000 });
  await app().getByText(`In ${backlog.sprints![row.sprint!]}`, { exact: true }).waitFor();
  await app().getByTestId('issue-parent').getByRole('link', { name: parentKey, exact: true }).waitFor();
  expect(await app().getByTestId('issue-parent').textContent()).toContain(parentSummary.replace(/…$/, ''));
});

/** Opens the ADS select labelled `label` by keyboard and picks the option `option`. */
async function chooseOption(label: string, option: string): Promise<void> {
  await app().getByLabel(label, { exact: true }).focus();
  await s.page().keyboard.press('ArrowDown');
  await app().getByRole('option', { name: option, exact: true }).click();
}

test('the Backlog shows each item\'s parent feature, which opens it, and can be filtered by it', async () => {
  await s.open('panel');
  await s.openTab('Backlog', 'backlog-tab');
  const backlog = await s.invoke<BacklogDto>('panel', 'getBacklog', {});
  const decoded = backlog.rows.map(decodeBacklogRow);
  const withParent = decoded.find((r) => r.parent !== null)!;
  const [parentKey, parentSummary] = backlog.parents![withParent.parent!]!;
  const key = keyOf(backlog, withParent.key);
  await app().getByRole('searchbox', { name: 'Search the backlog' }).fill(key);
  const row = app().locator(`[role="row"][data-key="${key}"]`);
  await row.getByText(parentSummary).waitFor();
  await row.getByRole('link', { name: parentKey, exact: true }).click();
  await until('a navigation to the parent feature', async () => {
    const frame = s.page().frames().find((f) => f.url().includes('/apps/panel/'));
    const navigations = (await frame?.evaluate(() => (globalThis as unknown as { __harnessNavigations?: unknown[] }).__harnessNavigations ?? [])) ?? [];
    return JSON.stringify(navigations).includes(`"issueKey":"${parentKey}"`);
  });
  await app().getByRole('searchbox', { name: 'Search the backlog' }).fill('');
  // Filter by parent feature: only its stories, and the count says so.
  const children = decoded.filter((r) => r.parent === withParent.parent);
  await chooseOption('Parent feature', `${parentKey} ${parentSummary}`);
  await app().getByTestId('backlog-counts').getByText(`${children.length} of ${decoded.length} items`, { exact: false }).waitFor();
  const shown = await app().locator('[role="row"][data-key]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-key')));
  expect(shown.sort()).toEqual(children.map((r) => keyOf(backlog, r.key)).slice(0, shown.length).sort());
  await shot('panel-backlog-parent');
});

test('Atlassian Design System throughout: no native select on any tab or dialog, tooltips are ADS tooltips', async () => {
  await s.open('panel');
  const natives: string[] = [];
  for (const [tab, testId] of [['Balance', 'balance-tab'], ['Backlog', 'backlog-tab'], ['Refinement', 'refinement-tab'], ['Iteration fill', 'fill-tab'], ['Health', 'health-tab']] as const) {
    await s.openTab(tab, testId);
    if (await app().locator('select').count()) natives.push(tab);
    if (await app().locator('[title]:not(svg [title]):not(title)').count()) natives.push(`${tab}: title attribute`);
  }
  await s.openTab('Backlog', 'backlog-tab');
  await app().getByRole('button', { name: 'Normalise column…' }).click();
  await modal().getByRole('dialog').waitFor();
  if (await modal().getByRole('dialog').locator('select').count()) natives.push('Normalise dialog');
  await modal().getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await s.open('issue-panel', { issue: 'ORION-1' });
  await app().getByTestId('issue-wsjf').waitFor({ timeout: 60_000 });
  if (await app().locator('select, [title]:not(svg [title]):not(title)').count()) natives.push('issue panel');
  await s.open('settings');
  await app().getByRole('table', { name: 'How current issues classify' }).waitFor({ timeout: 60_000 });
  if (await app().locator('select').count()) natives.push('settings');
  await s.open('admin');
  await app().getByRole('heading', { name: /site defaults/ }).waitFor({ timeout: 60_000 });
  if (await app().locator('select').count()) natives.push('admin');
  expect(natives).toEqual([]);

  // A column header's short name explains itself in an ADS tooltip on hover and on focus.
  await s.open('panel');
  await s.openTab('Backlog', 'backlog-tab');
  await app().getByRole('columnheader', { name: 'BV' }).getByText('BV', { exact: true }).hover();
  await app().getByRole('tooltip').getByText('Business value').waitFor();
});
