import type { KeyValueStore } from './port';

/**
 * The Atlassian account ids the app keeps in one installation's storage, for Forge's personal data reporting:
 * who saved a version (`savedBy`), who started a job or previewed (`accountId`), and whose loaded backlog a
 * snapshot is (the account in its key). Everything under the app's prefixes is read, so a record added later
 * that names an account in one of those fields is reported and erased too.
 */

/** What replaces a closed account's id in what the app must keep (a saved allocation stays, its author goes). */
export const ERASED_ACCOUNT = 'erased-account';

/** Fields whose string value is an account id, in every record the app stores. */
const ACCOUNT_FIELDS = new Set(['accountId', 'savedBy']);
/** Fields holding when a record (and so the personal data in it) was last written; without one, "now". */
const TIME_FIELDS = ['savedAt', 'updatedAt', 'attemptedAt'] as const;
/** Every top-level prefix the app writes (see AppStore's key layout). */
const PREFIXES = ['site:', 'proj:', 'job:', 'token:', 'snapgen:'];
/**
 * Keys that are one user's own: a loaded backlog and its chunks and load pointer (`proj:<KEY>:snap:<account>:...`),
 * a generation of it being written or removed (`snapgen:proj:<KEY>:snap:<account>:...`) and the version of their
 * latest snapshot (`proj:<KEY>:snapver:<account>`).
 */
const USER_KEY = /^(?:snapgen:)?proj:[^:]+:(?:snap:(.+?):(?:s\d+(?::.*)?|load)|snapver:(.+))$/;

function ownerOf(key: string): string | undefined {
  const match = USER_KEY.exec(key);
  return match ? (match[1] ?? match[2]) : undefined;
}

export interface StoredAccount {
  accountId: string;
  /** The latest time the app wrote data naming this account (ISO). */
  updatedAt: string;
}

/** Every account id stored, with when data about it was last written. */
export async function storedAccounts(kv: KeyValueStore, now: Date): Promise<StoredAccount[]> {
  const latest = new Map<string, string>();
  const note = (accountId: string, at: string) => {
    if (accountId === ERASED_ACCOUNT || accountId === '') return;
    const known = latest.get(accountId);
    if (!known || at > known) latest.set(accountId, at);
  };
  await eachEntry(kv, (key, value) => {
    const at = timeOf(value) ?? now.toISOString();
    const owner = ownerOf(key);
    if (owner) note(owner, at);
    for (const accountId of accountsIn(value)) note(accountId, at);
  });
  return [...latest].map(([accountId, updatedAt]) => ({ accountId, updatedAt })).sort((a, b) => a.accountId.localeCompare(b.accountId));
}

/**
 * Erases what the app keeps about closed accounts: their own keys (loaded backlogs, load pointers) are
 * deleted, and where a shared record names them (an allocation's author, a job's starter) the id is replaced
 * by `ERASED_ACCOUNT`. Answers how many keys were changed or deleted.
 */
export async function eraseAccounts(kv: KeyValueStore, closed: ReadonlySet<string>): Promise<number> {
  if (closed.size === 0) return 0;
  const deletions: string[] = [];
  const rewrites: { key: string; value: unknown }[] = [];
  await eachEntry(kv, (key, value) => {
    const owner = ownerOf(key);
    if (owner && closed.has(owner)) return void deletions.push(key);
    if (accountsIn(value).some((a) => closed.has(a))) rewrites.push({ key, value: withoutAccounts(value, closed) });
  });
  for (const key of deletions) await kv.delete(key);
  for (const { key, value } of rewrites) await kv.set(key, value);
  return deletions.length + rewrites.length;
}

async function eachEntry(kv: KeyValueStore, visit: (key: string, value: unknown) => void): Promise<void> {
  for (const prefix of PREFIXES) {
    for (const { key, value } of await kv.listByPrefix<unknown>(prefix)) visit(key, value);
  }
}

function accountsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) accountsIn(item, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const [field, inner] of Object.entries(value)) {
      if (ACCOUNT_FIELDS.has(field) && typeof inner === 'string') found.push(inner);
      else accountsIn(inner, found);
    }
  }
  return found;
}

function withoutAccounts(value: unknown, closed: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutAccounts(item, closed));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([field, inner]) => [
      field,
      ACCOUNT_FIELDS.has(field) && typeof inner === 'string' && closed.has(inner) ? ERASED_ACCOUNT : withoutAccounts(inner, closed),
    ]),
  );
}

function timeOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const times = TIME_FIELDS.map((f) => (value as Record<string, unknown>)[f]).filter((t): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t)));
  return times.length > 0 ? times.sort()[times.length - 1]! : null;
}
