import { useMemo, useState } from 'react';
import Button from '@atlaskit/button/new';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { toFibonacciScale } from '../../../src/domain/wsjf';
import { decodeBacklogRow, type AppError, type BacklogRow } from '../../../src/contracts';
import { panelApi, toAppError, unwrap } from '../../shared/api';
import { issueKey } from '../../shared/keys';
import { LabelledSelect } from '../../shared/LabelledSelect';
import { ErrorMessage, numStyle, ScrollArea, tableStyle, tdStyle, thStyle } from '../../shared/ui';

export type WsjfPart = 'businessValue' | 'timeCriticality' | 'riskReduction' | 'jobSize';
export interface WsjfColumn {
  part: WsjfPart;
  short: string;
  long: string;
}

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
  const [column, setColumn] = useState<WsjfColumn>(columns[0] as WsjfColumn);
  const livePlan = useMemo(() => planNormalisation(rows, column, keyPrefix), [rows, column, keyPrefix]);
  // Frozen at the first save: values saved meanwhile move the smallest value, which would change the plan.
  const [frozen, setFrozen] = useState<NormalisationPlan | null>(null);
  const [savedKeys, setSavedKeys] = useState<ReadonlySet<string>>(new Set());
  const plan = frozen ?? livePlan;
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [failed, setFailed] = useState<{ key: string; reason: string }[]>([]);
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
    <ModalTransition>
      <ModalDialog onClose={() => onClose(progress !== null)} width="large">
        <ModalHeader>
          <ModalTitle>Normalise a WSJF column</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <p>
            Puts the {rows.length} item{rows.length === 1 ? '' : 's'} shown (after the filters) on the scale 1, 2, 3, 5, 8, 13, 20: the smallest value in the
            column becomes 1 and every other value the scale step nearest to its ratio to it.
          </p>
          <LabelledSelect
            id="normalise-column"
            label="Column"
            value={column.part}
            isDisabled={progress !== null}
            onChange={(v) => setColumn(columns.find((c) => c.part === v) ?? column)}
            options={columns.map((c) => ({ value: c.part, label: c.long }))}
          />
          <p role="status" data-testid="normalise-summary">
            {plan.changes.length === 0
              ? `Nothing changes: the ${column.long.toLowerCase()} values shown are already on the scale relative to the smallest.`
              : `${plan.changes.length} value${plan.changes.length === 1 ? '' : 's'} change; ${plan.unchanged} stay${plan.unchanged === 1 ? 's' : ''} as ${plan.unchanged === 1 ? 'it is' : 'they are'}.`}
            {plan.empty > 0 ? ` ${plan.empty} item${plan.empty === 1 ? ' has' : 's have'} no ${column.long.toLowerCase()} and ${plan.empty === 1 ? 'is' : 'are'} left out.` : ''}
          </p>
          {plan.changes.length > 0 ? (
            <ScrollArea label="Values that change" maxHeight={320}>
              <table style={tableStyle} aria-label="Values that change">
                <thead>
                  <tr>
                    <th style={thStyle} scope="col">Issue</th>
                    <th style={{ ...thStyle, textAlign: 'right' }} scope="col">Now</th>
                    <th style={{ ...thStyle, textAlign: 'right' }} scope="col">Normalised</th>
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
              <ProgressBar ariaLabel={`${progress.done} of ${progress.total} values saved`} value={progress.total > 0 ? progress.done / progress.total : 1} />
              <p data-testid="normalise-progress">{progress.done} of {progress.total} values saved to Jira</p>
            </div>
          ) : null}
          {finished && failed.length === 0 ? (
            <SectionMessage appearance="success" title="Column normalised">
              <p>Saved {progress?.total ?? 0} {column.long.toLowerCase()} value{progress?.total === 1 ? '' : 's'}; the backlog order follows.</p>
            </SectionMessage>
          ) : null}
          {failed.length > 0 ? (
            <SectionMessage appearance="warning" title="Some values were not saved">
              <p>{failed.map((f) => `${f.key}: ${f.reason}`).join('; ')}</p>
            </SectionMessage>
          ) : null}
          {error ? <ErrorMessage error={error} /> : null}
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={() => onClose(progress !== null)} isDisabled={busy}>
            {finished ? 'Close' : 'Cancel'}
          </Button>
          {!finished ? (
            <Button appearance="primary" isDisabled={plan.changes.length === 0 || busy} isLoading={busy} onClick={() => void save()}>
              {savedKeys.size > 0 || error || failed.length > 0 ? 'Save the rest' : `Save ${plan.changes.length} value${plan.changes.length === 1 ? '' : 's'}`}
            </Button>
          ) : null}
        </ModalFooter>
      </ModalDialog>
    </ModalTransition>
  );
}
