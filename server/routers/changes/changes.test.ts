// Live updates end to end: real servers on free loopback ports, the typed client's
// watchChanges over server-sent events, writes by other users through the same client.
// No timing assertions: a test waits for a notice with a generous deadline, and proves that a
// notice did NOT come by waiting for a later one the same stream must tell (notices of one
// server arrive in the order of the writes).
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import {
  createLodestoneClient,
  watchChanges,
  type ChangeNotice,
  type LodestoneClient,
} from '../../../core/client.ts';
import { createDb } from '../../db/knex.ts';
import { startServer, type RunningServer } from '../../http/server.ts';
import { audit } from '../../services/audit.ts';
import { writeTx } from '../../services/tx.ts';
import { LISTENER_NAME } from '../../services/changes-pg.ts';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import { rawRequest, serveDuringSuite } from '../../../test/support/http.ts';
import { insertToken, type UserKey } from '../../../test/support/org.ts';
import { createFunnelFixture, type FunnelFixture } from '../../../test/support/funnel.ts';

const DEADLINE_MS = 30_000;

/** A watchChanges subscription that keeps what it heard and can wait for a notice. */
class Watcher {
  readonly got: ChangeNotice[] = [];
  readonly errors: unknown[] = [];
  readonly started: Promise<void>;
  private wake: (() => void) | null = null;
  private readonly stop: () => void;

  constructor(client: LodestoneClient, entities?: string[]) {
    let started!: () => void;
    this.started = new Promise((resolve) => (started = resolve));
    this.stop = watchChanges(
      client,
      entities,
      (n) => {
        this.got.push(n);
        this.wake?.();
      },
      {
        onStarted: () => started(),
        onError: (err) => {
          this.errors.push(err);
          this.wake?.();
        },
      },
    );
  }

