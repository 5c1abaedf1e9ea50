import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The import arrows between the rooms of src/ (README "How the code is laid out"), beside the domain's own
 * purity test: lower floors never reach up, so each can be read, tested and changed without the ones above.
 */

const root = resolve(__dirname, '../..');
const src = join(root, 'src');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesUnder(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The relative imports of a file (also `import type` and `export ... from`), as rooms of src/ or outside it. */
function importedRooms(file: string): { specifier: string; room: string }[] {
  const code = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
  const specifiers = [...code.matchAll(/(?:\bfrom|\bimport\(?|\brequire\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1] as string);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((specifier) => {
      const target = relative(src, resolve(dirname(file), specifier));
      return { specifier, room: target.startsWith('..') ? `outside:${target}` : roomOf(target) };
    });
}

/** `usecases/fill.ts` -> `usecases`; `index.ts` (the Forge entry) -> `index`. */
function roomOf(pathInSrc: string): string {
  const [first] = pathInSrc.split(/[\\/]/);
  return (first ?? '').replace(/\.tsx?$/, '');
}

const files = sourcesUnder(src).map((file) => ({ file: relative(src, file), room: roomOf(relative(src, file)), imports: importedRooms(file) }));

/** Which rooms each room may import (besides itself and npm packages). */
const allowed: Record<string, readonly string[]> = {
  domain: [],
  // The UI contract: its request schemas use the domain's scale and the stored settings' shapes.
  // The message keys and English texts come from the translation catalog Forge ships (locales/).
  contracts: ['domain', 'storage', 'outside:../locales/en-US.json'],
  // Storage keeps the domain's defaults (work types) and the contract's job shape.
  storage: ['domain', 'contracts'],
  jira: ['domain'],
  // Jobs run long writes through the Jira client and the use cases' own helpers (never a resolver).
  jobs: ['domain', 'contracts', 'jira', 'storage', 'platform', 'usecases'],
  // The local platform runs queued jobs in-process, as Forge's queue consumer does.
  platform: ['contracts', 'jira', 'storage', 'jobs'],
  usecases: ['domain', 'contracts', 'jira', 'storage', 'platform', 'jobs'],
  resolvers: ['domain', 'contracts', 'jira', 'storage', 'platform', 'usecases', 'jobs'],
  index: ['resolvers', 'jobs', 'platform'],
};

describe('import boundaries of src/', () => {
  it('knows every room it checks', () => {
    expect([...new Set(files.map((f) => f.room))].sort()).toEqual(Object.keys(allowed).sort());
  });

  it.each(files)('$file imports only the rooms below it', ({ room, imports }) => {
    const may = new Set([room, ...(allowed[room] ?? [])]);
    expect(imports.filter((i) => !may.has(i.room)).map((i) => i.specifier)).toEqual([]);
  });

  it('only resolvers and jobs call the use cases, only the Forge entry the resolvers', () => {
    const usecaseCallers = new Set(files.filter((f) => f.imports.some((i) => i.room === 'usecases')).map((f) => f.room));
    const resolverCallers = new Set(files.filter((f) => f.imports.some((i) => i.room === 'resolvers')).map((f) => f.room));
    usecaseCallers.delete('usecases');
    resolverCallers.delete('resolvers');
    expect([...usecaseCallers].every((r) => r === 'resolvers' || r === 'jobs')).toBe(true);
    expect([...resolverCallers]).toEqual(['index']);
  });
});

describe('the Custom UI apps use the backend only through the contract', () => {
  const staticFiles = sourcesUnder(join(root, 'static'))
    .filter((f) => !/[\\/](build|node_modules)[\\/]/.test(f))
    .map((file) => ({ file: relative(root, file), imports: importedRooms(file) }));

  it('has UI sources to check', () => {
    expect(staticFiles.length).toBeGreaterThan(10);
  });

  it.each(staticFiles)('$file imports from src/ only the contract and the domain', ({ imports }) => {
    const intoSrc = imports.filter((i) => !i.room.startsWith('outside:'));
    expect(intoSrc.filter((i) => i.room !== 'contracts' && i.room !== 'domain').map((i) => i.specifier)).toEqual([]);
  });
});
