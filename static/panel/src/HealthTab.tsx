import { token } from '@atlaskit/tokens';
import { panelApi } from '../../shared/api';
import { useLoad } from '../../shared/useLoad';
import { Empty, ErrorMessage, Loading, Section, fmt, numStyle, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { GroupedBars } from '../../shared/charts';
import { useT } from '../../shared/i18n';

export function HealthTab() {
  const { t, num } = useT();
  const health = useLoad(() => panelApi('getHealth'), []);
  if (health.error) return <ErrorMessage error={health.error} onRetry={health.reload} />;
  if (!health.data) return <Loading label={t('panel.measuringBacklogHealth')} />;
  const data = health.data;
  const burn = data.iterationsToBurn;
  return (
    <div data-testid="health-tab">
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))', gap: token('space.200'), marginTop: token('space.100') }}>
        <Figure label={t('panel.openItems')} value={String(data.openItems)} detail={t('panel.health.points', { points: fmt(data.openPoints) })} />
        <Figure label={t('panel.throughput')} value={num(data.throughput)} detail={t('panel.itemsPerIteration')} />
        <Figure
          label={t('panel.iterationsToBurn')}
          value={burn === null ? '–' : num(burn)}
          detail={burn === null ? t('panel.noCompletionsYet') : t('panel.atTodaySThroughput')}
          tone={burn !== null && burn > 6 ? 'warning' : 'normal'}
        />
        <Figure label={t('panel.medianAge')} value={t('panel.health.days', { days: data.age.p50 })} detail={t('panel.health.agePercentiles', { p85: data.age.p85, p95: data.age.p95, max: data.age.max })} />
      </div>
      <Section id="flow" title={t('panel.arrivalsVsCompletions')} description={t('panel.itemsCreatedAndResolvedPer')}>
        {data.perIteration.length === 0 ? (
          <Empty title={t('panel.noClosedIterationsYet')}>{t('panel.healthFiguresAppearAfterThe')}</Empty>
        ) : (
          <div style={{ display: 'grid', gridTemplateColumns: 'minmax(280px, 1fr) minmax(320px, 1fr)', gap: token('space.300'), alignItems: 'start' }}>
            <GroupedBars
              label={t('panel.arrivalsVsCompletionsPerIteration')}
              unit={t('panel.health.unitItems')}
              series={[
                { label: t('panel.arrived'), color: token('color.background.accent.orange.bolder') },
                { label: t('panel.completed'), color: token('color.background.accent.green.bolder') },
              ]}
              groups={data.perIteration.map((p) => ({ label: p.name, values: [p.arrived, p.completed] }))}
            />
            <table style={tableStyle} aria-label={t('panel.arrivalsAndCompletionsPerIteration')}>
              <thead>
                <tr>
                  <th style={thStyle} scope="col">{t('panel.iteration')}</th>
                  <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('panel.arrived')}</th>
                  <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('panel.completed')}</th>
                  <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('panel.pointsDone')}</th>
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
