/**
 * Validate demo-site responses against Atlassian's published OpenAPI descriptions in ../shared/jira-openapi
 * with ajv, resolving `$ref`s into each document's components.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const SPEC_DIR = path.resolve(__dirname, '../../../shared/jira-openapi');
export type SpecName = 'platform' | 'software';
const FILES: Record<SpecName, string> = { platform: 'jira-platform.v3.json', software: 'jira-software.json' };

let ajv: Ajv | null = null;
const docs: Partial<Record<SpecName, Record<string, unknown>>> = {};
const cache = new Map<string, ValidateFunction>();

function load(): Ajv {
  if (ajv) return ajv;
  // OpenAPI 3.0 schemas carry keywords JSON Schema does not know (example, xml, discriminator): not strict.
  const instance = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(instance);
  for (const format of ['int32', 'int64', 'double', 'float']) instance.addFormat(format, true);
  for (const name of Object.keys(FILES) as SpecName[]) {
    const doc = JSON.parse(fs.readFileSync(path.join(SPEC_DIR, FILES[name]), 'utf8')) as Record<string, unknown>;
    docs[name] = doc;
    instance.addSchema({ ...doc, $id: name }, name);
  }
  ajv = instance;
  return instance;
}

function pointer(...parts: string[]): string {
  return parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function validator(ref: string): ValidateFunction {
  const found = cache.get(ref);
  if (found) return found;
  const compiled = load().compile({ $ref: ref });
  cache.set(ref, compiled);
  return compiled;
}

/** The response schema the description gives for an operation and status, or null when it gives none. */
export function responseSchemaRef(spec: SpecName, apiPath: string, method: string, status: number): string | null {
  load();
  const doc = docs[spec] as { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };
  const op = doc.paths[apiPath]?.[method.toLowerCase()];
  if (!op) throw new Error(`${spec} description has no ${method} ${apiPath}`);
  const schema = op.responses?.[String(status)]?.content?.['application/json']?.schema;
  if (!schema) return null;
  return `${spec}#/${pointer('paths', apiPath, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema')}`;
}

export function componentRef(spec: SpecName, name: string): string {
  return `${spec}#/components/schemas/${name}`;
}

/** Validation errors of `data` against a schema reference, as readable lines (empty when valid). */
export function schemaErrors(ref: string, data: unknown): string[] {
  const validate = validator(ref);
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Validate against the operation's documented response schema; throws when the description has none. */
export function operationErrors(spec: SpecName, apiPath: string, method: string, status: number, data: unknown): string[] {
  const ref = responseSchemaRef(spec, apiPath, method, status);
  if (!ref) throw new Error(`${spec} gives no schema for ${method} ${apiPath} ${status}`);
  return schemaErrors(ref, data);
}
