// The seed pipelines and close reasons for tests, with their ids looked up by name so a test can
// say `funnel.lato.stages['初验'].id` or `funnel.reasons.lost['价格过高']`.
import { toInt } from '../../server/db/rows.ts';
import {
  insertPipelines,
  LATOERP_PIPELINE,
  TENDER_PIPELINE,
} from '../../server/db/seeds/funnel-pipelines.ts';
import type { Outcome } from '../../core/funnel/stage-engine.ts';
import type { TestDatabase } from './databases.ts';

export interface FixtureStage {
  id: number;
  /** Stage task ids by Chinese name. */
  tasks: Record<string, number>;
}

export interface FixturePipeline {
  id: number;
  /** Stages by Chinese name. */
  stages: Record<string, FixtureStage>;
  /** Stage ids in pipeline order. */
  order: number[];
}

export interface FunnelFixture {
  lato: FixturePipeline;
  tender: FixturePipeline;
  /** Close reason ids by outcome, then Chinese name. */
  reasons: Record<Outcome, Record<string, number>>;
}

async function pipelineOf(tdb: TestDatabase, id: number): Promise<FixturePipeline> {
  const stages = await tdb
    .db('pipeline_stages')
    .where({ pipeline_id: id })
    .whereNull('deleted_at')
    .orderBy(['sequence', 'id']);
  const out: FixturePipeline = { id, stages: {}, order: [] };
  for (const s of stages) {
    const tasks = await tdb.db('stage_tasks').where({ stage_id: s.id }).whereNull('deleted_at');
    out.stages[String(s.name)] = {
      id: toInt(s.id),
      tasks: Object.fromEntries(tasks.map((t) => [String(t.name), toInt(t.id)])),
    };
    out.order.push(toInt(s.id));
  }
  return out;
}

export async function createFunnelFixture(tdb: TestDatabase): Promise<FunnelFixture> {
  const { pipelines } = await tdb.db.transaction((trx) => insertPipelines(trx));
  const reasons: FunnelFixture['reasons'] = { won: {}, lost: {}, invalid: {} };
  for (const r of await tdb.db('close_reasons').whereNull('deleted_at')) {
    reasons[r.outcome as Outcome][String(r.name)] = toInt(r.id);
  }
  return {
    lato: await pipelineOf(tdb, pipelines[LATOERP_PIPELINE.name]!),
    tender: await pipelineOf(tdb, pipelines[TENDER_PIPELINE.name]!),
    reasons,
  };
}
