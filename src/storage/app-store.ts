import type { JobDto, ProjectSettings, SiteDefaults } from '../contracts';
import { KeyValueStore, StorageKeyError } from './port';
import { defaultSiteDefaults, PROJECT_KEY, projectSettingsFromDefaults, projectSettingsSchema, SAFE_ID } from './settings';
import { ProjectsInUseIndex } from './projects-in-use';
import { SnapshotStore } from './snapshot';
import { LatestReadable, RejectedSave, Versioned, VersionedRecord } from './versioned';
import { readAllocationValue, readArtSettingsValue, readJobRecord, readTokenRecord, readVersionWrapper, RECORD_SCHEMA_VERSION } from './records';
import { ref, type MessageRef } from '../domain/errors';

/** Percent per work type id. */
export type AllocationValue = Record<string, number>;

/** A train's settings: the teams its administrators confirmed (null: detected) and the ART guardrails per work type. */
export interface ArtSettingsValue {
  teams: string[] | null;
  guardrails: Record<string, { min: number | null; max: number | null }>;
}

export interface EffectiveSettings {
  settings: ProjectSettings;
  /** The project's own settings version; 0 while it runs on site defaults. */
  version: number;
}

/** A long write's state as stored: what the UI polls plus who started it and on what. */
export interface JobRecord<I = unknown> extends JobDto {
  projectKey: string;
  accountId: string;
  /** What the job does, fixed by the resolver that started it (the UI never sends it to the job). */
  input: I;
  /** Steps whose outcome is recorded; a retry resumes at this one. */
  stepsDone?: number;
  /** The step at `stepsDone` was sent and its outcome not recorded (the consumer died): check it before resending. */
  inFlight?: boolean;
  /** The job schema's version when written (absent: written before records carried one). */
  schema?: number;
}

/**
 * What the last commit to sprints made of the PO's plan: the sprints it filled (their content is the plan
 * from then on, each item pinned where it sits) and the items the PO left out (they stay out until included).
 */
export interface CommittedFill {
  sprintIds: number[];
  exclude: string[];
  committedAt: string;
  committedBy: string;
}

/** A confirmation token issued by a preview (trim, re-rank, commit fill) and consumed by the action. */
export interface TokenRecord<P> {
  kind: string;
  projectKey: string;
  accountId: string;
  expiresAt: string;
  payload: P;
  /** The token schema's version when written (absent: written before records carried one). */
  schema?: number;
}

/**
 * The PI-planning order of a team's committed stories for one PI, as first seen (or re-baselined by the PO):
 * someone re-ranking in Jira later must not silently change the order the fill keeps.
 */
export interface CommittedBaseline {
  keys: string[];
  savedAt: string;
  savedBy: string;
}

/** Days each issue had been untouched when it was moved to the tail, and when: labelling it counts as an update. */
export type TailIdleNotes = Record<string, { idleDays: number; movedAt: string }>;

/**
 * The team's blocking links to other projects as users who could see them last saw them, per backlog item: the
 * app's own record, never shown to a user as such (docs/decisions/hidden-links.md). `seenAt`: when a user who
 * could see the linked issue last read the link.
 */
export type LinkCensus = Record<string, { key: string; direction: 'blocks' | 'blockedBy'; projectKey: string; open: boolean; seenAt: string }[]>;

