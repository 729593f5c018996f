// Matrix rows for pipelines and opportunities: one row per procedure (see kit.ts for the shapes).
// The opportunity lists are record-bound rows: the cell lists by the owner's partner and answers
// NOT_FOUND when the owner's opportunity is not among the results, so a list that leaked an
// out-of-reach deal would answer 'ok' where the grants say NOT_FOUND.
import { TRPCError } from '@trpc/server';
import { toInt } from '../../../server/db/rows.ts';
import { insertPipelines } from '../../../server/db/seeds/funnel-pipelines.ts';
import type { Caller } from '../../support/org.ts';
import { row, type Fixture, type ListRow, type Owner, type Records, type Row } from './kit.ts';

/** The seed pipelines (inserted once; the insert is idempotent) and the ids the cells use. */
async function funnel(f: Fixture) {
  const { db } = f.tdb;
  await db.transaction((trx) => insertPipelines(trx));
  const stage = async (name: string) =>
    toInt((await db('pipeline_stages').where({ name }).whereNull('deleted_at').first('id')).id);
  const qualification = await stage('初验');
  const task = await db('stage_tasks').where({ stage_id: qualification }).first('id');
  const reason = await db('close_reasons').where({ outcome: 'lost' }).first('id');
  return { qualification, taskId: toInt(task.id), lostReasonId: toInt(reason.id) };
}

/** An open opportunity of `owner` on the owner's partner, made by the admin. */
async function dealOf(f: Fixture, r: Records | null, owner: Owner | undefined) {
  await funnel(f);
  return f.admin.opportunities.create({
    name: `Deal ${f.uniq()}`,
    partnerId: r!.partner.id,
    ownerId: f.org.users[owner!],
    expectedRevenue: 100_00,
  });
}

const notFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'not in the list' });

async function listed(c: Caller, partnerId: number, id: number) {
  const page = await c.opportunities.list({ partnerId });
  if (!page.items.some((o) => o.id === id)) throw notFound();
}

const pipelineRows: Row[] = [
  row({
    path: 'pipelines.list',
    permission: 'pipelines.read',
    perOwner: false,
    call: (c) => c.pipelines.list({}),
  }),
  row({
    path: 'pipelines.get',
    permission: 'pipelines.read',
    perOwner: false,
    setup: (f) =>
      f.admin.pipelines.create({ name: `P ${f.uniq()}`, stages: [{ name: 'A', probability: 10 }] }),
    call: (c, _f, _r, s) => c.pipelines.get({ id: s.id }),
  }),
  row({
    path: 'pipelines.create',
    permission: 'pipelines.manage',
    perOwner: false,
    call: (c, f) =>
      c.pipelines.create({ name: `P ${f.uniq()}`, stages: [{ name: 'A', probability: 10 }] }),
  }),
  row({
    path: 'pipelines.update',
    permission: 'pipelines.manage',
    perOwner: false,
    setup: (f) =>
      f.admin.pipelines.create({ name: `P ${f.uniq()}`, stages: [{ name: 'A', probability: 10 }] }),
    call: (c, _f, _r, s) =>
      c.pipelines.update({ id: s.id, version: s.version, patch: { description: 'changed' } }),
  }),
  row({
    path: 'pipelines.closeReasons.list',
    permission: 'pipelines.read',
    perOwner: false,
    call: (c) => c.pipelines.closeReasons.list({}),
  }),
  row({
    path: 'pipelines.closeReasons.upsert',
    permission: 'pipelines.manage',
    perOwner: false,
    call: (c, f) => c.pipelines.closeReasons.upsert({ outcome: 'lost', name: `R ${f.uniq()}` }),
  }),
];

