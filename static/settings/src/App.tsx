import { useEffect, useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import Select from '@atlaskit/select';
import { selectTexts } from '../../shared/selectText';
import { currentTranslator } from '../../shared/i18n';
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
import { JiraFieldsSection } from './JiraFields';
import { useFieldHighlight } from '../../shared/fieldHighlight';
import { DorEditor, Field, ListInput, NumberInput, PercentsEditor, WorkTypeRulesEditor } from '../../shared/forms';
import { useT, type MessageKey } from '../../shared/i18n';
import { messageText } from '../../shared/errorText';
import { ChoiceSelect } from '../../shared/LabelledSelect';

const FIELD_ROLE_LABELS: Record<keyof FieldOverrides, MessageKey> = {
  storyPoints: 'settings.role.storyPoints',
  businessValue: 'settings.role.businessValue',
  timeCriticality: 'settings.role.timeCriticality',
  riskReduction: 'settings.role.riskReduction',
  jobSize: 'settings.role.jobSize',
  acceptanceCriteria: 'settings.role.acceptanceCriteria',
};

/** How a field was found, in words. */
const FIELD_HOW: Record<ProjectSettingsDto['fields'][number]['how'], MessageKey> = {
  override: 'settings.how.override',
  board: 'settings.how.board',
  name: 'settings.how.name',
  values: 'settings.how.values',
  missing: 'settings.how.missing',
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
  const { t } = useT();
  return (
    <VersionedFormPage
      loadMe={() => settingsApi('whoAmI')}
      loadData={() => settingsApi('getProjectSettings')}
      loadingLabel={t('settings.loadingSettings')}
      renderForm={(me, data, form) => (
        <SettingsForm dto={data} canConfigure={me.can.configure} hint={me.hint === null ? null : messageText(t, me.hint, me.hintI18n)} projectName={me.projectName} {...form} />
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
      <Heading size="large" as="h1">{t('settings.heading')}{projectName ? ` · ${projectName}` : ''}</Heading>
      {disabled ? <p style={{ color: token('color.text.subtle') }}>{hint ?? t('settings.onlyProjectAdminsCanChange')}</p> : null}
      {dto.boards.length === 0 && disabled ? (
        // Someone who cannot change the settings gets the fact, not steps they cannot take (whom to ask is above).
        <p data-testid="no-board">{t('settings.readOnly.noBoard')}</p>
      ) : dto.boards.length === 0 ? (
        <div style={{ marginTop: token('space.200') }}>
          <SectionMessage appearance="warning" title={t('settings.noScrumBoardFound')}>
            <p>{t('settings.thePanelNeedsTheTeam')}</p>
          </SectionMessage>
        </div>
      ) : dto.settings.boardId === null && !disabled ? (
        <div style={{ marginTop: token('space.200') }}>
          <SectionMessage appearance="information" title={t('settings.getStarted')}>
            <p>{t('settings.untilYouPickABoard')}</p>
          </SectionMessage>
        </div>
      ) : null}
      <Section id="sources" title={t('settings.boardAndProgram')}>
        <div style={{ display: 'flex', gap: token('space.200'), flexWrap: 'wrap', alignItems: 'start' }}>
          <Field label={t('settings.board')}>
            <ChoiceSelect
              width={260}
              isSearchable
              isDisabled={disabled}
              value={settings.boardId === null ? '' : String(settings.boardId)}
              options={[{ value: '', label: t('settings.chooseABoard') }, ...dto.boards.map((b) => ({ value: String(b.id), label: b.name }))]}
              onChange={(v) => update({ boardId: v === '' ? null : Number(v) })}
            />
          </Field>
          <ListInput field="settings.programProjects" label={t('settings.programProjectsKeys')} hint={t('settings.whereTheArtSFeatures')} disabled={disabled} value={settings.programProjects} onChange={(programProjects) => update({ programProjects })} />
        </div>
      </Section>
      <Section id="fields" title={t('settings.fieldMapping')} description={t('settings.detectedAutomaticallyOverrideWhenYour')}>
        <table style={tableStyle} aria-label={t('settings.fieldMapping')}>
          <thead>
            <tr>
              <th style={thStyle} scope="col">{t('settings.role')}</th>
              <th style={thStyle} scope="col">{t('settings.detected')}</th>
              <th style={thStyle} scope="col">{t('settings.override')}</th>
            </tr>
          </thead>
          <tbody>
            {dto.fields.map((f) => (
              <tr key={f.role}>
                <th scope="row" style={{ ...tdStyle, fontWeight: 400 }}>{t(FIELD_ROLE_LABELS[f.role])}</th>
                <td style={tdStyle}>
                  {f.how === 'missing' ? <Lozenge appearance="removed">{t('settings.notFound')}</Lozenge> : <>{f.fieldName} <span style={{ color: token('color.text.subtlest') }}>({t(FIELD_HOW[f.how])})</span></>}
                  {f.problem ? <div style={{ color: token('color.text.warning') }} data-testid={`field-problem-${f.role}`}>{messageText(t, f.problem, f.problemI18n)}</div> : null}
                  {f.alternatives ? (
                    <div style={{ fontSize: 12, color: token('color.text.subtle') }} data-testid={`field-alternatives-${f.role}`}>
                      {t('settings.alternatives', {
                        count: f.alternatives.length,
                        fields: f.alternatives.map((a) => `${a.id} (${a.hasValues ? t('settings.holdsValuesHere') : t('settings.emptyHere')})`).join(', '),
                      })}
                    </div>
                  ) : null}
                </td>
                <td style={tdStyle}>
                  <ChoiceSelect
                    ariaLabel={t('settings.fields.overrideLabel', { role: t(FIELD_ROLE_LABELS[f.role]) })}
                    errorId={clashes.has(f.role) ? `clash-${f.role}` : undefined}
                    field={`settings.fieldOverrides.${f.role}`}
                    width={240}
                    isSearchable
                    isDisabled={disabled}
                    value={settings.fieldOverrides[f.role] ?? ''}
                    options={[{ value: '', label: t('settings.useDetected') }, ...dto.availableFields.map((a) => ({ value: a.id, label: `${a.name} (${a.id})` }))]}
                    onChange={(v) => update({ fieldOverrides: { ...settings.fieldOverrides, [f.role]: v || null } as FieldOverrides })}
                  />
                  {clashes.has(f.role) ? (
                    <div id={`clash-${f.role}`} role="alert" style={{ color: token('color.text.danger'), fontSize: 12, marginTop: token('space.050'), maxWidth: 320 }}>
                      {t('settings.fields.wsjfClash', { other: t(FIELD_ROLE_LABELS[clashes.get(f.role) as WsjfRole]) })}
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      {dto.fieldSync ? <JiraFieldsSection sync={dto.fieldSync} /> : null}
      {dto.linkTypes ? (
        <Section id="links" title={t('settings.blockingLinks')} description={t('settings.linkTypesThatCountAs')}>
          {dto.linkTypes.every((lt) => !lt.counted) ? (
            <SectionMessage appearance="warning" title={t('settings.noLinkTypeCountsAs')}>
              <p>{t('settings.dependenciesAreNotCheckedChoose')}</p>
            </SectionMessage>
          ) : null}
          <div role="group" aria-label={t('settings.blockingLinkTypes')}>
            {dto.linkTypes.map((lt) => {
              const chosen = settings.blockingLinkTypes ?? dto.linkTypes?.filter((x) => x.guessed).map((x) => x.name) ?? [];
              return (
                <Checkbox
                  key={lt.name}
                  isDisabled={disabled}
                  isChecked={settings.blockingLinkTypes === undefined || settings.blockingLinkTypes === null ? lt.counted : chosen.includes(lt.name)}
                  label={`${lt.name} ("${lt.outward}" / "${lt.inward}")${lt.guessed ? ` · ${t('settings.theAppSGuess')}` : ''}`}
                  onChange={(e) => update({ blockingLinkTypes: e.target.checked ? [...chosen.filter((n) => n !== lt.name), lt.name] : chosen.filter((n) => n !== lt.name) })}
                />
              );
            })}
          </div>
        </Section>
      ) : null}
      {dto.resolutions ? (
        <Section id="dropped" title={t('settings.droppedWork')} description={t('settings.doneWorkWithTheseResolutions')}>
          <div role="group" aria-label={t('settings.resolutionsThatMeanDroppedWork')}>
            {dto.resolutions.map((r) => {
              const marked = settings.droppedResolutions ?? [];
              return (
                <Checkbox
                  key={r.name}
                  isDisabled={disabled || r.byDefault}
                  isChecked={r.byDefault || marked.includes(r.name)}
                  label={r.byDefault ? `${r.name} · ${t('settings.always')}` : r.name}
                  onChange={(e) => update({ droppedResolutions: e.target.checked ? [...marked.filter((n) => n !== r.name), r.name] : marked.filter((n) => n !== r.name) })}
                />
              );
            })}
          </div>
        </Section>
      ) : null}
      {dto.wsjfOptions && dto.wsjfOptions.length > 0 ? (
        <Section id="wsjf-options" title={t('settings.wsjfSelectOptions')} description={t('settings.theseWsjfFieldsAreSelect')}>
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
            const scale = [{ value: 0, label: t('settings.notMapped') }, ...FIBONACCI_SCALE.map((n) => ({ value: n, label: String(n) }))];
            return (
              <div key={f.fieldId} role="group" aria-label={t('settings.fieldOptions', { field: f.fieldName })} style={{ marginBottom: token('space.200') }}>
                <Heading size="xsmall">{f.fieldName}</Heading>
                {f.problem ? <SectionMessage appearance="warning">{messageText(t, f.problem, f.problemI18n)}</SectionMessage> : null}
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
                            <Select {...selectTexts(currentTranslator())}
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
      <Section id="work-types" title={t('settings.workTypes')} description={t('settings.aRuleMatchesAnIssue')}>
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
      <Section id="allocation" title={t('settings.defaultAllocation')} description={t('settings.usedForAPiNobody')}>
        <PercentsEditor field="settings.defaultAllocation" workTypes={settings.workTypes} value={settings.defaultAllocation} disabled={disabled} onChange={(defaultAllocation) => update({ defaultAllocation })} />
        <label style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', marginTop: token('space.100') }}>
          <input type="checkbox" disabled={disabled} checked={settings.flowUnusedSlice} onChange={(e) => update({ flowUnusedSlice: e.target.checked })} />
          {t('settings.letUnusedSliceCapacityFlow')}
        </label>
        <UnplannedBuffer value={settings.unplannedBufferPct ?? 0} disabled={disabled} onChange={(unplannedBufferPct) => update({ unplannedBufferPct })} />
      </Section>
      <Section id="refinement" title={t('settings.refinement')}>
        <div style={{ display: 'grid', gridTemplateColumns: 'minmax(260px, 1fr) 2fr', gap: token('space.300') }}>
          <DorEditor value={settings.dor} disabled={disabled} onChange={(dor) => update({ dor })} />
          <div style={{ display: 'flex', gap: token('space.150'), flexWrap: 'wrap', alignContent: 'start' }}>
            <NumberInput field="settings.splitLimit.fractionOfCapacity" label={t('settings.splitAboveShareOfCapacity')} min={0.1} max={1} step={0.05} disabled={disabled} value={settings.splitLimit.fractionOfCapacity} onChange={(v) => update({ splitLimit: { ...settings.splitLimit, fractionOfCapacity: v ?? 0.5 } })} />
            <NumberInput field="settings.splitLimit.maxPoints" label={t('settings.splitAbovePoints')} hint={t('settings.emptyNoFixedLimit')} min={1} disabled={disabled} value={settings.splitLimit.maxPoints} onChange={(v) => update({ splitLimit: { ...settings.splitLimit, maxPoints: v } })} />
            <NumberInput field="settings.staleDays" label={t('settings.staleAfterDays')} min={1} disabled={disabled} value={settings.staleDays} onChange={(v) => update({ staleDays: v ?? 180 })} />
            <NumberInput field="settings.planIterations" label={t('settings.iterationsToPlan')} min={1} max={6} disabled={disabled} value={settings.planIterations} onChange={(v) => update({ planIterations: v ?? 2 })} />
          </div>
        </div>
      </Section>
      <Section id="team" title={t('settings.teamAndEditors')} description={t('settings.membersFeedTheNormalizedCapacity')}>
        <ListInput
          field="settings.members"
          width={520}
          label={t('settings.membersNameFteCommaSeparated')}
          disabled={disabled}
          value={settings.members.map((m) => `${m.name}:${m.fte}`)}
          onChange={(items) => {
            const members = items.map((item) => { const [name, fte] = item.split(':'); return { name: name.trim(), fte: fte === undefined ? 1 : Number(fte) }; });
            // Days off of someone no longer in the team would be refused on save: they go with the member.
            update({ members, pis: withoutDaysOffOf(settings.pis, members) });
          }}
        />
        <div style={{ display: 'flex', gap: token('space.200'), flexWrap: 'wrap', marginTop: token('space.100') }}>
          <ListInput field="settings.editors.groups" label={t('settings.editorGroups')} hint={t('settings.membersOfTheseJiraGroups')} disabled={disabled} value={settings.editors.groups} onChange={(groups) => update({ editors: { ...settings.editors, groups } })} />
          <ListInput field="settings.editors.roles" label={t('settings.editorRoles')} hint={t('settings.onlyForJiraAdministratorsSee')} disabled={disabled} value={settings.editors.roles} onChange={(roles) => update({ editors: { ...settings.editors, roles } })} />
        </div>
        <p data-testid="editor-roles-note" style={{ color: token('color.text.subtle'), maxWidth: 640 }}>
          {t('settings.nameAGroupToLet')}
        </p>
      </Section>
      <Section id="calendar" title={t('settings.piCalendar')} description={t('settings.pisAndTheirIterationsMap')}>
        <TimeZonePicker value={settings.timeZone ?? null} effective={dto.timeZone} disabled={disabled} onChange={(timeZone) => update({ timeZone })} />
        <PiCalendarSection dto={dto} pis={settings.pis} members={settings.members} disabled={disabled} today={today} onChange={(pis) => update({ pis })} />
      </Section>
      <div style={{ position: 'sticky', bottom: 0, background: token('elevation.surface'), padding: `${token('space.150')} 0`, borderTop: `1px solid ${token('color.border')}`, marginTop: token('space.300'), display: 'grid', gap: token('space.100') }}>
        <SaveStatus error={error} saved={saved} savedText={t('settings.settingsSaved')} onReload={form.onReload} />
        {clashes.size > 0 ? <span style={{ color: token('color.text.danger') }}>{t('settings.save.wsjfClash')}</span> : null}
        <div>
          <Button appearance="primary" isDisabled={disabled || allocationSum !== 100 || clashes.size > 0} isLoading={saving} onClick={() => void save()}>
            {t('settings.saveSettings')}
          </Button>
        </div>
      </div>
    </main>
  );
}

function RulePreview({ settings }: { settings: ProjectSettings }) {
  const { t } = useT();
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
  if (!preview) return <Loading label={t('settings.classifyingCurrentIssues')} />;
  return (
    <div aria-label={t('settings.livePreview')} style={{ marginTop: token('space.150') }}>
      <div style={{ display: 'flex', gap: token('space.150'), flexWrap: 'wrap', marginBottom: token('space.100') }} role="status" data-testid="work-type-counts">
        {preview.workTypes.map((w) => (
          <span key={w.id}><strong>{preview.counts[w.id] ?? 0}</strong> {w.name}</span>
        ))}
      </div>
      <ScrollArea label={t('settings.issuesAsTheyClassify')} maxHeight={240}>
        <table style={tableStyle} aria-label={t('settings.howCurrentIssuesClassify')}>
          <thead>
            <tr>
              <th style={thStyle} scope="col">{t('settings.issue')}</th>
              <th style={thStyle} scope="col">{t('settings.summary')}</th>
              <th style={thStyle} scope="col">{t('settings.issueType')}</th>
              <th style={thStyle} scope="col">{t('settings.workType')}</th>
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
