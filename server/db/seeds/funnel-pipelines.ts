// The two pipelines every installation starts with, and the default close reasons. Data plus one
// idempotent insert (pipelines matched by name, close reasons by outcome and name), used by the
// demo seed and by test fixtures alike.
import type { Knex } from 'knex';
import type { RequirableField, Outcome } from '../../../core/funnel/stage-engine.ts';
import { toInt } from '../rows.ts';
import { audit, type Actor } from '../../services/audit.ts';
import { createStamps } from '../../services/versioned.ts';

export interface SeedTask {
  name: string;
  nameEn: string;
  strict?: boolean;
  milestone?: boolean;
}

export interface SeedStage {
  name: string;
  nameEn: string;
  probability: number;
  autoProbability?: boolean;
  requiredFields?: RequirableField[];
  tasks: SeedTask[];
}

export interface SeedPipeline {
  name: string;
  nameEn: string;
  description: string;
  isDefault: boolean;
  stages: SeedStage[];
}

/**
 * LatoERP's six-step funnel (六部判断法). The manual puts the upper funnel at 25%, the middle at
 * 50% and the lower at 75%; the ends are ours: 10% for an unqualified 初选 and 90% once the
 * contract is out for signature. 初验 requires expected revenue and closing date, as in the
 * manual's example. Each stage's 升段条件 are its checklist: what must be established before it
 * is left; the ones that decide whether the deal is real at all are strict.
 */
export const LATOERP_PIPELINE: SeedPipeline = {
  name: '六步判断法',
  nameEn: 'Six-step funnel',
  description: 'LatoERP 销售漏斗：初选 → 初验 → 已验 → 提案 → 谈判 → 得失',
  isDefault: true,
  stages: [
    { name: '初选', nameEn: 'Prospecting', probability: 10, tasks: [] },
    {
      name: '初验',
      nameEn: 'Qualification',
      probability: 25,
      requiredFields: ['expectedRevenue', 'expectedCloseDate'],
      tasks: [
        {
          name: '已确定对方需要购买我司产品/服务',
          nameEn: 'Confirmed they need our product or service',
          strict: true,
        },
        { name: '已确定对方有预算', nameEn: 'Confirmed they have a budget', strict: true },
      ],
    },
    {
      name: '已验',
      nameEn: 'Validated',
      probability: 50,
      tasks: [
        { name: '已确定对方当前的痛点', nameEn: 'Identified their current pain points' },
        { name: '已确定对方期望的效果', nameEn: 'Identified the results they expect' },
        { name: '已确定对方的决策人', nameEn: 'Identified the decision maker', strict: true },
      ],
    },
    {
      name: '提案',
      nameEn: 'Proposal',
      probability: 50,
      tasks: [
        {
          name: '已给客户演示，或者已给客户解决方案',
          nameEn: 'Demonstrated or presented a solution',
          strict: true,
        },
        { name: '已确定决策人有购买兴趣', nameEn: 'Decision maker is interested in buying' },
        { name: '已初步确定价格', nameEn: 'Price roughly agreed' },
      ],
    },
    {
      name: '谈判',
      nameEn: 'Negotiation',
      probability: 75,
      tasks: [
        { name: '谈判结束', nameEn: 'Negotiation finished' },
        { name: '已达成合同条款', nameEn: 'Contract terms agreed' },
        { name: '合同已提交签字', nameEn: 'Contract sent for signature', strict: true },
      ],
    },
    { name: '得失', nameEn: 'Won/Lost', probability: 90, tasks: [] },
  ],
};

/**
 * Fxiaoke's tender process for a software vendor. The milestone tasks are the ones that close a
 * step (the bid decision, the demo and deck): when they are done the deal advances by itself.
 * Probabilities follow the same upper/middle/lower funnel split.
 */
export const TENDER_PIPELINE: SeedPipeline = {
  name: '招投标流程',
  nameEn: 'Tender process',
  description: '纷享销客示例：鉴定资质 → 决议是否投标 → 竞标 → 谈判 → 达成一致',
  isDefault: false,
  stages: [
    {
      name: '鉴定资质',
      nameEn: 'Qualify',
      probability: 10,
      tasks: [
        { name: '确认客户招标书', nameEn: 'Confirm the tender document', milestone: true },
        {
          name: '确认自我资质',
          nameEn: 'Confirm we qualify',
          strict: true,
          milestone: true,
        },
      ],
    },
    {
      name: '决议是否投标',
      nameEn: 'Bid decision',
      probability: 25,
      requiredFields: ['expectedRevenue', 'expectedCloseDate'],
      tasks: [
        { name: '收集需求', nameEn: 'Collect requirements' },
        { name: '识别需求满足点和Gap', nameEn: 'Identify fit and gaps' },
        { name: '做成ROI/TOC报告', nameEn: 'Write the ROI/TCO report' },
        {
          name: '召集相关团队评估并确定是否竞标',
          nameEn: 'Team review and bid/no-bid decision',
          strict: true,
          milestone: true,
        },
      ],
    },
    {
      name: '竞标',
      nameEn: 'Bidding',
      probability: 50,
      tasks: [
        {
          name: '召集售前人员根据需求完成demo',
          nameEn: 'Pre-sales demo built to the requirements',
          milestone: true,
        },
        { name: '准备竞标PPT', nameEn: 'Prepare the bid presentation', milestone: true },
      ],
    },
    { name: '谈判', nameEn: 'Negotiation', probability: 75, tasks: [] },
    {
      name: '达成一致',
      nameEn: 'Agreement',
      probability: 90,
      tasks: [
        { name: '准备合同', nameEn: 'Prepare the contract', strict: true },
        { name: '联系后续跟进人员', nameEn: 'Hand over to delivery' },
      ],
    },
  ],
};

