/**
 * Links to issues the user cannot see (issue 13, case 12; docs/decisions/hidden-links.md). Jira shows a user no
 * link to an issue they may not browse, so a story another team needs would quietly read as local to them. The
 * app keeps its own record of the team's links to other projects as users who could see them last read them
 * (`LinkCensus`, in the app's storage); a user's read compares it with the links Jira shows them, asks Jira
 * (as that user) which of the missing ones they may see, and counts the rest on the item. Only counts reach the
 * rules and the answers: never a key, project, summary or sprint of a hidden issue.
 */
import type { IssueFacts } from '../domain';
import { visibleIssueKeys, type TeamBacklog } from '../jira';
import type { LinkCensus } from '../storage';
import type { CallContext } from './context';
import { sameJson } from './same-json';

const DAY_MS = 86_400_000;
/** A link nobody who could see its issue has read for this long is forgotten (the issue may have been deleted). */
export const CENSUS_MAX_AGE_MS = 30 * DAY_MS;
/** A link seen again is re-stamped at most this often, so reads do not rewrite the record every time. */
const RESTAMP_MS = DAY_MS;

/**
 * The backlog's issues, each with `hidden` counts where it has open blocking links the user cannot see, and the
 * record brought up to date with what this user sees. Storage trouble never fails the read: the record is then
 * neither read nor written, and nothing is counted.
 */
export async function withHiddenLinks(ctx: CallContext, backlog: Pick<TeamBacklog, 'projectKey' | 'issues'>, programProjects: readonly string[]): Promise<IssueFacts[]> {
  const { projectKey } = backlog;
  const census = await ctx.platform.store.linkCensus(projectKey).catch((): LinkCensus => ({}));
  const now = ctx.platform.now().getTime();
  const stamp = new Date(now).toISOString();
  // Entries are stamped by the reads that saw them, so a census of 10,000 links holds few distinct stamps:
  // each is parsed once per read rather than twice per entry.
  const recentByStamp = new Map<string, boolean>();
  const recent = (seenAt: string): boolean => {
    let known = recentByStamp.get(seenAt);
    if (known === undefined) recentByStamp.set(seenAt, (known = now - Date.parse(seenAt) <= CENSUS_MAX_AGE_MS));
    return known;
  };
  // Links of the record this user is not shown: either hidden from them or removed since.
  const unseen = new Set<string>();
  for (const issue of backlog.issues) {
    const entries = census[issue.key];
    if (!entries) continue;
    const shown = new Set(issue.links.map((l) => l.key));
    for (const e of entries) if (!shown.has(e.key) && recent(e.seenAt)) unseen.add(e.key);
  }
  // As the user: an issue Jira returns is one they may see, so its link was removed; the others are hidden.
  const visible = await visibleIssueKeys(ctx.http, [...unseen]);
  const next: LinkCensus = {};
  const out: IssueFacts[] = [];
  const program = new Set(programProjects);
  for (const issue of backlog.issues) {
    const recorded = census[issue.key];
    // Most issues have no link to another project and no record: nothing to build for them (this runs on every read).
    if (!recorded && !issue.links.some((l) => l.projectKey !== projectKey)) {
      out.push(issue);
      continue;
    }
    const before = new Map((recorded ?? []).map((e) => [e.key, e]));
    const entries: LinkCensus[string] = [];
    for (const link of issue.links) {
      if (link.projectKey === projectKey) continue;
      const known = before.get(link.key);
      const fresh = known && known.direction === link.direction && known.open === (link.statusCategory !== 'done') && now - Date.parse(known.seenAt) < RESTAMP_MS;
      entries.push(fresh ? known : { key: link.key, direction: link.direction, projectKey: link.projectKey, open: link.statusCategory !== 'done', seenAt: stamp });
    }
    const hidden = { dependents: 0, blockers: 0 };
    const shown = new Set(issue.links.map((l) => l.key));
    for (const e of before.values()) {
      if (shown.has(e.key) || !recent(e.seenAt) || visible.has(e.key.toUpperCase())) continue;
      entries.push(e);
      if (!e.open) continue;
      if (e.direction === 'blockedBy') hidden.blockers++;
      else if (e.projectKey !== projectKey && !program.has(e.projectKey)) hidden.dependents++;
    }
    if (entries.length > 0) next[issue.key] = entries;
    out.push(hidden.dependents > 0 || hidden.blockers > 0 ? { ...issue, hidden } : issue);
  }
  if (!sameJson(next, census)) {
    // Reads of several users overlap: another one may have written the record since this read took it. A user
    // who cannot see a link must not erase it, so what this read cannot contradict is kept from the newest record.
    const latest = await ctx.platform.store.linkCensus(projectKey).catch((): LinkCensus => ({}));
    const merged = mergeCensus({ next, read: census, latest, visible, backlog: backlog.issues, recent });
    await ctx.platform.store.putLinkCensus(projectKey, merged).catch(() => undefined);
  }
  return sameAsBefore(backlog.issues, out);
}

interface CensusMerge {
  /** What this read makes of the record it took. */
  next: LinkCensus;
  /** The record as this read took it. */
  read: LinkCensus;
  /** The record as it is now, perhaps written by another user's read meanwhile. */
  latest: LinkCensus;
  /** Keys of unseen links this user may see: links they saw removed. */
  visible: ReadonlySet<string>;
  backlog: readonly Pick<IssueFacts, 'key' | 'links'>[];
  recent: (seenAt: string) => boolean;
}

/**
 * `next`, plus what another read wrote meanwhile that this read cannot contradict: a link this user is not shown
 * and did not see removed (it may be hidden from them), and the entries of issues outside this user's backlog
 * that changed since this read took the record.
 */
function mergeCensus({ next, read, latest, visible, backlog, recent }: CensusMerge): LinkCensus {
  const merged: LinkCensus = { ...next };
  // By key only: the shown links are gathered for the few issues the record names, not for all 10k of a backlog.
  const inBacklog = new Map(backlog.map((issue) => [issue.key, issue]));
  for (const [issueKey, entries] of Object.entries(latest)) {
    const issue = inBacklog.get(issueKey);
    if (!issue) {
      if (JSON.stringify(entries) !== JSON.stringify(read[issueKey])) merged[issueKey] = entries;
      continue;
    }
    const shown = new Set(issue.links.map((l) => l.key));
    const known = new Set((merged[issueKey] ?? []).map((e) => e.key));
    const seenBefore = new Set((read[issueKey] ?? []).map((e) => e.key));
    const kept = entries.filter((e) => !known.has(e.key) && !shown.has(e.key) && recent(e.seenAt) && !(seenBefore.has(e.key) && visible.has(e.key.toUpperCase())));
    if (kept.length > 0) merged[issueKey] = [...(merged[issueKey] ?? []), ...kept];
  }
  return merged;
}

/** The last answer per backlog: the items derived from it are cached by the issues array (team-data.ts). */
const lastAnswer = new WeakMap<readonly IssueFacts[], { signature: string; issues: IssueFacts[] }>();

/** `backlog` itself when nothing is hidden, else the same array as last time when the counts did not change. */
function sameAsBefore(backlog: IssueFacts[], counted: IssueFacts[]): IssueFacts[] {
  const changed = counted.filter((issue, i) => issue !== backlog[i]);
  if (changed.length === 0) return backlog;
  const signature = JSON.stringify(changed.map((i) => [i.key, i.hidden?.dependents, i.hidden?.blockers]));
  const last = lastAnswer.get(backlog);
  if (last && last.signature === signature) return last.issues;
  lastAnswer.set(backlog, { signature, issues: counted });
  return counted;
}
