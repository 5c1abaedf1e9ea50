/**
 * The apps in German, in Chromium: the harness's user has Jira's language set to German (de-DE), the frame's
 * `view.getContext().locale`; `@forge/bridge`'s i18n reads the German catalog Forge ships as `__LOCALES__`.
 * Every app shows German text, numbers with a decimal comma and dates the German way; nothing the app
 * writes itself is left in English (names from Jira, issue keys and loan words like "Backlog" aside).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeBacklogRow, RowFlag, type BacklogDto, type FillDto } from '../../src/contracts';
import { testScreenshotPath } from './screenshots';
import { browserSession } from './session';

jest.setTimeout(240_000);

const session = browserSession();
const english = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'locales', 'en-US.json'), 'utf8')) as Record<string, string>;
const german = JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'locales', 'de-DE.json'), 'utf8')) as Record<string, string>;

/**
 * English catalog sentences (three words or more, no placeholder) that German translates differently, found in
 * the visible text: any would mean a string that did not go through the German catalog.
 */
function englishSentencesIn(text: string): string[] {
  return Object.entries(english)
    .filter(([key, value]) => !value.includes('{') && /\S+ \S+ \S+ \S+/.test(value) && german[key] !== value)
    .map(([, value]) => value)
    .filter((value) => text.includes(value));
}

/** The catalog prefixes of messages the backend sends by key (plan flags, left-out details, capacity notes, job texts). */
const BACKEND_KEYS = /^(plan\.flag|leftOut\.detail|capacity\.detail|job\.(progress|step|finished|error|failure|interrupted)|issuePanel\.(firstLoad|runningNow))\./;

/**
 * English backend messages (by their catalog template, placeholders as wildcards) found in the visible text: a
 * backend text shown as the English the resolver sent instead of by its key.
 */
function englishBackendTextsIn(text: string): string[] {
  return Object.entries(english)
    .filter(([key, value]) => BACKEND_KEYS.test(key) && german[key] !== value)
    .filter(([, value]) => value.replace(/\{\w+\}/g, '').trim().split(/\s+/).length >= 2)
    .filter(([, value]) => new RegExp(value.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('.+?')).test(text))
    .map(([key]) => key);
}

const GERMAN_DATE = /\d{1,2}\. [A-ZÄÖÜ][a-zäöü]{2,3}\.? \d{4}/;

