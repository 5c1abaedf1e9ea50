import { useMemo } from 'react';
import Select from '@atlaskit/select';
import { selectTexts } from '../../shared/selectText';
import { currentTranslator } from '../../shared/i18n';
import { token } from '@atlaskit/tokens';
import type { ProjectSettingsDto } from '../../../src/contracts';
import { useT } from '../../shared/i18n';

type Option = { label: string; value: string | null };

/**
 * The team's time zone: "today", iterations and PI quarters are counted in its days. "Default" keeps the
 * site's zone, else the zone of whoever looks; the hint names the zone in effect and where it came from.
 */
export function TimeZonePicker({ value, effective, disabled, onChange }: { value: string | null; effective: ProjectSettingsDto['timeZone']; disabled: boolean; onChange: (zone: string | null) => void }) {
  const { t } = useT();
  const options = useMemo<Option[]>(() => {
    const fallback = effective && effective.source !== 'team' ? t('settings.timeZone.defaultNow', { zone: effective.zone }) : t('settings.timeZone.default');
    return [{ label: fallback, value: null }, ...Intl.supportedValuesOf('timeZone').map((zone) => ({ label: zone.replace(/_/g, ' '), value: zone }))];
  }, [effective, t]);
  const selected = options.find((o) => o.value === value) ?? (value ? { label: value, value } : options[0]);
  return (
    <div style={{ display: 'grid', gap: token('space.050'), maxWidth: 420, marginBottom: token('space.150') }}>
      <label htmlFor="team-time-zone" style={{ fontWeight: 600 }}>
        {t('settings.timeZone.label')}
      </label>
      <Select<Option> {...selectTexts(currentTranslator())} inputId="team-time-zone" isDisabled={disabled} options={options} value={selected} onChange={(o) => onChange(o?.value ?? null)} />
      <span data-testid="time-zone-hint" style={{ color: token('color.text.subtlest') }}>
        {effective ? t(`settings.timeZone.hint.${effective.source}`, { zone: effective.zone }) : t('settings.timeZone.hint')}
      </span>
    </div>
  );
}
