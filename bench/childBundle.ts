/**
 * The resolver-like child (`child.ts`) compiled to one JavaScript file, as Forge deploys a function: run by
 * plain Node, so its memory and time are the app's, not those of a TypeScript loader (tsx alone is ~50 MB
 * of RSS). Its packages are bundled too, as Forge's build does. It is written under node_modules/.cache.
 */
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

let built: Promise<string> | null = null;

/** The bundled child's path; built once per benchmark process. */
export function bundledChild(): Promise<string> {
  built ??= (async () => {
    // Named after this checkout: git worktrees share one node_modules, and one's bundle must not replace another's.
    const checkout = createHash('sha1').update(path.resolve(__dirname, '..')).digest('hex').slice(0, 8);
    const dir = path.resolve(__dirname, '..', 'node_modules', '.cache', `backlog-balance-bench-${checkout}`);
    mkdirSync(dir, { recursive: true });
    const outfile = path.join(dir, 'child.cjs');
    await build({
      entryPoints: [path.resolve(__dirname, 'child.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: `node${process.versions.node.split('.')[0]}`,
      logLevel: 'error',
    });
    return outfile;
  })();
  return built;
}
