// For pages that bring their own client instead of lode-provider: provides the three contexts
// on any element (usually document.body) and tells elements already on the page about it.
import { ContextProvider } from '@lit/context';
import { clientContext, currentUserContext, localeContext } from './contexts.ts';
import type { LodeLocale, LodestoneClient, Me } from './contexts.ts';
import { ensureContextRoot } from './context-root.ts';

export interface ProvidedLodestone {
  client: LodestoneClient;
  locale?: LodeLocale;
  /** The `auth.me` answer when the page has it; when absent it is asked for here. */
  user?: Me | null;
}

export interface LodestoneProviders {
  /** Changes what every element below `host` sees. */
  set(values: Partial<ProvidedLodestone>): void;
}

/**
 * `provideLodestone(document.body, { client, locale: 'en' })`. A ContextProvider whose host is
 * not a Lit element never announces itself, so this does (`hostConnected`): elements upgraded
 * before the call then find it through the document's ContextRoot.
 */
export function provideLodestone(host: HTMLElement, values: ProvidedLodestone): LodestoneProviders {
  ensureContextRoot();
  const client = new ContextProvider(host, { context: clientContext, initialValue: values.client });
  const user = new ContextProvider(host, {
    context: currentUserContext,
    initialValue: values.user,
  });
  const locale = new ContextProvider(host, { context: localeContext, initialValue: values.locale });
  for (const p of [client, user, locale]) p.hostConnected();
  if (!('user' in values)) {
    values.client.auth.me.query().then(
      (me) => user.setValue(me),
      () => user.setValue(null),
    );
  }
  return {
    set(next) {
      if (next.client) client.setValue(next.client);
      if ('user' in next) user.setValue(next.user);
      if (next.locale) locale.setValue(next.locale);
    },
  };
}
