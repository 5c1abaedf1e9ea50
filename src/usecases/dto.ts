import { hiddenLinksFlag, readyGapTypes, parentClosedFlag, type BacklogItem, type ReadyGapType } from '../domain';
import type { StatusCategory } from '../domain/facts';
import { TAIL_LABEL } from '../jira';
import { DorGap, encodeBacklogRow, RowFlag, SUMMARY_MAX, type BacklogRow, type IssueRef, type IterationRef, type PiChoiceDto, type PiRef, type SourceCode, type StatusCategoryCode, type WorkTypeDto } from '../contracts';
import type { IterationPlan, PiPlan, TeamData } from './team-data';

/** Compact encodings of definitions.ts, in one place so the UI's decoding has one counterpart. */

export function issueRef(key: string, keyPrefix: string): IssueRef {
  const dash = key.lastIndexOf('-');
  if (dash > 0 && key.slice(0, dash) === keyPrefix) {
    const n = Number(key.slice(dash + 1));
    if (Number.isSafeInteger(n) && n > 0 && String(n) === key.slice(dash + 1)) return n;
  }
  return key;
}

export function truncate(summary: string): string {
  if (summary.length <= SUMMARY_MAX) return summary;
  // Cut between characters as a person sees them: never inside an emoji (a surrogate pair, a ZWJ family, a flag).
  let kept = '';
  for (const { segment } of graphemes.segment(summary)) {
    if (kept.length + segment.length > SUMMARY_MAX - 1) break;
    kept += segment;
  }
  return `${kept}…`;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function sourceCode(source: BacklogItem['source']): SourceCode {
  return source === 'program' ? 'p' : source === 'otherTeam' ? 'o' : 'l';
}

export function statusCode(category: StatusCategory): StatusCategoryCode {
  return category === 'new' ? 'n' : category === 'done' ? 'd' : 'i';
}

const GAP_BITS: Record<ReadyGapType, number> = {
  noEstimate: DorGap.NO_ESTIMATE,
  overSplitLimit: DorGap.OVER_SPLIT_LIMIT,
  noAcceptanceCriteria: DorGap.NO_ACCEPTANCE_CRITERIA,
  externalBlocker: DorGap.EXTERNAL_BLOCKER,
  noWsjf: DorGap.NO_WSJF,
};

/** Readiness gaps as the contract's DorGap bits (0 = Ready). */
export function gapBits(gaps: readonly { type: ReadyGapType }[]): number {
  return gaps.reduce((bits, gap) => bits | GAP_BITS[gap.type], 0);
}

export function dorGapBits(data: TeamData, item: BacklogItem): number {
  return readyGapTypes(item, data.readyPolicy, data.iterationCapacity).reduce((bits, type) => bits | GAP_BITS[type], 0);
}

/** Row markers; tail/split candidacy is passed in because the refinement report decides it. */
export function rowFlags(item: BacklogItem, tailCandidates: ReadonlySet<string>, splitCandidates: ReadonlySet<string>): number {
  let flags = 0;
  if (item.committedOrder !== null) flags |= RowFlag.COMMITTED;
  if (item.labels.includes(TAIL_LABEL)) flags |= RowFlag.IN_TAIL;
  else if (tailCandidates.has(item.key)) flags |= RowFlag.TAIL_CANDIDATE;
  if (splitCandidates.has(item.key)) flags |= RowFlag.SPLIT_CANDIDATE;
  if (item.links.some((l) => l.direction === 'blockedBy' && l.statusCategory !== 'done') || (item.hidden?.blockers ?? 0) > 0) flags |= RowFlag.BLOCKED;
  if (hiddenLinksFlag(item) !== null) flags |= RowFlag.HIDDEN_LINK;
  if (item.sprint !== null && item.sprint.state !== 'closed') flags |= RowFlag.IN_SPRINT;
  if (parentClosedFlag(item) !== null) flags |= RowFlag.PARENT_CLOSED;
  return flags;
}

export function round2(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}

/** The side tables backlog rows point into: each parent feature and open sprint listed once, not per row. */
export class RowTables {
  readonly parents: [key: string, summary: string][] = [];
  readonly sprints: string[] = [];
  private readonly parentIndex = new Map<string, number>();
  private readonly sprintIndex = new Map<string, number>();

  parent(item: Pick<BacklogItem, 'parent'>): number | null {
    const p = item.parent;
    if (!p) return null;
    let at = this.parentIndex.get(p.key);
    if (at === undefined) {
      at = this.parents.push([p.key, truncate(p.summary)]) - 1;
      this.parentIndex.set(p.key, at);
    }
    return at;
  }

  sprint(item: Pick<BacklogItem, 'sprint'>): number | null {
    const sp = item.sprint;
    if (!sp || sp.state === 'closed') return null;
    let at = this.sprintIndex.get(sp.name);
    if (at === undefined) {
      at = this.sprints.push(sp.name) - 1;
      this.sprintIndex.set(sp.name, at);
    }
    return at;
  }
}

/** `tables`: where the row's parent and sprint are listed; without it the row carries neither. */
export function backlogRow(
  data: TeamData,
  item: BacklogItem,
  workTypeIndex: ReadonlyMap<string, number>,
  tailCandidates: ReadonlySet<string>,
  splitCandidates: ReadonlySet<string>,
  tables?: RowTables,
): BacklogRow {
  const { businessValue, timeCriticality, riskReduction, jobSize } = item.wsjfParts;
  return encodeBacklogRow({
    key: issueRef(item.key, data.projectKey),
    summary: truncate(item.summary),
    workType: workTypeIndex.get(item.workType) ?? 0,
    source: sourceCode(item.source),
    points: item.points,
    businessValue,
    timeCriticality,
    riskReduction,
    jobSize,
    wsjf: round2(item.wsjf),
    dorGaps: dorGapBits(data, item),
    flags: rowFlags(item, tailCandidates, splitCandidates),
    parent: tables ? tables.parent(item) : null,
    sprint: tables ? tables.sprint(item) : null,
  });
}

export function workTypeIndexOf(workTypes: WorkTypeDto[]): Map<string, number> {
  return new Map(workTypes.map((w, i) => [w.id, i]));
}

/** A PI as the DTOs name it. */
export function piRef(pi: Pick<PiPlan, 'id' | 'name' | 'start' | 'end'>): PiRef {
  return { id: pi.id, name: pi.name, start: pi.start, end: pi.end };
}

/** The PI a tab shows and the ones it can switch to. */
export function piChoice(data: Pick<TeamData, 'pi' | 'pis'>): PiChoiceDto {
  return { pi: piRef(data.pi), pis: data.pis.map(piRef) };
}

/** An iteration as the DTOs name it. */
export function iterationRef(it: IterationPlan): IterationRef {
  return { id: it.id, name: it.name, start: it.start, end: it.end, sprintId: it.sprintId };
}
