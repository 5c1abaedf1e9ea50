/**
 * The panel's dialogs, each opened as a Forge modal over the Jira page (`openDialog`): what each one needs
 * (the modal's context, so plain data) and what it hands back when it closes. The modal's frame loads the
 * panel's own resource and `PanelDialogView` renders the dialog the request names.
 */
import type { ArtSettingsDto, BacklogRow, FillRequest, PiRef } from '../../../src/contracts';
import { DIALOG_NOT_OPENED, openDialog, type DialogSize } from '../../shared/dialog';
import type { IssueAbout } from './IssueLine';

export type PanelDialogRequest =
  | { dialog: 'rerank'; piId: string | undefined }
  | { dialog: 'normalise'; rows: BacklogRow[]; keyPrefix: string; piId: string | undefined }
  | { dialog: 'rebaseline'; pi: PiRef; taken: string | null; committed: [string, string][] }
  | { dialog: 'split'; issue: { key: string; summary: string; points: number; limit?: number } }
  | { dialog: 'trim'; piId: string | undefined; piName: string | undefined }
  | { dialog: 'commit'; request: FillRequest; about: Record<string, IssueAbout> }
  | { dialog: 'featureRerank' }
  | { dialog: 'artTeams'; settings: ArtSettingsDto; teamKeys: string[] }
  | { dialog: 'artGuardrails'; settings: ArtSettingsDto; workTypes: { id: string; name: string }[] };

/** What each dialog closes with. */
export interface PanelDialogResults {
  rerank: { applied: boolean };
  normalise: { rescored: { row: BacklogRow; position: number }[] };
  rebaseline: { rebaselined: number | null };
  split: { done: boolean };
  trim: { done: boolean };
  commit: { done: boolean };
  featureRerank: { applied: boolean };
  artTeams: { saved: boolean };
  artGuardrails: { saved: boolean };
}

const SIZES: Record<PanelDialogRequest['dialog'], DialogSize> = {
  rerank: 'large',
  normalise: 'large',
  rebaseline: 'medium',
  split: 'large',
  trim: 'large',
  commit: 'large',
  featureRerank: 'large',
  artTeams: 'medium',
  artGuardrails: 'medium',
};

const DIALOGS = new Set<string>(Object.keys(SIZES));

/** True for a modal context that names one of the panel's dialogs. */
export function isPanelDialogRequest(value: unknown): value is PanelDialogRequest {
  return typeof value === 'object' && value !== null && DIALOGS.has(String((value as { dialog?: unknown }).dialog));
}

export { DIALOG_NOT_OPENED };

/**
 * Opens one of the panel's dialogs over the Jira page. Resolves with its result, or undefined when it was
 * closed without one (then something may have changed: reload what it could have written), or
 * `DIALOG_NOT_OPENED` when Jira did not open it (nothing changed; a flag told the user).
 */
export function openPanelDialog<D extends PanelDialogRequest>(request: D): Promise<PanelDialogResults[D['dialog']] | undefined | typeof DIALOG_NOT_OPENED> {
  return openDialog<PanelDialogResults[D['dialog']]>(request, SIZES[request.dialog]);
}
