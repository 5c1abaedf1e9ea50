import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, '../../src/domain');
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f, text: readFileSync(join(dir, f), 'utf8') }));

describe('src/domain stays pure', () => {
  it('has sources to check', () => {
    expect(sources.map((s) => s.file)).toEqual(expect.arrayContaining(['index.ts', 'fill.ts', 'facts.ts']));
  });

  it.each(sources)('$file imports only sibling domain modules', ({ text }) => {
    // Strip comments first: prose may quote text right after the word "from".
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const specifiers = [...code.matchAll(/(?:\bfrom|\bimport\(?|\brequire\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
    expect(specifiers.filter((s) => !s.startsWith('./'))).toEqual([]);
  });

  it.each(sources)('$file never reads the clock (now is a parameter)', ({ text }) => {
    expect(text).not.toMatch(/Date\.now\(|new Date\(\s*\)|performance\.now\(/);
  });
});
