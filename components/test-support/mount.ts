// Mounts an element inside a lode-provider signed in as a demo user of the test server: the way
// every element test starts.
import { fixture } from '@open-wc/testing';
import { html, type TemplateResult } from 'lit';
import type { LodeProvider } from '../provider/provider.component.ts';
import { serverFixture, type DemoUser } from './fixture.ts';

export interface MountOptions {
  locale?: string;
  /** Another token than the demo user's (a widget or read-only one). */
  token?: string;
}

export async function mountInProvider<T extends Element>(
  who: DemoUser,
  selector: string,
  child: TemplateResult,
  options: MountOptions = {},
): Promise<{ provider: LodeProvider; element: T }> {
  const f = await serverFixture();
  const provider = await fixture<LodeProvider>(
    html`<lode-provider
      endpoint=${f.url}
      token=${options.token ?? f.tokens[who]}
      locale=${options.locale ?? 'en'}
      >${child}</lode-provider
    >`,
  );
  return { provider, element: provider.querySelector<T>(selector)! };
}
