import { useMemo } from 'react';
import Select from '@atlaskit/select';
import { token } from '@atlaskit/tokens';
import type { ProjectSettingsDto } from '../../../src/contracts';

type Option = { label: string; value: string | null };

const SOURCE_WORDS: Record<NonNullable<ProjectSettingsDto['timeZone']>['source'], string> = {
  team: 'set here',
  site: "the site's default time zone in Jira",
  user: 'your time zone in Jira (the site names none)',
};

/**
 * The team's time zone: "today", iterations and PI quarters are counted in its days. Empty keeps the default
 * (the site's zone, else the zone of whoever looks), which the hint names as the server resolved it.
 */
export function TimeZonePicker({ value, effective, disabled, onChange }: { value: string | null; effective: ProjectSettingsDto['timeZone']; disabled: boolean; onChange: (zone: string | null) => void }) {
  const options = useMemo<Option[]>(() => {
    const fallback = effective && effective.source !== 'team' ? ` (now ${effective.zone})` : '';
    return [{ label: `Default${fallback}`, value: null }, ...Intl.supportedValuesOf('timeZone').map((zone) => ({ label: zone.replace(/_/g, ' '), value: zone }))];
  }, [effective]);
  const selected = options.find((o) => o.value === value) ?? (value ? { label: value, value } : options[0]);
  return (
    <div style={{ display: 'grid', gap: token('space.050'), maxWidth: 420, marginBottom: token('space.150') }}>
      <label htmlFor="team-time-zone" style={{ fontWeight: 600 }}>
        Team time zone
      </label>
      <Select<Option>
        inputId="team-time-zone"
        isDisabled={disabled}
        options={options}
        value={selected}
        onChange={(o) => onChange(o?.value ?? null)}
      />
      <span data-testid="time-zone-hint" style={{ color: token('color.text.subtlest') }}>
        Days, iterations and PI quarters are counted in this zone{effective ? `: ${effective.zone}, ${SOURCE_WORDS[effective.source]}` : ''}.
      </span>
    </div>
  );
}
