/**
 * Issue 14 item 7, in Chromium: people by display name, never an account id; "ask one of them" names the
 * project's lead (an administrator) and the groups allowed; a read-only user gets no set-up steps they cannot
 * take; a permission error offers no "Try again".
 */
import type { BalanceDto, ProjectSettingsDto } from '../../src/contracts';
import { browserSession } from './session';

jest.setTimeout(240_000);

const s = browserSession({ demo: { scale: 300, seed: 11 } });
const app = () => s.app();
const viewer = () => s.site().users.find((u) => u.email === 'viewer@demo.test')!;
const frameText = async (): Promise<string> => (await app().locator('body').textContent()) ?? '';
const ASK = "Only ORION's administrators (such as the project lead, Paula Owner (PO)) and members of group \"planners\" can change plans and settings: ask one of them.";

test('a read-only user is told whom to ask, by name, and gets no set-up steps', async () => {
  // The PO names a group of planners and saves an allocation.
  await s.open('settings');
  const groups = app().getByLabel('Editor groups');
  await groups.fill('planners', { timeout: 60_000 });
  await groups.press('Tab');
  await app().getByRole('button', { name: 'Save settings' }).click();
  await app().getByText('Settings saved.').waitFor();
  await s.open('panel');
  await s.openTab('Balance', 'balance-tab');
  const balance = await s.invoke<BalanceDto>('panel', 'getBalance', {});
  const [a, b] = balance.workTypes;
  await s.invoke('panel', 'saveAllocation', {
    piId: balance.pi.id,
    percents: { ...balance.allocation.percents, [a!.id]: (balance.allocation.percents[a!.id] ?? 0) - 5, [b!.id]: (balance.allocation.percents[b!.id] ?? 0) + 5 },
    baseVersion: balance.allocation.version,
  });

  await s.open('settings', { user: viewer().accountId });
  await app().getByText(ASK).waitFor({ timeout: 60_000 });
  // No "Get started" steps (pick a board, set up the calendar) for someone who cannot.
  expect(await app().getByText('Get started').count()).toBe(0);
  expect(await app().getByRole('button', { name: 'Use them as the calendar to edit' }).count()).toBe(0);

  await s.open('panel', { user: viewer().accountId });
  await s.openTab('Balance', 'balance-tab');
  await app().getByText(ASK).first().waitFor();
  await app().getByText(/Saved by Paula Owner \(PO\) on/).waitFor();
  const text = await frameText();
  for (const user of s.site().users) expect(text).not.toContain(user.accountId);
});

test('a set-up gap tells a read-only user whom to ask instead of what to change', async () => {
  await s.open('settings');
  await app().getByRole('button', { name: 'Save settings' }).waitFor({ timeout: 60_000 });
  const read = await s.invoke<ProjectSettingsDto>('settings', 'getProjectSettings', {});
  // A story-points field that does not exist: the panel needs set-up.
  await s.invoke('settings', 'saveProjectSettings', { settings: { ...read.settings, fieldOverrides: { ...read.settings.fieldOverrides, storyPoints: 'customfield_99999' } }, baseVersion: read.version });
  try {
    await s.open('panel', { user: viewer().accountId });
    const hint = app().getByTestId('setup-hint').first();
    await hint.waitFor({ timeout: 60_000 });
    expect(await hint.textContent()).toBe(`You cannot change the settings yourself. ${ASK}`);
  } finally {
    await s.open('settings');
    await app().getByRole('button', { name: 'Save settings' }).waitFor({ timeout: 60_000 });
    const now = await s.invoke<ProjectSettingsDto>('settings', 'getProjectSettings', {});
    await s.invoke('settings', 'saveProjectSettings', { settings: read.settings, baseVersion: now.version });
  }
});

test('a permission error offers no "Try again"', async () => {
  const dev = s.site().dev;
  for (const appName of ['panel', 'settings'] as const) {
    await s.open(appName, { user: dev.accountId, project: 'LYRA' });
    await app().getByText(/You cannot browse LYRA/).first().waitFor({ timeout: 60_000 });
    expect(await app().getByRole('button', { name: /Try again|Reload/ }).count()).toBe(0);
  }
});
