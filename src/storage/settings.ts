import { z } from 'zod';
import { englishText, said } from '../contracts/messages';
import { DEFAULT_WORK_TYPE_CONFIG } from '../domain/workTypes';
import { FIBONACCI_SCALE } from '../domain/wsjf';
import { isKnownTimeZone } from '../domain/calendar';

/**
 * Settings as stored: their schema (shared by storage reads and the settings payloads' validation), the types
 * read from it (`z.infer`, so the schema and the type cannot drift), and the defaults. The settings page
 * edits this very shape, so the UI contract (`src/contracts`) re-exports these types.
 * A project's effective settings are its own saved settings, or, until it saves any, the site defaults
 * (admin page) with empty project-only parts.
 */

// ---------------------------------------------------------------------------------------------------------
// Schema. Ids that end up in storage keys or JQL are restricted to safe characters here.

export const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,49}$/;
export const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const shortText = (max: number) => z.string().trim().min(1).max(max);
const name = shortText(120);
const safeId = z.string().regex(SAFE_ID, englishText('validation.safeId'));
const isoDate = z.string().regex(ISO_DATE, englishText('validation.isoDate'));
const fieldId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, englishText('validation.fieldIdExample')).nullable();
const fibonacci = z.number().refine((n) => FIBONACCI_SCALE.includes(n), said('validation.wsjfScale', { scale: FIBONACCI_SCALE.join(', ') }));
/** Per select-list WSJF field, the number each named option stands for ("High" = 8). */
const optionScoresSchema = z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, englishText('validation.fieldId')), z.record(z.string().min(1).max(255), fibonacci));
const percent = z.number().int(englishText('validation.wholePercent')).min(0).max(100);

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
    /** The Jira sprint (set when the sprint exists). */
    sprintId: z.number().int().positive().nullable(),
    /** The PO's manual capacity in points; null = derive (velocity, else normalized). */
    manualCapacity: z.number().min(0).max(10000).nullable(),
    /** Member-days of absence/holidays in this iteration not put on anyone (for the normalized estimate). */
    absenceDays: z.number().min(0).max(10000),
    /**
     * Days off per team member (by name) in this iteration: each member's capacity is floored at 0 (docs/domain.md),
     * so one member's long leave does not eat the others' capacity. Absent in settings saved before it.
     */
    daysOffByMember: z.record(name, z.number().min(0).max(10000)).optional(),
  })
  .strict()
  .refine((it) => it.start <= it.end, { ...said('validation.endBeforeStart'), path: ['end'] });

const piSchema = z
  .object({ id: safeId, name, start: isoDate, end: isoDate, iterations: z.array(iterationSchema).min(1).max(20) })
  .strict()
  .refine((pi) => pi.start <= pi.end, { ...said('validation.endBeforeStart'), path: ['end'] });

const fieldOverridesSchema = z
  .object({
    storyPoints: fieldId,
    businessValue: fieldId,
    timeCriticality: fieldId,
    riskReduction: fieldId,
    jobSize: fieldId,
    acceptanceCriteria: fieldId,
  })
  .strict();

const dorSchema = z
  .object({
    requireEstimate: z.boolean(),
    requireWithinSplitLimit: z.boolean(),
    requireAcceptanceCriteria: z.boolean(),
    requireNoExternalBlocker: z.boolean(),
    requireWsjfForLocal: z.boolean(),
  })
  .strict();

const commonShape = {
  programProjects: z.array(z.string().regex(PROJECT_KEY, englishText('validation.projectKeyExample'))).max(50),
  fieldOverrides: fieldOverridesSchema,
  workTypes: z.array(workTypeSchema).min(1).max(20),
  workTypeRules: z.array(ruleSchema).max(100),
  defaultWorkType: safeId,
  /** Default allocation for a PI nobody saved yet (percent per work type id, sums to 100). */
  defaultAllocation: z.record(safeId, percent),
  /** Let unused slice capacity flow to other work types in the fill. */
  flowUnusedSlice: z.boolean(),
  dor: dorSchema,
  splitLimit: z
    .object({ fractionOfCapacity: z.number().gt(0).max(1), maxPoints: z.number().positive().max(1000).nullable() })
    .strict(),
  staleDays: z.number().int().min(1).max(3650),
  planIterations: z.number().int().min(1).max(6),
  /** Besides project admins, who may plan and configure: Jira project role names and group names. */
  editors: z.object({ roles: z.array(name).max(20), groups: z.array(name).max(20) }).strict(),
};

type CommonSettings = z.infer<z.ZodObject<typeof commonShape>>;

const WSJF_NAMES = { businessValue: 'panel.wsjf.bv.inline', timeCriticality: 'panel.wsjf.tc.inline', riskReduction: 'panel.wsjf.rr.inline', jobSize: 'panel.wsjf.size.inline' } as const;

/**
 * Refuses a save that maps two WSJF components to one field (they would always score alike). Checked on saves
 * only, not on reads: settings stored before this rule stay readable.
 */
export function refuseSharedWsjfFields(overrides: FieldOverrides, ctx: z.RefinementCtx, at: readonly PropertyKey[]): void {
  const wsjf = (['businessValue', 'timeCriticality', 'riskReduction', 'jobSize'] as const).filter((role) => overrides[role]);
  for (const [i, role] of wsjf.entries()) {
    const first = wsjf.slice(0, i).find((other) => overrides[other] === overrides[role]);
    if (first) {
      ctx.addIssue({ code: 'custom', ...said('validation.sharedWsjfField', { other: { key: WSJF_NAMES[first] } }), path: [...at, 'fieldOverrides', role] });
    }
  }
}

