/**
 * The ART view (issue 17) in Chromium on the six-team demo train `npm start` serves: the program project's page
 * loads every team in the background with progress, then shows each section; each flow checks the demo site
 * or the resolvers, not only the page. Screenshots of each section: test-results/screenshots/ on every run,
 * over the README's images in docs/ with `npm run screenshots`.
 */
import type { Locator } from 'playwright-core';
import { createPanelResolver } from '../../src/resolvers';
import { composeTrain } from '../../src/domain';
import type { ArtTeamDto, ArtTrainDto } from '../../src/contracts';
import { caller, data } from '../resolvers/helpers';
import { screenshotPath } from './screenshots';
import { browserSession, until } from './session';

const session = browserSession({ project: 'ART', demo: { scale: 600, seed: 11 } });
jest.setTimeout(240_000);
const TEAMS = ['ORION', 'VEGA', 'LYRA', 'CYGNUS', 'DRACO', 'PHOENIX'];

async function shoot(name: string, section?: Locator): Promise<void> {
  if (section) await section.scrollIntoViewIfNeeded();
  // The frame's whole page: each section is taller than the viewport once the train is loaded.
  const target = section ?? session.page().locator('iframe#app');
  await target.screenshot({ path: screenshotPath(name), animations: 'disabled' });
}

async function openArt(user?: string): Promise<void> {
  await session.open('panel', { project: 'ART', ...(user ? { user } : {}) });
  await session.app().getByTestId('art-view').waitFor({ timeout: 120_000 });
}

async function allTeamsUpToDate(teams: string[]): Promise<void> {
  const app = session.app();
  await until(
    'every team loaded and read',
    async () => {
      for (const team of teams) if ((await app.getByTestId(`art-team-${team}`).getByText('Up to date').count()) === 0) return false;
      return true;
    },
    180_000,
  );
}

test('teams: never-loaded teams load in the background with per-team progress, then every team of the train is up to date', async () => {
  await openArt();
  const app = session.app();
  await app.getByRole('heading', { name: 'Teams of the ART' }).waitFor();
  for (const team of TEAMS) await app.getByTestId(`art-team-${team}`).waitFor();
  await allTeamsUpToDate(TEAMS);
  await shoot('art-teams', app.locator('section[aria-labelledby="art-teams-heading"]'));
  expect(session.problems()).toEqual([]);
});

