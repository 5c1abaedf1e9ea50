import { z } from 'zod';
import type { JobKind, JobState } from '../contracts';
import { SAFE_ID } from './settings';

/**
 * Each stored record kind's schema, checked whenever a record is read. Every record written carries the
 * version of its kind's schema (`schema`); a record without one was written by a release before versions
 * (the "unversioned" shape, version 0) and is migrated when read: the fields added since get their defaults.
 * A record that still does not fit is repaired where its meaning is clear, else refused with a message
 * saying what a person can do, never left to fail a resolver somewhere further on.
 */
export const RECORD_SCHEMA_VERSION = {
  /** Saved versions (the `Versioned` wrapper and its value) of each versioned kind. */
  settings: 1,
  siteDefaults: 1,
  allocation: 1,
  job: 1,
  token: 1,
  artSettings: 1,
} as const;

export type RecordRead<T> = { ok: true; value: T } | { ok: false; problem: string };

const schemaField = z.number().int().min(0).optional();

/** Versions newer than this release knows were written by a newer one (a rolling deploy): read only if they fit. */
function newerNote(raw: Record<string, unknown>, known: number): string {
  return typeof raw.schema === 'number' && raw.schema > known ? ` (it was written by a newer version of the app, schema ${raw.schema})` : '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(issue: z.ZodIssue | undefined): string {
  if (!issue) return 'it is not valid';
  const path = issue.path.map(String).join('.');
  return path ? `"${path}" is not valid` : 'it is not valid';
}

// ---------------------------------------------------------------------------------------------------------
// Saved versions (settings, site defaults, allocations): the wrapper around the value.

const versionedWrapper = z.object({
  version: z.number().int().positive().optional(),
  value: z.unknown(),
  savedBy: z.string().optional(),
  savedAt: z.string().optional(),
  schema: schemaField,
});

export interface StoredVersion {
  version: number;
  value: unknown;
  savedBy: string;
  savedAt: string;
}

/**
 * The wrapper of a saved version: its version number comes from its key (the wrapper's own copy is only a
 * hint), a missing author or time reads as unknown (the value still counts); anything but an object is refused.
 */
export function readVersionWrapper(raw: unknown, versionFromKey: number): RecordRead<StoredVersion> {
  if (!isObject(raw)) return { ok: false, problem: 'the record is not an object' };
  const parsed = versionedWrapper.safeParse({
    ...raw,
    // Repairs: a wrong copy of the version, author or time loses only that detail.
    version: versionFromKey,
    savedBy: typeof raw.savedBy === 'string' ? raw.savedBy : '',
    savedAt: typeof raw.savedAt === 'string' && Number.isFinite(Date.parse(raw.savedAt)) ? raw.savedAt : new Date(0).toISOString(),
    schema: typeof raw.schema === 'number' && Number.isInteger(raw.schema) && raw.schema >= 0 ? raw.schema : undefined,
  });
  if (!parsed.success) return { ok: false, problem: describe(parsed.error.issues[0]) };
  if (raw.value === undefined || raw.value === null) return { ok: false, problem: `the saved values are missing${newerNote(raw, RECORD_SCHEMA_VERSION.settings)}` };
  return { ok: true, value: { version: versionFromKey, value: raw.value, savedBy: parsed.data.savedBy ?? '', savedAt: parsed.data.savedAt ?? new Date(0).toISOString() } };
}

/**
 * A PI's allocation: whole percentages per work type id adding up to 100. A share written as a numeric string
 * ("40") is read as that number, a `null` share as 0 when the others already make 100%; anything else (shares
 * not adding up to 100, a share that is no number) cannot be read.
 */
export function readAllocationValue(value: unknown): RecordRead<Record<string, number>> {
  if (!isObject(value)) return { ok: false, problem: 'the shares are missing' };
  const out: Record<string, number> = {};
  const unclear: string[] = [];
  for (const [id, share] of Object.entries(value)) {
    if (!SAFE_ID.test(id)) return { ok: false, problem: `"${id.slice(0, 40)}" is not a work type id` };
    const number = typeof share === 'string' && /^\s*\d{1,3}\s*$/.test(share) ? Number(share) : share;
    if (number === null) unclear.push(id);
    else if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > 100) return { ok: false, problem: `the share of "${id}" is not a whole percentage` };
    else out[id] = number;
  }
  const total = Object.values(out).reduce((a, b) => a + b, 0);
  if (unclear.length > 0 && total !== 100) return { ok: false, problem: `the share of "${unclear[0]}" is empty` };
  for (const id of unclear) out[id] = 0;
  if (total !== 100) return { ok: false, problem: `the shares add up to ${total}%, not 100%` };
  return { ok: true, value: out };
}

