// Reading pipelines: the API shape, which is also the stage engine's PipelineDef (a stage carries
// everything the engine needs), so the server checks moves against exactly what clients see.
import type { Knex } from 'knex';
import type {
  CloseReason,
  Pipeline,
  PipelineStage,
  StageTask,
} from '../../core/schemas/pipelines.ts';
import type { RequirableField } from '../../core/funnel/stage-engine.ts';
import type { Db } from '../db/knex.ts';
import { parseJsonArray, stampsOf, toBool, toInt, toIntOrNull } from '../db/rows.ts';
import { notFound } from '../trpc/errors.ts';

type Row = Record<string, unknown>;
type Reader = Db | Knex.Transaction;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

function mapTask(r: Row): StageTask {
  return {
    stageId: toInt(r.stage_id),
    sequence: toInt(r.sequence),
    name: String(r.name),
    nameEn: str(r.name_en),
    strict: toBool(r.strict),
    milestone: toBool(r.milestone),
    ...stampsOf(r),
  };
}

function mapStage(r: Row, tasks: StageTask[]): PipelineStage {
  return {
    pipelineId: toInt(r.pipeline_id),
    sequence: toInt(r.sequence),
    name: String(r.name),
    nameEn: str(r.name_en),
    probability: toInt(r.probability),
    autoProbability: toBool(r.auto_probability),
    requiredFields: parseJsonArray<RequirableField>(r.required_fields),
    staleAfterDays: toIntOrNull(r.stale_after_days),
    tasks,
    ...stampsOf(r),
  };
}

export function mapCloseReason(r: Row): CloseReason {
  return {
    outcome: r.outcome as CloseReason['outcome'],
    name: String(r.name),
    nameEn: str(r.name_en),
    active: toBool(r.active),
    sequence: toInt(r.sequence),
    ...stampsOf(r),
  };
}

/** Pipelines with their live stages and tasks, in order, in three queries whatever their number. */
export async function loadPipelines(db: Reader, where: (q: Knex.QueryBuilder) => void) {
  const rows: Row[] = await db('pipelines')
    .whereNull('deleted_at')
    .where(where)
    .orderBy(['sequence', 'id']);
  const ids = rows.map((r) => toInt(r.id));
  const stageRows: Row[] = ids.length
    ? await db('pipeline_stages')
        .whereIn('pipeline_id', ids)
        .whereNull('deleted_at')
        .orderBy(['sequence', 'id'])
    : [];
  const stageIds = stageRows.map((r) => toInt(r.id));
  const taskRows: Row[] = stageIds.length
    ? await db('stage_tasks')
        .whereIn('stage_id', stageIds)
        .whereNull('deleted_at')
        .orderBy(['sequence', 'id'])
    : [];
  const tasksOf = new Map<number, StageTask[]>();
  for (const t of taskRows.map(mapTask))
    tasksOf.set(t.stageId, [...(tasksOf.get(t.stageId) ?? []), t]);
  return rows.map((r): Pipeline => ({
    name: String(r.name),
    nameEn: str(r.name_en),
    description: str(r.description),
    isDefault: toBool(r.is_default),
    active: toBool(r.active),
    sequence: toInt(r.sequence),
    stages: stageRows
      .filter((s) => toInt(s.pipeline_id) === toInt(r.id))
      .map((s) => mapStage(s, tasksOf.get(toInt(s.id)) ?? [])),
    ...stampsOf(r),
  }));
}

export async function loadPipeline(db: Reader, id: number): Promise<Pipeline> {
  const [p] = await loadPipelines(db, (q) => q.where({ id }));
  if (!p) throw notFound('Pipeline');
  return p;
}

/** The pipeline new opportunities go to when none is named: the default, else the first active. */
export async function defaultPipelineId(db: Reader): Promise<number> {
  const row = await db('pipelines')
    .whereNull('deleted_at')
    .where({ active: true })
    .orderBy([{ column: 'is_default', order: 'desc' }, 'sequence', 'id'])
    .first('id');
  if (!row) throw notFound('Pipeline');
  return toInt(row.id);
}

export async function loadCloseReasons(
  db: Reader,
  filter: { outcome?: CloseReason['outcome']; includeInactive: boolean },
): Promise<CloseReason[]> {
  const q = db('close_reasons').whereNull('deleted_at').orderBy(['outcome', 'sequence', 'id']);
  if (filter.outcome) q.where({ outcome: filter.outcome });
  if (!filter.includeInactive) q.where({ active: true });
  return (await q).map(mapCloseReason);
}
