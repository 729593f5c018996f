// The demo funnel planned in memory: leads and opportunities of the demo customers, pure and
// deterministic like demo-plan.ts. Each scale unit (block) hangs off that unit's 60 customers, so
// a larger scale extends the plan without changing its start. Stages and tasks are indexes into
// SEED_PIPELINES; the seed resolves them to ids and checks every opportunity with the engine.
import {
  probabilityIn,
  REQUIRABLE_FIELDS,
  type RequirableField,
} from '../../../core/funnel/stage-engine.ts';
import type { DemoUserKey } from './demo-company.ts';
import { CUSTOMERS_PER_SCALE, fill, iso, uniqueName, workingTime } from './demo-plan.ts';
import type { PlannedPartner } from './demo-plan.ts';
import { stageDef } from './demo-funnel-check.ts';
import {
  DAY,
  leadKey,
  shortName,
  TEAM_OF,
  within,
  type PlannedTouch,
  type Status,
} from './demo-funnel-common.ts';
import { convertedLead, LEADS_PER_SCALE, planLead, type PlannedLead } from './demo-lead-plan.ts';
import { SEED_CLOSE_REASONS, SEED_PIPELINES } from './funnel-pipelines.ts';
import { rngFor, type Rng } from './prng.ts';
import * as F from './demo-funnel-vocab.ts';

export const OPPORTUNITIES_PER_SCALE = 150;
/** Every fifth opportunity came from a lead (leads.convert); the rest were opened directly. */
const FROM_LEAD_EVERY = 5;

export interface PlannedMove {
  from: number | null;
  to: number;
  status: Status;
  at: string;
  automatic: boolean;
}

export interface PlannedOpportunity {
  name: string;
  /** Index of the customer in planDemoPartners(). */
  partner: number;
  pipeline: number;
  stage: number;
  status: Status;
  owner: DemoUserKey;
  currency: 'CNY' | 'USD';
  expectedRevenue: number | null;
  expectedCloseDate: string | null;
  probability: number;
  /** Index into the partner's contacts. */
  primaryContact: number | null;
  channel: string | null;
  campaign: string | null;
  description: string | null;
  tags: string[];
  createdAt: string;
  stageEnteredAt: string;
  history: PlannedMove[];
  /** [stage index, task index, when]. */
  tasksDone: { stage: number; task: number; at: string }[];
  closeReason: string | null;
  closeNote: string | null;
  closedAt: string | null;
  wonAmount: number | null;
  contacts: { contact: number; decisionRole: string; attitude: string; influence: number }[];
  competitors: { name: string; price: number; strengths: string; weaknesses: string }[];
  collaborators: { user: DemoUserKey; role: string }[];
  lines: { description: string; quantityMilli: number; unitPrice: number }[];
  activities: PlannedTouch[];
  /** Index of the lead it was converted from, or null. */
  lead: number | null;
}

export interface FunnelPlan {
  leads: PlannedLead[];
  opportunities: PlannedOpportunity[];
}

/** Strictly increasing working-hours instants for events `daysAgo` (non-increasing) before now. */
function timeline(rng: Rng, now: number) {
  let prev = 0;
  return (daysAgo: number): number => {
    let t = workingTime(rng, now, Math.max(1, daysAgo));
    if (t <= prev) t = prev + rng.int(5, 50) * 60_000;
    prev = t;
    return t;
  };
}

const day = (ms: number) => iso(ms).slice(0, 10);
const roundTo = (n: number, step: number) => Math.max(step, Math.round(n / step) * step);

const DECISION_ROLE: Record<string, string> = {
  decision_maker: 'decision_maker',
  finance: 'evaluator',
  technical: 'evaluator',
  influencer: 'influencer',
  user: 'user',
  other: 'influencer',
};

/** Which stage an opportunity sits in, by outcome: a funnel, wider at the top. */
function pickStage(rng: Rng, pipeline: number, status: Status): number {
  const n = SEED_PIPELINES[pipeline]!.stages.length;
  if (status === 'won') return n - 1;
  if (status === 'invalid') return rng.int(0, 1);
  if (status === 'lost')
    return rng.weighted(
      [...Array(n - 1).keys()].slice(1).map((s) => [s, 5 - Math.abs(s - 2)] as const),
    );
  return rng.weighted([...Array(n).keys()].map((s) => [s, n + 2 - s] as const));
}

