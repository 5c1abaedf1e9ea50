/**
 * The translation files Forge ships with every Custom UI resource: `forge deploy` copies each catalog named
 * under `translations:` in manifest.yml to `<resource>/__LOCALES__/<locale>.json` and writes
 * `__LOCALES__/i18n-info.json` (the locales, the fallback, the manifest's own i18n values), which
 * `@forge/bridge`'s `i18n` fetches relative to the page. The harness serves the same files from the manifest.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ManifestParserBuilder } from '@forge/manifest';

const REPO_ROOT = resolve(__dirname, '..', '..');

interface TranslationsConfig {
  resources: { key: string; path: string }[];
  fallback: { default: string } & Record<string, string | string[]>;
}

export const LOCALES_FOLDER = '__LOCALES__';

function readTranslationsConfig(): { config: TranslationsConfig; manifestKeys: string[] } {
  const file = join(REPO_ROOT, 'manifest.yml');
  const manifest = new ManifestParserBuilder().withInterpolators().build().parseManifest({ content: readFileSync(file, 'utf8'), filePath: file }) as unknown as {
    translations: TranslationsConfig;
    modules: Record<string, Record<string, unknown>[]>;
  };
  // The i18n keys the manifest itself uses (module titles), as the CLI collects them.
  const manifestKeys = JSON.stringify(manifest.modules).match(/"i18n":"([^"]+)"/g)?.map((m) => m.slice(8, -1)) ?? [];
  return { config: manifest.translations, manifestKeys };
}

/** The body of `__LOCALES__/<name>` (`i18n-info.json` or `<locale>.json`), or null when Forge would have none. */
export function localeFile(name: string): string | null {
  const { config, manifestKeys } = readTranslationsConfig();
  const catalogs = new Map(config.resources.map((r) => [r.key, JSON.parse(readFileSync(join(REPO_ROOT, r.path), 'utf8')) as Record<string, string>]));
  if (name === 'i18n-info.json') {
    const locales = [...catalogs.keys()].sort();
    const translations = Object.fromEntries(
      manifestKeys.map((key) => [key, Object.fromEntries(locales.flatMap((locale) => (catalogs.get(locale)?.[key] ? [[locale, catalogs.get(locale)?.[key]]] : [])))]),
    );
    return JSON.stringify({ translations, config: { locales, fallback: config.fallback } });
  }
  const catalog = catalogs.get(name.replace(/\.json$/, ''));
  return catalog ? JSON.stringify(catalog) : null;
}

/** The locales the app has catalogs for (the harness's language switch offers these). */
export function availableLocales(): string[] {
  return readTranslationsConfig().config.resources.map((r) => r.key);
}
