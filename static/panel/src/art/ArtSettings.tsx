/**
 * The train's settings the program planners edit on the ART view: the team list and the guardrails (saved
 * versioned), each in a dialog opened as a Jira modal (the editor is the button; the dialog runs in the modal).
 */
import { useState, type ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import Checkbox from '@atlaskit/checkbox';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import type { AppError, ArtGuardrailDto, ArtSettingsDto, ArtTrainDto, SaveArtSettingsRequest } from '../../../../src/contracts';
import { panelApi, toAppError, unwrap } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { ErrorMessage, tableStyle, tdStyle, thStyle } from '../../../shared/ui';
import { DialogFrame } from '../../../shared/dialog';
import { DIALOG_NOT_OPENED, openPanelDialog, type PanelDialogRequest } from '../panelDialogs';

async function save(settings: ArtSettingsDto, change: Partial<SaveArtSettingsRequest>): Promise<void> {
  unwrap(
    await panelApi('saveArtSettings', {
      detectTeams: settings.teams === null,
      teams: settings.teams ?? [],
      guardrails: settings.guardrails,
      baseVersion: settings.version,
      ...change,
    }),
  );
}

/** The settings dialog's chrome (in its Jira modal): Cancel, and Save that closes it once saved. */
function SettingsDialog({ title, onClose, onSave, children }: { title: string; onClose: (saved: boolean) => void; onSave: () => Promise<void>; children: ReactNode }) {
  const { t } = useT();
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <DialogFrame
      title={title}
      onEscape={() => (busy ? undefined : onClose(false))}
      footer={
        <>
          <Button appearance="subtle" isDisabled={busy} onClick={() => onClose(false)}>{t('art.settings.cancel')}</Button>
          <Button
            appearance="primary"
            isDisabled={busy}
            onClick={() => {
              setBusy(true);
              setError(null);
              onSave()
                .then(() => onClose(true))
                .catch((failure: unknown) => {
                  setError(toAppError(failure));
                  setBusy(false);
                });
            }}
          >
            {t('art.settings.save')}
          </Button>
        </>
      }
    >
      {error ? <ErrorMessage error={error} /> : null}
      {children}
    </DialogFrame>
  );
}

/** Opens one of the train's settings dialogs as a Jira modal; a save (or a close without an answer) reloads the train. */
function settingsDialogOpener(request: Extract<PanelDialogRequest, { dialog: 'artTeams' | 'artGuardrails' }>, onSaved: () => void): () => void {
  return () => {
    void openPanelDialog(request)
      .then((result) => {
        if (result === DIALOG_NOT_OPENED) return;
        if (!result || result.saved) onSaved();
      })
      .catch(() => onSaved());
  };
}

/** Confirm or edit the teams of the train (or go back to detecting them from the features' stories). */
export function TeamListEditor({ train, onSaved }: { train: ArtTrainDto; onSaved: () => void }) {
  const { t } = useT();
  const open = settingsDialogOpener({ dialog: 'artTeams', settings: train.settings, teamKeys: train.teams.map((x) => x.key) }, onSaved);
  return <Button onClick={open}>{t('art.settings.editTeams')}</Button>;
}

/** The team list dialog (in its modal): detect the teams, or the keys typed. */
export function TeamListDialog({ settings, teamKeys, onClose }: { settings: ArtSettingsDto; teamKeys: string[]; onClose: (saved: boolean) => void }) {
  const { t } = useT();
  const [detect, setDetect] = useState(settings.teams === null);
  const [text, setText] = useState((settings.teams ?? teamKeys).join(', '));
  const keys = text.split(/[\s,;]+/).map((k) => k.trim().toUpperCase()).filter(Boolean);
  return (
    <SettingsDialog
      title={t('art.settings.teamsTitle')}
      onClose={onClose}
      onSave={() => save(settings, detect ? { detectTeams: true, teams: [] } : { detectTeams: false, teams: keys })}
    >
      <Checkbox label={t('art.settings.detect')} isChecked={detect} onChange={(e) => setDetect(e.currentTarget.checked)} />
      <div style={{ marginTop: token('space.150') }}>
        <label htmlFor="art-team-keys" style={{ display: 'block', fontWeight: 600, marginBottom: token('space.050') }}>{t('art.settings.teamKeys')}</label>
        <Textfield id="art-team-keys" value={text} isDisabled={detect} onChange={(e) => setText(e.currentTarget.value)} />
        <p style={{ color: token('color.text.subtle') }}>{t('art.settings.teamKeysHelp')}</p>
      </div>
    </SettingsDialog>
  );
}

/** The ART guardrails: a minimum and maximum share per work type (whole percent, empty = none). */
export function GuardrailsEditor({ train, workTypes, onSaved }: { train: ArtTrainDto; workTypes: { id: string; name: string }[]; onSaved: () => void }) {
  const { t } = useT();
  const open = settingsDialogOpener({ dialog: 'artGuardrails', settings: train.settings, workTypes }, onSaved);
  return <Button onClick={open}>{t('art.settings.editGuardrails')}</Button>;
}

/** The guardrails dialog (in its modal). */
export function GuardrailsDialog({ settings, workTypes, onClose }: { settings: ArtSettingsDto; workTypes: { id: string; name: string }[]; onClose: (saved: boolean) => void }) {
  const { t } = useT();
  const [values, setValues] = useState<Record<string, { min: string; max: string }>>(() =>
    Object.fromEntries(workTypes.map((w) => [w.id, { min: String(settings.guardrails[w.id]?.min ?? ''), max: String(settings.guardrails[w.id]?.max ?? '') }])),
  );
  const parse = (v: string): number | null => (v.trim() === '' ? null : Number(v));
  return (
    <SettingsDialog
      title={t('art.settings.guardrailsTitle')}
      onClose={onClose}
      onSave={() => {
        const guardrails: Record<string, ArtGuardrailDto> = {};
        for (const [id, v] of Object.entries(values)) {
          const g = { min: parse(v.min), max: parse(v.max) };
          if (g.min !== null || g.max !== null) guardrails[id] = g;
        }
        return save(settings, { guardrails });
      }}
    >
      <p>{t('art.settings.guardrailsHelp')}</p>
      <table style={tableStyle} aria-label={t('art.settings.guardrailsTitle')}>
        <thead>
          <tr>
            <th style={thStyle} scope="col">{t('art.settings.workType')}</th>
            <th style={thStyle} scope="col">{t('art.settings.min')}</th>
            <th style={thStyle} scope="col">{t('art.settings.max')}</th>
          </tr>
        </thead>
        <tbody>
          {workTypes.map((w) => (
            <tr key={w.id}>
              <th style={tdStyle} scope="row">{w.name}</th>
              {(['min', 'max'] as const).map((side) => (
                <td key={side} style={tdStyle}>
                  <Textfield
                    aria-label={t(side === 'min' ? 'art.settings.minOf' : 'art.settings.maxOf', { type: w.name })}
                    type="number"
                    min={0}
                    max={100}
                    value={values[w.id]?.[side] ?? ''}
                    onChange={(e) => {
                      const next = e.currentTarget.value;
                      setValues((v) => ({ ...v, [w.id]: { ...(v[w.id] ?? { min: '', max: '' }), [side]: next } }));
                    }}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </SettingsDialog>
  );
}
