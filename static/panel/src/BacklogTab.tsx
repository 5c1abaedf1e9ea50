import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { List, useListRef, type RowComponentProps } from 'react-window';
import Button from '@atlaskit/button/new';
import Select from '@atlaskit/select';
import Textfield from '@atlaskit/textfield';
import Tooltip from '@atlaskit/tooltip';
import { token } from '@atlaskit/tokens';
import type { BacklogPrefetch } from './backlogPrefetch';
import { decodeBacklogRow, encodeBacklogRow, RowFlag, type AppError, type BacklogDto, type BacklogRow, type SourceCode } from '../../../src/contracts';
import { panelApi, toAppError, unwrap } from '../../shared/api';
import { issueKey } from '../../shared/keys';
import { useLoad } from '../../shared/useLoad';
import { Empty, ErrorMessage, Loading, Pill } from '../../shared/ui';
import { SOURCE_LABELS, flagLabels, gapLabels } from '../../shared/labels';
import { useShownPi } from './piChoice';
import { IssueKeyLink } from '../../shared/IssueKeyLink';
import { LabelledSelect } from '../../shared/LabelledSelect';
import { useT, type Translator } from '../../shared/i18n';

// The dialog (and the modal library) loads when first opened.
const RerankDialog = lazy(() => import('./RerankDialog').then((m) => ({ default: m.RerankDialog })));
const NormaliseDialog = lazy(() => import('./NormaliseDialog').then((m) => ({ default: m.NormaliseDialog })));
const RebaselineDialog = lazy(() => import('./RebaselineDialog').then((m) => ({ default: m.RebaselineDialog })));

type ReadinessFilter = 'all' | 'ready' | 'notReady';
type WsjfPart = 'businessValue' | 'timeCriticality' | 'riskReduction' | 'jobSize';
const PART_COLUMNS: { part: WsjfPart; short: string; long: string }[] = [
  { part: 'businessValue', short: 'BV', long: 'Business value' },
  { part: 'timeCriticality', short: 'TC', long: 'Time criticality' },
  { part: 'riskReduction', short: 'RR', long: 'Risk reduction' },
  { part: 'jobSize', short: 'Size', long: 'Job size' },
];

/**
 * Two lines a row (issue and its parent feature; work type and source; readiness and what else is true of
 * it), so every column fits the app's frame beside Jira's sidebar on a 1024 px laptop: no second scrollbar.
 */
const ROW_HEIGHT = 48;
const GRID = '36px minmax(160px, 1fr) 96px 36px repeat(4, 48px) 60px 120px';

/** The column headers; a short one explains itself in a tooltip. */
function headers(t: Translator['t']): { text: string; hint?: string; right?: boolean }[] {
  return [
    { text: '#', hint: t('panel.grid.position') },
    { text: t('panel.grid.issueAndParent') },
    { text: t('panel.grid.typeAndSource'), hint: t('panel.grid.typeAndSourceHint') },
    { text: 'Pts', hint: t('panel.grid.storyPoints'), right: true },
    ...PART_COLUMNS.map((c) => ({ text: c.short, hint: c.long })),
    { text: 'WSJF', hint: t('panel.grid.wsjfHint'), right: true },
    { text: 'Readiness', hint: t('panel.grid.readinessHint') },
  ];
}

type ParentFilter = 'all' | 'none' | number;

