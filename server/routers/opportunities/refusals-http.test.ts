// The engine's refusals over real HTTP: the sentence as the message, what is missing in
// data.details, so the board can point at the fields without parsing text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createFunnelFixture } from '../../../test/support/funnel.ts';
import { bearer, callProcedure, serveDuringSuite } from '../../../test/support/http.ts';

describeEachDatabase('opportunity refusals over HTTP', (getDb) => {
  const http = serveDuringSuite(getDb);

  test('a move missing required fields answers 400 with the sentence and the fields', async () => {
    const funnel = await createFunnelFixture(getDb());
    const { url, tokenFor } = http();
    const auth = bearer(await tokenFor('rep1'));
    const call = (path: string, input: unknown) =>
      callProcedure(url, path, 'mutation', JSON.stringify(input), auth);
    const partner = (await call('partners.create', { name: 'HTTP Co.' })).json as {
      result: { data: { id: number } };
    };
    const created = (
      (
        await call('opportunities.create', {
          name: 'Over the wire',
          partnerId: partner.result.data.id,
        })
      ).json as { result: { data: { id: number; version: number } } }
    ).result.data;
    const res = await call('opportunities.moveStage', {
      id: created.id,
      version: created.version,
      stageId: funnel.lato.stages['初验']!.id,
    });
    assert.equal(res.status, 400);
    const error = (res.json as { error: { message: string; data: Record<string, unknown> } }).error;
    assert.equal(
      error.message,
      'expectedRevenue and expectedCloseDate are required for stage 初验 (Qualification)',
    );
    assert.deepEqual(error.data.details, {
      reason: 'missing_fields',
      stageId: funnel.lato.stages['初验']!.id,
      fields: ['expectedRevenue', 'expectedCloseDate'],
    });
  });
});
