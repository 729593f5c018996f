// The Opportunities dataset (商机) of the Excel link. A sheet row's edits become calls of the
// funnel's own services, so the stage engine, scopes and field rules apply as on the board:
// fields → updateOpportunity, stage → moveStage (with the requirable fields it needs in the same
// write), deal status → close/reopen.
import { z } from 'zod';
import { id, day } from '../../../core/schemas/common.ts';
import {
  OPPORTUNITY_STATUSES,
  moveFields,
  opportunityCloseInput,
  opportunityCreateInput,
  opportunityMoveInput,
  opportunityRefInput,
  opportunityUpdateInput,
} from '../../../core/schemas/opportunities.ts';
import type { Permission } from '../../../core/permissions.ts';
import { toInt, toIntOrNull } from '../../db/rows.ts';
import { invalidField } from '../../trpc/errors.ts';
import { filtered } from '../opportunity-reads.ts';
import {
  closeOpportunityTx,
  createOpportunityTx,
  moveStageTx,
  reopenOpportunityTx,
  updateOpportunityTx,
} from '../opportunities.ts';
import { defaultPipelineId } from '../pipeline-read.ts';
import { str } from '../opportunity-parts.ts';
import {
  checkedInput,
  idOf,
  type Canon,
  type CanonRow,
  type ColumnSpec,
  type DbRow,
  type Grants,
  type SyncEntity,
} from './entity.ts';
import { resolveCustomer } from './customers.ts';
import type { Trx } from '../tx.ts';

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

const COLUMNS: ColumnSpec[] = [
  {
    id: 'name',
    type: 'text',
    label: text('商机名称', 'Opportunity'),
    required: true,
    maxLength: 200,
  },
  { id: 'customer', type: 'lookup', label: text('客户', 'Customer'), required: true },
  { id: 'pipeline', type: 'enum', enum: 'pipelines', label: text('销售流程', 'Pipeline') },
  {
    id: 'stage',
    type: 'enum',
    enum: 'stages',
    parentColumn: 'pipeline',
    label: text('阶段', 'Stage'),
  },
  { id: 'status', type: 'enum', enum: 'statuses', label: text('商机状态', 'Deal status') },
  {
    id: 'closeReason',
    type: 'enum',
    enum: 'closeReasons',
    parentColumn: 'status',
    label: text('关闭原因', 'Close reason'),
  },
  {
    id: 'expectedRevenue',
    type: 'money',
    currencyColumn: 'currency',
    label: text('预期收入', 'Expected revenue'),
  },
  { id: 'currency', type: 'enum', enum: 'currencies', label: text('币种', 'Currency') },
  { id: 'expectedCloseDate', type: 'date', label: text('预计成交日期', 'Expected closing date') },
  { id: 'probability', type: 'integer', label: text('赢率 (%)', 'Probability (%)') },
  { id: 'owner', type: 'enum', enum: 'users', label: text('负责人', 'Owner') },
  { id: 'team', type: 'enum', enum: 'teams', label: text('团队', 'Team') },
  { id: 'channel', type: 'text', label: text('渠道', 'Channel'), maxLength: 50 },
  { id: 'campaign', type: 'text', label: text('促销活动', 'Campaign'), maxLength: 100 },
  { id: 'description', type: 'text', label: text('描述', 'Description'), maxLength: 5000 },
  {
    id: 'wonAmount',
    type: 'money',
    currencyColumn: 'currency',
    system: true,
    label: text('赢单金额', 'Won amount'),
  },
  { id: 'updatedAt', type: 'datetime', system: true, label: text('更新时间', 'Updated at') },
  {
    id: 'updatedBy',
    type: 'enum',
    enum: 'users',
    system: true,
    label: text('更新人', 'Updated by'),
  },
];

/** Columns that are plain fields of opportunities.update, by column id → API field. */
const FIELDS: Record<string, string> = {
  name: 'name',
  customer: 'partnerId',
  expectedRevenue: 'expectedRevenue',
  currency: 'currency',
  expectedCloseDate: 'expectedCloseDate',
  probability: 'probability',
  owner: 'ownerId',
  team: 'teamId',
  channel: 'channel',
  campaign: 'campaign',
  description: 'description',
};
const ID_FIELDS = new Set(['partnerId', 'ownerId', 'teamId']);
/** What moveStage accepts in the same write as the move (the stage engine's requirable fields). */
const MOVE_FIELDS = new Set(Object.keys(moveFields.shape));

