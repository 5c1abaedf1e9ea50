/**
 * Issue 11: what Atlaskit's Select tells a screen reader (its live region) comes from the catalogs: a chosen
 * option, a removed one, a cleared choice, the results for a search term, and the clear button's name. English
 * reads as react-select's own defaults; German is German with the option's label and the search term as is.
 */
import english from '../../locales/en-US.json';
import german from '../../locales/de-DE.json';
import { makeTranslator } from '../../static/shared/format';
import { selectTexts } from '../../static/shared/selectText';

const translator = (catalog: Record<string, string>, locale: string) => makeTranslator(locale, (key) => catalog[key] ?? null);
const en = selectTexts(translator(english, 'en-US'));
const de = selectTexts(translator(german, 'de-DE'));

const change = (action: string, label: string, isDisabled = false) => ({ action, label, labels: label ? [label] : [], isDisabled });

describe("the Select's screen-reader texts", () => {
  it("English says what react-select says by default", () => {
    expect(en.ariaLiveMessages.onChange(change('select-option', 'PI 27.1'))).toBe('option PI 27.1, selected.');
    expect(en.ariaLiveMessages.onChange(change('deselect-option', 'PI 27.1'))).toBe('option PI 27.1, deselected');
    expect(en.ariaLiveMessages.onChange(change('remove-value', 'Feature'))).toBe('option Feature, deselected');
    expect(en.ariaLiveMessages.onChange(change('clear', ''))).toBe('All selected options have been cleared.');
    expect(en.ariaLiveMessages.onFilter({ inputValue: 'Berl', resultsMessage: en.screenReaderStatus({ count: 1 }) })).toBe('1 result available for search term Berl.');
    expect(en.clearControlLabel).toBe('clear');
  });

  it('German: every announcement in German, the label and the search term as they are', () => {
    expect(de.ariaLiveMessages.onChange(change('select-option', 'PI 27.1'))).toBe('Option PI 27.1, ausgewählt.');
    expect(de.ariaLiveMessages.onChange(change('pop-value', 'Feature'))).toBe('Option Feature, abgewählt.');
    expect(de.ariaLiveMessages.onChange(change('clear', ''))).toBe('Alle ausgewählten Optionen wurden entfernt.');
    expect(de.ariaLiveMessages.onFilter({ inputValue: 'Berl', resultsMessage: de.screenReaderStatus({ count: 3 }) })).toBe('3 Ergebnisse verfügbar für den Suchbegriff „Berl“.');
    expect(de.clearControlLabel).toBe('Auswahl löschen');
  });

  it('says nothing where react-select says nothing: no label, a disabled option, no search term, another action', () => {
    for (const texts of [en, de]) {
      expect(texts.ariaLiveMessages.onChange(change('select-option', ''))).toBe('');
      expect(texts.ariaLiveMessages.onChange(change('select-option', 'PI 27.1', true))).toBe('');
      expect(texts.ariaLiveMessages.onChange(change('create-option', 'PI 27.1'))).toBe('');
      expect(texts.ariaLiveMessages.onFilter({ inputValue: '', resultsMessage: texts.screenReaderStatus({ count: 2 }) })).toBe('');
    }
  });
});
