import { LitElement, html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { provide } from '@lit/context';
import { Task } from '@lit/task';
import { createLodestoneClient } from '../../core/client.ts';
import {
  clientContext,
  currentUserContext,
  localeContext,
  type LodeLocale,
  type LodestoneClient,
  type Me,
} from '../context/contexts.ts';
import { applyLocale, pageLocale, resolveLocale } from '../localization/localization.ts';
import { tokenStyles } from '../themes/tokens.styles.ts';
import { providerStyles } from './provider.styles.ts';

/** The server the components script came from: the default endpoint. */
const SCRIPT_ORIGIN = new URL(import.meta.url).origin;

/**
 * @tagname lode-provider
 * @summary Connects the Lodestone elements inside it to a server: it creates the typed client
 * for `endpoint` and `token`, asks who is signed in, and provides the client, the current user
 * and the locale to every element below it through context. It renders only its children.
 *
 * @slot - The page content holding Lodestone elements (at any depth, in shadow roots too).
 *
 * @cssproperty --lode-color-surface - Background of elements (each `--lode-*` token of
 * themes/tokens.ts can be set; with `theme` the provider sets them all).
 * @cssproperty --lode-color-text - Text color.
 * @cssproperty --lode-color-accent - Links, primary buttons, focus and drop targets.
 */
export class LodeProvider extends LitElement {
  static override styles = [tokenStyles, providerStyles];

  /** The server's base URL, e.g. `https://crm.example.com`; by default where the script came from. */
  @property() endpoint = '';

  /** A bearer token: a widget token bound to the page's origin, a personal or a session token. */
  @property() token = '';

  /** `zh-CN` or `en`; by default the signed-in user's language, else the page's. */
  @property({ reflect: true }) locale?: LodeLocale;

  /** `light`, `dark` or `auto` (follows the system); without it the page's tokens apply. */
  @property({ reflect: true }) theme?: 'light' | 'dark' | 'auto';

  /**
   * The typed client the elements below use: a new one whenever `endpoint` or `token` changes,
   * none while there is no token.
   */
  @provide({ context: clientContext })
  @state()
  client?: LodestoneClient;

  /** `auth.me`: undefined while it loads, null when the server refused the token. */
  @provide({ context: currentUserContext })
  @state()
  currentUser?: Me | null;

  @provide({ context: localeContext })
  @state()
  private resolvedLocale?: LodeLocale;

  private readonly userTask = new Task(this, {
    args: () => [this.client] as const,
    task: async ([client], { signal }) =>
      client ? client.auth.me.query(undefined, { signal }) : undefined,
    onComplete: (me) => {
      this.currentUser = me;
    },
    onError: () => {
      this.currentUser = null;
    },
  });

  /** Asks the server again who is signed in (after the page changed the token's rights, say). */
  refreshUser(): Promise<void> {
    return this.userTask.run();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('endpoint') || changed.has('token')) {
      this.currentUser = undefined;
      // Every call needs a token: until the page sets one there is nothing to connect with.
      this.client = this.token
        ? createLodestoneClient({ url: this.endpoint || SCRIPT_ORIGIN, token: this.token })
        : undefined;
    }
    this.resolvedLocale = resolveLocale(this.locale) ?? this.currentUser?.locale ?? pageLocale();
  }

  protected override updated(): void {
    if (this.resolvedLocale) {
      if (this.lang !== this.resolvedLocale) this.lang = this.resolvedLocale;
      void applyLocale(this.resolvedLocale);
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
