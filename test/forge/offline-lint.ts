/**
 * Running Forge's own linters without an Atlassian account: @forge/lint reads Atlassian's OpenAPI descriptions
 * from ../shared/jira-openapi/ (USE_LOCAL_SWAGGER) instead of fetching them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PermissionLinter, parseSourceFile } from '@forge/lint';
import { tsParser } from '@forge/lint/out/parse';
import { OPENAPI_DIR, readManifestSchema, REPO_ROOT } from './app-dir';

/** Points the linter at the local API descriptions, its cache outside ~/.config; returns the undo. */
export function useOfflineLint(): () => void {
  const saved = { ...process.env };
  const configHome = mkdtempSync(path.join(os.tmpdir(), 'bb-lint-config-'));
  // Products this app never calls get an empty description.
  const empty = path.join(REPO_ROOT, 'test', 'forge', 'fixtures', 'empty-openapi.json');
  Object.assign(process.env, {
    XDG_CONFIG_HOME: configHome,
    USE_LOCAL_SWAGGER: '1',
    LOCAL_JIRA_SWAGGER: path.join(OPENAPI_DIR, 'jira-platform.v3.json'),
    LOCAL_JSW_SWAGGER: path.join(OPENAPI_DIR, 'jira-software.json'),
    LOCAL_JSM_SWAGGER: empty,
    LOCAL_CONF_SWAGGER: empty,
    LOCAL_CONF_V2_SWAGGER: empty,
    LOCAL_BB_SWAGGER: empty,
  });
  return () => {
    process.env = saved;
    rmSync(configHome, { recursive: true, force: true });
  };
}

/** What Forge's permission linter says of every route the code calls, were the manifest to declare only `scopes`. */
export async function permissionErrorsWithScopes(scopes: string[]): Promise<string[]> {
  const manifest = readManifestSchema();
  const trimmed = { ...manifest, permissions: { ...manifest.permissions, scopes } };
  const linter = new PermissionLinter('development', trimmed, { info: () => undefined });
  await linter.bootstrap();
  const input = await parseSourceFile(path.join(REPO_ROOT, 'src/platform/jira-routes.ts'), tsParser);
  return (await linter.batchExecute([input])).flatMap((r) => r.errors.map((e) => e.message));
}
