/**
 * A messy real site in Chromium (issue 15): the demo site's `messy` profile (team-managed board, renamed blocking
 * link type, look-alike fields, dropped resolutions, broken issues...). The settings page shows the link types and
 * resolutions to choose from and the field chosen among look-alikes; Balance lists what could not be read.
 */
import { testScreenshotPath } from './screenshots';
import { browserSession, until } from './session';

const session = browserSession({ demo: { scale: 600, seed: 11, quirks: 'messy' } });
jest.setTimeout(240_000);

test('settings show the site\'s link types, resolutions and look-alike fields; Balance lists the broken issues', async () => {
  await session.open('settings');
  const app = session.app();
  await app.getByRole('group', { name: 'Blocking link types' }).waitFor({ timeout: 120_000 });
  await until('the Dependency type is offered as the guess', async () => (await app.getByText(/Dependency \("depends on"/).count()) > 0);
  await app.getByRole('group', { name: 'Resolutions that mean dropped work' }).waitFor();
  await app.getByTestId('field-alternatives-storyPoints').waitFor();
  await app.getByRole('group', { name: 'Blocking link types' }).scrollIntoViewIfNeeded();
  await session.page().screenshot({ path: testScreenshotPath('sites-settings') });

  await session.open('panel');
  await session.app().getByTestId('jira-warnings').waitFor({ timeout: 120_000 });
  const text = await session.app().getByTestId('jira-warnings').innerText();
  const broken = session.site().view.issues().filter((i) => i.rawFields).map((i) => i.key);
  expect(broken.some((key) => text.includes(key))).toBe(true);
  await session.page().screenshot({ path: testScreenshotPath('sites-balance') });
  expect(session.problems()).toEqual([]);
});
