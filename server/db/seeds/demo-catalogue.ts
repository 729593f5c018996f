// What the demo company sells (an industrial automation vendor, as the funnel's OFFERINGS say):
// 40 products in 5 groups with prices and costs in yuan, and the VAT each one carries in China:
// goods and software licences 13%, installation works and freight 9%, cloud and other services 6%.

export interface DemoProduct {
  code: string;
  zh: string;
  en: string;
  unit: string;
  /** Tax-exclusive list price and cost, whole yuan. */
  price: number;
  cost: number;
  /** Basis points. */
  vat: 1300 | 900 | 600;
  /** Hardware is stocked; software and services are not. */
  stocked: boolean;
}

export interface DemoGroup {
  zh: string;
  en: string;
  /** Distributors buy it at a discount (经销商价); services are sold at list price only. */
  distributed: boolean;
  /** Volume tiers on the distributor list: for items under ¥10,000. */
  tiered: boolean;
  products: DemoProduct[];
}

const goods = (code: string, zh: string, en: string, unit: string, price: number, cost: number) =>
  ({ code, zh, en, unit, price, cost, vat: 1300, stocked: true }) as const;
const licence = (code: string, zh: string, en: string, unit: string, price: number, cost: number) =>
  ({ code, zh, en, unit, price, cost, vat: 1300, stocked: false }) as const;
const service = (
  code: string,
  zh: string,
  en: string,
  unit: string,
  price: number,
  cost: number,
  vat: 900 | 600,
) => ({ code, zh, en, unit, price, cost, vat, stocked: false }) as const;

export const DEMO_CATALOGUE: readonly DemoGroup[] = [
  {
    zh: '伺服与驱动',
    en: 'Servo and drives',
    distributed: true,
    tiered: true,
    products: [
      goods('SV-200', '交流伺服电机 200W', 'AC servo motor 200 W', '台', 1_280, 820),
      goods('SV-400', '交流伺服电机 400W', 'AC servo motor 400 W', '台', 1_650, 1_060),
      goods('SV-750', '交流伺服电机 750W', 'AC servo motor 750 W', '台', 2_380, 1_530),
      goods('SV-1K5', '交流伺服电机 1.5kW', 'AC servo motor 1.5 kW', '台', 3_960, 2_540),
      goods('SD-400', '伺服驱动器 400W', 'Servo drive 400 W', '台', 1_450, 910),
      goods('SD-1K5', '伺服驱动器 1.5kW', 'Servo drive 1.5 kW', '台', 2_980, 1_880),
      goods('VF-7K5', '变频器 7.5kW', 'Frequency inverter 7.5 kW', '台', 3_260, 2_150),
      goods('GR-60', '精密行星减速机 60', 'Precision planetary gearbox 60', '台', 1_880, 1_150),
    ],
  },
  {
    zh: '传感与检测',
    en: 'Sensors and inspection',
    distributed: true,
    tiered: true,
    products: [
      goods('PS-M12', '电感式接近开关 M12', 'Inductive proximity sensor M12', '个', 68, 31),
      goods('PE-30', '光电传感器', 'Photoelectric sensor', '个', 185, 92),
      goods('EN-1024', '增量式编码器 1024线', 'Incremental encoder 1024 ppr', '个', 620, 360),
      goods('PT-10', '压力变送器', 'Pressure transmitter', '台', 1_150, 640),
      goods('LS-S1', '激光位移传感器', 'Laser displacement sensor', '台', 4_800, 2_900),
      goods('VS-5M', '工业相机 500万像素', 'Industrial camera 5 MP', '台', 3_600, 2_150),
      goods('VI-100', '视觉检测系统', 'Vision inspection system', '套', 68_000, 41_000),
      goods('TM-IR', '红外测温仪', 'Infrared thermometer', '台', 2_350, 1_280),
    ],
  },
  {
    zh: '控制与网络',
    en: 'Control and networking',
    distributed: true,
    tiered: true,
    products: [
      goods('PLC-S', '小型PLC控制器', 'Compact PLC', '台', 2_680, 1_650),
      goods('PLC-M', '中型PLC控制器', 'Modular PLC CPU', '台', 9_800, 6_100),
      goods('IO-16', '远程IO模块 16点', 'Remote I/O module, 16 channels', '个', 860, 480),
      goods('HMI-10', '10寸触摸屏', '10-inch HMI touch panel', '台', 2_450, 1_480),
      goods('GW-4G', '工业物联网网关 4G', 'Industrial IoT gateway, 4G', '台', 6_800, 3_900),
      goods(
        'SW-8',
        '工业以太网交换机 8口',
        'Industrial Ethernet switch, 8 ports',
        '台',
        1_580,
        880,
      ),
      goods('CC-STD', '标准控制柜', 'Standard control cabinet', '套', 36_000, 24_500),
      goods('CC-EXP', '防爆控制柜', 'Explosion-proof control cabinet', '套', 78_000, 52_000),
    ],
  },
  {
    zh: '工业软件',
    en: 'Industrial software',
    distributed: true,
    tiered: false,
    products: [
      licence('MES-STD', 'MES系统标准版', 'MES standard edition', '套', 280_000, 56_000),
      licence('MES-ENT', 'MES系统企业版', 'MES enterprise edition', '套', 680_000, 130_000),
      licence('MES-USR', 'MES用户许可', 'MES named-user licence', '个', 3_800, 400),
      licence('IOT-PLT', '设备联网平台', 'Machine connectivity platform', '套', 150_000, 30_000),
      service(
        'IOT-CLD',
        '设备联网云服务（年）',
        'Machine connectivity cloud, yearly',
        '年',
        36_000,
        9_000,
        600,
      ),
      licence('SCADA-RT', 'SCADA运行版许可', 'SCADA runtime licence', '套', 18_000, 3_600),
      licence(
        'APS-STD',
        '高级计划排程APS',
        'Advanced planning and scheduling',
        '套',
        220_000,
        44_000,
      ),
      licence('EDGE-AI', '边缘AI质检软件', 'Edge AI inspection software', '套', 96_000, 24_000),
    ],
  },
  {
    zh: '工程与服务',
    en: 'Engineering and services',
    distributed: false,
    tiered: false,
    products: [
      service(
        'SVC-INST',
        '现场安装调试',
        'On-site installation and commissioning',
        '人天',
        2_200,
        1_100,
        900,
      ),
      service('SVC-RETRO', '产线改造施工', 'Line retrofit works', '项', 450_000, 315_000, 900),
      service('SVC-IMPL', 'MES实施服务', 'MES implementation', '人天', 2_800, 1_300, 600),
      service('SVC-MNT', '年度维保服务', 'Annual service plan', '年', 48_000, 26_000, 600),
      service('SVC-TRN', '操作培训', 'Operator training', '天', 3_500, 1_400, 600),
      service(
        'SVC-CONS',
        '数字化转型咨询',
        'Digital transformation consulting',
        '项',
        120_000,
        60_000,
        600,
      ),
      goods('SVC-SPARE', '备件包', 'Spare parts kit', '套', 8_600, 5_200),
      service('SVC-LOG', '设备运输', 'Equipment freight', '次', 1_800, 1_350, 900),
    ],
  },
];

