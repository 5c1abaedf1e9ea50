/**
 * The two catalogs Forge serves (manifest `translations:`): German complete and saying the same things as
 * English (same keys, same placeholders, plural forms complete), every key used somewhere, none left empty.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (locale: string) => JSON.parse(readFileSync(path.join(ROOT, 'locales', `${locale}.json`), 'utf8')) as Record<string, unknown>;
const english = read('en-US');
const german = read('de-DE');

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'build' || name === 'node_modules') return [];
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.(tsx?|yml)$/.test(name) ? [full] : [];
  });
}

describe('translation catalogs', () => {
  it('are flat maps of non-empty strings', () => {
    for (const catalog of [english, german]) {
      for (const [key, value] of Object.entries(catalog)) {
        expect([key, typeof value]).toEqual([key, 'string']);
        expect([key, (value as string).trim().length > 0]).toEqual([key, true]);
      }
    }
  });

  it('German has exactly the English keys', () => {
    const missing = Object.keys(english).filter((k) => !(k in german));
    const extra = Object.keys(german).filter((k) => !(k in english));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it('each German message has the same placeholders as the English one', () => {
    const differ = Object.keys(english)
      .filter((k) => k in german)
      .filter((k) => placeholders(english[k] as string).join() !== placeholders(german[k] as string).join())
      .map((k) => `${k}: en {${placeholders(english[k] as string).join(',')}} de {${placeholders(german[k] as string).join(',')}}`);
    expect(differ).toEqual([]);
  });

  it('every plural has its one and other forms, and they use {count}', () => {
    const bases = new Set(Object.keys(english).filter((k) => /\.(one|other)$/.test(k)).map((k) => k.replace(/\.(one|other)$/, '')));
    for (const base of bases) {
      expect([base, `${base}.one` in english, `${base}.other` in english]).toEqual([base, true, true]);
      expect([base, placeholders(english[`${base}.other`] as string)]).toEqual([base, expect.arrayContaining(['count'])]);
    }
  });

  it('German is translated, not copied: at most a few messages equal the English one', () => {
    // Names and loan words may read the same ("Backlog", "Sprint", "WSJF"); whole sentences may not.
    // Scrum terms German teams use in English.
    const loanTerms = new Set(['Definition of Ready']);
    const same = Object.keys(english).filter((k) => german[k] === english[k] && /\s\S+\s/.test(english[k] as string) && !loanTerms.has(english[k] as string));
    expect(same).toEqual([]);
  });

  it('every key is used by the UI, the backend or the manifest', () => {
    const sources = [...sourceFiles(path.join(ROOT, 'static')), ...sourceFiles(path.join(ROOT, 'src')), path.join(ROOT, 'manifest.yml')]
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const unused = Object.keys(english).filter((key) => {
      const base = key.replace(/\.(one|other)$/, '');
      if (sources.includes(`'${base}'`) || sources.includes(`"${base}"`) || sources.includes(`i18n: ${base}`)) return false;
      // Keys built from a prefix and a typed code: `error.title.${code}` uses every error.title.* key.
      const prefixes = [...sources.matchAll(/`([a-zA-Z.]+)\.\$\{/g)].map((m) => `${m[1]}.`);
      return !prefixes.some((prefix) => key.startsWith(prefix));
    });
    expect(unused).toEqual([]);
  });
});
