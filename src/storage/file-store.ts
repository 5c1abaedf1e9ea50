import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { assertKey, KeyValueStore, serialiseValue } from './port';

/**
 * The local store: one JSON file per key under `dir` (by default `.local/store`).
 * Writes go to a temporary file first and are renamed (plain set) or hard-linked (create-if-absent) into
 * place, so a reader never sees half a value, and two processes sharing the folder can't both create the
 * same key: `link` fails with EEXIST for the loser, which is what makes versioned saves safe locally too.
 */
export class FileStore implements KeyValueStore {
  constructor(private readonly dir: string) {}

  async get<T>(key: string): Promise<T | undefined> {
    assertKey(key);
    return this.readFile<T>(this.fileFor(key));
  }

  async set<T>(key: string, value: T): Promise<void> {
    assertKey(key);
    const tmp = await this.writeTemp(serialiseValue(key, value));
    await fs.rename(tmp, this.fileFor(key));
  }

  async createIfAbsent<T>(key: string, value: T): Promise<boolean> {
    assertKey(key);
    const tmp = await this.writeTemp(serialiseValue(key, value));
    try {
      await fs.link(tmp, this.fileFor(key));
      return true;
    } catch (error) {
      if (isErrno(error, 'EEXIST')) return false;
      throw error;
    } finally {
      await fs.unlink(tmp).catch(() => undefined);
    }
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await fs.unlink(this.fileFor(key)).catch((error: unknown) => {
      if (!isErrno(error, 'ENOENT')) throw error;
    });
  }

  async listByPrefix<T>(prefix: string): Promise<{ key: string; value: T }[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw error;
    }
    const keys = names
      .filter((name) => name.startsWith(FILE_PREFIX) && name.endsWith(FILE_SUFFIX))
      .map(decodeFileName)
      .filter((key) => key.startsWith(prefix))
      .sort();
    const entries: { key: string; value: T }[] = [];
    for (const key of keys) {
      // A key deleted between readdir and read is simply gone.
      const value = await this.readFile<T>(this.fileFor(key));
      if (value !== undefined) entries.push({ key, value });
    }
    return entries;
  }

  private fileFor(key: string): string {
    return path.join(this.dir, encodeFileName(key));
  }

  private async readFile<T>(file: string): Promise<T | undefined> {
    try {
      return JSON.parse(await fs.readFile(file, 'utf8')) as T;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    }
  }

  private async writeTemp(text: string): Promise<string> {
    await fs.mkdir(this.dir, { recursive: true });
    const tmp = path.join(this.dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    await fs.writeFile(tmp, text, 'utf8');
    return tmp;
  }
}

const FILE_PREFIX = 'k.';
const FILE_SUFFIX = '.json';

/** Keys may hold ':' and '#', which we keep out of file names (percent-encoded, reversibly). */
function encodeFileName(key: string): string {
  return FILE_PREFIX + key.replace(/[:#%]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()) + FILE_SUFFIX;
}

function decodeFileName(name: string): string {
  return decodeURIComponent(name.slice(FILE_PREFIX.length, -FILE_SUFFIX.length));
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
