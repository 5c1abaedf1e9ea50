import { z } from 'zod';
import type { ProjectSettings, SiteDefaults, WorkTypeDto, WorkTypeRule } from '../resolvers/definitions';

/**
 * Settings: their schema (shared by storage reads and the settings resolvers' validation) and defaults.
 * A project's effective settings are its own saved settings, or, until it saves any, the site defaults
 * (admin page) with empty project-only parts.
 */

export const DEFAULT_WORK_TYPES: WorkTypeDto[] = [
  { id: 'feature', name: 'Feature' },
  { id: 'enabler', name: 'Enabler' },
  { id: 'maintenance', name: 'Maintenance' },
  { id: 'techDebt', name: 'Tech debt' },
  { id: 'improvement', name: 'Improvement' },
];

const rule = (workType: string, parts: Partial<Omit<WorkTypeRule, 'workType'>>): WorkTypeRule => ({
  workType,
  issueTypes: parts.issueTypes ?? [],
  labels: parts.labels ?? [],
  components: parts.components ?? [],
});

/** First match wins, so label rules come before the broad issue-type rules. */
export const DEFAULT_WORK_TYPE_RULES: WorkTypeRule[] = [
  rule('techDebt', { labels: ['tech-debt', 'techdebt', 'refactor', 'upgrade'] }),
  rule('improvement', { labels: ['retro', 'retrospective', 'improvement'] }),
  rule('enabler', { labels: ['enabler', 'architecture', 'infrastructure', 'spike', 'exploration', 'compliance'] }),
  rule('enabler', { issueTypes: ['Enabler', 'Spike'] }),
  rule('maintenance', { issueTypes: ['Bug', 'Defect'] }),
  rule('maintenance', { labels: ['maintenance', 'enhancement'] }),
  rule('feature', { issueTypes: ['Story'] }),
];

export function defaultSiteDefaults(): SiteDefaults {
  return {
    programProjects: [],
    fieldOverrides: {
      storyPoints: null,
      businessValue: null,
      timeCriticality: null,
      riskReduction: null,
      jobSize: null,
      acceptanceCriteria: null,
    },
    workTypes: DEFAULT_WORK_TYPES.map((w) => ({ ...w })),
    workTypeRules: DEFAULT_WORK_TYPE_RULES.map((r) => ({ ...r })),
    defaultWorkType: 'feature',
    defaultAllocation: { feature: 60, enabler: 15, maintenance: 10, techDebt: 10, improvement: 5 },
    flowUnusedSlice: false,
    dor: {
      requireEstimate: true,
      requireWithinSplitLimit: true,
      requireAcceptanceCriteria: true,
      requireNoExternalBlocker: true,
      requireWsjfForLocal: true,
    },
    splitLimit: { fractionOfCapacity: 0.5, maxPoints: null },
    staleDays: 180,
    planIterations: 2,
    editors: { roles: [], groups: [] },
  };
}

/** A project's settings before it saved any: the site defaults plus empty project-only parts. */
export function projectSettingsFromDefaults(defaults: SiteDefaults): ProjectSettings {
  return { ...structuredClone(defaults), boardId: null, pis: [], members: [] };
}

// ---------------------------------------------------------------------------------------------------------
// Schema. Ids that end up in storage keys or JQL are restricted to safe characters here.

export const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,49}$/;
export const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const shortText = (max: number) => z.string().trim().min(1).max(max);
const name = shortText(120);
const safeId = z.string().regex(SAFE_ID, 'Use 1-64 letters, digits, dots, dashes or underscores');
const isoDate = z.string().regex(ISO_DATE, 'Use a date like 2026-01-31');
const fieldId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'Not a Jira field id (e.g. customfield_10016)').nullable();
const percent = z.number().int('Use whole percentages').min(0).max(100);

const workTypeSchema = z.object({ id: safeId, name }).strict();
const ruleSchema = z
  .object({
    workType: safeId,
    issueTypes: z.array(name).max(50),
    labels: z.array(name).max(50),
    components: z.array(name).max(50),
  })
  .strict();

const iterationSchema = z
  .object({
    id: safeId,
    name,
    start: isoDate,
    end: isoDate,
    sprintId: z.number().int().positive().nullable(),
    manualCapacity: z.number().min(0).max(10000).nullable(),
    absenceDays: z.number().min(0).max(10000),
    // Added later: settings saved before it have none (no one's days off known per member).
    daysOffByMember: z.record(name, z.number().min(0).max(10000)).optional(),
  })
  .strict()
  .refine((it) => it.start <= it.end, { message: 'An iteration must end on or after its start', path: ['end'] });

