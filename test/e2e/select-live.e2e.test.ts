/**
 * Issue 11: what a screen reader hears from Atlaskit's Select (its live region, `role="status"`) is in the
 * user's language. In Chromium, in German: search the settings page's time zone picker, then choose a zone
 * with the keyboard; the live region says the result count for the search term, then the chosen option, in
 * German. The same in English reads react-select's own words.
 */
import { browserSession, until } from './session';

jest.setTimeout(240_000);

const session = browserSession();

/** The live region of the time zone picker (the Select next to its label). */
const liveRegion = () => session.app().locator('div:has(> label[for="team-time-zone"])').getByRole('status');

async function liveText(expected: RegExp): Promise<string> {
  let text = '';
  await until(`live region says ${expected}`, async () => {
    text = (await liveRegion().innerText()).trim();
    return expected.test(text);
  });
  return text;
}

async function searchAndChoose(locale: string, saveLabel: string): Promise<{ filtered: string; chosen: string }> {
  await session.open('settings', { locale });
  const app = session.app();
  await app.getByRole('button', { name: saveLabel }).waitFor({ timeout: 90_000 });
  const input = app.locator('#team-time-zone');
  await input.focus();
  await input.pressSequentially('Berl');
  const filtered = await liveText(/Berl/);
  await input.press('Enter');
  const chosen = await liveText(/Berlin/);
  return { filtered, chosen };
}

test('in German the Select announces the search results and the chosen option in German', async () => {
  const { filtered, chosen } = await searchAndChoose('de-DE', 'Einstellungen speichern');
  expect(filtered).toBe('1 Ergebnis verfügbar für den Suchbegriff „Berl“.');
  expect(chosen).toBe('Option Europe/Berlin, ausgewählt.');
  expect(session.problems()).toEqual([]);
});

test('in English it reads as react-select says it', async () => {
  const { filtered, chosen } = await searchAndChoose('en-US', 'Save settings');
  expect(filtered).toBe('1 result available for search term Berl.');
  expect(chosen).toBe('option Europe/Berlin, selected.');
});
