// A deterministic generator of opportunities with stage histories, inserted straight into the
// schema (no service in the way), for the report tests and bench/funnel.ts. It returns what it
// inserted, so a test can recompute every figure in JavaScript from the same rows.
import type { Db } from '../../db/knex.ts';
import { toInt } from '../../db/rows.ts';
import { mulberry32 } from '../../db/seeds/prng.ts';

export interface GenPipeline {
  id: number;
  /** In pipeline order. */
  stages: { id: number; probability: number }[];
}

export interface GenOptions {
  count: number;
  seed: number;
  pipelines: GenPipeline[];
  /** Owners with the team their opportunities usually go to. */
  owners: { userId: number; teamId: number | null }[];
  /** Teams an opportunity is now and then filed under instead of its owner's. */
  teamIds: number[];
  partnerId: number;
  reasons: { won: number[]; lost: number[]; invalid: number[] };
  currencies: string[];
  /** First expected-close day and first history instant; everything spreads over ~200 days after. */
  startDay: string;
  collaboratorIds?: number[];
}

export interface GenMove {
  fromStageId: number | null;
  toStageId: number;
  status: string;
  at: string;
}

export interface GenOpportunity {
  id: number;
  pipelineId: number;
  stageId: number;
  status: 'open' | 'won' | 'lost' | 'invalid';
  expectedRevenue: number | null;
  currency: string;
  expectedCloseDate: string;
  probability: number;
  ownerId: number;
  teamId: number | null;
  closeReasonId: number | null;
  closedAt: string | null;
  wonAmount: number | null;
  collaboratorIds: number[];
  history: GenMove[];
}

const HOUR = 3600_000;
const CHUNK = 400;

export async function generateOpportunities(db: Db, o: GenOptions): Promise<GenOpportunity[]> {
  const rng = mulberry32(o.seed);
  const t0 = Date.parse(`${o.startDay}T00:00:00.000Z`);
  const opps: Omit<GenOpportunity, 'id'>[] = [];
  for (let i = 0; i < o.count; i++) {
    const pipeline = rng.pick(o.pipelines);
    const owner = rng.pick(o.owners);
    // Whole hours, so day lengths are exact on both databases.
    let at = t0 + rng.int(0, 150 * 24) * HOUR;
    let idx = 0;
    const history: GenMove[] = [];
    const move = (from: number | null, to: number, status: string) =>
      history.push({ fromStageId: from, toStageId: to, status, at: new Date(at).toISOString() });
    move(null, pipeline.stages[0]!.id, 'open');
    for (let m = rng.int(0, pipeline.stages.length); m > 0; m--) {
      const step = rng.weighted<number>([
        [1, 70],
        [2, 15],
        [-1, 15],
      ]);
      const next = Math.min(pipeline.stages.length - 1, Math.max(0, idx + step));
      if (next === idx) continue;
      at += rng.int(1, 240) * HOUR;
      move(pipeline.stages[idx]!.id, pipeline.stages[next]!.id, 'open');
      idx = next;
    }
    const status = rng.weighted<GenOpportunity['status']>([
      ['open', 55],
      ['won', 20],
      ['lost', 15],
      ['invalid', 10],
    ]);
    const stage = pipeline.stages[idx]!;
    const revenue = rng.chance(0.1) ? null : rng.int(1, 900_000) * 10 + rng.int(0, 9);
    let closedAt: string | null = null;
    if (status !== 'open') {
      at += rng.int(1, 240) * HOUR;
      move(stage.id, stage.id, status);
      closedAt = history.at(-1)!.at;
    }
    const day = new Date(t0 + rng.int(0, 200) * 24 * HOUR).toISOString().slice(0, 10);
    opps.push({
      pipelineId: pipeline.id,
      stageId: stage.id,
      status,
      expectedRevenue: revenue,
      currency: rng.chance(0.8) ? o.currencies[0]! : rng.pick(o.currencies),
      expectedCloseDate: day,
      probability: rng.chance(0.8) ? stage.probability : rng.int(0, 100),
      ownerId: owner.userId,
      teamId: rng.chance(0.1) ? rng.pick([null, ...o.teamIds]) : owner.teamId,
      closeReasonId: status === 'open' ? null : rng.pick(o.reasons[status]),
      closedAt,
      wonAmount: status === 'won' ? (revenue ?? 0) + rng.int(-500, 500) * 10 : null,
      collaboratorIds:
        o.collaboratorIds?.length && rng.chance(0.05) ? [rng.pick(o.collaboratorIds)] : [],
      history,
    });
  }
  return insert(db, opps, o.partnerId);
}

