// The demo company's customers and suppliers, planned in memory before anything is written:
// pure and deterministic (same scale and clock, same plan), so it is tested without a database.
// Partner i is the same company at every scale, so `--scale 20` after a plain seed adds the rest.
import type { ActivityType } from '../../../core/schemas/activities.ts';
import type { ContactRole } from '../../../core/schemas/contacts.ts';
import { progressSummary } from '../../services/activities.ts';
import type { DemoUserKey } from './demo-company.ts';
import { rngFor, type Rng } from './prng.ts';
import * as V from './demo-vocab.ts';

const DAY = 86_400_000;
export const CUSTOMERS_PER_SCALE = 60;
export const SUPPLIERS_PER_SCALE = 5;

export interface PlannedAddress {
  type: 'invoice' | 'delivery';
  isDefault: boolean;
  label: string;
  line1: string;
  line2: string | null;
  city: string;
  province: string | null;
  postcode: string;
  country: string;
}

export interface PlannedContact {
  name: string;
  email: string;
  phones: string[];
  wechat: string | null;
  jobTitle: string;
  role: ContactRole;
  isPrimary: boolean;
}

export interface PlannedActivity {
  type: ActivityType;
  subject: string;
  body: string;
  occurredAt: string;
  dueAt: string | null;
  done: boolean;
  doneAt: string | null;
  followupAt: string | null;
  /** Index into the partner's contacts, or null when about no one in particular. */
  contact: number | null;
}

export interface PlannedPartner {
  /** Unique in the plan; also what makes the seed idempotent (an existing name is skipped). */
  name: string;
  kind: 'customer' | 'supplier';
  owner: DemoUserKey;
  industry: string;
  region: string;
  customerGroup: string | null;
  phones: string[];
  emails: string[];
  website: string;
  tags: string[];
  taxId: string | null;
  notes: string | null;
  createdAt: string;
  addresses: PlannedAddress[];
  contacts: PlannedContact[];
  /** Plan index of an earlier partner (same owner) that this one's first contact also works for. */
  sharesContactWith: number | null;
  activities: PlannedActivity[];
  lastContactAt: string | null;
  latestProgress: string | null;
  nextFollowupAt: string | null;
}

/** Who owns customer slot i % 10, and where their customers are. */
const SLOTS: readonly { owner: DemoUserKey | 'manager'; cities: readonly string[] }[] = [
  { owner: 'repShanghai1', cities: ['shanghai', 'suzhou', 'wuxi', 'nanjing'] },
  { owner: 'repShanghai2', cities: ['shanghai', 'suzhou', 'wuxi', 'nanjing'] },
  { owner: 'repHangzhou', cities: ['hangzhou', 'ningbo', 'shaoxing', 'wenzhou'] },
  { owner: 'repShenzhen', cities: ['shenzhen', 'guangzhou', 'dongguan', 'foshan', 'xiamen'] },
  { owner: 'repShanghai1', cities: ['shanghai', 'suzhou', 'nanjing'] },
  { owner: 'repShanghai2', cities: ['shanghai', 'wuxi', 'nanjing'] },
  { owner: 'repHangzhou', cities: ['hangzhou', 'ningbo', 'shaoxing'] },
  { owner: 'repShenzhen', cities: ['shenzhen', 'guangzhou', 'dongguan', 'xiamen'] },
  // Key accounts the regional managers keep for themselves, alternating East and South.
  { owner: 'manager', cities: [] },
  // International customers, handled by the English-speaking Shanghai rep.
  { owner: 'repShanghai2', cities: [] },
];
const EAST_CITIES = ['shanghai', 'suzhou', 'nanjing', 'hangzhou', 'ningbo'];
const SOUTH_CITIES = ['shenzhen', 'guangzhou', 'foshan', 'xiamen'];

export const digits = (rng: Rng, n: number) =>
  Array.from({ length: n }, () => rng.int(0, 9)).join('');
export const iso = (ms: number) => new Date(ms).toISOString();

