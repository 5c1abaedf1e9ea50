/**
 * What reads derive from one backlog version (the plan, its forecast, its people load...), computed once per
 * inputs and shared by the reads that follow while Jira reports no change (issue 16).
 *
 * A value is kept on an object that lives exactly as long as one backlog version: the items derived from the
 * loaded issue list (`TeamData.items`, see team-data.ts), or something computed from them once (a plan's
 * `chosen` fill). A refresh that finds a change makes a new list, so everything kept on the old one is dropped
 * with it (a WeakMap) and nothing stale can be found. Those objects live in one site's, user's and project's
 * backlog cache entry, and the key also names the site (Forge serves many sites from one instance), so a value
 * never reaches another tenant. The key must hold everything else the value depends on (settings version,
 * PI, allocation, the request...). The values are shared: their readers never change them.
 */

/** The inputs a derived value depends on besides its version object; `site` is the installation (cloudId). */
export interface DerivedInputs {
  site: string;
  [input: string]: unknown;
}

export class DerivedCache<T> {
  private readonly byVersion = new WeakMap<object, Map<string, T>>();

  /** `perVersion`: values kept per version object, the most recently used (a PO's few recent requests). */
  constructor(private readonly perVersion: number) {}

  /** The value for `version` and `inputs`, computed by `compute` the first time only. */
  get(version: object, inputs: DerivedInputs, compute: () => T): T {
    const key = JSON.stringify(inputs);
    const known = this.byVersion.get(version);
    return this.keep(version, key, known?.has(key) ? (known.get(key) as T) : compute());
  }

  /** The value for `version` and `inputs` if one was computed and is still kept; nothing is computed. */
  peek(version: object, inputs: DerivedInputs): T | undefined {
    return this.byVersion.get(version)?.get(JSON.stringify(inputs));
  }

  /** As `get` for a value computed asynchronously (reads Jira): kept once computed, so a failure is never kept. */
  async getAsync(version: object, inputs: DerivedInputs, compute: () => Promise<T>): Promise<T> {
    const key = JSON.stringify(inputs);
    const known = this.byVersion.get(version);
    return this.keep(version, key, known?.has(key) ? (known.get(key) as T) : await compute());
  }

  private keep(version: object, key: string, value: T): T {
    let known = this.byVersion.get(version);
    if (!known) {
      known = new Map();
      this.byVersion.set(version, known);
    }
    // Most recently used last; the oldest go first.
    known.delete(key);
    known.set(key, value);
    for (const oldest of known.keys()) {
      if (known.size <= this.perVersion) break;
      known.delete(oldest);
    }
    return value;
  }
}
