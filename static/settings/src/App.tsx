import { useEffect, useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Select from '@atlaskit/select';
import { Checkbox } from '@atlaskit/checkbox';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { AppError, FieldOverrides, ProjectSettings, ProjectSettingsDto, WorkTypePreviewDto } from '../../../src/contracts';
import { FIBONACCI_SCALE } from '../../../src/domain/wsjf';
import { settingsApi, toAppError, unwrap } from '../../shared/api';
import { issueKey } from '../../shared/keys';
import { SaveStatus, useVersionedForm, VersionedFormPage, type VersionedFormProps } from '../../shared/VersionedFormPage';
import { ErrorMessage, Loading, Section, ScrollArea, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { dayInZone } from '../../../src/domain/calendar';
import { PiCalendarSection, withoutDaysOffOf } from './PiCalendar';
import { TimeZonePicker } from './TimeZonePicker';
import { useFieldHighlight } from '../../shared/fieldHighlight';
import { DorEditor, Field, ListInput, NumberInput, PercentsEditor, WorkTypeRulesEditor } from '../../shared/forms';
import { useT } from '../../shared/i18n';
import { ChoiceSelect } from '../../shared/LabelledSelect';

const FIELD_ROLE_LABELS: Record<keyof FieldOverrides, string> = {
  storyPoints: 'Story points',
  businessValue: 'Business value',
  timeCriticality: 'Time criticality',
  riskReduction: 'Risk reduction / opportunity enablement',
  jobSize: 'Job size',
  acceptanceCriteria: 'Acceptance criteria',
};

/** How a field was found, in words. */
const FIELD_HOW: Record<ProjectSettingsDto['fields'][number]['how'], string> = {
  override: 'mapped here',
  board: "the board's estimation field",
  name: 'by name',
  values: 'by name; the one holding values for this project',
  missing: 'not found',
};

type WsjfRole = 'businessValue' | 'timeCriticality' | 'riskReduction' | 'jobSize';
const WSJF_ROLES: readonly WsjfRole[] = ['businessValue', 'timeCriticality', 'riskReduction', 'jobSize'];

/**
 * The WSJF components whose override names the field another component is read from (its override, else the
 * field detected for it), each with that other component: two components on one field always score alike.
 */
function wsjfClashes(overrides: FieldOverrides, detected: ProjectSettingsDto['fields']): Map<keyof FieldOverrides, WsjfRole> {
  const fieldOf = (role: WsjfRole) => overrides[role] ?? detected.find((f) => f.role === role)?.fieldId ?? null;
  const clashes = new Map<keyof FieldOverrides, WsjfRole>();
  for (const role of WSJF_ROLES) {
    const mine = overrides[role];
    const other = mine ? WSJF_ROLES.find((r) => r !== role && fieldOf(r) === mine && !(overrides[r] === mine && WSJF_ROLES.indexOf(r) > WSJF_ROLES.indexOf(role))) : undefined;
    if (other) clashes.set(role, other);
  }
  return clashes;
}

export function App() {
  return (
    <VersionedFormPage
      loadMe={() => settingsApi('whoAmI')}
      loadData={() => settingsApi('getProjectSettings')}
      loadingLabel="Loading settings…"
      renderForm={(me, data, form) => (
        <SettingsForm dto={data} canConfigure={me.can.configure} hint={me.hint} projectName={me.projectName} {...form} />
      )}
    />
  );
}

function SettingsForm({
  dto,
  canConfigure,
  hint,
  projectName,
  ...form
}: {
  dto: ProjectSettingsDto;
  canConfigure: boolean;
  hint: string | null;
  projectName: string | null;
} & VersionedFormProps) {
  const { value: settings, update, saving, saved, error, save } = useVersionedForm<ProjectSettings>(dto.settings, form, (value) =>
    settingsApi('saveProjectSettings', { settings: value, baseVersion: dto.version }),
  );
  const { t } = useT();
  useFieldHighlight(error);
  const disabled = !canConfigure;
  const clashes = wsjfClashes(settings.fieldOverrides, dto.fields);
  // Today in the team's zone, as the panel counts it (an iteration ending today is not closed yet).
  const today = dayInZone(new Date(), dto.timeZone?.zone ?? 'UTC');
  const allocationSum = settings.workTypes.reduce((t, w) => t + (settings.defaultAllocation[w.id] ?? 0), 0);

  return (
    <main style={{ padding: `${token('space.200')} ${token('space.300')}`, color: token('color.text'), maxWidth: 1100 }}>
      <Heading size="large" as="h1">Backlog balance settings{projectName ? ` · ${projectName}` : ''}</Heading>
      {disabled ? <p style={{ color: token('color.text.subtle') }}>{hint ?? 'Only project admins can change these settings.'}</p> : null}
      {dto.boards.length === 0 && disabled ? (
        // Someone who cannot change the settings gets the fact, not steps they cannot take (whom to ask is above).
        <p data-testid="no-board">{t('settings.readOnly.noBoard')}</p>
      ) : dto.boards.length === 0 ? (
        <div style={{ marginTop: token('space.200') }}>
          <SectionMessage appearance="warning" title="No Scrum board found">
            <p>The panel needs the team's Scrum board: create one for this project in Jira (Board, Create board, Scrum), then pick it here.</p>
          </SectionMessage>
        </div>
      ) : dto.settings.boardId === null && !disabled ? (
        <div style={{ marginTop: token('space.200') }}>
          <SectionMessage appearance="information" title="Get started">
            <p>Until you pick a board the app uses the project's Scrum board it finds, and derives PIs from its sprints. Check the field mapping, then set up the PI calendar if your PIs differ.</p>
          </SectionMessage>
        </div>
      ) : null}
      <Section id="sources" title="Board and program">
        <div style={{ display: 'flex', gap: token('space.200'), flexWrap: 'wrap', alignItems: 'start' }}>
          <Field label="Board">
            <ChoiceSelect
              width={260}
              isSearchable
              isDisabled={disabled}
              value={settings.boardId === null ? '' : String(settings.boardId)}
              options={[{ value: '', label: 'Choose a board…' }, ...dto.boards.map((b) => ({ value: String(b.id), label: b.name }))]}
              onChange={(v) => update({ boardId: v === '' ? null : Number(v) })}
            />
          </Field>
          <ListInput field="settings.programProjects" label="Program projects (keys)" hint="Where the ART's features live" disabled={disabled} value={settings.programProjects} onChange={(programProjects) => update({ programProjects })} />
        </div>
      </Section>
      <Section id="fields" title="Field mapping" description="Detected automatically; override when your site uses other fields.">
        <table style={tableStyle} aria-label="Field mapping">
          <thead>
            <tr>
              <th style={thStyle} scope="col">Role</th>
              <th style={thStyle} scope="col">Detected</th>
              <th style={thStyle} scope="col">Override</th>
            </tr>
          </thead>
          <tbody>
            {dto.fields.map((f) => (
              <tr key={f.role}>
                <th scope="row" style={{ ...tdStyle, fontWeight: 400 }}>{FIELD_ROLE_LABELS[f.role]}</th>
                <td style={tdStyle}>
                  {f.how === 'missing' ? <Lozenge appearance="removed">Not found</Lozenge> : <>{f.fieldName} <span style={{ color: token('color.text.subtlest') }}>({FIELD_HOW[f.how]})</span></>}
                  {f.problem ? <div style={{ color: token('color.text.warning') }} data-testid={`field-problem-${f.role}`}>{f.problem}</div> : null}
                  {f.alternatives ? (
                    <div style={{ fontSize: 12, color: token('color.text.subtle') }} data-testid={`field-alternatives-${f.role}`}>
                      {f.alternatives.length} fields have this name:{' '}
                      {f.alternatives.map((a) => `${a.id} (${a.hasValues ? 'holds values here' : 'empty here'})`).join(', ')}
                    </div>
                  ) : null}
                </td>
                <td style={tdStyle}>
                  <ChoiceSelect
                    ariaLabel={t('settings.fields.overrideLabel', { role: FIELD_ROLE_LABELS[f.role] })}
                    errorId={clashes.has(f.role) ? `clash-${f.role}` : undefined}
                    field={`settings.fieldOverrides.${f.role}`}
                    width={240}
                    isSearchable
                    isDisabled={disabled}
                    value={settings.fieldOverrides[f.role] ?? ''}
                    options={[{ value: '', label: 'Use detected' }, ...dto.availableFields.map((a) => ({ value: a.id, label: `${a.name} (${a.id})` }))]}
                    onChange={(v) => update({ fieldOverrides: { ...settings.fieldOverrides, [f.role]: v || null } as FieldOverrides })}
                  />
                  {clashes.has(f.role) ? (
                    <div id={`clash-${f.role}`} role="alert" style={{ color: token('color.text.danger'), fontSize: 12, marginTop: token('space.050'), maxWidth: 320 }}>
                      {t('settings.fields.wsjfClash', { other: FIELD_ROLE_LABELS[clashes.get(f.role) as WsjfRole] })}
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      {dto.linkTypes ? (
        <Section id="links" title="Blocking links" description="Link types that count as dependencies (one issue blocks another). Until you choose, the app counts the ones marked as its guess.">
          {dto.linkTypes.every((t) => !t.counted) ? (
            <SectionMessage appearance="warning" title="No link type counts as blocking">
              <p>Dependencies are not checked: choose the link types your teams use for them.</p>
            </SectionMessage>
          ) : null}
          <div role="group" aria-label="Blocking link types">
            {dto.linkTypes.map((t) => {
              const chosen = settings.blockingLinkTypes ?? dto.linkTypes?.filter((x) => x.guessed).map((x) => x.name) ?? [];
              return (
                <Checkbox
                  key={t.name}
                  isDisabled={disabled}
                  isChecked={settings.blockingLinkTypes === undefined || settings.blockingLinkTypes === null ? t.counted : chosen.includes(t.name)}
                  label={`${t.name} ("${t.outward}" / "${t.inward}")${t.guessed ? ' · the app\'s guess' : ''}`}
                  onChange={(e) => update({ blockingLinkTypes: e.target.checked ? [...chosen.filter((n) => n !== t.name), t.name] : chosen.filter((n) => n !== t.name) })}
                />
              );
            })}
          </div>
        </Section>
      ) : null}
      {dto.resolutions ? (
        <Section id="dropped" title="Dropped work" description="Done work with these resolutions was not delivered: velocity and done points leave it out.">
          <div role="group" aria-label="Resolutions that mean dropped work">
            {dto.resolutions.map((r) => {
              const marked = settings.droppedResolutions ?? [];
              return (
                <Checkbox
                  key={r.name}
                  isDisabled={disabled || r.byDefault}
                  isChecked={r.byDefault || marked.includes(r.name)}
                  label={`${r.name}${r.byDefault ? ' · always' : ''}`}
                  onChange={(e) => update({ droppedResolutions: e.target.checked ? [...marked.filter((n) => n !== r.name), r.name] : marked.filter((n) => n !== r.name) })}
                />
              );
            })}
          </div>
        </Section>
      ) : null}
      {dto.wsjfOptions && dto.wsjfOptions.length > 0 ? (
        <Section id="wsjf-options" title="WSJF select options" description="These WSJF fields are select lists. Pick the number each option stands for: the app reads the option as that number and, when you score inline, writes back the option mapped to the number you chose. Options that are numbers already need nothing.">
          {dto.wsjfOptions.map((f) => {
            const mapping = settings.wsjfOptionScores?.[f.fieldId] ?? {};
            const setScore = (option: string, score: number | null): void => {
              const next = Object.fromEntries(Object.entries(mapping).filter(([o]) => o !== option));
              if (score !== null) next[option] = score;
              const all = { ...(settings.wsjfOptionScores ?? {}) };
              if (Object.keys(next).length > 0) all[f.fieldId] = next;
              else delete all[f.fieldId];
              update({ wsjfOptionScores: all });
            };
            const scale = [{ value: 0, label: 'Not mapped' }, ...FIBONACCI_SCALE.map((n) => ({ value: n, label: String(n) }))];
            return (
              <div key={f.fieldId} role="group" aria-label={`${f.fieldName} options`} style={{ marginBottom: token('space.200') }}>
                <Heading size="xsmall">{f.fieldName}</Heading>
                {f.problem ? <SectionMessage appearance="warning">{f.problem}</SectionMessage> : null}
                <table style={tableStyle}>
                  <tbody>
                    {f.options.filter((o) => !/^\s*-?\d+(\.\d+)?\s*$/.test(o)).map((option) => {
                      const id = `wsjf-${f.fieldId}-${option}`.replace(/[^A-Za-z0-9_-]/g, '-');
                      return (
                        <tr key={option}>
                          <td style={tdStyle}>
                            <label htmlFor={id}>{option}</label>
                          </td>
                          <td style={{ ...tdStyle, minWidth: 160 }}>
                            <Select
                              inputId={id}
                              isDisabled={disabled}
                              isSearchable={false}
                              spacing="compact"
                              options={scale}
                              value={scale.find((o) => o.value === (mapping[option] ?? 0)) ?? null}
                              onChange={(o) => o && setScore(option, o.value === 0 ? null : o.value)}
                            />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            );
          })}
        </Section>
      ) : null}
      <Section id="work-types" title="Work types" description="A rule matches an issue that has any one of the issue types, labels or components it lists. Rules are tried in order: each issue gets the work type of the first rule it matches, else the default.">
        <WorkTypeRulesEditor
          fieldRoot="settings"
          disabled={disabled}
          workTypes={settings.workTypes}
          rules={settings.workTypeRules}
          defaultWorkType={settings.defaultWorkType}
          onChange={(next) => update({ workTypes: next.workTypes, workTypeRules: next.rules, defaultWorkType: next.defaultWorkType })}
        />
        <RulePreview settings={settings} />
      </Section>
      <Section id="allocation" title="Default allocation" description="Used for a PI nobody has saved an allocation for yet.">
        <PercentsEditor field="settings.defaultAllocation" workTypes={settings.workTypes} value={settings.defaultAllocation} disabled={disabled} onChange={(defaultAllocation) => update({ defaultAllocation })} />
        <label style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', marginTop: token('space.100') }}>
          <input type="checkbox" disabled={disabled} checked={settings.flowUnusedSlice} onChange={(e) => update({ flowUnusedSlice: e.target.checked })} />
          Let unused slice capacity flow to other work types in the fill
        </label>
        <UnplannedBuffer value={settings.unplannedBufferPct ?? 0} disabled={disabled} onChange={(unplannedBufferPct) => update({ unplannedBufferPct })} />
      </Section>
      <Section id="refinement" title="Refinement">
        <div style={{ display: 'grid', gridTemplateColumns: 'minmax(260px, 1fr) 2fr', gap: token('space.300') }}>
          <DorEditor value={settings.dor} disabled={disabled} onChange={(dor) => update({ dor })} />
          <div style={{ display: 'flex', gap: token('space.150'), flexWrap: 'wrap', alignContent: 'start' }}>
            <NumberInput field="settings.splitLimit.fractionOfCapacity" label="Split above (share of capacity)" min={0.1} max={1} step={0.05} disabled={disabled} value={settings.splitLimit.fractionOfCapacity} onChange={(v) => update({ splitLimit: { ...settings.splitLimit, fractionOfCapacity: v ?? 0.5 } })} />
            <NumberInput field="settings.splitLimit.maxPoints" label="Split above (points)" hint="Empty = no fixed limit" min={1} disabled={disabled} value={settings.splitLimit.maxPoints} onChange={(v) => update({ splitLimit: { ...settings.splitLimit, maxPoints: v } })} />
            <NumberInput field="settings.staleDays" label="Stale after (days)" min={1} disabled={disabled} value={settings.staleDays} onChange={(v) => update({ staleDays: v ?? 180 })} />
            <NumberInput field="settings.planIterations" label="Iterations to plan" min={1} max={6} disabled={disabled} value={settings.planIterations} onChange={(v) => update({ planIterations: v ?? 2 })} />
          </div>
        </div>
      </Section>
      <Section id="team" title="Team and editors" description="Members feed the normalized capacity for a new team (8 points per full-time member per iteration).">
        <ListInput
          field="settings.members"
          width={520}
          label="Members (name:fte, comma separated)"
          disabled={disabled}
          value={settings.members.map((m) => `${m.name}:${m.fte}`)}
          onChange={(items) => {
            const members = items.map((item) => { const [name, fte] = item.split(':'); return { name: name.trim(), fte: fte === undefined ? 1 : Number(fte) }; });
            // Days off of someone no longer in the team would be refused on save: they go with the member.
            update({ members, pis: withoutDaysOffOf(settings.pis, members) });
          }}
        />
        <div style={{ display: 'flex', gap: token('space.200'), flexWrap: 'wrap', marginTop: token('space.100') }}>
          <ListInput field="settings.editors.groups" label="Editor groups" hint="Members of these Jira groups may plan, besides admins" disabled={disabled} value={settings.editors.groups} onChange={(groups) => update({ editors: { ...settings.editors, groups } })} />
          <ListInput field="settings.editors.roles" label="Editor roles" hint="Only for Jira administrators (see below)" disabled={disabled} value={settings.editors.roles} onChange={(roles) => update({ editors: { ...settings.editors, roles } })} />
        </div>
        <p data-testid="editor-roles-note" style={{ color: token('color.text.subtle'), maxWidth: 640 }}>
          Name a group to let people plan. Jira shows project-role membership only to administrators, so a role named here never lets anyone
          else edit (they are told to ask for a group instead).
        </p>
      </Section>
      <Section id="calendar" title="PI calendar" description="PIs and their iterations, each mapped to its Jira sprint so the fill can be committed. Iterations whose sprint is closed keep what they had and are read-only.">
        <TimeZonePicker value={settings.timeZone ?? null} effective={dto.timeZone} disabled={disabled} onChange={(timeZone) => update({ timeZone })} />
        <PiCalendarSection dto={dto} pis={settings.pis} members={settings.members} disabled={disabled} today={today} onChange={(pis) => update({ pis })} />
      </Section>
      <div style={{ position: 'sticky', bottom: 0, background: token('elevation.surface'), padding: `${token('space.150')} 0`, borderTop: `1px solid ${token('color.border')}`, marginTop: token('space.300'), display: 'grid', gap: token('space.100') }}>
        <SaveStatus error={error} saved={saved} savedText="Settings saved." onReload={form.onReload} />
        {clashes.size > 0 ? <span style={{ color: token('color.text.danger') }}>{t('settings.save.wsjfClash')}</span> : null}
        <div>
          <Button appearance="primary" isDisabled={disabled || allocationSum !== 100 || clashes.size > 0} isLoading={saving} onClick={() => void save()}>
            Save settings
          </Button>
        </div>
      </div>
    </main>
  );
}

function RulePreview({ settings }: { settings: ProjectSettings }) {
  const [preview, setPreview] = useState<WorkTypePreviewDto | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const input = JSON.stringify({ workTypes: settings.workTypes, rules: settings.workTypeRules, defaultWorkType: settings.defaultWorkType });
  useEffect(() => {
    clearTimeout(timer.current);
    let current = true;
    // Debounced: the preview re-classifies the project's issues on every edit.
    timer.current = setTimeout(() => {
      settingsApi('previewWorkTypes', JSON.parse(input) as Parameters<typeof settingsApi<'previewWorkTypes'>>[1])
        .then((r) => { if (current) { setPreview(unwrap(r)); setError(null); } })
        .catch((f: unknown) => { if (current) setError(toAppError(f)); });
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer.current);
    };
  }, [input]);
  if (error) return <ErrorMessage error={error} />;
  if (!preview) return <Loading label="Classifying current issues…" />;
  return (
    <div aria-label="Live preview" style={{ marginTop: token('space.150') }}>
      <div style={{ display: 'flex', gap: token('space.150'), flexWrap: 'wrap', marginBottom: token('space.100') }} role="status" data-testid="work-type-counts">
        {preview.workTypes.map((w) => (
          <span key={w.id}><strong>{preview.counts[w.id] ?? 0}</strong> {w.name}</span>
        ))}
      </div>
      <ScrollArea label="Issues as they classify" maxHeight={240}>
        <table style={tableStyle} aria-label="How current issues classify">
          <thead>
            <tr>
              <th style={thStyle} scope="col">Issue</th>
              <th style={thStyle} scope="col">Summary</th>
              <th style={thStyle} scope="col">Issue type</th>
              <th style={thStyle} scope="col">Work type</th>
            </tr>
          </thead>
          <tbody>
            {preview.sample.map(([ref, summary, issueType, wt]) => (
              <tr key={String(ref)}>
                <td style={tdStyle}>{issueKey(ref, preview.keyPrefix)}</td>
                <td style={tdStyle}>{summary}</td>
                <td style={tdStyle}>{issueType}</td>
                <td style={tdStyle}>{preview.workTypes[wt]?.name ?? '?'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollArea>
    </div>
  );
}

/** The share of each iteration kept for unplanned work before the slices are cut (whole percent, 0..50). */
function UnplannedBuffer({ value, disabled, onChange }: { value: number; disabled: boolean; onChange: (pct: number) => void }) {
  const { t } = useT();
  return (
    <div style={{ marginTop: token('space.100') }}>
      <NumberInput label={t('settings.unplannedBuffer.label')} hint={t('settings.unplannedBuffer.hint')} min={0} max={50} disabled={disabled} value={value} onChange={(v) => onChange(v ?? 0)} />
    </div>
  );
}
