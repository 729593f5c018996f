// Word lists for the demo funnel: where leads come from, why deals are won or lost, what the demo
// company sells and whom it competes with. People and companies reuse demo-vocab.ts.
import type { DemoTeamKey } from './demo-company.ts';

/** How a lead arrived (leads.source). */
export type LeadSourceKind = 'manual' | 'capture' | 'import' | 'api';

/** 渠道: the code stored in leads.channel, its label, how often, and how such leads arrive. */
export const CHANNELS: readonly {
  code: string;
  zh: string;
  weight: number;
  source: LeadSourceKind;
}[] = [
  { code: 'website', zh: '官网', weight: 30, source: 'capture' },
  { code: 'trade_show', zh: '展会', weight: 22, source: 'import' },
  { code: 'referral', zh: '转介绍', weight: 15, source: 'manual' },
  { code: 'telemarketing', zh: '电话营销', weight: 15, source: 'manual' },
  { code: 'ads', zh: '广告', weight: 12, source: 'capture' },
  { code: 'web_shop', zh: '网店注册', weight: 6, source: 'api' },
];

/**
 * 促销活动: a campaign, the channels it runs through and when its leads arrived (days before
 * now), so a spring trade fair's leads are months old and the 11.11 promotion's are recent.
 */
export const CAMPAIGNS: readonly {
  code: string;
  channels: readonly string[];
  daysAgo: readonly [number, number];
}[] = [
  { code: '2026春季展会', channels: ['trade_show'], daysAgo: [200, 240] },
  { code: '新品发布会', channels: ['website', 'referral', 'trade_show'], daysAgo: [60, 95] },
  { code: '双十一促销', channels: ['ads', 'website', 'web_shop'], daysAgo: [11, 30] },
];

/** Sales regions a lead is routed on: [region, the city keys of demo-vocab.ts CITIES in it]. */
export const LEAD_REGIONS: readonly (readonly [string, readonly string[]])[] = [
  ['华东', ['shanghai', 'suzhou', 'wuxi', 'nanjing', 'hangzhou', 'ningbo', 'shaoxing', 'wenzhou']],
  ['华南', ['shenzhen', 'guangzhou', 'dongguan', 'foshan', 'xiamen']],
];
/** Regions no rule covers: such leads wait unrouted until someone assigns them. */
export const OTHER_CITIES: readonly (readonly [string, string, string])[] = [
  ['北京', '华北', '10'],
  ['天津', '华北', '22'],
  ['成都', '西南', '28'],
  ['武汉', '华中', '27'],
];

/** The teams whose reps work leads of a region, and the region's parent team (escalation). */
export const REGION_TEAMS: Record<string, { teams: readonly DemoTeamKey[]; parent: DemoTeamKey }> =
  {
    华东: { teams: ['shanghai', 'hangzhou'], parent: 'east' },
    华南: { teams: ['shenzhen'], parent: 'south' },
  };

/** Demo assignment rules, in order: the first active one that matches wins. */
export const DEMO_RULES: readonly {
  name: string;
  region?: string;
  channel?: string;
  campaign?: string;
  team: DemoTeamKey;
}[] = [
  {
    name: '展会线索归上海组 Trade-show leads to Shanghai',
    channel: 'trade_show',
    team: 'shanghai',
  },
  { name: '双十一促销归杭州组 11.11 leads to Hangzhou', campaign: '双十一促销', team: 'hangzhou' },
  { name: '华南区域 South China', region: '华南', team: 'shenzhen' },
  { name: '华东区域 East China', region: '华东', team: 'shanghai' },
];

/** Hours a lead may wait untouched before it escalates to the parent team. */
export const DEMO_ESCALATION: Partial<Record<DemoTeamKey, number>> = {
  shanghai: 48,
  hangzhou: 48,
  shenzhen: 72,
  east: 120,
  south: 120,
};

/** The website's contact form. `lodestone serve` prints its key after seeding. */
export const DEMO_FORM = {
  name: '官网联系我们 Website contact form',
  formKey: 'demo-website-contact',
  channel: 'website',
  campaign: null,
  team: null,
  allowedOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
} as const;

export const DISQUALIFY_REASONS = [
  '无预算',
  '无采购需求',
  '联系不上',
  '个人咨询，非企业客户',
  '已选择其他供应商',
  '重复线索',
];

