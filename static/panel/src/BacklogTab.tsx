import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { List, useListRef, type RowComponentProps } from 'react-window';
import Button from '@atlaskit/button/new';
import Select from '@atlaskit/select';
import { selectTexts } from '../../shared/selectText';
import { currentTranslator } from '../../shared/i18n';
import Textfield from '@atlaskit/textfield';
import Tooltip from '@atlaskit/tooltip';
import { token } from '@atlaskit/tokens';
import type { BacklogPrefetch } from './backlogPrefetch';
import { decodeBacklogRow, encodeBacklogRow, RowFlag, type AppError, type BacklogDto, type BacklogRow, type SourceCode } from '../../../src/contracts';
import { failuresText, messageText } from '../../shared/errorText';
import { panelApi, toAppError, unwrap } from '../../shared/api';
import { issueKey } from '../../shared/keys';
import { useLoad } from '../../shared/useLoad';
import { Empty, ErrorMessage, Loading, Pill } from '../../shared/ui';
import { SOURCE_LABELS, flagLabels, gapLabels } from '../../shared/labels';
import { useShownPi } from './piChoice';
import { IssueKeyLink } from '../../shared/IssueKeyLink';
import { LabelledSelect } from '../../shared/LabelledSelect';
import { useT, type MessageKey } from '../../shared/i18n';
import { PART_COLUMNS, type WsjfPart } from './wsjfColumns';
import { DIALOG_NOT_OPENED, openPanelDialog } from './panelDialogs';
import { ExportCsvButton } from './ExportCsvButton';
import { backlogTable } from './csvExports';


type ReadinessFilter = 'all' | 'ready' | 'notReady';
/**
 * Two lines a row (issue and its parent feature; work type and source; readiness and what else is true of
 * it), so every column fits the app's frame beside Jira's sidebar on a 1024 px laptop: no second scrollbar.
 */
const ROW_HEIGHT = 48;
const GRID = '36px minmax(160px, 1fr) 96px 36px repeat(4, 48px) 60px 120px';

/** The column headers; a short one explains itself in a tooltip. */
const HEADERS: { text: MessageKey; hint?: MessageKey; right?: boolean }[] = [
  { text: 'panel.backlog.header.position', hint: 'panel.backlog.header.positionHint' },
  { text: 'panel.backlog.header.issue' },
  { text: 'panel.backlog.header.type', hint: 'panel.backlog.header.typeHint' },
  { text: 'panel.backlog.header.points', hint: 'panel.backlog.header.pointsHint', right: true },
  ...PART_COLUMNS.map((c) => ({ text: c.short, hint: c.long })),
  { text: 'panel.backlog.header.wsjf', hint: 'panel.backlog.header.wsjfHint', right: true },
  { text: 'panel.backlog.header.readiness', hint: 'panel.backlog.header.readinessHint' },
];

type ParentFilter = 'all' | 'none' | number;

