/**
 * `forge deploy` bundles the functions with Forge's own bundler (`@forge/bundler`: webpack + ts-loader
 * reading the root tsconfig.json, as `@forge/cli` runs it). This bundles src/index.ts that way, then loads
 * the bundle in plain Node and finds every handler manifest.yml names.
 */
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { getEntryPoints, getNodeBundler, type BundlerOutput } from '@forge/bundler';
import { readManifest, readManifestSchema, REPO_ROOT } from './app-dir';

type Logger = Parameters<typeof getNodeBundler>[0];

// webpack with ts-loader type-checking the whole of src/ on a busy two-core machine.
jest.setTimeout(300_000);

/** The runtime loader and wrapper come from Atlassian's CDN at deploy time; the bundle of the app's code does not depend on them. */
const RUNTIME_STAND_IN = { script: '/* stand-in: forge deploy fetches the runtime loader from Atlassian */', source: 'stand-in', version: 'stand-in' };

const warnings: string[] = [];
const logger: Logger = {
  traceEnabled: false,
  debugEnabled: false,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message) => warnings.push(message),
  error: (error) => warnings.push(error.message),
};

/** What `node` sees when it requires the bundle: each export's type. */
function exportsOfBundle(file: string): Promise<Record<string, string>> {
  const script = 'const m = require(process.argv[1]); process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v]))));';
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script, file], { cwd: path.dirname(file), maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`loading ${file} failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as Record<string, string>);
    });
  });
}

let output: BundlerOutput | undefined;
const cwd = process.cwd();

afterAll(() => {
  process.chdir(cwd);
  if (output) rmSync(output.outputDir, { recursive: true, force: true });
});

test("Forge's bundler builds src/index.ts, and the bundle exports every handler manifest.yml names", async () => {
  // Forge's CLI runs in the app's folder: its manifest reader and entry points are relative to it.
  process.chdir(REPO_ROOT);
  // As the CLI's ConfigFile reads them: the manifest through Forge's parser, each handler as module.function.
  const config = { readConfig: async () => readManifestSchema() };
  const named = readManifest().modules.function?.map((f) => f.handler as string) ?? [];
  const handlers = [...new Set(named)].map((handler) => {
    const [module = '', func = ''] = handler.split('.');
    return { module, func };
  });
  const wrapperProvider = { getNodeRuntimeWrapper: async () => RUNTIME_STAND_IN, getNodeRuntimeLoader: async () => RUNTIME_STAND_IN };
  output = await getNodeBundler(logger, wrapperProvider, config).bundle({ appDirectory: REPO_ROOT, entryPoints: getEntryPoints(handlers) });

  const modules = [...new Set(handlers.map((handler) => handler.module))];
  expect(modules).toEqual(['index']);
  const bundle = path.join(output.outputDir, 'index.cjs');
  expect(existsSync(bundle)).toBe(true);
  const exported = await exportsOfBundle(bundle);
  expect(handlers.length).toBeGreaterThanOrEqual(5);
  for (const { module, func } of handlers) expect({ module, func, type: exported[func] }).toEqual({ module: 'index', func, type: 'function' });
  expect(warnings).toEqual([]);
});
