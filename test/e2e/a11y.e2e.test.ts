/**
 * Accessibility: axe-core over every page and dialog of the apps, light and dark, in Chromium. Critical and
 * serious violations fail the test, each listed with the rule, what it says and where.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { browserSession, type AppName } from './session';

// The panel's sweep opens five tabs and five dialogs, each dialog a Forge modal loading the panel's bundle in a frame
// of its own, and audits each in both themes: over 5 min on a machine shared by a full suite and other jobs.
jest.setTimeout(600_000);

const s = browserSession();
// Each app is opened on its own (as Jira's iframe loads it): axe then audits the app's document alone, fast.
const app = (): Page => s.page();
// A dialog is a Forge modal: the harness puts its frame over the app's page (Jira: over the whole Jira page).
const modal = () => s.modal();

async function openApp(name: AppName, theme: 'light' | 'dark', extra: Record<string, string> = {}): Promise<void> {
  const query = new URLSearchParams({ user: s.site().po.accountId, project: 'ORION', theme, ...extra });
  await s.page().goto(`${s.harness().url}apps/${name}/?${query.toString()}`);
}

async function openTab(name: string, testId: string): Promise<void> {
  await app().getByRole('tab', { name, exact: true }).click();
  await app().getByTestId(testId).waitFor({ timeout: 60_000 });
}

interface Finding {
  view: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Critical and serious violations of the app's document. */
async function audit(view: string): Promise<Finding[]> {
  // A dialog fading in has text at part opacity, which axe reads as low contrast: let finite animations end.
  await s.page().evaluate(`Promise.all(document.getAnimations()
    .filter((a) => a.effect && Number.isFinite(a.effect.getComputedTiming().endTime))
    .map((a) => a.finished.catch(() => undefined)))`);
  const started = Date.now();
  const result = await new AxeBuilder({ page: s.page() }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  if (process.env.A11Y_TIMING) console.log(`${view}: ${Date.now() - started} ms`);
  return result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => ({ view, rule: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }));
}

const summary = (findings: Finding[]): string[] => findings.map((f) => `${f.view}: ${f.rule} (${f.impact}) x${f.targets.length}: ${f.help} @ ${f.targets.slice(0, 3).join(' | ')}`);

for (const theme of ['light', 'dark'] as const) {
  test(`the panel's tabs and dialogs have no critical or serious axe violations (${theme})`, async () => {
    const findings: Finding[] = [];
    await openApp('panel', theme);
    for (const [tab, testId] of [['Balance', 'balance-tab'], ['Backlog', 'backlog-tab'], ['Refinement', 'refinement-tab'], ['Iteration fill', 'fill-tab'], ['Health', 'health-tab']] as const) {
      await openTab(tab, testId);
      await s.page().waitForTimeout(300);
      findings.push(...(await audit(`${tab} (${theme})`)));
    }
    await openTab('Iteration fill', 'fill-tab');
    await app().getByRole('button', { name: 'Commit to sprints…' }).click();
    await modal().getByRole('dialog').locator('section[data-sprint-id]').first().waitFor();
    findings.push(...(await audit(`Commit dialog (${theme})`)));
    await modal().getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await openTab('Backlog', 'backlog-tab');
    await app().getByRole('button', { name: 'Apply order to Jira' }).click();
    await modal().getByRole('dialog').getByRole('button', { name: /Cancel|Close/ }).first().waitFor();
    await s.page().waitForTimeout(500);
    findings.push(...(await audit(`Apply order dialog (${theme})`)));
    await modal().getByRole('dialog').getByRole('button', { name: /Cancel|Close/ }).first().click();
    await app().getByRole('button', { name: 'Normalise column…' }).click();
    await modal().getByRole('dialog').waitFor();
    findings.push(...(await audit(`Normalise dialog (${theme})`)));
    await modal().getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await openTab('Refinement', 'refinement-tab');
    await app().getByRole('button', { name: /^Split [A-Z]+-\d+$/ }).first().click();
    await modal().getByRole('dialog').waitFor();
    findings.push(...(await audit(`Split dialog (${theme})`)));
    await modal().getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    // Something in the tail, so the trim has a list to confirm.
    if (await app().getByRole('button', { name: 'Trim tail…' }).isDisabled()) {
      await app().getByRole('table', { name: 'Tail candidates' }).getByRole('checkbox', { name: /^Select [A-Z]+-\d+$/ }).first().check();
      await app().getByRole('button', { name: /^Move 1 to tail$/ }).click();
      await app().getByRole('list', { name: 'Items in the tail' }).waitFor();
    }
    await app().getByRole('button', { name: 'Trim tail…' }).click();
    await modal().getByRole('dialog').waitFor();
    await s.page().waitForTimeout(500);
    findings.push(...(await audit(`Trim dialog (${theme})`)));
    expect(summary(findings)).toEqual([]);
  });

  test(`the ART view (program project) and its dialogs have no critical or serious axe violations (${theme})`, async () => {
    const findings: Finding[] = [];
    await openApp('panel', theme, { project: 'ART' });
    await app().getByTestId('art-view').waitFor({ timeout: 60_000 });
    await app().getByTestId('art-load').waitFor({ timeout: 180_000 });
    await app().getByTestId('art-dep-board').waitFor({ timeout: 60_000 });
    await s.page().waitForTimeout(300);
    findings.push(...(await audit(`ART view, board (${theme})`)));
    await app().getByRole('button', { name: 'List', exact: true }).click();
    await app().getByTestId('art-dep-list').waitFor();
    findings.push(...(await audit(`ART view, list (${theme})`)));
    for (const [button, name] of [['Edit guardrails…', 'guardrails'], ['Edit team list…', 'team list'], ['Apply feature order to Jira', 'feature re-rank']] as const) {
      await app().getByRole('button', { name: button }).click();
      const dialog = modal().getByRole('dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).waitFor({ timeout: 60_000 });
      await s.page().waitForTimeout(500);
      findings.push(...(await audit(`ART ${name} dialog (${theme})`)));
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
    }
    expect(summary(findings)).toEqual([]);
  });

  test(`settings, admin and the issue panel have no critical or serious axe violations (${theme})`, async () => {
    const findings: Finding[] = [];
    await openApp('settings', theme);
    await app().getByRole('table', { name: 'How current issues classify' }).waitFor({ timeout: 60_000 });
    findings.push(...(await audit(`Settings (${theme})`)));
    await openApp('admin', theme);
    await app().getByRole('heading', { name: /site defaults/ }).waitFor({ timeout: 60_000 });
    findings.push(...(await audit(`Admin (${theme})`)));
    await openApp('issue-panel', theme, { issue: 'ORION-1' });
    await app().getByTestId('issue-wsjf').waitFor({ timeout: 60_000 });
    findings.push(...(await audit(`Issue panel (${theme})`)));
    expect(summary(findings)).toEqual([]);
  });
}