/** The two demo price lists: one per customer group the demo partners carry (demo-vocab.ts). */
export const DEMO_PRICE_LISTS = {
  standard: {
    name: '标准价（含税）',
    nameEn: 'Standard prices (tax included)',
    customerGroup: '普通',
  },
  distributor: {
    name: '经销商价',
    nameEn: 'Distributor prices',
    customerGroup: '经销商',
  },
} as const;

/** Distributor discounts, as the share of the list price paid, in basis points. */
export const DISTRIBUTOR_RATES = {
  licence: 9000,
  base: 8500,
  /** From 10 units. */
  ten: 8000,
  /** From 50 units. */
  fifty: 7500,
  /** The season's promotion on sensors, this month and next. */
  promotion: 7000,
} as const;

/** Admin-defined default payment terms (the first is the default). */
export const DEMO_PAYMENT_TERMS = [
  {
    name: '3-4-3 分期（签约30%，30天40%，90天30%）',
    nameEn: '30% on signing, 40% at 30 days, 30% at 90 days',
    schedule: [
      { ratio: 3000, days: 0, label: '首付款' },
      { ratio: 4000, days: 30, label: '进度款' },
      { ratio: 3000, days: 90, label: '尾款' },
    ],
    isDefault: true,
  },
  {
    name: '分3期按月等额',
    nameEn: '3 equal monthly installments',
    schedule: [
      { ratio: 1, months: 1, label: '第1期' },
      { ratio: 1, months: 2, label: '第2期' },
      { ratio: 1, months: 3, label: '第3期' },
    ],
    isDefault: false,
  },
  {
    name: '签约全款',
    nameEn: '100% on signing',
    schedule: [{ ratio: 1, days: 0, label: '全款' }],
    isDefault: false,
  },
] as const;
