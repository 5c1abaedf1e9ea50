/**
 * Builds the Custom UI apps in `static/` with Vite, one build per app into `static/<app>/build` with
 * relative asset URLs (`base: './'`), which is how Forge serves a Custom UI resource.
 * Used by `npm run build:ui` and by the harness, which skips apps whose build is newer than their sources.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InlineConfig } from 'vite';

export const UI_APPS = ['panel', 'settings', 'admin', 'issue-panel'] as const;
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

/** True when the app's build exists and is newer than its sources, the shared UI code and the resolver contract. */
export function isBuildFresh(app: UiApp): boolean {
  const built = join(buildDirOf(app), 'index.html');
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  const sources = [
    join(STATIC_DIR, app),
    join(STATIC_DIR, 'shared'),
    resolve(STATIC_DIR, '..', 'src', 'resolvers', 'definitions.ts'),
  ];
  return sources.every((source) => newestMtime(source) <= builtAt);
}

export function viteConfigFor(app: UiApp): InlineConfig {
  return {
    root: join(STATIC_DIR, app),
    base: './',
    configFile: false,
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

/** Builds the given apps (all by default); returns the apps it actually built. */
export async function buildUis(options: BuildUiOptions = {}): Promise<UiApp[]> {
  const { build } = await import('vite');
  const apps = options.apps ?? UI_APPS;
  const built: UiApp[] = [];
  for (const app of apps) {
    if (!options.force && isBuildFresh(app)) continue;
    options.log?.(`building static/${app} ...`);
    await build(viteConfigFor(app));
    built.push(app);
  }
  return built;
}

if (require.main === module) {
  const started = Date.now();
  buildUis({ force: true, log: (line) => console.log(line) })
    .then((apps) => console.log(`built ${apps.join(', ')} in ${Date.now() - started} ms`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
