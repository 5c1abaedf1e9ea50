import { useMemo, useState } from 'react';
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { AppError, SplitResultDto } from '../../../src/contracts';
import { panelApi, toAppError, unwrap } from '../../shared/api';
import { newId } from '../../shared/keys';
import { proposeSplit } from '../../../src/domain/refinement';
import { ErrorMessage } from '../../shared/ui';
import { DialogFrame } from '../../shared/dialog';
import { useT } from '../../shared/i18n';

interface Part {
  summary: string;
  points: string;
}

const inputStyle = {
  padding: `${token('space.075')} ${token('space.100')}`,
  border: `2px solid ${token('color.border.input')}`,
  borderRadius: 4,
  background: token('color.background.input'),
  color: token('color.text'),
  // The label above is bold and small; the value is body text. Sized by its grid column, not by the browser.
  font: token('font.body'),
  width: '100%',
  boxSizing: 'border-box',
  minWidth: 0,
} as const;

/**
 * Split an item into 2..10 linked stories whose points add up to the original's; the proposal keeps every
 * part within the split limit (`proposeSplit`), so no part is a split candidate again.
 */
export function SplitDialog({ issue, onClose }: { issue: { key: string; summary: string; points: number; limit?: number }; onClose: (done: boolean) => void }) {
  const { t } = useT();
  const [parts, setParts] = useState<Part[]>(() =>
    proposeSplit(issue.points, issue.limit ?? issue.points).map((points, i) => ({ summary: t('panel.split.partSummary', { summary: issue.summary, n: i + 1 }), points: String(points) })),
  );
  // One id per dialog: a retry after a timeout resumes instead of creating the stories twice.
  const splitId = useMemo(() => newId(), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [result, setResult] = useState<SplitResultDto | null>(null);

  const numbers = parts.map((p) => (/^\d+$/.test(p.points.trim()) ? Number(p.points) : NaN));
  const sum = numbers.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0);
  const problems: string[] = [];
  if (numbers.some((n) => Number.isNaN(n) || n <= 0)) problems.push(t('panel.everyPartNeedsAWhole'));
  if (parts.some((p) => p.summary.trim() === '')) problems.push(t('panel.everyPartNeedsASummary'));
  if (sum !== issue.points) problems.push(t('panel.split.sumOf', { sum, points: issue.points }));

  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setResult(unwrap(await panelApi('split', { key: issue.key, splitId, parts: parts.map((p, i) => ({ summary: p.summary.trim(), points: numbers[i] })) })));
    } catch (failure) {
      setError(toAppError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <DialogFrame
      title={t('panel.refinement.splitKey', { key: issue.key })}
      onEscape={() => onClose(result !== null)}
      footer={
        <>
          <Button appearance="subtle" onClick={() => onClose(result !== null)}>
            {result ? t('panel.close') : t('panel.cancel')}
          </Button>
          {!result ? (
            <Button appearance="primary" isDisabled={problems.length > 0} isLoading={busy} onClick={() => void submit()}>
              {t('panel.split.submit', { count: parts.length })}
            </Button>
          ) : null}
        </>
      }
    >
      <p>
        <strong>{issue.key}</strong> {t('panel.split.intro', { summary: issue.summary, points: issue.points })}
      </p>
      <p data-testid="split-original-note">
        {t('panel.split.originalNote', { key: issue.key })}
      </p>
      {result ? (
        <SectionMessage appearance="success" title={t('panel.splitDone')}>
          <p>{t(result.resumed ? 'panel.split.createdResumed' : 'panel.split.created', { keys: result.created.join(', ') })}</p>
          <p>
            {t('panel.split.closedAs', { key: issue.key, status: result.originalClosedAs })}
          </p>
        </SectionMessage>
      ) : (
        <>
          <div style={{ display: 'grid', gap: token('space.100') }}>
            {parts.map((part, i) => (
              <div key={i} style={{ display: 'grid', gridTemplateColumns: '1fr 96px auto', gap: token('space.100'), alignItems: 'end' }}>
                <label style={{ display: 'grid', gap: 2, fontSize: 12, fontWeight: 600, color: token('color.text.subtle') }}>
                  {t('panel.split.partLabel', { n: i + 1 })}
                  <input style={inputStyle} value={part.summary} onChange={(e) => setParts((ps) => ps.map((p, j) => (j === i ? { ...p, summary: e.target.value } : p)))} />
                </label>
                <label style={{ display: 'grid', gap: 2, fontSize: 12, fontWeight: 600, color: token('color.text.subtle') }}>
                  {t('panel.points')}
                  <input style={inputStyle} type="number" min={1} value={part.points} onChange={(e) => setParts((ps) => ps.map((p, j) => (j === i ? { ...p, points: e.target.value } : p)))} />
                </label>
                <Button appearance="subtle" isDisabled={parts.length <= 2} onClick={() => setParts((ps) => ps.filter((_, j) => j !== i))} aria-label={t('panel.split.removePart', { n: i + 1 })}>
                  {t('panel.remove')}
                </Button>
              </div>
            ))}
          </div>
          <div style={{ marginTop: token('space.100') }}>
            <Button isDisabled={parts.length >= 10} onClick={() => setParts((ps) => [...ps, { summary: t('panel.split.partSummary', { summary: issue.summary, n: ps.length + 1 }), points: '0' }])}>
              {t('panel.addPart')}
            </Button>
          </div>
          <p role="status" aria-live="polite" data-testid="split-sum" style={{ color: problems.length ? token('color.text.warning') : token('color.text.success'), fontWeight: 600 }}>
            {problems.length ? problems.join(' ') : t('panel.split.sumOk', { points: issue.points })}
          </p>
          {error ? <ErrorMessage error={error} /> : null}
        </>
      )}
    </DialogFrame>
  );
}
