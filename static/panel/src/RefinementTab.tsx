import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import type { AppError, IssueRef, RefinementDto } from '../../../src/contracts';
import { panelApi, toAppError, unwrap } from '../../shared/api';
import { issueKey } from '../../shared/keys';
import { useLoad } from '../../shared/useLoad';
import { useShownPi } from './piChoice';
import { ErrorMessage, Loading, Section, fmt, numStyle, ScrollArea, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { gapLabels } from '../../shared/labels';
import { SplitDialog } from './SplitDialog';
import { TrimDialog } from './TrimDialog';

export function RefinementTab({ piId, canPlan }: { piId: string | undefined; canPlan: boolean }) {
  const report = useLoad(() => panelApi('getRefinement', { piId }), [piId]);
  useShownPi(report.data?.piChoice, report.error);
  const [splitting, setSplitting] = useState<{ key: string; summary: string; points: number; limit: number } | null>(null);
  const [trimOpen, setTrimOpen] = useState(false);
  if (report.error) return <ErrorMessage error={report.error} onRetry={report.reload} />;
  if (!report.data) return <Loading label="Running the refinement checklist…" />;
  const data = report.data;
  const key = (ref: IssueRef) => issueKey(ref, data.keyPrefix);
  return (
    <div data-testid="refinement-tab">
      <Runway data={data} />
      {data.outOfOrder > 0 ? (
        <div style={{ marginTop: token('space.200') }}>
          <SectionMessage appearance="information" title="Backlog out of order">
            <p>{data.outOfOrder} items are not where the team's priority rule puts them. Use "Apply order to Jira" on the Backlog tab.</p>
          </SectionMessage>
        </div>
      ) : null}
      <TailCandidates data={data} canPlan={canPlan} onChanged={report.reload} />
      <Section
        id="in-tail"
        title={`In the tail (${data.inTail.length})`}
        description="Items labelled backlog-tail. Trimming closes them after you confirm the exact list."
        actions={
          <Button appearance="warning" isDisabled={!canPlan || data.inTail.length === 0} onClick={() => setTrimOpen(true)}>
            Trim tail…
          </Button>
        }
      >
        {data.inTail.length === 0 ? (
          <p style={{ color: token('color.text.subtle') }}>The tail is empty.</p>
        ) : (
          <TailList items={data.inTail.map(([ref, summary]) => [key(ref), summary])} canPlan={canPlan} onChanged={report.reload} />
        )}
      </Section>
      <Section id="split" title={`Split candidates (${data.splitCandidates.length})`} description="Over the split limit (a share of an iteration's capacity, half by default, or the Definition of Ready's size limit): split them into stories whose points add up.">
        {data.splitCandidates.length === 0 ? (
          <p style={{ color: token('color.text.subtle') }}>No item is over the split limit.</p>
        ) : (
          <table style={tableStyle} aria-label="Split candidates">
            <thead>
              <tr>
                <th style={thStyle} scope="col">Issue</th>
                <th style={thStyle} scope="col">Summary</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">Points</th>
                <th style={{ ...thStyle, textAlign: 'right' }} scope="col">Limit</th>
                <th style={thStyle} scope="col" aria-label="Action" />
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
                    <Button isDisabled={!canPlan} onClick={() => setSplitting({ key: key(ref), summary, points, limit })} aria-label={`Split ${key(ref)}`}>
                      Split…
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section id="unestimated" title={`Unestimated top items (${data.unestimatedTop.length})`} description="The items enough for the next two iterations must have an estimate.">
        {data.unestimatedTop.length === 0 ? <p style={{ color: token('color.text.subtle') }}>All top items are estimated.</p> : <KeyList label="Unestimated top items" items={data.unestimatedTop.map(([ref, summary]) => [key(ref), summary])} />}
      </Section>
      <Section id="dor" title={`Definition of Ready gaps (${data.dorGaps.length})`}>
        {data.dorGaps.length === 0 ? (
          <p style={{ color: token('color.text.subtle') }}>Every item meets the Definition of Ready.</p>
        ) : (
          <ScrollArea label="Definition of Ready gaps list" maxHeight={320}>
            <table style={tableStyle} aria-label="Definition of Ready gaps">
              <thead>
                <tr>
                  <th style={thStyle} scope="col">Issue</th>
                  <th style={thStyle} scope="col">Summary</th>
                  <th style={thStyle} scope="col">Missing</th>
                </tr>
              </thead>
              <tbody>
                {data.dorGaps.map(([ref, summary, gaps]) => (
                  <tr key={String(ref)}>
                    <td style={tdStyle}>{key(ref)}</td>
                    <td style={tdStyle}>{summary}</td>
                    <td style={{ ...tdStyle, display: 'flex', gap: 4, flexWrap: 'wrap' }}>
                      {gapLabels(gaps).map((g) => (
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
      <Section id="dependencies" title={`Dependencies on other teams (${data.dependencies.length})`}>
        {data.dependencies.length === 0 ? (
          <p style={{ color: token('color.text.subtle') }}>No links to other teams' issues.</p>
        ) : (
          <table style={tableStyle} aria-label="Dependencies">
            <thead>
              <tr>
                <th style={thStyle} scope="col">Our issue</th>
                <th style={thStyle} scope="col">Relation</th>
                <th style={thStyle} scope="col">Their issue</th>
                <th style={thStyle} scope="col">Team project</th>
                <th style={thStyle} scope="col">Their status</th>
              </tr>
            </thead>
            <tbody>
              {data.dependencies.map(([ref, direction, other, project, status]) => (
                <tr key={`${String(ref)}-${direction}-${other}`}>
                  <td style={tdStyle}>{key(ref)}</td>
                  <td style={tdStyle}>{direction === 'b' ? 'blocks' : 'is blocked by'}</td>
                  <td style={tdStyle}>{other}</td>
                  <td style={tdStyle}>{project}</td>
                  <td style={tdStyle}>
                    <Lozenge appearance={status === 'd' ? 'success' : status === 'i' ? 'inprogress' : 'default'}>{status === 'd' ? 'Done' : status === 'i' ? 'In progress' : 'To do'}</Lozenge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      {splitting ? <SplitDialog issue={splitting} onClose={(done) => { setSplitting(null); if (done) report.reload(); }} /> : null}
      {trimOpen ? <TrimDialog piId={data.piChoice?.pi.id ?? piId} piName={data.piChoice?.pi.name} onClose={(done) => { setTrimOpen(false); if (done) report.reload(); }} /> : null}
    </div>
  );
}

function Runway({ data }: { data: RefinementDto }) {
  const { readyPoints, velocity, iterations, target } = data.runway;
  const ok = iterations !== null && iterations >= target;
  return (
    <Section id="runway" title="Ready runway" description={`Ready points divided by velocity should cover at least ${target} iterations.`}>
      <div style={{ display: 'grid', gap: token('space.100'), maxWidth: 520 }}>
        <div style={{ fontSize: 20, fontWeight: 600, color: ok ? token('color.text.success') : token('color.text.warning') }} data-testid="runway">
          {iterations === null ? 'Unknown: no velocity yet' : `${iterations.toFixed(1)} iterations of ready work (target ${target})`}
        </div>
        <ProgressBar
          appearance={ok ? 'success' : 'default'}
          ariaLabel={`Ready runway: ${iterations === null ? 'unknown' : iterations.toFixed(1)} of ${target} iterations`}
          value={iterations === null ? 0 : Math.min(1, iterations / target)}
        />
        <div style={{ color: token('color.text.subtle'), fontSize: 12 }}>
          {fmt(readyPoints)} ready points / velocity {fmt(velocity)} points per iteration
        </div>
      </div>
    </Section>
  );
}

function TailCandidates({ data, canPlan, onChanged }: { data: RefinementDto; canPlan: boolean; onChanged: () => void }) {
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
      if (outcome.failed.length) setError({ code: 'JIRA_REJECTED', message: outcome.failed.map((f) => `${f.key}: ${f.reason}`).join('; ') });
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
      title={`Tail candidates (${rows.length})`}
      description={`Untouched for ${data.staleDays}+ days, or under a closed or cancelled parent.`}
      actions={
        <Button isDisabled={!canPlan || selected.size === 0} isLoading={busy} onClick={() => void move()}>
          {`Move ${selected.size || ''} to tail`.replace('  ', ' ')}
        </Button>
      }
    >
      {error ? <ErrorMessage error={error} /> : null}
      {rows.length === 0 ? (
        <p style={{ color: token('color.text.subtle') }}>Nothing stale: every item was touched recently.</p>
      ) : (
        <ScrollArea label="Tail candidates list" maxHeight={320}>
          <table style={tableStyle} aria-label="Tail candidates">
            <thead>
              <tr>
                <th style={thStyle} scope="col">
                  <input type="checkbox" aria-label="Select all tail candidates" checked={allSelected} disabled={!canPlan} onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.key)))} />
                </th>
                <th style={thStyle} scope="col">Issue</th>
                <th style={thStyle} scope="col">Summary</th>
                <th style={thStyle} scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <td style={tdStyle}>
                    <input
                      type="checkbox"
                      aria-label={`Select ${r.key}`}
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
                  <td style={tdStyle}>{r.reason === 's' ? `Untouched for ${r.days} days` : 'Parent closed or cancelled'}</td>
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
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const takeOut = async (issue: string): Promise<void> => {
    setBusy(issue);
    setError(null);
    try {
      const outcome = unwrap(await panelApi('takeOutOfTail', { keys: [issue] }));
      if (outcome.failed.length) setError({ code: 'JIRA_REJECTED', message: outcome.failed.map((f) => `${f.key}: ${f.reason}`).join('; ') });
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
      <ul aria-label="Items in the tail" tabIndex={0} style={{ margin: 0, paddingLeft: token('space.250'), maxHeight: 240, overflow: 'auto' }}>
        {items.map(([issue, summary]) => (
          <li key={issue} style={{ display: 'flex', gap: token('space.100'), alignItems: 'center' }}>
            <span>
              <strong>{issue}</strong> {summary}
            </span>
            {canPlan ? (
              <Button appearance="subtle" spacing="compact" isLoading={busy === issue} isDisabled={busy !== null} onClick={() => void takeOut(issue)}>
                {`Take ${issue} out of the tail`}
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
