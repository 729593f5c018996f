// Opportunities (商机): create, edit, move through the stage engine, check tasks (with milestone
// advance), close and reopen. Every rule about stages comes from core/funnel/stage-engine.ts;
// this file only loads what the engine needs, asks it, and writes what it allows.
import type { z } from 'zod';
import {
  checkFields,
  checkMove,
  milestoneAdvance,
  probabilityIn,
  type OpportunityState,
} from '../../core/funnel/stage-engine.ts';
import type {
  Opportunity,
  OpportunityCreate,
  opportunityCloseInput,
  opportunityCreateInput,
  opportunityMoveInput,
  opportunityRefInput,
  opportunityTaskSetInput,
  opportunityUpdateInput,
} from '../../core/schemas/opportunities.ts';
import { forbiddenFields } from '../../core/permissions.ts';
import { toBool, toInt, toIntOrNull } from '../db/rows.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import { actorOf } from '../trpc/context.ts';
import { forbidden, invalidField, notFound, refusal } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import { once } from './idempotency.ts';
import {
  assertContactOfPartner,
  assertCurrency,
  assertVerdict,
  engineFields,
  engineState,
  loadVisibleOpportunity,
  mapOpportunity,
  opportunitySearchText,
  recordMove,
  toColumns,
  type Row,
} from './opportunity-parts.ts';
import { defaultPipelineId, loadPipeline } from './pipeline-read.ts';
import { loadVisiblePartner, resolveOwnership } from './partners.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, createStamps, updateVersioned } from './versioned.ts';

async function reload(trx: Trx, id: number): Promise<Opportunity> {
  return mapOpportunity(await trx('opportunities').where({ id }).first());
}

/**
 * Creates an opportunity inside the caller's transaction (opportunities.create, and
 * leads.convert in the same transaction as the lead's conversion). The stage defaults to the
 * pipeline's first; entering it is checked by the engine as a move from outside the pipeline,
 * so its required fields apply. Owner and team follow the caller's scope, as for partners.
 */
export async function createOpportunityTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: OpportunityCreate,
): Promise<Opportunity> {
  const actor = actorOf(ctx);
  await loadVisiblePartner(trx, vis, input.partnerId);
  const pipeline = await loadPipeline(trx, input.pipelineId ?? (await defaultPipelineId(trx)));
  if (!pipeline.active) throw invalidField('pipelineId', 'active', 'is not an active pipeline');
  const stage = pipeline.stages.find((s) => s.id === (input.stageId ?? pipeline.stages[0]?.id));
  if (!stage) throw invalidField('stageId', 'in_pipeline', 'is not a stage of this pipeline');
  if (input.primaryContactId)
    await assertContactOfPartner(trx, 'primaryContactId', input.partnerId, input.primaryContactId);
  if (input.leadId) {
    const lead = await trx('leads as l')
      .where('l.id', input.leadId)
      .whereNull('l.deleted_at')
      .where(vis.leads('l'))
      .first('l.id');
    if (!lead) throw notFound('Lead');
  }
  await assertCurrency(trx, 'currency', input.currency);
  const ownership = await resolveOwnership(trx, vis, input.ownerId ?? vis.me, input.teamId);
  const { leadId, ...fields } = input;
  // Pipeline and stage are not columns of toColumns; owner and team come from the scope check.
  const values: Row = { ...toColumns(fields), ...ownership };
  const verdict = checkMove(
    pipeline,
    {
      status: 'open',
      stageId: 0, // outside the pipeline: only the target's entry requirements apply
      probability: input.probability ?? stage.probability,
      fields: engineFields(values),
      doneTaskIds: [],
    },
    stage.id,
  );
  assertVerdict(verdict);
  const at = new Date().toISOString();
  Object.assign(values, {
    pipeline_id: pipeline.id,
    stage_id: stage.id,
    status: 'open',
    probability: verdict.probability,
    lead_id: leadId ?? null,
    stage_entered_at: at,
  });
  const [row] = await trx('opportunities')
    .insert({
      ...createStamps(actor, at),
      ...values,
      search_text: await opportunitySearchText(trx, input.name, input.partnerId),
    })
    .returning('id');
  const id = toInt((row as Row).id);
  await audit(trx, actor, 'opportunities', id, 'create', diff({}, values), at);
  await recordMove(trx, actor, { opportunityId: id, from: null, to: stage.id, status: 'open', at });
  return reload(trx, id);
}

