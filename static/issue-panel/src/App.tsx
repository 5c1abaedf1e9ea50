import { useState } from 'react';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { RowFlag, type AppError, type BacklogLoadingDto, type HierarchyInsightDto, type IssueInsightDto, type IssuePlanDto } from '../../../src/contracts';
import { issuePanelApi } from '../../shared/api';
import { useLoad } from '../../shared/useLoad';
import { ErrorMessage, JobProgress, Loading, ReadOnlyBanner, tableStyle, tdStyle, thStyle, numStyle } from '../../shared/ui';
import { LEFT_OUT_LABELS, SOURCE_LABELS, flagLabels, gapLabels } from '../../shared/labels';
import { IssueKeyLink } from '../../shared/IssueKeyLink';
import { useT } from '../../shared/i18n';

export function App() {
  const insight = useLoad(() => issuePanelApi('getIssueInsight'), []);
  const me = useLoad(() => issuePanelApi('whoAmI'), []);
  const banner = me.data?.readOnly ? <div style={{ padding: `${token('space.150')} ${token('space.150')} 0` }}><ReadOnlyBanner reason={me.data.readOnly} /></div> : null;
  if (insight.error) return <div style={{ padding: token('space.200') }}>{insight.error.code === 'UNLICENSED' ? null : banner}<ErrorMessage error={insight.error} onRetry={insight.reload} /></div>;
  if (!insight.data) return <Loading label="Loading…" />;
  if ('loading' in insight.data) return <FirstLoad key={insight.data.loading.jobId} loading={insight.data.loading} onDone={insight.reload} />;
  const data = insight.data;
  return (
    <>
      {banner}
      {'kind' in data ? <HierarchyInsight data={data} /> : <Insight data={data} />}
    </>
  );
}

function planText(plan: IssuePlanDto): string {
  if (plan === null) return 'Not part of the current plan.';
  return 'iteration' in plan ? `Planned in ${plan.iteration}.` : `Left out of the plan: ${LEFT_OUT_LABELS[plan.leftOut]} (${plan.detail}).`;
}