test('feature backlog: inline WSJF writes the score to the feature in Jira and re-ranks the row; the forecast and stories per team show', async () => {
  await openArt();
  const app = session.app();
  await allTeamsUpToDate(TEAMS);
  const table = app.getByTestId('art-features');
  await table.waitFor();

  // Two features with a job size (their stories' points): the lower-ranked scored high, the higher-ranked low.
  const sizedKeys: string[] = [];
  for (const row of await table.locator('tbody tr').all()) if (((await row.locator('td').nth(6).textContent()) ?? '–') !== '–') sizedKeys.push((await row.locator('a').first().textContent()) ?? '');
  const [highKey, lowKey] = [sizedKeys.at(-1) ?? '', sizedKeys[0] ?? ''];
  expect(sizedKeys.length).toBeGreaterThan(1);
  for (const [key, score] of [[highKey, '20'], [lowKey, '1']] as const) {
    const row = table.getByTestId(`art-feature-${key}`);
    for (const part of ['Business value', 'Time criticality', 'Risk reduction']) {
      await row.getByRole('button', { name: `${part} of ${key}` }).click();
      await app.getByRole('option', { name: score, exact: true }).click();
      await until(`${part} of ${key} written`, () => {
        const field = part === 'Business value' ? 'businessValue' : part === 'Time criticality' ? 'timeCriticality' : 'riskReduction';
        return session.site().view.issue(key)?.[field] === Number(score);
      });
    }
  }
  // Scored features swap slots (unscored ones keep theirs, as a re-rank writes them): the high one comes first.
  const position = async (key: string) => (await table.locator('tbody tr').evaluateAll((rows, k) => rows.findIndex((r) => r.getAttribute('data-testid') === `art-feature-${k}`), key));
  await until('the high-scored feature ranks before the low-scored one', async () => (await position(highKey)) < (await position(lowKey)));
  const wsjfColumn = await table.locator('tbody tr td:nth-child(8)').allTextContents();
  const scored = wsjfColumn.filter((v) => v !== '–').map((v) => Number(v.replace(',', '.')));
  expect(scored.length).toBeGreaterThan(0);
  expect(scored).toEqual([...scored].sort((a, b) => b - a));
  expect(await table.textContent()).toMatch(/\d+ stor(y|ies):/);
  await shoot('art-features', app.locator('section[aria-labelledby="art-features-heading"]'));

  // Apply the WSJF order to Jira: previewed, then written by the re-rank job.
  await app.getByRole('button', { name: 'Apply feature order to Jira' }).click();
  // The preview is a Forge modal over the whole page, outside the app's iframe.
  const dialog = session.modal().getByRole('dialog');
  await dialog.getByRole('table', { name: 'Features that move' }).waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
    throw new Error(`${String(error)}: ${await dialog.textContent()}`);
  });
  await dialog.getByRole('button', { name: 'Apply order' }).click();
  await until('the re-rank job is done', async () => (await dialog.getByRole('button', { name: 'Close' }).count()) > 0, 60_000);
  await dialog.getByRole('button', { name: 'Close' }).click();
  // Jira's rank now follows the table's WSJF order: a second preview moves nothing.
  const order = session.site().view.rankOrder('ART').filter((k) => session.site().view.statusCategory(k) !== 'done');
  expect(order.indexOf(highKey)).toBeLessThan(order.indexOf(lowKey));
  await app.getByRole('button', { name: 'Apply feature order to Jira' }).click();
  await session.modal().getByRole('dialog').getByText("Jira's rank already matches the WSJF order: nothing moves.").waitFor({ timeout: 60_000 });
  await session.modal().getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  expect(session.problems()).toEqual([]);
});

