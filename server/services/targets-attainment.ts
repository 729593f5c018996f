// targets.attainment and reports.targets: target against actual for a team or person and the
// tree below it (Kingdee's 年/季/月/周 指标 with 完成率). A subject without a target of its own
// for a period shows the sum of its own finer periods' targets, else of its children's, each
// distinct subject once (core/targets/rollup.ts); actual figures come from one grouped query
// (targets-actuals.ts). Everything is narrowed to the caller's targets.read scope.
import type { z } from 'zod';
import type {
  AttainmentCell,
  TargetAttainment,
  TargetBasis,
  TargetSubject,
  TargetsReport,
  targetAttainmentInput,
  targetsReportInput,
} from '../../core/schemas/targets.ts';
import { attainmentBp } from '../../core/targets/attainment.ts';
import { periodKindOf, periodRange, periodsOfYear } from '../../core/targets/periods.ts';
import {
  periodTarget,
  periodsWithin,
  sumFigures,
  unionContributions,
  type Contributions,
  type TargetFigures,
} from '../../core/targets/rollup.ts';
import { visibility, type Visibility } from '../auth/scope.ts';
import type { Db } from '../db/knex.ts';
import { toInt, toIntOrNull } from '../db/rows.ts';
import { notFound } from '../trpc/errors.ts';
import type { ScopedCtx } from './scoped-ctx.ts';
import { actualsFor, subjectKey, type Actual } from './targets-actuals.ts';
import { assertSubject, loadVisibleTarget, type TargetRow } from './targets-rows.ts';

interface Tree {
  teams: Map<number, { name: string; nameEn: string | null; parentId: number | null }>;
  childTeams: Map<number, number[]>;
  /** Per team: its manager, then its members, each once. */
  people: Map<number, number[]>;
  users: Map<number, string>;
}

async function loadTree(db: Db): Promise<Tree> {
  const teamRows = await db('teams').whereNull('deleted_at').orderBy('id');
  const memberRows = await db('team_members as m')
    .join('users as u', 'u.id', 'm.user_id')
    .whereNull('u.deleted_at')
    .orderBy('m.user_id')
    .select('m.team_id', 'm.user_id');
  const userRows = await db('users').whereNull('deleted_at').select('id', 'name');
  const tree: Tree = {
    teams: new Map(),
    childTeams: new Map(),
    people: new Map(),
    users: new Map(userRows.map((u) => [toInt(u.id), String(u.name)])),
  };
  for (const t of teamRows) {
    const id = toInt(t.id);
    const parentId = toIntOrNull(t.parent_id);
    tree.teams.set(id, {
      name: String(t.name),
      nameEn: t.name_en === null ? null : String(t.name_en),
      parentId,
    });
    if (parentId !== null)
      tree.childTeams.set(parentId, [...(tree.childTeams.get(parentId) ?? []), id]);
    const managerId = toIntOrNull(t.manager_id);
    tree.people.set(id, managerId !== null && tree.users.has(managerId) ? [managerId] : []);
  }
  for (const m of memberRows) {
    const list = tree.people.get(toInt(m.team_id));
    const userId = toInt(m.user_id);
    if (list && !list.includes(userId)) list.push(userId);
  }
  return tree;
}

interface Node extends TargetSubject {
  children: Node[];
}

function userNode(tree: Tree, id: number, parentTeamId: number | null, depth: number): Node {
  return {
    kind: 'user',
    id,
    name: tree.users.get(id) ?? '',
    nameEn: null,
    parentTeamId,
    depth,
    children: [],
  };
}

function teamNode(tree: Tree, id: number, depth: number): Node {
  const team = tree.teams.get(id)!;
  return {
    kind: 'team',
    id,
    name: team.name,
    nameEn: team.nameEn,
    parentTeamId: team.parentId,
    depth,
    children: [
      ...(tree.people.get(id) ?? []).map((u) => userNode(tree, u, id, depth + 1)),
      ...(tree.childTeams.get(id) ?? []).map((t) => teamNode(tree, t, depth + 1)),
    ],
  };
}

