/**
 * Issue 19.3 in Chromium: each tab's "Export CSV" button downloads a file (Playwright's `download` event), which
 * is parsed back and checked against what the tab shows: the rows, their order and count, the reasons, in
 * English and in German. The app frame carries the sandbox Forge gives Custom UI iframes
 * (developer.atlassian.com/platform/forge/custom-ui/iframe: `allow-downloads` among them), so the download is
 * shown to work under it, started by the click.
 */
import { readFileSync } from 'node:fs';
import type { Download, Locator } from 'playwright-core';
import { decodeBacklogRow, type BacklogDto, type BalanceDto, type FillDto } from '../../src/contracts';
import { parseCsv } from '../../static/shared/csv';
import { browserSession, until } from './session';
import { testScreenshotPath } from './screenshots';

jest.setTimeout(240_000);

const s = browserSession();
const app = () => s.app();
/** The sandbox attributes Forge sets on every Custom UI iframe (its documentation's table). */
const FORGE_SANDBOX = 'allow-downloads allow-forms allow-modals allow-pointer-lock allow-same-origin allow-scripts';

beforeAll(async () => {
  // The harness's shell page, with the app frame sandboxed as Forge does.
  await s.page().route(
    (url) => url.pathname === '/' || url.pathname === '/index.html',
    async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace('<iframe id="app"', `<iframe id="app" sandbox="${FORGE_SANDBOX}"`);
      await route.fulfill({ response, body });
    },
  );
});

interface Exported {
  fileName: string;
  text: string;
  header: string[];
  rows: string[][];
}

/** Clicks an export button and reads the file it downloads. */
async function exportFrom(testId: string, delimiter: ',' | ';'): Promise<Exported> {
  const button = app().getByTestId(testId);
  await until(`${testId} enabled`, async () => !(await button.isDisabled()));
  const [download] = (await Promise.all([s.page().waitForEvent('download', { timeout: 30_000 }), button.click()])) as [Download, void];
  const path = await download.path();
  if (!path) throw new Error('the download was not saved');
  const text = readFileSync(path, 'utf8');
  const [header, ...rows] = parseCsv(text, delimiter);
  return { fileName: download.suggestedFilename(), text, header: header ?? [], rows };
}

const keyOf = (prefix: string, ref: string | number) => (typeof ref === 'number' ? `${prefix}-${ref}` : ref);
/** A table's rows as the text of their cells (as written, not as CSS shows it: a lozenge is upper-cased on screen). */
const cells = (rows: Locator) => rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));

/** A summary longer than the Backlog rows carry (they cut at 48 characters): the files have it whole. */
const LONG = 'Let a returning customer pay with the card saved last time, without typing it again; "one click", GDPR-safe';

async function rename(key: string, summary: string): Promise<void> {
  const site = s.site();
  const res = await fetch(`${site.baseUrl}/rest/api/3/issue/${key}`, {
    method: 'PUT',
    headers: { authorization: site.po.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ fields: { summary } }),
  });
  expect(res.status).toBeLessThan(300);
}

