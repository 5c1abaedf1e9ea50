/** Form pieces shared by the project settings page and the admin page (site-wide defaults). */
import { useState, type CSSProperties, type ReactNode } from 'react';
import { token } from '@atlaskit/tokens';
import Button from '@atlaskit/button/new';
import type { DorPolicy, WorkTypeDto, WorkTypeRule } from '../../src/contracts';
import { tableStyle, tdStyle, thStyle } from './ui';
import { ChoiceSelect } from './LabelledSelect';
import { useT, type MessageKey } from './i18n';

export const inputStyle: CSSProperties = {
  padding: `${token('space.075')} ${token('space.100')}`,
  border: `2px solid ${token('color.border.input')}`,
  borderRadius: 4,
  background: token('color.background.input'),
  color: token('color.text'),
  font: 'inherit',
  fontWeight: 400,
  minWidth: 0,
};

export const labelStyle: CSSProperties = { display: 'grid', gap: 2, fontSize: 12, fontWeight: 600, color: token('color.text.subtle') };

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label style={labelStyle}>
      {label}
      {children}
      {hint ? <span style={{ fontWeight: 400, color: token('color.text.subtlest') }}>{hint}</span> : null}
    </label>
  );
}

/** A comma-separated list edited as text. */
export function ListInput({ label, value, onChange, hint, disabled, width, field }: { label: string; value: string[]; onChange: (value: string[]) => void; hint?: string; disabled?: boolean; width?: number; field?: string }) {
  return (
    <Field label={label} hint={hint}>
      <input
        data-field={field}
        style={{ ...inputStyle, width: width ?? 240 }}
        disabled={disabled}
        defaultValue={value.join(', ')}
        onBlur={(e) => onChange(splitList(e.target.value))}
      />
    </Field>
  );
}

export function splitList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function NumberInput({ label, value, onChange, min, max, step, hint, disabled, field }: { label: string; value: number | null; onChange: (value: number | null) => void; min?: number; max?: number; step?: number; hint?: string; disabled?: boolean; field?: string }) {
  return (
    <Field label={label} hint={hint}>
      <input
        data-field={field}
        style={{ ...inputStyle, width: 120 }}
        type="number"
        min={min}
        max={max}
        step={step ?? 1}
        disabled={disabled}
        value={value === null ? '' : String(value)}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      />
    </Field>
  );
}

const DOR_LABELS: [keyof DorPolicy, MessageKey][] = [
  ['requireEstimate', 'forms.dor.requireEstimate'],
  ['requireWithinSplitLimit', 'forms.dor.requireWithinSplitLimit'],
  ['requireAcceptanceCriteria', 'forms.dor.requireAcceptanceCriteria'],
  ['requireNoExternalBlocker', 'forms.dor.requireNoExternalBlocker'],
  ['requireWsjfForLocal', 'forms.dor.requireWsjfForLocal'],
];

export function DorEditor({ value, onChange, disabled }: { value: DorPolicy; onChange: (value: DorPolicy) => void; disabled?: boolean }) {
  const { t } = useT();
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0, display: 'grid', gap: token('space.050') }}>
      <legend style={{ fontWeight: 600, marginBottom: token('space.050') }}>{t('forms.definitionOfReady')}</legend>
      {DOR_LABELS.map(([key, label]) => (
        <label key={key} style={{ display: 'flex', gap: token('space.100'), alignItems: 'center' }}>
          <input type="checkbox" disabled={disabled} checked={value[key]} onChange={(e) => onChange({ ...value, [key]: e.target.checked })} />
          {t(label)}
        </label>
      ))}
    </fieldset>
  );
}

