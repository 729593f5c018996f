// A page that brings its own client: a plain @lit/context ContextProvider on document.body,
// no lode-provider anywhere. The board reads and writes through it.
import { assert, fixture, waitUntil } from '@open-wc/testing';
import { html } from 'lit';
import { ContextProvider } from '@lit/context';
import '../test-support/lit-warnings.ts';
import { litWarnings } from '../test-support/lit-warnings.ts';
import {
  clientAs,
  createDeal,
  defaultPipeline,
  freshRep,
  serverFixture,
} from '../test-support/fixture.ts';
import { key, liveRegion, waitForCard } from '../test-support/dom.ts';
import { createLodestoneClient } from '../../core/client.ts';
import { clientContext, localeContext } from './contexts.ts';
import '../funnel-board/funnel-board.ts';
import type { LodeFunnelBoard } from '../funnel-board/funnel-board.component.ts';

const WAIT = { timeout: 10000 };

describe('context provided by the page on document.body', () => {
  it('the board loads, and moves a card, with the page’s own client', async () => {
    const f = await serverFixture();
    new ContextProvider(document.body, {
      context: clientContext,
      initialValue: createLodestoneClient({ url: f.url, token: f.tokens.manager }),
    });
    new ContextProvider(document.body, { context: localeContext, initialValue: 'en' });
    const rep = await freshRep('page-context');
    const deal = await createDeal(rep.id, {
      name: 'Page context deal',
      expectedRevenue: 100,
      expectedCloseDate: '2031-05-01',
    });
    const board = await fixture<LodeFunnelBoard>(
      html`<lode-funnel-board owner-id=${rep.id}></lode-funnel-board>`,
    );
    const card = await waitForCard(board, deal.id);
    card.focus();
    key(card, ' ');
    key(card, 'ArrowRight');
    key(card, ' ');
    await waitUntil(
      () => liveRegion(board) === 'Moved Page context deal to Qualification.',
      'moved',
      WAIT,
    );
    const { stage } = await defaultPipeline();
    const admin = await clientAs('admin');
    await waitUntil(
      async () => (await admin.opportunities.get.query({ id: deal.id })).stageId === stage('初验'),
      'saved through the page’s client',
      WAIT,
    );
  });

  it('issues no Lit development warnings', () => {
    assert.deepEqual(litWarnings(), []);
  });
});