export function BacklogTab({ piId, canPlan, accountId, prefetched }: { piId: string | undefined; canPlan: boolean; accountId?: string; prefetched?: BacklogPrefetch }) {
  const backlog = useLoad(() => prefetched?.take(piId) ?? panelApi('getBacklog', { piId }), [piId]);
  useShownPi(backlog.data?.piChoice, backlog.error);
  const [workType, setWorkType] = useState<number | 'all'>('all');
  const [source, setSource] = useState<SourceCode | 'all'>('all');
  const [readiness, setReadiness] = useState<ReadinessFilter>('all');
  const [search, setSearch] = useState('');
  const [parent, setParent] = useState<ParentFilter>('all');
  const { t } = useT();
  const [saving, setSaving] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [rerankOpen, setRerankOpen] = useState(false);
  const [normaliseOpen, setNormaliseOpen] = useState(false);
  const [rebaselineOpen, setRebaselineOpen] = useState(false);
  const [rebaselined, setRebaselined] = useState<number | null>(null);
  const [lastMoved, setLastMoved] = useState<string | null>(null);
  const [editing, setEditing] = useState<EditingCell | null>(null);
  // The cell to put the focus back on once the row is where the score put it.
  const [refocus, setRefocus] = useState<EditingCell | null>(null);
  const list = useListRef(null);
  const onEdit = useCallback((cell: EditingCell | null, back?: EditingCell) => {
    setEditing(cell);
    if (back) setRefocus(back);
  }, []);

  const data = backlog.data;
  const visible = useMemo(() => {
    if (!data) return [] as { row: BacklogRow; position: number }[];
    const out: { row: BacklogRow; position: number }[] = [];
    const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
    data.rows.forEach((row, position) => {
      const fields = decodeBacklogRow(row);
      if (words.length > 0) {
        const text = `${issueKey(fields.key, data.keyPrefix)} ${fields.summary}`.toLowerCase();
        if (!words.every((w) => text.includes(w))) return;
      }
      if (workType !== 'all' && fields.workType !== workType) return;
      if (source !== 'all' && fields.source !== source) return;
      if (readiness === 'ready' && fields.dorGaps !== 0) return;
      if (readiness === 'notReady' && fields.dorGaps === 0) return;
      if (parent === 'none' && fields.parent !== null) return;
      if (typeof parent === 'number' && fields.parent !== parent) return;
      out.push({ row, position });
    });
    return out;
  }, [data, workType, source, readiness, search, parent]);

  useEffect(() => {
    if (!refocus || saving !== null) return;
    const index = visible.findIndex((v) => issueKey(decodeBacklogRow(v.row).key, data?.keyPrefix ?? '') === refocus.key);
    if (index < 0) return setRefocus(null);
    list.current?.scrollToRow({ index, align: 'smart' });
    // The row renders after the scroll: try for a few frames.
    let tries = 0;
    let frame = 0;
    const attempt = (): void => {
      const target = document.querySelector<HTMLButtonElement>(`[data-score-cell="${refocus.key}:${refocus.part}"]`);
      if (target && !target.disabled) {
        target.focus();
        setRefocus(null);
      } else if (tries++ < 30) frame = requestAnimationFrame(attempt);
    };
    frame = requestAnimationFrame(attempt);
    return () => cancelAnimationFrame(frame);
  }, [refocus, saving, visible, data, list]);

  if (backlog.error) return <ErrorMessage error={backlog.error} onRetry={backlog.reload} />;
  if (!data) return <Loading label="Loading the backlog…" />;
  if (data.rows.length === 0) {
    return (
      <Empty title="The backlog is empty">
        No open stories in this project's board backlog. Create stories in Jira, or check the board mapped in the project settings.
      </Empty>
    );
  }

  const score = async (key: string, part: WsjfPart, value: number | null): Promise<void> => {
    setSaving(key);
    setError(null);
    try {
      // Positions come back in the ranking of the PI shown here.
      const result = unwrap(await panelApi('scoreWsjf', { items: [{ key, [part]: value }], piId: data.piChoice?.pi.id ?? piId }));
      if (result.outcome.failed.length > 0) {
        setError({ code: 'JIRA_REJECTED', message: result.outcome.failed.map((f) => `${f.key}: ${f.reason}`).join('; ') });
      }
      backlog.setData((current) => (current ? applyRescored(current, result.rows) : current));
      setLastMoved(key);
    } catch (failure) {
      setError(toAppError(failure));
    } finally {
      setSaving(null);
    }
  };

  const decoded = data.rows.map(decodeBacklogRow);
  // The counts follow the filters: what is shown, and how much of it is ready.
  const ready = visible.filter((v) => decodeBacklogRow(v.row).dorGaps === 0).length;
  const committed = decoded.filter((r) => (r.flags & RowFlag.COMMITTED) !== 0);
  const baseline = data.committedBaseline ?? null;
  const by = baseline ? (accountId && baseline.savedBy === accountId ? 'you' : baseline.savedByName) : null;
  const taken = baseline ? `${baseline.savedAt.slice(0, 16).replace('T', ' ')} UTC${by ? ` by ${by}` : ''}` : null;
  const parents = data.parents ?? [];
  return (
    <div data-testid="backlog-tab">
      <div style={{ display: 'flex', gap: token('space.150'), alignItems: 'flex-end', flexWrap: 'wrap', marginBottom: token('space.150') }}>
        <LabelledSelect id="filter-work-type" label="Work type" width={150} value={String(workType)} onChange={(v) => setWorkType(v === 'all' ? 'all' : Number(v))} options={[{ value: 'all', label: 'All work types' }, ...data.workTypes.map((w, i) => ({ value: String(i), label: w.name }))]} />
        <LabelledSelect id="filter-source" label="Source" width={130} value={source} onChange={(v) => setSource(v as SourceCode | 'all')} options={[{ value: 'all', label: 'All sources' }, ...(['p', 'o', 'l'] as const).map((c) => ({ value: c, label: SOURCE_LABELS[c] }))]} />
        <LabelledSelect id="filter-readiness" label="Readiness" width={140} value={readiness} onChange={(v) => setReadiness(v as ReadinessFilter)} options={[{ value: 'all', label: 'Ready or not' }, { value: 'ready', label: 'Ready' }, { value: 'notReady', label: 'Not ready' }]} />
        {parents.length > 0 ? (
          <LabelledSelect
            id="filter-parent"
            label={t('panel.grid.parentFeature')}
            width={220}
            isSearchable
            value={String(parent)}
            onChange={(v) => setParent(v === 'all' || v === 'none' ? v : Number(v))}
            options={[{ value: 'all', label: t('panel.grid.allParents') }, { value: 'none', label: t('panel.grid.noParent') }, ...parents.map(([k, summary], i) => ({ value: String(i), label: `${k} ${summary}` }))]}
          />
        ) : null}
        <div style={{ display: 'grid', gap: token('space.050'), width: 200 }}>
          <label htmlFor="backlog-search" style={{ fontSize: 12, fontWeight: 600, color: token('color.text.subtle') }}>Search the backlog</label>
          <Textfield id="backlog-search" type="search" isCompact placeholder="Key or words of the summary" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
        </div>
      </div>
      <div style={{ display: 'flex', gap: token('space.150'), alignItems: 'center', flexWrap: 'wrap', marginBottom: token('space.150') }}>
        <span role="status" data-testid="backlog-counts" style={{ color: token('color.text.subtle'), fontSize: 12 }}>
          {visible.length === data.rows.length ? t('panel.grid.counts', { items: data.rows.length, ready }) : t('panel.grid.countsFiltered', { shown: visible.length, items: data.rows.length, ready })}
          {saving ? ` · saving ${saving}…` : ''}
        </span>
        <div style={{ flex: 1 }} />
        <Button isDisabled={!canPlan || visible.length === 0} onClick={() => setNormaliseOpen(true)}>
          Normalise column…
        </Button>
        <Button appearance="primary" isDisabled={!canPlan} onClick={() => setRerankOpen(true)}>
          Apply order to Jira
        </Button>
      </div>
      {error ? <div style={{ marginBottom: token('space.100') }}><ErrorMessage error={error} onRetry={() => { setError(null); backlog.reload(); }} retryLabel="Reload backlog" /></div> : null}
      <div style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', flexWrap: 'wrap', margin: `0 0 ${token('space.100')}` }}>
        <p data-testid="committed-order-note" style={{ margin: 0, color: token('color.text.subtle'), fontSize: 12 }}>
          Committed program stories keep their PI-planning order
          {data.pi && committed.length > 0 ? ` for ${data.pi.name}${taken ? ` (taken ${taken})` : ''}` : ''}; local items are sorted by WSJF = (BV + TC + RR) / job size, an unscored one keeps its place in Jira's rank until scored, and a blocker comes right before what it blocks. Score on the scale {data.scale.join(', ')}.
        </p>
        {data.pi && committed.length > 0 ? (
          <Tooltip content={canPlan ? null : 'Only people who may plan can re-baseline the committed order'}>
            {(hint) => (
              <Button
                {...hint}
                appearance="subtle"
                spacing="compact"
                isDisabled={!canPlan}
                onClick={() => { setRebaselined(null); setRebaselineOpen(true); }}
              >
                Re-baseline committed order…
              </Button>
            )}
          </Tooltip>
        ) : null}
        {rebaselined !== null ? (
          <span role="status" style={{ color: token('color.text.success'), fontSize: 12 }}>
            Committed order re-baselined: {rebaselined} {rebaselined === 1 ? 'story follows' : 'stories follow'} their current Jira rank.
          </span>
        ) : null}
      </div>
      <div role="table" aria-label="Team backlog in priority order" aria-rowcount={visible.length + 1} style={{ border: `1px solid ${token('color.border')}`, borderRadius: 4 }}>
        <div role="row" aria-rowindex={1} style={{ display: 'grid', gridTemplateColumns: GRID, alignItems: 'center', height: 36, borderBottom: `2px solid ${token('color.border')}`, fontWeight: 600, color: token('color.text.subtle'), fontSize: 12 }}>
          {headers(t).map((h) => (
            <div role="columnheader" key={h.text} style={{ ...cellStyle, textAlign: h.right ? 'right' : undefined }}>
              {h.hint ? <Tooltip content={h.hint}><span>{h.text}</span></Tooltip> : h.text}
            </div>
          ))}
        </div>
        {visible.length === 0 ? (
          <div style={{ padding: token('space.300'), color: token('color.text.subtle') }}>No items match these filters.</div>
        ) : (
          <List
            role="rowgroup"
            style={{ height: Math.min(560, visible.length * ROW_HEIGHT) }}
            rowCount={visible.length}
            rowHeight={ROW_HEIGHT}
            rowComponent={BacklogRowView}
            listRef={list}
            rowProps={{ visible, data, canPlan, saving, lastMoved, editing, onEdit, onScore: score }}
            overscanCount={8}
          />
        )}
      </div>
      {normaliseOpen ? (
        <Suspense fallback={null}>
          <NormaliseDialog
            rows={visible.map((v) => v.row)}
            columns={PART_COLUMNS}
            keyPrefix={data.keyPrefix}
            piId={data.piChoice?.pi.id ?? piId}
            onSaved={(rescored) => backlog.setData((current) => (current ? applyRescored(current, rescored) : current))}
            onClose={() => setNormaliseOpen(false)}
          />
        </Suspense>
      ) : null}
      {rebaselineOpen && data.pi ? (
        <Suspense fallback={null}>
          <RebaselineDialog
            pi={data.pi}
            taken={taken}
            committed={committed.map((r) => [issueKey(r.key, data.keyPrefix), r.summary])}
            onClose={(count) => {
              setRebaselineOpen(false);
              if (count !== null) {
                setRebaselined(count);
                backlog.reload();
              }
            }}
          />
        </Suspense>
      ) : null}
      {rerankOpen ? (
        <Suspense fallback={null}>
          <RerankDialog piId={data.piChoice?.pi.id ?? piId} onClose={(applied) => { setRerankOpen(false); if (applied) backlog.reload(); }} />
        </Suspense>
      ) : null}
    </div>
  );
}

