import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManifestParserBuilder, type ManifestSchema } from '@forge/manifest';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const MANIFEST = path.join(REPO_ROOT, 'manifest.yml');

/**
 * The Atlassian OpenAPI descriptions live beside the clone (`../shared/jira-openapi/` from the repo root,
 * in CI and on the dev machine alike): resolved from the repo's parent, never from an absolute path.
 */
export const OPENAPI_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'jira-openapi');

export interface ManifestShape {
  modules: Record<string, { key: string; resource?: string; resolver?: { function: string }; handler?: string; function?: string; queue?: string; title?: string | { i18n: string }; icon?: string; timeoutSeconds?: number }[]>;
  resources: { key: string; path: string }[];
  permissions: { scopes: ScopeDeclaration };
  app: { runtime: { name: string } };
  translations: { resources: { key: string; path: string }[]; fallback: { default: string } };
}

/** Scopes as a list, or (to mark some `allowImpersonation`) as an object keyed by scope. */
export type ScopeDeclaration = string[] | Record<string, { allowImpersonation?: boolean }>;

/** The scope names however the manifest declares them (as @forge/manifest's getAllScopeKeys reads them). */
export function scopeKeys(scopes: unknown): string[] {
  if (Array.isArray(scopes)) return scopes.filter((s): s is string => typeof s === 'string');
  return scopes && typeof scopes === 'object' ? Object.keys(scopes) : [];
}

/** The manifest as Forge's own parser reads it (with its `${...}` interpolation). */
export function readManifestSchema(): ManifestSchema {
  return new ManifestParserBuilder().withInterpolators().build().parseManifest({ content: readFileSync(MANIFEST, 'utf8'), filePath: MANIFEST });
}

export function readManifest(): ManifestShape {
  return readManifestSchema() as unknown as ManifestShape;
}

/**
 * A throwaway app folder for `validate()`: the real manifest and `src/`, and each UI's build folder (the real
 * Vite build when it exists; otherwise a stand-in page, since the UIs are built by `npm run build`, not by the
 * tests). Which folders were stand-ins is returned, so a test can say so.
 */
export function appDirForValidation(): { dir: string; standIns: string[]; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bb-manifest-'));
  writeFileSync(path.join(dir, 'manifest.yml'), readFileSync(MANIFEST));
  symlinkSync(path.join(REPO_ROOT, 'src'), path.join(dir, 'src'), 'dir');
  cpSync(path.join(REPO_ROOT, 'locales'), path.join(dir, 'locales'), { recursive: true });
  const standIns: string[] = [];
  for (const resource of readManifest().resources) {
    const target = path.join(dir, resource.path);
    mkdirSync(path.dirname(target), { recursive: true });
    const real = path.join(REPO_ROOT, resource.path);
    let copied = false;
    if (existsSync(path.join(real, 'index.html'))) {
      try {
        // A copy, not a link: the validator insists on a real directory. A build running in parallel (the
        // browser tests build the UIs) may change files mid-copy: then a stand-in is used instead.
        cpSync(real, target, { recursive: true });
        copied = true;
      } catch {
        rmSync(target, { recursive: true, force: true });
      }
    }
    if (!copied) {
      mkdirSync(target, { recursive: true });
      writeFileSync(path.join(target, 'index.html'), '<!doctype html><title>stand-in</title>');
      standIns.push(resource.path);
    }
  }
  return { dir, standIns, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
