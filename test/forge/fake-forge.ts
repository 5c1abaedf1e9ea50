/**
 * A stand-in for the Forge runtime around src/index.ts, for tests that load the real module once (one warm
 * function instance) and invoke it for several installations, as Forge does.
 *
 * Like Forge, it knows per invocation which installation and which user it runs for (here an
 * AsyncLocalStorage, so interleaved invocations never see each other's): `asUser()` calls the invoking
 * installation's Jira as the invoking user, `asUser(accountId)` as that account (impersonation, also where no
 * user invoked, as in a queue consumer), and `asUser()` without a user in the invocation fails as on Forge.
 * KVS is per installation, as Forge's is. Nothing about an installation is shared between invocations except
 * what the module itself keeps.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DemoSite } from '../demo-site';
import { FakeKvs } from '../storage/fake-kvs';

interface Invocation {
  installContext: string;
  /** The user who invoked (a resolver); absent in a queue consumer or scheduled trigger. */
  accountId?: string;
}

export interface SentRequest {
  installContext: string;
  /** The account the request ran as. */
  as: string;
  /** `asUser(accountId)` (impersonation) rather than the invoking user. */
  impersonated: boolean;
  method: string;
  path: string;
}

export interface PushedEvent {
  installContext: string;
  body: Record<string, unknown>;
  /** The queue pushed to, the delay and the concurrency limit asked (absent when not asked). */
  queue?: string;
  delayInSeconds?: number;
  concurrency?: { key: string; limit: number };
}

/** The site's licence for the app as Forge hands it to every function (`context.license`). */
export interface FakeLicense {
  isActive: boolean;
}

/**
 * The second argument Forge gives every function (resolver, trigger, scheduled trigger, queue consumer): the
 * installation, the invoking user where there is one, and the licence where licensing applies.
 */
export interface ForgeInvocationContext {
  installContext: string;
  principal?: { accountId: string };
  license?: FakeLicense;
}

/** Account ids reported to the personal data reporting API, and what it answers per account. */
export interface PrivacyFake {
  reported: { installContext: string; accounts: { accountId: string; updatedAt: string }[] }[];
  closed: Set<string>;
}

export class FakeForge {
  private readonly als = new AsyncLocalStorage<Invocation>();
  private readonly sites = new Map<string, DemoSite>();
  private readonly stores = new Map<string, FakeKvs>();
  private readonly licences = new Map<string, FakeLicense>();
  readonly requests: SentRequest[] = [];
  readonly pushed: PushedEvent[] = [];
  readonly privacy: PrivacyFake = { reported: [], closed: new Set() };

  /** Installs the app on a site: its installContext is `ari:cloud:jira::site/<cloudId>`. */
  install(cloudId: string, site: DemoSite): string {
    const installContext = `ari:cloud:jira::site/${cloudId}`;
    this.sites.set(installContext, site);
    this.stores.set(installContext, new FakeKvs());
    return installContext;
  }

  /** The KVS of one installation (what Forge keeps for it). */
  kvsOf(installContext: string): FakeKvs {
    const store = this.stores.get(installContext);
    if (!store) throw new Error(`Not installed: ${installContext}`);
    return store;
  }

  /**
   * Sets the installation's licence from now on, as Marketplace does when a subscription starts or lapses;
   * `undefined` is an installation Forge passes no licence for (development, or licensing not applicable).
   */
  setLicence(installContext: string, license: FakeLicense | undefined): void {
    this.kvsOf(installContext);
    if (license === undefined) this.licences.delete(installContext);
    else this.licences.set(installContext, { ...license });
  }

  /** The context Forge passes a function invoked now for this installation (and user, for a resolver). */
  contextFor(installContext: string, accountId?: string): ForgeInvocationContext {
    const license = this.licences.get(installContext);
    return { installContext, ...(accountId !== undefined ? { principal: { accountId } } : {}), ...(license ? { license: { ...license } } : {}) };
  }

  run<T>(invocation: Invocation, body: () => Promise<T>): Promise<T> {
    return this.als.run(invocation, body);
  }

  private current(): Invocation {
    const invocation = this.als.getStore();
    if (!invocation) throw new Error('Forge API used outside an invocation');
    return invocation;
  }

  private kvs(): FakeKvs {
    return this.kvsOf(this.current().installContext);
  }

  /** `@forge/api` as the module sees it. */
  apiModule() {
    const requestJiraAs = (userId: string | undefined) => async (path: string, init: RequestInit = {}) => {
      const invocation = this.current();
      const account = userId ?? invocation.accountId;
      // Forge: asUser() needs a user in the invocation's context; a consumer or trigger has none.
      if (!account) throw new Error('Authentication required: asUser() called where no user invoked the function; pass an accountId to impersonate.');
      const site = this.sites.get(invocation.installContext);
      if (!site) throw new Error(`Not installed: ${invocation.installContext}`);
      const user = site.users.find((u) => u.accountId === account);
      if (!user) return new Response(JSON.stringify({ errorMessages: ['Unknown account'] }), { status: 401 });
      this.requests.push({ installContext: invocation.installContext, as: account, impersonated: userId !== undefined, method: init.method ?? 'GET', path });
      return fetch(`${site.baseUrl}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: user.authorization } });
    };
    const reportPersonalData = async (accounts: { accountId: string; updatedAt: string }[]) => {
      const { installContext } = this.current();
      if (accounts.length > 90) throw new Error('At most 90 accounts per call');
      this.privacy.reported.push({ installContext, accounts: accounts.map((a) => ({ ...a })) });
      return accounts.filter((a) => this.privacy.closed.has(a.accountId)).map((a) => ({ accountId: a.accountId, status: 'closed' as const }));
    };
    return {
      __esModule: true,
      assumeTrustedRoute: (path: string) => path,
      privacy: { reportPersonalData },
      default: {
        asUser: (userId?: string) => ({ requestJira: requestJiraAs(userId) }),
        // As the app: its own identity on the invoking site (the demo site's app account), which only the
        // app field value API accepts; the app calls nothing else as itself (the adapter refuses other routes).
        asApp: () => ({
          requestJira: async (path: string, init: RequestInit = {}) => {
            const { installContext } = this.current();
            const site = this.sites.get(installContext);
            if (!site) throw new Error(`Not installed: ${installContext}`);
            this.requests.push({ installContext, as: 'app', impersonated: false, method: init.method ?? 'GET', path });
            return fetch(`${site.baseUrl}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: site.app.authorization } });
          },
        }),
      },
    };
  }

  /** `@forge/kvs`'s `kvs`, per installation. */
  kvsModule() {
    return {
      get: (key: string) => this.kvs().get(key),
      set: (key: string, value: unknown, options?: { keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS' }) => this.kvs().set(key, value, options),
      delete: (key: string) => this.kvs().delete(key),
      query: () => this.kvs().query(),
    };
  }

  /** `@forge/events`' Queue: records each push with the installation that pushed it. */
  queueClass() {
    const pushed = this.pushed;
    const current = () => this.current();
    return class {
      constructor(readonly params: { key: string }) {}
      async push(events: Omit<PushedEvent, 'installContext' | 'queue'> | Omit<PushedEvent, 'installContext' | 'queue'>[]) {
        const { installContext } = current();
        for (const event of Array.isArray(events) ? events : [events]) pushed.push({ ...event, installContext, queue: this.params.key });
        return { jobId: `forge-job-${pushed.length}` };
      }
    };
  }
}

/** The one runtime of a test file; the jest.mock factories and the test share it. */
export const fakeForge = new FakeForge();