/**
 * The app's storage, by meaning, on top of any `KeyValueStore`. Key layout (all ids validated first):
 *   site:defaults:v000001...              site-wide defaults (versioned)
 *   site:projects-in-use[:g00000001...]   the projects where the app is set up (ProjectsInUseIndex)
 *   proj:<KEY>:settings:v000001...        a project's settings (versioned)
 *   proj:<KEY>:alloc:<PI>:v000001...      a PI's allocation (versioned; every save kept)
 *   job:<jobId>                           a long write's progress
 *   jobidx:<KEY>:<ms>:<jobId>             the project's jobs by start time (the newest JOB_RECORDS_KEPT are kept)
 *   joblease:<jobId>:g<n>                 who runs the job now (a lease per delivery that took it)
 *   snapgen:<snapshot scope>:g<gen>       a snapshot generation being written or removed (SnapshotStore)
 *   proj:<KEY>:writer:g00000001...        who holds the project's write slot (one generation per claim)
 *   token:<KEY>:<token>                   a preview's confirmation token
 *   proj:<KEY>:snap:<account>:s<version>  a user's loaded backlog, in chunks (SnapshotStore)
 *   proj:<KEY>:snapver:<account>          the settings version of that user's latest snapshot (older ones go)
 *   proj:<KEY>:fill-committed             the plan last committed to sprints (CommittedFill)
 *   proj:<KEY>:committed:<PI>             the PI's committed order (CommittedBaseline)
 *   proj:<KEY>:tail-idle                  days untouched of the issues moved to the tail (TailIdleNotes)
 *   proj:<KEY>:link-census                the team's links to other projects as last seen (LinkCensus)
 *   proj:<KEY>:art:v000001...             a program project's train: confirmed teams and guardrails (versioned)
 *   proj:<KEY>:art-seen                   team projects ever detected in that train (to count hidden ones)
 */
