import type { ContactRole } from '../../../core/schemas/contacts.ts';
import type { ActivityType } from '../../../core/schemas/activities.ts';

// Word lists the demo generator combines into believable companies, people and activities.
// Domains use the reserved .example top-level domain so no real company is named or mailed.

export interface City {
  zh: string;
  en: string;
  province: string;
  /** Value of partners.region: the sales region a customer belongs to. */
  region: string;
  area: string;
  postcode: string;
  districts: readonly string[];
}

export const CITIES: Record<string, City> = {
  shanghai: {
    zh: '上海',
    en: 'Shanghai',
    province: '上海',
    region: '上海',
    area: '21',
    postcode: '2000',
    districts: ['浦东新区', '闵行区', '徐汇区', '嘉定区', '松江区'],
  },
  suzhou: {
    zh: '苏州',
    en: 'Suzhou',
    province: '江苏',
    region: '江苏',
    area: '512',
    postcode: '2150',
    districts: ['工业园区', '吴中区', '相城区', '高新区'],
  },
  wuxi: {
    zh: '无锡',
    en: 'Wuxi',
    province: '江苏',
    region: '江苏',
    area: '510',
    postcode: '2140',
    districts: ['滨湖区', '新吴区', '梁溪区'],
  },
  nanjing: {
    zh: '南京',
    en: 'Nanjing',
    province: '江苏',
    region: '江苏',
    area: '25',
    postcode: '2100',
    districts: ['江宁区', '建邺区', '鼓楼区', '栖霞区'],
  },
  hangzhou: {
    zh: '杭州',
    en: 'Hangzhou',
    province: '浙江',
    region: '浙江',
    area: '571',
    postcode: '3100',
    districts: ['滨江区', '余杭区', '萧山区', '西湖区'],
  },
  ningbo: {
    zh: '宁波',
    en: 'Ningbo',
    province: '浙江',
    region: '浙江',
    area: '574',
    postcode: '3150',
    districts: ['鄞州区', '北仑区', '海曙区'],
  },
  shaoxing: {
    zh: '绍兴',
    en: 'Shaoxing',
    province: '浙江',
    region: '浙江',
    area: '575',
    postcode: '3120',
    districts: ['柯桥区', '越城区', '上虞区'],
  },
  wenzhou: {
    zh: '温州',
    en: 'Wenzhou',
    province: '浙江',
    region: '浙江',
    area: '577',
    postcode: '3250',
    districts: ['鹿城区', '瓯海区', '龙湾区'],
  },
  shenzhen: {
    zh: '深圳',
    en: 'Shenzhen',
    province: '广东',
    region: '广东',
    area: '755',
    postcode: '5180',
    districts: ['南山区', '宝安区', '龙岗区', '福田区'],
  },
  guangzhou: {
    zh: '广州',
    en: 'Guangzhou',
    province: '广东',
    region: '广东',
    area: '20',
    postcode: '5100',
    districts: ['天河区', '黄埔区', '番禺区', '白云区'],
  },
  dongguan: {
    zh: '东莞',
    en: 'Dongguan',
    province: '广东',
    region: '广东',
    area: '769',
    postcode: '5230',
    districts: ['松山湖', '长安镇', '虎门镇'],
  },
  foshan: {
    zh: '佛山',
    en: 'Foshan',
    province: '广东',
    region: '广东',
    area: '757',
    postcode: '5280',
    districts: ['顺德区', '南海区', '禅城区'],
  },
  xiamen: {
    zh: '厦门',
    en: 'Xiamen',
    province: '福建',
    region: '福建',
    area: '592',
    postcode: '3610',
    districts: ['思明区', '湖里区', '集美区'],
  },
};

export const ROADS = [
  '科技路',
  '创业路',
  '金桥路',
  '工业大道',
  '滨河路',
  '人民路',
  '新华路',
  '湖滨路',
  '东方路',
  '建设路',
  '长江路',
  '园区路',
];