/** A working-hours instant (09:00–18:00 Beijing, 01:00–10:00 UTC) `daysAgo` days before now. */
export function workingTime(rng: Rng, now: number, daysAgo: number): number {
  const day = Math.floor(now / DAY) * DAY - daysAgo * DAY;
  return day + rng.int(1, 9) * 3_600_000 + rng.int(0, 59) * 60_000;
}

/** Takes the first name the generator offers that is not used yet. */
export function uniqueName(used: Set<string>, offer: (attempt: number) => string): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const name = offer(attempt);
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
  // Only at very large scales do the word lists run out: number the branches.
  for (let n = 2; ; n++) {
    const name = `${offer(0)} (${n})`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

function chineseCompany(
  rng: Rng,
  used: Set<string>,
  cityKeys: readonly string[],
  trades: typeof V.CUSTOMER_TRADES,
) {
  const city = V.CITIES[rng.pick(cityKeys)]!;
  const trade = rng.pick(trades);
  let brand = rng.pick(V.BRANDS);
  const suffix = rng.chance(0.15) ? '股份有限公司' : '有限公司';
  const name = uniqueName(used, (attempt) => {
    if (attempt > 0) brand = rng.pick(V.BRANDS);
    return `${city.zh}${brand[0]}${trade[0]}${suffix}`;
  });
  const domain = `${brand[1]}-${trade[2]}.example`;
  const district = rng.pick(city.districts);
  const postcode = `${city.postcode}${digits(rng, 2)}`;
  const address = (
    type: 'invoice' | 'delivery',
    isDefault: boolean,
    label: string,
  ): PlannedAddress => ({
    type,
    isDefault,
    label,
    line1: `${district}${rng.pick(V.ROADS)}${rng.int(1, 999)}号`,
    line2: rng.chance(0.5) ? `${rng.int(1, 12)}号楼${rng.int(1, 20)}层` : null,
    city: city.zh,
    province: city.province === city.zh ? null : city.province,
    postcode,
    country: 'CN',
  });
  const addresses = [address('invoice', true, '注册地址'), address('delivery', true, '工厂')];
  if (rng.chance(0.3)) addresses.push(address('delivery', false, '二号仓库'));
  return {
    name,
    industry: trade[1],
    region: city.region,
    phones: [`+86 ${city.area} ${digits(rng, 4)} ${digits(rng, 4)}`],
    emails: [`${rng.pick(['sales', 'info', 'purchase'])}@${domain}`],
    website: `https://www.${domain}`,
    taxId: `91${city.postcode}${digits(rng, 2)}MA${digits(rng, 3)}${rng.pick(['A', 'B', 'C', 'X'])}${digits(rng, 4)}`,
    addresses,
    domain,
    english: false,
  };
}

function internationalCompany(rng: Rng, used: Set<string>) {
  const country = rng.pick(V.COUNTRIES);
  const trade = rng.pick(V.INTL_TRADES);
  let stem = rng.pick(V.INTL_STEMS);
  const name = uniqueName(used, (attempt) => {
    if (attempt > 0) stem = rng.pick(V.INTL_STEMS);
    return `${stem} ${trade[0]} ${country.legalForm}`;
  });
  const domain = `${stem.toLowerCase()}-${trade[2]}.example`;
  const address = (type: 'invoice' | 'delivery', label: string): PlannedAddress => ({
    type,
    isDefault: true,
    label,
    line1: country.street,
    line2: null,
    city: country.city,
    province: null,
    postcode: country.postcode,
    country: country.code,
  });
  return {
    name,
    industry: trade[1],
    region: '海外',
    phones: [`${country.phonePrefix} 555 ${digits(rng, 4)}`],
    emails: [`purchasing@${domain}`],
    website: `https://www.${domain}`,
    taxId: null,
    addresses: [address('invoice', 'Head office'), address('delivery', 'Warehouse')],
    domain,
    english: true,
  };
}

function contactsFor(rng: Rng, domain: string, english: boolean, count: number): PlannedContact[] {
  const out: PlannedContact[] = [];
  const jobs = [...V.JOBS];
  for (let k = 0; k < count; k++) {
    // The first contact is the one the rep talks to most: a decision maker or a buyer.
    const job = k === 0 ? rng.pick(jobs.slice(0, 2)) : rng.pick(jobs);
    jobs.splice(jobs.indexOf(job), 1);
    let name: string;
    let local: string;
    if (english) {
      const first = rng.pick(V.WESTERN_FIRST);
      const last = rng.pick(V.WESTERN_LAST);
      name = `${first} ${last}`;
      local = `${first}.${last}`.toLowerCase().replace(/\s+/g, '');
    } else {
      const [surname, surnamePy] = rng.pick(V.SURNAMES);
      const [given, givenPy] = rng.pick(V.GIVEN_NAMES);
      name = `${surname}${given}`;
      local = `${givenPy}.${surnamePy}`;
    }
    out.push({
      name,
      email: `${local}@${domain}`,
      phones: english
        ? []
        : [`+86 1${rng.pick(['38', '39', '36', '58', '86'])} ${digits(rng, 4)} ${digits(rng, 4)}`],
      wechat: !english && rng.chance(0.6) ? `${local.replace('.', '_')}${digits(rng, 2)}` : null,
      jobTitle: english ? job[1] : job[0],
      role: job[2],
      isPrimary: k === 0,
    });
  }
  return out;
}

export function fill(template: string, product: string, contact: string): string {
  return template.replaceAll('{p}', product).replaceAll('{c}', contact);
}

function activitiesFor(
  rng: Rng,
  now: number,
  contacts: PlannedContact[],
  english: boolean,
  count: number,
): PlannedActivity[] {
  const out: PlannedActivity[] = [];
  for (let k = 0; k < count; k++) {
    const type = rng.weighted(V.ACTIVITY_WEIGHTS);
    const inEnglish = english || rng.chance(0.15);
    const [subjectT, bodyT] = rng.pick((inEnglish ? V.SUBJECTS_EN : V.SUBJECTS_ZH)[type]);
    const product = rng.pick(inEnglish ? V.PRODUCTS_EN : V.PRODUCTS_ZH);
    const contact = type === 'note' || rng.chance(0.15) ? null : rng.int(0, contacts.length - 1);
    const who = contact === null ? (inEnglish ? 'the customer' : '客户') : contacts[contact]!.name;
    const daysAgo = rng.int(1, 89);
    const at = workingTime(rng, now, daysAgo);
    let done = true;
    let dueAt: number | null = null;
    if (type === 'task') {
      // Recent tasks are still open (some already overdue); older ones were logged when done,
      // on or before their due day, so their done time is when they happened.
      done = daysAgo > 10;
      dueAt = done ? at + rng.int(0, 3) * DAY : at + rng.int(1, 14) * DAY;
    }
    out.push({
      type,
      subject: fill(subjectT, product, who),
      body: fill(bodyT, product, who),
      occurredAt: iso(at),
      dueAt: dueAt === null ? null : iso(dueAt),
      done,
      doneAt: done ? iso(at) : null,
      followupAt: null,
      contact,
    });
  }
  return out.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
}

/**
 * The partner's system fields as services/activities.ts leaves them after these activities were
 * logged in order: last contact and progress from the latest done one; next follow-up the
 * earliest of the open tasks' due dates and the follow-up the latest done activity plans.
 */
function systemFields(rng: Rng, activities: PlannedActivity[]) {
  const latest = activities.filter((a) => a.done).at(-1);
  // A follow-up one to three weeks after the last contact; for older contacts already overdue.
  if (latest && rng.chance(0.7))
    latest.followupAt = iso(Date.parse(latest.occurredAt) + rng.int(7, 21) * DAY);
  const dates = activities
    .filter((a) => !a.done && a.dueAt !== null)
    .map((a) => a.dueAt!)
    .concat(latest?.followupAt ?? []);
  return {
    lastContactAt: latest?.occurredAt ?? null,
    latestProgress: latest ? progressSummary(latest.subject, latest.body) : null,
    nextFollowupAt: dates.length ? dates.reduce((a, b) => (a < b ? a : b)) : null,
  };
}

function planCustomer(i: number, now: number, used: Set<string>): PlannedPartner {
  const rng = rngFor('customer', i);
  const slotIndex = i % SLOTS.length;
  const slot = SLOTS[slotIndex]!;
  const round = Math.floor(i / SLOTS.length);
  const east = round % 2 === 0;
  const owner: DemoUserKey =
    slot.owner === 'manager' ? (east ? 'mgrEast' : 'mgrSouth') : slot.owner;
  const international = slotIndex === SLOTS.length - 1;
  const company = international
    ? internationalCompany(rng, used)
    : chineseCompany(
        rng,
        used,
        slot.owner === 'manager' ? (east ? EAST_CITIES : SOUTH_CITIES) : slot.cities,
        V.CUSTOMER_TRADES,
      );
  const contacts = contactsFor(rng, company.domain, company.english, rng.int(1, 3));
  const activities = rng.chance(0.1)
    ? []
    : activitiesFor(rng, now, contacts, company.english, rng.int(2, 8));
  const tagPool = company.english ? V.INTERNATIONAL_TAGS : V.TAGS;
  const tags = [...new Set(Array.from({ length: rng.int(0, 2) }, () => rng.pick(tagPool)))];
  return {
    name: company.name,
    kind: 'customer',
    owner,
    industry: company.industry,
    region: company.region,
    customerGroup: slot.owner === 'manager' ? 'VIP' : rng.weighted(V.CUSTOMER_GROUPS),
    phones: company.phones,
    emails: company.emails,
    website: company.website,
    tags,
    taxId: company.taxId,
    notes: rng.chance(0.2)
      ? rng.pick(['开票需提前确认抬头和税号。', '偏好月结30天。', 'Prefers English documentation.'])
      : null,
    createdAt: iso(workingTime(rng, now, rng.int(95, 400))),
    addresses: company.addresses,
    contacts,
    // Some contacts work for two companies of one group: an earlier customer of the same owner.
    sharesContactWith: i % 12 === 11 ? i - SLOTS.length : null,
    activities,
    ...systemFields(rng, activities),
  };
}

function planSupplier(j: number, now: number, used: Set<string>): PlannedPartner {
  const rng = rngFor('supplier', j);
  const owner: DemoUserKey = j % 5 < 3 ? 'mgrEast' : 'mgrSouth';
  const company = chineseCompany(
    rng,
    used,
    owner === 'mgrEast' ? EAST_CITIES : SOUTH_CITIES,
    V.SUPPLIER_TRADES,
  );
  const contacts = contactsFor(rng, company.domain, false, rng.int(1, 2));
  const activities = activitiesFor(rng, now, contacts, false, rng.int(1, 3));
  return {
    name: company.name,
    kind: 'supplier',
    owner,
    industry: company.industry,
    region: company.region,
    customerGroup: null,
    phones: company.phones,
    emails: company.emails,
    website: company.website,
    tags: ['供应商'],
    taxId: company.taxId,
    notes: null,
    createdAt: iso(workingTime(rng, now, rng.int(200, 700))),
    addresses: company.addresses.filter((a) => a.type === 'invoice'),
    contacts,
    sharesContactWith: null,
    activities,
    ...systemFields(rng, activities),
  };
}

/** Customers first, then suppliers: a larger scale extends each list without changing its start. */
export function planDemoPartners(scale: number, now: Date): PlannedPartner[] {
  const t = now.getTime();
  // Customer and supplier names come from different trade words, so they never collide.
  const customerNames = new Set<string>();
  const supplierNames = new Set<string>();
  const customers = Array.from({ length: CUSTOMERS_PER_SCALE * scale }, (_, i) =>
    planCustomer(i, t, customerNames),
  );
  const suppliers = Array.from({ length: SUPPLIERS_PER_SCALE * scale }, (_, j) =>
    planSupplier(j, t, supplierNames),
  );
  return [...customers, ...suppliers];
}
