/**
 * Time spent waiting on Jira, as the union of the intervals during which at least one request is in flight
 * (from the call until its body is read). A resolver call's wall time minus this is its own compute.
 */
import type { JiraResponse, RequestJira } from '../src/jira';

export class JiraWaitClock {
  private active = 0;
  private since = 0;
  private waited = 0;

  reset(): void {
    this.waited = 0;
  }

  get waitedMs(): number {
    return this.waited;
  }

  private begin(): void {
    if (this.active++ === 0) this.since = performance.now();
  }

  private end(): void {
    if (--this.active === 0) this.waited += performance.now() - this.since;
  }

  wrap(inner: RequestJira): RequestJira {
    return async (path, init) => {
      this.begin();
      let response: JiraResponse;
      try {
        response = await inner(path, init);
      } catch (error) {
        this.end();
        throw error;
      }
      let body: Promise<string> | null = null;
      const text = (): Promise<string> => {
        body ??= response.text().finally(() => this.end());
        return body;
      };
      return { status: response.status, headers: response.headers, text, json: async () => JSON.parse(await text()) as unknown };
    };
  }
}
