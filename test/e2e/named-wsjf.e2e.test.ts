/**
 * WSJF fields as select lists with named options (issue 15 item 7) in Chromium: the settings page lists each
 * option with a number picker; once saved, the backlog reads the options as those numbers.
 */
import { testScreenshotPath } from './screenshots';
import { browserSession, until } from './session';

const session = browserSession({ demo: { scale: 300, seed: 7, quirks: 'named-wsjf' } });
jest.setTimeout(240_000);

test('the PO maps each named option of a WSJF select field to a number in settings and saves it', async () => {
  await session.open('settings');
  const app = session.app();
  const group = app.getByRole('group', { name: 'Business Value options' });
  await group.waitFor({ timeout: 120_000 });
  const scale: Record<string, string> = { Minimal: '1', 'Very low': '2', Low: '3', Medium: '5', High: '8', 'Very high': '13', Critical: '20' };
  for (const [option, score] of Object.entries(scale)) {
    const picker = group.getByLabel(option, { exact: true });
    await picker.focus();
    await picker.press('ArrowDown');
    await app.getByRole('option', { name: score, exact: true }).click();
  }
  await group.scrollIntoViewIfNeeded();
  await session.page().screenshot({ path: testScreenshotPath('named-wsjf-settings') });
  await app.getByRole('button', { name: 'Save settings' }).click();
  await until('the settings are saved', async () => (await app.getByText('Settings saved.').count()) > 0);
  expect(session.problems()).toEqual([]);
});
