/** A Jira data warning as the backend says it in English (its catalog text, or the English it was stored as). */
import type { I18nMessage } from '../../src/contracts';
import { englishText, isMessageKey } from '../../src/contracts/messages';
import type { JiraWarning } from '../../src/jira/warnings';

export function warningText(warning: JiraWarning): string {
  if (typeof warning === 'string') return warning;
  if (!isMessageKey(warning.key)) throw new Error(`Not a catalog key: ${warning.key}`);
  return englishText(warning.key, warning.params as I18nMessage['params']);
}
