/**
 * A job is read later, possibly by another user in another language: its progress lines, per-issue reasons and
 * error are kept by catalog key beside the English (docs/decisions/translations.md), and every one of them reads
 * in German with nothing of the English left.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommitFillPreviewDto, I18nMessage, IssueRef, JobDto, JobRef } from '../../src/contracts';
import { englishText } from '../../src/contracts/messages';
import { runJob } from '../../src/jobs/run-job';
import type { JobMessage } from '../../src/platform/types';
import type { JobRecord } from '../../src/storage';
import { makeTranslator } from '../../static/shared/format';
import { ok, startApp } from '../reliability/app';

const catalog = (locale: string) => JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'locales', `${locale}.json`), 'utf8')) as Record<string, string>;
const german = makeTranslator('de-DE', (key) => catalog('de-DE')[key] ?? null);
const keyOf = (ref: IssueRef) => (typeof ref === 'number' ? `ORION-${ref}` : ref);

/** Every text of a job record with its key: [English, key] pairs. */
function textsOf(job: Pick<JobDto, 'message' | 'i18n' | 'failed' | 'error'>): [string, I18nMessage | undefined][] {
  return [[job.message, job.i18n], ...job.failed.map((f): [string, I18nMessage | undefined] => [f.reason, f.i18n]), ...(job.error ? [[job.error.message, job.error.i18n] as [string, I18nMessage | undefined]] : [])];
}

describe('job texts by key', () => {
  it('a commit job: waiting, starting, each step, an issue deleted meanwhile and the outcome, in English and in German', async () => {
    const app = await startApp({ site: { scale: 300 } });
    try {
      const queued: JobMessage[] = [];
      app.platform.queue = { enqueue: async (message) => void queued.push(message) };
      const written: JobRecord[] = [];
      const store = app.platform.store;
      const put = store.putJob.bind(store);
      store.putJob = async (job) => {
        written.push(structuredClone(job));
        return put(job);
      };
      const po = app.site.po;
      const preview = ok(await app.call<CommitFillPreviewDto>('panel', po, 'previewCommitFill', {}));
      const sprint = preview.sprints.find((s) => s.add.length > 2);
      const gone = keyOf((sprint?.add ?? [])[1] as IssueRef);
      ok(await app.call<JobRef>('panel', po, 'commitFill', { token: preview.token }));
      const deleted = await fetch(`${app.site.baseUrl}/rest/api/3/issue/${gone}`, { method: 'DELETE', headers: { Authorization: po.authorization } });
      expect(deleted.status).toBe(204);
      const message = queued.shift() as JobMessage;
      await runJob(app.platform, message);
      const job = ok(await app.call<JobDto>('panel', po, 'getJob', { jobId: message.jobId }));

      const keys = new Set(written.map((w) => w.i18n?.key));
      expect([...keys]).toEqual(expect.arrayContaining(['job.progress.waiting', 'job.progress.starting', 'job.step.toSprint']));
      expect(job.i18n?.key).toBe('job.error.someFailed');
      expect(job.failed).toEqual([expect.objectContaining({ key: gone, i18n: { key: 'job.failure.gone', params: { key: gone } } })]);

      const texts = [...written.flatMap(textsOf), ...textsOf(job)];
      for (const [english, i18n] of texts) {
        expect([english, i18n]).toEqual([english, expect.objectContaining({ key: expect.any(String) })]);
        const { key, params } = i18n as I18nMessage;
        expect(englishText(key, params)).toBe(english);
        const de = german.t(key, params);
        expect([key, de]).not.toEqual([key, english]);
        expect(de).not.toMatch(/[{}]|issues|Moving|Waiting|Starting|Done/);
      }
    } finally {
      await app.close();
    }
  }, 60_000);

  it('a job stopped before its first step (out of time) names why by key, inside the translated stop message', async () => {
    const app = await startApp({ site: { scale: 300 } });
    try {
      const queued: JobMessage[] = [];
      app.platform.queue = { enqueue: async (message) => void queued.push(message) };
      // No time for even one step: every issue is left not attempted, the job stops early.
      app.platform.jobTimeLimitMs = 1;
      const po = app.site.po;
      const preview = ok(await app.call<CommitFillPreviewDto>('panel', po, 'previewCommitFill', {}));
      ok(await app.call<JobRef>('panel', po, 'commitFill', { token: preview.token }));
      const message = queued.shift() as JobMessage;
      await runJob(app.platform, message);
      const job = ok(await app.call<JobDto>('panel', po, 'getJob', { jobId: message.jobId }));
      const outOfTime = { key: 'job.failure.outOfTime' };
      expect(job.error?.i18n).toEqual({ key: 'job.error.stopped', params: { changed: 0, failed: job.failed.length, reason: outOfTime } });
      expect(job.error?.message).toBe(englishText('job.error.stopped', { changed: 0, failed: job.failed.length, reason: englishText('job.failure.outOfTime') }));
      const { key, params } = job.error?.i18n as I18nMessage;
      expect(german.t(key, params)).toBe(`0 Vorgänge geändert, ${job.failed.length} nicht: Jira hat die Änderung gestoppt (${german.t('job.failure.outOfTime')}). Zeigen Sie die Vorschau erneut an und bestätigen Sie, um den Rest abzuschließen.`);
    } finally {
      await app.close();
    }
  }, 60_000);
});
