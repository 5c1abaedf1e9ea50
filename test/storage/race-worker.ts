/**
 * Run as a separate process by file-store-processes.test.ts: saves version 1..N of several records in the
 * given folder, each save based on what it last read, and prints how many of its saves won.
 */
import { FileStore, StaleVersionError, VersionedRecord } from '../../src/storage';

async function main(): Promise<void> {
  const [dir, who, rounds] = process.argv.slice(2);
  const store = new FileStore(dir);
  let won = 0;
  let stale = 0;
  for (let i = 0; i < Number(rounds); i += 1) {
    const record = new VersionedRecord<string>(store, `proj:RACE:alloc:PI${i % 3}`, 'The allocation');
    const base = (await record.latest())?.version ?? 0;
    try {
      await record.save(`${who}-${i}`, base, who, new Date());
      won += 1;
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      stale += 1;
    }
  }
  process.stdout.write(JSON.stringify({ won, stale }));
}

void main();