/** An id from a filter: the option value as sent (text) or as a number. */
const idLike = z.union([
  id,
  z
    .string()
    .regex(/^[1-9]\d{0,14}$/)
    .transform(Number),
]);

const filter = z.strictObject({
  pipeline: idLike.optional(),
  stage: idLike.optional(),
  status: z.enum(OPPORTUNITY_STATUSES).optional(),
  owner: idLike.optional(),
  /** The team and every team below it. */
  team: idLike.optional(),
  /** The closing period: expected closing date from … to (inclusive). */
  closeFrom: day.optional(),
  closeTo: day.optional(),
});
type Filter = z.infer<typeof filter>;

/** API field values of the plain-field columns in `values` (ids as numbers, nulls kept). */
function apiFields(values: CanonRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, field] of Object.entries(FIELDS)) {
    if (!(column in values)) continue;
    const v = values[column] ?? null;
    out[field] = ID_FIELDS.has(field) ? idOf(v) : v;
  }
  return out;
}

const withoutNulls = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

/** The reason to close with: the one given, else the current one if it belongs to that outcome. */
function closeReasonOf(current: DbRow, patch: CanonRow, outcome: string): number | null {
  if ('closeReason' in patch) return idOf(patch.closeReason ?? null);
  return current.status === outcome ? toIntOrNull(current.close_reason_id) : null;
}

/**
 * One sheet row's edits, through the funnel's services in one transaction: reopen (when the
 * status goes back to open, or a closed deal is closed another way), then the fields and the
 * move (one write when only requirable fields come with the move), then the close.
 */
async function update(trx: Trx, grants: Grants, current: DbRow, patch: CanonRow) {
  const id = toInt(current.id);
  let version = toInt(current.version);
  if ('pipeline' in patch)
    throw invalidField(
      'pipelineId',
      'immutable',
      'cannot change; create a new opportunity instead',
    );
  const status = String(current.status);
  const wantStatus = 'status' in patch ? String(patch.status ?? '') : status;
  if (wantStatus === '') throw invalidField('outcome', 'required', 'may not be empty');
  if (wantStatus === 'open' && 'closeReason' in patch && patch.closeReason !== null)
    throw invalidField('reasonId', 'open', 'is only set on a closed opportunity');
  const reasonChanged =
    'closeReason' in patch &&
    idOf(patch.closeReason ?? null) !== toIntOrNull(current.close_reason_id);
  const closing = wantStatus !== 'open' && (wantStatus !== status || reasonChanged);
  const fields = apiFields(patch);
  const stageTo = 'stage' in patch ? idOf(patch.stage ?? null) : toInt(current.stage_id);
  if (stageTo === null) throw invalidField('stageId', 'required', 'may not be empty');

  if (status !== 'open' && (wantStatus === 'open' || closing)) {
    const g = grants.need('opportunities.close');
    const input = checkedInput(opportunityRefInput, { id, version });
    version = (await reopenOpportunityTx(trx, g.ctx, g.vis, input)).version;
  }
  if (stageTo !== toInt(current.stage_id)) {
    const moved = Object.fromEntries(Object.entries(fields).filter(([f]) => MOVE_FIELDS.has(f)));
    const rest = Object.fromEntries(Object.entries(fields).filter(([f]) => !MOVE_FIELDS.has(f)));
    if (Object.keys(rest).length) version = await updateFields(trx, grants, id, version, rest);
    const g = grants.need('opportunities.move');
    const input = checkedInput(opportunityMoveInput, {
      id,
      version,
      stageId: stageTo,
      ...(Object.keys(moved).length ? { fields: moved } : {}),
    });
    version = (await moveStageTx(trx, g.ctx, g.vis, input)).version;
  } else if (Object.keys(fields).length) {
    version = await updateFields(trx, grants, id, version, fields);
  }
  if (closing) {
    const reasonId = closeReasonOf(current, patch, wantStatus);
    if (reasonId === null)
      throw invalidField('reasonId', 'required', `is required to close as ${wantStatus}`);
    const g = grants.need('opportunities.close');
    const input = checkedInput(opportunityCloseInput, {
      id,
      version,
      outcome: wantStatus,
      reasonId,
    });
    await closeOpportunityTx(trx, g.ctx, g.vis, input);
  }
}

async function updateFields(
  trx: Trx,
  grants: Grants,
  id: number,
  version: number,
  patch: Record<string, unknown>,
): Promise<number> {
  const g = grants.need('opportunities.update');
  const input = checkedInput(opportunityUpdateInput, { id, version, patch });
  return (await updateOpportunityTx(trx, g.ctx, g.vis, input)).version;
}