export class AppStore {
  constructor(
    readonly kv: KeyValueStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  siteDefaults(): VersionedRecord<SiteDefaults> {
    return new VersionedRecord(this.kv, 'site:defaults', 'The site defaults', { schema: RECORD_SCHEMA_VERSION.siteDefaults, what: ref('error.storage.what.siteDefaults') });
  }

  projectSettings(projectKey: string): VersionedRecord<ProjectSettings> {
    return new VersionedRecord(this.kv, `proj:${checkProject(projectKey)}:settings`, `The settings of ${projectKey}`, {
      schema: RECORD_SCHEMA_VERSION.settings,
      what: ref('error.storage.what.settings', { project: projectKey }),
      afterSave: () => this.markProjectInUse(projectKey),
    });
  }

  allocation(projectKey: string, piId: string): VersionedRecord<AllocationValue> {
    return new VersionedRecord(this.kv, `proj:${checkProject(projectKey)}:alloc:${checkId(piId)}`, `The allocation for ${piId}`, {
      schema: RECORD_SCHEMA_VERSION.allocation,
      read: readAllocationValue,
      what: ref('error.storage.what.allocation', { pi: piId }),
    });
  }

  /**
   * The PI's allocation to use: the newest save that can be read, the version a next save must be based on,
   * and, when the newest save is damaged, a message saying so (the panel shows it; saving again mends it).
   */
  async readableAllocation(projectKey: string, piId: string, piName: string): Promise<LatestReadable<AllocationValue> & { problemI18n?: MessageRef }> {
    const read = await this.allocation(projectKey, piId).latestReadable();
    if (!read.problem) return read;
    const shown = read.latest ? `version ${read.latest.version} is shown` : 'the default allocation is shown';
    const shownRef = read.latest ? ref('storage.allocation.shownVersion', { version: read.latest.version }) : ref('storage.allocation.shownDefault');
    return {
      ...read,
      problem: `The saved allocation of ${piName} (version ${read.newestVersion}) cannot be read: ${read.problem}. Until it is saved again, ${shown}: check the shares and save.`,
      // The damage itself (`read.problem`) is a technical detail, kept as written.
      problemI18n: ref('storage.allocation.unreadable', { pi: piName, version: read.newestVersion, problem: read.problem, shown: shownRef }),
    };
  }

  /** A program project's train settings (ArtSettingsValue), every save kept. */
  artSettings(programKey: string): VersionedRecord<ArtSettingsValue> {
    return new VersionedRecord(this.kv, `proj:${checkProject(programKey)}:art`, `The train settings of ${programKey}`, {
      schema: RECORD_SCHEMA_VERSION.artSettings,
      read: readArtSettingsValue,
      what: ref('error.storage.what.artSettings', { project: programKey }),
    });
  }

  /** Team projects ever detected in a train by anyone: a user who cannot browse some is told how many, never which. */
  async artTeamsSeen(programKey: string): Promise<string[]> {
    return (await this.kv.get<string[]>(`proj:${checkProject(programKey)}:art-seen`)) ?? [];
  }

  async addArtTeamsSeen(programKey: string, teams: readonly string[]): Promise<void> {
    const seen = await this.artTeamsSeen(programKey);
    const added = teams.filter((t) => !seen.includes(checkProject(t)));
    if (added.length > 0) await this.kv.set(`proj:${checkProject(programKey)}:art-seen`, [...seen, ...added].sort());
  }

  async effectiveSiteDefaults(): Promise<{ defaults: SiteDefaults; version: number }> {
    const saved = await this.siteDefaults().latest();
    return saved ? { defaults: saved.value, version: saved.version } : { defaults: defaultSiteDefaults(), version: 0 };
  }

  /**
   * Of `projectKeys`, those where the app is set up, in the order given. One read of the installation's index
   * once it knows them all; a project it has never heard of (an installation older than the index, a project
   * new to it) is looked at the old way once, and the index told. Says nothing of who may see the projects.
   */
  async projectsInUse(projectKeys: readonly string[]): Promise<string[]> {
    const projectsInUse = new ProjectsInUseIndex(this.kv);
    const index = await projectsInUse.read();
    const inUse = new Set(index?.inUse);
    const known = new Set([...inUse, ...(index?.lookedAtUnused ?? [])]);
    const unknown = [...new Set(projectKeys.filter((key) => !known.has(key)))];
    if (unknown.length > 0) {
      const found = await Promise.all(unknown.map((key) => this.setUpByItsRecords(key)));
      const addition = { inUse: unknown.filter((_, i) => found[i]), lookedAtUnused: unknown.filter((_, i) => !found[i]) };
      // The answer is known already: an index storage refuses now is built by a later look (or a later setup).
      await projectsInUse.add(addition).catch(() => undefined);
      for (const key of addition.inUse) inUse.add(key);
    }
    return projectKeys.filter((key) => inUse.has(key));
  }

  /**
   * Counts the project as set up in the installation's index (one read when it is already). It follows a write
   * that already happened (settings saved, a backlog stored, a job recorded): storage refusing the index must
   * not report that write as failed (a PO saving again would be told their own save came first). The project's
   * next stored backlog counts it again; one never looked at is found by its records.
   */
  async markProjectInUse(projectKey: string): Promise<void> {
    const project = checkProject(projectKey);
    await new ProjectsInUseIndex(this.kv).add({ inUse: [project], lookedAtUnused: [] }).catch(() => undefined);
  }

  /**
   * The old way, before the index: its settings were saved, someone's backlog of it is stored (one small
   * `snapver` pointer per user), or a job ran there. Two to four reads.
   */
  private async setUpByItsRecords(projectKey: string): Promise<boolean> {
    if (await this.projectSettings(projectKey).latest()) return true;
    const project = checkProject(projectKey);
    if ((await this.kv.listByPrefix(`proj:${project}:snapver:`)).length > 0) return true;
    return (await this.kv.listByPrefix(`jobidx:${project}:`)).length > 0;
  }

  async effectiveSettings(projectKey: string): Promise<EffectiveSettings> {
    const saved = await this.projectSettings(projectKey).latest();
    const { defaults } = saved ? { defaults: undefined } : await this.effectiveSiteDefaults();
    if (!saved) return { settings: projectSettingsFromDefaults(defaults ?? defaultSiteDefaults()), version: 0 };
    return { settings: await this.readStoredSettings(projectKey, saved.value), version: saved.version };
  }

  /**
   * A stored settings record checked against today's schema: one written by an older release (a field
   * missing) is read with the defaults for what it lacks; one that still does not fit names the field.
   */
  private async readStoredSettings(projectKey: string, value: ProjectSettings): Promise<ProjectSettings> {
    const parsed = projectSettingsSchema.safeParse(value);
    if (parsed.success) return parsed.data as ProjectSettings;
    const fallback = projectSettingsFromDefaults((await this.effectiveSiteDefaults()).defaults);
    const stored = (typeof value === 'object' && value !== null ? value : {}) as Partial<ProjectSettings>;
    const filled = Object.fromEntries(
      Object.entries(fallback).map(([field, byDefault]) => [field, stored[field as keyof ProjectSettings] ?? byDefault]),
    ) as unknown as ProjectSettings;
    const migrated = projectSettingsSchema.safeParse(filled);
    if (migrated.success) return migrated.data as ProjectSettings;
    // Only a field of the wrong shape stops the read: a rule between fields added since is checked on save.
    if (migrated.error.issues.every((issue) => issue.code === 'custom')) return filled;
    const path = migrated.error.issues[0]?.path.map(String) ?? [];
    const field = path.join(' › ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    throw new DamagedRecordError(
      `The saved settings of ${projectKey} cannot be read: "${field}" is not valid. Open Settings, correct it and save.`,
      path.join('.'),
      ref('error.storage.damagedSettings', { project: projectKey, field }),
    );
  }

  /** Every readable allocation save of the project (all PIs, or one), newest first; a damaged one is left out. */
  async allocationHistory(projectKey: string, piId?: string): Promise<(Versioned<AllocationValue> & { piId: string })[]> {
    const prefix = `proj:${checkProject(projectKey)}:alloc:${piId === undefined ? '' : `${checkId(piId)}:v`}`;
    const entries = await this.kv.listByPrefix<unknown>(prefix);
    const versionKey = /^proj:[^:]+:alloc:([^:]+):v(\d+)$/;
    return entries
      .flatMap(({ key, value }) => {
        const match = versionKey.exec(key);
        if (!match) return [];
        const wrapper = readVersionWrapper(value, Number(match[2]));
        const shares = wrapper.ok ? readAllocationValue(wrapper.value.value) : undefined;
        return wrapper.ok && shares?.ok ? [{ ...wrapper.value, value: shares.value, piId: match[1] as string }] : [];
      })
      .sort((a, b) => b.savedAt.localeCompare(a.savedAt) || b.version - a.version);
  }

  /** Allocation saves refused as stale (someone else saved first), newest first: the other half of the story. */
  async rejectedAllocationSaves(projectKey: string, piId?: string): Promise<(RejectedSave<AllocationValue> & { piId: string })[]> {
    const prefix = `proj:${checkProject(projectKey)}:alloc:${piId === undefined ? '' : `${checkId(piId)}:rejected:`}`;
    const entries = await this.kv.listByPrefix<unknown>(prefix);
    const rejectedKey = /^proj:[^:]+:alloc:([^:]+):rejected:/;
    return entries
      .flatMap(({ key, value }) => {
        const match = rejectedKey.exec(key);
        const attempt = readRejectedSave(value);
        return match && attempt ? [{ ...attempt, piId: match[1] as string }] : [];
      })
      .sort((a, b) => b.attemptedAt.localeCompare(a.attemptedAt));
  }

  async committedFill(projectKey: string): Promise<CommittedFill | undefined> {
    return this.kv.get<CommittedFill>(`proj:${checkProject(projectKey)}:fill-committed`);
  }

  async putCommittedFill(projectKey: string, value: CommittedFill): Promise<void> {
    await this.kv.set(`proj:${checkProject(projectKey)}:fill-committed`, value);
  }

  async committedBaseline(projectKey: string, piId: string): Promise<CommittedBaseline | undefined> {
    return this.kv.get<CommittedBaseline>(committedBaselineKey(projectKey, piId));
  }

  /**
   * Takes the PI's first baseline unless someone else just took it; returns the one that holds (theirs when
   * they were first), so two first reads at once keep a single PI-planning order.
   */
  async takeFirstCommittedBaseline(projectKey: string, piId: string, value: CommittedBaseline): Promise<CommittedBaseline> {
    const key = committedBaselineKey(projectKey, piId);
    if (await this.kv.createIfAbsent<CommittedBaseline>(key, value)) return value;
    return (await this.kv.get<CommittedBaseline>(key)) ?? value;
  }

  async putCommittedBaseline(projectKey: string, piId: string, value: CommittedBaseline): Promise<void> {
    await this.kv.set<CommittedBaseline>(committedBaselineKey(projectKey, piId), value);
  }

  async tailIdleNotes(projectKey: string): Promise<TailIdleNotes> {
    return (await this.kv.get<TailIdleNotes>(`proj:${checkProject(projectKey)}:tail-idle`)) ?? {};
  }

  async putTailIdleNotes(projectKey: string, notes: TailIdleNotes): Promise<void> {
    await this.kv.set(`proj:${checkProject(projectKey)}:tail-idle`, notes);
  }

  /** The record, with whatever in it is not well formed left out (a damaged record costs counts, never a read). */
  async linkCensus(projectKey: string): Promise<LinkCensus> {
    const stored: unknown = await this.kv.get<unknown>(`proj:${checkProject(projectKey)}:link-census`);
    const census: LinkCensus = {};
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return census;
    for (const [key, entries] of Object.entries(stored)) {
      if (!Array.isArray(entries)) continue;
      const kept = entries.filter(isCensusLink);
      if (kept.length > 0) census[key] = kept;
    }
    return census;
  }

  async putLinkCensus(projectKey: string, census: LinkCensus): Promise<void> {
    await this.kv.set(`proj:${checkProject(projectKey)}:link-census`, census);
  }

  /** A job's record, checked; undefined when missing or unreadable (a damaged job is never run or waited for). */
  async getJob<I = unknown>(jobId: string): Promise<JobRecord<I> | undefined> {
    const read = await this.readJob<I>(jobId);
    return read && 'job' in read ? read.job : undefined;
  }

  /** A job's record as read: the record, or why it cannot be read; undefined when there is none. */
  async readJob<I = unknown>(jobId: string): Promise<{ job: JobRecord<I> } | { problem: string } | undefined> {
    if (!SAFE_ID.test(jobId)) return undefined;
    const raw = await this.kv.get<unknown>(`job:${jobId}`);
    if (raw === undefined) return undefined;
    const read = readJobRecord(raw, jobId);
    return read.ok ? { job: read.value as JobRecord<I> } : { problem: read.problem };
  }

  /**
   * Writes a new job's record and indexes it by project and time (`jobidx:<KEY>:<ms>:<jobId>`); beyond the
   * newest `JOB_RECORDS_KEPT` of the project, the oldest records that are not alive go, with their leases.
   */
  async recordNewJob<I>(job: JobRecord<I>): Promise<void> {
    await this.putJob(job);
    await this.markProjectInUse(job.projectKey);
    const prefix = `jobidx:${checkProject(job.projectKey)}:`;
    await this.kv.set(`${prefix}${String(this.now().getTime()).padStart(15, '0')}:${checkId(job.jobId)}`, { jobId: job.jobId });
    const index = await this.kv.listByPrefix<{ jobId?: unknown }>(prefix);
    let excess = index.length - JOB_RECORDS_KEPT;
    // Oldest first; a job still alive is passed over (the next oldest goes instead).
    for (const { key, value } of index) {
      if (excess <= 0) break;
      const jobId = typeof value?.jobId === 'string' && SAFE_ID.test(value.jobId) ? value.jobId : undefined;
      const old = jobId === undefined ? undefined : await this.getJob(jobId);
      if (old && this.isJobAlive(old)) continue;
      excess -= 1;
      if (jobId !== undefined) {
        for (const lease of await this.kv.listByPrefix<unknown>(`joblease:${jobId}:`)) await this.kv.delete(lease.key);
        await this.kv.delete(`job:${jobId}`);
      }
      await this.kv.delete(key);
    }
  }

  async putJob<I>(job: JobRecord<I>): Promise<void> {
    await this.kv.set(`job:${checkId(job.jobId)}`, { ...job, updatedAt: this.now().toISOString(), schema: RECORD_SCHEMA_VERSION.job });
  }

  /**
   * Starts a write job: writes its record, then claims the project's write slot for it, so a slot never names
   * a job without a record (a missing record is never mistaken for a dead job). The slot is a series of
   * immutable generation keys, each created with a conditional create: of any number of claimers that saw
   * the same free (or dead) holder, exactly one creates the next generation. A refused job's record is
   * removed and the live holder returned.
   */
  async claimWriteSlot<I>(job: JobRecord<I>): Promise<{ claimed: true } | { claimed: false; holder: JobRecord }> {
    const base = writeSlotBase(job.projectKey);
    await this.recordNewJob(job);
    for (;;) {
      const latest = await this.latestWriteSlot(base);
      const holder = latest.jobId === undefined || latest.jobId === job.jobId ? undefined : await this.getJob(latest.jobId);
      if (holder && this.isJobAlive(holder)) {
        await this.kv.delete(`job:${checkId(job.jobId)}`);
        return { claimed: false, holder };
      }
      const next = latest.generation + 1;
      if (await this.kv.createIfAbsent(slotGenerationKey(base, next), { jobId: job.jobId })) {
        await this.kv.set(`${base}:head`, next);
        // Old generations go (the head hint never lags this far behind, so probing never meets a gap).
        if (next > SLOT_GENERATIONS_KEPT) await this.kv.delete(slotGenerationKey(base, next - SLOT_GENERATIONS_KEPT));
        return { claimed: true };
      }
      // Another claimer created that generation first: look again at who holds the slot now.
    }
  }

  /** The job that claimed the project's write slot last (finished, dead or alive), if its record still exists. */
  async writeSlotHolder(projectKey: string): Promise<JobRecord | undefined> {
    const { jobId } = await this.latestWriteSlot(writeSlotBase(projectKey));
    return jobId === undefined ? undefined : this.getJob(jobId);
  }

  /** Queued or running and heard from within `JOB_STALE_MS`: a job whose worker died does not block forever. */
  isJobAlive(job: Pick<JobRecord, 'state' | 'updatedAt'>): boolean {
    return (job.state === 'queued' || job.state === 'running') && this.now().getTime() - Date.parse(job.updatedAt) < JOB_STALE_MS;
  }

  /**
   * Takes or renews the lease on a job for `owner` until now + `ttlMs`: false while another owner's lease
   * runs. Leases are generation keys like the write slot's, so of two deliveries that find no live lease
   * exactly one takes the next; the holder renews its own generation, and finds a newer one when it lost.
   */
  async leaseJob(jobId: string, owner: string, ttlMs: number): Promise<boolean> {
    const base = `joblease:${checkId(jobId)}`;
    let generation = 0;
    let current: JobLease | undefined;
    for (;;) {
      const next = await this.kv.get<JobLease>(`${base}:g${generation + 1}`);
      if (!next) break;
      current = next;
      generation += 1;
    }
    const lease: JobLease = { owner, until: new Date(this.now().getTime() + ttlMs).toISOString() };
    if (current?.owner === owner) {
      await this.kv.set(`${base}:g${generation}`, lease);
      return true;
    }
    if (current && Date.parse(current.until) > this.now().getTime()) return false;
    return this.kv.createIfAbsent(`${base}:g${generation + 1}`, lease);
  }

  private async latestWriteSlot(base: string): Promise<{ generation: number; jobId: string | undefined }> {
    let generation = (await this.kv.get<number>(`${base}:head`)) ?? 0;
    let holder = generation > 0 ? await this.kv.get<{ jobId: string }>(slotGenerationKey(base, generation)) : undefined;
    for (;;) {
      const next = await this.kv.get<{ jobId: string }>(slotGenerationKey(base, generation + 1));
      if (!next) break;
      holder = next;
      generation += 1;
    }
    return { generation, jobId: holder?.jobId };
  }

  /** The background load last started for a user in a project (its job id), so a second view joins it. */
  async latestLoadJob(projectKey: string, accountId: string): Promise<string | undefined> {
    return this.kv.get<string>(`${snapshotScope(projectKey, accountId, 0).replace(/:s0$/, '')}:load`);
  }

  async setLatestLoadJob(projectKey: string, accountId: string, jobId: string): Promise<void> {
    await this.kv.set(`${snapshotScope(projectKey, accountId, 0).replace(/:s0$/, '')}:load`, checkId(jobId));
  }

  /** The loaded backlog of one user (what Jira lets them see) under one settings version. */
  async readBacklogSnapshot<T>(
    projectKey: string,
    accountId: string,
    settingsVersion: number,
    onHead?: (head: { meta: unknown; savedAt: string }) => void,
  ): Promise<{ value: T; savedAt: string; generation: string } | undefined> {
    return new SnapshotStore(this.kv, this.now).read<T>(snapshotScope(projectKey, accountId, settingsVersion), onHead);
  }

  /** Whether that snapshot exists, without reading its chunks. */
  async hasBacklogSnapshot(projectKey: string, accountId: string, settingsVersion: number): Promise<boolean> {
    return new SnapshotStore(this.kv, this.now).exists(snapshotScope(projectKey, accountId, settingsVersion));
  }

  /**
   * Writes the user's snapshot for this settings version, and deletes the one of the version they had before
   * (after a settings change nothing reads it again: megabytes per user that would only grow), with the plan
   * kept beside it. Returns the snapshot's generation (as `readBacklogSnapshot` names it).
   */
  async writeBacklogSnapshot<T>(projectKey: string, accountId: string, settingsVersion: number, value: T, meta?: unknown): Promise<string> {
    const snapshots = new SnapshotStore(this.kv, this.now);
    const generation = await snapshots.write(snapshotScope(projectKey, accountId, settingsVersion), value, meta);
    await this.markProjectInUse(projectKey);
    const pointer = snapshotScope(projectKey, accountId, 0).replace(/:snap:(.*):s0$/, ':snapver:$1');
    const previous = await this.kv.get<number>(pointer);
    if (previous === settingsVersion) return generation;
    await this.kv.set(pointer, Math.trunc(settingsVersion));
    if (previous !== undefined) {
      await snapshots.remove(snapshotScope(projectKey, accountId, previous));
      await snapshots.remove(snapshotPlanScope(projectKey, accountId, previous));
    }
    return generation;
  }

  /**
   * The issue panel's plan as last computed on one of this user's snapshots (see usecases/stored-plan.ts): in
   * the user's own snapshot scope, so it is theirs alone and goes with their personal data.
   */
  async readSnapshotPlan<T>(projectKey: string, accountId: string, settingsVersion: number): Promise<T | undefined> {
    return (await new SnapshotStore(this.kv, this.now).read<T>(snapshotPlanScope(projectKey, accountId, settingsVersion)))?.value;
  }

  async writeSnapshotPlan<T>(projectKey: string, accountId: string, settingsVersion: number, value: T): Promise<void> {
    await new SnapshotStore(this.kv, this.now).write(snapshotPlanScope(projectKey, accountId, settingsVersion), value);
  }

  async putToken<P>(token: string, record: Omit<TokenRecord<P>, 'expiresAt'>, ttlMs: number): Promise<TokenRecord<P>> {
    const full: TokenRecord<P> = { ...record, expiresAt: new Date(this.now().getTime() + ttlMs).toISOString(), schema: RECORD_SCHEMA_VERSION.token };
    // Previews never confirmed leave their tokens behind: the expired ones of the project go now.
    const now = this.now().toISOString();
    for (const { key, value } of await this.kv.listByPrefix<TokenRecord<unknown>>(`token:${checkProject(record.projectKey)}:`)) {
      if (!(typeof value?.expiresAt === 'string' && value.expiresAt > now)) await this.kv.delete(key);
    }
    await this.kv.set(`token:${checkProject(record.projectKey)}:${checkId(token)}`, full);
    return full;
  }

  /**
   * Reads and deletes a token in one go (a token confirms one action, once); undefined when unknown,
   * expired, unreadable, or issued for another project, kind or user.
   */
  async takeToken<P>(projectKey: string, token: string, kind: string, accountId: string): Promise<TokenRecord<P> | undefined> {
    if (!SAFE_ID.test(token)) return undefined;
    const key = `token:${checkProject(projectKey)}:${token}`;
    const raw = await this.kv.get<unknown>(key);
    if (raw === undefined) return undefined;
    await this.kv.delete(key);
    const read = readTokenRecord(raw);
    if (!read.ok) return undefined;
    const record = read.value as TokenRecord<P>;
    const valid = record.projectKey === projectKey && record.kind === kind && record.accountId === accountId && record.expiresAt > this.now().toISOString();
    return valid ? record : undefined;
  }
}

interface JobLease {
  owner: string;
  until: string;
}

/** Job records kept per project (the newest; older ones go as new jobs start, unless still running). */
export const JOB_RECORDS_KEPT = 50;

/** How long a queued or running job may go unheard before it counts as dead (its lease runs as long). */
export const JOB_STALE_MS = 60_000;
const SLOT_GENERATIONS_KEPT = 20;

function writeSlotBase(projectKey: string): string {
  return `proj:${checkProject(projectKey)}:writer`;
}

function slotGenerationKey(base: string, generation: number): string {
  return `${base}:g${String(generation).padStart(8, '0')}`;
}

function isCensusLink(value: unknown): value is LinkCensus[string][number] {
  const v = value as Partial<LinkCensus[string][number]> | null;
  return (
    typeof v === 'object' && v !== null && typeof v.key === 'string' && (v.direction === 'blocks' || v.direction === 'blockedBy') &&
    typeof v.projectKey === 'string' && typeof v.open === 'boolean' && typeof v.seenAt === 'string' && Number.isFinite(Date.parse(v.seenAt))
  );
}

function committedBaselineKey(projectKey: string, piId: string): string {
  return `proj:${checkProject(projectKey)}:committed:${checkId(piId)}`;
}

/** A stored record that no default can repair: a person must correct it where the message says. */
export class DamagedRecordError extends Error {
  override readonly name = 'DamagedRecordError';
  constructor(
    message: string,
    readonly field: string,
    /** The message by catalog key. */
    readonly i18n?: MessageRef,
  ) {
    super(message);
  }
}

/** A refused save as stored, or undefined when it does not fit (left out of the history). */
function readRejectedSave(value: unknown): RejectedSave<AllocationValue> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<Record<keyof RejectedSave<AllocationValue>, unknown>>;
  const shares = readAllocationValue(v.value);
  const whole = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  if (!whole(v.baseVersion) || !whole(v.currentVersion) || typeof v.savedBy !== 'string' || typeof v.attemptedAt !== 'string' || !shares.ok) return undefined;
  return { baseVersion: v.baseVersion, currentVersion: v.currentVersion, value: shares.value, savedBy: v.savedBy, attemptedAt: v.attemptedAt };
}

function snapshotScope(projectKey: string, accountId: string, settingsVersion: number): string {
  if (!/^[A-Za-z0-9:._-]{1,128}$/.test(accountId)) throw new StorageKeyError('Invalid account id');
  return `proj:${checkProject(projectKey)}:snap:${accountId}:s${Math.trunc(settingsVersion)}`;
}

function checkProject(projectKey: string): string {
  if (!PROJECT_KEY.test(projectKey)) throw new StorageKeyError(`Invalid project key ${JSON.stringify(projectKey.slice(0, 40))}`);
  return projectKey;
}

function checkId(id: string): string {
  if (!SAFE_ID.test(id)) throw new StorageKeyError(`Invalid id ${JSON.stringify(id.slice(0, 80))}`);
  return id;
}

/** Beside the snapshot: the plan the issue panel answers from (a scope of its own, so neither overwrites the other). */
function snapshotPlanScope(projectKey: string, accountId: string, settingsVersion: number): string {
  return `${snapshotScope(projectKey, accountId, settingsVersion)}:plan`;
}
