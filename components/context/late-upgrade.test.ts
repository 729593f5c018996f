// Intranet pages often put the tags in the HTML and load the script at the end, or load the
// per-element modules in any order. This file imports no element up front: the tags exist
// before their classes do.
import { assert, waitUntil } from '@open-wc/testing';
import '../test-support/lit-warnings.ts';
import { litWarnings } from '../test-support/lit-warnings.ts';
import { createDeal, freshRep, serverFixture } from '../test-support/fixture.ts';
import { createLodestoneClient } from '../../core/client.ts';

const WAIT = { timeout: 10000 };

describe('late upgrade', () => {
  it('tags written before the script work once it loads, the board before its provider', async () => {
    const f = await serverFixture();
    const rep = await freshRep('late');
    const deal = await createDeal(rep.id, { name: 'Late deal' });
    const host = document.createElement('div');
    host.innerHTML = `<lode-provider endpoint="${f.url}" token="${f.tokens.manager}" locale="en">
      <section><lode-funnel-board owner-id="${rep.id}"></lode-funnel-board></section>
    </lode-provider>`;
    document.body.append(host);
    assert.isUndefined(customElements.get('lode-funnel-board'));
    // The board's module first: its context requests find no provider yet and wait at the
    // document's ContextRoot until lode-provider upgrades.
    await import('../funnel-board/funnel-board.ts');
    const board = host.querySelector('lode-funnel-board')!;
    await board.updateComplete;
    assert.include(board.shadowRoot!.textContent, 'Waiting for a connection');
    await import('../provider/provider.ts');
    await waitUntil(
      () => board.shadowRoot!.querySelector(`lode-opportunity-card[data-id="${deal.id}"]`),
      'the board loaded through the late provider',
      WAIT,
    );
    host.remove();
  });

  it('a page that provides the client on document.body after the tags', async () => {
    const f = await serverFixture();
    const rep = await freshRep('late-body');
    const deal = await createDeal(rep.id, { name: 'Body deal' });
    const board = document.createElement('lode-funnel-board');
    board.setAttribute('owner-id', String(rep.id));
    document.body.append(board);
    await board.updateComplete;
    const { provideLodestone } = await import('./provide.ts');
    provideLodestone(document.body, {
      client: createLodestoneClient({ url: f.url, token: f.tokens.manager }),
      locale: 'en',
    });
    await waitUntil(
      () => board.shadowRoot!.querySelector(`lode-opportunity-card[data-id="${deal.id}"]`),
      'the board loaded through the page’s provider',
      WAIT,
    );
    await assert.isAccessible(board);
    board.remove();
  });

  it('issues no Lit development warnings', () => {
    assert.deepEqual(litWarnings(), []);
  });
});