const opportunityRows: Row[] = [
  row({
    path: 'opportunities.list',
    permission: 'opportunities.read',
    perOwner: true,
    setup: dealOf,
    call: (c, _f, r, s) => listed(c, r!.partner.id, s.id),
  }),
  row({
    path: 'opportunities.stageTotals',
    permission: 'opportunities.read',
    perOwner: true,
    setup: dealOf,
    call: async (c, _f, r, s) => {
      const totals = await c.opportunities.stageTotals({
        pipelineId: s.pipelineId,
        partnerId: r!.partner.id,
      });
      if (!totals.some((t) => t.count === 1)) throw notFound();
    },
  }),
  row({
    path: 'opportunities.get',
    permission: 'opportunities.read',
    perOwner: true,
    setup: dealOf,
    call: (c, _f, _r, s) => c.opportunities.get({ id: s.id }),
  }),
  row({
    path: 'opportunities.create',
    permission: 'opportunities.create',
    perOwner: true,
    setup: (f) => funnel(f),
    call: (c, f, r) =>
      c.opportunities.create({ name: `New ${f.uniq()}`, partnerId: r!.partner.id }),
  }),
  row({
    path: 'opportunities.update',
    permission: 'opportunities.update',
    perOwner: true,
    setup: dealOf,
    call: (c, _f, _r, s) =>
      c.opportunities.update({ id: s.id, version: s.version, patch: { description: 'x' } }),
  }),
  row({
    path: 'opportunities.moveStage',
    permission: 'opportunities.move',
    perOwner: true,
    setup: async (f, r, o) => ({ deal: await dealOf(f, r, o), ids: await funnel(f) }),
    call: (c, _f, _r, s) =>
      c.opportunities.moveStage({
        id: s.deal.id,
        version: s.deal.version,
        stageId: s.ids.qualification,
        fields: { expectedCloseDate: '2027-01-31' },
      }),
  }),
  row({
    path: 'opportunities.tasks.set',
    permission: 'opportunities.update',
    perOwner: true,
    setup: async (f, r, o) => ({ deal: await dealOf(f, r, o), ids: await funnel(f) }),
    call: (c, _f, _r, s) =>
      c.opportunities.tasks.set({
        id: s.deal.id,
        version: s.deal.version,
        taskId: s.ids.taskId,
        done: true,
      }),
  }),
  row({
    path: 'opportunities.close',
    permission: 'opportunities.close',
    perOwner: true,
    setup: async (f, r, o) => ({ deal: await dealOf(f, r, o), ids: await funnel(f) }),
    call: (c, _f, _r, s) =>
      c.opportunities.close({
        id: s.deal.id,
        version: s.deal.version,
        outcome: 'lost',
        reasonId: s.ids.lostReasonId,
      }),
  }),
  row({
    path: 'opportunities.reopen',
    permission: 'opportunities.close',
    perOwner: true,
    setup: async (f, r, o) => {
      const deal = await dealOf(f, r, o);
      const { lostReasonId } = await funnel(f);
      return f.admin.opportunities.close({
        id: deal.id,
        version: deal.version,
        outcome: 'lost',
        reasonId: lostReasonId,
      });
    },
    call: (c, _f, _r, s) => c.opportunities.reopen({ id: s.id, version: s.version }),
  }),
  row({
    path: 'opportunities.collaborators.add',
    permission: 'opportunities.update',
    perOwner: true,
    setup: dealOf,
    call: (c, f, _r, s) =>
      c.opportunities.collaborators.add({
        id: s.id,
        version: s.version,
        userId: f.org.users.finance,
      }),
  }),
  row({
    path: 'opportunities.collaborators.remove',
    permission: 'opportunities.update',
    perOwner: true,
    setup: async (f, r, o) => {
      const deal = await dealOf(f, r, o);
      return f.admin.opportunities.collaborators.add({
        id: deal.id,
        version: deal.version,
        userId: f.org.users.finance,
      });
    },
    call: (c, f, _r, s) =>
      c.opportunities.collaborators.remove({
        id: s.id,
        version: s.version,
        userId: f.org.users.finance,
      }),
  }),
  row({
    path: 'opportunities.contacts.set',
    permission: 'opportunities.update',
    perOwner: true,
    setup: dealOf,
    call: (c, _f, r, s) =>
      c.opportunities.contacts.set({
        id: s.id,
        version: s.version,
        contactId: r!.contact.id,
        decisionRole: 'evaluator',
      }),
  }),
  row({
    path: 'opportunities.contacts.remove',
    permission: 'opportunities.update',
    perOwner: true,
    setup: async (f, r, o) => {
      const deal = await dealOf(f, r, o);
      return f.admin.opportunities.contacts.set({
        id: deal.id,
        version: deal.version,
        contactId: r!.contact.id,
        decisionRole: 'user',
      });
    },
    call: (c, _f, r, s) =>
      c.opportunities.contacts.remove({ id: s.id, version: s.version, contactId: r!.contact.id }),
  }),
  row({
    path: 'opportunities.competitors.add',
    permission: 'opportunities.update',
    perOwner: true,
    setup: dealOf,
    call: (c, _f, _r, s) =>
      c.opportunities.competitors.add({
        id: s.id,
        version: s.version,
        competitor: { name: '金蝶' },
      }),
  }),
  row({
    path: 'opportunities.competitors.update',
    permission: 'opportunities.update',
    perOwner: true,
    setup: async (f, r, o) => {
      const deal = await dealOf(f, r, o);
      return f.admin.opportunities.competitors.add({
        id: deal.id,
        version: deal.version,
        competitor: { name: '用友' },
      });
    },
    call: (c, _f, _r, s) =>
      c.opportunities.competitors.update({
        id: s.id,
        version: s.version,
        competitorId: s.competitors[0]!.id,
        patch: { strengths: '价格' },
      }),
  }),
  row({
    path: 'opportunities.competitors.remove',
    permission: 'opportunities.update',
    perOwner: true,
    setup: async (f, r, o) => {
      const deal = await dealOf(f, r, o);
      return f.admin.opportunities.competitors.add({
        id: deal.id,
        version: deal.version,
        competitor: { name: '用友' },
      });
    },
    call: (c, _f, _r, s) =>
      c.opportunities.competitors.remove({
        id: s.id,
        version: s.version,
        competitorId: s.competitors[0]!.id,
      }),
  }),
  row({
    path: 'opportunities.lines.set',
    permission: 'opportunities.update',
    perOwner: true,
    setup: dealOf,
    call: (c, _f, _r, s) =>
      c.opportunities.lines.set({
        id: s.id,
        version: s.version,
        lines: [{ description: 'Licence', quantityMilli: 2000, unitPrice: 50_00 }],
      }),
  }),
];

export const opportunitiesRows: Row[] = [...pipelineRows, ...opportunityRows];
export const opportunitiesLists: ListRow[] = [];
