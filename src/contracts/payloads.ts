import { z } from 'zod';
import { FIBONACCI_SCALE } from '../domain';
import { PROJECT_KEY, projectSettingsSchema, refuseSharedWsjfFields, SAFE_ID, siteDefaultsSchema } from '../storage/settings';
import type {
  AllocationHistoryRequest,
  ArtJobsRequest,
  ArtTeamRequest,
  SaveArtSettingsRequest,
  FillRequest,
  GadgetJobRequest,
  GadgetRequest,
  ForecastRequest,
  JobIdRequest,
  KeysRequest,
  PiRequest,
  PreviewWorkTypesRequest,
  RequiredPiRequest,
  SaveAllocationRequest,
  SaveProjectSettingsRequest,
  SaveSiteDefaultsRequest,
  ScoreWsjfRequest,
  SplitRequest,
  SummariesRequest,
  TokenRequest,
} from './definitions';
import { englishText, said } from './messages';

/**
 * The zod schema of each request in definitions.ts, tied to its type with `satisfies` (a schema that no
 * longer produces its request type breaks the build); every message names what to fix.
 */

export const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,9}$/;

export const none = z.object({}).strict();
export const piIdSchema = z.string().regex(SAFE_ID, englishText('validation.piId'));
export const optionalPi = z.object({ piId: piIdSchema.optional() }).strict() satisfies z.ZodType<PiRequest>;
export const summariesSchema = z.object({ from: z.number().int().min(0).max(1_000_000).optional() }).strict() satisfies z.ZodType<SummariesRequest>;
export const allocationHistoryRequest = z
  .object({
    piId: piIdSchema.optional(),
    before: z.string().regex(/^[0-9TZ:.-]{10,40}\|[A-Za-z0-9._-]{1,64}\|\d{1,9}$/, englishText('validation.historyPage')).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict() satisfies z.ZodType<AllocationHistoryRequest>;
export const requiredPi = z.object({ piId: piIdSchema }).strict() satisfies z.ZodType<RequiredPiRequest>;
export const issueKey = z.string().regex(ISSUE_KEY, englishText('validation.issueKey'));
export const token = z.string().regex(SAFE_ID, englishText('validation.token'));

const scale = z
  .number()
  .refine((v) => FIBONACCI_SCALE.includes(v), said('validation.fibonacci', { scale: FIBONACCI_SCALE.join(', ') }))
  .nullable()
  .optional();

export const scoreWsjfSchema = z
  .object({
    items: z
      .array(
        z
          .object({ key: issueKey, businessValue: scale, timeCriticality: scale, riskReduction: scale, jobSize: scale })
          .strict()
          .refine((i) => ['businessValue', 'timeCriticality', 'riskReduction', 'jobSize'].some((k) => k in i), said('validation.scoreSomething')),
      )
      .min(1, englishText('validation.scoreOne'))
      .max(50, englishText('validation.scoreFifty')),
    piId: piIdSchema.optional(),
  })
  .strict() satisfies z.ZodType<ScoreWsjfRequest>;

export const saveAllocationSchema = z
  .object({
    piId: piIdSchema,
    percents: z
      .record(z.string().regex(SAFE_ID, englishText('validation.workTypeId')), z.number().int(englishText('validation.wholePercent')).min(0).max(100))
      .refine((p) => Object.values(p).reduce((a, b) => a + b, 0) === 100, said('validation.sharesTo100')),
    baseVersion: z.number().int().min(0),
  })
  .strict() satisfies z.ZodType<SaveAllocationRequest>;

export const fillSchema = z
  .object({
    piId: piIdSchema.optional(),
    iterations: z.number().int().min(1).max(6).optional(),
    mode: z.enum(['greedy', 'optimal']).optional(),
    pins: z.array(z.object({ key: issueKey, iteration: z.number().int().min(0).max(5) }).strict()).max(200).optional(),
    exclude: z.array(issueKey).max(2000).optional(),
    include: z.array(issueKey).max(2000).optional(),
    topPoints: z.number().min(0, englishText('validation.topPoints')).max(100_000).optional(),
  })
  .strict() satisfies z.ZodType<FillRequest>;

export const forecastSchema = z
  .object({ piId: piIdSchema.optional(), topPoints: z.number().min(0, englishText('validation.topPoints')).max(100_000).optional() })
  .strict() satisfies z.ZodType<ForecastRequest>;

export const splitSchema = z
  .object({
    key: issueKey,
    parts: z
      .array(z.object({ summary: z.string().trim().min(1, englishText('validation.splitSummary')).max(255), points: z.number().positive().max(1000) }).strict())
      .min(2, englishText('jira.write.splitTwo'))
      .max(10, englishText('validation.splitTen')),
    splitId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, englishText('jira.write.splitId')),
  })
  .strict() satisfies z.ZodType<SplitRequest>;

export const keysSchema = z
  .object({ keys: z.array(issueKey).min(1, englishText('validation.chooseOne')).max(200, englishText('validation.max200')) })
  .strict() satisfies z.ZodType<KeysRequest>;
export const tokenSchema = z.object({ token }).strict() satisfies z.ZodType<TokenRequest>;
export const jobIdSchema = z.object({ jobId: z.string().regex(SAFE_ID, englishText('validation.jobId')) }).strict() satisfies z.ZodType<JobIdRequest>;

export const saveProjectSettingsSchema = z
  .object({ settings: projectSettingsSchema, baseVersion: z.number().int().min(0) })
  .strict()
  .superRefine((p, ctx) => refuseSharedWsjfFields(p.settings.fieldOverrides, ctx, ['settings'])) satisfies z.ZodType<SaveProjectSettingsRequest>;

export const saveSiteDefaultsSchema = z
  .object({ defaults: siteDefaultsSchema, baseVersion: z.number().int().min(0) })
  .strict()
  .superRefine((p, ctx) => refuseSharedWsjfFields(p.defaults.fieldOverrides, ctx, ['defaults'])) satisfies z.ZodType<SaveSiteDefaultsRequest>;

/** Unsaved rules for the live preview: checked for shape here, for consistency by the domain. */
export const previewWorkTypesSchema = z
  .object({
    workTypes: z.array(z.object({ id: z.string().regex(SAFE_ID), name: z.string().min(1).max(120) }).strict()).min(1).max(20),
    rules: z
      .array(
        z
          .object({
            workType: z.string().regex(SAFE_ID),
            issueTypes: z.array(z.string().max(120)).max(50),
            labels: z.array(z.string().max(120)).max(50),
            components: z.array(z.string().max(120)).max(50),
          })
          .strict(),
      )
      .max(100),
    defaultWorkType: z.string().regex(SAFE_ID),
  })
  .strict() satisfies z.ZodType<PreviewWorkTypesRequest>;

const projectKey = z.string().regex(PROJECT_KEY, englishText('validation.projectKey'));
export const gadgetSchema = z.object({ projectKey }).strict() satisfies z.ZodType<GadgetRequest>;
export const gadgetJobSchema = z.object({ projectKey, jobId: z.string().regex(SAFE_ID, englishText('validation.jobId')) }).strict() satisfies z.ZodType<GadgetJobRequest>;
export const artTeamSchema = z.object({ team: projectKey }).strict() satisfies z.ZodType<ArtTeamRequest>;
export const artJobsSchema = z
  .object({ jobs: z.array(z.object({ team: projectKey, jobId: z.string().regex(SAFE_ID, englishText('validation.jobId')) }).strict()).max(50, englishText('validation.max50Teams')) })
  .strict() satisfies z.ZodType<ArtJobsRequest>;
const share = z.number().int(englishText('validation.wholePercent')).min(0).max(100).nullable();
export const saveArtSettingsSchema = z
  .object({
    detectTeams: z.boolean(),
    teams: z.array(projectKey).max(50, englishText('validation.max50TeamsTrain')),
    guardrails: z.record(z.string().regex(SAFE_ID, englishText('validation.workTypeId')), z.object({ min: share, max: share }).strict()),
    baseVersion: z.number().int().min(0),
  })
  .strict() satisfies z.ZodType<SaveArtSettingsRequest>;