const WRITES: Permission[] = [
  'opportunities.create',
  'opportunities.update',
  'opportunities.move',
  'opportunities.close',
];

export const opportunitiesDataset: SyncEntity<Filter> = {
  name: 'opportunities',
  keyPrefix: 'o',
  label: text('商机', 'Opportunities'),
  table: 'opportunities',
  read: 'opportunities.read',
  writes: WRITES,
  create: 'opportunities.create',
  remove: null,
  columns: COLUMNS,
  filters: [
    { id: 'pipeline', type: 'enum', enum: 'pipelines', label: text('销售流程', 'Pipeline') },
    { id: 'stage', type: 'enum', enum: 'stages', label: text('阶段', 'Stage') },
    { id: 'status', type: 'enum', enum: 'statuses', label: text('商机状态', 'Deal status') },
    { id: 'owner', type: 'enum', enum: 'users', label: text('负责人', 'Owner') },
    { id: 'team', type: 'enum', enum: 'teams', label: text('团队', 'Team') },
    { id: 'closeFrom', type: 'date', label: text('预计成交日期从', 'Closing from') },
    { id: 'closeTo', type: 'date', label: text('预计成交日期至', 'Closing to') },
  ],
  filter,

  lockedColumns(grants) {
    const locked = new Set<string>();
    if (!grants.has('opportunities.update')) for (const c of Object.keys(FIELDS)) locked.add(c);
    if (!grants.has('opportunities.move')) locked.add('stage');
    if (!grants.has('opportunities.close')) ['status', 'closeReason'].forEach((c) => locked.add(c));
    if (!grants.has('opportunities.create')) locked.add('pipeline');
    return locked;
  },

  rows(db, vis, f) {
    return filtered(db, vis, {
      pipelineId: f.pipeline,
      stageId: f.stage,
      status: f.status,
      ownerId: f.owner,
      teamId: f.team,
      closeFrom: f.closeFrom,
      closeTo: f.closeTo,
    })
      .join('partners as p', 'p.id', 'o.partner_id')
      .select('o.*', 'p.name as partner_name');
  },
  reach: (db, vis) => db('opportunities as o').where(vis.opportunities(db, 'o')),
  idColumn: 'o.id',
  updatedColumn: 'o.updated_at',

  canonical(r) {
    const idText = (v: unknown) => (v === null || v === undefined ? null : String(toInt(v)));
    return {
      name: String(r.name),
      customer: idText(r.partner_id),
      pipeline: idText(r.pipeline_id),
      stage: idText(r.stage_id),
      status: String(r.status),
      closeReason: idText(r.close_reason_id),
      expectedRevenue: toIntOrNull(r.expected_revenue),
      currency: String(r.currency),
      expectedCloseDate: str(r.expected_close_date),
      probability: toInt(r.probability),
      owner: idText(r.owner_id),
      team: idText(r.team_id),
      channel: str(r.channel),
      campaign: str(r.campaign),
      description: str(r.description),
      wonAmount: toIntOrNull(r.won_amount),
      updatedAt: String(r.updated_at),
      updatedBy: idText(r.updated_by),
    } satisfies Record<(typeof COLUMNS)[number]['id'], Canon>;
  },
  lookupTexts: (r) => ({ customer: str(r.partner_name) }),
  resolveLookup: (trx, grants, _column, label) =>
    resolveCustomer(trx, grants.need('opportunities.read').vis, label),
  createDefaults: async (trx) => ({
    pipeline: String(await defaultPipelineId(trx)),
    status: 'open',
  }),

  async insert(trx, grants, values) {
    const g = grants.need('opportunities.create');
    const input = checkedInput(
      opportunityCreateInput,
      withoutNulls({
        ...apiFields(values),
        pipelineId: idOf(values.pipeline ?? null),
        stageId: idOf(values.stage ?? null),
      }),
    );
    const created = await createOpportunityTx(trx, g.ctx, g.vis, input);
    // A row typed as already won or lost is created open, then closed, as the board would.
    if (values.status && values.status !== 'open') {
      const row = (await trx('opportunities').where({ id: created.id }).first()) as DbRow;
      const close: CanonRow = { status: values.status };
      if ('closeReason' in values) close.closeReason = values.closeReason ?? null;
      await update(trx, grants, row, close);
    }
    return created.id;
  },
  update,

  errorFields: {
    partnerId: 'customer',
    pipelineId: 'pipeline',
    stageId: 'stage',
    outcome: 'status',
    reasonId: 'closeReason',
    ownerId: 'owner',
    teamId: 'team',
  },
};
