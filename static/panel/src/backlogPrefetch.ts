import type { BacklogDto, Result } from '../../../src/contracts';
import { panelApi } from '../../shared/api';

/**
 * The Backlog tab is where a PO spends most time: its data is asked for as soon as the panel opens, beside
 * the Balance tab's, and handed to the Backlog tab if that is the next tab opened. Opening another tab
 * first (where the PO may change the backlog) drops it, so the Backlog tab never shows stale rows.
 */
export class BacklogPrefetch {
  private pending: { piId: string | undefined; result: Promise<Result<BacklogDto>> } | null = null;

  start(piId: string | undefined): void {
    const result = panelApi('getBacklog', { piId });
    // A failure surfaces when (if) the Backlog tab takes the result; unhandled here it would only be noise.
    result.catch(() => undefined);
    this.pending = { piId, result };
  }

  drop(): void {
    this.pending = null;
  }

  /** The prefetched result for this PI (once), else null. */
  take(piId: string | undefined): Promise<Result<BacklogDto>> | null {
    const pending = this.pending;
    this.pending = null;
    return pending && pending.piId === piId ? pending.result : null;
  }
}
