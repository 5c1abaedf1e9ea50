/**
 * The three tabs' CSV exports as tables: the same rows, order and words as the tab shows (the user's language,
 * the work types as the PO named them), from the data the tab already loaded. Pure, so the unit tests build
 * exactly what the buttons download (docs/decisions/csv-exports.md).
 */
import { decodeBacklogRow, RowFlag, type BacklogDto, type BacklogRow, type BalanceDto, type FillDto, type LeftOutRow } from '../../../src/contracts';
import type { CsvCell, CsvTable } from '../../shared/csv';
import type { Translator } from '../../shared/format';
import { issueKey } from '../../shared/keys';
import { CAPACITY_SOURCE_LABELS, LEFT_OUT_LABELS, SOURCE_LABELS, flagLabels, gapLabels } from '../../shared/labels';
import type { ItemInfo } from './itemInfo';
import { messageText } from '../../shared/errorText';

/** Several reasons in one cell. */
const JOIN = '; ';

/** Whole summaries by full key, where the loaded rows cut them (`getSummaries`); the rest are whole already. */
export type WholeSummaries = ReadonlyMap<string, string>;
const NONE: WholeSummaries = new Map();

/**
 * The Backlog tab's rows as shown: `shown` is what the filters let through, in the shown PI's order, each with
 * its position in the whole backlog (the tab's "#" column).
 */
export function backlogTable(tr: Translator, data: BacklogDto, shown: readonly { row: BacklogRow; position: number }[], whole: WholeSummaries = NONE): CsvTable {
  const { t } = tr;
  const yes = t('export.yes');
  const rows = shown.map(({ row: encoded, position }): CsvCell[] => {
    const row = decodeBacklogRow(encoded);
    const parent = row.parent !== null ? data.parents?.[row.parent] : undefined;
    const sprint = row.sprint !== null ? data.sprints?.[row.sprint] : undefined;
    const gaps = gapLabels(t, row.dorGaps);
    const key = issueKey(row.key, data.keyPrefix);
    return [
      position + 1,
      key,
      whole.get(key) ?? row.summary,
      parent?.[0] ?? null,
      parent ? (whole.get(parent[0]) ?? parent[1]) : null,
      data.workTypes[row.workType]?.name ?? null,
      t(SOURCE_LABELS[row.source]),
      (row.flags & RowFlag.COMMITTED) !== 0 ? yes : null,
      row.points,
      row.businessValue,
      row.timeCriticality,
      row.riskReduction,
      row.jobSize,
      row.wsjf,
      gaps.length === 0 ? t('panel.ready') : t('panel.notReady'),
      gaps.join(JOIN) || null,
      flagLabels(t, row.flags & ~RowFlag.COMMITTED, sprint).join(JOIN) || null,
    ];
  });
  return {
    header: [
      t('export.col.rank'),
      t('export.col.key'),
      t('panel.summary'),
      t('panel.parentFeature'),
      t('export.col.parentSummary'),
      t('panel.workType'),
      t('panel.source'),
      t('panel.committed'),
      t('export.col.points'),
      t('panel.wsjf.bv.long'),
      t('panel.wsjf.tc.long'),
      t('panel.wsjf.rr.long'),
      t('panel.wsjf.size.long'),
      t('panel.backlog.header.wsjf'),
      t('panel.readiness'),
      t('export.col.notReadyBecause'),
      t('export.col.alsoTrue'),
    ],
    rows,
  };
}

/** A left-out item's detail as the Fill tab shows it: the resolver's words, else the readiness gaps. */
export function leftOutDetailText(t: Translator['t'], [, reason, detail, detailI18n]: LeftOutRow, info: ItemInfo | undefined): string {
  if (detail) return messageText(t, detail, detailI18n);
  return reason === 'notReady' ? gapLabels(t, info?.gaps ?? 0).join(', ') : '';
}

/** The PO's adjustments on the Fill tab, which the proposal shown already follows. */
export interface FillAdjustments {
  /** Keys the PO pinned to an iteration. */
  pinned: readonly string[];
  /** Keys the PO took out of this proposal. */
  excluded: readonly string[];
}

/**
 * The Iteration fill tab's plan: per iteration (in order) its planned items in order, then every left-out item
 * with its reason and detail, in the order of the tab's "Left out" table; each with what the tab's "Needs your
 * decision" list says of it (a pin that breaks a rule, late for another team...).
 */
