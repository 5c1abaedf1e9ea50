import { useState, type ReactNode } from 'react';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Tooltip from '@atlaskit/tooltip';
import { token } from '@atlaskit/tokens';
import type { BalanceDto } from '../../../src/contracts';
import { panelApi } from '../../shared/api';
import { useLoad } from '../../shared/useLoad';
import { ErrorMessage, Loading, Section, SetupNeeded, fmt, numStyle, seriesColor, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { GroupedBars, StackedBar } from '../../shared/charts';
import { CAPACITY_SOURCE_LABELS } from '../../shared/labels';
import { AllocationEditor } from './AllocationEditor';
import { useShownPi } from './piChoice';
import { useSessionState } from '../../shared/useSessionState';
import { richText, useT } from '../../shared/i18n';
import { messageText } from '../../shared/errorText';
import { ForecastSection, UnplannedSection } from './Confidence';
import { ExportCsvButton } from './ExportCsvButton';
import { balanceTable } from './csvExports';

export function BalanceTab({ projectKey, piId, canPlan, accountId }: { projectKey: string; piId: string | undefined; canPlan: boolean; accountId: string | null }) {
  const tr = useT();
  const { t } = tr;
  const balance = useLoad(() => panelApi('getBalance', { piId }), [piId]);
  useShownPi(balance.data ? { pi: balance.data.pi, pis: balance.data.pis } : undefined, balance.error);
  // The editor remounts on the saved version; the confirmation lives here so it survives that.
  const [saved, setSaved] = useState<{ piId: string; version: number } | null>(null);
  if (balance.error) return <ErrorMessage error={balance.error} onRetry={balance.reload} />;
  if (!balance.data) return <Loading label={t('panel.loadingTheBalance')} />;
  const data = balance.data;
  return (
    <div data-testid="balance-tab">
      {data.warnings && data.warnings.length > 0 ? <JiraWarnings warnings={data.warnings} warningsI18n={data.warningsI18n} /> : null}
      <BalanceOverview
        data={data}
        actions={<ExportCsvButton testId="export-balance" projectKey={projectKey} what="export.file.balance" pi={data.pi.name} tooltip={t('export.balance.tooltip')} table={() => balanceTable(tr, data)} />}
      />
      <CapacityTable data={data} />
      <BalanceForecast piId={data.pi.id} />
      <UnplannedSection unplanned={data.unplanned} />
      <SourceMix data={data} />
      <AllocationEditor
        key={`${data.pi.id}:${data.allocation.version}`}
        balance={data}
        accountId={accountId}
        canPlan={canPlan}
        justSaved={saved !== null && saved.piId === data.pi.id && saved.version === data.allocation.version}
        onSaved={(version) => {
          setSaved({ piId: data.pi.id, version });
          balance.reload();
        }}
        onReload={balance.reload}
      />
    </div>
  );
}

/** The plan's odds as it stands (the last commit and the fill, without the Fill tab's adjustments). */
function BalanceForecast({ piId }: { piId: string }) {
  const [topPoints, setTopPoints] = useSessionState<number | null>(`backlog-balance:balance:${piId}:topPoints`, null);
  const { t } = useT();
  const forecast = useLoad(() => panelApi('getForecast', { piId, ...(topPoints === null ? {} : { topPoints }) }), [piId, topPoints]);
  if (forecast.error) return <ErrorMessage error={forecast.error} onRetry={forecast.reload} />;
  if (!forecast.data) return <Loading label={t('forecast.loading')} />;
  return <ForecastSection forecast={forecast.data} topPoints={topPoints} onTopPoints={setTopPoints} />;
}

/** What could not be read from Jira (an issue's broken date, field or link; no blocking link type), per issue. */
function JiraWarnings({ warnings: english, warningsI18n }: Pick<BalanceDto, 'warningsI18n'> & { warnings: string[] }) {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  // By key in the reader's language; one stored before warnings had keys (or from an older backend) as sent.
  const warnings = english.map((text, i) => messageText(t, text, warningsI18n?.[i]));
  const shown = open ? warnings : warnings.slice(0, 3);
  return (
    <div style={{ marginBottom: token('space.150') }} data-testid="jira-warnings">
      <SectionMessage
        appearance="warning"
        title={t('panel.balance.jiraWarnings', { count: warnings.length })}
        actions={warnings.length > 3 ? [<SectionMessageAction key="more" onClick={() => setOpen(!open)}>{open ? t('panel.showFewer') : t('panel.balance.showAll', { count: warnings.length })}</SectionMessageAction>] : []}
      >
        <ul style={{ margin: 0, paddingLeft: token('space.250') }}>
          {shown.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      </SectionMessage>
    </div>
  );
}

function BalanceOverview({ data, actions }: { data: BalanceDto; actions: ReactNode }) {
  const { t, percent } = useT();
  const names = new Map(data.workTypes.map((w) => [w.id, w.name]));
  const series = [
    { label: t('panel.target'), color: token('color.background.accent.gray.subtler') },
    { label: t('panel.planned'), color: token('color.background.accent.blue.bolder') },
    { label: t('panel.done'), color: token('color.background.accent.green.bolder') },
  ];
  return (
    <Section id="balance" title={t('panel.allocationTargetVsPlannedVs')} description={t('panel.balance.description', { pi: data.pi.name })} actions={actions}>
      {data.rows.length === 0 ? (
        <SetupNeeded fact={t('balance.setup.noWorkTypes')} action={t('balance.setup.noWorkTypesAction')} />
      ) : (
        // Side by side when there is room, the table under the chart in a narrow frame.
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(400px, 1fr))', gap: token('space.300'), alignItems: 'start' }}>
          <GroupedBars
            label={t('panel.allocationChart')}
            unit={t('panel.health.unitPoints')}
            series={series}
            groups={data.rows.map((r) => ({ label: names.get(r.workType) ?? r.workType, values: [r.targetPoints, r.plannedPoints, r.donePoints].map((v) => Math.round(v * 10) / 10) }))}
          />
          <div>
          <table style={tableStyle} aria-label={t('panel.allocationPerWorkType')}>
            <thead>
              <tr>
                <th style={thStyle} scope="col">{t('panel.workType')}</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('panel.target2')}</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('panel.targetPts')}</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('panel.planned')}</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('panel.done')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => {
                const over = r.plannedPoints > r.targetPoints;
                return (
                  <tr key={r.workType}>
                    <th scope="row" style={{ ...tdStyle, fontWeight: 400 }}>{names.get(r.workType) ?? r.workType}</th>
                    <td style={numStyle}>{percent(r.targetPct, { alreadyPercent: true })}</td>
                    <td style={numStyle}>{fmt(r.targetPoints)}</td>
                    <td style={{ ...numStyle, color: over ? token('color.text.warning') : numStyle.color, fontWeight: over ? 600 : undefined }} data-over={over ? '' : undefined}>
                      {over ? (
                        <Tooltip content={t('panel.balance.overTarget', { points: fmt(r.plannedPoints - r.targetPoints) })}>
                          <span>{fmt(r.plannedPoints)} ▲<span style={visuallyHidden}> {t('panel.overItsTarget')}</span></span>
                        </Tooltip>
                      ) : (
                        fmt(r.plannedPoints)
                      )}
                    </td>
                    <td style={numStyle}>{fmt(r.donePoints)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div style={noteStyle}>
            {data.rows.some((r) => r.plannedPoints > r.targetPoints) ? (
              <p data-testid="over-target-legend" style={{ margin: 0 }}>
                {richText(t('panel.balance.overLegend'), { marker: <span style={{ color: token('color.text.warning'), fontWeight: 600 }}>{t('panel.plannedOverItsTarget')}</span> })}
              </p>
            ) : null}
            <p data-testid="target-rounding" style={{ margin: 0 }}>
              {t('panel.targetPtsIsTheSum')}
            </p>
          </div>
          </div>
        </div>
      )}
    </Section>
  );
}

const noteStyle = { display: 'grid', gap: token('space.050'), marginTop: token('space.100'), fontSize: 12, color: token('color.text.subtle') } as const;
const visuallyHidden = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;

function CapacityTable({ data }: { data: BalanceDto }) {
  const { t, date } = useT();
  if (data.iterations.length === 0) {
    return (
      <Section id="capacity" title={t('panel.capacityPerIteration')}>
        <SetupNeeded fact={t('balance.setup.noIterations')} action={t('balance.setup.noIterationsAction')} />
      </Section>
    );
  }
  return (
    <Section id="capacity" title={t('panel.capacityPerIteration')} description={t('balance.capacity.description')}>
      {/* Compact, and the work types' names may wrap: one column per work type must fit a narrow frame. */}
      <table style={{ ...tableStyle, fontSize: 13 }} aria-label={t('panel.capacityPerIteration')}>
        <thead>
          <tr>
            <th style={thStyle} scope="col">{t('panel.iteration')}</th>
            <th style={thStyle} scope="col">{t('panel.dates')}</th>
            <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('panel.capacity')}</th>
            <th style={thStyle} scope="col">{t('panel.source')}</th>
            {data.workTypes.map((w) => (
              <th key={w.id} style={{ ...thStyle, textAlign: 'right', whiteSpace: 'normal' }} scope="col">{w.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.iterations.map((it) => (
            <tr key={it.id}>
              <th scope="row" style={{ ...tdStyle, fontWeight: 400 }}>{it.name}</th>
              <td style={tdStyle}>
                {date(it.start)} – {date(it.end)}
                {it.closed ? (
                  <Tooltip content={t('balance.capacity.closedHint')}>
                    <div data-testid={`closed-${it.id}`}>
                      <Lozenge>{t('balance.capacity.closed')}</Lozenge>
                    </div>
                  </Tooltip>
                ) : null}
              </td>
              <td style={numStyle}>
                {fmt(it.capacity)}
                {it.buffer > 0 ? <div style={{ fontSize: 11, color: token('color.text.subtle') }}>{t('fill.bufferKept', { buffer: fmt(it.buffer) })}</div> : null}
              </td>
              <td style={tdStyle}>
                <span>
                  <Lozenge appearance={it.source === 'manual' ? 'inprogress' : it.source === 'velocity' ? 'success' : it.source === 'none' ? 'removed' : 'default'}>
                    {t(CAPACITY_SOURCE_LABELS[it.source])}
                  </Lozenge>
                </span>
                <div style={{ fontSize: 11, color: token('color.text.subtlest') }}>{messageText(t, it.detail, it.detailI18n)}</div>
              </td>
              {data.workTypes.map((w) => (
                <td key={w.id} style={numStyle}>{fmt(it.slices[w.id] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="capacity-rounding" style={noteStyle}>
        {t('panel.eachIterationSCapacityIs')}
      </p>
    </Section>
  );
}

function SourceMix({ data }: { data: BalanceDto }) {
  const { t, tp } = useT();
  const parts = [
    { label: t('panel.program'), ...data.sourceMix.program, color: seriesColor(0) },
    { label: t('panel.otherTeams'), ...data.sourceMix.otherTeam, color: seriesColor(1) },
    { label: t('panel.local'), ...data.sourceMix.local, color: seriesColor(2) },
  ];
  return (
    <Section id="sources" title={t('panel.inputSources')} description={t('panel.whereTheOpenBacklogComes')}>
      <StackedBar label={t('panel.inputSourceMixByPoints')} parts={parts.map((p) => ({ label: p.label, value: p.points, color: p.color }))} />
      <div style={{ display: 'flex', gap: token('space.300'), marginTop: token('space.100'), flexWrap: 'wrap' }}>
        {parts.map((p) => (
          <span key={p.label} style={{ display: 'inline-flex', alignItems: 'center', gap: token('space.050') }}>
            <span aria-hidden="true" style={{ width: 12, height: 12, borderRadius: 2, background: p.color, display: 'inline-block' }} />
            {t('panel.balance.sourceLegend', { source: p.label, items: tp('panel.balance.items', p.count), points: fmt(p.points) })}
          </span>
        ))}
      </div>
    </Section>
  );
}
