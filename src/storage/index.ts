export * from './port';
export * from './versioned';
export * from './settings';
export * from './app-store';
export { FileStore } from './file-store';
export { MemoryStore } from './memory-store';
export { KvsStore, isKeyConflict } from './kvs-store';
export type { KvsLike, KvsQueryLike } from './kvs-store';
