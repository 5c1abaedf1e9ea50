export * from './port';
export * from './versioned';
export * from './settings';
export * from './app-store';
export { SnapshotStore } from './snapshot';
export { FileStore } from './file-store';
export { MemoryStore } from './memory-store';
export { KvsStore, isKeyConflict } from './kvs-store';
export type { KvsLike, KvsQueryLike } from './kvs-store';