// ---------------------------------------------------------------------------------------------------------
// Jobs

const JOB_KINDS = ['commitFill', 'trimTail', 'rerank', 'load'] as const satisfies readonly JobKind[];
const JOB_STATES = ['queued', 'running', 'done', 'failed'] as const satisfies readonly JobState[];
// Every kind and state the contract names is listed (a new one added there fails to compile here).
const allListed: [Exclude<JobKind, (typeof JOB_KINDS)[number]>, Exclude<JobState, (typeof JOB_STATES)[number]>] extends [never, never] ? true : never = true;
void allListed;

// A message by catalog key (docs/decisions/translations.md): a job's texts are kept by key for any later reader.
// A param may be a message of its own (an error's reason, a place), kept as stored.
const i18nParam = z.union([z.string(), z.number(), z.object({ key: z.string().min(1), params: z.record(z.string(), z.unknown()).optional() })]);
const i18nMessage = z.object({ key: z.string().min(1), params: z.record(z.string(), i18nParam).optional() });
const issueOutcome = z.object({ key: z.string(), reason: z.string(), i18n: i18nMessage.optional() });
const appError = z.object({ code: z.string(), message: z.string(), i18n: i18nMessage.optional(), field: z.string().optional(), retryAfterSeconds: z.number().optional() });

const jobSchema = z.object({
  jobId: z.string().regex(SAFE_ID),
  kind: z.enum(JOB_KINDS),
  state: z.enum(JOB_STATES),
  // Added or optional over time: an older record reads with their defaults.
  done: z.number().int().min(0).default(0),
  total: z.number().int().min(0).default(0),
  message: z.string().default(''),
  i18n: i18nMessage.optional(),
  changed: z.array(z.string()).default([]),
  failed: z.array(issueOutcome).default([]),
  error: appError.nullable().default(null),
  updatedAt: z.string().refine((s) => Number.isFinite(Date.parse(s))),
  projectKey: z.string().min(1),
  accountId: z.string().min(1),
  input: z.unknown(),
  // What a retry resumes from: a wrong value could repeat a write, so it is never guessed.
  stepsDone: z.number().int().min(0).optional(),
  inFlight: z.boolean().optional(),
  schema: schemaField,
});

export type StoredJob = z.infer<typeof jobSchema>;

export function readJobRecord(raw: unknown, jobId: string): RecordRead<StoredJob> {
  if (!isObject(raw)) return { ok: false, problem: 'the record is not an object' };
  const parsed = jobSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problem: `${describe(parsed.error.issues[0])}${newerNote(raw, RECORD_SCHEMA_VERSION.job)}` };
  if (parsed.data.jobId !== jobId) return { ok: false, problem: 'it names another job' };
  return { ok: true, value: parsed.data };
}

// ---------------------------------------------------------------------------------------------------------
// Confirmation tokens

const tokenSchema = z.object({
  kind: z.string().min(1),
  projectKey: z.string().min(1),
  accountId: z.string().min(1),
  expiresAt: z.string().refine((s) => Number.isFinite(Date.parse(s))),
  payload: z.record(z.string(), z.unknown()),
  schema: schemaField,
});

export type StoredToken = z.infer<typeof tokenSchema>;

/** A token that does not fit confirms nothing: the caller asks for a new preview. */
export function readTokenRecord(raw: unknown): RecordRead<StoredToken> {
  if (!isObject(raw)) return { ok: false, problem: 'the record is not an object' };
  const parsed = tokenSchema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: describe(parsed.error.issues[0]) };
}

/** A train's settings (the ART view): the confirmed teams (null: detected) and guardrails of whole percentages. */
const artSettingsValue = z
  .object({
    teams: z.array(z.string().regex(/^[A-Z][A-Z0-9_]{0,49}$/)).nullable(),
    guardrails: z.record(z.string().regex(SAFE_ID), z.object({ min: z.number().int().min(0).max(100).nullable(), max: z.number().int().min(0).max(100).nullable() })),
  })
  .passthrough();

export function readArtSettingsValue(value: unknown): RecordRead<{ teams: string[] | null; guardrails: Record<string, { min: number | null; max: number | null }> }> {
  const parsed = artSettingsValue.safeParse(value);
  if (!parsed.success) return { ok: false, problem: describe(parsed.error.issues[0]) };
  return { ok: true, value: { teams: parsed.data.teams, guardrails: parsed.data.guardrails } };
}
