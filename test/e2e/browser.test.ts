/**
 * The browser launcher itself (test/e2e/browser.ts): on a machine without a system Chromium the browser
 * tests run in the Chromium build from the npm registry, and when no browser starts they fail saying how
 * to get one. (panel.e2e.test.ts also runs one whole flow in the npm registry's Chromium.)
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { NoChromiumError, openChromium, SYSTEM_CHROMIUM_PATHS, systemChromiumPaths } from './browser';

jest.setTimeout(120_000);

const LINUX_X64 = platform() === 'linux' && arch() === 'x64';

/** The shared libraries a running process of `executablePath`, started by this process, has loaded. */
function librariesLoadedBy(executablePath: string): string[] {
  const libraries = new Set<string>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let exe: string;
    let parent: string;
    try {
      exe = readlinkSync(`/proc/${pid}/exe`);
      parent = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1] ?? '';
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    if (exe !== executablePath || parent !== String(process.pid)) continue;
    for (const line of readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n')) {
      const path = line.split(/\s+/)[5];
      if (path?.includes('.so')) libraries.add(path);
    }
  }
  return [...libraries];
}

test('BB_NO_SYSTEM_CHROMIUM hides every system browser, CHROMIUM_PATH included; CHROMIUM_PATH alone replaces the usual places', () => {
  expect(systemChromiumPaths({})).toEqual(SYSTEM_CHROMIUM_PATHS);
  expect(SYSTEM_CHROMIUM_PATHS.slice(0, 2)).toEqual(['/usr/bin/chromium', '/usr/lib/chromium/chromium']);
  expect(systemChromiumPaths({ CHROMIUM_PATH: '/opt/chrome/chrome' })).toEqual(['/opt/chrome/chrome']);
  expect(systemChromiumPaths({ BB_NO_SYSTEM_CHROMIUM: '1', CHROMIUM_PATH: '/opt/chrome/chrome' })).toEqual([]);
  expect(systemChromiumPaths({ BB_NO_SYSTEM_CHROMIUM: '0' })).toEqual(SYSTEM_CHROMIUM_PATHS);
});

test("with the system Chromium hidden, the npm registry's Chromium starts on its own libraries and renders a page", async () => {
  if (!LINUX_X64) {
    // The npm build exists for Linux x64 only: elsewhere the launcher says so (and the tests need a system browser).
    await expect(openChromium({ system: false })).rejects.toThrow(/Linux x64 only/);
    return;
  }
  const launched = await openChromium({ system: false });
  try {
    expect(launched.source).toBe('npm');
    expect(launched.description).toMatch(/^Chromium \d+\.\d+\.\d+\.\d+ from @sparticuz\/chromium /);
    const page = await launched.browser.newPage({ viewport: { width: 400, height: 200 } });
    await page.setContent(
      '<body style="margin:0"><div id="box" style="width:120px;height:50px;background:rgb(0, 82, 204)"></div>' +
        '<span id="text" style="font:16px sans-serif">Backlog balance</span></body>',
    );
    // Layout and fonts: the box has its size, the text has glyphs of some width.
    expect(await page.locator('#box').boundingBox()).toEqual({ x: 0, y: 0, width: 120, height: 50 });
    expect((await page.locator('#text').boundingBox())?.width).toBeGreaterThan(50);
    // Painting: the screenshot, decoded by the same browser, has the box's colour inside the box and white beside it.
    const png = (await page.screenshot()).toString('base64');
    // Browser code as text: the test tsconfig has no DOM types.
    const pixels = await page.evaluate(`(async () => {
      const image = new Image();
      image.src = 'data:image/png;base64,${png}';
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      return [Array.from(context.getImageData(60, 25, 1, 1).data), Array.from(context.getImageData(300, 25, 1, 1).data)];
    })()`);
    expect(pixels).toEqual([
      [0, 82, 204, 255],
      [255, 255, 255, 255],
    ]);
    // No system NSS needed: the browser loaded the libraries the package unpacked beside it.
    const nss = librariesLoadedBy(launched.executablePath).filter((path) => /\/lib(nss3|nspr4|expat)\.so/.test(path));
    expect(nss.length).toBeGreaterThanOrEqual(3);
    for (const library of nss) expect(library.startsWith(dirname(launched.executablePath))).toBe(true);
  } finally {
    await launched.browser.close();
  }
});

test('a system Chromium is preferred when one is there; one that does not start is passed over for the next', async () => {
  const expected = systemChromiumPaths().some((path) => existsSync(path)) ? 'system' : 'npm';
  const preferred = await openChromium();
  await preferred.browser.close();
  expect(preferred.source).toBe(expected);

  const dir = mkdtempSync(join(tmpdir(), 'bb-broken-chromium-'));
  try {
    const broken = join(dir, 'chromium');
    writeFileSync(broken, '#!/bin/sh\necho "broken on purpose" >&2\nexit 1\n');
    chmodSync(broken, 0o755);
    const attempt = openChromium({ systemPaths: [broken] });
    if (!LINUX_X64) {
      // Nothing to fall back to off Linux x64: the error names the broken browser.
      await expect(attempt).rejects.toThrow(/broken on purpose/);
      return;
    }
    const fallback = await attempt;
    await fallback.browser.close();
    expect(fallback.source).toBe('npm');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('when no browser starts, the tests fail with what was tried and how to get one', async () => {
  const error: unknown = await openChromium({ systemPaths: ['/nonexistent/chromium'], npmPackage: '@sparticuz/chromium-not-installed' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NoChromiumError);
  const message = (error as Error).message;
  expect(message).toMatch(/^No Chromium could be started for the browser tests/);
  expect(message).toContain('/nonexistent/chromium: not there');
  expect(message).toMatch(/@sparticuz\/chromium-not-installed: \S/);
  expect(message).toContain('run `npm install`');
  expect(message).toContain('apt-get install chromium');
  expect(message).toContain('CHROMIUM_PATH');
});
