import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PermissionLinter, parseSourceFile, type LintResult } from '@forge/lint';
import { tsParser } from '@forge/lint/out/parse';
import { HandlerLinter } from '@forge/lint/out/lint/linters/handler-linter/handler-linter';
import { StorageModulesLinter } from '@forge/lint/out/lint/linters/storage-module-linter/storage-module-linter';
import { DeprecatedApiModuleLinter } from '@forge/lint/out/lint/linters/deprecated-api-module-linter/deprecated-api-module-linter';
import { InvokeEndpointLinter } from '@forge/lint/out/lint/linters/endpoint-linter/invoke-endpoint-linter';
import { FunctionTimeoutLinter } from '@forge/lint/out/lint/linters/function-timeout-linter/function-timeout-linter';
import { AppManagedPermissionsSdkLinter } from '@forge/lint/out/lint/linters/app-managed-permissions-sdk-linter/app-managed-permissions-sdk-linter';
import { readManifestSchema, REPO_ROOT, scopeKeys } from './app-dir';
import { permissionErrorsWithScopes, useOfflineLint } from './offline-lint';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

/**
 * `forge lint`'s checks that need no Atlassian account: scopes per Jira route (the permission linter, reading
 * Atlassian's OpenAPI descriptions from ../shared/jira-openapi/ via USE_LOCAL_SWAGGER), handlers (every
 * manifest handler exported), storage, deprecated APIs, endpoints, function timeouts. Products this app never
 * calls get an empty description. (The manifest linters that consult Atlassian's feature flags run in the real
 * `forge lint` only.)
 */
describe('@forge/lint, offline', () => {
  let results: LintResult[];
  let restoreEnv: () => void;

  beforeAll(async () => {
    restoreEnv = useOfflineLint();
    const manifest = readManifestSchema();
    const logger = { info: () => undefined };
    const cwd = process.cwd();
    process.chdir(REPO_ROOT);
    try {
      const files = sourceFiles(path.join(REPO_ROOT, 'src')).map((f) => path.relative(REPO_ROOT, f));
      const inputs = await Promise.all(files.map((f) => parseSourceFile(f, tsParser)));
      // forge lint's client-side linters that need no Atlassian feature-flag service.
      const linters = [
        new PermissionLinter('development', manifest, logger),
        new HandlerLinter('development', manifest, logger),
        new StorageModulesLinter('development', manifest, logger),
        new DeprecatedApiModuleLinter('development', manifest, logger),
        new InvokeEndpointLinter('development', manifest, logger),
        new FunctionTimeoutLinter(manifest, logger),
        new AppManagedPermissionsSdkLinter(manifest, logger),
      ];
      await Promise.all(linters.map((l) => l.bootstrap()));
      results = (await Promise.all(linters.map((l) => l.batchExecute(inputs)))).flat();
    } finally {
      process.chdir(cwd);
    }
    // Parsing every source file takes about 40 s on an idle 2-core machine and over 60 s on a busy one.
  }, 180_000);

  afterAll(() => restoreEnv());

  it('reports no missing scope, handler, storage, timeout or deprecation problem', () => {
    const problems = results.flatMap((r) => [...r.errors, ...r.warnings].map((e) => `${r.file}:${e.line} ${e.message}`));
    expect(problems).toEqual([]);
  });

  it('would report a missing scope if the manifest lacked one', async () => {
    const scopes = scopeKeys(readManifestSchema().permissions?.scopes);
    const errors = await permissionErrorsWithScopes(scopes.filter((s) => s !== 'write:sprint:jira-software'));
    expect(errors).toEqual([expect.stringContaining('POST /rest/agile/1.0/sprint/{sprintId}/issue requires "write:sprint:jira-software"')]);
  }, 60_000);
});
