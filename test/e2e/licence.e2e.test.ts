/**
 * A site without an active licence, in Chromium: the harness's licence switch makes Forge's runtime pass
 * `license.isActive: false`; every app shows the read-only banner and offers no write, and the server refuses
 * one anyway.
 */
import { testScreenshotPath } from './screenshots';
import { browserSession, until } from './session';

jest.setTimeout(180_000);

const session = browserSession();

it('turns every app read-only with a banner when the licence is switched off, and back when it is on', async () => {
  await session.open('panel');
  const app = session.app();
  const page = session.page();
  // Licensed: the PO may plan, no banner.
  await app.locator('#alloc-feature').waitFor({ timeout: 90_000 });
  expect(await app.locator('#alloc-feature').isDisabled()).toBe(false);
  expect(await app.getByTestId('read-only-banner').count()).toBe(0);

  // The harness's switch, as a site admin's lapsed licence.
  await page.locator('#licence').click();
  await until('the frame reloads with the licence off', async () => (await page.locator('iframe#app').getAttribute('src'))?.includes('licence=inactive') ?? false);
  const banner = app.getByTestId('read-only-banner');
  await banner.waitFor({ timeout: 90_000 });
  expect(await banner.innerText()).toMatch(/no active licence.*read-only/s);
  await app.locator('#alloc-feature').waitFor({ timeout: 90_000 });
  expect(await app.locator('#alloc-feature').isDisabled()).toBe(true);
  expect(await app.getByRole('button', { name: 'Save allocation' }).isDisabled()).toBe(true);
  await page.screenshot({ path: testScreenshotPath('panel-unlicensed'), animations: 'disabled' });

  // The other apps say so too.
  for (const name of ['Project settings · Backlog balance', 'Jira admin · Backlog balance', 'Issue panel']) {
    await page.getByRole('link', { name }).click();
    await session.app().getByTestId('read-only-banner').waitFor({ timeout: 90_000 });
  }

  // Back on: the banner goes, planning is possible again.
  await page.getByRole('link', { name: 'Backlog balance', exact: true }).click();
  await page.locator('#licence').click();
  await session.app().locator('#alloc-feature').waitFor({ timeout: 90_000 });
  await until('the allocation editor is enabled', async () => !(await session.app().locator('#alloc-feature').isDisabled()));
  expect(await session.app().getByTestId('read-only-banner').count()).toBe(0);
  expect(session.problems()).toEqual([]);
});
