/**
 * The Chromium that the browser tests and the bench drive through playwright-core. A system Chromium when
 * there is one (it starts at once); otherwise the Chromium build shipped inside the npm package
 * `@sparticuz/chromium` (a devDependency), so `npm install && npm test` needs nothing but Node and npm.
 * Nothing here downloads a browser: the npm build is unpacked from the installed package.
 *
 * `CHROMIUM_PATH=/path/to/chrome` picks a browser; `BB_NO_SYSTEM_CHROMIUM=1` hides every system browser
 * (and CHROMIUM_PATH), as on a machine that has none.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';

/** Where Debian and Ubuntu, then macOS, put Chromium or Chrome. */
export const SYSTEM_CHROMIUM_PATHS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export const NPM_CHROMIUM_PACKAGE = '@sparticuz/chromium';

/** Flags for every browser: no network chatter of its own while a test runs. */
const QUIET_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

/**
 * The npm build's Lambda flags left out: those that would change what a page may do (same-origin policy,
 * mixed content), since the tests check the apps under the browser's real rules (the CSP test); and
 * --single-process (Lambda forbids the sandbox's prctl), which crashes the browser when a test closes a
 * page and opens the next.
 */
const LEFT_OUT_ARGS = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);

export interface ChromiumOptions {
  /** Try system browsers (default: unless BB_NO_SYSTEM_CHROMIUM=1 and no systemPaths are given). */
  system?: boolean;
  /** Where to look for a system browser (default SYSTEM_CHROMIUM_PATHS, or CHROMIUM_PATH alone when set). */
  systemPaths?: readonly string[];
  /** The npm package with a Chromium build inside; null for none. */
  npmPackage?: string | null;
}

export interface LaunchedChromium {
  browser: Browser;
  /** 'system' or 'npm'. */
  source: 'system' | 'npm';
  executablePath: string;
  /** One line for the test output: which browser ran. */
  description: string;
}

/** True when BB_NO_SYSTEM_CHROMIUM hides the system browsers. */
export function systemChromiumHidden(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.BB_NO_SYSTEM_CHROMIUM;
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/** Where a system browser is looked for, in order (empty when hidden). */
export function systemChromiumPaths(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  if (systemChromiumHidden(env)) return [];
  return env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : SYSTEM_CHROMIUM_PATHS;
}

export class NoChromiumError extends Error {
  constructor(tried: readonly string[]) {
    super(
      [
        'No Chromium could be started for the browser tests. Tried:',
        ...tried.map((line) => `  - ${line}`),
        'Get one in either way:',
        `  - run \`npm install\` (it installs ${NPM_CHROMIUM_PACKAGE}, a Chromium build for Linux x64, unpacked on first use), or`,
        '  - install Chromium or Chrome (Debian/Ubuntu: `apt-get install chromium`), or point CHROMIUM_PATH at one.',
      ].join('\n'),
    );
    this.name = 'NoChromiumError';
  }
}

/** A failed attempt in one line (Playwright's launch errors run over many). */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n').find((line) => line.trim() !== '') ?? message).trim();
}

interface NpmChromium {
  executablePath: string;
  args: string[];
  env: Record<string, string>;
  description: string;
}

/** The installed package's entry and version (a newer package unpacks beside an older one, not over it). */
function installedPackage(packageName: string): { entry: string; version: string } {
  const entry = createRequire(__filename).resolve(packageName);
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (parsed.name === packageName) return { entry, version: parsed.version ?? 'unknown' };
  }
  return { entry, version: 'unknown' };
}

/**
 * Run in a Node process of its own: the package unpacks into `os.tmpdir()`, and AWS_LAMBDA_JS_RUNTIME set
 * before it loads makes it also unpack the shared libraries it was built against (nss, nspr, expat) and
 * point LD_LIBRARY_PATH at them. Both are read from the real process environment, which a Jest test cannot
 * set (it sees a copy).
 */
const UNPACK_SCRIPT = `
const npmChromium = require(process.argv[1]);
npmChromium.executablePath().then(
  (path) => process.stdout.write(JSON.stringify({ path, libraryPath: process.env.LD_LIBRARY_PATH, args: npmChromium.args })),
  (error) => { process.stderr.write(String(error && error.message || error)); process.exit(1); },
);`;

interface Unpacked {
  path: string;
  libraryPath?: string;
  args: string[];
}

function runUnpack(entry: string, into: string): Promise<Unpacked> {
  const env = { ...process.env, TMPDIR: into, AWS_LAMBDA_JS_RUNTIME: 'nodejs20.x' };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', UNPACK_SCRIPT, entry], { env, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`unpacking failed: ${stderr.trim() || error.message}`));
      else resolve(JSON.parse(stdout) as Unpacked);
    });
  });
}

/**
 * The package's fonts.conf names /tmp/fonts, where it unpacks on Lambda: this one names the fonts where they
 * are (Open Sans, so text renders with no system font), then whatever the system has.
 */
function writeFontConfig(staging: string, target: string): void {
  mkdirSync(join(staging, 'fontconfig'));
  const config = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    `  <dir>${join(target, 'fonts')}</dir>`,
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
    `  <cachedir>${join(target, 'fontconfig', 'cache')}</cachedir>`,
    '</fontconfig>',
    '',
  ].join('\n');
  writeFileSync(join(staging, 'fontconfig', 'fonts.conf'), config);
}

