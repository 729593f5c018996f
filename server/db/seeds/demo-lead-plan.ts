// The demo leads, planned in memory like the rest of the demo: from several channels and
// campaigns, in every status, some waiting in team queues or already escalated, some being
// customers the company already has (撞单), and the ones opportunities were converted from.
import { DEMO_TEAMS, type DemoTeamKey, type DemoUserKey } from './demo-company.ts';
import { CUSTOMERS_PER_SCALE, digits, iso, uniqueName, workingTime } from './demo-plan.ts';
import type { PlannedPartner } from './demo-plan.ts';
import {
  DAY,
  leadKey,
  shortName,
  TEAM_OF,
  within,
  type PlannedTouch,
} from './demo-funnel-common.ts';
import type { PlannedOpportunity } from './demo-funnel-plan.ts';
import { rngFor, type Rng } from './prng.ts';
import * as V from './demo-vocab.ts';
import * as F from './demo-funnel-vocab.ts';

export const LEADS_PER_SCALE = 200;

export interface PlannedLead {
  name: string;
  company: string | null;
  jobTitle: string | null;
  email: string | null;
  phone: string | null;
  region: string | null;
  industry: string | null;
  channel: string;
  campaign: string | null;
  source: F.LeadSourceKind;
  status: 'new' | 'working' | 'converted' | 'disqualified';
  owner: DemoUserKey | null;
  team: DemoTeamKey | null;
  escalationLevel: number;
  disqualifyReason: string | null;
  tags: string[];
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  assignedAt: string | null;
  lastTouchedAt: string | null;
  /** Converted: the customer, which of its contacts, and the opportunity (plan indexes). */
  converted: { partner: number; contact: number; opportunity: number } | null;
  /** Deliberately the same customer as an existing partner, typed differently (撞单). */
  collidesWith: number | null;
  activities: PlannedTouch[];
}

/** The reps a team's leads go to. */
const REPS_OF: Record<string, DemoUserKey[]> = {
  shanghai: ['repShanghai1', 'repShanghai2'],
  hangzhou: ['repHangzhou'],
  shenzhen: ['repShenzhen'],
};

function personName(rng: Rng, english: boolean) {
  if (english) {
    const first = rng.pick(V.WESTERN_FIRST);
    const last = rng.pick(V.WESTERN_LAST);
    return {
      name: `${first} ${last}`,
      local: `${first}.${last}`.toLowerCase().replace(/\s+/g, ''),
    };
  }
  const [surname, surnamePy] = rng.pick(V.SURNAMES);
  const [given, givenPy] = rng.pick(V.GIVEN_NAMES);
  return { name: `${surname}${given}`, local: `${givenPy}.${surnamePy}` };
}

/** The lead an opportunity was converted from: its contact, typed in before the deal opened. */
export function convertedLead(
  o: PlannedOpportunity,
  oppIndex: number,
  partner: PlannedPartner,
  now: number,
): PlannedLead {
  const rng = rngFor('converted-lead', oppIndex);
  const contact = partner.contacts[o.primaryContact ?? 0]!;
  const channel = o.channel ?? rng.weighted(F.CHANNELS.map((c) => [c.code, c.weight] as const));
  const created = Date.parse(o.createdAt) - rng.int(3, 30) * DAY;
  const activities = leadTouches(rng, now, created, Date.parse(o.createdAt), rng.int(1, 3));
  activities.push(statusNote('Converted', null, o.createdAt));
  activities.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  return {
    name: contact.name,
    company: partner.name,
    jobTitle: contact.jobTitle,
    email: contact.email,
    phone: contact.phones[0] ?? null,
    region: partner.region === '海外' ? '海外' : (REGION_OF_OWNER[TEAM_OF[o.owner]] ?? '华东'),
    industry: partner.industry,
    channel,
    campaign: o.campaign,
    source: F.CHANNELS.find((c) => c.code === channel)!.source,
    status: 'converted',
    owner: o.owner,
    team: TEAM_OF[o.owner],
    escalationLevel: 0,
    disqualifyReason: null,
    tags: [],
    notes: null,
    createdAt: iso(created),
    updatedAt: o.createdAt,
    assignedAt: iso(created),
    lastTouchedAt: o.createdAt,
    converted: { partner: o.partner, contact: o.primaryContact ?? 0, opportunity: oppIndex },
    collidesWith: null,
    activities,
  };
}

const REGION_OF_OWNER: Partial<Record<DemoTeamKey, string>> = {
  shanghai: '华东',
  hangzhou: '华东',
  east: '华东',
  shenzhen: '华南',
  south: '华南',
};

