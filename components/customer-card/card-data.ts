// The customer card's data: the partner (addresses, contacts with roles, the system-kept follow-up
// fields), its owner's name, its open opportunities with their stages, its receivables and the
// newest activities, read in one batched round trip (the owner's name in a second). Also the
// pure changes the quick log form makes to it. No DOM here.
import type { ChangeNotice, LodestoneClient } from '../../core/client.ts';
import type { Activity } from '../../core/schemas/activities.ts';
import type { OpportunityListItem } from '../../core/schemas/opportunities.ts';
import type { PipelineStage } from '../../core/schemas/pipelines.ts';
import type { ReceivableSummary } from '../../core/schemas/receivables.ts';
import type { ActivityLogDraft } from '../events/lode-activity-log.ts';

/** What `partners.get` answers: the partner with its addresses and linked contacts. */
export type PartnerDetail = Awaited<ReturnType<LodestoneClient['partners']['get']['query']>>;
export type PartnerContact = PartnerDetail['contacts'][number];

/** Activities shown at first and fetched per "show more". */
export const TIMELINE_PAGE = 20;
/** Open opportunities listed (the count says how many there are in all). */
export const OPPORTUNITY_LIMIT = 50;

/** An activity on the timeline; `pending` while the log call has not answered yet. */
export type TimelineItem = Activity & { pending?: boolean };

export interface CardData {
  partner: PartnerDetail;
  ownerName: string | null;
  opportunities: OpportunityListItem[];
  /** Open opportunities in all (may exceed the ones listed). */
  opportunityCount: number;
  /** Every stage of every pipeline by id, for the opportunities' stage names. */
  stages: Map<number, PipelineStage>;
  receivables: ReceivableSummary;
  timeline: TimelineItem[];
  /** For "show more"; null when the whole timeline is loaded. */
  timelineCursor: string | null;
}

export async function loadCard(
  client: LodestoneClient,
  partnerId: number,
  signal: AbortSignal,
): Promise<CardData> {
  const [partner, opportunities, pipelines, receivables, activities] = await Promise.all([
    client.partners.get.query({ id: partnerId }, { signal }),
    client.opportunities.list.query(
      { partnerId, status: 'open', limit: OPPORTUNITY_LIMIT },
      { signal },
    ),
    client.pipelines.list.query({}, { signal }),
    client.reports.receivableSummary.query({ partnerId }, { signal }),
    client.activities.list.query({ partnerId, limit: TIMELINE_PAGE }, { signal }),
  ]);
  const ownerName = partner.ownerId
    ? await client.users.get
        .query({ id: partner.ownerId }, { signal })
        .then((u) => u.name)
        // The owner may have left; the card still shows everything else.
        .catch(() => null)
    : null;
  return {
    partner,
    ownerName,
    opportunities: opportunities.items,
    opportunityCount: opportunities.total,
    stages: new Map(pipelines.items.flatMap((p) => p.stages.map((s) => [s.id, s] as const))),
    receivables,
    timeline: activities.items,
    timelineCursor: activities.nextCursor,
  };
}

/** The next page of the timeline, appended (activities already shown are not repeated). */
export async function loadMoreTimeline(client: LodestoneClient, data: CardData): Promise<CardData> {
  if (!data.timelineCursor) return data;
  const page = await client.activities.list.query({
    partnerId: data.partner.id,
    limit: TIMELINE_PAGE,
    cursor: data.timelineCursor,
  });
  const seen = new Set(data.timeline.map((a) => a.id));
  return {
    ...data,
    timeline: [...data.timeline, ...page.items.filter((a) => !seen.has(a.id))],
    timelineCursor: page.nextCursor,
  };
}

/**
 * The card as it will look once the log is saved: the activity at the top of the timeline
 * (`pending`, with a temporary negative id), the last contact now, the latest progress its
 * subject and text, and the follow-up it sets when that is the earliest. The server's own
 * figures replace these when it answers.
 */
export function withLoggedActivity(
  data: CardData,
  draft: ActivityLogDraft,
  tempId: number,
  ownerId: number,
  now: Date,
): CardData {
  const at = now.toISOString();
  const activity: TimelineItem = {
    id: tempId,
    version: 1,
    createdAt: at,
    createdBy: ownerId,
    updatedAt: at,
    updatedBy: ownerId,
    type: draft.type,
    subject: draft.subject,
    body: draft.body ?? null,
    occurredAt: at,
    dueAt: null,
    done: true,
    doneAt: at,
    followupAt: draft.followupAt ?? null,
    partnerId: data.partner.id,
    contactId: draft.contactId ?? null,
    opportunityId: null,
    leadId: null,
    ownerId,
    pending: true,
  };
  const next = data.partner.nextFollowupAt;
  const followup = draft.followupAt ?? null;
  return {
    ...data,
    partner: {
      ...data.partner,
      lastContactAt: at,
      latestProgress: draft.body ? `${draft.subject}: ${draft.body}` : draft.subject,
      nextFollowupAt: followup && (!next || followup < next) ? followup : next,
    },
    timeline: [activity, ...data.timeline],
  };
}

/** Takes a pending activity off again (the log was canceled or refused), with the partner as it was. */
export function withoutActivity(data: CardData, id: number, partner: PartnerDetail): CardData {
  return { ...data, partner, timeline: data.timeline.filter((a) => a.id !== id) };
}

/** Swaps the pending activity for the server's copy and takes the server's partner figures. */
export function withSavedActivity(
  data: CardData,
  tempId: number,
  saved: Activity,
  partner: PartnerDetail | null,
): CardData {
  return {
    ...data,
    partner: partner ?? data.partner,
    timeline: data.timeline.map((a) => (a.id === tempId ? saved : a)),
  };
}

/** The entities whose changes can show on the card. */
export const CARD_ENTITIES = [
  'partners',
  'contacts',
  'opportunities',
  'activities',
  'paymentPlans',
  'installments',
  'receipts',
] as const;

/**
 * Whether a change notice may change what the card shows. A partner's addresses, contact links
 * and follow-up fields are changes of the partner itself; a new opportunity or activity, and any
 * change to receivables (a notice does not say whose they are), may be this customer's.
 */
export function concernsCard(notice: ChangeNotice, data: CardData): boolean {
  if (notice.action === 'resync') return true;
  switch (notice.entity) {
    case 'partners':
      return notice.id === data.partner.id;
    case 'contacts':
      return data.partner.contacts.some((c) => c.contactId === notice.id);
    case 'opportunities':
      return notice.action === 'created' || data.opportunities.some((o) => o.id === notice.id);
    case 'activities':
      return notice.action === 'created' || data.timeline.some((a) => a.id === notice.id);
    case 'paymentPlans':
    case 'installments':
    case 'receipts':
      return true;
    default:
      return false;
  }
}
