/** Jira data warnings as the DTOs send them: English text, and the same by catalog key for the reader's language. */

import type { I18nMessage, I18nParam } from '../contracts';
import { englishText } from '../contracts/messages';
import type { JiraWarning } from '../jira/warnings';
import { i18nOf } from './failures';

/** A warning sent on: `i18n` is null for one a snapshot stored as English text before warnings had keys (shown as is). */
export interface SentWarning {
  text: string;
  i18n: I18nMessage | null;
}

/** A stored warning in English and by key. */
export function sentWarning(warning: JiraWarning): SentWarning {
  if (typeof warning === 'string') return { text: warning, i18n: null };
  const i18n = i18nOf(warning) ?? null;
  return { text: i18n ? englishText(i18n.key, i18n.params) : warning.key, i18n };
}

/** A stored warning as a message param: by key, or the old English text as it is. */
export function warningParam(warning: JiraWarning): I18nParam {
  const { text, i18n } = sentWarning(warning);
  return i18n ?? text;
}