/** [subject, body]: what reps log while working a lead. */
export const LEAD_ACTIVITIES: readonly (readonly ['call' | 'email', string, string])[] = [
  ['call', '首次电话联系', '介绍公司和产品，对方愿意了解更多。'],
  ['call', '电话未接通', '无人接听，明天再打。'],
  ['call', '确认需求', '对方有产线改造计划，预算在审批中。'],
  ['email', '发送产品资料', '按要求发送了产品手册和案例。'],
  ['email', '邀约参观展厅', '邀请对方下周来展厅参观。'],
  ['call', 'Intro call', 'Introduced our products; they asked for a brochure.'],
  ['email', 'Sent brochure', 'Product brochure and references sent as requested.'],
];

/**
 * What the demo company sells: [name zh, name en, unit price range in yuan, kind]. Software
 * and services compete with ERP and CRM vendors, hardware with automation makers.
 */
export const OFFERINGS: readonly {
  zh: string;
  en: string;
  price: readonly [number, number];
  kind: 'hardware' | 'software';
}[] = [
  { zh: '伺服电机', en: 'Servo drives', price: [3_000, 12_000], kind: 'hardware' },
  { zh: '控制柜', en: 'Control cabinets', price: [20_000, 80_000], kind: 'hardware' },
  { zh: '传感器模组', en: 'Sensor modules', price: [800, 3_000], kind: 'hardware' },
  { zh: '工业网关', en: 'Industrial gateways', price: [5_000, 15_000], kind: 'hardware' },
  { zh: '检测设备', en: 'Inspection equipment', price: [60_000, 250_000], kind: 'hardware' },
  { zh: '自动化产线改造', en: 'Line retrofit', price: [300_000, 1_500_000], kind: 'hardware' },
  { zh: 'MES系统', en: 'MES system', price: [200_000, 900_000], kind: 'software' },
  {
    zh: '设备联网平台',
    en: 'Machine connectivity platform',
    price: [80_000, 300_000],
    kind: 'software',
  },
  { zh: '年度维保服务', en: 'Annual service plan', price: [30_000, 120_000], kind: 'software' },
];

export const COMPETITORS: Record<
  'hardware' | 'software',
  readonly { name: string; strengths: string; weaknesses: string }[]
> = {
  software: [
    { name: '用友', strengths: '财务一体化，客户已在用其ERP', weaknesses: '车间层功能薄弱' },
    { name: '金蝶', strengths: '云产品上线快，价格灵活', weaknesses: '制造业案例少' },
    { name: '鼎捷', strengths: '制造业MES经验丰富', weaknesses: '实施周期长' },
    { name: 'SAP', strengths: '品牌强，集团总部指定', weaknesses: '价格高，二次开发贵' },
    {
      name: 'Salesforce',
      strengths: 'Strong CRM and ecosystem',
      weaknesses: 'No local shop-floor support',
    },
  ],
  hardware: [
    { name: '西门子', strengths: '品牌和产品线完整', weaknesses: '交期长，价格高' },
    { name: '汇川技术', strengths: '性价比高，本地服务快', weaknesses: '高端型号选择少' },
    { name: '台达', strengths: '价格低', weaknesses: '定制能力弱' },
  ],
};

export const COLLABORATOR_ROLES = ['售前支持', '技术方案', '商务审批', 'Key account support'];

export const DESCRIPTIONS = [
  '客户计划扩产，需要{p}，要求年内交付。',
  '老设备更换，客户关注稳定性和售后响应。',
  '集团统一招标，{p}为其中一个标段。',
  'Export plant upgrade; the customer wants {p} with English documentation.',
];

/** [subject, body] per stage position (upper, middle, lower funnel); `{p}` is the offering. */
export const DEAL_ACTIVITIES: readonly (readonly (readonly [
  'call' | 'visit' | 'email' | 'meeting',
  string,
  string,
])[])[] = [
  [
    ['call', '了解{p}需求', '对方确认有需求，约时间拜访。'],
    ['visit', '首次拜访', '参观现场，初步了解{p}的应用场景。'],
  ],
  [
    ['meeting', '{p}方案交流', '与技术团队讨论方案，确定了关键指标。'],
    ['email', '发送{p}方案', '方案和初步报价已发出。'],
    ['visit', 'Solution workshop', 'Walked the plant team through the {p} proposal.'],
  ],
  [
    ['meeting', '商务谈判', '对方要求降价5%，付款条件30/70。'],
    ['call', '跟进合同条款', '法务在审核合同，预计下周回复。'],
    ['email', 'Contract draft sent', 'Sent the {p} contract draft for review.'],
  ],
];

export const CLOSE_NOTES: Record<'won' | 'lost' | 'invalid', readonly string[]> = {
  won: ['合同已签，安排交付。', 'Signed; kick-off next week.'],
  lost: ['客户选择了其他方案。', '项目预算被砍。', 'Lost on price.'],
  invalid: ['客户信息有误。', '与已有商机重复。'],
};