test('the panel in German: tabs, figures with a decimal comma, German dates, no English sentence', async () => {
  await session.open('panel', { locale: 'de-DE' });
  const app = session.app();
  await app.getByRole('tab', { name: 'Iterationsbefüllung' }).waitFor({ timeout: 90_000 });
  expect(await app.locator('html').getAttribute('lang')).toBe('de-DE');
  expect(await app.getByRole('tab').allInnerTexts()).toEqual(['Balance', 'Backlog', 'Refinement', 'Iterationsbefüllung', 'Zustand']);

  // Balance: German headings, dates as "2. Dez. 2026", the allocation editor in German.
  await session.openTab('Balance', 'balance-tab');
  await app.getByRole('heading', { name: 'Kapazität je Iteration' }).waitFor();
  await app.getByRole('button', { name: 'Aufteilung speichern' }).waitFor();
  const balance = await app.getByTestId('balance-tab').innerText();
  expect(balance).toMatch(/\d{1,2}\. [A-ZÄÖÜ][a-zäöü]{2,3}\.? \d{4}/);
  expect(balance).not.toMatch(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}/);
  expect(englishSentencesIn(balance)).toEqual([]);
  // Where each iteration's capacity came from is the backend's note, by key: German too.
  expect(balance).toMatch(/Mittel der letzten \d+ Sprints|vom PO festgelegt|noch keine Velocity/);
  expect(englishBackendTextsIn(balance)).toEqual([]);
  // The PI picker names the PI's days the German way, never as ISO days.
  const picker = await app.getByTestId('pi-picker').innerText();
  expect(picker).toMatch(new RegExp(`${GERMAN_DATE.source} bis ${GERMAN_DATE.source}`));
  expect(picker).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  await session.page().screenshot({ path: testScreenshotPath('panel-balance-de'), animations: 'disabled' });

  // Refinement: the runway in words, its figure with a decimal comma ("1,5 Iterationen").
  await session.openTab('Refinement', 'refinement-tab');
  const runway = await app.getByTestId('runway').innerText();
  expect(runway).toMatch(/^(\d+(,\d)? Iterationen an bereiter Arbeit \(Ziel \d+\)|Unbekannt: noch keine Velocity)$/);
  expect(englishSentencesIn(await app.getByTestId('refinement-tab').innerText())).toEqual([]);

  // Backlog: German counts and headers; WSJF scores with a decimal comma.
  await session.openTab('Backlog', 'backlog-tab');
  await app.locator('[role="row"][data-key]').first().waitFor({ timeout: 90_000 });
  await app.getByTestId('backlog-counts').getByText(/^\d+ Einträge · \d+ bereit$/).waitFor();
  const backlog = await app.getByTestId('backlog-tab').innerText();
  expect(backlog).not.toMatch(/\b\d+\.\d{2}\b/);
  expect(englishSentencesIn(backlog)).toEqual([]);
  await session.page().screenshot({ path: testScreenshotPath('panel-backlog-de'), animations: 'disabled' });

  // A dialog (a Forge modal over the whole page) is in the user's language too.
  await app.getByRole('button', { name: 'Reihenfolge in Jira übernehmen' }).click();
  const dialog = session.modal().getByRole('dialog', { name: 'Die Backlog-Reihenfolge in Jira übernehmen' });
  await dialog.getByRole('button', { name: 'Abbrechen' }).waitFor({ timeout: 60_000 });
  await dialog.getByRole('table').or(dialog.getByText(/Reihenfolge/)).first().waitFor({ timeout: 60_000 });
  expect(englishSentencesIn(await dialog.innerText())).toEqual([]);
  await dialog.getByRole('button', { name: 'Abbrechen' }).click();
  await dialog.waitFor({ state: 'detached' });

  // Health: the throughput, a mean, with a decimal comma.
  await session.openTab('Zustand', 'health-tab');
  const health = await app.getByTestId('health-tab').innerText();
  expect(health).toMatch(/Durchsatz\s+\d+,\d\s+Einträge je Iteration/);
  expect(englishSentencesIn(health)).toEqual([]);

  // Iteration fill: the proposal and what is left out, in German.
  await session.openTab('Iterationsbefüllung', 'fill-tab');
  await app.getByTestId('fill-iteration-0').waitFor({ timeout: 90_000 });
  await app.getByRole('button', { name: 'In Sprints übernehmen…' }).waitFor();
  expect(englishSentencesIn(await app.getByTestId('fill-tab').innerText())).toEqual([]);
  // Left-out details are the backend's, by key: "kein Platz mehr für 5 Punkte Feature in diesen Iterationen".
  const leftOut = app.getByTestId('fill-left-out');
  await leftOut.getByText(/^kein Platz mehr für \d+(,\d)? Punkte .+ in diesen Iterationen$/).first().waitFor();
  // A pin that breaks a rule: the PO has pinned a blocked item into the first iteration (kept in this browser
  // session, as dragging it there would), and the plan flags its blocker in German.
  const rows = await session.invoke<BacklogDto>('panel', 'getBacklog', {});
  const candidates = rows.rows
    .map(decodeBacklogRow)
    .filter((r) => (r.flags & RowFlag.BLOCKED) !== 0 && (r.flags & (RowFlag.IN_SPRINT | RowFlag.IN_TAIL)) === 0)
    .map((r) => (typeof r.key === 'number' ? `${rows.keyPrefix}-${r.key}` : r.key));
  let pinned: string | undefined;
  for (const key of candidates.slice(0, 8)) {
    const fill = await session.invoke<FillDto>('panel', 'getFill', { pins: [{ key, iteration: 0 }] });
    if (fill.flags.some(([ref]) => (typeof ref === 'number' ? `${fill.keyPrefix}-${ref}` : ref) === key)) {
      pinned = key;
      break;
    }
  }
  if (!pinned) throw new Error('a blocked item whose pin breaks a rule expected in the demo backlog');
  const frame = session.page().frames().find((f) => f.url().includes('/apps/panel/'));
  await frame?.evaluate(([key, value]) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem(key, value), [`backlog-balance:fill:${rows.keyPrefix}:current:pins`, JSON.stringify([{ key: pinned, iteration: 0 }])]);
  await session.open('panel', { locale: 'de-DE' });
  await session.openTab('Iterationsbefüllung', 'fill-tab');
  const flags = app.locator('section[aria-labelledby="plan-flags-heading"]');
  await flags.getByText(/^Blocker [A-Z]+-\d+ (nicht eingeplant|erst später eingeplant \(.+\))$/).first().waitFor({ timeout: 90_000 });
  const fill = await app.getByTestId('fill-tab').innerText();
  expect(englishSentencesIn(fill)).toEqual([]);
  expect(englishBackendTextsIn(fill)).toEqual([]);
  await session.page().screenshot({ path: testScreenshotPath('panel-fill-de'), animations: 'disabled' });

  // A job's progress and outcome, kept by key by the job: German, with nothing of the English left.
  await app.getByRole('button', { name: 'In Sprints übernehmen…' }).click();
  const commit = session.modal().getByRole('dialog');
  await commit.getByRole('button', { name: /^\d+ Vorgänge? in Sprints verschieben/ }).click();
  const progress = commit.locator('[data-testid="job-progress"][data-state="done"]');
  await progress.waitFor({ timeout: 60_000 });
  const jobText = await progress.innerText();
  expect(jobText).toMatch(/Fertig: \d+ Vorgänge? geändert/);
  expect(englishSentencesIn(jobText)).toEqual([]);
  expect(englishBackendTextsIn(jobText)).toEqual([]);
  await session.page().screenshot({ path: testScreenshotPath('panel-commit-job-de'), animations: 'disabled' });
  await commit.getByRole('button', { name: 'Schließen', exact: true }).click();
  expect(session.problems()).toEqual([]);
});

