// The stage engine (core/funnel/stage-engine.ts) applied to a card, as the board runs it before
// calling the server: the same rules the server enforces, so a refusal is shown, not sent.
import {
  checkMove,
  missingFields,
  orderedStages,
  type MoveVerdict,
  type OpportunityState,
  type Outcome,
  type RequirableField,
} from '../../core/funnel/stage-engine.ts';
import type { LodestoneClient } from '../../core/client.ts';
import type { OpportunityListItem } from '../../core/schemas/opportunities.ts';
import type { Pipeline } from '../../core/schemas/pipelines.ts';
import { pipelineDef } from './board-data.ts';

/** Where a card is dropped: another stage, or closed with an outcome. */
export type Target = { kind: 'stage'; stageId: number } | { kind: 'outcome'; outcome: Outcome };

/** The requirable fields of a card, as the stage engine sees them. */
export function engineState(o: OpportunityListItem): OpportunityState {
  return {
    status: o.status,
    stageId: o.stageId,
    probability: o.probability,
    fields: {
      expectedRevenue: o.expectedRevenue,
      expectedCloseDate: o.expectedCloseDate,
      primaryContactId: o.primaryContactId,
      description: o.description,
      channel: o.channel,
      campaign: o.campaign,
    },
    doneTaskIds: [],
  };
}

/**
 * The engine's verdict on moving `item` to `stageId`. The list carries no checklist, so when a
 * stage the card would leave has strict tasks, the card's checklist is fetched first.
 */
export async function verdictFor(
  client: LodestoneClient,
  pipeline: Pipeline,
  item: OpportunityListItem,
  stageId: number,
): Promise<MoveVerdict> {
  const def = pipelineDef(pipeline);
  const state = engineState(item);
  const stages = orderedStages(def);
  const from = stages.findIndex((s) => s.id === item.stageId);
  const to = stages.findIndex((s) => s.id === stageId);
  const leaving = from >= 0 && to > from ? stages.slice(from, to) : [];
  if (leaving.some((s) => s.tasks.some((t) => t.strict))) {
    const detail = await client.opportunities.get.query({ id: item.id });
    state.doneTaskIds = detail.tasks.filter((t) => t.done).map((t) => t.taskId);
  }
  return checkMove(def, state, stageId);
}

/** Every field the stages entered on the way require and the card lacks, not only the first stage's. */
export function missingOnTheWay(
  pipeline: Pipeline,
  item: OpportunityListItem,
  stageId: number,
): RequirableField[] {
  const stages = orderedStages(pipelineDef(pipeline));
  const from = stages.findIndex((s) => s.id === item.stageId);
  const to = stages.findIndex((s) => s.id === stageId);
  const entered = to > from ? stages.slice(from + 1, to + 1) : stages.slice(to, to + 1);
  const fields = engineState(item).fields;
  return [...new Set(entered.flatMap((s) => missingFields(s, fields)))];
}

/** The verdict once the stage's form has filled in `fields`. */
export function checkWithFields(
  pipeline: Pipeline,
  item: OpportunityListItem,
  stageId: number,
  fields: OpportunityState['fields'],
): MoveVerdict {
  const state = engineState(item);
  return checkMove(
    pipelineDef(pipeline),
    { ...state, fields: { ...state.fields, ...fields } },
    stageId,
  );
}
