import { useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import Tooltip from '@atlaskit/tooltip';
import { token } from '@atlaskit/tokens';
import type { AppError } from '../../../src/contracts';
import { toAppError } from '../../shared/api';
import { csvDialect, csvFileName, isoToday, toCsv, type CsvTable } from '../../shared/csv';
import { downloadText } from '../../shared/download';
import { errorText } from '../../shared/errorText';
import { useT, type MessageKey } from '../../shared/i18n';
import type { WholeSummaries } from './csvExports';
import { loadWholeSummaries } from './wholeSummaries';

/** Whole summaries read on hover or focus are used by a click within this time; older ones are read again. */
const FRESH_MS = 60_000;

type ExportState =
  | { kind: 'idle' }
  | { kind: 'preparing' }
  | { kind: 'saved'; fileName: string }
  /** Built, but the click's user activation ran out while the summaries were read: a second click saves it. */
  | { kind: 'ready'; fileName: string; text: string }
  | { kind: 'failed'; error: AppError };

/**
 * "Export CSV" on a tab: builds the file from what the tab shows when clicked (in the user's language and
 * number format) and downloads it as "<project>-<what>[-filtered]-<PI>-<day>.csv"; says so in a status line. With
 * `wholeSummaries` it first reads the summaries the rows cut (`getSummaries`; already on hover or focus).
 * Forge's frame allows a download started by a user gesture: when reading took longer than the browser keeps
 * the click's activation, a "Save" button takes a second click instead of the download failing silently.
 */
export function ExportCsvButton({ projectKey, what, filtered = false, pi, tooltip, table, testId, disabled = false, wholeSummaries = false }: {
  projectKey: string;
  what: MessageKey;
  /** Only part of the tab's rows (filters on): the file name says "filtered". */
  filtered?: boolean;
  pi: string | null | undefined;
  tooltip: string;
  table: (whole: WholeSummaries) => CsvTable;
  testId: string;
  /** While the tab's data is incomplete (e.g. the Fill tab's summaries still loading). */
  disabled?: boolean;
  wholeSummaries?: boolean;
}) {
  const tr = useT();
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const reading = useRef<{ at: number; summaries: Promise<WholeSummaries> } | null>(null);
  const summaries = (): Promise<WholeSummaries> => {
    if (!wholeSummaries) return Promise.resolve(new Map());
    if (!reading.current || Date.now() - reading.current.at > FRESH_MS) {
      const entry = { at: Date.now(), summaries: loadWholeSummaries() };
      // A read started on hover may fail unseen; the click reads again.
      entry.summaries.catch(() => {
        if (reading.current === entry) reading.current = null;
      });
      reading.current = entry;
    }
    return reading.current.summaries;
  };
  const save = (fileName: string, text: string): void => {
    downloadText(fileName, text, 'text/csv;charset=utf-8');
    setState({ kind: 'saved', fileName });
  };
  const onClick = async (): Promise<void> => {
    setState({ kind: 'preparing' });
    try {
      const whole = await summaries();
      const fileName = csvFileName([projectKey, tr.t(what), filtered ? tr.t('export.file.filtered') : null, pi, isoToday(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone)]);
      const text = toCsv(table(whole), csvDialect(tr.locale));
      if (navigator.userActivation && !navigator.userActivation.isActive) setState({ kind: 'ready', fileName, text });
      else save(fileName, text);
    } catch (failure) {
      reading.current = null;
      setState({ kind: 'failed', error: toAppError(failure) });
    }
  };
  const prefetch = (): void => {
    if (!disabled) void summaries().catch(() => undefined);
  };
  return (
    <span style={{ display: 'inline-flex', gap: token('space.100'), alignItems: 'center', flexWrap: 'wrap' }} onPointerEnter={prefetch} onFocus={prefetch}>
      <Tooltip content={tooltip}>
        {(hint) => (
          <Button {...hint} testId={testId} isDisabled={disabled} isLoading={state.kind === 'preparing'} onClick={() => void onClick()}>
            {tr.t('export.button')}
          </Button>
        )}
      </Tooltip>
      {state.kind === 'ready' ? (
        <Button appearance="primary" testId={`${testId}-save`} onClick={() => save(state.fileName, state.text)}>
          {tr.t('export.save', { file: state.fileName })}
        </Button>
      ) : null}
      <span role="status" style={{ color: state.kind === 'failed' ? token('color.text.danger') : token('color.text.subtle'), fontSize: 12 }}>
        {state.kind === 'saved' ? tr.t('export.downloaded', { file: state.fileName }) : state.kind === 'failed' ? tr.t('export.failed', { reason: errorText(tr.t, state.error) }) : ''}
      </span>
    </span>
  );
}