export async function createOpportunity(
  ctx: ScopedCtx,
  input: z.infer<typeof opportunityCreateInput>,
) {
  const vis = await visibility(ctx);
  const { idempotencyKey, ...fields } = input;
  return writeTx(ctx.db, (trx) =>
    once(trx, ctx.identity.user.id, idempotencyKey, 'opportunities.create', fields, () =>
      createOpportunityTx(trx, ctx, vis, fields),
    ),
  );
}

/**
 * Field edits. The current stage's requirements are re-checked on the edited fields (clearing a
 * required field is refused, naming it); stage and status are not fields and never change here.
 */
export async function updateOpportunity(
  ctx: ScopedCtx,
  input: z.infer<typeof opportunityUpdateInput>,
) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => updateOpportunityTx(trx, ctx, vis, input));
}

/** updateOpportunity inside the caller's transaction (sync.push applies sheet rows with it). */
export async function updateOpportunityTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof opportunityUpdateInput>,
): Promise<Opportunity> {
  const patch = input.patch;
  const refused = forbiddenFields(
    ctx.identity.user.role,
    'opportunities.update',
    Object.keys(patch),
  );
  if (refused.length) throw forbidden(`Your role may not change: ${refused.join(', ')}`);
  const actor = actorOf(ctx);
  const before = await loadVisibleOpportunity(trx, vis, input.id);
  assertVersion(before, input.version, 'Opportunity');
  const values = toColumns(patch);
  const merged = { ...before, ...values };
  const partnerId = toInt(merged.partner_id);
  if (patch.partnerId !== undefined) await loadVisiblePartner(trx, vis, patch.partnerId);
  const contactId = toIntOrNull(merged.primary_contact_id);
  if (contactId !== null && (patch.partnerId !== undefined || patch.primaryContactId))
    await assertContactOfPartner(trx, 'primaryContactId', partnerId, contactId);
  if (patch.currency) await assertCurrency(trx, 'currency', patch.currency);
  if ('ownerId' in patch || 'teamId' in patch) {
    Object.assign(
      values,
      await resolveOwnership(
        trx,
        vis,
        patch.ownerId ?? toInt(before.owner_id),
        patch.teamId === undefined ? (toIntOrNull(before.team_id) ?? undefined) : patch.teamId,
      ),
    );
  }
  const pipeline = await loadPipeline(trx, toInt(before.pipeline_id));
  const stage = pipeline.stages.find((s) => s.id === toInt(before.stage_id));
  if (patch.probability !== undefined && stage?.autoProbability && before.status === 'open')
    throw invalidField(
      'probability',
      'set_by_stage',
      `is set by stage ${stage.name}; turn off its automatic probability to set it by hand`,
    );
  const state: OpportunityState = {
    ...(await engineState(trx, before)),
    fields: engineFields(merged),
  };
  assertVerdict(checkFields(pipeline, state));
  const changes = diff(before, values);
  if (Object.keys(changes).length === 0) return mapOpportunity(before);
  if ('name' in values || 'partner_id' in values)
    values.search_text = await opportunitySearchText(trx, String(merged.name), partnerId);
  await updateVersioned(
    trx,
    'opportunities',
    input.id,
    input.version,
    values,
    actor,
    'Opportunity',
  );
  await audit(trx, actor, 'opportunities', input.id, 'update', changes);
  return reload(trx, input.id);
}

/** Writes a stage change the engine allowed: stage, probability, entry time, history. */
async function applyMove(
  trx: Trx,
  ctx: ScopedCtx,
  before: Row,
  version: number,
  to: { stageId: number; probability: number; automatic: boolean },
  values: Row,
): Promise<void> {
  const actor = actorOf(ctx);
  const from = toInt(before.stage_id);
  const at = new Date().toISOString();
  if (to.stageId !== from) Object.assign(values, { stage_id: to.stageId, stage_entered_at: at });
  values.probability = to.probability;
  const changes = diff(before, values);
  if (Object.keys(changes).length === 0) return;
  const id = toInt(before.id);
  await updateVersioned(trx, 'opportunities', id, version, values, actor, 'Opportunity');
  await audit(trx, actor, 'opportunities', id, to.automatic ? 'advance' : 'move', changes, at);
  if (to.stageId !== from)
    await recordMove(trx, actor, {
      opportunityId: id,
      from,
      to: to.stageId,
      status: 'open',
      at,
      automatic: to.automatic,
    });
}

/**
 * The board's move: optional fields filled in the same call, then the engine decides. Moving
 * back is allowed; every change of stage is recorded with its actor and request.
 */
export async function moveStage(ctx: ScopedCtx, input: z.infer<typeof opportunityMoveInput>) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => moveStageTx(trx, ctx, vis, input));
}

