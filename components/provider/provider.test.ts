import { assert, fixture, waitUntil } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { consume } from '@lit/context';
import { state } from 'lit/decorators.js';
import '../test-support/lit-warnings.ts';
import { litDevModeSeen, litWarnings } from '../test-support/lit-warnings.ts';
import { serverFixture } from '../test-support/fixture.ts';
import {
  clientContext,
  currentUserContext,
  localeContext,
  type LodeLocale,
  type LodestoneClient,
  type Me,
} from '../context/contexts.ts';
import { DARK, LIGHT } from '../themes/tokens.ts';
import './provider.ts';
import '../funnel-board/funnel-board.ts';
import type { LodeProvider } from './provider.component.ts';
import type { LodeFunnelBoard } from '../funnel-board/funnel-board.component.ts';

/** A consumer as any element is one: it records what the provider hands down. */
class ProbeConsumer extends LitElement {
  @consume({ context: clientContext, subscribe: true }) @state() client?: LodestoneClient;
  @consume({ context: currentUserContext, subscribe: true }) @state() user?: Me | null;
  @consume({ context: localeContext, subscribe: true }) @state() locale?: LodeLocale;
}
customElements.define('probe-consumer', ProbeConsumer);

describe('lode-provider', () => {
  it('provides the typed client, the signed-in user and their locale', async () => {
    const f = await serverFixture();
    const el = await fixture<LodeProvider>(
      html`<lode-provider endpoint=${f.url} token=${f.tokens.manager}
        ><div><probe-consumer></probe-consumer></div
      ></lode-provider>`,
    );
    const probe = el.querySelector<ProbeConsumer>('probe-consumer')!;
    assert.ok(probe.client, 'client provided');
    await waitUntil(() => probe.user, 'current user provided', { timeout: 10000 });
    assert.equal(probe.user!.email, 'wang.lei@demo.lodestone.example');
    assert.equal(probe.user!.role, 'manager');
    assert.equal(probe.locale, 'zh-CN', "the user's own locale");
    assert.equal(el.lang, 'zh-CN');
    // The provided client really is the server's typed client.
    const me = await probe.client!.auth.me.query();
    assert.equal(me.id, f.userIds.manager);
    await assert.isAccessible(el);
  });

  it('the locale attribute wins, and a new token gives a new client and user', async () => {
    const f = await serverFixture();
    const el = await fixture<LodeProvider>(
      html`<lode-provider endpoint=${f.url} token=${f.tokens.manager} locale="en"
        ><probe-consumer></probe-consumer
      ></lode-provider>`,
    );
    const probe = el.querySelector<ProbeConsumer>('probe-consumer')!;
    await waitUntil(() => probe.user, 'user', { timeout: 10000 });
    assert.equal(probe.locale, 'en');
    const first = probe.client;
    el.token = f.tokens.rep;
    await waitUntil(() => probe.user?.role === 'rep', 'the rep after the token changed', {
      timeout: 10000,
    });
    assert.notStrictEqual(probe.client, first);
  });

  it('a refused token gives a null user (elements show the error themselves)', async () => {
    const f = await serverFixture();
    const el = await fixture<LodeProvider>(
      html`<lode-provider endpoint=${f.url} token="lds_not-a-real-token"
        ><probe-consumer></probe-consumer
      ></lode-provider>`,
    );
    const probe = el.querySelector<ProbeConsumer>('probe-consumer')!;
    await waitUntil(() => probe.user === null, 'user refused', { timeout: 10000 });
    await assert.isAccessible(el);
  });

  it('switching the locale re-renders the elements inside in the new language', async () => {
    const f = await serverFixture();
    const el = await fixture<LodeProvider>(
      html`<lode-provider endpoint=${f.url} token=${f.tokens.manager} locale="zh-CN"
        ><lode-funnel-board></lode-funnel-board
      ></lode-provider>`,
    );
    const board = el.querySelector<LodeFunnelBoard>('lode-funnel-board')!;
    const toolbarText = () => board.shadowRoot!.querySelector('.toolbar')!.textContent ?? '';
    await waitUntil(() => toolbarText().includes('负责人'), 'Chinese labels', { timeout: 10000 });
    el.locale = 'en';
    await waitUntil(() => toolbarText().includes('Owner'), 'English labels', { timeout: 10000 });
    assert.notInclude(toolbarText(), '负责人');
    el.locale = 'zh-CN';
    await waitUntil(() => toolbarText().includes('负责人'), 'Chinese again', { timeout: 10000 });
  });

  it('the theme attribute sets the dark or light tokens for everything inside', async () => {
    const f = await serverFixture();
    const el = await fixture<LodeProvider>(
      html`<lode-provider endpoint=${f.url} token=${f.tokens.manager} theme="dark"
        ><probe-consumer></probe-consumer
      ></lode-provider>`,
    );
    const token = (name: string) =>
      getComputedStyle(el.querySelector('probe-consumer')!).getPropertyValue(name).trim();
    assert.equal(token('--lode-color-surface'), DARK['color-surface']);
    el.theme = 'light';
    await el.updateComplete;
    assert.equal(token('--lode-color-surface'), LIGHT['color-surface']);
    await assert.isAccessible(el);
  });

  it('issues no Lit development warnings', () => {
    assert.isTrue(litDevModeSeen(), 'the tests run on Lit’s development build');
    assert.deepEqual(litWarnings(), []);
  });
});
