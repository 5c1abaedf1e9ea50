import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const dir = join(__dirname, '../../src/domain');
const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: f.split('\\').join('/'), text: readFileSync(join(dir, f), 'utf8') }));

describe('src/domain stays pure', () => {
  it('has sources to check', () => {
    expect(sources.map((s) => s.file)).toEqual(expect.arrayContaining(['index.ts', 'fill/index.ts', 'facts.ts']));
  });

  it.each(sources)('$file imports only domain modules', ({ file, text }) => {
    // Strip comments first: prose may quote text right after the word "from".
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const specifiers = [...code.matchAll(/(?:\bfrom|\bimport\(?|\brequire\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
    const outside = specifiers.filter((s) => {
      if (!s.startsWith('./') && !s.startsWith('../')) return true;
      const target = relative(dir, resolve(dir, dirname(file), s));
      return target.startsWith('..');
    });
    expect(outside).toEqual([]);
  });

  it.each(sources)('$file never reads the clock (now is a parameter)', ({ text }) => {
    expect(text).not.toMatch(/Date\.now\(|new Date\(\s*\)|performance\.now\(/);
  });
});
