import { useState } from 'react';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { RowFlag, type AppError, type BacklogLoadingDto, type HierarchyInsightDto, type IssueInsightDto, type IssuePlanDto } from '../../../src/contracts';
import { issuePanelApi } from '../../shared/api';
import { useLoad } from '../../shared/useLoad';
import { ErrorMessage, JobProgress, Loading, ReadOnlyBanner, tableStyle, tdStyle, thStyle, numStyle } from '../../shared/ui';
import { LEFT_OUT_LABELS, SOURCE_LABELS, flagLabels, gapLabels } from '../../shared/labels';
import { IssueKeyLink } from '../../shared/IssueKeyLink';
import { useT, type Translator } from '../../shared/i18n';
import { messageText } from '../../shared/errorText';

export function App() {
  const { t } = useT();
  const insight = useLoad(() => issuePanelApi('getIssueInsight'), []);
  const me = useLoad(() => issuePanelApi('whoAmI'), []);
  const banner = me.data?.readOnly ? <div style={{ padding: `${token('space.150')} ${token('space.150')} 0` }}><ReadOnlyBanner reason={me.data.readOnly} i18n={me.data.readOnlyI18n} /></div> : null;
  if (insight.error) return <div style={{ padding: token('space.200') }}>{insight.error.code === 'UNLICENSED' ? null : banner}<ErrorMessage error={insight.error} onRetry={insight.reload} /></div>;
  if (!insight.data) return <Loading label={t('issuePanel.loading')} />;
  if ('loading' in insight.data) return <FirstLoad key={insight.data.loading.jobId} loading={insight.data.loading} onDone={insight.reload} />;
  const data = insight.data;
  return (
    <>
      {banner}
      {'kind' in data ? <HierarchyInsight data={data} /> : <Insight data={data} />}
    </>
  );
}

function planText(t: Translator['t'], plan: IssuePlanDto): string {
  if (plan === null) return t('issuePanel.notInPlan');
  if ('iteration' in plan) return t('issuePanel.plannedIn', { iteration: messageText(t, plan.iteration, plan.iterationI18n) });
  const detail = plan.detail ? messageText(t, plan.detail, plan.detailI18n) : '';
  return t(detail ? 'issuePanel.leftOutWithDetail' : 'issuePanel.leftOut', { reason: t(LEFT_OUT_LABELS[plan.leftOut]), detail });
}