/** Work types and the first-match-wins rules mapping issues onto them. */
export function WorkTypeRulesEditor({
  workTypes,
  rules,
  defaultWorkType,
  onChange,
  disabled,
  fieldRoot = 'settings',
}: {
  workTypes: WorkTypeDto[];
  rules: WorkTypeRule[];
  defaultWorkType: string;
  onChange: (next: { workTypes: WorkTypeDto[]; rules: WorkTypeRule[]; defaultWorkType: string }) => void;
  disabled?: boolean;
  /** Where these settings sit in a save ("settings" or "defaults"), to highlight a refused field. */
  fieldRoot?: string;
}) {
  const { t } = useT();
  const setRule = (index: number, rule: WorkTypeRule): void => onChange({ workTypes, rules: rules.map((r, i) => (i === index ? rule : r)), defaultWorkType });
  const workTypeChoices = workTypes.map((w) => ({ value: w.id, label: w.name }));
  return (
    <div style={{ display: 'grid', gap: token('space.150') }}>
      <div style={{ display: 'flex', gap: token('space.200'), flexWrap: 'wrap', alignItems: 'end' }}>
        <ListInput
          width={520}
          label={t('forms.workTypesIdNameComma')}
          field={`${fieldRoot}.workTypes`}
          disabled={disabled}
          value={workTypes.map((w) => `${w.id}:${w.name}`)}
          onChange={(items) => onChange({ workTypes: items.map((item) => { const [id, ...name] = item.split(':'); return { id: id.trim(), name: (name.join(':') || id).trim() }; }), rules, defaultWorkType })}
        />
        <Field label={t('forms.defaultWorkType')}>
          <ChoiceSelect field={`${fieldRoot}.defaultWorkType`} width={200} isDisabled={disabled} value={defaultWorkType} options={workTypeChoices} onChange={(v) => onChange({ workTypes, rules, defaultWorkType: v })} />
        </Field>
      </div>
      <table style={tableStyle} aria-label={t('forms.workTypeRulesFirstMatch')}>
        <thead>
          <tr>
            <th style={thStyle} scope="col">#</th>
            <th style={thStyle} scope="col">{t('forms.workType')}</th>
            <th style={thStyle} scope="col">{t('forms.issueTypes')}</th>
            <th style={thStyle} scope="col">{t('forms.labels')}</th>
            <th style={thStyle} scope="col">{t('forms.components')}</th>
            <th style={thStyle} scope="col" aria-label={t('forms.actions')} />
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, i) => (
            // Keyed by place (and count, so removing a rule starts the rows afresh): typing never remounts the field.
            <tr key={`${i}-${rules.length}`} data-field={`${fieldRoot}.workTypeRules.${i}`}>
              <td style={tdStyle}>{i + 1}</td>
              <td style={tdStyle}>
                <ChoiceSelect ariaLabel={t('forms.ruleWorkType', { n: i + 1 })} width={160} isDisabled={disabled} value={rule.workType} options={workTypeChoices} onChange={(v) => setRule(i, { ...rule, workType: v })} />
              </td>
              {RULE_LISTS.map(([field, words]) => (
                <td key={field} style={tdStyle}>
                  <ListField label={t('forms.ruleList', { n: i + 1, list: t(words) })} disabled={disabled} value={rule[field]} onChange={(list) => setRule(i, { ...rule, [field]: list })} />
                </td>
              ))}
              <td style={tdStyle}>
                <Button appearance="subtle" spacing="compact" isDisabled={disabled} aria-label={t('forms.removeRule', { n: i + 1 })} onClick={() => onChange({ workTypes, rules: rules.filter((_, j) => j !== i), defaultWorkType })}>
                  {t('forms.remove')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <Button isDisabled={disabled || workTypes.length === 0} onClick={() => onChange({ workTypes, rules: [...rules, { workType: workTypes[0]?.id ?? '', issueTypes: [], labels: [], components: [] }], defaultWorkType })}>
          {t('forms.addRule')}
        </Button>
      </div>
    </div>
  );
}

const RULE_LISTS = [
  ['issueTypes', 'forms.ruleList.issueTypes'],
  ['labels', 'forms.ruleList.labels'],
  ['components', 'forms.ruleList.components'],
] as const;

/**
 * A comma-separated list that reports every keystroke (so the live preview follows the typing) while keeping
 * the PO's text as typed: a trailing comma or space is not tidied away mid-word.
 */
function ListField({ label, value, onChange, disabled }: { label: string; value: string[]; onChange: (value: string[]) => void; disabled?: boolean }) {
  const [text, setText] = useState(value.join(', '));
  return (
    <input
      aria-label={label}
      style={{ ...inputStyle, width: '100%' }}
      disabled={disabled}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const next = splitList(e.target.value);
        if (next.join('\u0000') !== value.join('\u0000')) onChange(next);
      }}
      onBlur={() => setText(value.join(', '))}
    />
  );
}

/** Default allocation per work type; must sum to 100. */
export function PercentsEditor({ workTypes, value, onChange, disabled, field }: { workTypes: WorkTypeDto[]; value: Record<string, number>; onChange: (value: Record<string, number>) => void; disabled?: boolean; field?: string }) {
  const { t } = useT();
  const sum = workTypes.reduce((total, w) => total + (value[w.id] ?? 0), 0);
  return (
    <div data-field={field} style={{ display: 'flex', gap: token('space.150'), flexWrap: 'wrap', alignItems: 'end' }}>
      {workTypes.map((w) => (
        <NumberInput key={w.id} field={field ? `${field}.${w.id}` : undefined} label={`${w.name} %`} min={0} max={100} disabled={disabled} value={value[w.id] ?? 0} onChange={(v) => onChange({ ...value, [w.id]: v ?? 0 })} />
      ))}
      <span role="status" style={{ fontWeight: 600, color: sum === 100 ? token('color.text.success') : token('color.text.warning') }}>
        {sum === 100 ? t('forms.addsUpTo100') : t('forms.addsUpToMust100', { sum })}
      </span>
    </div>
  );
}
