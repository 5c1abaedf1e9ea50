import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FileStore, VersionedRecord } from '../../src/storage';

const run = promisify(execFile);

describe('FileStore shared by two processes', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bb-race-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('never loses or duplicates a version when two processes save the same records', async () => {
    const worker = path.join(__dirname, 'race-worker.ts');
    const rounds = 60;
    const start = (who: string) => run(process.execPath, ['--import', 'tsx', worker, dir, who, String(rounds)], { cwd: path.join(__dirname, '../..') });
    const [a, b] = await Promise.all([start('a'), start('b')]);
    const outcomes = [JSON.parse(a.stdout), JSON.parse(b.stdout)] as { won: number; stale: number }[];

    const store = new FileStore(dir);
    let versions = 0;
    for (let pi = 0; pi < 3; pi += 1) {
      const history = await new VersionedRecord<string>(store, `proj:RACE:alloc:PI${pi}`, 'x').history();
      // Versions are 1..n without gaps or repeats: every winning save is there exactly once.
      expect(history.map((h) => h.version)).toEqual(history.map((_, i) => i + 1));
      versions += history.length;
    }
    expect(versions).toBe(outcomes[0].won + outcomes[1].won);
    expect(outcomes[0].won + outcomes[0].stale + outcomes[1].won + outcomes[1].stale).toBe(2 * rounds);
  }, 30_000);
});
