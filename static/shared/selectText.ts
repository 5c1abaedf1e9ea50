import type { Translator } from './format';

/** What react-select's live region hands `ariaLiveMessages.onChange` (the parts these texts read). */
interface SelectChange {
  action: string;
  label?: string;
  isDisabled?: boolean | null;
}

/**
 * The texts Atlaskit's Select writes itself ("No options", "Loading...", the clear button's name) and what it
 * tells a screen reader (the result count, a chosen or removed option, a cleared choice, the results for a search
 * term), in the user's language: spread into every Select (`<Select {...selectTexts(tr)} />`). This Select's
 * live region reads only `onChange` and `onFilter` of `ariaLiveMessages` (no focus or guidance messages); its
 * "Loading. " and "No options. " while loading or without options are fixed English in Atlaskit.
 */
export function selectTexts(tr: Pick<Translator, 't' | 'tp'>): {
  noOptionsMessage: () => string;
  loadingMessage: () => string;
  screenReaderStatus: (state: { count: number }) => string;
  clearControlLabel: string;
  ariaLiveMessages: { onChange: (change: SelectChange) => string; onFilter: (filter: { inputValue: string; resultsMessage: string }) => string };
} {
  return {
    noOptionsMessage: () => tr.t('select.noOptions'),
    loadingMessage: () => tr.t('select.loading'),
    screenReaderStatus: ({ count }) => tr.tp('select.results', count),
    clearControlLabel: tr.t('select.clear'),
    ariaLiveMessages: {
      // As react-select's defaults: silent where they are (no label, a disabled option, other actions).
      onChange: ({ action, label = '', isDisabled }) => {
        if (label === '' && action !== 'clear') return '';
        switch (action) {
          case 'deselect-option':
          case 'pop-value':
          case 'remove-value':
            return tr.t('select.live.deselected', { label });
          case 'clear':
            return tr.t('select.live.cleared');
          case 'select-option':
            return isDisabled ? '' : tr.t('select.live.selected', { label });
          default:
            return '';
        }
      },
      onFilter: ({ inputValue, resultsMessage }) => (inputValue ? tr.t('select.live.filtered', { results: resultsMessage, term: inputValue }) : ''),
    },
  };
}
