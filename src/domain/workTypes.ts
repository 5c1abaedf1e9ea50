import { DomainError, ref } from './errors';
import { IssueFacts } from './facts';

export interface WorkTypeDefinition {
  /** Stable id used in allocations and plans, e.g. `techDebt`. */
  id: string;
  /** What the PO sees, e.g. "Tech debt". */
  name: string;
}

/**
 * One classification rule. It matches an issue that has any one of the issue types, labels or components it
 * lists (docs/domain.md): adding a value to a rule only ever widens it. Names compare case-insensitively.
 */
export interface WorkTypeRule {
  workType: string;
  issueTypes?: string[];
  labels?: string[];
  components?: string[];
}

export interface WorkTypeConfig {
  workTypes: WorkTypeDefinition[];
  /** Tried in order, first match wins. */
  rules: WorkTypeRule[];
  /** Work type of an issue no rule matches. */
  defaultWorkType: string;
}

/** The docs/domain.md set: feature, enabler, maintenance, techDebt, improvement. */
export const DEFAULT_WORK_TYPE_CONFIG: WorkTypeConfig = {
  workTypes: [
    { id: 'feature', name: 'Features' },
    { id: 'enabler', name: 'Enablers' },
    { id: 'maintenance', name: 'Maintenance' },
    { id: 'techDebt', name: 'Tech debt' },
    { id: 'improvement', name: 'Improvements' },
  ],
  rules: [
    // Retro outcomes first: a retro story is an improvement whatever its issue type.
    { workType: 'improvement', labels: ['retro', 'retrospective', 'improvement', 'team-improvement'] },
    { workType: 'techDebt', issueTypes: ['Tech Debt', 'Technical Debt', 'Refactor', 'Refactoring'] },
    { workType: 'techDebt', labels: ['tech-debt', 'techdebt', 'technical-debt', 'refactor', 'refactoring', 'upgrade'] },
    { workType: 'enabler', issueTypes: ['Enabler', 'Spike', 'Research'] },
    {
      workType: 'enabler',
      labels: ['enabler', 'spike', 'architecture', 'infrastructure', 'exploration', 'compliance'],
    },
    { workType: 'maintenance', issueTypes: ['Bug', 'Defect', 'Improvement'] },
    { workType: 'maintenance', labels: ['maintenance', 'defect', 'bug', 'enhancement'] },
  ],
  defaultWorkType: 'feature',
};

/** The name the PO gave a work type ("Tech debt"), for messages; its id when the config does not know it. */
export function workTypeName(config: Pick<WorkTypeConfig, 'workTypes'> | undefined, id: string): string {
  return config?.workTypes.find((w) => w.id === id)?.name ?? id;
}

/** Throws a DomainError unless ids are unique and every rule and the default name a defined work type. */
export function validateWorkTypeConfig(config: WorkTypeConfig): void {
  const ids = new Set<string>();
  for (const t of config.workTypes) {
    if (typeof t.id !== 'string' || t.id.trim() === '') {
      throw new DomainError('invalidConfig', 'Every work type needs an id: name it in Settings', ref('domain.workType.noId'));
    }
    if (ids.has(t.id)) throw new DomainError('invalidConfig', `Work type "${t.id}" is defined twice: remove one in Settings`, ref('domain.workType.twice', { id: t.id }));
    ids.add(t.id);
  }
  if (!ids.has(config.defaultWorkType)) {
    throw new DomainError('invalidConfig', `The default work type "${config.defaultWorkType}" is not defined: pick one of ${[...ids].join(', ')}`, ref('domain.workType.noDefault', { id: config.defaultWorkType, ids: [...ids].join(', ') }));
  }
  config.rules.forEach((r, i) => {
    if (!ids.has(r.workType)) {
      throw new DomainError('invalidConfig', `Classification rule #${i + 1} maps to unknown work type "${r.workType}"`, ref('domain.workType.ruleUnknown', { n: i + 1, id: r.workType }));
    }
  });
}

/** The work type of one issue: the first rule that matches, else the default. */
export function classifyWorkType(issue: Pick<IssueFacts, 'issueType' | 'labels' | 'components'>, config: WorkTypeConfig = DEFAULT_WORK_TYPE_CONFIG): string {
  return workTypeClassifier(config)(issue);
}

interface CompiledRule {
  workType: string;
  issueTypes: ReadonlySet<string> | null;
  labels: ReadonlySet<string> | null;
  components: ReadonlySet<string> | null;
}

function lowerSet(values: readonly string[] | undefined): ReadonlySet<string> | null {
  return values && values.length > 0 ? new Set(values.map((v) => v.toLowerCase())) : null;
}

function anyIn(values: readonly string[], wanted: ReadonlySet<string>): boolean {
  return values.some((v) => wanted.has(v.toLowerCase()));
}

/**
 * `classifyWorkType` with the rules prepared once, for classifying a whole backlog (building the rules'
 * sets for every issue was most of what mapping 50k issues allocated).
 */
export function workTypeClassifier(config: WorkTypeConfig = DEFAULT_WORK_TYPE_CONFIG): (issue: Pick<IssueFacts, 'issueType' | 'labels' | 'components'>) => string {
  const rules: CompiledRule[] = config.rules
    .map((rule) => ({ workType: rule.workType, issueTypes: lowerSet(rule.issueTypes), labels: lowerSet(rule.labels), components: lowerSet(rule.components) }))
    // A rule without any condition would swallow everything; treat it as never matching.
    .filter((rule) => rule.issueTypes !== null || rule.labels !== null || rule.components !== null);
  return (issue) => {
    const issueType = issue.issueType.toLowerCase();
    for (const rule of rules) {
      if (rule.issueTypes?.has(issueType) || (rule.labels && anyIn(issue.labels, rule.labels)) || (rule.components && anyIn(issue.components, rule.components))) {
        return rule.workType;
      }
    }
    return config.defaultWorkType;
  };
}
