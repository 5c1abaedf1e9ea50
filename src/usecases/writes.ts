import type { WriteOutcomeDto } from '../contracts';
import type { CallContext } from './context';

/** After a write the project's cached backlogs are stale: the next read reloads. */
export function afterWrite(ctx: CallContext, projectKey: string): void {
  ctx.platform.backlogCache.forget(`${projectKey}|`);
}

export function toOutcome(outcome: { changed: string[]; notChanged: { key: string; reason: string }[] }): WriteOutcomeDto {
  return { changed: outcome.changed, failed: outcome.notChanged.map((n) => ({ key: n.key, reason: n.reason })) };
}
