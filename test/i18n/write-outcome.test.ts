/**
 * Issue 11: a short write's outcome (scoring, moving to the tail, normalising) names each issue it did not change
 * with the reason by key when the reason is the app's own words, as a job does, so the panel shows it in the
 * reader's language; Jira's own words stay as Jira wrote them.
 */
import german from '../../locales/de-DE.json';
import { OutcomeBuilder, writeEach } from '../../src/jira/writes/outcome';
import { errorFromResponse } from '../../src/jira/http';
import { englishText } from '../../src/contracts/messages';
import { toOutcome } from '../../src/usecases/writes';
import { makeTranslator } from '../../static/shared/format';
import { failuresText } from '../../static/shared/errorText';

const germanT = makeTranslator('de-DE', (key) => (german as Record<string, string>)[key] ?? null).t;

it("sends the app's reasons by key and the panel says them in German; Jira's words as written", () => {
  const outcome = new OutcomeBuilder();
  outcome.markChanged(['ORION-1']);
  outcome.markFailed(['ORION-2'], { reason: 'Jira did not re-rank it: Rank conflict.', text: { key: 'job.failure.notRanked', params: { reason: 'Rank conflict.' } } });
  outcome.markFailed(['ORION-3'], 'Issue does not exist or you do not have permission to see it.');
  outcome.markNotAttempted(['ORION-4']);
  const sent = toOutcome(outcome.build());
  expect(sent.changed).toEqual(['ORION-1']);
  expect(sent.failed).toEqual([
    { key: 'ORION-2', reason: 'Jira did not re-rank it: Rank conflict.', i18n: { key: 'job.failure.notRanked', params: { reason: 'Rank conflict.' } } },
    { key: 'ORION-3', reason: 'Issue does not exist or you do not have permission to see it.' },
    { key: 'ORION-4', reason: expect.stringMatching(/^Not attempted/), i18n: { key: 'job.failure.notAttempted' } },
  ]);
  expect(failuresText(germanT, sent.failed)).toBe(
    'ORION-2: Jira hat ihn nicht neu eingereiht: Rank conflict.; ORION-3: Issue does not exist or you do not have permission to see it.; ' +
      'ORION-4: Nicht versucht: Ein früherer Teil dieser Änderung ist fehlgeschlagen. Führen Sie sie erneut aus, um sie abzuschließen.',
  );
});

it("a per-issue refusal from Jira is sent by the Jira client's key too (the app's sentence around it), German on screen", async () => {
  const refusal = errorFromResponse(403, 'PUT', '/rest/api/3/issue/ORION-3', {});
  const sent = toOutcome(
    await writeEach(['ORION-2', 'ORION-3'], async (key) => {
      if (key === 'ORION-3') throw refusal;
    }),
  );
  expect(sent.changed).toEqual(['ORION-2']);
  const [failed] = sent.failed;
  expect(failed?.reason).toBe(refusal.message);
  expect(failed?.i18n).toBeDefined();
  expect(englishText(failed!.i18n!.key, failed!.i18n!.params)).toBe(refusal.message);
  const inGerman = failuresText(germanT, sent.failed);
  expect(inGerman.startsWith('ORION-3: ')).toBe(true);
  expect(inGerman).not.toContain(refusal.message);
  expect(inGerman).not.toMatch(/\{\w+\}/);
});