test('the settings page, admin page and issue panel in German', async () => {
  await session.open('settings', { locale: 'de-DE' });
  const settings = session.app();
  await settings.getByRole('button', { name: 'Einstellungen speichern' }).waitFor({ timeout: 90_000 });
  await settings.getByRole('heading', { name: /^Backlog-Balance: Einstellungen/ }).waitFor();
  await settings.getByRole('table', { name: 'Feldzuordnung' }).waitFor();
  const text = await settings.locator('body').innerText();
  expect(englishSentencesIn(text)).toEqual([]);
  await session.page().screenshot({ path: testScreenshotPath('settings-de'), animations: 'disabled', fullPage: true });

  await session.open('admin', { locale: 'de-DE' });
  await session.app().getByRole('button', { name: 'Standardwerte speichern' }).waitFor({ timeout: 90_000 });
  expect(englishSentencesIn(await session.app().locator('body').innerText())).toEqual([]);

  await session.open('issue-panel', { locale: 'de-DE' });
  const panel = session.app();
  await panel.getByText(/^(Wo es steht|Platz im Plan)$/).first().waitFor({ timeout: 90_000 });
  const issueText = await panel.locator('body').innerText();
  expect(englishSentencesIn(issueText)).toEqual([]);
  expect(englishBackendTextsIn(issueText)).toEqual([]);
  await session.page().screenshot({ path: testScreenshotPath('issue-panel-de'), animations: 'disabled' });
  expect(session.problems()).toEqual([]);
});

/**
 * Backend messages (issue 11): sent by key, shown in German. English catalog texts with placeholders, filled
 * with anything, must not appear either: each becomes a pattern ("Only .* can change plans ...").
 */
