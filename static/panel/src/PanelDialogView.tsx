/** The panel's modal frame: renders the dialog its opener asked for and closes with that dialog's result. */
import { useRef } from 'react';
import type { BacklogRow } from '../../../src/contracts';
import { closeDialog } from '../../shared/dialog';
import type { PanelDialogRequest, PanelDialogResults } from './panelDialogs';
import { RerankDialog } from './RerankDialog';
import { NormaliseDialog } from './NormaliseDialog';
import { RebaselineDialog } from './RebaselineDialog';
import { SplitDialog } from './SplitDialog';
import { TrimDialog } from './TrimDialog';
import { CommitDialog } from './CommitDialog';
import { FeatureRerankDialog } from './art/FeatureRerankDialog';
import { GuardrailsDialog, TeamListDialog } from './art/ArtSettings';
import { PART_COLUMNS } from './wsjfColumns';

function close<D extends PanelDialogRequest['dialog']>(_dialog: D, result: PanelDialogResults[D]): void {
  closeDialog(result);
}

export function PanelDialogView({ request }: { request: PanelDialogRequest }) {
  // The rows the normalise dialog saved, handed back together when it closes.
  const rescored = useRef<{ row: BacklogRow; position: number }[]>([]);
  switch (request.dialog) {
    case 'rerank':
      return <RerankDialog piId={request.piId} onClose={(applied) => close('rerank', { applied })} />;
    case 'normalise':
      return (
        <NormaliseDialog
          rows={request.rows}
          columns={PART_COLUMNS}
          keyPrefix={request.keyPrefix}
          piId={request.piId}
          onSaved={(rows) => {
            // A value saved again (after "Save the rest") keeps its latest row and position only.
            const keys = new Set(rows.map((r) => r.row[0]));
            rescored.current = [...rescored.current.filter((r) => !keys.has(r.row[0])), ...rows];
          }}
          onClose={() => close('normalise', { rescored: rescored.current })}
        />
      );
    case 'rebaseline':
      return <RebaselineDialog pi={request.pi} taken={request.taken} committed={request.committed} onClose={(rebaselined) => close('rebaseline', { rebaselined })} />;
    case 'split':
      return <SplitDialog issue={request.issue} onClose={(done) => close('split', { done })} />;
    case 'trim':
      return <TrimDialog piId={request.piId} piName={request.piName} onClose={(done) => close('trim', { done })} />;
    case 'commit':
      return <CommitDialog request={request.request} describe={(key) => request.about[key]} onClose={(done) => close('commit', { done })} />;
    case 'featureRerank':
      return <FeatureRerankDialog onClose={(applied) => close('featureRerank', { applied })} />;
    case 'artTeams':
      return <TeamListDialog settings={request.settings} teamKeys={request.teamKeys} onClose={(saved) => close('artTeams', { saved })} />;
    case 'artGuardrails':
      return <GuardrailsDialog settings={request.settings} workTypes={request.workTypes} onClose={(saved) => close('artGuardrails', { saved })} />;
  }
}
