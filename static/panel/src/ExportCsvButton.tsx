import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Tooltip from '@atlaskit/tooltip';
import { token } from '@atlaskit/tokens';
import { csvDialect, csvFileName, isoToday, toCsv, type CsvTable } from '../../shared/csv';
import { downloadText } from '../../shared/download';
import { useT, type MessageKey } from '../../shared/i18n';

/**
 * "Export CSV" on a tab: builds the file from what the tab shows when clicked (in the user's language and
 * number format) and downloads it as "<project>-<what>-<PI>-<day>.csv"; says so in a status line.
 */
export function ExportCsvButton({ projectKey, what, pi, tooltip, table, testId, disabled = false }: {
  projectKey: string;
  /** While the tab's data is incomplete (e.g. the Fill tab's summaries still loading). */
  disabled?: boolean;
  what: MessageKey;
  pi: string | null | undefined;
  tooltip: string;
  table: () => CsvTable;
  testId: string;
}) {
  const tr = useT();
  const [saved, setSaved] = useState<string | null>(null);
  const onClick = (): void => {
    const fileName = csvFileName([projectKey, tr.t(what), pi, isoToday(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone)]);
    downloadText(fileName, toCsv(table(), csvDialect(tr.locale)), 'text/csv;charset=utf-8');
    setSaved(fileName);
  };
  return (
    <span style={{ display: 'inline-flex', gap: token('space.100'), alignItems: 'center' }}>
      <Tooltip content={tooltip}>
        {(hint) => (
          <Button {...hint} testId={testId} isDisabled={disabled} onClick={onClick}>
            {tr.t('export.button')}
          </Button>
        )}
      </Tooltip>
      {saved ? (
        <span role="status" style={{ color: token('color.text.subtle'), fontSize: 12 }}>
          {tr.t('export.downloaded', { file: saved })}
        </span>
      ) : null}
    </span>
  );
}