/** The history line leads.convert, leads.disqualify and escalation write (services/leads.ts). */
function statusNote(
  subject: string,
  body: string | null,
  at: string,
  by?: DemoUserKey,
): PlannedTouch {
  return {
    type: 'note',
    subject,
    body: body ?? '',
    occurredAt: at,
    done: true,
    dueAt: null,
    contact: null,
    by,
  };
}

/** `count` calls and emails between `from` and `to`, oldest first. */
function leadTouches(
  rng: Rng,
  now: number,
  from: number,
  to: number,
  count: number,
): PlannedTouch[] {
  const out: PlannedTouch[] = [];
  const span = Math.max(DAY, to - from);
  for (let n = 0; n < count; n++) {
    const when = from + Math.floor(((n + 1) * span) / (count + 1));
    const [type, subject, body] = rng.pick(F.LEAD_ACTIVITIES);
    out.push({
      type,
      subject,
      body,
      occurredAt: iso(
        within(workingTime(rng, now, Math.max(1, Math.ceil((now - when) / DAY))), from, now),
      ),
      done: true,
      dueAt: null,
      contact: null,
    });
  }
  return out.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}

/** A lead that is, by design, an existing customer typed another way (撞单 hits). */
function collision(rng: Rng, p: PlannedPartner) {
  const c = p.contacts[0]!;
  const person = personName(rng, p.region === '海外');
  switch (rng.int(0, 3)) {
    case 0: // the same company with another legal suffix
      return {
        company: p.name.endsWith('股份有限公司')
          ? p.name.replace('股份有限公司', '有限公司')
          : p.name.endsWith('有限公司')
            ? p.name.replace('有限公司', '股份有限公司')
            : shortName(p),
        email: null,
        phone: null,
        name: person.name,
      };
    case 1: // the contact's mobile without +86
      return {
        company: null,
        email: null,
        phone: (c.phones[0] ?? p.phones[0]!).replace(/^\+86 /, '').replace(/ /g, '-'),
        name: c.name,
      };
    case 2: // someone else at the company's mail domain
      return {
        company: shortName(p),
        email: `${person.local}@${c.email.split('@')[1]}`,
        phone: null,
        name: person.name,
      };
    default: // the contact's own address, in capitals
      return { company: null, email: c.email.toUpperCase(), phone: null, name: c.name };
  }
}