/**
 * Unpacks the npm package's Chromium once per version into the temp folder (about 4 s, ~210 MB). Several
 * test workers or checkouts may do so at once: each unpacks into a folder of its own, renamed into place
 * (atomic); the first one stays.
 */
async function unpackNpmChromium(packageName: string): Promise<NpmChromium> {
  if (platform() !== 'linux' || arch() !== 'x64') throw new Error(`${packageName} ships Chromium for Linux x64 only (this is ${platform()} ${arch()})`);
  const { entry, version } = installedPackage(packageName);
  const target = join(tmpdir(), `backlog-balance-chromium-${version}`);
  const staging = `${target}.partial-${process.pid}-${randomUUID()}`;
  mkdirSync(staging, { recursive: true });
  try {
    // Run even when unpacked already (it then returns at once): its flags come from the package.
    const unpacked = await runUnpack(entry, existsSync(join(target, 'chromium')) ? target : staging);
    const into = dirname(unpacked.path);
    if (into !== target && into !== staging) throw new Error(`unpacked to ${unpacked.path}, not into ${staging}`);
    if (!unpacked.libraryPath?.startsWith(join(into, 'al2023', 'lib')) || !existsSync(join(into, 'al2023', 'lib', 'libnss3.so'))) {
      throw new Error(`did not unpack its shared libraries (nss) into ${into}`);
    }
    if (into === staging) {
      writeFontConfig(staging, target);
      try {
        renameSync(staging, target);
      } catch (error) {
        // Another process put its copy in place first: use that one.
        if (!existsSync(join(target, 'chromium'))) throw error;
      }
    }
    const libraries = join(target, 'al2023', 'lib');
    return {
      executablePath: join(target, 'chromium'),
      args: unpacked.args.filter((arg) => !LEFT_OUT_ARGS.has(arg)),
      env: {
        LD_LIBRARY_PATH: [libraries, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
        FONTCONFIG_PATH: join(target, 'fontconfig'),
      },
      description: `${packageName} ${version}, unpacked in ${target}`,
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The browser already chosen in this process, so later launches skip the candidates that failed. */
let chosen: { key: string; source: LaunchedChromium['source']; path: string } | undefined;
const announced = new Set<string>();

/**
 * Launches headless Chromium: a system browser when there is one, else the npm package's build. Throws
 * NoChromiumError, saying how to get a browser, when none starts. Prints once per process which one ran.
 */
export async function openChromium(options: ChromiumOptions = {}): Promise<LaunchedChromium> {
  // Paths given explicitly are tried even when BB_NO_SYSTEM_CHROMIUM hides the usual ones.
  const system = options.system ?? (options.systemPaths !== undefined || !systemChromiumHidden());
  const paths = system ? (options.systemPaths ?? systemChromiumPaths()) : [];
  const npmPackage = options.npmPackage === undefined ? NPM_CHROMIUM_PACKAGE : options.npmPackage;
  const key = JSON.stringify([paths, npmPackage]);
  const tried: string[] = [];

  const attempts: { source: LaunchedChromium['source']; path: string }[] = [
    ...paths.map((path) => ({ source: 'system' as const, path })),
    ...(npmPackage ? [{ source: 'npm' as const, path: npmPackage }] : []),
  ];
  const ordered = chosen?.key === key ? attempts.filter((a) => a.path === chosen?.path) : attempts;
  for (const attempt of ordered) {
    if (attempt.source === 'system' && !existsSync(attempt.path)) {
      tried.push(`${attempt.path}: not there`);
      continue;
    }
    try {
      const npm = attempt.source === 'npm' ? await unpackNpmChromium(attempt.path) : undefined;
      const executablePath = npm?.executablePath ?? attempt.path;
      const browser = await chromium.launch({
        executablePath,
        headless: true,
        args: [...new Set([...(npm?.args ?? []), ...QUIET_ARGS])],
        ...(npm ? { env: { ...process.env, ...npm.env } } : {}),
        timeout: 60_000,
      });
      const description = `Chromium ${browser.version()} from ${npm ? npm.description : `the system, ${attempt.path}`}`;
      chosen = { key, ...attempt };
      if (!announced.has(description)) {
        announced.add(description);
        console.log(`${BROWSER_LINE_PREFIX} ${description}`);
      }
      return { browser, source: attempt.source, executablePath, description };
    } catch (error) {
      tried.push(`${attempt.path}: ${firstLine(error)}`);
    }
  }
  if (!npmPackage) tried.push('no npm package tried');
  throw new NoChromiumError(tried);
}

/** How the line naming the browser starts (the summary reporter repeats it at the end of `npm test`). */
export const BROWSER_LINE_PREFIX = 'Browser for the UI tests:';

/** The preferred headless Chromium (see openChromium). */
export async function launchChromium(): Promise<Browser> {
  return (await openChromium()).browser;
}

/** The app's iframe inside the harness's Jira-like page, once its document has loaded. */
export async function appFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe#app');
  for (;;) {
    const frame = await handle.contentFrame();
    if (frame && frame.url().includes('/apps/')) {
      await frame.waitForLoadState('domcontentloaded');
      return frame;
    }
    await page.waitForTimeout(50);
  }
}
