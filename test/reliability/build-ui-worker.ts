/**
 * Builds every Custom UI app into a folder of our own (run by csp.test.ts with tsx, since Vite is ESM-only),
 * so the CSP checks read fresh bundles without racing other tests that build into static/<app>/build.
 */
import { UI_APPS, viteConfigFor } from '../harness/buildUi';

async function main(): Promise<void> {
  const { build } = await import('vite');
  const outRoot = process.argv[2] as string;
  for (const app of UI_APPS) {
    const config = viteConfigFor(app);
    await build({ ...config, logLevel: 'silent', build: { ...config.build, outDir: `${outRoot}/${app}`, emptyOutDir: true } });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