/** Puts re-scored rows at their new positions (the resolver says where each now sits in the order). */
function applyRescored(current: BacklogDto, rescored: { row: BacklogRow; position: number }[]): BacklogDto {
  const keys = new Set(rescored.map((r) => decodeBacklogRow(r.row).key));
  const before = new Map<BacklogRow[0], ReturnType<typeof decodeBacklogRow>>();
  const rows = current.rows.filter((r) => {
    const fields = decodeBacklogRow(r);
    if (!keys.has(fields.key)) return true;
    before.set(fields.key, fields);
    return false;
  });
  for (const { row, position } of [...rescored].sort((a, b) => a.position - b.position)) {
    // A score changes neither the parent feature nor the sprint: the row keeps the ones it had.
    const fields = decodeBacklogRow(row);
    const was = before.get(fields.key);
    rows.splice(Math.min(position, rows.length), 0, encodeBacklogRow({ ...fields, parent: was?.parent ?? null, sprint: was?.sprint ?? null }));
  }
  return { ...current, rows };
}

interface RowProps {
  visible: { row: BacklogRow; position: number }[];
  data: BacklogDto;
  canPlan: boolean;
  saving: string | null;
  lastMoved: string | null;
  editing: EditingCell | null;
  onEdit: (cell: EditingCell | null, refocus?: EditingCell) => void;
  onScore: (key: string, part: WsjfPart, value: number | null) => Promise<void>;
}

