import { validate } from '@forge/manifest';
import { appDirForValidation, readManifest, REPO_ROOT, scopeKeys } from './app-dir';
import path from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** A module title as an English-speaking user sees it: plain, or its i18n key looked up in the default catalog. */
function englishTitle(title: string | { i18n: string } | undefined): string | undefined {
  if (typeof title !== 'object') return title;
  const catalog = JSON.parse(readFileSync(path.join(REPO_ROOT, 'locales', 'en-US.json'), 'utf8')) as Record<string, string>;
  return catalog[title.i18n];
}

describe('manifest.yml', () => {
  it("passes @forge/manifest's full validation", async () => {
    const app = appDirForValidation();
    try {
      const result = await validate(false, path.join(app.dir, 'manifest.yml'));
      expect(result.errors ?? []).toEqual([]);
      expect(result.success).toBe(true);
    } finally {
      app.cleanup();
    }
  });

  it('shows the settings page and issue panel in software projects only, the project page also in business projects (program projects)', async () => {
    const modules = readManifest().modules as unknown as Record<string, { displayConditions?: unknown }[]>;
    const conditions = (type: string) => modules[type]?.[0]?.displayConditions;
    expect(conditions('jira:projectPage')).toEqual({ projectType: ['software', 'business'] });
    expect(conditions('jira:projectSettingsPage')).toEqual({ projectType: 'software' });
    expect(conditions('jira:issuePanel')).toEqual({ projectType: 'software' });
    // Forge's validate() holds display conditions to its schema: one it does not know fails the manifest.
    const app = appDirForValidation();
    try {
      const file = path.join(app.dir, 'manifest.yml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('projectType: software', 'projectKind: software'));
      const result = await validate(false, file);
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.errors)).toMatch(/Display conditions of the .*backlog-balance-settings.* module are invalid/);
    } finally {
      app.cleanup();
    }
  });

  it('declares the four UIs on their built resources, each with its own resolver function', () => {
    const manifest = readManifest();
    const expected: [string, string, string][] = [
      ['jira:projectPage', 'Backlog balance', 'static/panel/build'],
      ['jira:projectSettingsPage', 'Backlog balance', 'static/settings/build'],
      ['jira:adminPage', 'Backlog balance defaults', 'static/admin/build'],
      ['jira:issuePanel', 'Backlog balance', 'static/issue-panel/build'],
    ];
    const functions = new Map(manifest.modules.function.map((f) => [f.key, f.handler]));
    const resolverFunctions = new Set<string>();
    for (const [type, title, resourcePath] of expected) {
      const [module] = manifest.modules[type] ?? [];
      expect(englishTitle(module?.title)).toBe(title);
      const resource = manifest.resources.find((r) => r.key === module?.resource);
      expect(resource?.path).toBe(resourcePath);
      const fn = module?.resolver?.function as string;
      expect(functions.get(fn)).toMatch(/^index\.\w+Handler$/);
      resolverFunctions.add(fn);
    }
    expect(resolverFunctions.size).toBe(4);
  });

  it('ships every icon a module names: resource:<key>;<file> is in that app\'s public/ folder, which Vite copies into the build', () => {
    const manifest = readManifest();
    // The dashboard gadget's picture in Jira's gadget directory is its `thumbnail`.
    const icons = Object.values(manifest.modules)
      .flat()
      .flatMap((m) => [(m as { icon?: unknown }).icon, (m as { thumbnail?: unknown }).thumbnail])
      .filter((icon): icon is string => typeof icon === 'string' && icon.startsWith('resource:'));
    expect(icons.length).toBeGreaterThan(0);
    for (const icon of icons) {
      const [key, file] = icon.slice('resource:'.length).split(';');
      const resource = manifest.resources.find((r) => r.key === key);
      expect(resource).toBeDefined();
      const publicDir = path.join(path.dirname(resource!.path), 'public');
      expect(existsSync(path.join(__dirname, '..', '..', publicDir, file!))).toBe(true);
    }
  });

  it('runs long writes on a queue consumer with a long timeout', () => {
    const manifest = readManifest();
    const [consumer] = manifest.modules.consumer ?? [];
    expect(consumer?.queue).toBe('backlog-balance-long-writes');
    const worker = manifest.modules.function.find((f) => f.key === consumer?.function);
    expect(worker?.handler).toBe('index.longWritesHandler');
    expect(worker?.timeoutSeconds).toBeGreaterThan(25);
  });

  it("runs on the newest Node runtime Forge's manifest schema offers, and package.json's engines and @types/node name the same Node", () => {
    const schema = JSON.parse(readFileSync(require.resolve('@forge/manifest/schema.json'), 'utf8')) as {
      definitions: { AppSchema: { properties: { runtime: { properties: { name: { enum: string[] } } } } } };
    };
    const offered = schema.definitions.AppSchema.properties.runtime.properties.name.enum;
    const major = (name: string): number => Number(/^nodejs(\d+)\.x$/.exec(name)?.[1]);
    const newest = Math.max(...offered.map(major));
    expect(newest).toBeGreaterThanOrEqual(24);
    expect(readManifest().app.runtime.name).toBe(`nodejs${newest}.x`);
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; devDependencies: Record<string, string> };
    expect(pkg.engines.node).toBe(`>=${newest}`);
    expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${newest}\\.`));
  });

  it('exports every handler the manifest names from src/index.ts', async () => {
    jest.resetModules();
    // The Forge runtime globals are absent here; loading the module must still work (handlers are lazy).
    const entry = (await import('../../src/index')) as Record<string, unknown>;
    for (const fn of readManifest().modules.function) {
      const name = (fn.handler as string).split('.')[1] as string;
      expect(typeof entry[name]).toBe('function');
    }
  });

  it('asks for no egress and only Jira and storage scopes', () => {
    const manifest = readManifest() as unknown as { permissions: { scopes: unknown; external?: unknown } };
    expect(manifest.permissions.external).toBeUndefined();
    for (const scope of scopeKeys(manifest.permissions.scopes)) expect(scope).toMatch(/^(read|write):([a-z.-]+:)?(jira|jira-software|jira-work|jira-user)$|^storage:app$/);
  });

  it('lets the queue consumer impersonate the confirming user for every Jira scope, and for nothing else', () => {
    const scopes = readManifest().permissions.scopes;
    expect(Array.isArray(scopes)).toBe(false);
    const declared = scopes as Record<string, { allowImpersonation?: boolean }>;
    const jira = scopeKeys(declared).filter((s) => s !== 'storage:app');
    expect(jira.length).toBeGreaterThan(5);
    for (const scope of jira) expect([scope, declared[scope]?.allowImpersonation]).toEqual([scope, true]);
    expect(declared['storage:app']?.allowImpersonation).toBeUndefined();
  });
});
