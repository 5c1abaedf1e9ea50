import { useState } from 'react';
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import type { AppError, PiRef } from '../../../src/contracts';
import { panelApi, toAppError, unwrap } from '../../shared/api';
import { ErrorMessage } from '../../shared/ui';
import { DialogFrame } from '../../shared/dialog';
import { richText, useT } from '../../shared/i18n';

/** Most PIs commit a few dozen stories; the list is for recognising them, the count says how many. */
const SHOWN_STORIES = 200;

/**
 * Confirms replacing a PI's committed order (the PI-planning baseline the fill keeps) with the committed
 * stories' current Jira rank order. Closes with the number of stories re-baselined, or null when cancelled.
 */
export function RebaselineDialog({
  pi,
  taken,
  committed,
  onClose,
}: {
  pi: PiRef;
  /** "Nov 25, 2026, 14:02 UTC by you" (in the user's language), or null when no baseline is stored yet. */
  taken: string | null;
  /** The committed stories in their current committed order: [key, summary]. */
  committed: [string, string][];
  onClose: (rebaselined: number | null) => void;
}) {
  const { t, tp } = useT();
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  const confirm = async (): Promise<void> => {
    setRunning(true);
    setError(null);
    try {
      const done = unwrap(await panelApi('rebaselineCommittedOrder', { piId: pi.id }));
      onClose(done.committed.length);
    } catch (failure) {
      setError(toAppError(failure));
      setRunning(false);
    }
  };

  return (
    <DialogFrame
      title={t('panel.reBaselineTheCommittedOrder')}
      onEscape={() => (running ? undefined : onClose(null))}
      footer={
        <>
          <Button appearance="subtle" isDisabled={running} onClick={() => onClose(null)}>
            {t('panel.cancel')}
          </Button>
          <Button appearance="warning" isLoading={running} onClick={() => void confirm()}>
            {t('panel.useTheJiraRankOrder')}
          </Button>
        </>
      }
    >
      {error ? <ErrorMessage error={error} /> : null}
      <div data-testid="rebaseline-explanation">
        <p>{taken ? tp('panel.rebaseline.explainTaken', committed.length, { pi: pi.name, taken }) : tp('panel.rebaseline.explain', committed.length, { pi: pi.name })}</p>
        <p>{richText(t('panel.rebaseline.effect'), { replaces: <strong>{t('panel.replacesThatOrderWithTheir')}</strong> })}</p>
      </div>
      {committed.length > 0 ? (
        <>
          <p style={{ marginBottom: token('space.050'), fontWeight: 600 }}>{t('panel.committedOrderKeptNow')}</p>
          <ol aria-label={t('panel.committedOrderKeptNow')} tabIndex={0} style={{ maxHeight: 220, overflow: 'auto', margin: 0, paddingLeft: token('space.400'), color: token('color.text') }}>
            {committed.slice(0, SHOWN_STORIES).map(([key, summary]) => (
              <li key={key}>
                <strong>{key}</strong> <span style={{ color: token('color.text.subtle') }}>{summary}</span>
              </li>
            ))}
          </ol>
          {committed.length > SHOWN_STORIES ? <p style={{ color: token('color.text.subtle') }}>{t('panel.andMore', { count: committed.length - SHOWN_STORIES })}</p> : null}
        </>
      ) : null}
    </DialogFrame>
  );
}
