import { router } from './init.ts';
import { authRouter } from '../routers/auth/_router.ts';
import { usersRouter } from '../routers/users/_router.ts';
import { teamsRouter } from '../routers/teams/_router.ts';
import { partnersRouter } from '../routers/partners/_router.ts';
import { contactsRouter } from '../routers/contacts/_router.ts';
import { activitiesRouter } from '../routers/activities/_router.ts';
import { auditRouter } from '../routers/audit/_router.ts';
import { leadsRouter } from '../routers/leads/_router.ts';
import { pipelinesRouter } from '../routers/pipelines/_router.ts';
import { opportunitiesRouter } from '../routers/opportunities/_router.ts';
import { reportsRouter } from '../routers/reports/_router.ts';
import { productsRouter } from '../routers/products/_router.ts';
import { priceListsRouter } from '../routers/priceLists/_router.ts';
import { paymentTermsRouter } from '../routers/paymentTerms/_router.ts';
import { changesRouter } from '../routers/changes/_router.ts';
import { quotesRouter } from '../routers/quotes/_router.ts';
import { ordersRouter } from '../routers/orders/_router.ts';
import { paymentPlansRouter } from '../routers/paymentPlans/_router.ts';
import { receiptsRouter } from '../routers/receipts/_router.ts';
import { targetsRouter } from '../routers/targets/_router.ts';
import { syncRouter } from '../routers/sync/_router.ts';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  teams: teamsRouter,
  partners: partnersRouter,
  contacts: contactsRouter,
  activities: activitiesRouter,
  audit: auditRouter,
  leads: leadsRouter,
  pipelines: pipelinesRouter,
  opportunities: opportunitiesRouter,
  reports: reportsRouter,
  products: productsRouter,
  priceLists: priceListsRouter,
  paymentTerms: paymentTermsRouter,
  changes: changesRouter,
  quotes: quotesRouter,
  orders: ordersRouter,
  paymentPlans: paymentPlansRouter,
  receipts: receiptsRouter,
  targets: targetsRouter,
  sync: syncRouter,
});

export type AppRouter = typeof appRouter;
