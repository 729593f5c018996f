// What the demo funnel's plans share: who sits in which team, the shapes of planned history,
// and small time and naming helpers.
import type { DemoTeamKey, DemoUserKey } from './demo-company.ts';
import type { PlannedPartner } from './demo-plan.ts';

export const DAY = 86_400_000;

export type Status = 'open' | 'won' | 'lost' | 'invalid';

export interface PlannedTouch {
  type: 'call' | 'visit' | 'email' | 'meeting' | 'task' | 'note';
  subject: string;
  body: string;
  occurredAt: string;
  done: boolean;
  dueAt: string | null;
  /** Index into the partner's contacts, or null. */
  contact: number | null;
  /** Who logged it, when not the record's owner (the manager noting an escalation). */
  by?: DemoUserKey;
}

/** What identifies a demo lead (the seed's idempotency key): its name and company. */
export const leadKey = (l: { name: unknown; company: unknown }) =>
  `${String(l.name)}|${String(l.company ?? '')}`;

/** Each demo user's one team (demo-company.ts), where their records are filed. */
export const TEAM_OF: Record<DemoUserKey, DemoTeamKey> = {
  admin: 'hq',
  finance: 'hq',
  mgrEast: 'east',
  mgrSouth: 'south',
  repShanghai1: 'shanghai',
  repShanghai2: 'shanghai',
  repHangzhou: 'hangzhou',
  repShenzhen: 'shenzhen',
};

export const within = (t: number, from: number, now: number) =>
  Math.min(Math.max(t, from + 600_000), now - 60_000);

/** A customer's name without its legal form: how reps write it in a deal's name. */
export function shortName(p: PlannedPartner): string {
  return p.name
    .replace(/(股份)?有限公司$/, '')
    .replace(/ (GmbH|Inc\.|Ltd\.|Co\., Ltd\.|Pte\. Ltd\.|B\.V\.|Pty Ltd|S\.p\.A\.)$/, '');
}
