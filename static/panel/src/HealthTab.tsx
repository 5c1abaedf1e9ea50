import { token } from '@atlaskit/tokens';
import { panelApi } from '../../shared/api';
import { useLoad } from '../../shared/useLoad';
import { Empty, ErrorMessage, Loading, Section, fmt, numStyle, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { GroupedBars } from '../../shared/charts';

export function HealthTab() {
  const health = useLoad(() => panelApi('getHealth'), []);
  if (health.error) return <ErrorMessage error={health.error} onRetry={health.reload} />;
  if (!health.data) return <Loading label="Measuring backlog health…" />;
  const data = health.data;
  const burn = data.iterationsToBurn;
  return (
    <div data-testid="health-tab">
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))', gap: token('space.200'), marginTop: token('space.100') }}>
        <Figure label="Open items" value={String(data.openItems)} detail={`${fmt(data.openPoints)} points`} />
        <Figure label="Throughput" value={data.throughput.toFixed(1)} detail="items per iteration" />
        <Figure
          label="Iterations to burn"
          value={burn === null ? '–' : burn.toFixed(1)}
          detail={burn === null ? 'no completions yet' : 'at today’s throughput'}
          tone={burn !== null && burn > 6 ? 'warning' : 'normal'}
        />
        <Figure label="Median age" value={`${data.age.p50} d`} detail={`85th ${data.age.p85} d · 95th ${data.age.p95} d · max ${data.age.max} d`} />
      </div>
      <Section id="flow" title="Arrivals vs completions" description="Items created and resolved per past iteration: a healthy backlog burns at least what arrives.">
        {data.perIteration.length === 0 ? (
          <Empty title="No closed iterations yet">Health figures appear after the team's first closed sprint.</Empty>
        ) : (
          <div style={{ display: 'grid', gridTemplateColumns: 'minmax(280px, 1fr) minmax(320px, 1fr)', gap: token('space.300'), alignItems: 'start' }}>
            <GroupedBars
              label="Arrivals vs completions per iteration"
              unit="items"
              series={[
                { label: 'Arrived', color: token('color.background.accent.orange.bolder') },
                { label: 'Completed', color: token('color.background.accent.green.bolder') },
              ]}
              groups={data.perIteration.map((p) => ({ label: p.name, values: [p.arrived, p.completed] }))}
            />
            <table style={tableStyle} aria-label="Arrivals and completions per iteration">
              <thead>
                <tr>
                  <th style={thStyle} scope="col">Iteration</th>
                  <th style={{ ...thStyle, textAlign: 'right' }} scope="col">Arrived</th>
                  <th style={{ ...thStyle, textAlign: 'right' }} scope="col">Completed</th>
                  <th style={{ ...thStyle, textAlign: 'right' }} scope="col">Points done</th>
                </tr>
              </thead>
              <tbody>
                {data.perIteration.map((p) => (
                  <tr key={p.name}>
                    <th scope="row" style={{ ...tdStyle, fontWeight: 400 }}>{p.name}</th>
                    <td style={numStyle}>{p.arrived}</td>
                    <td style={numStyle}>{p.completed}</td>
                    <td style={numStyle}>{fmt(p.completedPoints)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
    </div>
  );
}

function Figure({ label, value, detail, tone = 'normal' }: { label: string; value: string; detail: string; tone?: 'normal' | 'warning' }) {
  return (
    <div style={{ border: `1px solid ${token('color.border')}`, borderRadius: 6, padding: token('space.150'), background: token('elevation.surface.raised') }}>
      <div style={{ fontSize: 12, color: token('color.text.subtle') }}>{label}</div>
      <div style={{ fontSize: 24, fontWeight: 600, color: tone === 'warning' ? token('color.text.warning') : token('color.text') }}>{value}</div>
      <div style={{ fontSize: 12, color: token('color.text.subtlest') }}>{detail}</div>
    </div>
  );
}
