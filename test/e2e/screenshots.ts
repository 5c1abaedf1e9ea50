/**
 * Where a browser test writes a screenshot. The README's images in docs/ are tracked files: only
 * `npm run screenshots` (UPDATE_DOCS_SCREENSHOTS=1) writes over them; every other run writes into
 * test-results/screenshots/ (ignored by git), so a plain `npm test` leaves `git status` clean.
 * `test/e2e/screenshot-paths.test.ts` fails on a screenshot taken without this function.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** True when this run may renew the README's screenshots in docs/. */
export function renewsDocs(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.UPDATE_DOCS_SCREENSHOTS === '1';
}

/**
 * The file for screenshot `name` (without `.png`): docs/NAME.png when renewing the docs, otherwise
 * test-results/screenshots/NAME.png. Creates the folder.
 */
export function screenshotPath(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = renewsDocs(env) ? resolve(ROOT, 'docs') : resolve(ROOT, 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return resolve(dir, `${name}.png`);
}

/** A screenshot only a test looks at (never a README image): always test-results/screenshots/NAME.png. */
export function testScreenshotPath(name: string): string {
  const dir = resolve(ROOT, 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return resolve(dir, `${name}.png`);
}
