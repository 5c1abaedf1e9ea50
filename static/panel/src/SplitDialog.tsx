import { useMemo, useState } from 'react';
import Button from '@atlaskit/button/new';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { AppError, SplitResultDto } from '../../../src/contracts';
import { panelApi, toAppError, unwrap } from '../../shared/api';
import { newId } from '../../shared/keys';
import { ErrorMessage } from '../../shared/ui';

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
  font: 'inherit',
};

/** Split an item into 2..10 linked stories whose points add up to the original's. */
export function SplitDialog({ issue, onClose }: { issue: { key: string; summary: string; points: number }; onClose: (done: boolean) => void }) {
  const half = Math.floor(issue.points / 2);
  const [parts, setParts] = useState<Part[]>([
    { summary: `${issue.summary} (part 1)`, points: String(issue.points - half) },
    { summary: `${issue.summary} (part 2)`, points: String(half) },
  ]);
  // One id per dialog: a retry after a timeout resumes instead of creating the stories twice.
  const splitId = useMemo(() => newId(), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [result, setResult] = useState<SplitResultDto | null>(null);

  const numbers = parts.map((p) => (/^\d+$/.test(p.points.trim()) ? Number(p.points) : NaN));
  const sum = numbers.reduce((a, b) => a + (Number.isNaN(b) ? 0 : b), 0);
  const problems: string[] = [];
  if (numbers.some((n) => Number.isNaN(n) || n <= 0)) problems.push('Every part needs a whole number of points above 0.');
  if (parts.some((p) => p.summary.trim() === '')) problems.push('Every part needs a summary.');
  if (sum !== issue.points) problems.push(`Parts add up to ${sum} of ${issue.points} points.`);

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
    <ModalTransition>
      <ModalDialog onClose={() => onClose(result !== null)} width="large">
        <ModalHeader>
          <ModalTitle>Split {issue.key}</ModalTitle>
        </ModalHeader>
        <ModalBody>
          <p>
            <strong>{issue.key}</strong> {issue.summary}: {issue.points} points. New stories are linked to it; their points must add up to {issue.points}.
          </p>
          <p data-testid="split-original-note">
            Once every new story exists and is linked, {issue.key} is closed as dropped (for example &ldquo;Won&rsquo;t Do&rdquo;) and labelled bb-split-source,
            so its points are not counted twice. It is never deleted: its links lead to the new stories.
          </p>
          {result ? (
            <SectionMessage appearance="success" title="Split done">
              <p>Created {result.created.join(', ')}{result.resumed ? ' (finished an earlier attempt)' : ''}.</p>
              <p>
                {issue.key} is closed as {result.originalClosedAs}, labelled bb-split-source and linked to the new stories.
              </p>
            </SectionMessage>
          ) : (
            <>
              <div style={{ display: 'grid', gap: token('space.100') }}>
                {parts.map((part, i) => (
                  <div key={i} style={{ display: 'grid', gridTemplateColumns: '1fr 96px auto', gap: token('space.100'), alignItems: 'end' }}>
                    <label style={{ display: 'grid', gap: 2, fontSize: 12, fontWeight: 600, color: token('color.text.subtle') }}>
                      Part {i + 1} summary
                      <input style={inputStyle} value={part.summary} onChange={(e) => setParts((ps) => ps.map((p, j) => (j === i ? { ...p, summary: e.target.value } : p)))} />
                    </label>
                    <label style={{ display: 'grid', gap: 2, fontSize: 12, fontWeight: 600, color: token('color.text.subtle') }}>
                      Points
                      <input style={inputStyle} type="number" min={1} value={part.points} onChange={(e) => setParts((ps) => ps.map((p, j) => (j === i ? { ...p, points: e.target.value } : p)))} />
                    </label>
                    <Button appearance="subtle" isDisabled={parts.length <= 2} onClick={() => setParts((ps) => ps.filter((_, j) => j !== i))} aria-label={`Remove part ${i + 1}`}>
                      Remove
                    </Button>
                  </div>
                ))}
              </div>
              <div style={{ marginTop: token('space.100') }}>
                <Button isDisabled={parts.length >= 10} onClick={() => setParts((ps) => [...ps, { summary: `${issue.summary} (part ${ps.length + 1})`, points: '0' }])}>
                  Add part
                </Button>
              </div>
              <p role="status" aria-live="polite" data-testid="split-sum" style={{ color: problems.length ? token('color.text.warning') : token('color.text.success'), fontWeight: 600 }}>
                {problems.length ? problems.join(' ') : `Parts add up to ${issue.points} points.`}
              </p>
              {error ? <ErrorMessage error={error} /> : null}
            </>
          )}
        </ModalBody>
        <ModalFooter>
          <Button appearance="subtle" onClick={() => onClose(result !== null)}>
            {result ? 'Close' : 'Cancel'}
          </Button>
          {!result ? (
            <Button appearance="primary" isDisabled={problems.length > 0} isLoading={busy} onClick={() => void submit()}>
              Split into {parts.length} stories
            </Button>
          ) : null}
        </ModalFooter>
      </ModalDialog>
    </ModalTransition>
  );
}