function planOpportunity(
  i: number,
  now: number,
  partners: readonly PlannedPartner[],
  usedNames: Set<string>,
): PlannedOpportunity {
  const rng = rngFor('opportunity', i);
  const block = Math.floor(i / OPPORTUNITIES_PER_SCALE);
  const partnerIndex = block * CUSTOMERS_PER_SCALE + rng.int(0, CUSTOMERS_PER_SCALE - 1);
  const partner = partners[partnerIndex]!;
  const international = partner.region === '海外';
  const pipeline = !international && rng.chance(0.3) ? 1 : 0;
  const seed = SEED_PIPELINES[pipeline]!;
  const roll = rng.next();
  const status: Status =
    roll < 0.13 ? 'won' : roll < 0.23 ? 'lost' : roll < 0.26 ? 'invalid' : 'open';
  const stage = pickStage(rng, pipeline, status);
  const offering =
    pipeline === 1
      ? rng.pick(F.OFFERINGS.filter((o) => o.price[1] >= 250_000))
      : rng.pick(F.OFFERINGS);
  const currency = international ? 'USD' : 'CNY';
  // A template names the offering in its own language.
  const say = (template: string) =>
    fill(template, /^[\x20-\x7e]*$/.test(template) ? offering.en : offering.zh, '');
  const toCurrency = (yuan: number) => (currency === 'USD' ? Math.round(yuan / 7) : yuan);

  // Lines on about half; the amount is then their sum, so the two never disagree.
  const lines: PlannedOpportunity['lines'] = [];
  let amountYuan: number;
  if (rng.chance(0.5)) {
    const qty = offering.price[1] > 200_000 ? 1 : rng.int(2, 40);
    lines.push({
      description: international ? offering.en : offering.zh,
      quantityMilli: qty * 1000,
      unitPrice: roundTo(toCurrency(rng.int(...offering.price)), 10) * 100,
    });
    if (rng.chance(0.4)) {
      lines.push({
        description: international ? 'Installation and training' : '安装调试及培训',
        quantityMilli: 1000,
        unitPrice: roundTo(toCurrency(rng.int(5_000, 40_000)), 10) * 100,
      });
    }
    amountYuan = 0;
  } else {
    amountYuan = roundTo(
      rng.int(...offering.price) * (offering.price[1] > 200_000 ? 1 : rng.int(3, 30)),
      1000,
    );
  }
  const amount = lines.length
    ? lines.reduce((s, l) => s + (l.quantityMilli / 1000) * l.unitPrice, 0)
    : toCurrency(amountYuan) * 100;

  const suffix = pipeline === 1 ? '招标' : international ? ' project' : '项目';
  const name = uniqueName(usedNames, (attempt) => {
    const phase = ['', ' 二期', ' 三期', ' 扩产'][attempt] ?? ` ${attempt + 1}`;
    return `${shortName(partner)} ${international ? offering.en : offering.zh}${suffix}${phase}`;
  });

  // Walk the stages forwards, from creation to the current stage (and the close, if any).
  const endDaysAgo = status === 'open' ? rng.int(1, 35) : rng.int(2, 170);
  const dwell = seed.stages.map(() => rng.int(3, 21));
  let daysAgo = endDaysAgo + dwell.slice(0, stage + 1).reduce((a, b) => a + b, 0);
  const at = timeline(rng, now);
  const history: PlannedMove[] = [];
  const tasksDone: PlannedOpportunity['tasksDone'] = [];
  const createdAt = at(daysAgo);
  history.push({ from: null, to: 0, status: 'open', at: iso(createdAt), automatic: false });
  let enteredAt = createdAt;
  for (let s = 0; s <= stage; s++) {
    const tasks = seed.stages[s]!.tasks;
    const leaving = s < stage;
    const leaveDaysAgo = daysAgo - dwell[s]!;
    // Tasks done in this stage: the ones that gate leaving it, and some others; milestones last,
    // because the last milestone done is what moves the deal on by itself.
    const order = tasks
      .map((t, k) => ({ t, k }))
      .sort((a, b) => Number(a.t.milestone ?? false) - Number(b.t.milestone ?? false));
    const done = order.filter(({ t }) =>
      leaving ? t.strict || t.milestone || rng.chance(0.7) : rng.chance(0.5),
    );
    const milestones = tasks.filter((t) => t.milestone).length;
    if (!leaving && milestones > 0 && done.filter(({ t }) => t.milestone).length === milestones)
      done.pop();
    for (const [n, { k }] of done.entries()) {
      const when = daysAgo - Math.round(((n + 1) * (daysAgo - leaveDaysAgo)) / (done.length + 1));
      const t = at(when);
      tasksDone.push({ stage: s, task: k, at: iso(t) });
    }
    daysAgo = leaveDaysAgo;
    if (!leaving) break;
    const automatic = milestones > 0;
    const moveAt = automatic ? Date.parse(tasksDone.at(-1)!.at) : at(daysAgo);
    history.push({ from: s, to: s + 1, status: 'open', at: iso(moveAt), automatic });
    enteredAt = moveAt;
  }
  const closedAt = status === 'open' ? null : at(Math.max(1, daysAgo));
  if (closedAt !== null)
    history.push({ from: stage, to: stage, status, at: iso(closedAt), automatic: false });

  // The requirable fields, each filled by chance, and always when a stage on the way here asked
  // for it (it had to be filled before that stage was entered).
  const channel = rng.weighted(F.CHANNELS.map((c) => [c.code, c.weight] as const));
  const campaign = F.CAMPAIGNS.find((c) => c.channels.includes(channel))?.code ?? null;
  const closeDay =
    closedAt !== null
      ? closedAt + rng.int(-20, 20) * DAY
      : now + (stage >= 3 ? rng.int(-30, 90) : rng.int(-90, 180)) * DAY;
  const typed: Record<RequirableField, [unknown, number]> = {
    expectedRevenue: [amount, 0.8],
    expectedCloseDate: [day(closeDay), 0.8],
    primaryContactId: [0, 0.85],
    description: [say(rng.pick(F.DESCRIPTIONS)), 0.6],
    channel: [channel, 0.7],
    campaign: [campaign, 0.2],
  };
  const required = new Set(seed.stages.slice(0, stage + 1).flatMap((s) => s.requiredFields ?? []));
  const fields = Object.fromEntries(
    REQUIRABLE_FIELDS.map((f) => {
      const [value, chance] = typed[f];
      return [f, required.has(f) || rng.chance(chance) ? value : null];
    }),
  ) as Record<RequirableField, unknown>;
  if (fields.channel === null) fields.campaign = null;
  const reasons = SEED_CLOSE_REASONS.filter((r) => r.outcome === status);
  const end = closedAt ?? now;

  const contacts = partner.contacts
    .map((c, k) => ({ c, k }))
    .filter(({ k }) => k === 0 || rng.chance(0.6))
    .map(({ c, k }) => ({
      contact: k,
      decisionRole: DECISION_ROLE[c.role] ?? 'influencer',
      attitude: rng.weighted([
        ['supporter', 45],
        ['neutral', 40],
        ['opponent', 15],
      ] as const),
      influence: c.role === 'decision_maker' ? 5 : rng.int(2, 4),
    }));
  const rivals = F.COMPETITORS[offering.kind];
  const competitors = rng.chance(0.4)
    ? [...new Set([rng.pick(rivals), rng.pick(rivals)])].map((r) => ({
        ...r,
        price: roundTo(amount * (0.8 + rng.next() * 0.4), 100_000),
      }))
    : [];
  const teammate: DemoUserKey =
    partner.owner === 'repShanghai1'
      ? 'repShanghai2'
      : partner.owner === 'repShanghai2'
        ? 'repShanghai1'
        : TEAM_OF[partner.owner] === 'shenzhen' || TEAM_OF[partner.owner] === 'south'
          ? 'mgrSouth'
          : 'mgrEast';
  const collaborators =
    rng.chance(0.15) && teammate !== partner.owner
      ? [{ user: teammate, role: rng.pick(F.COLLABORATOR_ROLES) }]
      : [];

  // Calls, visits and meetings along the way, matching where the deal stood.
  const activities: PlannedTouch[] = [];
  const span = Math.max(1, Math.floor((end - createdAt) / DAY));
  const touches = rng.int(2, 5);
  for (let n = 0; n < touches; n++) {
    const when = createdAt + Math.floor(((n + 1) * span * DAY) / (touches + 1));
    const ago = Math.max(1, Math.ceil((now - when) / DAY));
    const phase = Math.min(2, Math.floor((3 * (n + 1)) / (touches + 1)));
    const [type, subject, body] = rng.pick(F.DEAL_ACTIVITIES[phase]!);
    const contact = contacts.length ? rng.pick(contacts).contact : null;
    activities.push({
      type,
      subject: say(subject),
      body: say(body),
      occurredAt: iso(within(workingTime(rng, now, ago), createdAt, now)),
      done: true,
      dueAt: null,
      contact,
    });
  }
  if (status === 'open' && rng.chance(0.3)) {
    activities.push({
      type: 'task',
      subject: `准备${offering.zh}报价`,
      body: '根据最新需求更新报价。',
      occurredAt: iso(workingTime(rng, now, 1)),
      done: false,
      dueAt: iso(now + rng.int(1, 14) * DAY),
      contact: null,
    });
  }
  activities.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));

  return {
    name,
    partner: partnerIndex,
    pipeline,
    stage,
    status,
    owner: partner.owner,
    currency,
    expectedRevenue: fields.expectedRevenue as number | null,
    expectedCloseDate: fields.expectedCloseDate as string | null,
    probability: probabilityIn(stageDef(pipeline, stage), 0),
    primaryContact: fields.primaryContactId as number | null,
    channel: fields.channel as string | null,
    campaign: fields.campaign as string | null,
    description: fields.description as string | null,
    tags: international ? ['export'] : pipeline === 1 ? ['招投标'] : [],
    createdAt: iso(createdAt),
    stageEnteredAt: iso(enteredAt),
    history,
    tasksDone,
    closeReason: status === 'open' ? null : rng.pick(reasons).name,
    closeNote: status === 'open' ? null : rng.pick(F.CLOSE_NOTES[status]),
    closedAt: closedAt === null ? null : iso(closedAt),
    wonAmount: status === 'won' ? roundTo(amount * (0.92 + rng.next() * 0.08), 100) : null,
    contacts,
    competitors,
    collaborators,
    lines,
    activities,
    lead: null,
  };
}

