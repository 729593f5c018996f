// The board's totals after a move, before the server confirms: the column must already show
// what the server's totals will say. Weighted revenue is rounded once on the column's sum
// (core/funnel/weighted), so taking out a card is not "minus that card's rounded share".
import { assert } from '@open-wc/testing';
import { clientAs, createDeal, defaultPipeline, freshRep } from '../test-support/fixture.ts';
import { fetchTotals, loadBoard, withoutCard } from './board-data.ts';

describe('board totals', () => {
  it('after taking a card out, the column shows the weighted total the server reports', async () => {
    const rep = await freshRep('weighted');
    const { pipeline } = await defaultPipeline();
    const stage = pipeline.stages[0]!;
    // Four deals whose shares are each half a fen: together 2 fen, three of them 1.5 → 2 fen.
    const deals = [];
    for (let i = 0; i < 4; i++)
      deals.push(await createDeal(rep.id, { name: `加权 ${i}`, expectedRevenue: 5 }));
    const probability = deals[0]!.probability;
    assert.equal((5 * probability) % 100, 50, `the first stage's probability (${probability})`);
    const manager = await clientAs('manager');
    const filters = { ownerId: rep.id };
    const board = await loadBoard(manager, pipeline, filters, new AbortController().signal);
    const column = (b: typeof board) => b.columns.find((c) => c.stage.id === stage.id)!;
    const before = column(board).totals.get('CNY')!;
    assert.equal(before.weighted, Math.floor((4 * 5 * probability + 50) / 100));

    const optimistic = column(withoutCard(board, deals[0]!.id)).totals.get('CNY')!;
    // The server after the same change (the deal closed as invalid leaves the open column).
    const { closeReasons } = await manager.pipelines.list.query({});
    await manager.opportunities.close.mutate({
      id: deals[0]!.id,
      version: deals[0]!.version,
      outcome: 'invalid',
      reasonId: closeReasons.find((r) => r.outcome === 'invalid')!.id,
    });
    const server = (await fetchTotals(manager, pipeline.id, filters)).get(stage.id)!.get('CNY')!;
    assert.deepEqual(
      { count: optimistic.count, amount: optimistic.amount, weighted: optimistic.weighted },
      { count: server.count, amount: server.amount, weighted: server.weighted },
    );
  });
});
