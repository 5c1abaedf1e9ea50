/**
 * One PO's session in its own process (run by storage-races.test.ts): for each round it waits until the other
 * session is ready too, then saves the same PI's allocation based on the version both opened, and prints what
 * happened to it, one JSON line per round.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppStore, FileStore, StaleVersionError } from '../../src/storage';
import { sessionPercents } from './helpers';

async function barrier(dir: string, round: number, who: string, other: string): Promise<void> {
  writeFileSync(path.join(dir, `ready-${round}-${who}`), '');
  const theirs = path.join(dir, `ready-${round}-${other}`);
  while (!existsSync(theirs)) await new Promise((resolve) => setImmediate(resolve));
}

async function main(): Promise<void> {
  const [storeDir, syncDir, who, other, rounds] = process.argv.slice(2) as [string, string, string, string, string];
  const store = new AppStore(new FileStore(storeDir));
  for (let round = 0; round < Number(rounds); round += 1) {
    const allocation = store.allocation('ORION', 'PI-2027.1');
    // Both sessions opened version `round` (each earlier round saved exactly one version).
    const percents = sessionPercents(who, round);
    await barrier(syncDir, round, who, other);
    try {
      const saved = await allocation.save(percents, round, who, new Date());
      process.stdout.write(`${JSON.stringify({ round, won: true, version: saved.version })}\n`);
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      process.stdout.write(`${JSON.stringify({ round, won: false, message: error.message })}\n`);
    }
  }
}

void main();
