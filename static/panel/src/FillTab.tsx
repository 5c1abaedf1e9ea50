import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useSessionState } from '../../shared/useSessionState';
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import Tooltip from '@atlaskit/tooltip';
import { token } from '@atlaskit/tokens';
import { type FillDto, type FillRequest, type IssueRef } from '../../../src/contracts';
import { panelApi } from '../../shared/api';
import { issueKey } from '../../shared/keys';
import { useLoad } from '../../shared/useLoad';
import { Empty, ErrorMessage, Loading, Section, SetupNeeded, fmt, seriesColor, ScrollArea, tableStyle, tdStyle, thStyle } from '../../shared/ui';
import { LEFT_OUT_LABELS } from '../../shared/labels';
import { DIALOG_NOT_OPENED, openPanelDialog } from './panelDialogs';
import type { IssueAbout } from './IssueLine';
import { CommittedCallout } from './IssueLine';
import { useShownPi } from './piChoice';
import { IssueKeyLink } from '../../shared/IssueKeyLink';
import { useT } from '../../shared/i18n';
import { messageText } from '../../shared/errorText';
import { ForecastSection, PeopleSection, chance } from './Confidence';
import { indexBacklog, type ItemInfo } from './itemInfo';
import { ExportCsvButton } from './ExportCsvButton';
import { fillTable, leftOutDetailText } from './csvExports';