/** Cross-field rules: work type ids unique and known everywhere, default allocation sums to 100. */
function checkConsistency(s: CommonSettings, ctx: z.RefinementCtx): void {
  const ids = new Set<string>();
  s.workTypes.forEach((w, i) => {
    if (ids.has(w.id)) ctx.addIssue({ code: 'custom', ...said('validation.workTypeIdTwice', { id: w.id }), path: ['workTypes', i, 'id'] });
    ids.add(w.id);
  });
  if (!ids.has(s.defaultWorkType)) {
    ctx.addIssue({ code: 'custom', ...said('validation.oneOfWorkTypes'), path: ['defaultWorkType'] });
  }
  s.workTypeRules.forEach((r, i) => {
    if (!ids.has(r.workType)) ctx.addIssue({ code: 'custom', ...said('validation.ruleWorkType', { id: r.workType }), path: ['workTypeRules', i, 'workType'] });
  });
  for (const key of Object.keys(s.defaultAllocation)) {
    if (!ids.has(key)) ctx.addIssue({ code: 'custom', ...said('validation.shareOfGoneType'), path: ['defaultAllocation', key] });
  }
  const total = Object.values(s.defaultAllocation).reduce((a, b) => a + b, 0);
  if (total !== 100) {
    ctx.addIssue({ code: 'custom', ...said('validation.addsUpTo', { total }), path: ['defaultAllocation'] });
  }
}

export const siteDefaultsSchema = z.object(commonShape).strict().superRefine(checkConsistency);

export const projectSettingsSchema = z
  .object({
    ...commonShape,
    boardId: z.number().int().positive().nullable(),
    pis: z.array(piSchema).max(40),
    /** Team members for SAFe's normalized capacity (8 points per full-time member per iteration). */
    members: z.array(z.object({ name, fte: z.number().min(0).max(1) }).strict()).max(100),
    // Added later: settings saved before them have neither (the guess and the usual resolutions apply).
    /** Link types counted as blocking, by the site's names; absent or null: guessed from the site's link types; empty: none. */
    blockingLinkTypes: z.array(name).max(50).nullable().optional(),
    /** Resolutions that mean dropped work here, besides Won't Do, Duplicate, Cannot Reproduce and the like. */
    droppedResolutions: z.array(name).max(50).optional(),
    /** Per WSJF field that is a select list with named options, the number each option stands for. */
    wsjfOptionScores: optionScoresSchema.optional(),
    /**
     * Share of each iteration (whole percent, 0..50) kept for unplanned work (defects, support) before the
     * slices are cut: the fill plans capacity minus this. Absent: 0.
     */
    unplannedBufferPct: z.number().int().min(0).max(50).optional(),
    /**
     * The team's time zone (IANA, e.g. "Pacific/Auckland"): calendar days, iterations and PI quarters are the
     * team's days in it. Absent or null: the site's zone where Jira names one, else the zone of the user asking.
     */
    timeZone: z.string().max(64).refine(isKnownTimeZone, said('validation.timeZone')).nullable().optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    checkConsistency(s, ctx);
    const piIds = new Set<string>();
    const iterationIds = new Set<string>();
    s.pis.forEach((pi, i) => {
      if (piIds.has(pi.id)) ctx.addIssue({ code: 'custom', ...said('validation.piIdTwice', { id: pi.id }), path: ['pis', i, 'id'] });
      piIds.add(pi.id);
      pi.iterations.forEach((it, j) => {
        if (iterationIds.has(it.id)) {
          ctx.addIssue({ code: 'custom', ...said('validation.iterationIdTwice', { id: it.id }), path: ['pis', i, 'iterations', j, 'id'] });
        }
        iterationIds.add(it.id);
        for (const member of Object.keys(it.daysOffByMember ?? {})) {
          if (!s.members.some((m) => m.name === member)) {
            ctx.addIssue({ code: 'custom', ...said('validation.daysOffNotMember', { member }), path: ['pis', i, 'iterations', j, 'daysOffByMember', member] });
          }
        }
      });
    });
  });

export type WorkType = z.infer<typeof workTypeSchema>;
/** A rule matches an issue that has any one of the issue types, labels or components it lists (case-insensitive). */
export type WorkTypeRule = z.infer<typeof ruleSchema>;
export type DorPolicy = z.infer<typeof dorSchema>;
export type IterationSettings = z.infer<typeof iterationSchema>;
export type PiSettings = z.infer<typeof piSchema>;
export type FieldOverrides = z.infer<typeof fieldOverridesSchema>;
export type ProjectSettings = z.infer<typeof projectSettingsSchema>;
/** Site-wide defaults: the same shape minus what only makes sense per project. */
export type SiteDefaults = z.infer<typeof siteDefaultsSchema>;

// ---------------------------------------------------------------------------------------------------------
// Defaults

/** The domain's default work types and rules (docs/domain.md "Work types"): one set, used by the app and its tests. */
export const DEFAULT_WORK_TYPES: WorkType[] = DEFAULT_WORK_TYPE_CONFIG.workTypes.map((w) => ({ id: w.id, name: w.name }));

/** The domain's rules in the stored shape (every list present). First match wins. */
export const DEFAULT_WORK_TYPE_RULES: WorkTypeRule[] = DEFAULT_WORK_TYPE_CONFIG.rules.map((r) => ({
  workType: r.workType,
  issueTypes: [...(r.issueTypes ?? [])],
  labels: [...(r.labels ?? [])],
  components: [...(r.components ?? [])],
}));

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
    defaultWorkType: DEFAULT_WORK_TYPE_CONFIG.defaultWorkType,
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