/** An epic (its children's places in the plan) or a sub-task (its parent's place). */
function HierarchyInsight({ data }: { data: HierarchyInsightDto }) {
  const epic = data.kind === 'epic';
  const intro = epic
    ? `This ${data.issueType.toLowerCase() || 'epic'} is not planned itself: its stories are. ${data.related.length} of them ${data.related.length === 1 ? 'is' : 'are'} in the open backlog.`
    : `This sub-task is planned with its parent${data.related[0] ? ` ${data.related[0].key}` : ''}${data.related.length === 0 ? ', which is not in the open backlog' : ''}.`;
  return (
    <main style={{ padding: token('space.150'), color: token('color.text'), display: 'grid', gap: token('space.150') }} aria-label={`Backlog balance for ${data.key}`}>
      <div style={{ display: 'flex', gap: token('space.100'), flexWrap: 'wrap', alignItems: 'center' }}>
        <Lozenge appearance="inprogress">{data.issueType || (epic ? 'Epic' : 'Sub-task')}</Lozenge>
      </div>
      <p style={{ margin: 0 }} data-testid="hierarchy-intro">{intro}</p>
      {data.related.length > 0 ? (
        <table style={tableStyle} aria-label={epic ? 'Stories of this epic in the plan' : 'Parent in the plan'}>
          <thead>
            <tr>
              <th style={thStyle}>{epic ? 'Story' : 'Parent'}</th>
              <th style={{ ...thStyle, textAlign: 'right' }}>Points</th>
              <th style={thStyle}>Place in the plan</th>
            </tr>
          </thead>
          <tbody>
            {data.related.map((r) => (
              <tr key={r.key}>
                <td style={tdStyle}>{r.key} {r.summary}</td>
                <td style={numStyle}>{r.points ?? '–'}</td>
                <td style={tdStyle}>{`Position ${r.position + 1} of ${data.backlogSize}. ${planText(r.plan)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </main>
  );
}


/**
 * The user's backlog was never loaded: the resolver started the background load (it never loads a whole
 * backlog inside its 25 s). Shows its progress, then asks for the insight again.
 */
function FirstLoad({ loading, onDone }: { loading: BacklogLoadingDto['loading']; onDone: () => void }) {
  const [failed, setFailed] = useState<AppError | null>(null);
  if (failed) return <div style={{ padding: token('space.200') }}><ErrorMessage error={failed} onRetry={onDone} /></div>;
  return (
    <div role="status" style={{ padding: token('space.150'), display: 'grid', gap: token('space.100'), color: token('color.text') }}>
      <p style={{ margin: 0 }}>{loading.message}</p>
      <JobProgress
        jobId={loading.jobId}
        load={(jobId) => issuePanelApi('getJob', { jobId })}
        onFinished={(job) => (job.state === 'done' ? onDone() : setFailed(job.error ?? { code: 'INTERNAL', message: 'Loading the backlog failed.' }))}
      />
    </div>
  );
}

function Insight({ data }: { data: IssueInsightDto }) {
  const { t } = useT();
  const gaps = gapLabels(data.dorGaps);
  const committed = (data.flags & RowFlag.COMMITTED) !== 0;
  const w = data.wsjf;
  const parts: [string, number | null][] = [
    ['Business value', w.businessValue],
    ['Time criticality', w.timeCriticality],
    ['Risk reduction', w.riskReduction],
    ['Job size', w.jobSize ?? data.points],
  ];
  return (
    <main style={{ padding: token('space.150'), color: token('color.text'), display: 'grid', gap: token('space.150') }} aria-label={`Backlog balance for ${data.key}`}>
      <div style={{ display: 'flex', gap: token('space.100'), flexWrap: 'wrap', alignItems: 'center' }}>
        <Lozenge appearance="inprogress">{data.workType.name}</Lozenge>
        <Lozenge>{SOURCE_LABELS[data.source]}</Lozenge>
        {committed ? <Lozenge appearance="new">Committed in PI planning</Lozenge> : null}
        {gaps.length === 0 ? <Lozenge appearance="success">Ready</Lozenge> : null}
        {/* "In sprint" names the sprint. */}
        {data.sprint && (data.flags & RowFlag.IN_SPRINT) !== 0 ? <Lozenge>{t('panel.grid.inSprint', { sprint: data.sprint })}</Lozenge> : null}
        {flagLabels(data.flags & ~RowFlag.COMMITTED & ~(data.sprint ? RowFlag.IN_SPRINT : 0)).map((f) => <Lozenge key={f}>{f}</Lozenge>)}
      </div>
      {data.parent ? (
        <div data-testid="issue-parent" style={{ fontSize: 12, color: token('color.text.subtle') }}>
          {t('issuePanel.parentFeature')} <IssueKeyLink issueKey={data.parent.key} /> {data.parent.summary}
        </div>
      ) : null}
      <div>
        <div style={{ fontSize: 12, color: token('color.text.subtle') }}>WSJF</div>
        <div style={{ fontSize: 28, fontWeight: 600 }} data-testid="issue-wsjf">{w.value === null ? 'Unscored' : w.value.toFixed(2)}</div>
        <div style={{ fontSize: 12, color: token('color.text.subtle') }}>
          {w.costOfDelay === null ? 'Score business value, time criticality and risk reduction to get a cost of delay.' : `Cost of delay ${w.costOfDelay} / job size ${w.jobSize ?? data.points ?? '?'}`}
        </div>
      </div>
      <table style={tableStyle} aria-label="WSJF components">
        <tbody>
          {parts.map(([label, value]) => (
            <tr key={label}>
              <th scope="row" style={{ ...thStyle, borderBottom: `1px solid ${token('color.border')}`, fontWeight: 400 }}>{label}</th>
              <td style={numStyle}>{value ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div>
        <div style={{ fontWeight: 600 }}>Definition of Ready</div>
        {gaps.length === 0 ? <p style={{ margin: 0, color: token('color.text.success') }}>Meets the Definition of Ready.</p> : (
          <ul style={{ margin: 0, paddingLeft: token('space.250') }} aria-label="Readiness gaps">
            {gaps.map((g) => <li key={g}>{g}</li>)}
          </ul>
        )}
      </div>
      <div style={tdStyle}>
        <div style={{ fontWeight: 600 }}>Where it sits</div>
        <p style={{ margin: 0 }}>
          {data.position === null ? 'Not in the team backlog.' : `Position ${data.position + 1} of ${data.backlogSize} in the backlog.`}{' '}
          {planText(data.plan)}
        </p>
        {data.notes.length > 0 ? (
          <ul aria-label="Needs the PO's decision" style={{ margin: 0, paddingLeft: token('space.250') }}>
            {data.notes.map((n) => <li key={n}><Lozenge appearance="moved">{n}</Lozenge></li>)}
          </ul>
        ) : null}
      </div>
    </main>
  );
}
