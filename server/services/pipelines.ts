// Pipelines (销售方法) for admins: stages inside, sent as the whole ordered list. Every write is
// versioned on the pipeline and audited per row. Two guards keep the engine's promise that no
// open opportunity sits in a stage it does not qualify for: a stage holding open opportunities
// cannot be removed, and a stage cannot start requiring a field some of its open ones lack.
import type { z } from 'zod';
import type {
  closeReasonListInput,
  closeReasonUpsertInput,
  pipelineCreateInput,
  pipelineListInput,
  pipelineUpdateInput,
  stageInput,
} from '../../core/schemas/pipelines.ts';
import type { RequirableField } from '../../core/funnel/stage-engine.ts';
import type { Knex } from 'knex';
import { countOf, jsonText, parseJsonArray, toInt } from '../db/rows.ts';
import { actorOf } from '../trpc/context.ts';
import { invalidField, notFound, refusal } from '../trpc/errors.ts';
import { audit, diff, type Actor } from './audit.ts';
import { changeAudited, COLUMNS, insertAudited, type Row } from './opportunity-parts.ts';
import { loadCloseReasons, loadPipeline, loadPipelines, mapCloseReason } from './pipeline-read.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { writeTx, type Trx } from './tx.ts';
import { assertVersion, softDelete, updateVersioned } from './versioned.ts';

type StageInput = z.infer<typeof stageInput>;
const opportunities = (n: number) => `${n} open ${n === 1 ? 'opportunity' : 'opportunities'}`;

export async function listPipelines(ctx: ScopedCtx, input: z.infer<typeof pipelineListInput>) {
  const items = await loadPipelines(ctx.db, (q) =>
    input.includeInactive ? q : q.where({ active: true }),
  );
  const closeReasons = await loadCloseReasons(ctx.db, { includeInactive: input.includeInactive });
  return { items, closeReasons };
}

export async function getPipeline(ctx: ScopedCtx, id: number) {
  const pipeline = await loadPipeline(ctx.db, id);
  const closeReasons = await loadCloseReasons(ctx.db, { includeInactive: false });
  return { ...pipeline, closeReasons };
}

/** One default pipeline: making one the default takes the flag from the others. */
async function clearDefault(trx: Trx, actor: Actor, exceptId: number) {
  const others = await trx('pipelines')
    .where({ is_default: true })
    .whereNull('deleted_at')
    .whereNot({ id: exceptId });
  for (const o of others)
    await changeAudited(trx, actor, 'pipelines', o, { is_default: false }, 'Pipeline');
}

function stageColumns(s: StageInput, sequence: number): Row {
  return {
    sequence,
    name: s.name,
    name_en: s.nameEn ?? null,
    probability: s.probability,
    auto_probability: s.autoProbability,
    required_fields: jsonText(s.requiredFields),
    stale_after_days: s.staleAfterDays ?? null,
  };
}

async function openIn(trx: Trx, stageId: number, narrow?: (q: Knex.QueryBuilder) => void) {
  const q = trx('opportunities')
    .where({ stage_id: stageId, status: 'open' })
    .whereNull('deleted_at');
  if (narrow) q.where(narrow);
  return countOf(await q.count({ n: '*' }).first());
}

/** A stage may only start requiring a field when none of its open opportunities lack it. */
async function assertNewRequirementsMet(trx: Trx, before: Row, s: StageInput) {
  const had = new Set(parseJsonArray<RequirableField>(before.required_fields));
  for (const field of s.requiredFields.filter((f) => !had.has(f))) {
    const column = COLUMNS[field];
    const n = await openIn(trx, toInt(before.id), (q) => {
      q.whereNull(column);
      // Text fields count as empty when blank, as in the engine.
      if (column !== 'expected_revenue' && column !== 'primary_contact_id') q.orWhere(column, '');
    });
    if (n > 0)
      throw refusal(
        'PRECONDITION_FAILED',
        `${opportunities(n)} in stage ${s.name} ${n === 1 ? 'has' : 'have'} no ${field}; fill it in before requiring it`,
        { reason: 'requirement_unmet', stageId: toInt(before.id), field, count: n },
      );
  }
}

async function syncTasks(
  trx: Trx,
  actor: Actor,
  stageId: number,
  tasks: StageInput['tasks'],
  path: string,
) {
  const existing: Row[] = await trx('stage_tasks')
    .where({ stage_id: stageId })
    .whereNull('deleted_at');
  const byId = new Map(existing.map((t) => [toInt(t.id), t]));
  const kept = new Set<number>();
  for (const [i, t] of tasks.entries()) {
    const values = {
      sequence: i + 1,
      name: t.name,
      name_en: t.nameEn ?? null,
      strict: t.strict,
      milestone: t.milestone,
    };
    if (t.id === undefined) {
      await insertAudited(trx, actor, 'stage_tasks', { stage_id: stageId, ...values });
      continue;
    }
    const before = byId.get(t.id);
    if (!before)
      throw invalidField(`${path}.tasks.${i}.id`, 'in_stage', 'is not a task of this stage');
    kept.add(t.id);
    await changeAudited(trx, actor, 'stage_tasks', before, values, 'Task');
  }
  for (const t of existing.filter((t) => !kept.has(toInt(t.id))))
    await softDelete(trx, actor, 'stage_tasks', toInt(t.id), toInt(t.version), 'Task');
}

