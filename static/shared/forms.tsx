/** Form pieces shared by the project settings page and the admin page (site-wide defaults). */
import { useState, type CSSProperties, type ReactNode } from 'react';
import { token } from '@atlaskit/tokens';
import Button from '@atlaskit/button/new';
import type { DorPolicy, WorkTypeDto, WorkTypeRule } from '../../src/contracts';
import { tableStyle, tdStyle, thStyle } from './ui';
import { ChoiceSelect } from './LabelledSelect';

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

const DOR_LABELS: [keyof DorPolicy, string][] = [
  ['requireEstimate', 'Has an estimate'],
  ['requireWithinSplitLimit', 'Estimate within the split limit'],
  ['requireAcceptanceCriteria', 'Has acceptance criteria'],
  ['requireNoExternalBlocker', 'No unresolved blocker outside the team'],
  ['requireWsjfForLocal', 'Local items have WSJF components'],
];

export function DorEditor({ value, onChange, disabled }: { value: DorPolicy; onChange: (value: DorPolicy) => void; disabled?: boolean }) {
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0, display: 'grid', gap: token('space.050') }}>
      <legend style={{ fontWeight: 600, marginBottom: token('space.050') }}>Definition of Ready</legend>
      {DOR_LABELS.map(([key, label]) => (
        <label key={key} style={{ display: 'flex', gap: token('space.100'), alignItems: 'center' }}>
          <input type="checkbox" disabled={disabled} checked={value[key]} onChange={(e) => onChange({ ...value, [key]: e.target.checked })} />
          {label}
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
  const setRule = (index: number, rule: WorkTypeRule): void => onChange({ workTypes, rules: rules.map((r, i) => (i === index ? rule : r)), defaultWorkType });
  const workTypeChoices = workTypes.map((w) => ({ value: w.id, label: w.name }));
  return (
    <div style={{ display: 'grid', gap: token('space.150') }}>
      <div style={{ display: 'flex', gap: token('space.200'), flexWrap: 'wrap', alignItems: 'end' }}>
        <ListInput
          width={520}
          label="Work types (id:name, comma separated)"
          field={`${fieldRoot}.workTypes`}
          disabled={disabled}
          value={workTypes.map((w) => `${w.id}:${w.name}`)}
          onChange={(items) => onChange({ workTypes: items.map((item) => { const [id, ...name] = item.split(':'); return { id: id.trim(), name: (name.join(':') || id).trim() }; }), rules, defaultWorkType })}
        />
        <Field label="Default work type">
          <ChoiceSelect field={`${fieldRoot}.defaultWorkType`} width={200} isDisabled={disabled} value={defaultWorkType} options={workTypeChoices} onChange={(v) => onChange({ workTypes, rules, defaultWorkType: v })} />
        </Field>
      </div>
      <table style={tableStyle} aria-label="Work-type rules (first match wins)">
        <thead>
          <tr>
            <th style={thStyle} scope="col">#</th>
            <th style={thStyle} scope="col">Work type</th>
            <th style={thStyle} scope="col">Issue types</th>
            <th style={thStyle} scope="col">Labels</th>
            <th style={thStyle} scope="col">Components</th>
            <th style={thStyle} scope="col" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, i) => (
            // Keyed by place (and count, so removing a rule starts the rows afresh): typing never remounts the field.
            <tr key={`${i}-${rules.length}`} data-field={`${fieldRoot}.workTypeRules.${i}`}>
              <td style={tdStyle}>{i + 1}</td>
              <td style={tdStyle}>
                <ChoiceSelect ariaLabel={`Rule ${i + 1} work type`} width={160} isDisabled={disabled} value={rule.workType} options={workTypeChoices} onChange={(v) => setRule(i, { ...rule, workType: v })} />
              </td>
              {RULE_LISTS.map(([field, words]) => (
                <td key={field} style={tdStyle}>
                  <ListField label={`Rule ${i + 1} ${words}`} disabled={disabled} value={rule[field]} onChange={(list) => setRule(i, { ...rule, [field]: list })} />
                </td>
              ))}
              <td style={tdStyle}>
                <Button appearance="subtle" spacing="compact" isDisabled={disabled} aria-label={`Remove rule ${i + 1}`} onClick={() => onChange({ workTypes, rules: rules.filter((_, j) => j !== i), defaultWorkType })}>
                  Remove
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <Button isDisabled={disabled || workTypes.length === 0} onClick={() => onChange({ workTypes, rules: [...rules, { workType: workTypes[0]?.id ?? '', issueTypes: [], labels: [], components: [] }], defaultWorkType })}>
          Add rule
        </Button>
      </div>
    </div>
  );
}

const RULE_LISTS = [
  ['issueTypes', 'issue types'],
  ['labels', 'labels'],
  ['components', 'components'],
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
  const sum = workTypes.reduce((total, w) => total + (value[w.id] ?? 0), 0);
  return (
    <div data-field={field} style={{ display: 'flex', gap: token('space.150'), flexWrap: 'wrap', alignItems: 'end' }}>
      {workTypes.map((w) => (
        <NumberInput key={w.id} field={field ? `${field}.${w.id}` : undefined} label={`${w.name} %`} min={0} max={100} disabled={disabled} value={value[w.id] ?? 0} onChange={(v) => onChange({ ...value, [w.id]: v ?? 0 })} />
      ))}
      <span role="status" style={{ fontWeight: 600, color: sum === 100 ? token('color.text.success') : token('color.text.warning') }}>
        {sum === 100 ? 'Adds up to 100%' : `Adds up to ${sum}%: must be 100%`}
      </span>
    </div>
  );
}
