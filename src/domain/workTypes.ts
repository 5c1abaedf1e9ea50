import { DomainError } from './errors';
import { IssueFacts } from './facts';

export interface WorkTypeDefinition {
  /** Stable id used in allocations and plans, e.g. `techDebt`. */
  id: string;
  /** What the PO sees, e.g. "Tech debt". */
  name: string;
}

/**
 * One classification rule. Each listed condition must hold (issue type is one of `issueTypes`, the issue
 * carries one of `labels`, one of `components`); conditions left out do not constrain. Names compare
 * case-insensitively.
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

/** The DOMAIN.md set: feature, enabler, maintenance, techDebt, improvement. */
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

/** Throws a DomainError unless ids are unique and every rule and the default name a defined work type. */
export function validateWorkTypeConfig(config: WorkTypeConfig): void {
  const ids = new Set<string>();
  for (const t of config.workTypes) {
    if (typeof t.id !== 'string' || t.id.trim() === '') {
      throw new DomainError('invalidConfig', 'Every work type needs an id: name it in Settings');
    }
    if (ids.has(t.id)) throw new DomainError('invalidConfig', `Work type "${t.id}" is defined twice: remove one in Settings`);
    ids.add(t.id);
  }
  if (!ids.has(config.defaultWorkType)) {
    throw new DomainError('invalidConfig', `The default work type "${config.defaultWorkType}" is not defined: pick one of ${[...ids].join(', ')}`);
  }
  config.rules.forEach((r, i) => {
    if (!ids.has(r.workType)) {
      throw new DomainError('invalidConfig', `Classification rule #${i + 1} maps to unknown work type "${r.workType}"`);
    }
  });
}

/** The work type of one issue: the first rule that matches, else the default. */
export function classifyWorkType(issue: Pick<IssueFacts, 'issueType' | 'labels' | 'components'>, config: WorkTypeConfig = DEFAULT_WORK_TYPE_CONFIG): string {
  const issueType = issue.issueType.toLowerCase();
  const labels = new Set(issue.labels.map((l) => l.toLowerCase()));
  const components = new Set(issue.components.map((c) => c.toLowerCase()));
  for (const rule of config.rules) {
    const conditions = [rule.issueTypes, rule.labels, rule.components].filter((c) => c !== undefined && c.length > 0);
    // A rule without any condition would swallow everything; treat it as never matching.
    if (conditions.length === 0) continue;
    if (rule.issueTypes?.length && !rule.issueTypes.some((t) => t.toLowerCase() === issueType)) continue;
    if (rule.labels?.length && !rule.labels.some((l) => labels.has(l.toLowerCase()))) continue;
    if (rule.components?.length && !rule.components.some((c) => components.has(c.toLowerCase()))) continue;
    return rule.workType;
  }
  return config.defaultWorkType;
}
