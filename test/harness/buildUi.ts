/**
 * Builds the Custom UI apps in `static/` with Vite, one build per app into `static/<app>/build` with
 * relative asset URLs (`base: './'`), which is how Forge serves a Custom UI resource.
 * Used by `npm run build:ui` and by the harness, which skips apps whose build is newer than their sources.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import type { InlineConfig } from 'vite';

export const UI_APPS = ['panel', 'settings', 'admin', 'issue-panel', 'gadget'] as const;
export type UiApp = (typeof UI_APPS)[number];

export const STATIC_DIR = resolve(__dirname, '..', '..', 'static');

export function buildDirOf(app: UiApp): string {
  return join(STATIC_DIR, app, 'build');
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'build' || entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when the app's build exists and is newer than its sources, the shared UI code, the catalogs and the resolver contract. */
export function isBuildFresh(app: UiApp): boolean {
  const built = join(buildDirOf(app), 'index.html');
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  const sources = [
    join(STATIC_DIR, app),
    join(STATIC_DIR, 'shared'),
    resolve(STATIC_DIR, '..', 'locales'),
    resolve(STATIC_DIR, '..', 'src', 'resolvers', 'definitions.ts'),
  ];
  return sources.every((source) => newestMtime(source) <= builtAt);
}

export function viteConfigFor(app: UiApp): InlineConfig {
  return {
    root: join(STATIC_DIR, app),
    base: './',
    configFile: false,
    mode: 'production',
    logLevel: 'warn',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir: 'build',
      emptyOutDir: true,
      chunkSizeWarningLimit: 2048,
      rolldownOptions: {
        // react-window marks itself "use client" (a React Server Components hint): meaningless in a Custom UI.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
      },
    },
  };
}

export interface BuildUiOptions {
  apps?: readonly UiApp[];
  /** Rebuild even when the build is fresh. */
  force?: boolean;
  log?: (line: string) => void;
}

/** Runs Vite in this process (Vite is ESM-only: fine under tsx, not under Jest's CommonJS runtime). */
async function buildInProcess(apps: readonly UiApp[], log?: (line: string) => void): Promise<void> {
  const { build } = await import('vite');
  for (const app of apps) {
    log?.(`building static/${app} ...`);
    await build(viteConfigFor(app));
  }
}

/** Runs this file with tsx in a child process, so callers in any module system can build. */
function buildInChild(apps: readonly UiApp[], log?: (line: string) => void): Promise<void> {
  log?.(`building ${apps.map((a) => `static/${a}`).join(', ')} ...`);
  return new Promise((resolvePromise, reject) => {
    // Jest sets NODE_ENV=test, which would make Vite emit React's development JSX runtime calls.
    const env = { ...process.env, NODE_ENV: 'production' };
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), __filename, ...apps], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`Building the UI failed (exit ${code}):\n${stderr}`))));
  });
}

/** Builds the given apps (all by default) when stale or forced; returns the apps it built. */
export async function buildUis(options: BuildUiOptions = {}): Promise<UiApp[]> {
  const stale = (options.apps ?? UI_APPS).filter((app) => options.force || !isBuildFresh(app));
  if (stale.length > 0) await buildInChild(stale, options.log);
  return stale;
}

if (require.main === module) {
  const started = Date.now();
  const requested = process.argv.slice(2).filter((a): a is UiApp => (UI_APPS as readonly string[]).includes(a));
  const apps = requested.length > 0 ? requested : UI_APPS;
  buildInProcess(apps, (line) => console.log(line))
    .then(() => console.log(`built ${apps.join(', ')} in ${Date.now() - started} ms`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
