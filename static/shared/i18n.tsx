/**
 * Translations through Forge's i18n: the catalogs are `locales/<locale>.json` (declared under `translations:`
 * in manifest.yml; Forge ships them with each resource as `__LOCALES__/`), read with `@forge/bridge`'s
 * `i18n.createTranslationFunction` for the user's Jira locale (`view.getContext().locale`). Every
 * user-visible string goes through `useT()`: `t(key, params)` with `{name}` placeholders, `tp(key, count)` for
 * plurals (`key.one` / `key.other`), and numbers and dates formatted for that locale with Intl.
 */
import { createContext, Fragment, useContext, useEffect, useState, type ReactNode } from 'react';
import { i18n, view } from '@forge/bridge';
import english from '../../locales/en-US.json';
import { DEFAULT_LOCALE, makeTranslator, normalizeLocale, type Translator } from './format';

export * from './format';

const englishCatalog = english as Record<string, string>;

/** The bundled English catalog as a translator: the last resort when Forge's resources cannot be read. */
export const englishTranslator = makeTranslator(DEFAULT_LOCALE, (key) => englishCatalog[key] ?? null);

const TranslatorContext = createContext<Translator>(englishTranslator);

let active: Translator = englishTranslator;
/**
 * This frame's translator for code outside components (`fmt` in tables): a frame shows one user's locale,
 * set before the first render.
 */
export function currentTranslator(): Translator {
  return active;
}

/** The translator of the user's locale, for components below `I18nProvider`. */
export function useT(): Translator {
  return useContext(TranslatorContext);
}

/** Loads the user's locale and its translations through Forge, then renders `children` with them. */
export async function loadTranslator(): Promise<Translator> {
  let locale = DEFAULT_LOCALE;
  let timeZone = 'UTC';
  try {
    const context = await view.getContext();
    locale = normalizeLocale(context.locale);
    timeZone = context.timezone || 'UTC';
    const translate = await i18n.createTranslationFunction(locale as Parameters<typeof i18n.createTranslationFunction>[0]);
    // Forge's function answers the key itself for an unknown key: the English catalog fills that in.
    return makeTranslator(
      locale,
      (key) => {
        const value = translate(key);
        return value === key ? (englishCatalog[key] ?? null) : value;
      },
      timeZone,
    );
  } catch (error) {
    console.warn('Translations could not be loaded; showing English.', error);
    return makeTranslator(locale, (key) => englishCatalog[key] ?? null, timeZone);
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [translator, setTranslator] = useState<Translator | null>(null);
  useEffect(() => {
    let current = true;
    void loadTranslator().then((loaded) => {
      if (current) {
        active = loaded;
        document.documentElement.lang = loaded.locale;
        setTranslator(loaded);
      }
    });
    return () => {
      current = false;
    };
  }, []);
  // Nothing until the language is known: a flash of English before German would read as a bug.
  if (!translator) return null;
  return <TranslatorContext.Provider value={translator}>{children}</TranslatorContext.Provider>;
}

/**
 * A translated message with elements in some placeholders (a bold name, a link): `t()` leaves the placeholders
 * it was not given, and this puts `nodes` there, so a sentence stays one message a translator can reorder.
 */
export function richText(text: string, nodes: Record<string, ReactNode>): ReactNode {
  const parts = text.split(/\{(\w+)\}/);
  return parts.map((part, i) => (i % 2 === 0 ? part : <Fragment key={i}>{part in nodes ? nodes[part] : `{${part}}`}</Fragment>));
}