interface EditingCell {
  key: string;
  part: WsjfPart;
}

const cellStyle: CSSProperties = { padding: `0 ${token('space.050')}`, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' };
/** A cell of two lines (the row's second line says more: parent feature, source, what else is true). */
const stackStyle: CSSProperties = { ...cellStyle, display: 'grid', gap: 2, alignContent: 'center' };
const lineStyle: CSSProperties = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 };
const subtleLineStyle: CSSProperties = { ...lineStyle, fontSize: 12, color: token('color.text.subtle') };

const scoreButtonStyle: CSSProperties = {
  width: 40,
  padding: '2px 4px',
  border: `1px solid ${token('color.border')}`,
  borderRadius: 3,
  background: 'transparent',
  color: token('color.text'),
  font: 'inherit',
  fontSize: 13,
  textAlign: 'right',
  cursor: 'pointer',
};

/**
 * One WSJF part: a light button showing the score, which turns into an ADS Select on the Fibonacci scale while
 * edited (only one at a time), so scrolling thousands of rows never renders thousands of selects. The arrow
 * keys only move through the scale: a score is written when chosen (Enter or click), and the focus then goes
 * back to this cell wherever the row moved (`onEdit(null, true)`); Escape leaves it unchanged.
 */
function ScoreCell({ rowKey, column, value, points, scale, canPlan, busy, editing, onEdit, onScore }: {
  rowKey: string;
  column: (typeof PART_COLUMNS)[number];
  value: number | null;
  points: number | null;
  scale: number[];
  canPlan: boolean;
  busy: boolean;
  editing: boolean;
  onEdit: (cell: EditingCell | null, refocus?: EditingCell) => void;
  onScore: (key: string, part: WsjfPart, value: number | null) => Promise<void>;
}) {
  const empty = column.part === 'jobSize' && points !== null ? `(${points})` : '–';
  const cell = { key: rowKey, part: column.part };
  // Closed by the keyboard (Escape, Tab) rather than a click elsewhere: the focus comes back to the cell.
  const byKeyboard = useRef(false);
  if (!editing) {
    return (
      <button
        type="button"
        data-score-cell={`${rowKey}:${column.part}`}
        aria-label={`Edit ${column.long.toLowerCase()} of ${rowKey}, now ${value ?? 'not scored'}`}
        disabled={!canPlan || busy}
        onClick={() => onEdit(cell)}
        style={{ ...scoreButtonStyle, cursor: canPlan ? 'pointer' : 'default', color: value === null ? token('color.text.subtlest') : token('color.text') }}
      >
        {value ?? empty}
      </button>
    );
  }
  const options = [{ value: NONE, label: empty }, ...scale.map((v) => ({ value: String(v), label: String(v) }))];
  return (
    <Select
      inputId={`score-${rowKey}-${column.part}`}
      aria-label={`${column.long} of ${rowKey}`}
      // The user just activated this cell: the select takes the focus, open, so the arrow keys move through the scale.
      autoFocus
      defaultMenuIsOpen
      isSearchable={false}
      isDisabled={busy}
      spacing="compact"
      options={options}
      value={options.find((o) => o.value === (value === null ? NONE : String(value))) ?? null}
      onKeyDown={(e) => {
        byKeyboard.current = e.key === 'Escape' || e.key === 'Tab' || e.key === 'Enter';
      }}
      onChange={(option) => {
        onEdit(null, cell);
        const chosen = !option || option.value === NONE ? null : Number(option.value);
        // The same score again changes nothing: no write (it would only move the issue's last update).
        if (chosen !== value) void onScore(rowKey, column.part, chosen);
      }}
      onMenuClose={() => onEdit(null, byKeyboard.current ? cell : undefined)}
      onBlur={() => onEdit(null)}
      menuPortalTarget={document.body}
      styles={{
        container: (base) => ({ ...base, width: 40 }),
        menu: (base) => ({ ...base, width: 88 }),
        menuPortal: (base) => ({ ...base, zIndex: 600 }),
      }}
    />
  );
}