  async until(match: (n: ChangeNotice) => boolean, what: string): Promise<ChangeNotice> {
    const deadline = Date.now() + DEADLINE_MS;
    for (;;) {
      const hit = this.got.find(match);
      if (hit) return hit;
      if (Date.now() > deadline) {
        throw new Error(`no notice of ${what}; heard ${JSON.stringify(this.got)} ${this.errors}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 250);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  close(): void {
    this.stop();
  }
}

const about = (entity: string, id: number, action?: ChangeNotice['action']) => (n: ChangeNotice) =>
  n.entity === entity && n.id === id && (action === undefined || n.action === action);

const PORTAL = 'https://intranet.example.cn';

describeEachDatabase('changes.subscribe over HTTP', (getDb) => {
  const http = serveDuringSuite(getDb, { corsOrigins: [PORTAL] });
  let funnel: FunnelFixture;
  let n = 0;
  const uniq = (s: string) => `${s} ${Date.now().toString(36)}${(n++).toString(36)}`;
  const watchers: Watcher[] = [];

  before(async () => {
    funnel = await createFunnelFixture(getDb());
  });
  // Before the suite's own hooks stop the server and drop the database.
  afterEach(() => {
    for (const w of watchers.splice(0)) w.close();
  });

  async function clientFor(key: UserKey, fetchImpl?: typeof fetch): Promise<LodestoneClient> {
    return createLodestoneClient({
      url: http().url,
      token: await http().tokenFor(key),
      fetch: fetchImpl,
    });
  }

  async function watch(client: LodestoneClient, entities?: string[]): Promise<Watcher> {
    const w = new Watcher(client, entities);
    watchers.push(w);
    await w.started;
    return w;
  }

  /** A partner of the caller's own: a write the caller's own stream must tell. */
  const ownPartner = (c: LodestoneClient) => c.partners.create.mutate({ name: uniq('Fence') });

  test("a write by one user reaches another user's page: created, updated, moved", async () => {
    const rep = await clientFor('rep1');
    const manager = await watch(await clientFor('mgrEast'), ['opportunities', 'partners']);
    const partner = await ownPartner(rep);
    await manager.until(about('partners', partner.id, 'created'), 'the new partner');
    const deal = await rep.opportunities.create.mutate({
      name: uniq('Live deal'),
      partnerId: partner.id,
      pipelineId: funnel.lato.id,
    });
    const created = await manager.until(about('opportunities', deal.id, 'created'), 'the deal');
    assert.equal(created.version, deal.version);
    assert.match(created.at, /^\d{4}-\d\d-\d\dT/);

    const moved = await rep.opportunities.moveStage.mutate({
      id: deal.id,
      version: deal.version,
      stageId: funnel.lato.stages['初验']!.id,
      fields: { expectedRevenue: 5_000_00, expectedCloseDate: '2027-01-15' },
    });
    const move = await manager.until(about('opportunities', deal.id, 'moved'), 'the stage move');
    assert.equal(move.version, moved.version);

    await rep.opportunities.update.mutate({
      id: deal.id,
      version: moved.version,
      patch: { description: 'Budget confirmed' },
    });
    const update = await manager.until(about('opportunities', deal.id, 'updated'), 'the edit');
    assert.equal(update.version, moved.version + 1);
  });

  test("scope: a rep hears nothing of another rep's deal; their manager hears both", async () => {
    const rep1 = await clientFor('rep1');
    const rep2 = await clientFor('rep2');
    const repSouth = await clientFor('repSouth');
    const heardBy1 = await watch(rep1, ['opportunities', 'partners']);
    const east = await watch(await clientFor('mgrEast'), ['opportunities', 'partners']);
    const south = await watch(await clientFor('mgrSouth'), ['opportunities', 'partners']);
    const finance = await watch(await clientFor('finance'), ['opportunities']);

    const theirs = await rep2.opportunities.create.mutate({
      name: uniq('Rep two deal'),
      partnerId: (await ownPartner(rep2)).id,
      pipelineId: funnel.lato.id,
    });
    await east.until(about('opportunities', theirs.id, 'created'), "rep2's deal (manager)");
    await finance.until(about('opportunities', theirs.id, 'created'), "rep2's deal (finance)");

    // Fences: a later write each stream must tell. Once it arrives, rep2's deal would have too.
    const fence1 = await ownPartner(rep1);
    await heardBy1.until(about('partners', fence1.id), "rep1's own partner");
    await east.until(about('partners', fence1.id), "rep1's partner (manager)");
    const fenceSouth = await ownPartner(repSouth);
    await south.until(about('partners', fenceSouth.id), "repSouth's partner (South manager)");

    assert.equal(heardBy1.got.filter(about('opportunities', theirs.id)).length, 0);
    assert.equal(south.got.filter(about('opportunities', theirs.id)).length, 0);
    assert.equal(south.got.filter(about('partners', fence1.id)).length, 0);

    // Reassigning rep2's deal to rep1: rep1 now hears of it, and so does rep2, whose board
    // must drop the card (the refetch answers NOT_FOUND).
    const heardBy2 = await watch(rep2, ['opportunities']);
    const admin = await clientFor('admin');
    await admin.opportunities.update.mutate({
      id: theirs.id,
      version: theirs.version,
      patch: { ownerId: http().org.users.rep1 },
    });
    await heardBy1.until(about('opportunities', theirs.id, 'updated'), 'the deal, now rep1s');
    await heardBy2.until(about('opportunities', theirs.id, 'updated'), 'the deal rep2 lost');
  });

  test('parts tell their record: an address is a partner update, a link tells both sides', async () => {
    const rep = await clientFor('rep1');
    const w = await watch(rep, ['partners', 'contacts']);
    const partner = await ownPartner(rep);
    await w.until(about('partners', partner.id, 'created'), 'the partner');
    const contact = await rep.contacts.create.mutate({
      name: uniq('Contact'),
      partners: [{ partnerId: partner.id, role: 'user' }],
    });
    await w.until(about('contacts', contact.id, 'created'), 'the contact');
    // The link is a part of both records: the partner's contact list changed too.
    await w.until(about('partners', partner.id, 'updated'), 'the partner, via the link');
  });

  test("a collaborator hears of the owner's activity on the deal", async () => {
    const rep1 = await clientFor('rep1');
    const rep2 = await clientFor('rep2');
    const deal = await rep1.opportunities.create.mutate({
      name: uniq('Shared deal'),
      partnerId: (await ownPartner(rep1)).id,
      pipelineId: funnel.lato.id,
    });
    await rep1.opportunities.collaborators.add.mutate({
      id: deal.id,
      version: deal.version,
      userId: http().org.users.rep2,
    });
    const heardBy2 = await watch(rep2, ['activities']);
    const visit = await rep1.activities.log.mutate({
      type: 'visit',
      subject: uniq('Site visit'),
      opportunityId: deal.id,
    });
    await heardBy2.until(about('activities', visit.id, 'created'), "the owner's visit");
  });

  test('a rolled-back write tells nothing', async () => {
    const { db } = getDb();
    const rep = await clientFor('rep1');
    const w = await watch(rep, ['partners']);
    const victim = await ownPartner(rep);
    await w.until(about('partners', victim.id, 'created'), 'the partner');
    const actor = { userId: http().org.users.rep1, requestId: 'rollback-test' };
    await assert.rejects(
      writeTx(db, async (trx) => {
        await trx('partners').where({ id: victim.id }).update({ notes: 'never' });
        await audit(trx, actor, 'partners', victim.id, 'update', {
          notes: { old: null, new: 'never' },
        });
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    const fence = await ownPartner(rep);
    await w.until(about('partners', fence.id), 'the later write');
    assert.deepEqual(
      w.got.filter(about('partners', victim.id)).map((x) => x.action),
      ['created'],
    );
  });

  test('the token travels in the Authorization header, never in the URL', async () => {
    const token = await http().tokenFor('rep1');
    const urls: string[] = [];
    const headers: (string | null)[] = [];
    const client = createLodestoneClient({
      url: http().url,
      token,
      fetch: (input, init) => {
        urls.push(String(input));
        headers.push(new Headers(init?.headers).get('authorization'));
        return fetch(input, init);
      },
    });
    await watch(client, ['partners']);
    const sse = urls.findIndex((u) => u.includes('changes.subscribe'));
    assert.ok(sse >= 0, 'the subscription went through the fetch given to the client');
    assert.equal(
      urls.some((u) => u.includes(token)),
      false,
    );
    assert.equal(headers[sse], `Bearer ${token}`);
  });

  test('a widget token bound to an origin streams from that origin only', async () => {
    const { org } = http();
    const portal = PORTAL;
    const { token } = await insertToken(getDb(), org.users.mgrEast, {
      kind: 'widget',
      scopes: ['read'],
      allowedOrigins: [portal],
    });
    const from = (origin: string) =>
      createLodestoneClient({
        url: http().url,
        token,
        fetch: (input, init) => {
          const h = new Headers(init?.headers);
          h.set('origin', origin);
          return fetch(input, { ...init, headers: h });
        },
      });
    const w = await watch(from(portal), ['partners']);
    const p = await ownPartner(await clientFor('rep1'));
    await w.until(about('partners', p.id, 'created'), 'a partner, on the portal');

    const elsewhere = new Watcher(from('https://evil.example'), ['partners']);
    watchers.push(elsewhere);
    const deadline = Date.now() + DEADLINE_MS;
    while (!elsewhere.errors.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(String(elsewhere.errors[0]), /may not be used from this origin/);
  });

  test('a browser on the portal may open and resume the stream (CORS preflight)', async () => {
    const res = await rawRequest(`${http().url}/trpc/changes.subscribe`, {
      method: 'OPTIONS',
      headers: {
        origin: PORTAL,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization,last-event-id',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), PORTAL);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').split(/,\s*/);
    assert.ok(
      allowed.includes('authorization') && allowed.includes('last-event-id'),
      String(allowed),
    );
  });

  test('unknown entities are refused, naming the field and the rule', async () => {
    const w = new Watcher(await clientFor('rep1'), ['partners', 'nonsense']);
    watchers.push(w);
    const deadline = Date.now() + DEADLINE_MS;
    while (!w.errors.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const err = w.errors[0] as { data?: { code?: string; issues?: unknown } };
    assert.equal(err?.data?.code, 'BAD_REQUEST');
    assert.deepEqual(err.data.issues, [
      { field: 'entities', rule: 'known', message: 'has no entity named nonsense' },
    ]);
  });

  test('a dropped connection reconnects and resumes from the last event id', async () => {
    const token = await http().tokenFor('rep1');
    const rep = await clientFor('rep1');
    let cut: (() => void) | null = null;
    const lastEventIds: (string | null)[] = [];
    // A fetch whose stream the test can cut, as a proxy or a flaky network would.
    const client = createLodestoneClient({
      url: http().url,
      token,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (!String(input).includes('changes.subscribe') || !res.body) return res;
        lastEventIds.push(new Headers(init?.headers).get('last-event-id'));
        const reader = res.body.getReader();
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            cut = () => {
              controller.error(new Error('cut'));
              void reader.cancel();
            };
          },
          async pull(controller) {
            const { value, done } = await reader
              .read()
              .catch(() => ({ value: undefined, done: true }));
            if (done) controller.close();
            else controller.enqueue(value);
          },
        });
        return new Response(body, { status: res.status, headers: res.headers });
      },
    });
    const w = await watch(client, ['partners']);
    const first = await ownPartner(rep);
    await w.until(about('partners', first.id), 'the first partner');
    cut!();
    // Written while the stream is down (or just back): either way it must arrive once.
    const missed = await ownPartner(rep);
    await w.until(about('partners', missed.id), 'the partner written during the cut');
    assert.ok(lastEventIds.length >= 2, 'reconnected');
    assert.match(String(lastEventIds.at(-1)), /^\d+$/, 'sent the last event id back');
    assert.equal(w.got.filter(about('partners', missed.id)).length, 1);
  });

  test('resuming from an old event id replays what was missed, in scope', async () => {
    const rep = await clientFor('rep1');
    const w = await watch(rep, ['partners']);
    const mark = await ownPartner(rep);
    await w.until(about('partners', mark.id), 'the marker');
    w.close();
    const { db } = getDb();
    const row = await db('audit_log')
      .where({ entity: 'partners', entity_id: mark.id })
      .max({ id: 'id' })
      .first();
    const lastEventId = String(row!.id);
    const mine = await ownPartner(rep);
    const others = await ownPartner(await clientFor('repSouth'));
    const replayed: ChangeNotice[] = [];
    let heard: (() => void) | null = null;
    const sub = rep.changes.subscribe.subscribe(
      { entities: ['partners'], lastEventId },
      {
        onData: (e) => {
          replayed.push(...e.data.notices);
          heard?.();
        },
      },
    );
    try {
      const fence = await ownPartner(rep);
      const deadline = Date.now() + DEADLINE_MS;
      while (!replayed.some(about('partners', fence.id)) && Date.now() < deadline) {
        await new Promise<void>((r) => ((heard = r), setTimeout(r, 250)));
      }
      assert.ok(replayed.some(about('partners', mine.id, 'created')), 'replayed my partner');
      assert.ok(replayed.some(about('partners', fence.id)), 'then live');
      assert.equal(replayed.filter(about('partners', others.id)).length, 0, 'not theirs');
    } finally {
      sub.unsubscribe();
    }
  });
});

describeEachDatabase('changes between two servers on one database', (getDb) => {
  const http = serveDuringSuite(getDb);
  let second: RunningServer | undefined;
  let secondDb: ReturnType<typeof createDb> | undefined;

  after(async () => {
    await second?.close();
    await secondDb?.destroy();
  });

  test('each server hears the writes made through the other', async (t) => {
    const tdb = getDb();
    if (tdb.kind !== 'postgres') {
      t.skip('one SQLite file has one server process');
      return;
    }
    // Its own knex pool and change feed: the only way between the two is PostgreSQL.
    secondDb = createDb(tdb.config);
    second = await startServer(secondDb, { ...tdb.config, port: 0, host: '127.0.0.1' });
    const on = async (url: string, key: UserKey) =>
      createLodestoneClient({ url, token: await http().tokenFor(key) });
    const secondUrl = `http://127.0.0.1:${second.port}`;

    const watchA = new Watcher(await on(http().url, 'mgrEast'), ['partners']);
    const watchB = new Watcher(await on(secondUrl, 'mgrEast'), ['partners']);
    try {
      await Promise.all([watchA.started, watchB.started]);
      const viaA = await (await on(http().url, 'rep1')).partners.create.mutate({ name: 'Via A' });
      const viaB = await (await on(secondUrl, 'rep2')).partners.create.mutate({ name: 'Via B' });
      await watchB.until(about('partners', viaA.id, 'created'), 'a write on A, heard on B');
      await watchA.until(about('partners', viaB.id, 'created'), 'a write on B, heard on A');
      await watchA.until(about('partners', viaA.id, 'created'), 'its own write, heard on A');
      assert.equal(watchA.got.filter(about('partners', viaA.id)).length, 1, 'told once');

      // The listening connection drops: it comes back by itself and tells its streams to
      // refetch (what was sent meanwhile is unknown), then hears the other server again.
      await tdb.db.raw(
        'select pg_terminate_backend(pid) from pg_stat_activity where application_name = ?',
        [LISTENER_NAME],
      );
      await watchB.until((x) => x.action === 'resync', 'a resync after the reconnect');
      // The resync is told once LISTEN is active again: a write from now on is heard.
      const later = await (await on(http().url, 'rep1')).partners.create.mutate({ name: 'Later' });
      await watchB.until(about('partners', later.id, 'created'), 'a write after the reconnect');
    } finally {
      watchA.close();
      watchB.close();
    }
  });
});
