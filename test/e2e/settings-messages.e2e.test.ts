/**
 * Issue 14 item 8, in Chromium at 1024 px: a refused save speaks the PO's words and puts them on the field
 * ("Iteration 5 of PI 3: the end date is before the start", never "Pis › #3 › iterations › #5 › end"); an
 * unknown program project key is refused with the reason; two WSJF components on one field are refused before
 * saving; fields have accessible names in words ("Business value override").
 */
import type { ProjectSettingsDto } from '../../src/contracts';
import { screenshotPath } from './screenshots';
import { browserSession } from './session';

jest.setTimeout(180_000);

const s = browserSession({ viewport: { width: 1024, height: 900 }, demo: { scale: 300, seed: 11 } });
const app = () => s.app();

/** The field the page marked invalid and the one that has the focus, by their data-field paths. */
async function invalidAndFocused(): Promise<{ invalid: string[]; focused: string | null }> {
  const frame = s.page().frames().find((f) => f.url().includes('/apps/settings/'));
  if (!frame) throw new Error('settings frame not found');
  return (await frame.evaluate(`(() => ({
    invalid: [...document.querySelectorAll('[aria-invalid="true"]')].map((e) => e.closest('[data-field]')?.getAttribute('data-field') ?? e.tagName),
    focused: document.activeElement?.closest('[data-field]')?.getAttribute('data-field') ?? null,
  }))()`)) as { invalid: string[]; focused: string | null };
}

const saveButton = () => app().getByRole('button', { name: 'Save settings' });
const refusal = () => app().getByRole('alert').filter({ hasText: /:/ }).first();

test('a refused date names the iteration and PI in words and puts the focus on that date', async () => {
  await s.open('settings');
  await app().getByRole('button', { name: 'Use them as the calendar to edit' }).click({ timeout: 60_000 });
  const dto = await s.invoke<ProjectSettingsDto>('settings', 'getProjectSettings', {});
  const endInput = app().locator('input[data-field*=".iterations."][data-field$=".end"]').last();
  const path = (await endInput.getAttribute('data-field')) as string;
  const match = /^settings\.pis\.(\d+)\.iterations\.(\d+)\.end$/.exec(path)!;
  const piIndex = Number(match[1]);
  const itIndex = Number(match[2]);
  const iteration = dto.derivedPis[piIndex]!.iterations[itIndex]!;
  const dayBefore = new Date(Date.parse(`${iteration.start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await endInput.fill(dayBefore);
  await saveButton().click();

  const expected = `Iteration ${itIndex + 1} of PI ${piIndex + 1} (${iteration.name}): the end date is before the start`;
  await app().getByText(expected).waitFor();
  const text = (await refusal().textContent()) ?? '';
  expect(text).not.toMatch(/›|#\d|pis|iterations/);
  expect(await invalidAndFocused()).toEqual({ invalid: [path], focused: path });
  await s.page().screenshot({ path: screenshotPath('settings-refused-date') });

  // Put right, it saves.
  await endInput.fill(iteration.end);
  await saveButton().click();
  await app().getByText('Settings saved.').waitFor();
});

test('an unknown program project key is refused with the reason, on that field', async () => {
  await s.open('settings');
  const projects = app().getByLabel('Program projects (keys)');
  await projects.fill('ART, NOPE', { timeout: 60_000 });
  await projects.press('Tab');
  await saveButton().click();
  await app().getByText(/Program projects: "NOPE" is not a Jira project you can see/).waitFor();
  expect(await invalidAndFocused()).toEqual({ invalid: ['settings.programProjects'], focused: 'settings.programProjects' });
  await projects.fill('ART');
  await projects.press('Tab');
  await saveButton().click();
  await app().getByText('Settings saved.').waitFor();
});

test('two WSJF components on one field are refused before saving, named in words', async () => {
  await s.open('settings');
  // The select's accessible name is in words, not the property name.
  const businessValue = app().getByRole('combobox', { name: 'Business value override', exact: true });
  await businessValue.waitFor({ timeout: 60_000 });
  const dto = await s.invoke<ProjectSettingsDto>('settings', 'getProjectSettings', {});
  const timeCriticality = dto.fields.find((f) => f.role === 'timeCriticality')!;
  const pick = async (option: string): Promise<void> => {
    await businessValue.focus();
    await s.page().keyboard.press('ArrowDown');
    await app().getByRole('option', { name: option, exact: true }).click();
  };
  const field = dto.availableFields.find((a) => a.id === timeCriticality.fieldId)!;
  await pick(`${field.name} (${field.id})`);
  await app().getByRole('alert').filter({ hasText: 'Time criticality is read from this field too: each WSJF component needs a field of its own.' }).waitFor();
  expect(await saveButton().isDisabled()).toBe(true);
  expect(await app().getByRole('combobox', { name: /^Override / }).count()).toBe(0);
  await pick('Use detected');
  expect(await saveButton().isDisabled()).toBe(false);
});
