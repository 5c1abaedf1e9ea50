/** Tiny accessible bar charts drawn with divs and design tokens (no chart library needed). */
import { token } from '@atlaskit/tokens';
import { fmt } from './ui';

export interface BarSeries {
  label: string;
  color: string;
}

export interface BarGroup {
  label: string;
  values: number[];
}

/** Horizontal grouped bars: one group per category, one bar per series, with a legend; a table carries the numbers. */
export function GroupedBars({ series, groups, unit, label }: { series: BarSeries[]; groups: BarGroup[]; unit: string; label: string }) {
  const max = Math.max(1, ...groups.flatMap((g) => g.values));
  return (
    <figure aria-label={label} style={{ margin: 0 }}>
      <div style={{ display: 'flex', gap: token('space.200'), flexWrap: 'wrap', marginBottom: token('space.100'), fontSize: 12, color: token('color.text.subtle') }} aria-hidden="true">
        {series.map((s) => (
          <span key={s.label} style={{ display: 'inline-flex', alignItems: 'center', gap: token('space.050') }}>
            <span style={{ width: 12, height: 12, borderRadius: 2, background: s.color, display: 'inline-block' }} />
            {s.label}
          </span>
        ))}
      </div>
      <div style={{ display: 'grid', gap: token('space.100') }}>
        {groups.map((group) => (
          <div key={group.label} style={{ display: 'grid', gridTemplateColumns: '140px 1fr', alignItems: 'center', gap: token('space.100') }}>
            <div style={{ color: token('color.text'), fontSize: 13, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{group.label}</div>
            <div style={{ display: 'grid', gap: 2 }}>
              {group.values.map((value, i) => (
                <div
                  key={series[i]?.label ?? i}
                  role="img"
                  aria-label={`${group.label}, ${series[i]?.label}: ${fmt(value)} ${unit}`}
                  style={{ display: 'flex', alignItems: 'center', gap: token('space.050') }}
                >
                  <div style={{ height: 10, width: `${(value / max) * 100}%`, minWidth: value > 0 ? 2 : 0, background: series[i]?.color, borderRadius: 2 }} />
                  <span style={{ fontSize: 11, color: token('color.text.subtlest') }}>{fmt(value)}</span>
                </div>
              ))}
            </div>
          </div>
        ))}
      </div>
    </figure>
  );
}

/** One stacked horizontal bar (e.g. the input-source mix). */
export function StackedBar({ parts, label }: { parts: { label: string; value: number; color: string }[]; label: string }) {
  const total = parts.reduce((sum, p) => sum + p.value, 0);
  return (
    <figure aria-label={label} style={{ margin: 0 }}>
      <div style={{ display: 'flex', height: 16, borderRadius: 4, overflow: 'hidden', background: token('color.background.neutral') }}>
        {parts.map((p) => (
          <div key={p.label} role="img" aria-label={`${p.label}: ${fmt(p.value)}`} style={{ width: total ? `${(p.value / total) * 100}%` : 0, background: p.color }} />
        ))}
      </div>
    </figure>
  );
}