const flatten = (n: Node): Node[] => [n, ...n.children.flatMap(flatten)];

interface Measure {
  periods: string[];
  basis: TargetBasis;
  currency: string;
  productId: number | null;
}

/** The own targets of these subjects for the periods and every finer period inside them: `subjectKey` → row. */
async function ownTargets(db: Db, vis: Visibility, nodes: Node[], m: Measure) {
  const teamIds = nodes.filter((n) => n.kind === 'team').map((n) => n.id);
  const userIds = nodes.filter((n) => n.kind === 'user').map((n) => n.id);
  const q = db('targets as targets')
    .whereNull('targets.deleted_at')
    .whereIn('targets.period', [...new Set(m.periods.flatMap(periodsWithin))])
    .where('targets.basis', m.basis)
    // A target in another currency measures other documents: it is not this report's.
    .where((w) => w.where('targets.currency', m.currency).orWhereNull('targets.amount'))
    .where((w) =>
      w
        .whereIn('targets.team_id', teamIds.length ? teamIds : [0])
        .orWhereIn('targets.user_id', userIds.length ? userIds : [0]),
    )
    .where(vis.targets('targets'))
    .select('targets.*');
  if (m.productId === null) q.whereNull('targets.product_id');
  else q.where('targets.product_id', m.productId);
  const out = new Map<string, TargetRow>();
  for (const r of (await q) as TargetRow[]) {
    const teamId = toIntOrNull(r.team_id);
    const key =
      teamId !== null
        ? subjectKey('team', teamId, String(r.period))
        : subjectKey('user', toInt(r.user_id), String(r.period));
    out.set(key, r);
  }
  return out;
}

const figuresOf = (r: TargetRow): TargetFigures => ({
  amount: toIntOrNull(r.amount),
  quantity: toIntOrNull(r.quantity),
});

/**
 * Cells of every node for every period, children first. A subject's target is its own for the
 * period, else the sum of its own finer periods' (core/targets/rollup.ts), else the sum of its
 * children's, each distinct subject once (a person under two teams of the subtree counts once).
 */
async function measure(db: Db, vis: Visibility, root: Node[], m: Measure) {
  const nodes = root.flatMap(flatten);
  const own = await ownTargets(db, vis, nodes, m);
  const actuals = await actualsFor(db, vis, {
    ...m,
    teamIds: [...new Set(nodes.filter((n) => n.kind === 'team').map((n) => n.id))],
    userIds: [...new Set(nodes.filter((n) => n.kind === 'user').map((n) => n.id))],
  });
  const cells = new Map<Node, AttainmentCell[]>();
  const visit = (n: Node): Contributions[] => {
    const below = n.children.map(visit);
    const ownOf = (period: string) => {
      const t = own.get(subjectKey(n.kind, n.id, period));
      return t ? figuresOf(t) : undefined;
    };
    const row: AttainmentCell[] = [];
    const contributions = m.periods.map((period, i) => {
      const mine = periodTarget(period, ownOf);
      const parts: Contributions = mine
        ? new Map([[`${n.kind}:${n.id}`, mine.figures]])
        : unionContributions(below.map((c) => c[i]!));
      const figures = sumFigures([...parts.values()]);
      const target = mine?.source === 'own' ? own.get(subjectKey(n.kind, n.id, period)) : undefined;
      const actual: Actual = actuals.get(subjectKey(n.kind, n.id, period)) ?? {
        amount: 0,
        quantity: 0,
      };
      const amount = figures?.amount ?? null;
      const quantity = figures?.quantity ?? null;
      row.push({
        period,
        targetId: target ? toInt(target.id) : null,
        targetSource: mine ? mine.source : figures ? 'children' : null,
        targetAmount: amount,
        targetQuantity: quantity,
        actualAmount: actual.amount,
        actualQuantity: actual.quantity,
        amountBp: attainmentBp(actual.amount, amount),
        quantityBp: attainmentBp(actual.quantity, quantity),
      });
      return parts;
    });
    cells.set(n, row);
    return contributions;
  };
  root.forEach(visit);
  return { nodes, cells };
}

