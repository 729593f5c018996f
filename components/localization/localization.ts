// Text in zh-CN and en through @lit/localize in runtime mode. The source strings in the code
// are English; zh-CN.ts holds the translations, keyed by each msg()'s explicit id. One active
// locale per page (the runtime is global): lode-provider sets it, and every element re-renders.
import { configureLocalization } from '@lit/localize';
import { LOCALES, type LodeLocale } from '../context/contexts.ts';
import { templates as zhCN } from './zh-CN.ts';

export const SOURCE_LOCALE: LodeLocale = 'en';

const { getLocale, setLocale } = configureLocalization({
  sourceLocale: SOURCE_LOCALE,
  targetLocales: LOCALES.filter((l) => l !== SOURCE_LOCALE),
  // Bundled rather than fetched: the catalog is small, and one script must be enough.
  loadLocale: () => Promise.resolve({ templates: zhCN }),
});

/** 'zh', 'zh-Hans-CN', 'zh-CN' → 'zh-CN'; 'en-GB' → 'en'; anything else → undefined. */
export function resolveLocale(tag: string | null | undefined): LodeLocale | undefined {
  const t = (tag ?? '').trim().toLowerCase();
  if (t.startsWith('zh')) return 'zh-CN';
  if (t.startsWith('en')) return 'en';
  return undefined;
}

/** The page's language when nothing provides a locale: `<html lang>`, then the browser's. */
export function pageLocale(): LodeLocale {
  return (
    resolveLocale(globalThis.document?.documentElement.lang) ??
    resolveLocale(globalThis.navigator?.language) ??
    'zh-CN'
  );
}

/** Makes `locale` the active one; resolves when its text is ready to render. */
export async function applyLocale(locale: LodeLocale): Promise<void> {
  if (getLocale() !== locale) await setLocale(locale);
}

export { getLocale as activeLocale };