test('Backlog: the file holds every row in the order shown, whole summaries, and then only what the filters show', async () => {
  await s.open('panel');
  expect(await s.page().locator('iframe#app').getAttribute('sandbox')).toBe(FORGE_SANDBOX);
  await s.openTab('Backlog', 'backlog-tab');
  await app().locator('[role="row"][data-key]').first().waitFor({ timeout: 90_000 });
  const first = await s.invoke<BacklogDto>('panel', 'getBacklog', {});
  const renamed = keyOf(first.keyPrefix, first.rows[1]![0]);
  await rename(renamed, LONG);
  await s.open('panel');
  await s.openTab('Backlog', 'backlog-tab');
  await app().locator(`[role="row"][data-key="${renamed}"]`).getByText(LONG.slice(0, 40)).waitFor({ timeout: 90_000 });
  const dto = await s.invoke<BacklogDto>('panel', 'getBacklog', {});
  const decoded = dto.rows.map(decodeBacklogRow);

  const all = await exportFrom('export-backlog', ',');
  expect(all.text.charCodeAt(0)).toBe(0xfeff);
  expect(all.text.endsWith('\r\n')).toBe(true);
  expect(all.fileName).toMatch(new RegExp(`^ORION-backlog-${(dto.pi?.name ?? '').replace(/\s+/g, '-')}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
  expect(all.header.slice(0, 3)).toEqual(['Rank', 'Key', 'Summary']);
  await app().getByTestId('backlog-counts').getByText(`${all.rows.length} items`, { exact: false }).waitFor();
  expect(all.rows.map((r) => r[1])).toEqual(decoded.map((r) => keyOf(dto.keyPrefix, r.key)));
  // The tab cuts the long summary; the file has it whole.
  expect(await app().locator(`[role="row"][data-key="${renamed}"] [data-summary]`).textContent()).toMatch(/…$/);
  expect(all.rows.find((r) => r[1] === renamed)?.[2]).toBe(LONG);
  // The rows on screen (the list renders the first ones): same place, key, summary, WSJF and readiness.
  const onScreen = await app().locator('[role="row"][data-key]').evaluateAll((rows) =>
    rows.map((r) => ({
      position: r.querySelector('[data-position]')?.textContent?.trim() ?? '',
      key: r.getAttribute('data-key'),
      summary: r.querySelector('[data-summary]')?.textContent?.trim() ?? '',
      wsjf: r.querySelector('[data-wsjf]')?.textContent?.trim() ?? '',
    })),
  );
  expect(onScreen.length).toBeGreaterThan(5);
  for (const shown of onScreen) {
    const line = all.rows[Number(shown.position) - 1]!;
    expect([line[0], line[1], shown.key === renamed ? LONG.slice(0, 47) : line[2]]).toEqual([shown.position, shown.key, shown.summary.replace(/…$/, '')]);
    // WSJF as a number (no grouping), empty where the tab says it is unscored.
    expect(line[13]).toBe(/^[\d.,]+$/.test(shown.wsjf) ? shown.wsjf.replace(/,/g, '') : '');
  }
  const notReady = all.rows.filter((r) => r[14] === 'Not ready');
  expect(notReady.length).toBeGreaterThan(0);
  expect(notReady.filter((r) => r[15] === '')).toEqual([]);

  // Filtered: the tooltip says what the file holds; the file holds what the filters show, with each row's place.
  await app().getByLabel('Readiness', { exact: true }).focus();
  await s.page().keyboard.press('ArrowDown');
  await app().getByRole('option', { name: 'Not ready', exact: true }).click();
  await app().getByTestId('backlog-counts').getByText(`${notReady.length} of ${all.rows.length} items`, { exact: false }).waitFor();
  await app().getByTestId('export-backlog').hover();
  await app().getByRole('tooltip').getByText(`Downloads the ${notReady.length} of ${all.rows.length} items the filters show (Readiness: Not ready)`, { exact: false }).waitFor();
  await s.page().screenshot({ path: testScreenshotPath('export-backlog-tooltip'), animations: 'disabled' });
  const filtered = await exportFrom('export-backlog', ',');
  expect(filtered.rows).toEqual(notReady);
  expect(filtered.fileName).toBe(all.fileName.replace('ORION-backlog-', 'ORION-backlog-filtered-'));
  await app().getByRole('status').getByText(`Downloaded ${filtered.fileName}`).waitFor();
  expect(s.problems()).toEqual([]);
});

test('Iteration fill: per iteration the planned items in order (a pin marked), then the left-out items with their reasons', async () => {
  await s.open('panel');
  await s.openTab('Iteration fill', 'fill-tab');
  await app().getByTestId('fill-iteration-0').locator('li[data-key]').first().waitFor({ timeout: 90_000 });
  const dto = await s.invoke<FillDto>('panel', 'getFill', {});
  // Move the first planned item to the next iteration: a pin the file marks.
  const moved = keyOf(dto.keyPrefix, dto.iterations[0]!.items[0]!);
  await app().getByRole('button', { name: `Move ${moved} to the next iteration` }).click();
  await app().getByTestId('fill-iteration-1').locator(`li[data-key="${moved}"]`).waitFor();
  await until('the proposal updated', async () => (await app().getByRole('status').filter({ hasText: 'Updating the proposal' }).count()) === 0);

  const file = await exportFrom('export-fill', ',');
  expect(file.fileName).toMatch(/^ORION-fill-plan-.+-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(file.header).toEqual(['Iteration', 'Start', 'End', 'Sprint', 'Key', 'Summary', 'Work type', 'Story points', 'Committed', 'Pinned by you', 'Reason', 'Detail', 'Needs your decision']);
  const iterations = await app().locator('[data-testid^="fill-iteration-"]').count();
  for (let i = 0; i < iterations; i++) {
    const column = app().getByTestId(`fill-iteration-${i}`);
    const name = (await column.locator('h3').innerText()).trim();
    const keys = await column.locator('li[data-key]').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-key')));
    expect([name, file.rows.filter((r) => r[0] === name).map((r) => r[4])]).toEqual([name, keys]);
  }
  expect(file.rows.find((r) => r[4] === moved)?.[9]).toBe('yes');
  expect(file.rows.filter((r) => r[9] === 'yes').map((r) => r[4])).toEqual([moved]);
  // What "Needs your decision" lists, on the item's row (and nothing on the others); test/exports/tables.test.ts
  // has flags in English and German.
  const decisions = await app().getByRole('list', { name: 'Needs your decision' }).locator('li').evaluateAll((lis) => lis.map((li) => [li.querySelector('strong')?.textContent ?? '', li.lastElementChild?.textContent ?? '']));
  for (const [key, message] of decisions) expect([key, file.rows.find((r) => r[4] === key)?.[12]]).toEqual([key, expect.stringContaining(message!)]);
  expect(file.rows.filter((r) => r[12] !== '').length).toBe(new Set(decisions.map(([key]) => key)).size);

  const leftOutShown = await cells(app().getByTestId('fill-left-out').locator('tbody tr'));
  const leftOutFile = file.rows.filter((r) => r[0] === 'Left out');
  expect(leftOutFile.length).toBeGreaterThan(0);
  // Key, summary and detail as the table shows them; the reason cell starts with the reason (a committed story adds a callout).
  expect(leftOutFile.map((r) => [r[4], r[5], r[11]])).toEqual(leftOutShown.map((c) => [c[0], c[1], c[3]]));
  leftOutFile.forEach((r, i) => expect(leftOutShown[i]![2]!.startsWith(r[10]!)).toBe(true));
  expect(s.problems()).toEqual([]);
});

test('Balance: per iteration and work type, and the PI totals the tab shows', async () => {
  await s.open('panel');
  await s.openTab('Balance', 'balance-tab');
  await app().getByRole('table', { name: 'Allocation per work type' }).waitFor({ timeout: 90_000 });
  const dto = await s.invoke<BalanceDto>('panel', 'getBalance', {});
  const file = await exportFrom('export-balance', ',');
  expect(file.fileName).toBe(`ORION-balance-${dto.pi.name.replace(/\s+/g, '-')}-${file.fileName.slice(-14, -4)}.csv`);
  expect(file.rows).toHaveLength((dto.iterations.length + 1) * dto.workTypes.length);
  // The PI totals against the tab's table: work type, target %, target points, planned, done.
  const shown = await cells(app().getByRole('table', { name: 'Allocation per work type' }).locator('tbody tr'));
  const totals = file.rows.filter((r) => r[0] === `${dto.pi.name} total`);
  const number = (text: string) => Number(text.replace(/[^\d.]/g, ''));
  expect(totals.map((r) => [r[7], Number(r[8]), Number(r[9]), Number(r[10]), Number(r[11])])).toEqual(
    shown.map((c) => [c[0], number(c[1]!), expect.closeTo(number(c[2]!), 0), expect.closeTo(number(c[3]!), 0), expect.closeTo(number(c[4]!), 0)]),
  );
  // Each iteration's row under the capacity table's slice of that work type.
  for (const it of dto.iterations) {
    for (const w of dto.workTypes) {
      const line = file.rows.find((r) => r[0] === it.name && r[7] === w.name)!;
      expect(Number(line[9])).toBe(it.slices[w.id] ?? 0);
    }
  }
  expect(s.problems()).toEqual([]);
});

test('in German: German column names and reasons, semicolons between fields, decimal commas', async () => {
  await s.open('panel', { locale: 'de-DE' });
  await s.openTab('Backlog', 'backlog-tab');
  await app().locator('[role="row"][data-key]').first().waitFor({ timeout: 90_000 });
  const backlog = await exportFrom('export-backlog', ';');
  expect(backlog.fileName).toMatch(/^ORION-Backlog-.+\.csv$/);
  expect(backlog.text.slice(1).split('\r\n')[0]).toMatch(/^Rang;Schlüssel;Zusammenfassung;/);
  const wsjf = backlog.rows.map((r) => r[13]).filter((v) => v !== '');
  expect(wsjf.some((v) => /^\d+,\d+$/.test(v!))).toBe(true);
  expect(wsjf.filter((v) => v!.includes('.'))).toEqual([]);
  expect(new Set(backlog.rows.map((r) => r[14]))).toEqual(new Set(['Bereit', 'Nicht bereit']));

  await s.openTab('Iterationsbefüllung', 'fill-tab');
  await app().getByTestId('fill-iteration-0').waitFor({ timeout: 90_000 });
  const fill = await exportFrom('export-fill', ';');
  expect(fill.header[0]).toBe('Iteration');
  expect(fill.header.slice(4, 6)).toEqual(['Schlüssel', 'Zusammenfassung']);
  const leftOutShown = await cells(app().getByTestId('fill-left-out').locator('tbody tr'));
  const leftOut = fill.rows.filter((r) => r[0] === 'Nicht eingeplant');
  expect(leftOut.map((r) => r[4])).toEqual(leftOutShown.map((c) => c[0]));
  leftOut.forEach((r, i) => expect([r[10], leftOutShown[i]![2]!.startsWith(r[10]!)]).toEqual([r[10], true]));
  expect(leftOut.some((r) => r[10] === 'Nicht bereit' || r[10] === 'Kein Platz mehr')).toBe(true);

  await s.openTab('Balance', 'balance-tab');
  await app().getByRole('table', { name: 'Aufteilung je Arbeitsart' }).waitFor({ timeout: 90_000 });
  const balance = await exportFrom('export-balance', ';');
  expect(balance.header).toEqual(['Iteration', 'Beginn', 'Ende', 'Abgeschlossen', 'Kapazität', 'Für ungeplante Arbeit freigehalten', 'Kapazität aus', 'Arbeitsart', 'Ziel %', 'Zielpunkte', 'Geplant', 'Erledigt']);
  await app().getByRole('status').getByText(`${balance.fileName} heruntergeladen`).waitFor();
  await s.page().screenshot({ path: testScreenshotPath('export-balance-de'), animations: 'disabled' });
  expect(s.problems()).toEqual([]);
});

test('when the click’s activation has run out before the file is made, a second click saves it', async () => {
  await s.open('panel');
  await s.openTab('Backlog', 'backlog-tab');
  await app().locator('[role="row"][data-key]').first().waitFor({ timeout: 90_000 });
  // As after a slow read of the whole summaries: the browser no longer counts the click as a user gesture.
  const frame = s.page().frames().find((f) => f.url().includes('/apps/panel/'))!;
  await frame.evaluate(() => Object.defineProperty(navigator, 'userActivation', { value: { isActive: false, hasBeenActive: true }, configurable: true }));
  let downloads = 0;
  s.page().on('download', () => (downloads += 1));
  await app().getByTestId('export-backlog').click();
  const save = app().getByTestId('export-backlog-save');
  await save.waitFor();
  expect(downloads).toBe(0);
  expect(await save.textContent()).toMatch(/^Save ORION-backlog-.+\.csv$/);
  const [download] = (await Promise.all([s.page().waitForEvent('download'), save.click()])) as [Download, void];
  const [header] = parseCsv(readFileSync((await download.path())!, 'utf8'), ',');
  expect(header?.slice(0, 2)).toEqual(['Rank', 'Key']);
  await app().getByRole('status').getByText(`Downloaded ${download.suggestedFilename()}`).waitFor();
  expect(s.problems()).toEqual([]);
});

test('when the whole summaries cannot be read, the tab says why and the next click tries again', async () => {
  await s.open('panel');
  await s.openTab('Backlog', 'backlog-tab');
  await app().locator('[role="row"][data-key]').first().waitFor({ timeout: 90_000 });
  // Jira does not answer getSummaries this once (the harness's invoke, as the bridge sends it).
  let refused = 0;
  await s.page().route('**/harness/invoke', async (route) => {
    const call = route.request().postDataJSON() as { functionKey: string };
    if (call.functionKey !== 'getSummaries' || refused > 0) return route.fallback();
    refused += 1;
    await route.fulfill({ json: { ok: true, body: { ok: false, error: { code: 'JIRA_UNAVAILABLE', message: 'Jira did not answer in time; try again in a minute.' } } } });
  });
  let downloads = 0;
  s.page().on('download', () => (downloads += 1));
  await app().getByTestId('export-backlog').click();
  await app().getByRole('status').getByText('The file could not be made: Jira did not answer in time; try again in a minute.').waitFor();
  expect(downloads).toBe(0);
  const [download] = (await Promise.all([s.page().waitForEvent('download'), app().getByTestId('export-backlog').click()])) as [Download, void];
  expect(download.suggestedFilename()).toMatch(/^ORION-backlog-/);
  expect(refused).toBe(1);
  await s.page().unroute('**/harness/invoke');
});
