import i18next, { type TFunction } from 'i18next';
import type { Content } from './content/types';
import { LOCALES, type Locale } from './content/schemas';

export { LOCALES as SUPPORTED_LOCALES };
export type { Locale };
export type Translate = TFunction;

export interface I18n {
  t(locale: Locale, key: string, vars?: Record<string, unknown>): string;
  fixedT(locale: Locale): Translate;
}

/**
 * i18next over content/locales/<lang>/<namespace>.json. Each file becomes the first part of the
 * key (`menu.json` -> `t('menu.welcome')`), so a feature's strings live in its own file.
 * Missing keys fall back to Vietnamese, never to the raw key in front of a resident (a test
 * checks that both languages have the same keys).
 */
export function createI18n(content: Content, defaultLocale: Locale = 'vi'): I18n {
  const instance = i18next.createInstance();
  const resources = Object.fromEntries(LOCALES.map((l) => [l, { translation: content.locales[l] }]));
  void instance.init({
    resources,
    lng: defaultLocale,
    fallbackLng: 'vi',
    supportedLngs: [...LOCALES],
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const fixed = new Map(LOCALES.map((l) => [l, instance.getFixedT(l)]));
  return {
    t: (locale, key, vars) => fixed.get(locale)!(key, { area: content.area.name[locale], ...vars }) as string,
    fixedT: (locale) => {
      const t = fixed.get(locale)!;
      return ((key: string, vars?: Record<string, unknown>) => t(key, { area: content.area.name[locale], ...vars })) as Translate;
    },
  };
}