/**
 * The funnel for `partners` (planDemoPartners at the same scale and clock): per scale unit 150
 * opportunities and 200 leads, 30 of them the leads those opportunities were converted from.
 */
export function planDemoFunnel(
  scale: number,
  now: Date,
  partners: readonly PlannedPartner[],
): FunnelPlan {
  const t = now.getTime();
  const oppNames = new Set<string>();
  const leadKeys = new Set<string>();
  const opportunities: PlannedOpportunity[] = [];
  const leads: PlannedLead[] = [];
  for (let block = 0; block < scale; block++) {
    const first = opportunities.length;
    for (let j = 0; j < OPPORTUNITIES_PER_SCALE; j++)
      opportunities.push(planOpportunity(first + j, t, partners, oppNames));
    const start = leads.length;
    for (let j = 0; j < OPPORTUNITIES_PER_SCALE; j += FROM_LEAD_EVERY) {
      const o = opportunities[first + j]!;
      const lead = convertedLead(o, first + j, partners[o.partner]!, t);
      const key = leadKey(lead);
      // One person converted twice would be one lead: the second deal was opened directly.
      if (leadKeys.has(key)) continue;
      leadKeys.add(key);
      // leads.convert gives the opportunity the lead's channel and campaign.
      o.channel = lead.channel;
      o.lead = leads.length;
      leads.push(lead);
    }
    for (let j = leads.length - start; j < LEADS_PER_SCALE; j++) {
      leads.push(planLead(block * LEADS_PER_SCALE + j, t, partners, leadKeys));
    }
  }
  return { leads, opportunities };
}
