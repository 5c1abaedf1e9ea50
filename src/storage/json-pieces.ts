/**
 * `JSON.stringify` in pieces: the text of a large value (a backlog of 50,000 issues is ~26 MB) is produced
 * a few elements at a time, so it can be stored in chunks without ever being one string in memory.
 * Joined, the pieces equal `JSON.stringify(value)` for plain JSON data (what the stores keep).
 */

/** Objects are opened and arrays batched up to this depth; anything deeper is stringified whole (it is small). */
const OPEN_DEPTH = 2;
/** Array elements stringified per piece: one call per element costs more than the stringify itself. */
const ARRAY_BATCH = 250;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** What `JSON.stringify` omits from an object. */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

export function* jsonPieces(value: unknown, depth = 0): Generator<string> {
  if (depth < OPEN_DEPTH && Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i += ARRAY_BATCH) {
      // JSON.stringify writes the batch's undefined elements as null, as it would in the whole array.
      const batch = JSON.stringify(value.slice(i, i + ARRAY_BATCH));
      yield `${i > 0 ? ',' : ''}${batch.slice(1, -1)}`;
    }
    yield ']';
    return;
  }
  if (depth < OPEN_DEPTH && isPlainObject(value)) {
    yield '{';
    let first = true;
    for (const key of Object.keys(value)) {
      const member = value[key];
      if (isOmitted(member)) continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* jsonPieces(member, depth + 1);
    }
    yield '}';
    return;
  }
  // Top-level undefined has no JSON text; stores never keep it, but the pieces must still parse.
  yield JSON.stringify(value) ?? 'null';
}

/**
 * The pieces joined into runs of at least `size` characters (the last one may be shorter), cut only between
 * pieces. For a consumer that pays per write: a zlib stream costs a thread-pool round trip per write, and an
 * object opened key by key (a backlog's 10,000 issue ids) is 20,000 pieces.
 */
export function* jsonRuns(value: unknown, size: number): Generator<string> {
  let pending = '';
  for (const piece of jsonPieces(value)) {
    pending += piece;
    if (pending.length >= size) {
      yield pending;
      pending = '';
    }
  }
  if (pending.length > 0) yield pending;
}

/**
 * The pieces regrouped into strings of `size` characters (the last one shorter), one less where the cut
 * would split a surrogate pair: each chunk stays well-formed Unicode (an emoji's halves apart would not
 * survive a store that keeps UTF-8).
 */
export function* jsonChunks(value: unknown, size: number): Generator<string> {
  if (!Number.isInteger(size) || size < 2) throw new RangeError(`Chunk size must be a whole number of at least 2, not ${size}`);
  let pending = '';
  for (const piece of jsonPieces(value)) {
    pending += piece;
    while (pending.length >= size) {
      const cut = isHighSurrogate(pending.charCodeAt(size - 1)) ? size - 1 : size;
      yield pending.slice(0, cut);
      pending = pending.slice(cut);
    }
  }
  if (pending.length > 0) yield pending;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
