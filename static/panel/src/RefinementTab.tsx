import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { AppError, IssueRef, RefinementDto } from '../../../src/contracts';
import { failuresText } from '../../shared/errorText';
import { panelApi, toAppError, unwrap } from '../../shared/api';
import { issueKey } from '../../shared/keys';
import { useLoad } from '../../shared/useLoad';
import { useShownPi } from './piChoice';
import { ErrorMessage, Loading, Section, fmt, numStyle, ScrollArea, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { gapLabels } from '../../shared/labels';
import { DIALOG_NOT_OPENED, openPanelDialog } from './panelDialogs';
import { useT } from '../../shared/i18n';

export function RefinementTab({ piId, canPlan }: { piId: string | undefined; canPlan: boolean }) {
  const { t, tp } = useT();
  const report = useLoad(() => panelApi('getRefinement', { piId }), [piId]);
  useShownPi(report.data?.piChoice, report.error);
  if (report.error) return <ErrorMessage error={report.error} onRetry={report.reload} />;
  if (!report.data) return <Loading label={t('panel.runningTheRefinementChecklist')} />;
  const data = report.data;
  const key = (ref: IssueRef) => issueKey(ref, data.keyPrefix);
  // Split and trim open as Jira modals over the whole page; what they wrote (or a close without an answer) reloads.
  const openSplit = async (issue: { key: string; summary: string; points: number; limit: number }): Promise<void> => {
    const result = await openPanelDialog({ dialog: 'split', issue });
    if (result === DIALOG_NOT_OPENED) return;
    if (!result || result.done) report.reload();
  };
  const openTrim = async (): Promise<void> => {
    const result = await openPanelDialog({ dialog: 'trim', piId: data.piChoice?.pi.id ?? piId, piName: data.piChoice?.pi.name });
    if (result === DIALOG_NOT_OPENED) return;
    if (!result || result.done) report.reload();
  };
  return (
    <div data-testid="refinement-tab">
      <Runway data={data} />
      {data.outOfOrder > 0 ? (
        <div style={{ marginTop: token('space.200') }}>
          <SectionMessage appearance="information" title={t('panel.backlogOutOfOrder')}>
            <p>{tp('panel.refinement.outOfOrder', data.outOfOrder)}</p>
          </SectionMessage>
        </div>
      ) : null}
      <TailCandidates data={data} canPlan={canPlan} onChanged={report.reload} />
      <Section
        id="in-tail"
        title={t('panel.refinement.inTail', { count: data.inTail.length })}
        description={t('panel.itemsLabelledBacklogTailTrimming')}
        actions={
          <Button appearance="warning" isDisabled={!canPlan || data.inTail.length === 0} onClick={() => void openTrim()}>
            {t('panel.trimTail')}
          </Button>
        }
      >
        {data.inTail.length === 0 ? (
          <p style={{ color: token('color.text.subtle') }}>{t('panel.theTailIsEmpty')}</p>
        ) : (
          <TailList items={data.inTail.map(([ref, summary]) => [key(ref), summary])} canPlan={canPlan} onChanged={report.reload} />
        )}
      </Section>
      <Section id="split" title={t('panel.refinement.splitCandidates', { count: data.splitCandidates.length })} description={t('panel.overTheSplitLimitA')}>
        {data.splitCandidates.length === 0 ? (
          <p style={{ color: token('color.text.subtle') }}>{t('panel.noItemIsOverThe')}</p>
        ) : (
          <table style={tableStyle} aria-label={t('panel.splitCandidates')}>
            <thead>
              <tr>
                <th style={thStyle} scope="col">{t('panel.issue')}</th>
                <th style={thStyle} scope="col">{t('panel.summary')}</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('panel.points')}</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">{t('panel.limit')}</th>
                <th style={thStyle} scope="col" aria-label={t('panel.action')} />
              </tr>
            </thead>
            <tbody>
              {data.splitCandidates.map(([ref, summary, points, limit]) => (
                <tr key={String(ref)}>
                  <td style={tdStyle}>{key(ref)}</td>
                  <td style={tdStyle}>{summary}</td>
                  <td style={numStyle}>{points}</td>
                  <td style={numStyle}>{fmt(limit)}</td>
                  <td style={tdStyle}>
                    <Button isDisabled={!canPlan} onClick={() => void openSplit({ key: key(ref), summary, points, limit })} aria-label={t('panel.refinement.splitKey', { key: key(ref) })}>
                      {t('panel.split')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section id="unestimated" title={t('panel.refinement.unestimated', { count: data.unestimatedTop.length })} description={t('panel.theItemsEnoughForThe')}>
        {data.unestimatedTop.length === 0 ? <p style={{ color: token('color.text.subtle') }}>{t('panel.allTopItemsAreEstimated')}</p> : <KeyList label={t('panel.unestimatedTopItems')} items={data.unestimatedTop.map(([ref, summary]) => [key(ref), summary])} />}
      </Section>
      <Section id="dor" title={t('panel.refinement.dorGaps', { count: data.dorGaps.length })}>
        {data.dorGaps.length === 0 ? (
          <p style={{ color: token('color.text.subtle') }}>{t('panel.everyItemMeetsTheDefinition')}</p>
        ) : (
          <ScrollArea label={t('panel.definitionOfReadyGapsList')} maxHeight={320}>
            <table style={tableStyle} aria-label={t('panel.definitionOfReadyGaps')}>
              <thead>
                <tr>
                  <th style={thStyle} scope="col">{t('panel.issue')}</th>
                  <th style={thStyle} scope="col">{t('panel.summary')}</th>
                  <th style={thStyle} scope="col">{t('panel.missing')}</th>
                </tr>
              </thead>
              <tbody>
                {data.dorGaps.map(([ref, summary, gaps]) => (
                  <tr key={String(ref)}>
                    <td style={tdStyle}>{key(ref)}</td>
                    <td style={tdStyle}>{summary}</td>
                    <td style={{ ...tdStyle, display: 'flex', gap: 4, flexWrap: 'wrap' }}>
                      {gapLabels(t, gaps).map((g) => (
                        <Lozenge key={g} appearance="moved">{g}</Lozenge>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollArea>
        )}
      </Section>
      <Section id="dependencies" title={t('panel.refinement.dependencies', { count: data.dependencies.length })}>
        {data.dependencies.length === 0 ? (
          <p style={{ color: token('color.text.subtle') }}>{t('panel.noLinksToOtherTeams')}</p>
        ) : (
          <table style={tableStyle} aria-label={t('panel.dependencies')}>
            <thead>
              <tr>
                <th style={thStyle} scope="col">{t('panel.ourIssue')}</th>
                <th style={thStyle} scope="col">{t('panel.relation')}</th>
                <th style={thStyle} scope="col">{t('panel.theirIssue')}</th>
                <th style={thStyle} scope="col">{t('panel.teamProject')}</th>
                <th style={thStyle} scope="col">{t('panel.theirStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {data.dependencies.map(([ref, direction, other, project, status]) => (
                <tr key={`${String(ref)}-${direction}-${other}`}>
                  <td style={tdStyle}>{key(ref)}</td>
                  <td style={tdStyle}>{direction === 'b' ? 'blocks' : t('panel.isBlockedBy')}</td>
                  <td style={tdStyle}>{other}</td>
                  <td style={tdStyle}>{project}</td>
                  <td style={tdStyle}>
                    <Lozenge appearance={status === 'd' ? 'success' : status === 'i' ? 'inprogress' : 'default'}>{status === 'd' ? t('panel.done') : status === 'i' ? t('panel.inProgress') : t('panel.toDo')}</Lozenge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}

function Runway({ data }: { data: RefinementDto }) {
  const { t, num } = useT();
  const { readyPoints, velocity, iterations, target } = data.runway;
  const ok = iterations !== null && iterations >= target;
  return (
    <Section id="runway" title={t('panel.readyRunway')} description={t('panel.refinement.runwayGoal', { target })}>
      <div style={{ display: 'grid', gap: token('space.100'), maxWidth: 520 }}>
        <div style={{ fontSize: 20, fontWeight: 600, color: ok ? token('color.text.success') : token('color.text.warning') }} data-testid="runway">
          {iterations === null ? t('panel.unknownNoVelocityYet') : t('panel.refinement.runway', { iterations: num(iterations), target })}
        </div>
        <ProgressBar
          appearance={ok ? 'success' : 'default'}
          ariaLabel={t('panel.refinement.runwayLabel', { iterations: iterations === null ? t('panel.refinement.unknown') : num(iterations), target })}
          value={iterations === null ? 0 : Math.min(1, iterations / target)}
        />
        <div style={{ color: token('color.text.subtle'), fontSize: 12 }}>
          {t('panel.refinement.runwayFormula', { ready: fmt(readyPoints), velocity: fmt(velocity) })}
        </div>
      </div>
    </Section>
  );
}

function TailCandidates({ data, canPlan, onChanged }: { data: RefinementDto; canPlan: boolean; onChanged: () => void }) {
  const { t } = useT();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const rows = data.tailCandidates.map(([ref, summary, reason, days]) => ({ key: issueKey(ref, data.keyPrefix), summary, reason, days }));
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.key));
  const move = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const outcome = unwrap(await panelApi('moveToTail', { keys: [...selected].slice(0, 200) }));
      if (outcome.failed.length) setError({ code: 'JIRA_REJECTED', message: failuresText(t, outcome.failed) });
      setSelected(new Set());
      onChanged();
    } catch (failure) {
      setError(toAppError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section
      id="tail-candidates"
      title={t('panel.refinement.tailCandidates', { count: rows.length })}
      description={t('panel.refinement.tailCandidatesWhy', { days: data.staleDays })}
      actions={
        <Button isDisabled={!canPlan || selected.size === 0} isLoading={busy} onClick={() => void move()}>
          {selected.size ? t('panel.refinement.moveNToTail', { count: selected.size }) : t('panel.refinement.moveToTail')}
        </Button>
      }
    >
      {error ? <ErrorMessage error={error} /> : null}
      {rows.length === 0 ? (
        <p style={{ color: token('color.text.subtle') }}>{t('panel.nothingStaleEveryItemWas')}</p>
      ) : (
        <ScrollArea label={t('panel.tailCandidatesList')} maxHeight={320}>
          <table style={tableStyle} aria-label={t('panel.tailCandidates')}>
            <thead>
              <tr>
                <th style={thStyle} scope="col">
                  <input type="checkbox" aria-label={t('panel.selectAllTailCandidates')} checked={allSelected} disabled={!canPlan} onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.key)))} />
                </th>
                <th style={thStyle} scope="col">{t('panel.issue')}</th>
                <th style={thStyle} scope="col">{t('panel.summary')}</th>
                <th style={thStyle} scope="col">{t('panel.why')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <td style={tdStyle}>
                    <input
                      type="checkbox"
                      aria-label={t('panel.refinement.select', { key: r.key })}
                      checked={selected.has(r.key)}
                      disabled={!canPlan}
                      onChange={() =>
                        setSelected((s) => {
                          const next = new Set(s);
                          if (next.has(r.key)) next.delete(r.key);
                          else next.add(r.key);
                          return next;
                        })
                      }
                    />
                  </td>
                  <td style={tdStyle}>{r.key}</td>
                  <td style={tdStyle}>{r.summary}</td>
                  <td style={tdStyle}>{r.reason === 's' ? t('panel.refinement.untouchedFor', { days: r.days }) : t('panel.parentClosedOrCancelled')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollArea>
      )}
    </Section>
  );
}

/** The items in the tail, each of which a planner can take out again (it is then planned and ranked again). */
function TailList({ items, canPlan, onChanged }: { items: [string, string][]; canPlan: boolean; onChanged: () => void }) {
  const { t } = useT();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const takeOut = async (issue: string): Promise<void> => {
    setBusy(issue);
    setError(null);
    try {
      const outcome = unwrap(await panelApi('takeOutOfTail', { keys: [issue] }));
      if (outcome.failed.length) setError({ code: 'JIRA_REJECTED', message: failuresText(t, outcome.failed) });
      else onChanged();
    } catch (failure) {
      setError(toAppError(failure));
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      {error ? <ErrorMessage error={error} /> : null}
      <ul aria-label={t('panel.itemsInTheTail')} tabIndex={0} style={{ margin: 0, paddingLeft: token('space.250'), maxHeight: 240, overflow: 'auto' }}>
        {items.map(([issue, summary]) => (
          <li key={issue} style={{ display: 'flex', gap: token('space.100'), alignItems: 'center' }}>
            <span>
              <strong>{issue}</strong> {summary}
            </span>
            {canPlan ? (
              <Button appearance="subtle" spacing="compact" isLoading={busy === issue} isDisabled={busy !== null} onClick={() => void takeOut(issue)}>
                {t('panel.refinement.takeOut', { key: issue })}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

function KeyList({ label, items }: { label: string; items: [string, string][] }) {
  return (
    <ul aria-label={label} tabIndex={0} style={{ margin: 0, paddingLeft: token('space.250'), maxHeight: 240, overflow: 'auto' }}>
      {items.map(([key, summary]) => (
        <li key={key}>
          <strong>{key}</strong> {summary}
        </li>
      ))}
    </ul>
  );
}