/** Brand words: [Chinese, pinyin for the web domain]. */
export const BRANDS: readonly (readonly [string, string])[] = [
  ['恒达', 'hengda'],
  ['华信', 'huaxin'],
  ['金桥', 'jinqiao'],
  ['鼎盛', 'dingsheng'],
  ['瑞丰', 'ruifeng'],
  ['宏远', 'hongyuan'],
  ['天成', 'tiancheng'],
  ['永昌', 'yongchang'],
  ['新格', 'xinge'],
  ['联创', 'lianchuang'],
  ['博锐', 'borui'],
  ['海川', 'haichuan'],
  ['启明', 'qiming'],
  ['德隆', 'delong'],
  ['嘉禾', 'jiahe'],
  ['东升', 'dongsheng'],
  ['汇通', 'huitong'],
  ['佳美', 'jiamei'],
  ['盛泰', 'shengtai'],
  ['远航', 'yuanhang'],
  ['明辉', 'minghui'],
  ['中和', 'zhonghe'],
  ['致远', 'zhiyuan'],
  ['立信', 'lixin'],
  ['同润', 'tongrun'],
  ['凯越', 'kaiyue'],
  ['万象', 'wanxiang'],
  ['科瑞', 'kerui'],
  ['锦程', 'jincheng'],
  ['长风', 'changfeng'],
  ['广源', 'guangyuan'],
  ['润达', 'runda'],
  ['安泰', 'antai'],
  ['华辰', 'huachen'],
  ['祥和', 'xianghe'],
  ['星河', 'xinghe'],
  ['诚毅', 'chengyi'],
  ['百川', 'baichuan'],
  ['睿智', 'ruizhi'],
  ['协力', 'xieli'],
];

/** [word in the company name, industry label, English word for the domain]. */
export const CUSTOMER_TRADES: readonly (readonly [string, string, string])[] = [
  ['机械', '机械制造', 'machinery'],
  ['精密机械', '机械制造', 'precision'],
  ['电子', '电子电器', 'electronics'],
  ['智能科技', '电子电器', 'smart'],
  ['包装', '包装印刷', 'packaging'],
  ['食品', '食品饮料', 'foods'],
  ['医疗器械', '医疗健康', 'medical'],
  ['化工', '化工', 'chemical'],
  ['物流', '物流', 'logistics'],
  ['软件', '信息技术', 'software'],
  ['建材', '建筑建材', 'building'],
  ['纺织', '纺织服装', 'textile'],
  ['汽车零部件', '汽车', 'autoparts'],
  ['环保科技', '环保', 'enviro'],
  ['新能源', '新能源', 'energy'],
];

export const SUPPLIER_TRADES: readonly (readonly [string, string, string])[] = [
  ['包装材料', '包装印刷', 'packmat'],
  ['电子元器件', '电子电器', 'components'],
  ['供应链管理', '物流', 'supply'],
  ['钢材贸易', '金属材料', 'steel'],
  ['办公用品', '办公用品', 'office'],
];

/** International customers: a name stem, a trade and a home country, combined. */
export const INTL_STEMS = [
  'Nordlicht',
  'Bayview',
  'Kestrel',
  'Sakura',
  'Meridian',
  'Harbor',
  'Lumen',
  'Vega',
  'Alder',
  'Tamarind',
  'Orchid',
  'Granite',
  'Silverline',
  'Northwind',
  'Bluewater',
  'Crescent',
  'Evergreen',
  'Falcon',
  'Summit',
  'Aurora',
];

/** [English trade word, industry label, domain word]. */
export const INTL_TRADES: readonly (readonly [string, string, string])[] = [
  ['Machinery', '机械制造', 'machinery'],
  ['Foods', '食品饮料', 'foods'],
  ['Components', '电子电器', 'components'],
  ['Precision', '机械制造', 'precision'],
  ['Medical', '医疗健康', 'medical'],
  ['Logistics', '物流', 'logistics'],
  ['Energy', '新能源', 'energy'],
  ['Textiles', '纺织服装', 'textiles'],
];

export interface Country {
  code: string;
  legalForm: string;
  city: string;
  postcode: string;
  street: string;
  phonePrefix: string;
}

