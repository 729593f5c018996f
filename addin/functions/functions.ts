// The LODESTONE.* custom functions in Excel (shared runtime: the task pane's page, so they use
// the same sign-in). Each function only returns a value or an #N/A error with a message; none
// writes a cell. Metadata: functions.json beside this file.
import { createLodestoneClient, type LodestoneClient } from '../../core/client.ts';
import { localeOfOffice } from '../taskpane/i18n.ts';
import { addinTokenStore } from '../taskpane/token-store.ts';
import { FunctionService, NotAvailable } from './service.ts';

interface CustomFunctionsGlobal {
  associate(id: string, fn: (...args: never[]) => unknown): void;
  Error: new (code: unknown, message?: string) => Error;
  ErrorCode: { notAvailable: unknown };
}

const store = addinTokenStore();
let token: string | null = null;
let client: LodestoneClient | null = null;

/** Office's display language, once Office is ready (the shared runtime's page has Office.js). */
const officeLanguage = () =>
  (globalThis as { Office?: { context?: { displayLanguage?: string } } }).Office?.context
    ?.displayLanguage;

const service = new FunctionService({
  client: () => client,
  locale: () => localeOfOffice(officeLanguage()),
});

/** The token the task pane stored; a new one (signed in again) gets a new client. */
async function refresh(): Promise<void> {
  const now = await store.get();
  if (now === token) return;
  token = now;
  client = now
    ? createLodestoneClient({ url: globalThis.location.origin, token: () => token })
    : null;
}

const blankToUndefined = <T>(v: T | null | undefined) =>
  v === null || v === undefined || v === '' ? undefined : v;

export function register(cf: CustomFunctionsGlobal): void {
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await refresh();
      try {
        return await fn(...args);
      } catch (err) {
        const message = err instanceof NotAvailable ? err.message : String(err);
        throw new cf.Error(cf.ErrorCode.notAvailable, message);
      }
    };
  cf.associate(
    'PIPELINE',
    wrap((stage: string, owner?: string | number | null, currency?: string | null) =>
      service.pipeline(stage, blankToUndefined(owner), blankToUndefined(currency)),
    ),
  );
  cf.associate(
    'FORECAST',
    wrap(
      (
        month: string,
        who?: string | number | null,
        kind?: string | null,
        currency?: string | null,
      ) =>
        service.forecast(
          month,
          blankToUndefined(who),
          blankToUndefined(kind),
          blankToUndefined(currency),
        ),
    ),
  );
  cf.associate(
    'RECEIVABLE',
    wrap((customer: string, bucket?: string | null, currency?: string | null) =>
      service.receivable(customer, blankToUndefined(bucket), blankToUndefined(currency)),
    ),
  );
  cf.associate(
    'TARGET',
    wrap((period: string, who?: string | number | null) =>
      service.target(String(period), blankToUndefined(who)),
    ),
  );
  cf.associate(
    'REPORT',
    wrap((name: string, period?: string | null, currency?: string | null) =>
      service.report(
        name,
        blankToUndefined(period) as string | undefined,
        blankToUndefined(currency) as string | undefined,
      ),
    ),
  );
}

const cf = (globalThis as { CustomFunctions?: CustomFunctionsGlobal }).CustomFunctions;
if (cf) register(cf);
