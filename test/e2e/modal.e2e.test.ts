/**
 * Issue 14 item 14, dialogs that cover what Jira covers: the panel's dialogs are Forge Custom UI modals
 * (`Modal` from @forge/bridge). Jira puts a modal's frame over the whole Jira page (top bar and sidebar
 * included), not inside the app's iframe; the harness does the same. The dialog gets what it needs through
 * the modal's context, keeps the keyboard focus inside, closes on Escape, and its `view.close` result reaches
 * the opener, which puts the focus back on the button that opened it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Frame } from 'playwright-core';
import { testScreenshotPath } from './screenshots';
import { browserSession, until } from './session';

jest.setTimeout(240_000);

const s = browserSession({ viewport: { width: 1280, height: 800 } });
const app = () => s.app();
const modal = () => s.modal();

function frameOf(kind: 'app' | 'modal'): Frame {
  const frame = s.page().frames().find((f) => /\/apps\/panel\//.test(f.url()) && f.url().includes('forgeModal') === (kind === 'modal'));
  if (!frame) throw new Error(`${kind} frame not found`);
  return frame;
}

test('a dialog opens as a modal over the whole Jira page, gets its context, keeps the focus, and Escape closes it back to its button', async () => {
  await s.open('panel');
  await s.openTab('Backlog', 'backlog-tab');
  const opener = app().getByRole('button', { name: 'Apply order to Jira' });
  await opener.click();
  const dialog = modal().getByRole('dialog', { name: 'Apply the backlog order to Jira' });
  await dialog.getByText(/will move|nothing moves|already matches/).waitFor({ timeout: 60_000 });

  // Outside the app's iframe: in the shell page, its blanket covering the whole viewport (top bar and sidebar too).
  expect(await app().getByRole('dialog').count()).toBe(0);
  const layer = await s.page().locator('[data-forge-modal-layer]').boundingBox();
  expect(layer).toEqual({ x: 0, y: 0, width: 1280, height: 800 });
  const box = await s.page().locator('iframe#forge-modal').boundingBox();
  const appBox = await s.page().locator('iframe#app').boundingBox();
  if (!box || !appBox) throw new Error('frames not laid out');
  // Jira's "large" modal, 800 px wide, centred on the page (not on the app's frame beside the sidebar).
  expect(box.width).toBe(800);
  expect(Math.round(box.x + box.width / 2)).toBe(640);
  expect(box.x).toBeLessThan(appBox.x + 1);
  // The context the panel passed: the PI its Backlog shows, named in the preview.
  const context = await frameOf('modal').evaluate(async () => {
    const bridge = (globalThis as unknown as { __bridge: { callBridge: (name: string) => Promise<{ extension: { modal?: { dialog?: string; piId?: string } } }> } }).__bridge;
    return (await bridge.callBridge('getContext')).extension.modal;
  });
  expect(context?.dialog).toBe('rerank');
  await s.page().screenshot({ path: testScreenshotPath('modal-apply-order'), animations: 'disabled' });

  // The focus is in the dialog, and Tab cycles inside it (it never reaches the page behind).
  const focusInDialog = (): Promise<boolean> => frameOf('modal').evaluate(`Boolean(document.activeElement && document.activeElement.closest('[role="dialog"]'))`);
  await until('the focus in the dialog', focusInDialog);
  for (let i = 0; i < 6; i++) {
    await s.page().keyboard.press('Tab');
    expect(await focusInDialog()).toBe(true);
  }

  // Escape closes it; the focus is back on the button that opened it.
  await s.page().keyboard.press('Escape');
  await s.page().locator('iframe#forge-modal').waitFor({ state: 'detached' });
  await until('the focus back on "Apply order to Jira"', async () => (await frameOf('app').evaluate<string>(`document.activeElement ? document.activeElement.textContent || '' : ''`)) === 'Apply order to Jira');
  expect(s.problems()).toEqual([]);
});

test("what the dialog closes with reaches the panel: a split's new stories show on Refinement once the dialog is closed", async () => {
  await s.open('panel');
  await s.openTab('Refinement', 'refinement-tab');
  const split = app().getByRole('button', { name: /^Split [A-Z]+-\d+$/ }).first();
  const key = ((await split.getAttribute('aria-label')) ?? '').replace('Split ', '');
  await split.click();
  const dialog = modal().getByRole('dialog', { name: `Split ${key}` });
  await dialog.getByTestId('split-sum').waitFor();
  await dialog.getByRole('button', { name: /^Split into \d+ stories$/ }).click();
  await dialog.getByText('Split done').waitFor({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await s.page().locator('iframe#forge-modal').waitFor({ state: 'detached' });
  // The panel reloaded: the original, closed as dropped, is no split candidate any more.
  await until(`${key} gone from the split candidates`, async () => (await app().getByRole('button', { name: `Split ${key}`, exact: true }).count()) === 0, 60_000);
  expect(s.site().view.statusCategory(key)).toBe('done');
});

test('a dialog that cannot open (another one is already open) says so in a flag, and its button opens it once the other is closed', async () => {
  await s.open('panel');
  await s.openTab('Refinement', 'refinement-tab');
  const split = app().getByRole('button', { name: /^Split [A-Z]+-\d+$/ }).first();
  const key = ((await split.getAttribute('aria-label')) ?? '').replace('Split ', '');
  await split.click();
  const dialog = modal().getByRole('dialog', { name: `Split ${key}` });
  await dialog.getByTestId('split-sum').waitFor();

  // A second open while the first modal is up (the blanket hides the button from the mouse, so the click is
  // dispatched): Jira refuses it, and the bridge's Modal.open() rejects.
  await split.dispatchEvent('click');
  const flag = s.page().getByRole('alert').filter({ hasText: 'The dialog did not open' });
  await flag.waitFor({ timeout: 10_000 });
  expect(await flag.textContent()).toContain('Another dialog is already open');
  await s.page().screenshot({ path: testScreenshotPath('modal-not-opened-flag'), animations: 'disabled' });
  // The first dialog is untouched, and nothing was left unhandled.
  expect(await s.page().locator('iframe#forge-modal').count()).toBe(1);
  await dialog.getByTestId('split-sum').waitFor();

  // Once the first is closed, the same button opens its dialog.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await s.page().locator('iframe#forge-modal').waitFor({ state: 'detached' });
  await split.click();
  await modal().getByRole('dialog', { name: `Split ${key}` }).getByTestId('split-sum').waitFor();
  await modal().getByRole('dialog', { name: `Split ${key}` }).getByRole('button', { name: 'Cancel' }).click();
  await s.page().locator('iframe#forge-modal').waitFor({ state: 'detached' });
  expect(s.problems()).toEqual([]);
});

test("no app renders a dialog inside its own iframe: Atlaskit's in-frame modal is used nowhere", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (name === 'build' || name === 'node_modules') return [];
      return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
    });
  const sources = files(resolve(__dirname, '..', '..', 'static'));
  expect(sources.length).toBeGreaterThan(20);
  expect(sources.filter((file) => readFileSync(file, 'utf8').includes('@atlaskit/modal-dialog'))).toEqual([]);
});