/** Makes the pipeline's stages what `stages` says, in that order (see pipelineUpdateInput). */
async function syncStages(
  trx: Trx,
  actor: Actor,
  pipelineId: number,
  stages: StageInput[],
  path: string,
) {
  const existing: Row[] = await trx('pipeline_stages')
    .where({ pipeline_id: pipelineId })
    .whereNull('deleted_at');
  const byId = new Map(existing.map((s) => [toInt(s.id), s]));
  const kept = new Set(stages.flatMap((s) => (s.id === undefined ? [] : [s.id])));
  for (const gone of existing.filter((s) => !kept.has(toInt(s.id)))) {
    const n = await openIn(trx, toInt(gone.id));
    if (n > 0)
      throw refusal(
        'PRECONDITION_FAILED',
        `stage ${String(gone.name)} holds ${opportunities(n)}; move ${n === 1 ? 'it' : 'them'} before removing it`,
        { reason: 'stage_in_use', stageId: toInt(gone.id), count: n },
      );
    for (const t of await trx('stage_tasks').where({ stage_id: gone.id }).whereNull('deleted_at'))
      await softDelete(trx, actor, 'stage_tasks', toInt(t.id), toInt(t.version), 'Task');
    await softDelete(trx, actor, 'pipeline_stages', toInt(gone.id), toInt(gone.version), 'Stage');
  }
  for (const [i, s] of stages.entries()) {
    const values = stageColumns(s, i + 1);
    let stageId: number;
    if (s.id === undefined) {
      stageId = await insertAudited(trx, actor, 'pipeline_stages', {
        pipeline_id: pipelineId,
        ...values,
      });
    } else {
      const before = byId.get(s.id);
      if (!before)
        throw invalidField(`${path}.${i}.id`, 'in_pipeline', 'is not a stage of this pipeline');
      await assertNewRequirementsMet(trx, before, s);
      await changeAudited(trx, actor, 'pipeline_stages', before, values, 'Stage');
      stageId = s.id;
    }
    await syncTasks(trx, actor, stageId, s.tasks, `${path}.${i}`);
  }
}

export async function createPipeline(ctx: ScopedCtx, input: z.infer<typeof pipelineCreateInput>) {
  const actor = actorOf(ctx);
  return writeTx(ctx.db, async (trx) => {
    if (input.stages.some((s) => s.id !== undefined || s.tasks.some((t) => t.id !== undefined)))
      throw invalidField('stages', 'new', 'a new pipeline has no existing stages or tasks to name');
    const id = await insertAudited(trx, actor, 'pipelines', {
      name: input.name,
      name_en: input.nameEn ?? null,
      description: input.description ?? null,
      is_default: input.isDefault,
      active: input.active,
      sequence: input.sequence,
    });
    if (input.isDefault) await clearDefault(trx, actor, id);
    await syncStages(trx, actor, id, input.stages, 'stages');
    return loadPipeline(trx, id);
  });
}

export async function updatePipeline(ctx: ScopedCtx, input: z.infer<typeof pipelineUpdateInput>) {
  const actor = actorOf(ctx);
  const p = input.patch;
  return writeTx(ctx.db, async (trx) => {
    const before = await trx('pipelines').where({ id: input.id }).whereNull('deleted_at').first();
    if (!before) throw notFound('Pipeline');
    assertVersion(before, input.version, 'Pipeline');
    const values: Row = {};
    for (const [k, col] of [
      ['name', 'name'],
      ['nameEn', 'name_en'],
      ['description', 'description'],
      ['isDefault', 'is_default'],
      ['active', 'active'],
      ['sequence', 'sequence'],
    ] as const) {
      if (p[k] !== undefined) values[col] = p[k];
    }
    if (p.isDefault) await clearDefault(trx, actor, input.id);
    if (p.stages) await syncStages(trx, actor, input.id, p.stages, 'patch.stages');
    // The pipeline's version moves with its stages and tasks: one version guards the whole.
    await updateVersioned(trx, 'pipelines', input.id, input.version, values, actor, 'Pipeline');
    const changes = diff(before, values);
    if (Object.keys(changes).length)
      await audit(trx, actor, 'pipelines', input.id, 'update', changes);
    return loadPipeline(trx, input.id);
  });
}

export function listCloseReasons(ctx: ScopedCtx, input: z.infer<typeof closeReasonListInput>) {
  return loadCloseReasons(ctx.db, input);
}

export async function upsertCloseReason(
  ctx: ScopedCtx,
  input: z.infer<typeof closeReasonUpsertInput>,
) {
  const actor = actorOf(ctx);
  const values = {
    outcome: input.outcome,
    name: input.name,
    name_en: input.nameEn ?? null,
    active: input.active,
    sequence: input.sequence,
  };
  return writeTx(ctx.db, async (trx) => {
    let id = input.id;
    if (id === undefined) {
      id = await insertAudited(trx, actor, 'close_reasons', values);
    } else {
      if (input.version === undefined)
        throw invalidField('version', 'required', 'is required to change a close reason');
      const before = await trx('close_reasons').where({ id }).whereNull('deleted_at').first();
      if (!before) throw notFound('Close reason');
      assertVersion(before, input.version, 'Close reason');
      // Closed opportunities keep their reason: its outcome is part of what it means.
      if (before.outcome !== input.outcome)
        throw invalidField('outcome', 'fixed', 'cannot change; add a new reason instead');
      const changes = diff(before, values);
      if (Object.keys(changes).length) {
        await updateVersioned(
          trx,
          'close_reasons',
          id,
          input.version,
          values,
          actor,
          'Close reason',
        );
        await audit(trx, actor, 'close_reasons', id, 'update', changes);
      }
    }
    return mapCloseReason(await trx('close_reasons').where({ id }).first());
  });
}
