// A script as a customer would write it: sign in with the typed client, list the customers
// the signed-in user can see (a manager sees their whole team subtree), and log a call on the
// first one.
//
//   LODESTONE_URL=http://localhost:3000 LODESTONE_EMAIL=… LODESTONE_PASSWORD=… \
//     npx tsx examples/list-customers-and-log-call.ts
import { createLodestoneClient, TRPCClientError } from 'lodestone-crm/client';

function fromEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name}`);
  return value;
}

const url = process.env.LODESTONE_URL ?? 'http://localhost:3000';
let token: string | null = null;
const client = createLodestoneClient({ url, token: () => token });

async function main(): Promise<void> {
  const session = await client.auth.login.mutate({
    email: fromEnv('LODESTONE_EMAIL'),
    password: fromEnv('LODESTONE_PASSWORD'),
  });
  token = session.token;
  try {
    const me = await client.auth.me.query();
    // Page through every customer in the caller's scope, 100 at a time.
    const customers = [];
    let cursor: string | null = null;
    do {
      const page = await client.partners.list.query({ kind: 'customer', limit: 100, cursor });
      customers.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    console.log(`${me.name} (${me.role}) sees ${customers.length} customers:`);
    for (const c of customers) console.log(`  ${c.code}  ${c.name}`);

    const first = customers[0];
    if (!first) {
      console.log('No customers, so no call to log.');
      return;
    }
    const call = await client.activities.log.mutate({
      type: 'call',
      subject: 'Check-in call',
      body: 'Asked about next quarter’s volumes; they will send a forecast.',
      partnerId: first.id,
    });
    console.log(`Logged call #${call.id} on ${first.name} at ${call.occurredAt}`);
  } finally {
    await client.auth.logout.mutate(); // end the session rather than leave it to expire
  }
}

try {
  await main();
} catch (err) {
  // The server's message is meant for people (field issues, "not found", …): show it as is.
  console.error(err instanceof TRPCClientError ? `Lodestone: ${err.message}` : String(err));
  process.exitCode = 1;
}
