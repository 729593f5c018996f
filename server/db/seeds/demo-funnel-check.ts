// The stage engine's verdict on a planned opportunity: its whole history replayed through
// core/funnel/stage-engine.ts, so the seed never stores a deal the server would have refused.
import {
  checkFields,
  checkMove,
  milestoneAdvance,
  type PipelineDef,
} from '../../../core/funnel/stage-engine.ts';
import { SEED_PIPELINES } from './funnel-pipelines.ts';
import type { PlannedOpportunity } from './demo-funnel-plan.ts';

/** The engine's view of a seed stage, with ids made of indexes (the seed uses real ids). */
export function stageDef(pipeline: number, stage: number) {
  return planPipelineDef(
    pipeline,
    (s) => s,
    (s, t) => s * 100 + t,
  ).stages[stage]!;
}

/** SEED_PIPELINES[pipeline] as the engine's PipelineDef, under the given stage and task ids. */
export function planPipelineDef(
  pipeline: number,
  stageId: (stage: number) => number,
  taskId: (stage: number, task: number) => number,
): PipelineDef {
  return {
    id: pipeline,
    stages: SEED_PIPELINES[pipeline]!.stages.map((s, si) => ({
      id: stageId(si),
      sequence: si + 1,
      name: s.name,
      nameEn: s.nameEn,
      probability: s.probability,
      autoProbability: s.autoProbability ?? true,
      requiredFields: s.requiredFields ?? [],
      tasks: s.tasks.map((t, ti) => ({
        id: taskId(si, ti),
        name: t.name,
        nameEn: t.nameEn,
        strict: t.strict ?? false,
        milestone: t.milestone ?? false,
      })),
    })),
  };
}

/**
 * Replays an opportunity's history through the stage engine and throws at the first step it
 * would have refused: every move allowed with the tasks done by then, automatic moves exactly
 * where a milestone advance happens, and the final state within its stage's requirements.
 */
export function assertEngineAgrees(def: PipelineDef, o: PlannedOpportunity): void {
  const ids = def.stages.map((s) => s.id);
  const fields = {
    expectedRevenue: o.expectedRevenue,
    expectedCloseDate: o.expectedCloseDate,
    primaryContactId: o.primaryContact,
    description: o.description,
    channel: o.channel,
    campaign: o.campaign,
  };
  const fail = (why: string): never => {
    throw new Error(`demo opportunity "${o.name}": ${why}`);
  };
  let probability = 0;
  let current = -1;
  for (const m of o.history) {
    if (m.status !== 'open') continue;
    const doneTaskIds = o.tasksDone
      .filter((t) => t.at <= m.at)
      .map((t) => def.stages[t.stage]!.tasks[t.task]!.id);
    const state = { status: 'open' as const, stageId: current, probability, fields, doneTaskIds };
    if (m.automatic && milestoneAdvance(def, state) !== ids[m.to])
      fail(`no milestone advance to ${m.to}`);
    const verdict = checkMove(def, state, ids[m.to]!);
    if (!verdict.ok) return fail(`move to stage ${m.to} refused: ${verdict.reason}`);
    probability = verdict.probability;
    current = ids[m.to]!;
  }
  if (current !== ids[o.stage]) fail('history does not end at its stage');
  if (probability !== o.probability) fail('probability is not the stage one');
  if (o.status !== 'open') return;
  const state = {
    status: 'open' as const,
    stageId: current,
    probability,
    fields,
    doneTaskIds: o.tasksDone.map((t) => def.stages[t.stage]!.tasks[t.task]!.id),
  };
  const verdict = checkFields(def, state);
  if (!verdict.ok) fail(`fields refused: ${verdict.reason}`);
  if (milestoneAdvance(def, state) !== null)
    fail('its milestones are done: it would have advanced');
}