export function BacklogTab({ projectKey, piId, canPlan, accountId, prefetched }: { projectKey: string; piId: string | undefined; canPlan: boolean; accountId?: string; prefetched?: BacklogPrefetch }) {
  const tr = useT();
  const { t, tp, date } = tr;
  const backlog = useLoad(() => prefetched?.take(piId) ?? panelApi('getBacklog', { piId }), [piId]);
  useShownPi(backlog.data?.piChoice, backlog.error);
  const [workType, setWorkType] = useState<number | 'all'>('all');
  const [source, setSource] = useState<SourceCode | 'all'>('all');
  const [readiness, setReadiness] = useState<ReadinessFilter>('all');
  const [search, setSearch] = useState('');
  const [parent, setParent] = useState<ParentFilter>('all');
  const [saving, setSaving] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
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
  if (!data) return <Loading label={t('panel.loadingTheBacklog2')} />;
  if (data.rows.length === 0) {
    return (
      <Empty title={t('panel.theBacklogIsEmpty')}>
        {t('panel.noOpenStoriesInThis')}
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
        setError({ code: 'JIRA_REJECTED', message: failuresText(t, result.outcome.failed) });
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
  const by = baseline ? (accountId && baseline.savedBy === accountId ? t('panel.allocation.you') : messageText(t, baseline.savedByName, baseline.savedByNameI18n)) : null;
  const taken = baseline ? (by ? t('panel.backlog.takenBy', { when: date(baseline.savedAt, { withTime: true }), who: by }) : date(baseline.savedAt, { withTime: true })) : null;
  const parents = data.parents ?? [];
  const shownPiId = data.piChoice?.pi.id ?? piId;

  // The dialogs open as Jira modals over the whole page; one closed without an answer may have written: reload.
  const openRerank = async (): Promise<void> => {
    try {
      const result = await openPanelDialog({ dialog: 'rerank', piId: shownPiId });
      if (result === DIALOG_NOT_OPENED) return;
      if (!result || result.applied) backlog.reload();
    } catch (failure) {
      setError(toAppError(failure));
    }
  };
  const openNormalise = async (): Promise<void> => {
    try {
      const result = await openPanelDialog({ dialog: 'normalise', rows: visible.map((v) => v.row), keyPrefix: data.keyPrefix, piId: shownPiId });
      if (result === DIALOG_NOT_OPENED) return;
      if (!result) backlog.reload();
      else if (result.rescored.length > 0) backlog.setData((current) => (current ? applyRescored(current, result.rescored) : current));
    } catch (failure) {
      setError(toAppError(failure));
    }
  };
  const openRebaseline = async (): Promise<void> => {
    if (!data.pi) return;
    setRebaselined(null);
    try {
      const result = await openPanelDialog({ dialog: 'rebaseline', pi: data.pi, taken, committed: committed.map((r) => [issueKey(r.key, data.keyPrefix), r.summary]) });
      if (result === DIALOG_NOT_OPENED) return;
      if (result?.rebaselined != null) setRebaselined(result.rebaselined);
      if (!result || result.rebaselined !== null) backlog.reload();
    } catch (failure) {
      setError(toAppError(failure));
    }
  };

  // The export holds what the filters show, in this order; its tooltip names the filters.
  const filters = [
    workType !== 'all' ? t('export.filter', { name: t('panel.workType'), value: data.workTypes[workType]?.name ?? '' }) : null,
    source !== 'all' ? t('export.filter', { name: t('panel.source'), value: t(SOURCE_LABELS[source]) }) : null,
    readiness !== 'all' ? t('export.filter', { name: t('panel.readiness'), value: readiness === 'ready' ? t('panel.ready') : t('panel.notReady') }) : null,
    parent !== 'all' ? t('export.filter', { name: t('panel.parentFeature'), value: parent === 'none' ? t('panel.noParentFeature') : (parents[parent]?.[0] ?? '') }) : null,
    search.trim() !== '' ? t('export.filter.search', { words: search.trim() }) : null,
  ].filter((f): f is string => f !== null);
  const exportHint = filters.length === 0
    ? tp('export.backlog.tooltipAll', data.rows.length)
    : t('export.backlog.tooltipFiltered', { shown: visible.length, count: data.rows.length, filters: tr.list(filters) });
  return (
    <div data-testid="backlog-tab">
      <div style={{ display: 'flex', gap: token('space.150'), alignItems: 'flex-end', flexWrap: 'wrap', marginBottom: token('space.150') }}>
        <LabelledSelect id="filter-work-type" label={t('panel.workType')} width={150} value={String(workType)} onChange={(v) => setWorkType(v === 'all' ? 'all' : Number(v))} options={[{ value: 'all', label: t('panel.allWorkTypes') }, ...data.workTypes.map((w, i) => ({ value: String(i), label: w.name }))]} />
        <LabelledSelect id="filter-source" label={t('panel.source')} width={130} value={source} onChange={(v) => setSource(v as SourceCode | 'all')} options={[{ value: 'all', label: t('panel.allSources') }, ...(['p', 'o', 'l'] as const).map((c) => ({ value: c, label: t(SOURCE_LABELS[c]) }))]} />
        <LabelledSelect id="filter-readiness" label={t('panel.readiness')} width={140} value={readiness} onChange={(v) => setReadiness(v as ReadinessFilter)} options={[{ value: 'all', label: t('panel.readyOrNot') }, { value: 'ready', label: t('panel.ready') }, { value: 'notReady', label: t('panel.notReady') }]} />
        {parents.length > 0 ? (
          <LabelledSelect
            id="filter-parent"
            label={t('panel.parentFeature')}
            width={220}
            isSearchable
            value={String(parent)}
            onChange={(v) => setParent(v === 'all' || v === 'none' ? v : Number(v))}
            options={[{ value: 'all', label: t('panel.allParentFeatures') }, { value: 'none', label: t('panel.noParentFeature') }, ...parents.map(([k, summary], i) => ({ value: String(i), label: `${k} ${summary}` }))]}
          />
        ) : null}
        <div style={{ display: 'grid', gap: token('space.050'), width: 200 }}>
          <label htmlFor="backlog-search" style={{ fontSize: 12, fontWeight: 600, color: token('color.text.subtle') }}>{t('panel.searchTheBacklog')}</label>
          <Textfield id="backlog-search" type="search" isCompact placeholder={t('panel.keyOrWordsOfThe')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
        </div>
      </div>
      <div style={{ display: 'flex', gap: token('space.150'), alignItems: 'center', flexWrap: 'wrap', marginBottom: token('space.150') }}>
        <span role="status" data-testid="backlog-counts" style={{ color: token('color.text.subtle'), fontSize: 12 }}>
          {visible.length === data.rows.length ? tp('panel.backlog.items', data.rows.length) : tp('panel.backlog.itemsOf', data.rows.length, { shown: visible.length })} · {t('panel.backlog.ready', { count: ready })}
          {saving ? ` · ${t('panel.backlog.saving', { key: saving })}` : ''}
        </span>
        <div style={{ flex: 1 }} />
        <ExportCsvButton
          testId="export-backlog"
          projectKey={projectKey}
          what="export.file.backlog"
          filtered={filters.length > 0}
          pi={data.pi?.name}
          tooltip={exportHint}
          wholeSummaries
          table={(whole) => backlogTable(tr, data, visible, whole)}
        />
        <Button isDisabled={!canPlan || visible.length === 0} onClick={() => void openNormalise()}>
          {t('panel.normaliseColumn')}
        </Button>
        <Button appearance="primary" isDisabled={!canPlan} onClick={() => void openRerank()}>
          {t('panel.applyOrderToJira')}
        </Button>
      </div>
      {error ? <div style={{ marginBottom: token('space.100') }}><ErrorMessage error={error} onRetry={() => { setError(null); backlog.reload(); }} retryLabel={t('panel.reloadBacklog')} /></div> : null}
      <div style={{ display: 'flex', gap: token('space.100'), alignItems: 'center', flexWrap: 'wrap', margin: `0 0 ${token('space.100')}` }}>
        <p data-testid="committed-order-note" style={{ margin: 0, color: token('color.text.subtle'), fontSize: 12 }}>
          {data.pi && committed.length > 0
            ? taken
              ? t('panel.backlog.orderNotePiTaken', { pi: data.pi.name, taken, scale: data.scale.join(', ') })
              : t('panel.backlog.orderNotePi', { pi: data.pi.name, scale: data.scale.join(', ') })
            : t('panel.backlog.orderNote', { scale: data.scale.join(', ') })}
        </p>
        {data.pi && committed.length > 0 ? (
          <Tooltip content={canPlan ? null : t('panel.onlyPeopleWhoMayPlan')}>
            {(hint) => (
              <Button
                {...hint}
                appearance="subtle"
                spacing="compact"
                isDisabled={!canPlan}
                onClick={() => void openRebaseline()}
              >
                {t('panel.reBaselineCommittedOrder')}
              </Button>
            )}
          </Tooltip>
        ) : null}
        {rebaselined !== null ? (
          <span role="status" style={{ color: token('color.text.success'), fontSize: 12 }}>
            {tp('panel.backlog.rebaselined', rebaselined)}
          </span>
        ) : null}
      </div>
      <div role="table" aria-label={t('panel.teamBacklogInPriorityOrder')} aria-rowcount={visible.length + 1} style={{ border: `1px solid ${token('color.border')}`, borderRadius: 4 }}>
        <div role="row" aria-rowindex={1} style={{ display: 'grid', gridTemplateColumns: GRID, alignItems: 'center', height: 36, borderBottom: `2px solid ${token('color.border')}`, fontWeight: 600, color: token('color.text.subtle'), fontSize: 12 }}>
          {HEADERS.map((h) => (
            <div role="columnheader" key={h.text} style={{ ...cellStyle, textAlign: h.right ? 'right' : undefined }}>
              {h.hint ? <Tooltip content={t(h.hint)}><span>{t(h.text)}</span></Tooltip> : t(h.text)}
            </div>
          ))}
        </div>
        {visible.length === 0 ? (
          <div style={{ padding: token('space.300'), color: token('color.text.subtle') }}>{t('panel.noItemsMatchTheseFilters')}</div>
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
  const { t } = useT();
  const empty = column.part === 'jobSize' && points !== null ? `(${points})` : '–';
  const cell = { key: rowKey, part: column.part };
  // Closed by the keyboard (Escape, Tab) rather than a click elsewhere: the focus comes back to the cell.
  const byKeyboard = useRef(false);
  if (!editing) {
    return (
      <button
        type="button"
        data-score-cell={`${rowKey}:${column.part}`}
        aria-label={t('panel.backlog.editScore', { part: t(column.inline), key: rowKey, value: value === null ? t('panel.notScored') : String(value) })}
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
    <Select {...selectTexts(currentTranslator())}
      inputId={`score-${rowKey}-${column.part}`}
      aria-label={t('panel.backlog.scoreOf', { part: t(column.long), key: rowKey })}
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
  const { t, num } = useT();
  const { row: encoded, position } = visible[index];
  const row = decodeBacklogRow(encoded);
  const key = issueKey(row.key, data.keyPrefix);
  const committed = (row.flags & RowFlag.COMMITTED) !== 0;
  const gaps = gapLabels(t, row.dorGaps);
  // "In sprint" names the sprint.
  const sprint = row.sprint !== null ? data.sprints?.[row.sprint] : undefined;
  const flags = flagLabels(t, row.flags & ~RowFlag.COMMITTED, sprint);
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
            <span style={{ color: token('color.text.subtlest') }}>{t('panel.noParentFeature')}</span>
          )}
        </span>
      </div>
      <div role="cell" style={stackStyle}>
        <span style={lineStyle}>{data.workTypes[row.workType]?.name ?? '?'}</span>
        <span style={subtleLineStyle}>{committed ? <Pill tone="discovery">{t('panel.committed')}</Pill> : t(SOURCE_LABELS[row.source])}</span>
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
        {row.wsjf === null ? <span style={{ color: token('color.text.subtlest'), fontWeight: 400, fontSize: 11 }}>{t('panel.unscored')}</span> : num(row.wsjf, 2)}
      </div>
      <div role="cell" style={stackStyle}>
        <Tooltip content={readiness}>
          <span style={{ ...lineStyle, display: 'grid', gap: 2, justifyItems: 'start' }}>
            {gaps.length === 0 ? <Pill tone="success">{t('panel.ready')}</Pill> : <Pill tone="warning">{gaps[0]}{gaps.length > 1 ? ` +${gaps.length - 1}` : ''}</Pill>}
            {flags[0] ? <Pill>{flags[0]}</Pill> : null}
          </span>
        </Tooltip>
      </div>
    </div>
  );
}
