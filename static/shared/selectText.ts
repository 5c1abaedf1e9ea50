import type { Translator } from './format';

/**
 * The texts Atlaskit's Select writes itself ("No options", "Loading...", the screen reader's result count), in the
 * user's language: spread into every Select (`<Select {...selectTexts(tr)} />`).
 */
export function selectTexts(tr: Pick<Translator, 't' | 'tp'>): {
  noOptionsMessage: () => string;
  loadingMessage: () => string;
  screenReaderStatus: (state: { count: number }) => string;
} {
  return {
    noOptionsMessage: () => tr.t('select.noOptions'),
    loadingMessage: () => tr.t('select.loading'),
    screenReaderStatus: ({ count }) => tr.tp('select.results', count),
  };
}
