import type { CSSProperties } from 'react';
import Select from '@atlaskit/select';
import { token } from '@atlaskit/tokens';

export interface SelectChoice {
  value: string;
  label: string;
}

const labelStyle: CSSProperties = { fontSize: 12, fontWeight: 600, color: token('color.text.subtle') };

/**
 * An Atlassian Design System Select under a visible label (the label names the input, so a screen reader and a
 * test find it by that name). The menu opens on top of everything, so a dialog or a scrolling table never
 * cuts it off.
 */
export function LabelledSelect({ id, label, value, options, onChange, width = 180, isDisabled = false, isSearchable = false }: {
  id: string;
  label: string;
  value: string;
  options: SelectChoice[];
  onChange: (value: string) => void;
  width?: number | string;
  isDisabled?: boolean;
  /** Type to narrow long lists (parent features). */
  isSearchable?: boolean;
}) {
  return (
    <div style={{ display: 'grid', gap: token('space.050'), width }}>
      <label htmlFor={id} style={labelStyle}>{label}</label>
      <Select<SelectChoice>
        inputId={id}
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