export function planLead(
  index: number,
  now: number,
  partners: readonly PlannedPartner[],
  usedKeys: Set<string>,
): PlannedLead {
  const rng = rngFor('lead', index);
  const block = Math.floor(index / LEADS_PER_SCALE);
  const channel = rng.weighted(F.CHANNELS.map((c) => [c, c.weight] as const));
  const campaign =
    F.CAMPAIGNS.find((c) => c.channels.includes(channel.code) && rng.chance(0.45)) ?? null;
  const status = rng.weighted([
    ['new', 30],
    ['working', 38],
    ['disqualified', 32],
  ] as const);
  const createdDaysAgo = campaign
    ? rng.int(...campaign.daysAgo)
    : status === 'new'
      ? rng.int(1, 20)
      : rng.int(5, 200);
  const created = workingTime(rng, now, createdDaysAgo);

  // Where from: East or South China mostly, some from regions no rule covers, a few abroad.
  const where = rng.weighted([
    ['east', 55],
    ['south', 30],
    ['other', 8],
    ['abroad', 7],
  ] as const);
  const english = where === 'abroad';
  let region: string;
  let cityZh: string;
  let area: string;
  if (where === 'east' || where === 'south') {
    const [r, cities] = F.LEAD_REGIONS[where === 'east' ? 0 : 1]!;
    const city = V.CITIES[rng.pick(cities)]!;
    [region, cityZh, area] = [r, city.zh, city.area];
  } else if (where === 'other') {
    [cityZh, region, area] = rng.pick(F.OTHER_CITIES);
  } else {
    [region, cityZh, area] = ['海外', '', ''];
  }
  const trade = rng.pick(V.CUSTOMER_TRADES);
  const brand = rng.pick(V.BRANDS);
  const person = personName(rng, english);
  const job = rng.pick(V.JOBS);
  let company: string | null = english
    ? `${rng.pick(V.INTL_STEMS)} ${rng.pick(V.INTL_TRADES)[0]} Ltd.`
    : `${cityZh}${brand[0]}${trade[0]}有限公司`;
  const domain = english
    ? `${company.split(' ')[0]!.toLowerCase()}-trading.example`
    : `${brand[1]}-${trade[2]}.example`;
  let email: string | null = rng.chance(0.85) ? `${person.local}@${domain}` : null;
  let phone: string | null = english
    ? null
    : rng.chance(0.8)
      ? `+86 1${rng.pick(['35', '37', '50', '88', '89'])} ${digits(rng, 4)} ${digits(rng, 4)}`
      : `0${area}-${digits(rng, 8)}`;
  let name = person.name;

  // About one lead in eight is a customer the company already has (撞单).
  const partnerIndex = block * CUSTOMERS_PER_SCALE + rng.int(0, CUSTOMERS_PER_SCALE - 1);
  const collides = rng.chance(0.12);
  if (collides) {
    const hit = collision(rng, partners[partnerIndex]!);
    ({ name } = hit);
    company = hit.company ?? company;
    email = hit.email ?? email;
    phone = hit.phone ?? phone;
  }
  // Name and company identify a demo lead (the seed's idempotency key): make the pair unique.
  const base = name;
  const key = uniqueName(usedKeys, (n) =>
    leadKey({ name: n ? `${base} (${n + 1})` : base, company }),
  );
  name = key.slice(0, key.lastIndexOf(`|${company ?? ''}`));

  // Routing as the demo rules would do it; some wait in a team queue, a few beyond any rule.
  const regionTeams = F.REGION_TEAMS[region];
  let team: DemoTeamKey | null = regionTeams
    ? channel.code === 'trade_show'
      ? 'shanghai'
      : campaign?.code === '双十一促销'
        ? 'hangzhou'
        : rng.pick(regionTeams.teams)
    : english
      ? 'shanghai'
      : null;
  let owner: DemoUserKey | null = team ? rng.pick(REPS_OF[team]!) : null;
  if (english) owner = 'repShanghai2';
  let escalationLevel = 0;
  let escalatedAt: string | null = null;
  if (status === 'new' && (team === null || rng.chance(0.4))) {
    owner = null;
    // Left untouched past the team's limit: some have already gone up to the region's team.
    if (regionTeams && team && createdDaysAgo > 5 && rng.chance(0.5)) {
      escalatedAt = iso(created + (F.DEMO_ESCALATION[team]! + rng.int(0, 20)) * 3_600_000);
      team = regionTeams.parent;
      escalationLevel = 1;
    }
  }
  if (status !== 'new' && owner === null) {
    team = 'east';
    owner = 'mgrEast';
  }

  const touches = status === 'new' || owner === null ? 0 : rng.int(1, status === 'working' ? 4 : 2);
  const lastDay = Math.max(1, createdDaysAgo - rng.int(1, Math.max(1, createdDaysAgo - 1)));
  const activities = leadTouches(rng, now, created, now - lastDay * DAY, touches);
  const lastTouched = activities.at(-1)?.occurredAt ?? null;
  const disqualifiedAt =
    status === 'disqualified'
      ? iso(within(Math.max(Date.parse(lastTouched ?? iso(created)), created + DAY), created, now))
      : null;
  const disqualifyReason = status === 'disqualified' ? rng.pick(F.DISQUALIFY_REASONS) : null;
  if (disqualifiedAt) activities.push(statusNote('Disqualified', disqualifyReason, disqualifiedAt));
  const parentTeam = team === 'east' ? 'mgrEast' : 'mgrSouth';
  if (escalatedAt)
    activities.push(
      statusNote(
        `Escalated to ${DEMO_TEAMS.find((x) => x.key === team)!.name} (level 1)`,
        null,
        escalatedAt,
        parentTeam,
      ),
    );

  return {
    name,
    company,
    jobTitle: english ? job[1] : job[0],
    email,
    phone,
    region,
    industry: trade[1],
    channel: channel.code,
    campaign: campaign?.code ?? null,
    source: channel.source,
    status,
    owner,
    team,
    escalationLevel,
    disqualifyReason,
    tags: channel.code === 'trade_show' ? ['展会获客'] : [],
    notes: channel.source === 'capture' ? `想了解${rng.pick(V.PRODUCTS_ZH)}的价格和交期。` : null,
    createdAt: iso(created),
    updatedAt: disqualifiedAt ?? escalatedAt ?? lastTouched ?? iso(created),
    // A lead is touched when created, then by every call, email and status change on it.
    assignedAt: escalatedAt ?? (owner === null ? null : iso(created)),
    lastTouchedAt: disqualifiedAt ?? lastTouched ?? iso(created),
    converted: null,
    collidesWith: collides ? partnerIndex : null,
    activities,
  };
}
