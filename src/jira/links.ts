/**
 * Which issue link types count as "blocking". Sites name theirs "Blocks", "Blocker", "Dependency",
 * "Depends", "Gantt Dependency"..., and some word it the other way round ("A depends on B": B blocks A).
 * The app guesses from the names and wording unless the PO chose types in Settings.
 */

import type { JiraHttp } from './http';
import { asArray, asRecord, asString } from './json';
import { route } from './route';

export interface LinkTypeInfo {
  id: string;
  name: string;
  inward: string;
  outward: string;
}

/** A link type counted as blocking; `outwardBlocks`: "A <outward> B" means A blocks B (as "Blocks" does). */
export interface BlockingLinkRule {
  name: string;
  outwardBlocks: boolean;
}

/** What Jira's own "Blocks" type says; also what a backlog read before link types were configurable counted. */
export const DEFAULT_BLOCKING_RULES: readonly BlockingLinkRule[] = [{ name: 'Blocks', outwardBlocks: true }];

const NOT_BLOCKING = /relat|clone|duplicat|split|cause|mention|review/i;
/** Outward wording that means the outward issue blocks this one ("depends on", "is blocked by", "comes after"). */
const OUTWARD_REVERSED = /depends|is blocked|requires|needs\b|after\b|follows|successor/i;
const OUTWARD_BLOCKS = /block|prerequisite|before\b|precedes|is needed by|is required by|predecessor/i;
const BLOCKING_NAME = /block|depend|prerequisite|gantt|predecessor|precedence/i;

function outwardBlocks(type: Pick<LinkTypeInfo, 'outward'>): boolean {
  return !OUTWARD_REVERSED.test(type.outward);
}

/** Pure: the site's link types that read as blocking, with which side blocks; the app's default choice. */
export function guessBlockingLinkTypes(types: readonly LinkTypeInfo[]): BlockingLinkRule[] {
  return types
    .filter((t) => !NOT_BLOCKING.test(t.name) && (BLOCKING_NAME.test(t.name) || OUTWARD_BLOCKS.test(t.outward) || OUTWARD_REVERSED.test(t.outward)))
    .map((t) => ({ name: t.name, outwardBlocks: outwardBlocks(t) }));
}

/** The rules in effect: the PO's chosen type names (in the site's wording), or the guess when none are chosen. */
export function blockingRulesFor(types: readonly LinkTypeInfo[], chosen: readonly string[] | undefined): BlockingLinkRule[] {
  if (chosen === undefined) return guessBlockingLinkTypes(types);
  return types.filter((t) => chosen.includes(t.name)).map((t) => ({ name: t.name, outwardBlocks: outwardBlocks(t) }));
}

export async function listLinkTypes(http: JiraHttp): Promise<LinkTypeInfo[]> {
  const body = asRecord(await http.get(route`/rest/api/3/issueLinkType`));
  return asArray(body?.issueLinkTypes).flatMap((raw) => {
    const t = asRecord(raw);
    const name = asString(t?.name);
    return t && name ? [{ id: asString(t.id) ?? name, name, inward: asString(t.inward) ?? '', outward: asString(t.outward) ?? '' }] : [];
  });
}