const piSchema = z
  .object({ id: safeId, name, start: isoDate, end: isoDate, iterations: z.array(iterationSchema).min(1).max(20) })
  .strict()
  .refine((pi) => pi.start <= pi.end, { message: 'A PI must end on or after its start', path: ['end'] });

const commonShape = {
  programProjects: z.array(z.string().regex(PROJECT_KEY, 'Not a Jira project key (e.g. ART)')).max(50),
  fieldOverrides: z
    .object({
      storyPoints: fieldId,
      businessValue: fieldId,
      timeCriticality: fieldId,
      riskReduction: fieldId,
      jobSize: fieldId,
      acceptanceCriteria: fieldId,
    })
    .strict(),
  workTypes: z.array(workTypeSchema).min(1).max(20),
  workTypeRules: z.array(ruleSchema).max(100),
  defaultWorkType: safeId,
  defaultAllocation: z.record(safeId, percent),
  flowUnusedSlice: z.boolean(),
  dor: z
    .object({
      requireEstimate: z.boolean(),
      requireWithinSplitLimit: z.boolean(),
      requireAcceptanceCriteria: z.boolean(),
      requireNoExternalBlocker: z.boolean(),
      requireWsjfForLocal: z.boolean(),
    })
    .strict(),
  splitLimit: z
    .object({ fractionOfCapacity: z.number().gt(0).max(1), maxPoints: z.number().positive().max(1000).nullable() })
    .strict(),
  staleDays: z.number().int().min(1).max(3650),
  planIterations: z.number().int().min(1).max(6),
  editors: z.object({ roles: z.array(name).max(20), groups: z.array(name).max(20) }).strict(),
};

type CommonSettings = Pick<ProjectSettings, keyof typeof commonShape>;

/** Cross-field rules: work type ids unique and known everywhere, default allocation sums to 100. */
function checkConsistency(s: CommonSettings, ctx: z.RefinementCtx): void {
  const ids = new Set<string>();
  s.workTypes.forEach((w, i) => {
    if (ids.has(w.id)) ctx.addIssue({ code: 'custom', message: `Work type "${w.id}" appears twice`, path: ['workTypes', i, 'id'] });
    ids.add(w.id);
  });
  if (!ids.has(s.defaultWorkType)) {
    ctx.addIssue({ code: 'custom', message: 'The default work type must be one of the work types', path: ['defaultWorkType'] });
  }
  s.workTypeRules.forEach((r, i) => {
    if (!ids.has(r.workType)) ctx.addIssue({ code: 'custom', message: `Unknown work type "${r.workType}"`, path: ['workTypeRules', i, 'workType'] });
  });
  for (const key of Object.keys(s.defaultAllocation)) {
    if (!ids.has(key)) ctx.addIssue({ code: 'custom', message: `Unknown work type "${key}"`, path: ['defaultAllocation', key] });
  }
  const total = Object.values(s.defaultAllocation).reduce((a, b) => a + b, 0);
  if (total !== 100) {
    ctx.addIssue({ code: 'custom', message: `The default allocation adds up to ${total}%: it must be exactly 100%`, path: ['defaultAllocation'] });
  }
}

export const siteDefaultsSchema = z.object(commonShape).strict().superRefine(checkConsistency);

export const projectSettingsSchema = z
  .object({
    ...commonShape,
    boardId: z.number().int().positive().nullable(),
    pis: z.array(piSchema).max(40),
    members: z.array(z.object({ name, fte: z.number().min(0).max(1) }).strict()).max(100),
  })
  .strict()
  .superRefine((s, ctx) => {
    checkConsistency(s, ctx);
    const piIds = new Set<string>();
    const iterationIds = new Set<string>();
    s.pis.forEach((pi, i) => {
      if (piIds.has(pi.id)) ctx.addIssue({ code: 'custom', message: `PI "${pi.id}" appears twice`, path: ['pis', i, 'id'] });
      piIds.add(pi.id);
      pi.iterations.forEach((it, j) => {
        if (iterationIds.has(it.id)) {
          ctx.addIssue({ code: 'custom', message: `Iteration "${it.id}" appears twice`, path: ['pis', i, 'iterations', j, 'id'] });
        }
        iterationIds.add(it.id);
        for (const member of Object.keys(it.daysOffByMember ?? {})) {
          if (!s.members.some((m) => m.name === member)) {
            ctx.addIssue({ code: 'custom', message: `Days off for "${member}", who is not a team member: add them or fix the name`, path: ['pis', i, 'iterations', j, 'daysOffByMember', member] });
          }
        }
      });
    });
  });
