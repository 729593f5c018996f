// Random sequences of board actions through the API (moves with and without the small form,
// edits that clear required fields, checklist ticks that may advance by themselves): whatever
// is accepted or refused, no open opportunity ever sits in a stage whose required fields it
// lacks, and its probability is the stage's whenever the stage's flag is on.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import fc from 'fast-check';
import { missingFields } from '../../../core/funnel/stage-engine.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { createFunnelFixture, type FunnelFixture } from '../../../test/support/funnel.ts';
import { callerAs, createOrg, type Caller } from '../../../test/support/org.ts';

const REFUSALS = new Set(['BAD_REQUEST', 'PRECONDITION_FAILED']);

const action = fc.oneof(
  fc.record({ kind: fc.constant('move'), to: fc.nat(5), fill: fc.boolean() }),
  fc.record({
    kind: fc.constant('clear'),
    field: fc.constantFrom('expectedRevenue', 'expectedCloseDate'),
  }),
  fc.record({ kind: fc.constant('tick'), task: fc.nat(30), done: fc.boolean() }),
);

describeEachDatabase('opportunity invariants under random board actions', (getDb) => {
  let funnel: FunnelFixture;
  let rep1: Caller;
  let partnerId: number;
  before(async () => {
    const org = await createOrg(getDb());
    funnel = await createFunnelFixture(getDb());
    rep1 = await callerAs(getDb(), org, 'rep1');
    partnerId = (await rep1.partners.create({ name: 'Property Co.' })).id;
  });

  test('required fields and automatic probability hold after every accepted or refused call', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('lato', 'tender'),
        fc.array(action, { minLength: 1, maxLength: 8 }),
        async (which, actions) => {
          const pipelineId = funnel[which as 'lato' | 'tender'].id;
          let o = await rep1.opportunities.create({ name: 'prop', partnerId, pipelineId });
          const pipeline = await rep1.pipelines.get({ id: pipelineId });
          const taskIds = pipeline.stages.flatMap((s) => s.tasks.map((t) => t.id));
          for (const a of actions) {
            const ref = { id: o.id, version: o.version };
            try {
              if (a.kind === 'move') {
                const stageId = pipeline.stages[a.to % pipeline.stages.length]!.id;
                const fields = a.fill
                  ? { expectedRevenue: 10_000, expectedCloseDate: '2027-05-31' }
                  : undefined;
                o = await rep1.opportunities.moveStage({ ...ref, stageId, fields });
              } else if (a.kind === 'clear') {
                o = await rep1.opportunities.update({ ...ref, patch: { [a.field]: null } });
              } else {
                const taskId = taskIds[a.task % taskIds.length]!;
                o = await rep1.opportunities.tasks.set({ ...ref, taskId, done: a.done });
              }
            } catch (err) {
              const code = (err as { code?: string }).code ?? String(err);
              assert.ok(REFUSALS.has(code), `unexpected ${code}: ${(err as Error).message}`);
            }
            o = await rep1.opportunities.get({ id: o.id });
            const stage = pipeline.stages.find((s) => s.id === o.stageId)!;
            assert.deepEqual(missingFields(stage, o), []);
            if (stage.autoProbability) assert.equal(o.probability, stage.probability);
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