test("feature backlog: each feature's chance of being done by the PI's end, every team's part, with the one-line explanation", async () => {
  await openArt();
  const app = session.app();
  await allTeamsUpToDate(TEAMS);
  const explanation = app.getByTestId('art-features-odds-explanation');
  await explanation.waitFor();
  expect(await explanation.textContent()).toMatch(/each team's plan is simulated 10,000 times from the completed points of its last closed sprints/);
  // What the resolvers answer, composed as the page composes it: each row shows that feature's chance.
  const call = caller(createPanelResolver(session.harness().platform).getDefinitions());
  const po = session.site().po;
  const train = data(await call<ArtTrainDto>(po, 'getArtTrain', {}, { project: 'ART' }));
  const teams = await Promise.all(train.teams.map(async (t) => data(await call<ArtTeamDto>(po, 'getArtTeam', { team: t.key }, { project: 'ART' }))));
  const features = train.features.map(([key, summary, , rank, businessValue, timeCriticality, riskReduction, jobSize]) => ({ key, summary, rank, wsjfParts: { businessValue, timeCriticality, riskReduction, jobSize }, storyPoints: [] }));
  const composed = composeTrain(teams, features, train.settings.guardrails);
  const percent = (p: number) => (p > 0.99 && p < 1 ? '> 99%' : p > 0 && p < 0.01 ? '< 1%' : `${Math.round(p * 100)}%`);
  const withOdds = composed.features.filter((f) => f.odds !== null);
  expect(withOdds.some((f) => f.odds?.probability !== null && f.teams.length >= 2)).toBe(true);
  for (const f of withOdds) {
    const line = (await app.getByTestId(`art-feature-${f.key}`).getByTestId('art-feature-odds').textContent()) ?? '';
    const odds = f.odds!;
    expect(line).toContain(odds.probability !== null ? `${percent(odds.probability)} likely done by the PI's end` : odds.gap === 'noHistory' ? 'a team carrying it has no closed sprint yet' : 'a story is not planned');
    expect(line.includes('Low confidence')).toBe(odds.lowConfidence);
  }
  expect(session.problems()).toEqual([]);
});

test('allocation across the train: target and planned / done per team and work type, ART totals, a guardrail flags the teams outside it', async () => {
  await openArt();
  const app = session.app();
  await allTeamsUpToDate(TEAMS);
  await app.getByRole('button', { name: 'Edit guardrails…' }).click();
  const dialog = session.modal().getByRole('dialog');
  await dialog.getByLabel('Minimum share of Enablers', { exact: true }).fill('25');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  const table = app.getByTestId('art-allocation');
  await until('the guardrail shows', async () => (await table.getByText('ART: at least 25 %').count()) > 0);
  await allTeamsUpToDate(TEAMS);
  // Every team runs on the default allocation (enabler below 25 %): each is flagged, none changed.
  await until('teams flagged', async () => (await table.getByText(/Enablers \d+ % below 25 %/).count()) === TEAMS.length).catch(async (error: unknown) => {
    throw new Error(`${String(error)}: ${await table.textContent()}`);
  });
  await app.getByTestId('art-allocation-total').waitFor();
  await shoot('art-allocation', app.locator('section[aria-labelledby="art-allocation-heading"]'));
  expect(session.problems()).toEqual([]);
});

test('cross-team dependencies: a board of teams by iterations with the late and the cyclic dependency, filters, and a list view', async () => {
  await openArt();
  const app = session.app();
  await allTeamsUpToDate(TEAMS);
  const board = app.getByTestId('art-dep-board');
  await board.waitFor();
  expect(await board.getByText('Late').count()).toBeGreaterThan(0);
  expect(await board.getByText('Cycle').count()).toBeGreaterThan(0);
  await shoot('art-dependencies', app.locator('section[aria-labelledby="art-dependencies-heading"]'));

  // Filter by state: only late ones remain, each naming both issues.
  await app.getByLabel('State', { exact: true }).focus();
  await app.getByLabel('State', { exact: true }).press('ArrowDown');
  await app.getByRole('option', { name: 'Late', exact: true }).click();
  await until('only late dependencies', async () => (await board.getByTestId('art-dep-entry').count()) > 0 && (await board.getByText('Cycle').count()) === 0);
  const entry = board.getByTestId('art-dep-entry').first();
  expect(await entry.locator('a').count()).toBe(2);
  await entry.getByRole('button', { name: /^Open .* and .*$/ }).waitFor();

  // The list view: the same entries as a table, reachable by keyboard.
  await app.getByRole('button', { name: 'List', exact: true }).click();
  const list = app.getByTestId('art-dep-list');
  await list.waitFor();
  expect(await list.locator('tbody tr').count()).toBe(await app.getByTestId('art-dep-list').locator('tbody tr').count());
  expect(await list.getByText('Late').count()).toBeGreaterThan(0);
  await shoot('art-dependencies-list', app.locator('section[aria-labelledby="art-dependencies-heading"]'));
  expect(session.problems()).toEqual([]);
});

test('capacity and load per team per iteration; a developer who cannot browse LYRA is told one team is hidden', async () => {
  await openArt();
  const app = session.app();
  await allTeamsUpToDate(TEAMS);
  const load = app.getByTestId('art-load');
  await load.waitFor();
  for (const team of TEAMS) await load.getByTestId(`art-load-${team}`).waitFor();
  expect(await load.getByText(/[\d.,]+ of [\d.,]+ points/).count()).toBeGreaterThanOrEqual(TEAMS.length * 2);
  await shoot('art-load', app.locator('section[aria-labelledby="art-load-heading"]'));

  await openArt(session.site().dev.accountId);
  await app.getByTestId('art-hidden-teams').getByText('1 team hidden').waitFor({ timeout: 60_000 });
  await allTeamsUpToDate(TEAMS.filter((t) => t !== 'LYRA'));
  expect(await app.getByTestId('art-team-LYRA').count()).toBe(0);
  expect(await app.getByTestId('art-view').textContent()).not.toMatch(/LYRA/);
  expect(session.problems()).toEqual([]);
});
