// The demo company's sales plan for the year, shared by the targets seed (09_demo_targets.ts),
// which sets these targets, and the repeat-orders seed (07_demo_repeat_orders.ts), which sizes
// each seller's standing business by their share of the plan. Pure data and arithmetic.
import type { DemoTeamKey, DemoUserKey } from './demo-company.ts';

/** The company's annual order target per scale, in fen: ¥24 million. */
export const COMPANY_TARGET = 24_000_000_00;
/** Receipts lag orders: the cash target is 85% of the order target. */
export const RECEIPTS_SHARE = 85;
/** Months of a person's year: January to December. */
export const MONTH_WEIGHTS = [8, 5, 8, 8, 8, 8, 8, 8, 9, 9, 10, 11];
export const QUARTER_WEIGHTS = [22, 24, 26, 28];
/** A person's quarters weigh what their months do. */
export const PERSON_QUARTERS = [0, 1, 2, 3].map((q) =>
  MONTH_WEIGHTS.slice(q * 3, q * 3 + 3).reduce((a, b) => a + b, 0),
);
/** The servo motor the Shanghai group has a unit target for, and how many (thousandths) per scale. */
export const FOCUS_PRODUCT = 'SV-750';
export const FOCUS_UNITS = 240_000;

export type Child = { team: DemoTeamKey; weight: number } | { user: DemoUserKey; weight: number };
/** Who shares each team's target, by weight: groups, the manager's own accounts, reps. */
export const TREE: Partial<Record<DemoTeamKey, Child[]>> = {
  hq: [
    { team: 'east', weight: 60 },
    { team: 'south', weight: 40 },
  ],
  east: [
    { team: 'shanghai', weight: 55 },
    { team: 'hangzhou', weight: 30 },
    { user: 'mgrEast', weight: 15 },
  ],
  south: [
    { team: 'shenzhen', weight: 80 },
    { user: 'mgrSouth', weight: 20 },
  ],
  shanghai: [
    { user: 'repShanghai1', weight: 55 },
    { user: 'repShanghai2', weight: 45 },
  ],
  hangzhou: [{ user: 'repHangzhou', weight: 1 }],
  shenzhen: [{ user: 'repShenzhen', weight: 1 }],
};

/** Each seller's share of the company's order target (the product of the weights down TREE). */
export function sellerShares(): Map<DemoUserKey, number> {
  const out = new Map<DemoUserKey, number>();
  const walk = (team: DemoTeamKey, share: number) => {
    const children = TREE[team] ?? [];
    const total = children.reduce((s, c) => s + c.weight, 0);
    for (const c of children) {
      const part = (share * c.weight) / total;
      if ('team' in c) walk(c.team, part);
      else out.set(c.user, (out.get(c.user) ?? 0) + part);
    }
  };
  walk('hq', 1);
  return out;
}

/** A seller's share of the Shanghai group's unit target for FOCUS_PRODUCT (0 outside it). */
export function focusShare(user: DemoUserKey): number {
  const group = TREE.shanghai!;
  const total = group.reduce((s, c) => s + c.weight, 0);
  const mine = group.find((c) => 'user' in c && c.user === user);
  return mine ? mine.weight / total : 0;
}
