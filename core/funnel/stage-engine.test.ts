import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  checkFields,
  checkMove,
  explain,
  milestoneAdvance,
  REQUIRABLE_FIELDS,
  type OpportunityState,
  type PipelineDef,
  type StageDef,
} from './stage-engine.ts';

// LatoERP's six stages, shortened: 初选 → 初验 (needs revenue and closing date) → 已验 → 提案.
const stage = (id: number, name: string, p: Partial<StageDef> = {}): StageDef => ({
  id,
  sequence: id * 10,
  name,
  nameEn: null,
  probability: 25,
  autoProbability: true,
  requiredFields: [],
  tasks: [],
  ...p,
});
const LATO: PipelineDef = {
  id: 1,
  stages: [
    stage(1, '初选', {
      probability: 10,
      tasks: [
        { id: 11, name: '确认需求', nameEn: 'Confirm the need', strict: true, milestone: false },
      ],
    }),
    stage(2, '初验', { requiredFields: ['expectedRevenue', 'expectedCloseDate'] }),
    stage(3, '已验', {
      probability: 50,
      tasks: [
        { id: 31, name: '技术交流', nameEn: 'Technical meeting', strict: false, milestone: true },
        {
          id: 32,
          name: '拜访决策人',
          nameEn: 'Meet the decision maker',
          strict: false,
          milestone: true,
        },
      ],
    }),
    stage(4, '提案', {
      probability: 75,
      autoProbability: false,
      requiredFields: ['primaryContactId'],
    }),
  ],
};
const open = (p: Partial<OpportunityState> = {}): OpportunityState => ({
  status: 'open',
  stageId: 1,
  probability: 10,
  fields: {},
  doneTaskIds: [],
  ...p,
});

test('stage engine: a table of moves and their verdicts', () => {
  const cases: [string, OpportunityState, number, string][] = [
    ['strict task blocks leaving 初选', open(), 2, 'strict_tasks'],
    ['required fields block entering 初验', open({ doneTaskIds: [11] }), 2, 'missing_fields'],
    [
      'with the fields it may enter',
      open({
        doneTaskIds: [11],
        fields: { expectedRevenue: 100, expectedCloseDate: '2026-12-31' },
      }),
      2,
      'ok',
    ],
    [
      "skipping a stage still needs that stage's fields",
      open({ doneTaskIds: [11] }),
      3,
      'missing_fields',
    ],
    [
      'back from 已验 to 初选 is allowed',
      open({ stageId: 3, fields: { expectedRevenue: 1, expectedCloseDate: '2026-12-31' } }),
      1,
      'ok',
    ],
    [
      'back into a stage that requires a missing field is refused',
      open({ stageId: 4, fields: { primaryContactId: 5 } }),
      2,
      'missing_fields',
    ],
    ['closed opportunities do not move', open({ status: 'lost' }), 2, 'closed'],
    ['a stage of another pipeline is unknown', open(), 99, 'unknown_stage'],
    [
      'blank strings do not count as filled',
      open({
        stageId: 3,
        doneTaskIds: [],
        fields: { expectedRevenue: 1, expectedCloseDate: '2026-12-31', primaryContactId: '  ' },
      }),
      4,
      'missing_fields',
    ],
  ];
  for (const [name, opp, to, want] of cases) {
    const v = checkMove(LATO, opp, to);
    assert.equal(v.ok ? 'ok' : v.reason, want, name);
  }
});

test('stage engine: errors name what is missing, in both languages', () => {
  const v = checkMove(LATO, open({ doneTaskIds: [11] }), 2);
  assert.equal(
    explain(v, 'en'),
    'expectedRevenue and expectedCloseDate are required for stage 初验',
  );
  assert.equal(explain(v, 'zh-CN'), '进入段阶「初验」需要填写：预期收入、预计成交日期');
  const t = checkMove(LATO, open(), 2);
  assert.equal(explain(t, 'en'), 'finish "Confirm the need" before leaving stage 初选');
});

test('stage engine: probability follows the stage only when the flag is on', () => {
  const full = { expectedRevenue: 1, expectedCloseDate: '2026-12-31', primaryContactId: 3 };
  const into3 = checkMove(LATO, open({ stageId: 2, probability: 25, fields: full }), 3);
  assert.deepEqual(into3, { ok: true, probability: 50, direction: 'forward' });
  const into4 = checkMove(LATO, open({ stageId: 3, probability: 60, fields: full }), 4);
  assert.deepEqual(into4, { ok: true, probability: 60, direction: 'forward' });
});

