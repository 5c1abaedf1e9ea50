/**
 * Issue 11, Jira data warnings by key: related issues (parents, linked issues) Jira refuses to read, without
 * naming a key, are skipped with a warning by catalog key. Jira's own words go in as a param, untranslated;
 * when Jira gave none, the app's message for the refusal is nested, so it reads in German too.
 */
import german from '../../locales/de-DE.json';
import type { I18nMessage } from '../../src/contracts';
import { createJiraHttp } from '../../src/jira/http';
import { readIssuesByKey } from '../../src/jira/features';
import { makeTranslator } from '../../static/shared/format';
import { localText } from '../../static/shared/errorText';
import { fakeJira, reply } from './fakeJira';
import { warningText } from './warning-text';

const inGerman = (warning: unknown) => localText(makeTranslator('de-DE', (key) => (german as Record<string, string>)[key] ?? null).t, warning as I18nMessage);

/** A Jira that refuses every search with `body` (HTTP 400). */
const refusing = (body: unknown) => createJiraHttp(fakeJira(() => reply(400, body)).requestJira);

describe('related issues Jira refuses to read', () => {
  it('are skipped with a warning by key, Jira\'s words as they are', async () => {
    const read = await readIssuesByKey(refusing({ errorMessages: ['The JQL query is too complex.'], errors: {} }), ['ART-1', 'ART-2'], ['summary']);
    expect(read.issues).toEqual([]);
    expect(read.warnings).toEqual([{ key: 'jira.warning.relatedUnreadable.other', params: { count: 2, said: 'The JQL query is too complex.' } }]);
    expect(read.warnings.map(warningText)).toEqual(['Could not read 2 related issues (The JQL query is too complex.).']);
    expect(inGerman(read.warnings[0])).toBe('2 verwandte Vorgänge konnten nicht gelesen werden (The JQL query is too complex.).');
  });

  it('one issue, refused without Jira\'s words: the app\'s message of the refusal, in German too', async () => {
    const read = await readIssuesByKey(refusing({}), ['ART-1'], ['summary']);
    expect(read.warnings.map(warningText)).toEqual(['Could not read 1 related issue (Jira rejected the request.).']);
    expect(inGerman(read.warnings[0])).toMatch(/^1 verwandter Vorgang konnte nicht gelesen werden \(.+\)\.$/);
    expect(inGerman(read.warnings[0])).not.toContain('Jira rejected the request.');
  });
});