export const COUNTRIES: readonly Country[] = [
  {
    code: 'DE',
    legalForm: 'GmbH',
    city: 'Stuttgart',
    postcode: '70173',
    street: 'Königstraße 28',
    phonePrefix: '+49 711',
  },
  {
    code: 'SG',
    legalForm: 'Pte. Ltd.',
    city: 'Singapore',
    postcode: '018989',
    street: '8 Marina View, #21-04',
    phonePrefix: '+65 6',
  },
  {
    code: 'US',
    legalForm: 'Inc.',
    city: 'San Jose',
    postcode: '95112',
    street: '1450 N First Street',
    phonePrefix: '+1 408',
  },
  {
    code: 'JP',
    legalForm: 'Co., Ltd.',
    city: 'Osaka',
    postcode: '530-0001',
    street: '2-4-9 Umeda, Kita-ku',
    phonePrefix: '+81 6',
  },
  {
    code: 'GB',
    legalForm: 'Ltd.',
    city: 'Cambridge',
    postcode: 'CB4 0WS',
    street: '12 Science Park Road',
    phonePrefix: '+44 1223',
  },
  {
    code: 'NL',
    legalForm: 'B.V.',
    city: 'Rotterdam',
    postcode: '3011 AA',
    street: 'Blaak 40',
    phonePrefix: '+31 10',
  },
  {
    code: 'AU',
    legalForm: 'Pty Ltd',
    city: 'Melbourne',
    postcode: '3000',
    street: '120 Collins Street',
    phonePrefix: '+61 3',
  },
  {
    code: 'IT',
    legalForm: 'S.p.A.',
    city: 'Prato',
    postcode: '59100',
    street: 'Via Roma 17',
    phonePrefix: '+39 0574',
  },
];

export const CUSTOMER_GROUPS: readonly (readonly [string, number])[] = [
  ['VIP', 15],
  ['普通', 60],
  ['经销商', 25],
];

export const TAGS = [
  '重点客户',
  '年框',
  '招投标',
  '出口',
  '新客户',
  '老客户转介绍',
  '价格敏感',
  '需要样品',
  '展会获客',
  '战略合作',
];
export const INTERNATIONAL_TAGS = ['export', 'key account', 'distributor', 'trade fair lead'];

export const SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['黄', 'huang'],
  ['赵', 'zhao'],
  ['吴', 'wu'],
  ['周', 'zhou'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['马', 'ma'],
  ['朱', 'zhu'],
  ['胡', 'hu'],
  ['郭', 'guo'],
  ['何', 'he'],
  ['林', 'lin'],
  ['罗', 'luo'],
  ['高', 'gao'],
];
export const GIVEN_NAMES: readonly (readonly [string, string])[] = [
  ['建国', 'jianguo'],
  ['晓明', 'xiaoming'],
  ['丽华', 'lihua'],
  ['海涛', 'haitao'],
  ['静怡', 'jingyi'],
  ['志强', 'zhiqiang'],
  ['秀英', 'xiuying'],
  ['俊杰', 'junjie'],
  ['雪梅', 'xuemei'],
  ['永红', 'yonghong'],
  ['子涵', 'zihan'],
  ['浩然', 'haoran'],
  ['佳琪', 'jiaqi'],
  ['国栋', 'guodong'],
  ['婷婷', 'tingting'],
  ['振宇', 'zhenyu'],
  ['思远', 'siyuan'],
  ['慧敏', 'huimin'],
  ['文博', 'wenbo'],
  ['雨欣', 'yuxin'],
];
export const WESTERN_FIRST = [
  'Anna',
  'Lukas',
  'Emily',
  'James',
  'Kenji',
  'Sofia',
  'Daniel',
  'Priya',
  'Marco',
  'Hannah',
];
export const WESTERN_LAST = [
  'Schmidt',
  'Tan',
  'Miller',
  'Tanaka',
  'Brown',
  'de Vries',
  'Rossi',
  'Wilson',
  'Meyer',
  'Lim',
];

/** [job title zh, job title en, link role (core/schemas/contacts.ts CONTACT_ROLES)]. */
export const JOBS: readonly (readonly [string, string, ContactRole])[] = [
  ['总经理', 'General Manager', 'decision_maker'],
  ['采购经理', 'Purchasing Manager', 'influencer'],
  ['财务经理', 'Finance Manager', 'finance'],
  ['技术总监', 'Technical Director', 'technical'],
  ['设备主管', 'Maintenance Lead', 'user'],
  ['项目经理', 'Project Manager', 'other'],
];

