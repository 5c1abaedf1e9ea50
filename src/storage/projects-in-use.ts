import type { KeyValueStore } from './port';
import { PROJECT_KEY } from './settings';

/**
 * The projects of one installation where the app is set up, in one record, so the gadget's edit view reads
 * one key instead of asking the store about each project. Also the projects looked at the old way (settings,
 * stored backlogs, jobs) and found not set up then: an installation older than the index is looked at once.
 *
 * Key layout:
 *   site:projects-in-use              the whole index (ProjectsInUse), what readers read
 *   site:projects-in-use:g00000001... what each writer added, one immutable generation each (conditional create)
 *
 * The store has no conditional update, so the generations are the truth: of two writers that saw the same
 * generation, one creates the next and the other folds it in and tries the one after. The index record is a
 * copy a writer publishes after its generation, and published again while newer generations turn up, so the
 * last writer to finish leaves it whole.
 */
export interface ProjectsInUse {
  /** The newest generation folded in. */
  generation: number;
  /** Projects where the app is set up. */
  inUse: string[];
  /** Projects looked at the old way and not set up then (anything set up since is in `inUse`, which wins). */
  lookedAtUnused: string[];
}

/** What a writer adds. */
interface Addition {
  inUse: string[];
  lookedAtUnused: string[];
}

const INDEX_KEY = 'site:projects-in-use';
const EMPTY: ProjectsInUse = { generation: 0, inUse: [], lookedAtUnused: [] };

function generationKey(generation: number): string {
  return `${INDEX_KEY}:g${String(generation).padStart(8, '0')}`;
}

/** Project keys in a stored list that are well formed (a damaged entry is dropped, never a read refused). */
function keysIn(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string' && PROJECT_KEY.test(k)) : [];
}

function readIndex(value: unknown): ProjectsInUse | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<Record<keyof ProjectsInUse, unknown>>;
  if (typeof v.generation !== 'number' || !Number.isInteger(v.generation) || v.generation < 0) return undefined;
  return { generation: v.generation, inUse: keysIn(v.inUse), lookedAtUnused: keysIn(v.lookedAtUnused) };
}

function readAddition(value: unknown): Addition {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof Addition, unknown>>;
  return { inUse: keysIn(v.inUse), lookedAtUnused: keysIn(v.lookedAtUnused) };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}

/** What of `addition` the index does not hold yet (a project in use needs no "looked at, unused" entry). */
function missing(index: ProjectsInUse, addition: Addition): Addition {
  const inUse = new Set(index.inUse);
  const known = new Set([...index.inUse, ...index.lookedAtUnused]);
  return { inUse: addition.inUse.filter((k) => !inUse.has(k)), lookedAtUnused: addition.lookedAtUnused.filter((k) => !known.has(k)) };
}

function isEmpty(addition: Addition): boolean {
  return addition.inUse.length === 0 && addition.lookedAtUnused.length === 0;
}

function folded(index: ProjectsInUse, addition: Addition, generation: number): ProjectsInUse {
  return { generation, inUse: union(index.inUse, addition.inUse), lookedAtUnused: union(index.lookedAtUnused, addition.lookedAtUnused) };
}

export class ProjectsInUseIndex {
  constructor(private readonly kv: KeyValueStore) {}

  /** The index as last published (one read); undefined when there is none yet or it cannot be read. */
  async read(): Promise<ProjectsInUse | undefined> {
    return readIndex(await this.kv.get<unknown>(INDEX_KEY));
  }

  /** Adds projects; one read when the index holds them already. */
  async add(addition: Addition): Promise<void> {
    let index = (await this.read()) ?? EMPTY;
    if (isEmpty(missing(index, addition))) return;
    for (;;) {
      index = await this.foldNewer(index);
      const delta = missing(index, addition);
      // Another writer added the same meanwhile: publishing still mends an index whose writer died before it.
      if (isEmpty(delta)) break;
      const next = index.generation + 1;
      if (await this.kv.createIfAbsent(generationKey(next), delta)) {
        index = folded(index, delta, next);
        break;
      }
    }
    await this.publish(index);
  }

  /** Writes the index, then again while newer generations turned up: no newer one is ever left out by the last writer. */
  private async publish(index: ProjectsInUse): Promise<void> {
    let published = index;
    for (;;) {
      await this.kv.set(INDEX_KEY, published);
      const newer = await this.foldNewer(published);
      if (newer.generation === published.generation) return;
      published = newer;
    }
  }

  private async foldNewer(index: ProjectsInUse): Promise<ProjectsInUse> {
    let current = index;
    for (;;) {
      const next = await this.kv.get<unknown>(generationKey(current.generation + 1));
      if (next === undefined) return current;
      current = folded(current, readAddition(next), current.generation + 1);
    }
  }
}
