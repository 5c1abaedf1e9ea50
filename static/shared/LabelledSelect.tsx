import type { CSSProperties } from 'react';
import Select from '@atlaskit/select';
import { selectTexts } from './selectText';
import { currentTranslator } from './i18n';
import { token } from '@atlaskit/tokens';

export interface SelectChoice {
  value: string;
  label: string;
}

const labelStyle: CSSProperties = { fontSize: 12, fontWeight: 600, color: token('color.text.subtle') };

/**
 * An Atlassian Design System Select (never a native one) for a list of string choices. Named by `inputId`'s
 * label or by `ariaLabel`; `field` marks it for the highlight of a refused save (fieldHighlight.ts finds the
 * input inside). The menu opens on top of everything, so a dialog or a scrolling table never cuts it off.
 */
export function ChoiceSelect({ inputId, ariaLabel, value, options, onChange, width = 180, isDisabled = false, isSearchable = false, field, errorId }: {
  inputId?: string;
  ariaLabel?: string;
  value: string;
  options: SelectChoice[];
  onChange: (value: string) => void;
  width?: number | string;
  isDisabled?: boolean;
  /** Type to narrow long lists (parent features, Jira fields). */
  isSearchable?: boolean;
  field?: string;
  /** The id of a message saying what is wrong with the choice (the select is then marked invalid). */
  errorId?: string;
}) {
  return (
    <div data-field={field} style={{ width, maxWidth: '100%' }}>
      <Select<SelectChoice> {...selectTexts(currentTranslator())}
        inputId={inputId}
        aria-label={ariaLabel}
        aria-invalid={errorId ? true : undefined}
        aria-errormessage={errorId}
        options={options}
        value={options.find((o) => o.value === value) ?? null}
        onChange={(option) => option && onChange(option.value)}
        isSearchable={isSearchable}
        isDisabled={isDisabled}
        spacing="compact"
        menuPortalTarget={document.body}
        styles={{ menuPortal: (base) => ({ ...base, zIndex: 800 }) }}
      />
    </div>
  );
}

/** A ChoiceSelect under a visible label (the label names the input, so a screen reader and a test find it by that name). */
export function LabelledSelect({ id, label, width = 180, ...rest }: { id: string; label: string } & Omit<Parameters<typeof ChoiceSelect>[0], 'inputId' | 'ariaLabel'>) {
  return (
    <div style={{ display: 'grid', gap: token('space.050'), width }}>
      <label htmlFor={id} style={labelStyle}>{label}</label>
      <ChoiceSelect inputId={id} width="100%" {...rest} />
    </div>
  );
}
