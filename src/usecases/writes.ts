import type { WriteOutcomeDto } from '../contracts';
import type { NotChanged } from '../jira';
import { i18nOf } from './failures';
import type { CallContext } from './context';

/** After a write the project's cached backlogs are stale: the next read reloads. */
export function afterWrite(ctx: CallContext, projectKey: string): void {
  ctx.platform.backlogCache.forget(`${projectKey}|`);
}

/** A write's outcome as the panel is sent it: each issue not changed with its reason, by key when in the app's words. */
export function toOutcome(outcome: { changed: string[]; notChanged: Pick<NotChanged, 'key' | 'reason' | 'text'>[] }): WriteOutcomeDto {
  return {
    changed: outcome.changed,
    failed: outcome.notChanged.map((n) => {
      const i18n = i18nOf(n.text);
      return i18n ? { key: n.key, reason: n.reason, i18n } : { key: n.key, reason: n.reason };
    }),
  };
}
