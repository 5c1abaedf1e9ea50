/** Narrowing readers for Jira JSON: a missing or odd value reads as null/empty instead of throwing. */

export type JsonRecord = Record<string, unknown>;

export function asRecord(value: unknown): JsonRecord | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : null;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** A finite number; numeric strings count (some number-like custom fields arrive as text). */
export function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

export function field(record: JsonRecord | null, name: string): unknown {
  return record ? record[name] : undefined;
}

export function stringAt(record: JsonRecord | null, name: string): string | null {
  return asString(field(record, name));
}
