/**
 * Where in the settings a refused value sits, in the words of the settings page: "Iteration 5 of PI 3
 * (PI 27.5)", "Work type "Tech debt"", "Split above (share of capacity)", never a property path
 * ("pis › #3 › iterations › #5 › end"). Names come from the settings being saved, so the PO recognises them.
 */

type Path = readonly PropertyKey[];

/** What the page calls each settings field (the labels of static/settings and static/admin). */
const FIELD_WORDS: Record<string, string> = {
  name: 'the name',
  start: 'the start date',
  end: 'the end date',
  sprintId: 'the sprint',
  manualCapacity: 'the manual capacity',
  absenceDays: 'the absence days',
  id: 'the id',
  fte: 'the FTE',
  workType: 'the work type',
  issueTypes: 'the issue types',
  labels: 'the labels',
  components: 'the components',
};

const TOP_LEVEL: Record<string, string> = {
  programProjects: 'Program projects',
  defaultWorkType: 'Default work type',
  defaultAllocation: 'Default allocation',
  flowUnusedSlice: 'Let unused slice capacity flow',
  staleDays: 'Stale after (days)',
  planIterations: 'Iterations to plan',
  boardId: 'Board',
  members: 'Members',
  blockingLinkTypes: 'Blocking links',
  droppedResolutions: 'Dropped work',
  wsjfOptionScores: 'WSJF select options',
  timeZone: 'Time zone',
  workTypes: 'Work types',
  workTypeRules: 'Work-type rules',
  pis: 'PI calendar',
};

const NESTED: Record<string, Record<string, string>> = {
  splitLimit: { fractionOfCapacity: 'Split above (share of capacity)', maxPoints: 'Split above (points)' },
  fieldOverrides: {
    storyPoints: 'Story points override',
    businessValue: 'Business value override',
    timeCriticality: 'Time criticality override',
    riskReduction: 'Risk reduction / opportunity enablement override',
    jobSize: 'Job size override',
    acceptanceCriteria: 'Acceptance criteria override',
  },
  editors: { groups: 'Editor groups', roles: 'Editor roles' },
  dor: {
    requireEstimate: 'Definition of Ready: estimated',
    requireWithinSplitLimit: 'Definition of Ready: within the split limit',
    requireAcceptanceCriteria: 'Definition of Ready: acceptance criteria',
    requireNoExternalBlocker: 'Definition of Ready: no open blocker of another team',
    requireWsjfForLocal: 'Definition of Ready: WSJF scored (local stories)',
  },
};

function at(value: unknown, key: PropertyKey): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return (value as Record<PropertyKey, unknown>)[key];
}

/** A value quoted in a message, cut short: a hostile payload must not make the message huge. */
function short(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 40 ? `${trimmed.slice(0, 39)}…` : trimmed;
}

function nameOf(value: unknown): string | null {
  const name = at(value, 'name');
  return typeof name === 'string' && name.trim() !== '' ? short(name) : null;
}

/** A work type by its name in the settings being saved, else by its id. */
function workTypeName(settings: unknown, id: string): string {
  const types = at(settings, 'workTypes');
  const found = Array.isArray(types) ? types.find((w) => at(w, 'id') === id) : undefined;
  return nameOf(found) ?? short(id);
}

export interface SettingsPlace {
  /** Where, as the page names it: "Iteration 5 of PI 3 (PI 27.5)". */
  where: string;
  /** The field there, when it is a part of that place: "the end date". */
  field: string | null;
}

/**
 * The place of `path` (below `settings` or `defaults`) in `settings` as the page shows it, or null when the path is
 * not one of the settings.
 */
export function settingsPlace(path: Path, settings: unknown): SettingsPlace | null {
  const [top, ...rest] = path;
  if (typeof top !== 'string') return null;
  const field = (part: PropertyKey | undefined): string | null => (part === undefined ? null : FIELD_WORDS[String(part)] ?? null);
  if (top === 'pis' && typeof rest[0] === 'number') {
    const pi = at(at(settings, 'pis'), rest[0]);
    const piName = nameOf(pi);
    if (rest[1] === 'iterations' && typeof rest[2] === 'number') {
      const it = at(at(pi, 'iterations'), rest[2]);
      const itName = nameOf(it);
      const where = `Iteration ${rest[2] + 1} of PI ${rest[0] + 1}${itName ? ` (${itName})` : ''}`;
      if (rest[3] === 'daysOffByMember' && typeof rest[4] === 'string') return { where, field: `${short(rest[4])}'s days off` };
      return { where, field: field(rest[3]) };
    }
    return { where: `PI ${rest[0] + 1}${piName ? ` (${piName})` : ''}`, field: field(rest[1]) };
  }
  if (top === 'workTypes' && typeof rest[0] === 'number') {
    const name = nameOf(at(at(settings, 'workTypes'), rest[0]));
    return { where: name ? `Work type "${name}"` : `Work type ${rest[0] + 1}`, field: field(rest[1]) };
  }
  if (top === 'workTypeRules' && typeof rest[0] === 'number') {
    const type = at(at(at(settings, 'workTypeRules'), rest[0]), 'workType');
    return { where: `Rule ${rest[0] + 1}${typeof type === 'string' ? ` (for ${workTypeName(settings, type)})` : ''}`, field: field(rest[1]) };
  }
  if (top === 'defaultAllocation' && typeof rest[0] === 'string') return { where: `Default allocation of ${workTypeName(settings, rest[0])}`, field: null };
  if (top === 'members' && typeof rest[0] === 'number') {
    const name = nameOf(at(at(settings, 'members'), rest[0]));
    return { where: `Team member ${rest[0] + 1}${name ? ` (${name})` : ''}`, field: field(rest[1]) };
  }
  if ((top === 'programProjects' || top === 'blockingLinkTypes' || top === 'droppedResolutions') && typeof rest[0] === 'number') {
    const value = at(at(settings, top), rest[0]);
    return { where: `${TOP_LEVEL[top]}: "${typeof value === 'string' ? short(value) : rest[0] + 1}"`, field: null };
  }
  if (top === 'wsjfOptionScores' && typeof rest[0] === 'string') {
    return { where: `WSJF select options of ${short(rest[0])}${typeof rest[1] === 'string' ? `, option "${short(rest[1])}"` : ''}`, field: null };
  }
  const nested = NESTED[top];
  if (nested) {
    const key = rest[0];
    const label = typeof key === 'string' ? nested[key] : undefined;
    if (label && top === 'editors' && typeof rest[1] === 'number') {
      const value = at(at(at(settings, 'editors'), key as string), rest[1]);
      return { where: `${label}: "${typeof value === 'string' ? short(value) : rest[1] + 1}"`, field: null };
    }
    if (label) return { where: label, field: null };
  }
  const label = TOP_LEVEL[top];
  return label ? { where: label, field: null } : null;
}
