/**
 * Issue 14, screenshot hygiene: a plain `npm test` must leave `git status` clean, so no test may write over
 * the README's tracked images in docs/ unless `npm run screenshots` (UPDATE_DOCS_SCREENSHOTS=1) asked for it.
 * Every screenshot a test saves goes through `screenshotPath` / `testScreenshotPath`; this reads the test
 * sources and refuses a screenshot saved anywhere else.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { screenshotPath, testScreenshotPath } from './screenshots';

const ROOT = resolve(__dirname, '..', '..');
const TEST_DIR = resolve(ROOT, 'test');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Each `.screenshot(` call with the text of its first argument up to the closing parenthesis. */
function screenshotCalls(text: string): string[] {
  const calls: string[] = [];
  const pattern = /\.screenshot\(/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    let depth = 1;
    let end = match.index + match[0].length;
    while (end < text.length && depth > 0) {
      if (text[end] === '(') depth += 1;
      if (text[end] === ')') depth -= 1;
      end += 1;
    }
    calls.push(text.slice(match.index, end));
  }
  return calls;
}

test('without UPDATE_DOCS_SCREENSHOTS a screenshot goes to test-results/screenshots, with it to docs/', () => {
  const results = `${resolve(ROOT, 'test-results', 'screenshots')}${sep}`;
  expect(screenshotPath('panel-backlog', {})).toBe(`${results}panel-backlog.png`);
  expect(screenshotPath('panel-backlog', { UPDATE_DOCS_SCREENSHOTS: '0' })).toBe(`${results}panel-backlog.png`);
  expect(screenshotPath('panel-backlog', { UPDATE_DOCS_SCREENSHOTS: '1' })).toBe(resolve(ROOT, 'docs', 'panel-backlog.png'));
  expect(testScreenshotPath('narrow-backlog')).toBe(`${results}narrow-backlog.png`);
});

test('every screenshot a test saves is placed by screenshotPath or testScreenshotPath', () => {
  const offenders: string[] = [];
  let saved = 0;
  for (const file of sources(TEST_DIR)) {
    for (const call of screenshotCalls(readFileSync(file, 'utf8'))) {
      if (!/\bpath\s*:/.test(call)) continue; // a screenshot kept in memory writes no file
      saved += 1;
      if (!/\bpath\s*:\s*(screenshotPath|testScreenshotPath)\(/.test(call)) offenders.push(`${relative(ROOT, file)}: ${call.replace(/\s+/g, ' ')}`);
    }
  }
  // The scan found the screenshots the browser tests take (so it cannot pass by reading nothing).
  expect(saved).toBeGreaterThan(10);
  expect(offenders).toEqual([]);
});

test('no test source names a file in docs/ to write', () => {
  const offenders = sources(TEST_DIR)
    .filter((file) => file !== __filename)
    .flatMap((file) => readFileSync(file, 'utf8').split('\n').map((line, i) => ({ file, line, i })))
    .filter(({ line }) => /['"`]\.{0,2}\/?docs\/[^'"`]*\.(png|jpe?g)['"`]/.test(line))
    .map(({ file, line, i }) => `${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
  expect(offenders).toEqual([]);
});
