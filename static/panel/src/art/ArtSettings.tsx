/** The train's settings the program planners edit on the ART view: the team list and the guardrails (saved versioned). */
import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Checkbox from '@atlaskit/checkbox';
import Textfield from '@atlaskit/textfield';
import ModalDialog, { ModalBody, ModalFooter, ModalHeader, ModalTitle, ModalTransition } from '@atlaskit/modal-dialog';
import { token } from '@atlaskit/tokens';
import type { AppError, ArtGuardrailDto, ArtTrainDto, SaveArtSettingsRequest } from '../../../../src/contracts';
import { panelApi, toAppError, unwrap } from '../../../shared/api';
import { useT } from '../../../shared/i18n';
import { ErrorMessage, tableStyle, tdStyle, thStyle } from '../../../shared/ui';

async function save(train: ArtTrainDto, change: Partial<SaveArtSettingsRequest>): Promise<void> {
  const current = train.settings;
  unwrap(
    await panelApi('saveArtSettings', {
      detectTeams: current.teams === null,
      teams: current.teams ?? [],
      guardrails: current.guardrails,
      baseVersion: current.version,
      ...change,
    }),
  );
}

function SettingsDialog({ title, open, onClose, onSave, children }: { title: string; open: boolean; onClose: () => void; onSave: () => Promise<void>; children: React.ReactNode }) {
  const { t } = useT();
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <ModalTransition>
      {open ? (
        <ModalDialog onClose={onClose} width="medium">
          <ModalHeader>
            <ModalTitle>{title}</ModalTitle>
          </ModalHeader>
          <ModalBody>
            {error ? <ErrorMessage error={error} /> : null}
            {children}
          </ModalBody>
          <ModalFooter>
            <Button appearance="subtle" onClick={onClose}>{t('art.settings.cancel')}</Button>
            <Button
              appearance="primary"
              isDisabled={busy}
              onClick={() => {
                setBusy(true);
                setError(null);
                onSave()
                  .then(onClose)
                  .catch((failure: unknown) => setError(toAppError(failure)))
                  .finally(() => setBusy(false));
              }}
            >
              {t('art.settings.save')}
            </Button>
          </ModalFooter>
        </ModalDialog>
      ) : null}
    </ModalTransition>
  );
}

/** Confirm or edit the teams of the train (or go back to detecting them from the features' stories). */
export function TeamListEditor({ train, onSaved }: { train: ArtTrainDto; onSaved: () => void }) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const [detect, setDetect] = useState(train.settings.teams === null);
  const [text, setText] = useState((train.settings.teams ?? train.teams.map((x) => x.key)).join(', '));
  const keys = text.split(/[\s,;]+/).map((k) => k.trim().toUpperCase()).filter(Boolean);
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('art.settings.editTeams')}</Button>
      <SettingsDialog
        title={t('art.settings.teamsTitle')}
        open={open}
        onClose={() => setOpen(false)}
        onSave={async () => {
          await save(train, detect ? { detectTeams: true, teams: [] } : { detectTeams: false, teams: keys });
          onSaved();
        }}
      >
        <Checkbox label={t('art.settings.detect')} isChecked={detect} onChange={(e) => setDetect(e.currentTarget.checked)} />
        <div style={{ marginTop: token('space.150') }}>
          <label htmlFor="art-team-keys" style={{ display: 'block', fontWeight: 600, marginBottom: token('space.050') }}>{t('art.settings.teamKeys')}</label>
          <Textfield id="art-team-keys" value={text} isDisabled={detect} onChange={(e) => setText(e.currentTarget.value)} />
          <p style={{ color: token('color.text.subtle') }}>{t('art.settings.teamKeysHelp')}</p>
        </div>
      </SettingsDialog>
    </>
  );
}

/** The ART guardrails: a minimum and maximum share per work type (whole percent, empty = none). */
export function GuardrailsEditor({ train, workTypes, onSaved }: { train: ArtTrainDto; workTypes: { id: string; name: string }[]; onSaved: () => void }) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, { min: string; max: string }>>(() =>
    Object.fromEntries(workTypes.map((w) => [w.id, { min: String(train.settings.guardrails[w.id]?.min ?? ''), max: String(train.settings.guardrails[w.id]?.max ?? '') }])),
  );
  const parse = (v: string): number | null => (v.trim() === '' ? null : Number(v));
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('art.settings.editGuardrails')}</Button>
      <SettingsDialog
        title={t('art.settings.guardrailsTitle')}
        open={open}
        onClose={() => setOpen(false)}
        onSave={async () => {
          const guardrails: Record<string, ArtGuardrailDto> = {};
          for (const [id, v] of Object.entries(values)) {
            const g = { min: parse(v.min), max: parse(v.max) };
            if (g.min !== null || g.max !== null) guardrails[id] = g;
          }
          await save(train, { guardrails });
          onSaved();
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
    </>
  );
}