export const PRODUCTS_ZH = [
  '伺服电机',
  '控制柜',
  '传感器模组',
  '工业网关',
  '备件包',
  '年度维保服务',
  '自动化产线改造',
  '检测设备',
];
export const PRODUCTS_EN = [
  'servo drives',
  'control cabinets',
  'sensor modules',
  'industrial gateways',
  'spare parts kit',
  'annual service plan',
  'line retrofit',
  'inspection equipment',
];

export const ACTIVITY_WEIGHTS: readonly (readonly [ActivityType, number])[] = [
  ['call', 35],
  ['email', 20],
  ['visit', 15],
  ['meeting', 10],
  ['note', 10],
  ['task', 10],
];

/** Subject and body templates per type; `{p}` is a product, `{c}` the contact's name. */
export const SUBJECTS_ZH: Record<ActivityType, readonly (readonly [string, string])[]> = {
  call: [
    ['电话沟通{p}采购需求', '{c}确认本季度有采购计划，预算待审批。'],
    ['跟进报价反馈', '{c}认为价格偏高，希望再给5%折扣。'],
    ['确认交货时间', '对方要求月底前到货，已与生产确认可行。'],
    ['回访使用情况', '设备运行稳定，{c}提到有扩产计划。'],
  ],
  visit: [
    ['上门拜访，介绍{p}', '参观了车间，{c}对{p}很感兴趣，约下周技术交流。'],
    ['现场勘查', '完成现场测量，需出具改造方案。'],
    ['拜访客户高层', '与{c}面谈，明确了年度合作框架。'],
  ],
  email: [
    ['发送{p}报价单', '已发送正式报价，有效期30天。'],
    ['邮件确认合同条款', '付款方式改为30%预付，70%验收后付清。'],
    ['寄送产品资料', '发送了{p}的规格书和案例。'],
  ],
  meeting: [
    ['技术交流会', '双方工程师讨论了{p}的接口方案。'],
    ['年度合作洽谈', '{c}希望签订年框协议，下周提交草案。'],
    ['项目启动会', '确定了项目里程碑和对接人。'],
  ],
  note: [
    ['客户内部组织调整', '采购由{c}负责，决策链有变化。'],
    ['竞品动态', '客户同时在比较两家供应商的方案。'],
  ],
  task: [
    ['准备{p}方案', '根据现场勘查结果准备方案和报价。'],
    ['寄样品', '安排寄送{p}样品。'],
    ['催收预付款', '提醒财务跟进预付款到账。'],
  ],
};

export const SUBJECTS_EN: Record<ActivityType, readonly (readonly [string, string])[]> = {
  call: [
    [
      'Call about {p} requirements',
      '{c} confirmed a purchase this quarter; budget pending approval.',
    ],
    ['Follow-up on quotation', '{c} finds the price high and asks for another 5% off.'],
    ['Delivery date check', 'They need the goods by month end; production confirmed.'],
  ],
  visit: [
    ['Site visit: {p} demo', 'Toured the plant; {c} wants a technical session next week.'],
    ['On-site survey', 'Measurements done; a retrofit proposal is needed.'],
  ],
  email: [
    ['Sent {p} quotation', 'Formal quotation sent, valid for 30 days.'],
    ['Contract terms by email', 'Payment changed to 30% advance, 70% on acceptance.'],
  ],
  meeting: [
    ['Technical workshop', 'Engineers on both sides discussed the {p} interface.'],
    ['Annual framework talks', '{c} wants a framework agreement; draft due next week.'],
  ],
  note: [
    ['Org change at the customer', '{c} now runs purchasing; the decision chain changed.'],
    ['Competitor activity', 'The customer is comparing two vendors.'],
  ],
  task: [
    ['Prepare {p} proposal', 'Proposal and pricing based on the site survey.'],
    ['Ship samples', 'Arrange samples and datasheets for {p}.'],
  ],
};