export function FillTab({ projectKey, piId, canPlan }: { projectKey: string; piId: string | undefined; canPlan: boolean }) {
  const tr = useT();
  const { t } = tr;
  // The PO's adjustments survive switching tabs and reloading, until committed or undone.
  const kept = `backlog-balance:fill:${projectKey}:${piId ?? 'current'}`;
  const [mode, setMode] = useSessionState<'optimal' | 'greedy'>(`${kept}:mode`, 'optimal');
  const [pins, setPins] = useSessionState<{ key: string; iteration: number }[]>(`${kept}:pins`, []);
  const [exclude, setExclude] = useSessionState<string[]>(`${kept}:exclude`, []);
  // Items the last commit left out that the PO plans again.
  const [include, setInclude] = useSessionState<string[]>(`${kept}:include`, []);
  // Points at the top of the backlog to forecast (null: what the plan holds).
  const [topPoints, setTopPoints] = useSessionState<number | null>(`${kept}:topPoints`, null);
  // After a move, "Leave out", "Include again" or "Undo", the focus follows the item to where it now is.
  const [focusAfter, setFocusAfter] = useState<{ key: string; shown: FillDto | null } | null>(null);
  const tab = useRef<HTMLDivElement>(null);
  const request: FillRequest = { piId, mode, pins, exclude, include, ...(topPoints === null ? {} : { topPoints }) };
  const fill = useLoad(() => panelApi('getFill', request), [piId, mode, JSON.stringify(pins), JSON.stringify(exclude), JSON.stringify(include), topPoints]);
  const backlog = useLoad(() => panelApi('getBacklog', { piId }), [piId]);
  useShownPi(fill.data?.piChoice ?? backlog.data?.piChoice, fill.error ?? backlog.error);

  const info = useMemo(() => indexBacklog(backlog.data), [backlog.data]);
  // Once the proposal that follows the adjustment is on screen (not the one shown when it was made).
  useEffect(() => {
    if (focusAfter === null || fill.loading || !fill.data || fill.data === focusAfter.shown) return;
    // In an iteration or the left-out table: the forecast's tables list the same keys.
    const place = tab.current?.querySelector(`[data-testid^="fill-iteration-"] [data-key="${focusAfter.key}"], [data-testid="fill-left-out"] [data-key="${focusAfter.key}"]`);
    const target = [...(place?.querySelectorAll<HTMLButtonElement>('button') ?? [])].find((b) => !b.disabled) ?? (place instanceof HTMLElement ? place : null);
    target?.focus();
    setFocusAfter(null);
  }, [focusAfter, fill.loading, fill.data]);
  const setFocusKey = (key: string | null): void => setFocusAfter(key === null ? null : { key, shown: fill.data });

  if (fill.error) return <ErrorMessage error={fill.error} onRetry={fill.reload} />;
  if (!fill.data) return <Loading label={t('panel.planningTheNextIterations')} />;
  const data = fill.data;
  if (data.iterations.length === 0) {
    return (
      <Empty title={t('panel.noUpcomingIterations')}>
        <SetupNeeded fact={t('fill.setup.noUpcoming')} action={t('fill.setup.noUpcomingAction')} />
      </Empty>
    );
  }
  const key = (ref: IssueRef) => issueKey(ref, data.keyPrefix);

  const pin = (k: string, iteration: number): void => {
    setFocusKey(k);
    setExclude((ex) => ex.filter((e) => e !== k));
    setPins((ps) => [...ps.filter((p) => p.key !== k), { key: k, iteration }]);
  };
  const leaveOut = (k: string): void => {
    setFocusKey(k);
    setPins((ps) => ps.filter((p) => p.key !== k));
    setExclude((ex) => (ex.includes(k) ? ex : [...ex, k]));
  };
  const adjusted = pins.length > 0 || exclude.length > 0 || include.length > 0;
  const undo = (): void => {
    setFocusKey(pins[pins.length - 1]?.key ?? exclude[exclude.length - 1] ?? include[include.length - 1] ?? null);
    setPins([]);
    setExclude([]);
    setInclude([]);
  };
  const committedOut = data.committedExclude.map(key);

  // The preview opens as a Jira modal over the whole page, listing each issue by its summary and work type.
  const openCommit = async (): Promise<void> => {
    const about: Record<string, IssueAbout> = {};
    for (const [k, item] of info) about[k] = { summary: item.summary, workType: data.workTypes[item.workType]?.name ?? '', committed: item.committed };
    const result = await openPanelDialog({ dialog: 'commit', request, about });
    if (result === DIALOG_NOT_OPENED) return;
    // Closed without an answer: a commit may have run, the adjustments stay until the PO sees the plan.
    if (!result) return fill.reload();
    if (!result.done) return;
    // Committed: the sprints now hold the adjusted plan (the server keeps it), so the adjustments are done with.
    if (adjusted) undo();
    else fill.reload();
  };

  return (
    <div data-testid="fill-tab" ref={tab}>
      <div style={{ display: 'flex', gap: token('space.200'), alignItems: 'center', flexWrap: 'wrap' }}>
        <div role="group" aria-label={t('panel.fillMode')} style={{ display: 'flex', gap: token('space.050') }}>
          {(['optimal', 'greedy'] as const).map((m) => (
            <Button key={m} isSelected={mode === m} aria-pressed={mode === m} onClick={() => setMode(m)}>
              {m === 'optimal' ? t('panel.optimal') : t('panel.greedyRankOrder')}
            </Button>
          ))}
        </div>
        <CostComparison data={data} />
        <div style={{ flex: 1 }} />
        {adjusted ? <Button appearance="subtle" onClick={undo}>{t('panel.undoMyAdjustments')}</Button> : null}
        <ExportCsvButton
          testId="export-fill"
          projectKey={projectKey}
          what="export.file.fill"
          pi={data.piChoice?.pi.name}
          tooltip={t('export.fill.tooltip')}
          disabled={!backlog.data || fill.loading}
          wholeSummaries
          table={(whole) => fillTable(tr, data, info, { pinned: pins.map((p) => p.key), excluded: exclude }, whole)}
        />
        <Button appearance="primary" isDisabled={!canPlan} onClick={() => void openCommit()}>
          {t('panel.commitToSprints')}
        </Button>
      </div>
      {fill.loading ? <div role="status" style={{ color: token('color.text.subtle'), fontSize: 12, marginTop: token('space.050') }}>{t('panel.updatingTheProposal')}</div> : null}
      {/* As many iterations side by side as the frame holds; more wrap below (a narrow frame never scrolls sideways). */}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: token('space.200'), marginTop: token('space.200') }}>
        {data.iterations.map((it, index) => (
          <IterationColumn key={it.id} data={data} index={index} info={info} canPlan={canPlan} onPin={pin} onLeaveOut={leaveOut} />
        ))}
      </div>
      <SliceLegend data={data} />
      <ForecastSection forecast={data.forecast} topPoints={topPoints} onTopPoints={setTopPoints} />
      <PeopleSection people={data.people} />
      {data.flags.length > 0 ? (
        <Section id="plan-flags" title={t('panel.fill.flagsTitle', { count: data.flags.length })} description={t('panel.pinsThatBreakARule')}>
          <ul aria-label={t('panel.needsYourDecision')} style={{ margin: 0, paddingLeft: token('space.250') }}>
            {data.flags.map(([ref, message, i18n], i) => (
              <li key={`${String(ref)}-${i}`}>
                <strong>{key(ref)}</strong> {info.get(key(ref))?.summary ?? ''}: <Lozenge appearance="moved">{messageText(t, message, i18n)}</Lozenge>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <Section id="left-out" title={t('panel.fill.leftOutTitle', { count: data.leftOut.length + exclude.length + committedOut.length })} description={t('panel.everyReadyOrCandidateItem')}>
        {data.leftOut.length === 0 && exclude.length === 0 && committedOut.length === 0 ? (
          <p style={{ color: token('color.text.subtle') }}>{t('panel.everythingFits')}</p>
        ) : (
          <ScrollArea label={t('panel.itemsLeftOut')} maxHeight={360}>
            <table style={tableStyle} aria-label={t('panel.itemsLeftOut')} data-testid="fill-left-out">
              <thead>
                <tr>
                  <th style={thStyle} scope="col">{t('panel.issue')}</th>
                  <th style={thStyle} scope="col">{t('panel.summary')}</th>
                  <th style={thStyle} scope="col">{t('panel.reason')}</th>
                  <th style={thStyle} scope="col">{t('panel.detail')}</th>
                  <th style={thStyle} scope="col" aria-label={t('panel.actions')} />
                </tr>
              </thead>
              <tbody>
                {exclude.map((k) => (
                  <tr key={`x-${k}`} data-key={k}>
                    <td style={tdStyle}><IssueKeyLink issueKey={k} /></td>
                    <td style={tdStyle}>{info.get(k)?.summary ?? ''}</td>
                    <td style={tdStyle}><Lozenge>{t('panel.leftOutByYou')}</Lozenge></td>
                    <td style={tdStyle}>{t('panel.youTookItOutOf')}</td>
                    <td style={tdStyle}><Button appearance="subtle" onClick={() => { setFocusKey(k); setExclude((ex) => ex.filter((e) => e !== k)); }}>{t('panel.includeAgain')}</Button></td>
                  </tr>
                ))}
                {committedOut.map((k) => (
                  <tr key={`c-${k}`} data-key={k}>
                    <td style={tdStyle}><IssueKeyLink issueKey={k} /></td>
                    <td style={tdStyle}>{info.get(k)?.summary ?? ''}</td>
                    <td style={tdStyle}><Lozenge>{t('panel.leftOutByYou')}</Lozenge></td>
                    <td style={tdStyle}>{t('panel.youLeftItOutWhen')}</td>
                    <td style={tdStyle}>{canPlan ? <Button appearance="subtle" onClick={() => { setFocusKey(k); setInclude((inc) => (inc.includes(k) ? inc : [...inc, k])); }}>{t('panel.includeAgain')}</Button> : null}</td>
                  </tr>
                ))}
                {data.leftOut.map(([ref, reason, detail, detailI18n]) => (
                  <tr key={String(ref)} data-key={key(ref)}>
                    <td style={tdStyle}><IssueKeyLink issueKey={key(ref)} /></td>
                    <td style={tdStyle}>{info.get(key(ref))?.summary ?? ''}</td>
                    <td style={tdStyle}>
                      <Lozenge appearance={reason === 'tooBig' || reason === 'tooBigForSlice' ? 'moved' : 'default'}>{t(LEFT_OUT_LABELS[reason])}</Lozenge>
                      {/* A story committed at PI planning that does not make it into these iterations needs the PO's eye. */}
                      {info.get(key(ref))?.committed ? <CommittedCallout /> : null}
                    </td>
                    <td style={tdStyle}>{leftOutDetailText(t, [ref, reason, detail, detailI18n], info.get(key(ref)))}</td>
                    <td style={tdStyle}>
                      {canPlan && reason === 'noCapacity' ? (
                        <Button appearance="subtle" onClick={() => pin(key(ref), 0)} aria-label={t('panel.fill.pinKeyTo', { key: key(ref), iteration: data.iterations[0].name })}>
                          {t('panel.fill.pinTo', { iteration: data.iterations[0].name })}
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollArea>
        )}
      </Section>
    </div>
  );
}

/** What the bars' colours and figures mean, and how the slices are rounded. */
function SliceLegend({ data }: { data: FillDto }) {
  const { t } = useT();
  const over = data.iterations.some((it) => Object.values(it.slices).some((sl) => sl.planned > sl.slice));
  return (
    <div data-testid="slice-legend" style={{ display: 'flex', gap: token('space.200'), flexWrap: 'wrap', alignItems: 'center', marginTop: token('space.100'), fontSize: 12, color: token('color.text.subtle') }}>
      <span>{t('panel.barsPointsPlannedOfThe')}</span>
      {over ? (
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: token('space.050') }}>
          <span aria-hidden="true" style={{ width: 16, height: 8, borderRadius: 4, background: token('color.background.warning.bold'), display: 'inline-block' }} />
          {t('panel.fill.overSlice', { what: data.flowUnused ? t('panel.roomAnotherWorkTypeLeft') : t('panel.fill.aPin') })}
        </span>
      ) : null}
    </div>
  );
}

function CostComparison({ data }: { data: FillDto }) {
  const { t, percent } = useT();
  if (data.optimalCost === null) return <span style={{ color: token('color.text.subtle') }}>{t('panel.fill.costGreedy', { cost: data.greedyCost })}</span>;
  const saving = data.greedyCost - data.optimalCost;
  const pct = data.greedyCost > 0 ? Math.round((saving / data.greedyCost) * 1000) / 10 : 0;
  return (
    <span data-testid="cost-comparison" style={{ color: token('color.text.subtle') }}>
      {t('panel.costOfDelayOptimal')} <strong style={{ color: token('color.text') }}>{data.optimalCost}</strong> {t('panel.vsGreedy')} <strong style={{ color: token('color.text') }}>{data.greedyCost}</strong>
      {saving > 0 ? <span style={{ color: token('color.text.success') }}> {t('panel.fill.saving', { saving, percent: percent(pct, { alreadyPercent: true, maxDigits: 1 }) })}</span> : ` ${t('panel.fill.same')}`}
    </span>
  );
}

function IterationColumn({ data, index, info, canPlan, onPin, onLeaveOut }: { data: FillDto; index: number; info: Map<string, ItemInfo>; canPlan: boolean; onPin: (key: string, iteration: number) => void; onLeaveOut: (key: string) => void }) {
  const { t, date } = useT();
  const it = data.iterations[index];
  const tr = useT();
  const odds = data.forecast.available ? data.forecast.iterations.find((f) => f.id === it.id) : undefined;
  const [dragOver, setDragOver] = useState(false);
  const greedy = new Set((data.greedyItems[index] ?? []).map((r) => issueKey(r, data.keyPrefix)));
  const planned = Object.values(it.slices).reduce((sum, s) => sum + s.planned, 0);
  const onDrop = (event: DragEvent): void => {
    event.preventDefault();
    setDragOver(false);
    const dropped = event.dataTransfer.getData('text/plain');
    if (dropped) onPin(dropped, index);
  };
  return (
    <section
      aria-label={t('panel.fill.proposal', { iteration: it.name })}
      data-testid={`fill-iteration-${index}`}
      onDragOver={(e) => { if (canPlan) { e.preventDefault(); setDragOver(true); } }}
      onDragLeave={() => setDragOver(false)}
      onDrop={onDrop}
      style={{ border: `${dragOver ? 2 : 1}px ${dragOver ? 'dashed' : 'solid'} ${dragOver ? token('color.border.selected') : token('color.border')}`, borderRadius: 6, padding: token('space.150'), background: token('elevation.surface.sunken') }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
        <h3 style={{ margin: 0, fontSize: 16, color: token('color.text') }}>{it.name}</h3>
        <span style={{ fontSize: 12, color: token('color.text.subtle') }}>{t('panel.fill.plannedOfCapacity', { planned: fmt(planned), capacity: fmt(it.capacity) })}</span>
      </div>
      <div style={{ fontSize: 11, color: token('color.text.subtlest') }}>{date(it.start)} – {date(it.end)}{it.sprintId === null ? ` · ${t('panel.noSprintMapped')}` : ''}</div>
      {odds ? (
        <div data-testid={`fill-chance-${index}`} style={{ fontSize: 12, fontWeight: 600, color: odds.probability >= 0.85 ? token('color.text.success') : odds.probability >= 0.5 ? token('color.text.warning') : token('color.text.danger') }}>
          {tr.t('forecast.iterationChance', { chance: chance(tr, odds.probability) })}
        </div>
      ) : null}
      {it.buffer > 0 ? <div style={{ fontSize: 11, color: token('color.text.subtle') }}>{tr.t('fill.bufferKept', { buffer: fmt(it.buffer) })}</div> : null}
      <div style={{ display: 'grid', gap: 4, margin: `${token('space.100')} 0` }}>
        {data.workTypes.map((w, wi) => {
          const slice = it.slices[w.id] ?? { slice: 0, planned: 0 };
          return (
            <div key={w.id} style={{ display: 'grid', gridTemplateColumns: '90px 1fr 56px', gap: 6, alignItems: 'center', fontSize: 12 }}>
              <span style={{ color: token('color.text.subtle') }}>{w.name}</span>
              <div role="img" aria-label={t('panel.fill.sliceLabel', { workType: w.name, planned: fmt(slice.planned), slice: fmt(slice.slice) })} style={{ height: 8, background: token('color.background.neutral'), borderRadius: 4, overflow: 'hidden' }}>
                <div style={{ width: `${slice.slice ? Math.min(100, (slice.planned / slice.slice) * 100) : slice.planned ? 100 : 0}%`, height: '100%', background: slice.planned > slice.slice ? token('color.background.warning.bold') : seriesColor(wi) }} />
              </div>
              <span style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{fmt(slice.planned)}/{fmt(slice.slice)}</span>
            </div>
          );
        })}
      </div>
      {it.items.length === 0 ? <p style={{ color: token('color.text.subtle') }}>{t('panel.nothingPlanned')}</p> : null}
      <ol aria-label={t('panel.fill.itemsPlannedIn', { iteration: it.name })} style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 4 }}>
        {it.items.map((ref) => {
          const k = issueKey(ref, data.keyPrefix);
          const item = info.get(k);
          const onlyOptimal = data.mode === 'optimal' && !greedy.has(k);
          return (
            <li
              key={k}
              data-key={k}
              draggable={canPlan}
              onDragStart={(e) => e.dataTransfer.setData('text/plain', k)}
              style={{ background: token('elevation.surface.raised'), boxShadow: token('elevation.shadow.raised'), borderRadius: 4, padding: `${token('space.075')} ${token('space.100')}`, cursor: canPlan ? 'grab' : 'default' }}
            >
              <div style={{ display: 'flex', gap: 6, alignItems: 'center', fontSize: 13 }}>
                <IssueKeyLink issueKey={k} />
                <span style={{ flex: 1 }} />
                {item?.committed ? <Lozenge appearance="new">{t('panel.committed')}</Lozenge> : null}
                {onlyOptimal ? <Lozenge appearance="success">{t('panel.optimalPick')}</Lozenge> : null}
                <span style={{ color: token('color.text.subtle') }}>{t('panel.fill.points', { points: item?.points ?? '?' })}</span>
              </div>
              <Tooltip content={item?.summary ?? null}>
                <div style={{ fontSize: 12, color: token('color.text.subtle'), overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  {item ? `${data.workTypes[item.workType]?.name ?? ''} · ${item.summary}` : ''}
                </div>
              </Tooltip>
              {canPlan ? (
                <div style={{ display: 'flex', gap: 4, marginTop: 2 }}>
                  <Button appearance="subtle" spacing="compact" isDisabled={index === 0} onClick={() => onPin(k, index - 1)} aria-label={t('panel.fill.movePrevious', { key: k })}>←</Button>
                  <Button appearance="subtle" spacing="compact" isDisabled={index === data.iterations.length - 1} onClick={() => onPin(k, index + 1)} aria-label={t('panel.fill.moveNext', { key: k })}>→</Button>
                  <Button appearance="subtle" spacing="compact" onClick={() => onLeaveOut(k)} aria-label={t('panel.fill.leaveKeyOut', { key: k })}>{t('panel.leaveOut')}</Button>
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