/** moveStage inside the caller's transaction (sync.push). */
export async function moveStageTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof opportunityMoveInput>,
): Promise<Opportunity> {
  const before = await loadVisibleOpportunity(trx, vis, input.id);
  assertVersion(before, input.version, 'Opportunity');
  const values = toColumns(input.fields ?? {});
  const merged = { ...before, ...values };
  const contactId = toIntOrNull(merged.primary_contact_id);
  if (input.fields?.primaryContactId && contactId !== null)
    await assertContactOfPartner(
      trx,
      'fields.primaryContactId',
      toInt(before.partner_id),
      contactId,
    );
  const pipeline = await loadPipeline(trx, toInt(before.pipeline_id));
  const state: OpportunityState = {
    ...(await engineState(trx, before)),
    fields: engineFields(merged),
  };
  const verdict = checkMove(pipeline, state, input.stageId);
  assertVerdict(verdict);
  await applyMove(
    trx,
    ctx,
    before,
    input.version,
    { stageId: input.stageId, probability: verdict.probability, automatic: false },
    values,
  );
  return reload(trx, input.id);
}

const closedVerdict = (status: string) => ({
  ok: false as const,
  reason: 'closed' as const,
  status: status as 'won' | 'lost' | 'invalid',
});

/**
 * Checks or unchecks one checklist task. When that completes the current stage's milestone
 * tasks, the engine's milestoneAdvance moves the opportunity on by itself (history: automatic).
 */
export async function setTask(ctx: ScopedCtx, input: z.infer<typeof opportunityTaskSetInput>) {
  const vis = await visibility(ctx);
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    const before = await loadVisibleOpportunity(trx, vis, input.id);
    assertVersion(before, input.version, 'Opportunity');
    if (before.status !== 'open') assertVerdict(closedVerdict(String(before.status)));
    const pipeline = await loadPipeline(trx, toInt(before.pipeline_id));
    if (!pipeline.stages.some((s) => s.tasks.some((t) => t.id === input.taskId)))
      throw invalidField('taskId', 'in_pipeline', "is not a task of this opportunity's pipeline");
    const at = new Date().toISOString();
    const done = {
      done: input.done,
      done_at: input.done ? at : null,
      done_by: input.done ? actor.userId : null,
    };
    const existing = await trx('opportunity_tasks')
      .where({ opportunity_id: input.id, stage_task_id: input.taskId })
      .first();
    if (existing && toBool(existing.done) === input.done) return reload(trx, input.id);
    if (existing) {
      await updateVersioned(
        trx,
        'opportunity_tasks',
        toInt(existing.id),
        toInt(existing.version),
        done,
        actor,
        'Task',
      );
      await audit(
        trx,
        actor,
        'opportunity_tasks',
        toInt(existing.id),
        'update',
        diff(existing, done),
        at,
      );
    } else {
      const [row] = await trx('opportunity_tasks')
        .insert({
          ...createStamps(actor, at),
          opportunity_id: input.id,
          stage_task_id: input.taskId,
          ...done,
        })
        .returning('id');
      await audit(
        trx,
        actor,
        'opportunity_tasks',
        toInt((row as Row).id),
        'create',
        {
          opportunity_id: { old: null, new: input.id },
          stage_task_id: { old: null, new: input.taskId },
          done: { old: null, new: input.done },
        },
        at,
      );
    }
    const state = await engineState(trx, before);
    const next = milestoneAdvance(pipeline, state);
    if (next === null) {
      // The checklist is part of the opportunity: its version moves with it.
      await updateVersioned(
        trx,
        'opportunities',
        input.id,
        input.version,
        {},
        actor,
        'Opportunity',
      );
    } else {
      const stage = pipeline.stages.find((s) => s.id === next)!;
      await applyMove(
        trx,
        ctx,
        before,
        input.version,
        { stageId: next, probability: probabilityIn(stage, state.probability), automatic: true },
        {},
      );
    }
    return reload(trx, input.id);
  });
}

/**
 * A close or a reopen: the versioned write, its audit rows, and a stage-history row at the same
 * stage (the history records outcomes as well as moves).
 */
async function writeStatus(
  trx: Trx,
  actor: Actor,
  before: Row,
  version: number,
  values: Row & { status: string },
  action: 'close' | 'reopen',
  at: string,
) {
  const id = toInt(before.id);
  await updateVersioned(trx, 'opportunities', id, version, values, actor, 'Opportunity');
  await audit(trx, actor, 'opportunities', id, action, diff(before, values), at);
  const stageId = toInt(before.stage_id);
  await recordMove(trx, actor, {
    opportunityId: id,
    from: stageId,
    to: stageId,
    status: values.status,
    at,
  });
  return reload(trx, id);
}