/** An epic (its children's places in the plan) or a sub-task (its parent's place). */
function HierarchyInsight({ data }: { data: HierarchyInsightDto }) {
  const { t, tp } = useT();
  const epic = data.kind === 'epic';
  const intro = epic
    ? tp('issuePanel.epicIntro', data.related.length, { type: data.issueType || t('issuePanel.epic') })
    : data.related[0]
      ? t('issuePanel.subTaskIntro', { parent: data.related[0].key })
      : t('issuePanel.subTaskIntroParentGone');
  return (
    <main style={{ padding: token('space.150'), color: token('color.text'), display: 'grid', gap: token('space.150') }} aria-label={t('issuePanel.regionLabel', { key: data.key })}>
      <div style={{ display: 'flex', gap: token('space.100'), flexWrap: 'wrap', alignItems: 'center' }}>
        <Lozenge appearance="inprogress">{data.issueType || (epic ? t('issuePanel.epic') : t('issuePanel.subTask'))}</Lozenge>
      </div>
      <p style={{ margin: 0 }} data-testid="hierarchy-intro">{intro}</p>
      {data.related.length > 0 ? (
        <table style={tableStyle} aria-label={epic ? t('issuePanel.storiesOfThisEpicIn') : t('issuePanel.parentInThePlan')}>
          <thead>
            <tr>
              <th style={thStyle}>{epic ? t('issuePanel.story') : t('issuePanel.parent')}</th>
              <th style={{ ...thStyle, textAlign: 'right' }}>{t('issuePanel.points')}</th>
              <th style={thStyle}>{t('issuePanel.placeInThePlan')}</th>
            </tr>
          </thead>
          <tbody>
            {data.related.map((r) => (
              <tr key={r.key}>
                <td style={tdStyle}>{r.key} {r.summary}</td>
                <td style={numStyle}>{r.points ?? '–'}</td>
                <td style={tdStyle}>{`${t('issuePanel.position', { position: r.position + 1, size: data.backlogSize })} ${planText(t, r.plan)}`}</td>
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
  const { t } = useT();
  const [failed, setFailed] = useState<AppError | null>(null);
  if (failed) return <div style={{ padding: token('space.200') }}><ErrorMessage error={failed} onRetry={onDone} /></div>;
  return (
    <div role="status" style={{ padding: token('space.150'), display: 'grid', gap: token('space.100'), color: token('color.text') }}>
      <p style={{ margin: 0 }}>{messageText(t, loading.message, loading.i18n)}</p>
      <JobProgress
        jobId={loading.jobId}
        load={(jobId) => issuePanelApi('getJob', { jobId })}
        onFinished={(job) => (job.state === 'done' ? onDone() : setFailed(job.error ?? { code: 'INTERNAL', message: t('issuePanel.loadingTheBacklogFailed') }))}
      />
    </div>
  );
}

function Insight({ data }: { data: IssueInsightDto }) {
  const { t, num } = useT();
  const gaps = gapLabels(t, data.dorGaps);
  const committed = (data.flags & RowFlag.COMMITTED) !== 0;
  const w = data.wsjf;
  const parts: [string, number | null][] = [
    [t('issuePanel.businessValue'), w.businessValue],
    [t('issuePanel.timeCriticality'), w.timeCriticality],
    [t('issuePanel.riskReduction'), w.riskReduction],
    [t('issuePanel.jobSize'), w.jobSize ?? data.points],
  ];
  return (
    <main style={{ padding: token('space.150'), color: token('color.text'), display: 'grid', gap: token('space.150') }} aria-label={t('issuePanel.regionLabel', { key: data.key })}>
      <div style={{ display: 'flex', gap: token('space.100'), flexWrap: 'wrap', alignItems: 'center' }}>
        <Lozenge appearance="inprogress">{data.workType.name}</Lozenge>
        <Lozenge>{t(SOURCE_LABELS[data.source])}</Lozenge>
        {committed ? <Lozenge appearance="new">{t('issuePanel.committedInPiPlanning')}</Lozenge> : null}
        {gaps.length === 0 ? <Lozenge appearance="success">{t('issuePanel.ready')}</Lozenge> : null}
        {flagLabels(t, data.flags & ~RowFlag.COMMITTED, data.sprint).map((f) => <Lozenge key={f}>{f}</Lozenge>)}
      </div>
      {data.parent ? (
        <div data-testid="issue-parent" style={{ fontSize: 12, color: token('color.text.subtle') }}>
          {t('issuePanel.parentFeature')} <IssueKeyLink issueKey={data.parent.key} /> {data.parent.summary}
        </div>
      ) : null}
      <div>
        <div style={{ fontSize: 12, color: token('color.text.subtle') }}>{t('issuePanel.wsjf')}</div>
        <div style={{ fontSize: 28, fontWeight: 600 }} data-testid="issue-wsjf">{w.value === null ? t('issuePanel.unscored') : num(w.value, 2)}</div>
        <div style={{ fontSize: 12, color: token('color.text.subtle') }}>
          {w.costOfDelay === null ? t('issuePanel.scoreBusinessValueTimeCriticality') : t('issuePanel.wsjfFormula', { costOfDelay: w.costOfDelay, jobSize: w.jobSize ?? data.points ?? '?' })}
        </div>
      </div>
      <table style={tableStyle} aria-label={t('issuePanel.wsjfComponents')}>
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
        <div style={{ fontWeight: 600 }}>{t('issuePanel.definitionOfReady')}</div>
        {gaps.length === 0 ? <p style={{ margin: 0, color: token('color.text.success') }}>{t('issuePanel.meetsTheDefinitionOfReady')}</p> : (
          <ul style={{ margin: 0, paddingLeft: token('space.250') }} aria-label={t('issuePanel.readinessGaps')}>
            {gaps.map((g) => <li key={g}>{g}</li>)}
          </ul>
        )}
      </div>
      <div style={tdStyle}>
        <div style={{ fontWeight: 600 }}>{t('issuePanel.whereItSits')}</div>
        <p style={{ margin: 0 }}>
          {data.position === null ? t('issuePanel.notInTheTeamBacklog') : t('issuePanel.positionInBacklog', { position: data.position + 1, size: data.backlogSize })}{' '}
          {planText(t, data.plan)}
        </p>
        {data.notes.length > 0 ? (
          <ul aria-label={t('issuePanel.needsThePoSDecision')} style={{ margin: 0, paddingLeft: token('space.250') }}>
            {data.notes.map((n, i) => <li key={n}><Lozenge appearance="moved">{messageText(t, n, data.notesI18n?.[i])}</Lozenge></li>)}
          </ul>
        ) : null}
      </div>
    </main>
  );
}
