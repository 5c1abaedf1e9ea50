/** `npm run demo-site`: the demo Jira site alone, on PORT (default 4000), printing its users and tokens. */
import { DEMO_TRAIN_TEAMS, startDemoSite } from './index';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 4000);
  const scale = process.env.DEMO_SCALE ? Number(process.env.DEMO_SCALE) : undefined;
  const seed = process.env.DEMO_SEED ? Number(process.env.DEMO_SEED) : undefined;
  const storyPointsField = process.env.DEMO_POINTS_FIELD === 'Story Points' ? 'Story Points' : undefined;
  const acceptanceCriteriaField = process.env.DEMO_AC_FIELD !== '0';
  const quirks = process.env.DEMO_PROFILE || undefined;
  const teams = process.env.DEMO_TEAMS ? Number(process.env.DEMO_TEAMS) : DEMO_TRAIN_TEAMS;
  const site = await startDemoSite({ port, scale, seed, teams, storyPointsField, acceptanceCriteriaField, quirks, host: process.env.HOST ?? '127.0.0.1' });
  const lines = [
    `Demo Jira site on ${site.baseUrl} (${site.view.issues().length} issues, story points in ${site.view.pointsFieldId()})`,
    '',
    'Users (HTTP basic auth: email + API token):',
    ...site.users.map((u) => `  ${u.email.padEnd(18)} token ${u.apiToken.padEnd(18)} ${u.displayName}; browses ${Object.keys(u.permissions).join(', ')}`),
    '',
    'Try:',
    `  curl -s -u po@demo.test:demo-token-po -H 'Content-Type: application/json' \\`,
    `    -d '{"jql":"project = ORION AND statusCategory != Done ORDER BY Rank ASC","fields":["summary","status"],"maxResults":5}' \\`,
    `    ${site.baseUrl}/rest/api/3/search/jql`,
    '',
    'Ctrl+C stops it.',
  ];
  console.log(lines.join('\n'));
  const stop = (): void => {
    void site.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