export const SEED_PIPELINES: readonly SeedPipeline[] = [LATOERP_PIPELINE, TENDER_PIPELINE];

export const SEED_CLOSE_REASONS: readonly { outcome: Outcome; name: string; nameEn: string }[] = [
  { outcome: 'won', name: '价格有优势', nameEn: 'Better price' },
  { outcome: 'won', name: '产品满足需求', nameEn: 'Product fits the need' },
  { outcome: 'won', name: '客户关系良好', nameEn: 'Strong relationship' },
  { outcome: 'lost', name: '价格过高', nameEn: 'Price too high' },
  { outcome: 'lost', name: '选择了竞争对手', nameEn: 'Chose a competitor' },
  { outcome: 'lost', name: '预算取消', nameEn: 'Budget cancelled' },
  { outcome: 'lost', name: '需求不匹配', nameEn: 'Requirements not met' },
  { outcome: 'lost', name: '无响应', nameEn: 'No response' },
  { outcome: 'invalid', name: '无效需求', nameEn: 'Invalid request' },
  { outcome: 'invalid', name: '重复商机', nameEn: 'Duplicate opportunity' },
  { outcome: 'invalid', name: '信息错误', nameEn: 'Wrong information' },
];

export interface InsertedPipelines {
  /** Pipeline id by Chinese name. */
  pipelines: Record<string, number>;
  /** Rows added (0 when everything was already there). */
  added: { pipelines: number; pipeline_stages: number; stage_tasks: number; close_reasons: number };
}

async function insertId(trx: Knex.Transaction, table: string, values: object): Promise<number> {
  const [row] = await trx(table).insert(values).returning('id');
  return toInt((row as { id: unknown }).id);
}

/**
 * Adds the seed pipelines (with their stages and tasks) and close reasons that are missing, in
 * the caller's transaction. A pipeline that already exists by name is left as its admin made it.
 */
export async function insertPipelines(
  trx: Knex.Transaction,
  actor: Actor = { userId: null, requestId: 'seed:pipelines' },
  at = new Date().toISOString(),
): Promise<InsertedPipelines> {
  const added = { pipelines: 0, pipeline_stages: 0, stage_tasks: 0, close_reasons: 0 };
  const pipelines: Record<string, number> = {};
  const stamps = createStamps(actor, at);
  for (const [pi, p] of SEED_PIPELINES.entries()) {
    const found = await trx('pipelines')
      .where({ name: p.name })
      .whereNull('deleted_at')
      .first('id');
    if (found) {
      pipelines[p.name] = toInt(found.id);
      continue;
    }
    const pipelineId = await insertId(trx, 'pipelines', {
      ...stamps,
      name: p.name,
      name_en: p.nameEn,
      description: p.description,
      // Only one default: the first seed pipeline, unless an admin already chose another.
      is_default: p.isDefault && !(await trx('pipelines').where({ is_default: true }).first('id')),
      active: true,
      sequence: pi + 1,
    });
    await audit(trx, actor, 'pipelines', pipelineId, 'create', null, at);
    pipelines[p.name] = pipelineId;
    added.pipelines++;
    for (const [si, s] of p.stages.entries()) {
      const stageId = await insertId(trx, 'pipeline_stages', {
        ...stamps,
        pipeline_id: pipelineId,
        sequence: si + 1,
        name: s.name,
        name_en: s.nameEn,
        probability: s.probability,
        auto_probability: s.autoProbability ?? true,
        required_fields: JSON.stringify(s.requiredFields ?? []),
      });
      added.pipeline_stages++;
      for (const [ti, t] of s.tasks.entries()) {
        await insertId(trx, 'stage_tasks', {
          ...stamps,
          stage_id: stageId,
          sequence: ti + 1,
          name: t.name,
          name_en: t.nameEn,
          strict: t.strict ?? false,
          milestone: t.milestone ?? false,
        });
        added.stage_tasks++;
      }
    }
  }
  for (const [i, r] of SEED_CLOSE_REASONS.entries()) {
    const found = await trx('close_reasons')
      .where({ outcome: r.outcome, name: r.name })
      .whereNull('deleted_at')
      .first('id');
    if (found) continue;
    const id = await insertId(trx, 'close_reasons', {
      ...stamps,
      outcome: r.outcome,
      name: r.name,
      name_en: r.nameEn,
      active: true,
      sequence: i + 1,
    });
    await audit(trx, actor, 'close_reasons', id, 'create', null, at);
    added.close_reasons++;
  }
  return { pipelines, added };
}