const subjectOf = ({ children: _children, ...s }: Node): TargetSubject => s;

export async function targetAttainment(
  ctx: ScopedCtx,
  input: z.infer<typeof targetAttainmentInput>,
): Promise<TargetAttainment> {
  const vis = await visibility(ctx);
  let subject: { teamId: number | null; userId: number | null };
  let m: Omit<Measure, 'periods'> & { period: string };
  if (input.id !== undefined) {
    const t = await loadVisibleTarget(ctx.db, vis, input.id);
    subject = { teamId: toIntOrNull(t.team_id), userId: toIntOrNull(t.user_id) };
    m = {
      period: String(t.period),
      basis: String(t.basis) as TargetBasis,
      currency: input.currency ?? (t.currency === null ? 'CNY' : String(t.currency)),
      productId: toIntOrNull(t.product_id),
    };
  } else {
    subject = { teamId: input.teamId ?? null, userId: input.userId ?? null };
    await assertSubject(ctx.db, vis, subject);
    m = {
      period: input.period!,
      basis: input.basis ?? 'orders',
      currency: input.currency ?? 'CNY',
      productId: input.productId ?? null,
    };
  }
  const tree = await loadTree(ctx.db);
  const root =
    subject.teamId !== null
      ? teamNode(tree, subject.teamId, 0)
      : userNode(tree, subject.userId!, null, 0);
  const { nodes, cells } = await measure(ctx.db, vis, [root], { ...m, periods: [m.period] });
  return {
    period: m.period,
    periodKind: periodKindOf(m.period),
    ...periodRange(m.period),
    basis: m.basis,
    currency: m.currency,
    productId: m.productId,
    rows: nodes.map((n) => ({ ...subjectOf(n), ...cells.get(n)![0]! })),
  };
}

/**
 * The trees the caller's scope reaches: one team's, the managed subtrees, or the caller alone.
 * With scope `all` (finance, admins) the company's root teams come first, then everyone who is in
 * no team (neither member nor manager of a live team), each as a row of their own at depth 0, so
 * every person's figures appear exactly once outside the trees or inside them.
 */
function rootsInReach(tree: Tree, vis: Visibility, teamId: number | undefined): Node[] {
  if (teamId !== undefined) {
    if (!tree.teams.has(teamId) || !vis.reachesTeam(teamId)) throw notFound('Team');
    return [teamNode(tree, teamId, 0)];
  }
  if (vis.scope === 'own') return [userNode(tree, vis.me, null, 0)];
  const roots = [...tree.teams.entries()].filter(([id, t]) =>
    vis.scope === 'all'
      ? t.parentId === null
      : vis.reachesTeam(id) && (t.parentId === null || !vis.reachesTeam(t.parentId)),
  );
  const teams = roots.map(([id]) => teamNode(tree, id, 0));
  if (vis.scope !== 'all') return teams;
  const inTeams = new Set([...tree.people.values()].flat());
  const teamless = [...tree.users.keys()].filter((u) => !inTeams.has(u)).sort((a, b) => a - b);
  return [...teams, ...teamless.map((u) => userNode(tree, u, null, 0))];
}

export async function targetsReport(
  ctx: ScopedCtx,
  input: z.infer<typeof targetsReportInput>,
): Promise<TargetsReport> {
  const vis = await visibility(ctx);
  const tree = await loadTree(ctx.db);
  const roots = rootsInReach(tree, vis, input.teamId);
  const periods = periodsOfYear(input.year, input.periodKind);
  const m: Measure = {
    periods,
    basis: input.basis,
    currency: input.currency,
    productId: input.productId ?? null,
  };
  const { nodes, cells } = await measure(ctx.db, vis, roots, m);
  return {
    year: input.year,
    periodKind: input.periodKind,
    basis: input.basis,
    currency: input.currency,
    productId: m.productId,
    periods: periods.map((period) => ({ period, ...periodRange(period) })),
    rows: nodes.map((n) => ({ ...subjectOf(n), cells: cells.get(n)! })),
  };
}
