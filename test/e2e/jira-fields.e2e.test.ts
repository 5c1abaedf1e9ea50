/**
 * Issue 19 item 1 through the harness in Chromium: a score set in the panel reaches the issue's WSJF field in
 * the demo Jira (the app's own identity writes it, a moment later), JQL finds it, and the settings page says
 * when the fields were last updated and how to search them.
 */
import type { BacklogDto } from '../../src/contracts';
import { testScreenshotPath } from './screenshots';
import { browserSession, until } from './session';

jest.setTimeout(180_000);

const s = browserSession({ viewport: { width: 1024, height: 900 }, demo: { scale: 300, seed: 11 } });
const app = () => s.app();

test('a panel score is in the WSJF field, found by JQL, and Settings says when the fields were updated', async () => {
  await s.open('panel');
  await s.openTab('Backlog', 'backlog-tab');
  const backlog = await s.invoke<BacklogDto>('panel', 'getBacklog', {});
  const last = backlog.rows[backlog.rows.length - 1]![0];
  const key = typeof last === 'number' ? `${backlog.keyPrefix}-${last}` : last;
  await s.invoke('panel', 'scoreWsjf', { items: [{ key, businessValue: 20, timeCriticality: 20, riskReduction: 20, jobSize: 1 }] });
  await until(`${key}'s WSJF field holds 60`, () => s.site().view.issue(key)?.appValues?.wsjf === 60);

  const reply = await fetch(`${s.site().baseUrl}/rest/api/3/search/jql`, {
    method: 'POST',
    headers: { authorization: s.site().po.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ jql: 'project = ORION AND "WSJF" > 5 ORDER BY "WSJF" DESC', fields: ['key'], maxResults: 5 }),
  });
  expect(((await reply.json()) as { issues: { key: string }[] }).issues[0]?.key).toBe(key);

  await s.open('settings');
  const state = app().getByTestId('jira-fields-state');
  await state.waitFor({ timeout: 60_000 });
  await until('the last sync is shown', async () => /^Last updated .+: \d+ values changed/.test((await state.textContent()) ?? ''));
  await app().getByRole('heading', { name: 'WSJF and Readiness in Jira' }).waitFor();
  // Scrolled so the section sits above the page's sticky save bar.
  await app().getByTestId('jira-fields-state').evaluate((el) => el.closest('section')?.scrollIntoView({ block: 'center' }));
  await s.page().screenshot({ path: testScreenshotPath('settings-jira-fields') });
  expect(s.problems()).toEqual([]);
});
