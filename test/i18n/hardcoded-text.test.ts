/**
 * No user-visible English is written into the four apps' code: everything goes through `useT()` and the
 * catalogs (locales/), so a German user sees no English but names and keys.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { findHardcodedText } from './hardcoded-text';

const STATIC = path.resolve(__dirname, '..', '..', 'static');
const CONVERTED = ['shared', 'panel/src', 'settings/src', 'admin/src', 'issue-panel/src', 'gadget/src'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('hard-coded UI text', () => {
  it('none in the panel, settings, admin and issue-panel apps or their shared code', () => {
    const findings = CONVERTED.flatMap((dir) => sourceFiles(path.join(STATIC, dir))).flatMap((file) =>
      findHardcodedText(path.relative(STATIC, file), readFileSync(file, 'utf8')).map((f) => `${f.file}:${f.line}: ${f.text}`),
    );
    expect(findings).toEqual([]);
  });

  it('would catch text written into JSX, a label, an aria-label template, or a message in code', () => {
    const source = `
      export function Tab({ n }: { n: number }) {
        const status = n > 1 ? 'Nothing to commit' : t('panel.ready');
        return (
          <section aria-label={\`Items planned in \${n}\`}>
            <Button label="Save settings">Save</Button>
            <p>{n} items left out</p>
            {status}
          </section>
        );
      }`;
    const texts = findHardcodedText('sample.tsx', source).map((f) => f.text);
    expect(texts).toEqual(expect.arrayContaining(['Nothing to commit', 'Items planned in  …', 'Save settings', 'Save', 'items left out']));
  });

  it('leaves keys, CSS, identifiers, comparisons and imports alone', () => {
    const source = `
      import Button from '@atlaskit/button/new';
      const key = \`backlog-balance:panel:\${id}\`;
      export function Cell({ mode }: { mode: string }) {
        const { t } = useT();
        if (mode === 'Iteration fill') return null;
        return <div style={{ display: 'flex', border: \`1px solid \${token('color.border')}\` }} data-testid="fill-tab" appearance="primary">{t('panel.tab.fill')}</div>;
      }`;
    expect(findHardcodedText('sample.tsx', source)).toEqual([]);
  });
});
