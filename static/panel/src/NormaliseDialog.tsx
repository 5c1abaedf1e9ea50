import { useMemo, useState } from 'react';
import Button from '@atlaskit/button/new';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { toFibonacciScale } from '../../../src/domain/wsjf';
import { decodeBacklogRow, type AppError, type BacklogRow, type WriteOutcomeDto } from '../../../src/contracts';
import { failuresText } from '../../shared/errorText';
import { panelApi, toAppError, unwrap } from '../../shared/api';
import { issueKey } from '../../shared/keys';
import { LabelledSelect } from '../../shared/LabelledSelect';
import { DialogFrame } from '../../shared/dialog';
import { ErrorMessage, numStyle, ScrollArea, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { useT } from '../../shared/i18n';
import type { WsjfColumn } from './wsjfColumns';

export type { WsjfColumn, WsjfPart } from './wsjfColumns';

/** scoreWsjf takes at most 50 items per call. */
const BATCH = 50;

export interface NormalisationPlan {
  changes: { key: string; from: number; to: number }[];
  unchanged: number;
  /** Rows without a value in the column (nothing to normalise). */
  empty: number;
}

/** Which values of one column change when the compared rows are put on the modified Fibonacci scale. */
export function planNormalisation(rows: readonly BacklogRow[], column: WsjfColumn, keyPrefix: string): NormalisationPlan {
  const scored = rows.flatMap((row) => {
    const fields = decodeBacklogRow(row);
    const value = fields[column.part];
    return typeof value === 'number' && value > 0 ? [{ key: issueKey(fields.key, keyPrefix), value }] : [];
  });
  const normalised = toFibonacciScale(scored.map((s) => s.value));
  const changes = scored.flatMap((s, i) => (normalised[i] !== s.value ? [{ key: s.key, from: s.value, to: normalised[i] as number }] : []));
  return { changes, unchanged: scored.length - changes.length, empty: rows.length - scored.length };
}

type Saved = { row: BacklogRow; position: number }[];

/**
 * Normalise one WSJF column over the rows the PO is looking at: preview old -> new, then save through
 * scoreWsjf in batches with progress. The smallest value becomes 1 and the others keep their ratio to it.
 */
export function NormaliseDialog({ rows, columns, keyPrefix, piId, onSaved, onClose }: {
  rows: readonly BacklogRow[];
  /** The PI whose ranking the Backlog shows: saved rows land where it puts them. */
  piId: string | undefined;
  columns: readonly WsjfColumn[];
  keyPrefix: string;
  onSaved: (rescored: Saved) => void;
  onClose: (changed: boolean) => void;
}) {
  const { t, tp } = useT();
  const [column, setColumn] = useState<WsjfColumn>(columns[0] as WsjfColumn);
  const livePlan = useMemo(() => planNormalisation(rows, column, keyPrefix), [rows, column, keyPrefix]);
  // Frozen at the first save: values saved meanwhile move the smallest value, which would change the plan.
  const [frozen, setFrozen] = useState<NormalisationPlan | null>(null);
  const [savedKeys, setSavedKeys] = useState<ReadonlySet<string>>(new Set());
  const plan = frozen ?? livePlan;
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [failed, setFailed] = useState<WriteOutcomeDto['failed']>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [finished, setFinished] = useState(false);
  const [running, setRunning] = useState(false);

  const save = async (): Promise<void> => {
    setFrozen(plan);
    setRunning(true);
    const saved = new Set(savedKeys);
    const todo = plan.changes.filter((c) => !saved.has(c.key));
    setError(null);
    setFailed([]);
    setProgress({ done: saved.size, total: plan.changes.length });
    const failures: { key: string; reason: string }[] = [];
    try {
      for (let start = 0; start < todo.length; start += BATCH) {
        const batch = todo.slice(start, start + BATCH);
        const result = unwrap(await panelApi('scoreWsjf', { items: batch.map((c) => ({ key: c.key, [column.part]: c.to })), piId }));
        failures.push(...result.outcome.failed);
        const failedKeys = new Set(result.outcome.failed.map((f) => f.key));
        batch.forEach((c) => (failedKeys.has(c.key) ? undefined : saved.add(c.key)));
        setSavedKeys(new Set(saved));
        onSaved(result.rows);
        setProgress({ done: saved.size, total: plan.changes.length });
      }
      setFinished(failures.length === 0);
    } catch (failure) {
      // What was saved stays saved; "Save the rest" sends only what is left of the same plan.
      setError(toAppError(failure));
    } finally {
      setFailed(failures);
      setRunning(false);
    }
  };

  const busy = running;
  return (
    <DialogFrame
      title={t('panel.normaliseAWsjfColumn')}
      onEscape={() => (busy ? undefined : onClose(progress !== null))}
      footer={
        <>
          <Button appearance="subtle" onClick={() => onClose(progress !== null)} isDisabled={busy}>
            {finished ? t('panel.close') : t('panel.cancel')}
          </Button>
          {!finished ? (
            <Button appearance="primary" isDisabled={plan.changes.length === 0 || busy} isLoading={busy} onClick={() => void save()}>
              {savedKeys.size > 0 || error || failed.length > 0 ? t('panel.saveTheRest') : tp('panel.normalise.save', plan.changes.length)}
            </Button>
          ) : null}
        </>
      }
    >
      <p>{tp('panel.normalise.intro', rows.length)}</p>
      <LabelledSelect
        id="normalise-column"
        label={t('panel.column')}
        value={column.part}
        isDisabled={progress !== null}
        onChange={(v) => setColumn(columns.find((c) => c.part === v) ?? column)}
        options={columns.map((c) => ({ value: c.part, label: t(c.long) }))}
      />
      <p role="status" data-testid="normalise-summary">
        {plan.changes.length === 0
          ? t('panel.normalise.nothingChanges', { part: t(column.inline) })
          : `${tp('panel.normalise.changes', plan.changes.length)} ${tp('panel.normalise.unchanged', plan.unchanged)}`}
        {plan.empty > 0 ? ` ${tp('panel.normalise.empty', plan.empty, { part: t(column.inline) })}` : ''}
      </p>
      {plan.changes.length > 0 ? (
        <ScrollArea label={t('panel.valuesThatChange')} maxHeight={320}>
          <table style={tableStyle} aria-label={t('panel.valuesThatChange')}>
            <thead>
              <tr>
                <th style={thStyle} scope="col">{t('panel.issue')}</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('panel.now')}</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('panel.normalised')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.changes.map((c) => (
                <tr key={c.key}>
                  <td style={tdStyle}>{c.key}</td>
                  <td style={numStyle}>{c.from}</td>
                  <td style={numStyle}>{c.to}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      ) : null}
      {progress ? (
        <div style={{ marginTop: token('space.150') }}>
          <ProgressBar ariaLabel={t('panel.normalise.progressLabel', { done: progress.done, total: progress.total })} value={progress.total > 0 ? progress.done / progress.total : 1} />
          <p data-testid="normalise-progress">{t('panel.normalise.progress', { done: progress.done, total: progress.total })}</p>
        </div>
      ) : null}
      {finished && failed.length === 0 ? (
        <SectionMessage appearance="success" title={t('panel.columnNormalised')}>
          <p>{tp('panel.normalise.saved', progress?.total ?? 0, { part: t(column.inline) })}</p>
        </SectionMessage>
      ) : null}
      {failed.length > 0 ? (
        <SectionMessage appearance="warning" title={t('panel.someValuesWereNotSaved')}>
          <p>{failuresText(t, failed)}</p>
        </SectionMessage>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
    </DialogFrame>
  );
}