async function insert(
  db: Db,
  opps: Omit<GenOpportunity, 'id'>[],
  partnerId: number,
): Promise<GenOpportunity[]> {
  const out: GenOpportunity[] = [];
  const now = new Date().toISOString();
  for (let c = 0; c < opps.length; c += CHUNK) {
    const chunk = opps.slice(c, c + CHUNK);
    const ids = await db('opportunities')
      .insert(
        chunk.map((g, i) => ({
          version: 1,
          created_at: g.history[0]!.at,
          updated_at: now,
          name: `Deal ${c + i + 1}`,
          partner_id: partnerId,
          pipeline_id: g.pipelineId,
          stage_id: g.stageId,
          status: g.status,
          expected_revenue: g.expectedRevenue,
          currency: g.currency,
          expected_close_date: g.expectedCloseDate,
          probability: g.probability,
          owner_id: g.ownerId,
          team_id: g.teamId,
          stage_entered_at: g.history.findLast((h) => h.status === 'open')!.at,
          close_reason_id: g.closeReasonId,
          closed_at: g.closedAt,
          won_amount: g.wonAmount,
        })),
      )
      .returning('id');
    const withIds = chunk.map((g, i) => ({ ...g, id: toInt((ids[i] as { id: unknown }).id) }));
    const moves = withIds.flatMap((g) =>
      g.history.map((h) => ({
        opportunity_id: g.id,
        from_stage_id: h.fromStageId,
        to_stage_id: h.toStageId,
        status: h.status,
        at: h.at,
        user_id: g.ownerId,
      })),
    );
    for (let m = 0; m < moves.length; m += CHUNK) {
      await db('opportunity_stage_history').insert(moves.slice(m, m + CHUNK));
    }
    const collaborators = withIds.flatMap((g) =>
      g.collaboratorIds.map((userId) => ({
        version: 1,
        created_at: now,
        updated_at: now,
        opportunity_id: g.id,
        user_id: userId,
      })),
    );
    if (collaborators.length) await db('opportunity_collaborators').insert(collaborators);
    out.push(...withIds);
  }
  return out;
}

const stamps = () => {
  const at = new Date().toISOString();
  return { version: 1, created_at: at, updated_at: at };
};
const idOf = (rows: unknown[]) => toInt((rows[0] as { id: unknown }).id);

/** A pipeline with one stage per probability, named S1, S2, … */
export async function insertPipeline(
  db: Db,
  name: string,
  probabilities: number[],
): Promise<GenPipeline> {
  const id = idOf(
    await db('pipelines')
      .insert({ ...stamps(), name })
      .returning('id'),
  );
  const stages: GenPipeline['stages'] = [];
  for (const [i, probability] of probabilities.entries()) {
    const row = { ...stamps(), pipeline_id: id, sequence: (i + 1) * 10, name: `S${i + 1}` };
    const stageId = idOf(
      await db('pipeline_stages')
        .insert({ ...row, name_en: `Stage ${i + 1}`, probability })
        .returning('id'),
    );
    stages.push({ id: stageId, probability });
  }
  return { id, stages };
}

/** Close reasons, two per outcome. */
export async function insertReasons(db: Db): Promise<GenOptions['reasons']> {
  const reasons: GenOptions['reasons'] = { won: [], lost: [], invalid: [] };
  for (const outcome of ['won', 'lost', 'invalid'] as const) {
    for (const n of [1, 2]) {
      const row = { ...stamps(), outcome, name: `${outcome} ${n}`, name_en: `${outcome} #${n}` };
      reasons[outcome].push(idOf(await db('close_reasons').insert(row).returning('id')));
    }
  }
  return reasons;
}

export async function insertPartner(db: Db, ownerId: number): Promise<number> {
  const row = { ...stamps(), code: `RPT${Date.now()}`, name: 'Report Customer', kind: 'customer' };
  return idOf(
    await db('partners')
      .insert({ ...row, owner_id: ownerId })
      .returning('id'),
  );
}