function englishTemplatesIn(text: string, keys: readonly string[]): string[] {
  return keys.filter((key) => {
    const parts = (english[key] as string).split(/\{\w+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
    return new RegExp(parts.join('.*'), 's').test(text);
  });
}

test('backend messages in German: a settings refusal, a permission refusal, whom to ask, the read-only banner', async () => {
  const users = session.site().users;
  const by = (email: string) => users.find((u) => u.email === email)!.accountId;

  // A refusal of the settings save by the backend, with the field named in the page's words.
  await session.open('settings', { locale: 'de-DE' });
  const settings = session.app();
  const projects = settings.getByLabel('Programmprojekte (Schlüssel)');
  await projects.fill('ART, NOPE', { timeout: 90_000 });
  await projects.press('Tab');
  await settings.getByRole('button', { name: 'Einstellungen speichern' }).click();
  const refusal = settings.getByText(/^Programmprojekte: „NOPE“ ist kein Jira-Projekt, das Sie sehen können/);
  await refusal.waitFor({ timeout: 60_000 });
  const refusedPage = await settings.locator('body').innerText();
  expect(englishTemplatesIn(refusedPage, ['settings.refusal.unknownProgramProject'])).toEqual([]);
  expect(englishSentencesIn(refusedPage)).toEqual([]);
  await session.page().screenshot({ path: testScreenshotPath('settings-refused-de'), animations: 'disabled' });

  // Someone who may not change the settings is told whom to ask, in German.
  await session.open('settings', { locale: 'de-DE', user: by('viewer@demo.test') });
  await session.app().getByText(/^Nur die Administratoren von ORION .*können Pläne und Einstellungen ändern: Fragen Sie eine dieser Personen\.$/).waitFor({ timeout: 90_000 });
  expect(englishTemplatesIn(await session.app().locator('body').innerText(), ['access.askOne', 'access.askOne.named', 'access.adminsWithLead'])).toEqual([]);

  // A permission refusal: a developer who may not browse LYRA.
  await session.open('panel', { locale: 'de-DE', user: by('dev@demo.test'), project: 'LYRA' });
  await session.app().getByText('Sie dürfen LYRA in Jira nicht durchsuchen.').waitFor({ timeout: 90_000 });
  expect(englishTemplatesIn(await session.app().locator('body').innerText(), ['access.cannotBrowse', 'access.cannotShow'])).toEqual([]);

  // No active licence: the banner in German, on the panel.
  await session.open('panel', { locale: 'de-DE' });
  await session.app().getByRole('tab', { name: 'Iterationsbefüllung' }).waitFor({ timeout: 90_000 });
  await session.page().locator('#licence').click();
  const banner = session.app().getByTestId('read-only-banner');
  await banner.waitFor({ timeout: 90_000 });
  const reason = await banner.innerText();
  expect(reason).toMatch(/Backlog Balance hat auf dieser Site keine aktive Lizenz und ist daher schreibgeschützt/);
  expect(englishTemplatesIn(reason, ['access.unlicensed'])).toEqual([]);
  await session.page().screenshot({ path: testScreenshotPath('panel-unlicensed-de'), animations: 'disabled' });
  await session.page().locator('#licence').click();
  await session.app().getByRole('tab', { name: 'Iterationsbefüllung' }).waitFor({ timeout: 90_000 });
  expect(session.problems()).toEqual([]);
});

test('a language without a catalog falls back to English through Forge\'s fallback', async () => {
  await session.open('panel', { locale: 'fr-FR' });
  await session.app().getByRole('tab', { name: 'Iteration fill' }).waitFor({ timeout: 90_000 });
  // Numbers and dates still follow the user's locale.
  await session.openTab('Balance', 'balance-tab');
  expect(await session.app().getByTestId('balance-tab').innerText()).toMatch(/\d{1,2} [a-zéû]{3,5}\.? \d{4}/);
});
