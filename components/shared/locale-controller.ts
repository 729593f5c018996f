// Every element's locale: the one provided through context, else the nearest `lang` (the page's
// at worst). Applies it to the localization runtime and re-renders the host whenever the active
// locale's text is ready.
import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { localeContext, type LodeLocale } from '../context/contexts.ts';
import { applyLocale, pageLocale, resolveLocale } from '../localization/localization.ts';

type Host = ReactiveControllerHost & HTMLElement;

export class LocaleController implements ReactiveController {
  private readonly consumer: ContextConsumer<typeof localeContext, Host>;

  constructor(private readonly host: Host) {
    // The consumer first: by our hostConnected it has asked, and a provider above has answered.
    this.consumer = new ContextConsumer(host, {
      context: localeContext,
      subscribe: true,
      callback: (locale) => {
        if (locale) void applyLocale(locale);
        host.requestUpdate();
      },
    });
    host.addController(this);
  }

  /** The locale for this element's text, numbers, money and dates: provided, else `lang`. */
  get value(): LodeLocale {
    return (
      this.consumer.value ??
      resolveLocale(this.host.closest('[lang]')?.getAttribute('lang')) ??
      pageLocale()
    );
  }

  hostConnected(): void {
    window.addEventListener('lit-localize-status', this.onStatus);
    if (!this.consumer.value) void applyLocale(this.value);
  }

  hostDisconnected(): void {
    window.removeEventListener('lit-localize-status', this.onStatus);
  }

  private readonly onStatus = (event: Event) => {
    if ((event as CustomEvent<{ status: string }>).detail.status === 'ready')
      this.host.requestUpdate();
  };
}
