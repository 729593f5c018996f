// Who works at the demo company. The CLI prints DEMO_LOGINS; the seeds create them.
import type { Role } from '../../../core/permissions.ts';

/** Every demo login shares this password (printed at start-up and in the README). */
export const DEMO_PASSWORD = 'lodestone-demo';

export type DemoTeamKey = 'hq' | 'east' | 'shanghai' | 'hangzhou' | 'south' | 'shenzhen';

export interface DemoTeam {
  key: DemoTeamKey;
  name: string;
  nameEn: string;
  parent: DemoTeamKey | null;
}

/** Parents before children, so one pass can insert the tree. */
export const DEMO_TEAMS: readonly DemoTeam[] = [
  { key: 'hq', name: '总部', nameEn: 'HQ', parent: null },
  { key: 'east', name: '华东区', nameEn: 'East', parent: 'hq' },
  { key: 'shanghai', name: '上海组', nameEn: 'Shanghai', parent: 'east' },
  { key: 'hangzhou', name: '杭州组', nameEn: 'Hangzhou', parent: 'east' },
  { key: 'south', name: '华南区', nameEn: 'South', parent: 'hq' },
  { key: 'shenzhen', name: '深圳组', nameEn: 'Shenzhen', parent: 'south' },
];

export type DemoUserKey =
  | 'admin'
  | 'mgrEast'
  | 'mgrSouth'
  | 'repShanghai1'
  | 'repShanghai2'
  | 'repHangzhou'
  | 'repShenzhen'
  | 'finance';

export interface DemoUser {
  key: DemoUserKey;
  email: string;
  name: string;
  role: Role;
  locale: 'zh-CN' | 'en';
  phone: string;
  team: DemoTeamKey;
  /** The team this user manages, if any. */
  manages?: DemoTeamKey;
}

const DOMAIN = 'demo.lodestone.example';

export const DEMO_USERS: readonly DemoUser[] = [
  {
    key: 'admin',
    email: `admin@${DOMAIN}`,
    name: '周敏 Zhou Min',
    role: 'admin',
    locale: 'en',
    phone: '+86 21 6100 0001',
    team: 'hq',
  },
  {
    key: 'mgrEast',
    email: `wang.lei@${DOMAIN}`,
    name: '王磊 Wang Lei',
    role: 'manager',
    locale: 'zh-CN',
    phone: '+86 139 1600 0002',
    team: 'east',
    manages: 'east',
  },
  {
    key: 'mgrSouth',
    email: `li.na@${DOMAIN}`,
    name: '李娜 Li Na',
    role: 'manager',
    locale: 'zh-CN',
    phone: '+86 139 2500 0003',
    team: 'south',
    manages: 'south',
  },
  {
    key: 'repShanghai1',
    email: `zhang.wei@${DOMAIN}`,
    name: '张伟 Zhang Wei',
    role: 'rep',
    locale: 'zh-CN',
    phone: '+86 138 1700 0004',
    team: 'shanghai',
  },
  {
    key: 'repShanghai2',
    email: `chen.jing@${DOMAIN}`,
    name: '陈静 Chen Jing',
    role: 'rep',
    locale: 'en',
    phone: '+86 138 1700 0005',
    team: 'shanghai',
  },
  {
    key: 'repHangzhou',
    email: `liu.yang@${DOMAIN}`,
    name: '刘洋 Liu Yang',
    role: 'rep',
    locale: 'zh-CN',
    phone: '+86 137 5700 0006',
    team: 'hangzhou',
  },
  {
    key: 'repShenzhen',
    email: `huang.li@${DOMAIN}`,
    name: '黄丽 Huang Li',
    role: 'rep',
    locale: 'zh-CN',
    phone: '+86 136 2600 0007',
    team: 'shenzhen',
  },
  {
    key: 'finance',
    email: `zhao.qiang@${DOMAIN}`,
    name: '赵强 Zhao Qiang',
    role: 'finance',
    locale: 'zh-CN',
    phone: '+86 21 6100 0008',
    team: 'hq',
  },
];

/** What the server prints at start-up: who to sign in as. */
export const DEMO_LOGINS = DEMO_USERS.map((u) => {
  const team = DEMO_TEAMS.find((t) => t.key === u.team)!;
  return {
    email: u.email,
    password: DEMO_PASSWORD,
    role: u.role,
    name: u.name,
    team: `${team.name} ${team.nameEn}`,
  };
});
