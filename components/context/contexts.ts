// What lode-provider (or a page's own ContextProvider) hands to every element below it.
// The keys are strings, not symbols, on purpose: two copies of the components script on one
// page, or a host page using its own copy of @lit/context, still find each other's providers.
import { createContext } from '@lit/context';
import type { LodestoneClient } from '../../core/client.ts';
import type { Me } from '../../core/schemas/auth.ts';

export type { LodestoneClient, Me };

/** The locales every element speaks. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type LodeLocale = (typeof LOCALES)[number];

/** The typed tRPC client (core/client.ts) the elements call the server with. */
export const clientContext = createContext<LodestoneClient | undefined, 'lode-client'>(
  'lode-client',
);

/**
 * The signed-in user (`auth.me`): undefined while it loads, null when the token was refused.
 * Elements use it to hide what the user may not do; the server decides regardless.
 */
export const currentUserContext = createContext<Me | null | undefined, 'lode-current-user'>(
  'lode-current-user',
);

/** The locale for text, numbers, money and dates. */
export const localeContext = createContext<LodeLocale | undefined, 'lode-locale'>('lode-locale');