test('stage engine: all milestone tasks done advances the opportunity by itself', () => {
  const fields = { expectedRevenue: 1, expectedCloseDate: '2026-12-31', primaryContactId: 7 };
  assert.equal(milestoneAdvance(LATO, open({ stageId: 3, fields, doneTaskIds: [31] })), null);
  assert.equal(milestoneAdvance(LATO, open({ stageId: 3, fields, doneTaskIds: [31, 32] })), 4);
  // The next stage's required field is missing: no automatic advance.
  assert.equal(
    milestoneAdvance(
      LATO,
      open({ stageId: 3, fields: { ...fields, primaryContactId: null }, doneTaskIds: [31, 32] }),
    ),
    null,
  );
  // A stage without milestones never advances by itself.
  assert.equal(milestoneAdvance(LATO, open({ stageId: 2, fields, doneTaskIds: [] })), null);
});

// Random pipelines: 1..6 stages with random requirements, tasks and flags.
const pipelineArb = fc
  .array(
    fc.record({
      probability: fc.integer({ min: 0, max: 100 }),
      autoProbability: fc.boolean(),
      requiredFields: fc.subarray([...REQUIRABLE_FIELDS]),
      tasks: fc.array(fc.record({ strict: fc.boolean(), milestone: fc.boolean() }), {
        maxLength: 3,
      }),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((defs): PipelineDef => ({
    id: 1,
    stages: defs.map((d, i) => ({
      id: i + 1,
      sequence: i,
      name: `S${i + 1}`,
      nameEn: null,
      probability: d.probability,
      autoProbability: d.autoProbability,
      requiredFields: d.requiredFields,
      tasks: d.tasks.map((t, j) => ({ id: (i + 1) * 100 + j, name: `T${j}`, nameEn: null, ...t })),
    })),
  }));

const opArb = fc.oneof(
  fc.record({ kind: fc.constant('move' as const), to: fc.integer({ min: 1, max: 7 }) }),
  fc.record({
    kind: fc.constant('set' as const),
    field: fc.constantFrom(...REQUIRABLE_FIELDS),
    value: fc.oneof(fc.constant(null), fc.constant(''), fc.integer({ min: 1 })),
  }),
  fc.record({ kind: fc.constant('task' as const), id: fc.integer({ min: 100, max: 703 }) }),
);

test('stage engine properties: no opportunity ever sits in a stage whose required fields it lacks, and probability matches an auto stage', () => {
  fc.assert(
    fc.property(pipelineArb, fc.array(opArb, { maxLength: 40 }), (pipeline, ops) => {
      // Start in the first stage with everything filled, as a created opportunity would.
      const first = pipeline.stages[0]!;
      let opp: OpportunityState = {
        status: 'open',
        stageId: first.id,
        probability: first.probability,
        fields: Object.fromEntries(REQUIRABLE_FIELDS.map((f) => [f, 1])),
        doneTaskIds: [],
      };
      const tryMove = (to: number) => {
        const v = checkMove(pipeline, opp, to);
        if (v.ok) opp = { ...opp, stageId: to, probability: v.probability };
        return v.ok;
      };
      for (const op of ops) {
        let moved = false;
        if (op.kind === 'move') moved = tryMove(op.to);
        else if (op.kind === 'set') {
          const next = { ...opp, fields: { ...opp.fields, [op.field]: op.value } };
          if (checkFields(pipeline, next).ok) opp = next;
        } else if (!opp.doneTaskIds.includes(op.id)) {
          opp = { ...opp, doneTaskIds: [...opp.doneTaskIds, op.id] };
          const to = milestoneAdvance(pipeline, opp);
          if (to !== null) moved = tryMove(to);
        }
        const current = pipeline.stages.find((s) => s.id === opp.stageId)!;
        assert.ok(checkFields(pipeline, opp).ok, 'sits in a stage lacking its required fields');
        if (moved && current.autoProbability) assert.equal(opp.probability, current.probability);
      }
    }),
    { numRuns: 2000 },
  );
});