const NONE = 'none';

function BacklogRowView({ index, style, visible, data, canPlan, saving, lastMoved, editing, onEdit, onScore }: RowComponentProps<RowProps>) {
  const { row: encoded, position } = visible[index];
  const row = decodeBacklogRow(encoded);
  const key = issueKey(row.key, data.keyPrefix);
  const committed = (row.flags & RowFlag.COMMITTED) !== 0;
  const { t } = useT();
  const gaps = gapLabels(row.dorGaps);
  // "In sprint" names the sprint (it comes first, where the flag would).
  const sprint = row.sprint !== null ? data.sprints?.[row.sprint] : undefined;
  const flags = flagLabels(row.flags & ~RowFlag.COMMITTED & ~(sprint ? RowFlag.IN_SPRINT : 0));
  if (sprint && (row.flags & RowFlag.IN_SPRINT) !== 0) flags.unshift(t('panel.grid.inSprint', { sprint }));
  const parent = row.parent !== null ? data.parents?.[row.parent] : undefined;
  const readiness = [...gaps, ...flags].join(', ');
  return (
    // A table row rather than react-window's default list item (rows have a fixed height, nothing to measure).
    <div
      role="row"
      aria-rowindex={index + 2}
      data-key={key}
      data-committed={committed ? '' : undefined}
      style={{
        ...style,
        display: 'grid',
        gridTemplateColumns: GRID,
        alignItems: 'center',
        borderBottom: `1px solid ${token('color.border')}`,
        background: key === lastMoved ? token('color.background.selected') : committed ? token('color.background.accent.blue.subtlest') : undefined,
        fontSize: 13,
      }}
    >
      <div role="cell" data-position style={{ ...cellStyle, color: token('color.text.subtlest') }}>{position + 1}</div>
      <div role="cell" style={stackStyle}>
        <span style={lineStyle}>
          <IssueKeyLink issueKey={key} /> <span data-summary>{row.summary}</span>
        </span>
        <span style={subtleLineStyle} data-parent>
          {parent ? (
            <>
              <IssueKeyLink issueKey={parent[0]} /> {parent[1]}
            </>
          ) : (
            <span style={{ color: token('color.text.subtlest') }}>{t('panel.grid.noParent')}</span>
          )}
        </span>
      </div>
      <div role="cell" style={stackStyle}>
        <span style={lineStyle}>{data.workTypes[row.workType]?.name ?? '?'}</span>
        <span style={subtleLineStyle}>{committed ? <Pill tone="discovery">Committed</Pill> : SOURCE_LABELS[row.source]}</span>
      </div>
      <div role="cell" style={{ ...cellStyle, textAlign: 'right' }}>{row.points ?? '–'}</div>
      {PART_COLUMNS.map((c) => (
        <div role="cell" key={c.part} style={cellStyle}>
          <ScoreCell
            rowKey={key}
            column={c}
            value={row[c.part]}
            points={row.points}
            scale={data.scale}
            canPlan={canPlan}
            busy={saving !== null}
            editing={editing !== null && editing.key === key && editing.part === c.part}
            onEdit={onEdit}
            onScore={onScore}
          />
        </div>
      ))}
      <div role="cell" data-wsjf style={{ ...cellStyle, textAlign: 'right', fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>
        {row.wsjf === null ? <span style={{ color: token('color.text.subtlest'), fontWeight: 400, fontSize: 11 }}>unscored</span> : row.wsjf.toFixed(2)}
      </div>
      <div role="cell" style={stackStyle}>
        <Tooltip content={readiness}>
          <span style={{ ...lineStyle, display: 'grid', gap: 2, justifyItems: 'start' }}>
            {gaps.length === 0 ? <Pill tone="success">Ready</Pill> : <Pill tone="warning">{gaps[0]}{gaps.length > 1 ? ` +${gaps.length - 1}` : ''}</Pill>}
            {flags[0] ? <Pill>{flags[0]}</Pill> : null}
          </span>
        </Tooltip>
      </div>
    </div>
  );
}
