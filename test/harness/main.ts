/**
 * `npm start`: the panel against the embedded demo Jira site, or, with JIRA_BASE_URL, JIRA_EMAIL and
 * JIRA_API_TOKEN set, against that real site (read-only unless `--allow-writes`). Prints one URL.
 */
import { startHarness, type HarnessOptions } from './harness';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const env = process.env;
  const port = env.PORT ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  const options: HarnessOptions = { port, log: (line) => console.log(line) };
  const realVars = [env.JIRA_BASE_URL, env.JIRA_EMAIL, env.JIRA_API_TOKEN];
  if (realVars.some(Boolean)) {
    if (!realVars.every(Boolean)) throw new Error('Set all three of JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN to use a real Jira site (or none for the demo site).');
    options.real = { baseUrl: env.JIRA_BASE_URL as string, email: env.JIRA_EMAIL as string, apiToken: env.JIRA_API_TOKEN as string };
    options.allowWrites = args.includes('--allow-writes');
  } else {
    options.demo = {
      scale: env.DEMO_SCALE ? Number(env.DEMO_SCALE) : undefined,
      seed: env.DEMO_SEED ? Number(env.DEMO_SEED) : undefined,
      teams: env.DEMO_TEAMS ? Number(env.DEMO_TEAMS) : undefined,
      quirks: env.DEMO_PROFILE || undefined,
    };
  }
  const harness = await startHarness(options);
  const mode = options.real ? `${options.real.baseUrl}${options.allowWrites ? ' (writes allowed)' : ' (read-only)'}` : 'the demo Jira site';
  console.log(`Backlog Balance on ${mode}: ${harness.url}`);
  const stop = (): void => {
    harness.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
