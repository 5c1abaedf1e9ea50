/**
 * Where in the settings a refused value sits, in the words of the settings page: "Iteration 5 of PI 3
 * (PI 27.5)", "Work type "Tech debt"", "Split above (share of capacity)", never a property path
 * ("pis › #3 › iterations › #5 › end"). Names come from the settings being saved, so the PO recognises them.
 */

import type { I18nMessage, MessageKey } from '../contracts';
import { message } from '../contracts/messages';

type Path = readonly PropertyKey[];

/** What the page calls each settings field (the labels of static/settings and static/admin). */
const FIELD_WORDS: Record<string, MessageKey> = {
  name: 'settings.place.field.name',
  start: 'settings.place.field.start',
  end: 'settings.place.field.end',
  sprintId: 'settings.place.field.sprintId',
  manualCapacity: 'settings.place.field.manualCapacity',
  absenceDays: 'settings.place.field.absenceDays',
  id: 'settings.place.field.id',
  fte: 'settings.place.field.fte',
  workType: 'settings.place.field.workType',
  issueTypes: 'settings.place.field.issueTypes',
  labels: 'settings.place.field.labels',
  components: 'settings.place.field.components',
};

const TOP_LEVEL: Record<string, MessageKey> = {
  programProjects: 'settings.place.programProjects',
  defaultWorkType: 'settings.place.defaultWorkType',
  defaultAllocation: 'settings.place.defaultAllocation',
  flowUnusedSlice: 'settings.place.flowUnusedSlice',
  staleDays: 'settings.place.staleDays',
  planIterations: 'settings.place.planIterations',
  boardId: 'settings.place.boardId',
  members: 'settings.place.members',
  blockingLinkTypes: 'settings.place.blockingLinkTypes',
  droppedResolutions: 'settings.place.droppedResolutions',
  wsjfOptionScores: 'settings.place.wsjfOptionScores',
  timeZone: 'settings.place.timeZone',
  workTypes: 'settings.place.workTypes',
  workTypeRules: 'settings.place.workTypeRules',
  pis: 'settings.place.pis',
};

const NESTED: Record<string, Record<string, MessageKey>> = {
  splitLimit: { fractionOfCapacity: 'settings.place.splitLimit.fractionOfCapacity', maxPoints: 'settings.place.splitLimit.maxPoints' },
  fieldOverrides: {
    storyPoints: 'settings.place.override.storyPoints',
    businessValue: 'settings.place.override.businessValue',
    timeCriticality: 'settings.place.override.timeCriticality',
    riskReduction: 'settings.place.override.riskReduction',
    jobSize: 'settings.place.override.jobSize',
    acceptanceCriteria: 'settings.place.override.acceptanceCriteria',
  },
  editors: { groups: 'settings.place.editors.groups', roles: 'settings.place.editors.roles' },
  dor: {
    requireEstimate: 'settings.place.dor.requireEstimate',
    requireWithinSplitLimit: 'settings.place.dor.requireWithinSplitLimit',
    requireAcceptanceCriteria: 'settings.place.dor.requireAcceptanceCriteria',
    requireNoExternalBlocker: 'settings.place.dor.requireNoExternalBlocker',
    requireWsjfForLocal: 'settings.place.dor.requireWsjfForLocal',
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
  /** Where, as the page names it: "Iteration 5 of PI 3 (PI 27.5)", by catalog key. */
  where: I18nMessage;
  /** The field there, when it is a part of that place: "the end date". */
  field: I18nMessage | null;
}

/** A listed value ("Program projects: "ARTX""), by its value or else its position. */
function listed(list: MessageKey, value: unknown, index: number): I18nMessage {
  return message('settings.place.listValue', { list: message(list), value: typeof value === 'string' ? short(value) : String(index + 1) });
}

/**
 * The place of `path` (below `settings` or `defaults`) in `settings` as the page shows it, or null when the path is
 * not one of the settings.
 */
export function settingsPlace(path: Path, settings: unknown): SettingsPlace | null {
  const [top, ...rest] = path;
  if (typeof top !== 'string') return null;
  const field = (part: PropertyKey | undefined): I18nMessage | null => {
    const key = part === undefined ? undefined : FIELD_WORDS[String(part)];
    return key ? message(key) : null;
  };
  if (top === 'pis' && typeof rest[0] === 'number') {
    const pi = at(at(settings, 'pis'), rest[0]);
    const piName = nameOf(pi);
    if (rest[1] === 'iterations' && typeof rest[2] === 'number') {
      const itName = nameOf(at(at(pi, 'iterations'), rest[2]));
      const numbers = { n: rest[2] + 1, pi: rest[0] + 1 };
      const where = itName ? message('settings.place.iterationNamed', { ...numbers, name: itName }) : message('settings.place.iteration', numbers);
      if (rest[3] === 'daysOffByMember' && typeof rest[4] === 'string') return { where, field: message('settings.place.field.daysOffOf', { member: short(rest[4]) }) };
      return { where, field: field(rest[3]) };
    }
    return { where: piName ? message('settings.place.piNamed', { n: rest[0] + 1, name: piName }) : message('settings.place.pi', { n: rest[0] + 1 }), field: field(rest[1]) };
  }
  if (top === 'workTypes' && typeof rest[0] === 'number') {
    const name = nameOf(at(at(settings, 'workTypes'), rest[0]));
    return { where: name ? message('settings.place.workTypeNamed', { name }) : message('settings.place.workType', { n: rest[0] + 1 }), field: field(rest[1]) };
  }
  if (top === 'workTypeRules' && typeof rest[0] === 'number') {
    const type = at(at(at(settings, 'workTypeRules'), rest[0]), 'workType');
    const where = typeof type === 'string' ? message('settings.place.ruleFor', { n: rest[0] + 1, type: workTypeName(settings, type) }) : message('settings.place.rule', { n: rest[0] + 1 });
    return { where, field: field(rest[1]) };
  }
  if (top === 'defaultAllocation' && typeof rest[0] === 'string') return { where: message('settings.place.defaultAllocationOf', { type: workTypeName(settings, rest[0]) }), field: null };
  if (top === 'members' && typeof rest[0] === 'number') {
    const name = nameOf(at(at(settings, 'members'), rest[0]));
    return { where: name ? message('settings.place.memberNamed', { n: rest[0] + 1, name }) : message('settings.place.member', { n: rest[0] + 1 }), field: field(rest[1]) };
  }
  if ((top === 'programProjects' || top === 'blockingLinkTypes' || top === 'droppedResolutions') && typeof rest[0] === 'number') {
    return { where: listed(TOP_LEVEL[top] as MessageKey, at(at(settings, top), rest[0]), rest[0]), field: null };
  }
  if (top === 'wsjfOptionScores' && typeof rest[0] === 'string') {
    const where =
      typeof rest[1] === 'string'
        ? message('settings.place.wsjfOption', { field: short(rest[0]), option: short(rest[1]) })
        : message('settings.place.wsjfOptions', { field: short(rest[0]) });
    return { where, field: null };
  }
  const nested = NESTED[top];
  if (nested) {
    const key = rest[0];
    const label = typeof key === 'string' ? nested[key] : undefined;
    if (label && top === 'editors' && typeof rest[1] === 'number') {
      return { where: listed(label, at(at(at(settings, 'editors'), key as string), rest[1]), rest[1]), field: null };
    }
    if (label) return { where: message(label), field: null };
  }
  const label = TOP_LEVEL[top];
  return label ? { where: message(label), field: null } : null;
}
