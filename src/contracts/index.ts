/**
 * The contract between the Custom UI apps and the backend: the DTOs and requests (type-only) and the values
 * of their compact encodings. The UI imports this module; the backend also uses `payloads.ts` (the zod schema
 * of each request) and `errors.ts` (`AppFailure`), which the UI never needs.
 */
export type * from './definitions';
export * from './encoding';
