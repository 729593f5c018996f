// This year's sales targets (销售指标) for every team and person of the demo company, made the way
// a sales director would through targets.set and targets.breakdown (the same service functions,
// so figures are exact and the audit log shows the steps): the company's annual order target,
// split down the tree by weight (East 60 : South 40, then to groups, managers' own accounts and
// reps), each team's year into quarters and each person's into quarters and months with a quiet
// February (Spring Festival) and a strong December; beside it a receipts target (回款指标) for the regions
// and a quantity target for one servo motor in Shanghai. Grows with --scale. Idempotent: nothing
// is added once the company's target for the year exists.
import type { TargetBreakdownRequest, TargetSet } from '../../../core/schemas/targets.ts';
import { Visibility } from '../../auth/scope.ts';
import type { Db } from '../knex.ts';
import { toInt } from '../rows.ts';
import type { Actor } from '../../services/audit.ts';
import { setTargetIn } from '../../services/targets.ts';
import { breakdownIn } from '../../services/targets-breakdown.ts';
import { findByKey, type TargetRow } from '../../services/targets-rows.ts';
import { writeTx, type Trx } from '../../services/tx.ts';
import { demoIds } from './demo-ids.ts';
import type { DemoTeamKey } from './demo-company.ts';
import {
  COMPANY_TARGET,
  FOCUS_PRODUCT,
  FOCUS_UNITS,
  MONTH_WEIGHTS,
  PERSON_QUARTERS,
  QUARTER_WEIGHTS,
  RECEIPTS_SHARE,
  TREE,
  type Child,
} from './demo-targets-plan.ts';
import type { SeedContext, SeedCounts } from './context.ts';

export { COMPANY_TARGET, MONTH_WEIGHTS, TREE };

export async function seed(db: Db, ctx: SeedContext): Promise<SeedCounts> {
  const ids = await demoIds(db);
  const year = String(ctx.now.getUTCFullYear());
  const hq = ids.teams.get('hq')!;
  const admin = ids.users.get('admin')!;
  // The seed acts with an admin's reach, as the system (the actor has no user).
  const vis = new Visibility({ permission: 'targets.set', scope: 'all' }, admin, {
    teamIds: [],
    userIds: [admin],
  });
  const actor: Actor = ctx.actor;
  return writeTx(db, async (trx) => {
    const key = {
      teamId: hq,
      userId: null,
      period: year,
      productId: null,
      basis: 'orders' as const,
    };
    if (await findByKey(trx, key)) return { targets: 0 };
    const before = await liveCount(trx);
    const set = (input: Omit<TargetSet, 'basis'> & { basis?: TargetSet['basis'] }) =>
      setTargetIn(trx, actor, vis, { basis: 'orders', ...input });
    const split = (
      t: TargetRow,
      rest: DistributiveOmit<TargetBreakdownRequest, 'id' | 'version'>,
    ) => breakdownIn(trx, actor, vis, { ...rest, id: toInt(t.id), version: toInt(t.version) });
    const childOf = (c: Child) =>
      'team' in c
        ? { teamId: ids.teams.get(c.team)!, weight: c.weight }
        : { userId: ids.users.get(c.user)!, weight: c.weight };

    const amount = COMPANY_TARGET * ctx.scale;
    const company = await set({ teamId: hq, period: year, currency: 'CNY', amount });
    // Down the tree, level by level; then teams by quarter and people by month.
    const parts: TargetRow[] = [];
    for (let level = [{ team: 'hq' as DemoTeamKey, row: company }]; level.length;) {
      const next: typeof level = [];
      for (const { team, row } of level) {
        const children = TREE[team]!;
        const made = await split(row, { by: 'tree', children: children.map(childOf) });
        for (const [i, c] of children.entries()) {
          const part = made.children[i]!;
          if ('team' in c) next.push({ team: c.team, row: part });
          parts.push(part);
        }
        await split(made.parent, { by: 'period', into: 'quarter', weights: QUARTER_WEIGHTS });
      }
      level = next;
    }
    // People: year → quarters → months (年 → 季 → 月), so every view has its own figures.
    for (const part of parts.filter((p) => p.user_id !== null)) {
      const quarters = await split(part, {
        by: 'period',
        into: 'quarter',
        weights: PERSON_QUARTERS,
      });
      for (const [q, quarter] of quarters.children.entries())
        await split(quarter, {
          by: 'period',
          into: 'month',
          weights: MONTH_WEIGHTS.slice(q * 3, q * 3 + 3),
        });
    }

    // The cash target for the regions, and a unit target for one product.
    const receipts = await set({
      teamId: hq,
      period: year,
      basis: 'receipts',
      currency: 'CNY',
      amount: (amount / 100) * RECEIPTS_SHARE,
    });
    await split(receipts, { by: 'tree', children: TREE.hq!.map(childOf) });
    const product = await trx('products')
      .where({ code: FOCUS_PRODUCT })
      .whereNull('deleted_at')
      .first('id');
    if (product) {
      const units = await set({
        teamId: ids.teams.get('shanghai')!,
        period: year,
        productId: toInt(product.id),
        quantity: FOCUS_UNITS * ctx.scale,
      });
      await split(units, { by: 'period', into: 'month', weights: MONTH_WEIGHTS });
    }
    return { targets: (await liveCount(trx)) - before };
  });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

async function liveCount(trx: Trx): Promise<number> {
  const row = await trx('targets').whereNull('deleted_at').count({ n: '*' }).first();
  return toInt((row as { n: unknown }).n);
}