/** Won, lost or invalid, with a reason of that outcome. Lost keeps the stage where it died. */
export async function closeOpportunity(
  ctx: ScopedCtx,
  input: z.infer<typeof opportunityCloseInput>,
) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => closeOpportunityTx(trx, ctx, vis, input));
}

/** closeOpportunity inside the caller's transaction (sync.push). */
export async function closeOpportunityTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof opportunityCloseInput>,
): Promise<Opportunity> {
  const actor = actorOf(ctx);
  const before = await loadVisibleOpportunity(trx, vis, input.id);
  assertVersion(before, input.version, 'Opportunity');
  if (before.status !== 'open') assertVerdict(closedVerdict(String(before.status)));
  const reason = await trx('close_reasons')
    .where({ id: input.reasonId, active: true })
    .whereNull('deleted_at')
    .first('outcome');
  if (!reason) throw invalidField('reasonId', 'exists', 'is not an active close reason');
  if (reason.outcome !== input.outcome)
    throw invalidField(
      'reasonId',
      'outcome',
      `is a reason for ${String(reason.outcome)}, not ${input.outcome}`,
    );
  if (input.wonAmount !== undefined && input.outcome !== 'won')
    throw invalidField('wonAmount', 'won_only', 'is only recorded when the opportunity is won');
  const wonAmount =
    input.outcome === 'won' ? (input.wonAmount ?? toIntOrNull(before.expected_revenue)) : null;
  if (input.outcome === 'won' && wonAmount === null)
    throw invalidField('wonAmount', 'required', 'is required when there is no expected revenue');
  const at = new Date().toISOString();
  const values = {
    status: input.outcome,
    close_reason_id: input.reasonId,
    close_note: input.note ?? null,
    closed_at: at,
    won_amount: wonAmount,
  };
  return writeStatus(trx, actor, before, input.version, values, 'close', at);
}

/**
 * Closes an open opportunity as won because an order for it was approved (orders.approve), in
 * the approval's transaction, with the approver as actor. No scope check here: the approval was
 * checked. The reason is the first active won reason (none when there is none); history and
 * audit are written as for any close. False when the opportunity is no longer open.
 */
export async function closeWonByOrderTx(
  trx: Trx,
  actor: Actor,
  opportunityId: number,
  order: { number: string; wonAmount: number | null },
): Promise<boolean> {
  const before = await trx('opportunities')
    .where({ id: opportunityId })
    .whereNull('deleted_at')
    .first();
  if (!before || before.status !== 'open') return false;
  const reason = await trx('close_reasons')
    .where({ outcome: 'won', active: true })
    .whereNull('deleted_at')
    .orderBy('sequence')
    .orderBy('id')
    .first('id');
  const at = new Date().toISOString();
  const values = {
    status: 'won',
    close_reason_id: reason ? toInt(reason.id) : null,
    close_note: `Order ${order.number} approved`,
    closed_at: at,
    won_amount: order.wonAmount ?? toIntOrNull(before.expected_revenue),
  };
  await writeStatus(trx, actor, before, toInt(before.version), values, 'close', at);
  return true;
}

/** Back to open in the stage it was closed in (whose requirements it must still meet). */
export async function reopenOpportunity(
  ctx: ScopedCtx,
  input: z.infer<typeof opportunityRefInput>,
) {
  const vis = await visibility(ctx);
  return writeTx(ctx.db, (trx) => reopenOpportunityTx(trx, ctx, vis, input));
}

/** reopenOpportunity inside the caller's transaction (sync.push). */
export async function reopenOpportunityTx(
  trx: Trx,
  ctx: ScopedCtx,
  vis: Visibility,
  input: z.infer<typeof opportunityRefInput>,
): Promise<Opportunity> {
  const actor = actorOf(ctx);
  const before = await loadVisibleOpportunity(trx, vis, input.id);
  assertVersion(before, input.version, 'Opportunity');
  if (before.status === 'open')
    throw refusal('PRECONDITION_FAILED', 'the opportunity is already open', { reason: 'open' });
  const pipeline = await loadPipeline(trx, toInt(before.pipeline_id));
  const state = { ...(await engineState(trx, before)), status: 'open' as const };
  assertVerdict(checkFields(pipeline, state));
  const at = new Date().toISOString();
  const values = {
    status: 'open',
    close_reason_id: null,
    close_note: null,
    closed_at: null,
    won_amount: null,
  };
  return writeStatus(trx, actor, before, input.version, values, 'reopen', at);
}
