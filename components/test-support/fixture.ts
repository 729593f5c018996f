// Browser-side access to the real server the test run started (lodestone-server.mjs): its URL,
// the demo users' tokens, typed clients, and data of a test's own so tests never step on each
// other: each file makes a rep in the demo manager's Shanghai team and filters the board to them.
import { createLodestoneClient, type LodestoneClient } from '../../core/client.ts';
import type { OpportunityCreate } from '../../core/schemas/opportunities.ts';
import type { Pipeline } from '../../core/schemas/pipelines.ts';

export type DemoUser = 'manager' | 'rep' | 'admin' | 'finance';

export interface ServerFixture {
  /** `http://127.0.0.1:<port>` of the running Lodestone. */
  url: string;
  /** The page origin the server lets through CORS. */
  origin: string;
  tokens: Record<DemoUser, string>;
  userIds: Record<DemoUser, number>;
}

let fixture: Promise<ServerFixture> | undefined;

export function serverFixture(): Promise<ServerFixture> {
  fixture ??= fetch('/__lodestone/fixture.json').then((r) => r.json() as Promise<ServerFixture>);
  return fixture;
}

export async function clientAs(who: DemoUser): Promise<LodestoneClient> {
  const f = await serverFixture();
  return createLodestoneClient({ url: f.url, token: f.tokens[who] });
}

/** The default pipeline (六步判断法) with its stages by Chinese name. */
export async function defaultPipeline(): Promise<{
  pipeline: Pipeline;
  stage: (name: string) => number;
}> {
  const admin = await clientAs('admin');
  const { items } = await admin.pipelines.list.query({});
  const pipeline = items.find((p) => p.isDefault)!;
  return {
    pipeline,
    stage: (name) => {
      const s = pipeline.stages.find((x) => x.name === name);
      if (!s) throw new Error(`no stage ${name}`);
      return s.id;
    },
  };
}

/** A new rep in 上海组 (under the demo manager 王磊), for one test file's opportunities. */
export async function freshRep(label: string): Promise<{ id: number; name: string }> {
  const admin = await clientAs('admin');
  const teams = await admin.teams.list.query();
  const shanghai = teams.find((t) => t.nameEn === 'Shanghai')!;
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const name = `测试 ${label} ${stamp}`;
  const user = await admin.users.create.mutate({
    email: `wtr-${stamp}@test.lodestone.example`,
    name,
    role: 'rep',
    password: 'browser-tests-only',
  });
  await admin.teams.addMember.mutate({ teamId: shanghai.id, userId: user.id });
  return { id: user.id, name };
}

/** An opportunity owned by `ownerId`, on the first demo customer, made through the API. */
export async function createDeal(
  ownerId: number,
  fields: Partial<OpportunityCreate> & { name: string },
) {
  const admin = await clientAs('admin');
  const partners = await admin.partners.list.query({ kind: 'customer', limit: 1 });
  return admin.opportunities.create.mutate({
    partnerId: partners.items[0]!.id,
    ownerId,
    ...fields,
  });
}