export function fillTable(tr: Translator, data: FillDto, info: ReadonlyMap<string, ItemInfo>, adjustments: FillAdjustments, whole: WholeSummaries = NONE): CsvTable {
  const { t } = tr;
  const yes = t('export.yes');
  const pinned = new Set(adjustments.pinned);
  const key = (ref: LeftOutRow[0]) => issueKey(ref, data.keyPrefix);
  const item = (k: string): CsvCell[] => {
    const about = info.get(k);
    return [k, whole.get(k) ?? about?.summary ?? null, about ? (data.workTypes[about.workType]?.name ?? null) : null, about?.points ?? null, about?.committed ? yes : null];
  };
  const decisions = new Map<string, string[]>();
  for (const [ref, message, i18n] of data.flags) decisions.set(key(ref), [...(decisions.get(key(ref)) ?? []), messageText(t, message, i18n)]);
  const decide = (k: string): CsvCell => decisions.get(k)?.join(JOIN) ?? null;
  const leftOut = t('export.fill.leftOut');
  const rows: CsvCell[][] = [];
  for (const it of data.iterations) {
    for (const ref of it.items) rows.push([it.name, it.start, it.end, it.sprintName, ...item(key(ref)), pinned.has(key(ref)) ? yes : null, null, null, decide(key(ref))]);
  }
  for (const k of adjustments.excluded) rows.push([leftOut, null, null, null, ...item(k), null, t('panel.leftOutByYou'), t('panel.youTookItOutOf'), decide(k)]);
  for (const ref of data.committedExclude) rows.push([leftOut, null, null, null, ...item(key(ref)), null, t('panel.leftOutByYou'), t('panel.youLeftItOutWhen'), decide(key(ref))]);
  for (const row of data.leftOut) {
    const k = key(row[0]);
    rows.push([leftOut, null, null, null, ...item(k), null, t(LEFT_OUT_LABELS[row[1]]), leftOutDetailText(t, row, info.get(k)) || null, decide(k)]);
  }
  return {
    header: [
      t('panel.iteration'),
      t('export.col.start'),
      t('export.col.end'),
      t('export.col.sprint'),
      t('export.col.key'),
      t('panel.summary'),
      t('panel.workType'),
      t('export.col.points'),
      t('panel.committed'),
      t('export.col.pinned'),
      t('panel.reason'),
      t('panel.detail'),
      t('panel.needsYourDecision'),
    ],
    rows,
  };
}

/**
 * The Balance tab's figures per iteration and work type (the allocation it is sliced by, its slice, the points
 * planned in its sprint and done in its dates), then the PI's totals per work type as the tab's table shows them.
 */
export function balanceTable(tr: Translator, data: BalanceDto): CsvTable {
  const { t } = tr;
  const yes = t('export.yes');
  const names = new Map(data.workTypes.map((w) => [w.id, w.name]));
  const rows: CsvCell[][] = [];
  for (const it of data.iterations) {
    for (const w of data.workTypes) {
      rows.push([
        it.name,
        it.start,
        it.end,
        it.closed ? yes : null,
        it.capacity,
        it.buffer,
        t(CAPACITY_SOURCE_LABELS[it.source]),
        w.name,
        it.percents[w.id] ?? 0,
        it.slices[w.id] ?? 0,
        it.planned[w.id] ?? 0,
        it.done[w.id] ?? 0,
      ]);
    }
  }
  const total = t('export.balance.piTotal', { pi: data.pi.name });
  const capacity = data.iterations.reduce((sum, it) => sum + it.capacity, 0);
  const buffer = data.iterations.reduce((sum, it) => sum + it.buffer, 0);
  for (const r of data.rows) {
    rows.push([total, data.pi.start, data.pi.end, null, capacity, buffer, null, names.get(r.workType) ?? r.workType, r.targetPct, r.targetPoints, r.plannedPoints, r.donePoints]);
  }
  return {
    header: [
      t('panel.iteration'),
      t('export.col.start'),
      t('export.col.end'),
      t('export.col.closed'),
      t('panel.capacity'),
      t('export.col.buffer'),
      t('export.col.capacitySource'),
      t('panel.workType'),
      t('panel.target2'),
      t('export.col.targetPoints'),
      t('panel.planned'),
      t('panel.done'),
    ],
    rows,
  };
}
