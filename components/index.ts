// The bundle's entry (dist/components.js): registers every element and exports what a page
// needs to drive them from script: the classes, the typed events, the contexts (to provide a
// client without lode-provider) and the client factory itself.
import './provider/provider.ts';
import './opportunity-card/opportunity-card.ts';
import './funnel-board/funnel-board.ts';
import './customer-card/customer-card.ts';
import './payment-plan/payment-plan.ts';
import './quote-editor/quote-editor.ts';

export { LodeProvider } from './provider/provider.component.ts';
export { LodeOpportunityCard } from './opportunity-card/opportunity-card.component.ts';
export { LodeFunnelBoard } from './funnel-board/funnel-board.component.ts';
export { LodeOpportunityMoveEvent, type OpportunityMove } from './events/lode-opportunity-move.ts';
export { LodeOpportunityOpenEvent } from './events/lode-opportunity-open.ts';
export { LodeCustomerCard } from './customer-card/customer-card.component.ts';
export { LodeActivityLogEvent, type ActivityLogDraft } from './events/lode-activity-log.ts';
export { LodePaymentPlan } from './payment-plan/payment-plan.component.ts';
export { LodePlanSaveEvent, type PlanSaveEntry } from './events/lode-plan-save.ts';
export { LodePlanGenerateEvent, type PlanGenerateRequest } from './events/lode-plan-generate.ts';
export { LodeQuoteEditor } from './quote-editor/quote-editor.component.ts';
export { LodeQuoteSaveEvent, type QuoteSave } from './events/lode-quote-save.ts';
export { LodeQuoteSendEvent } from './events/lode-quote-send.ts';
export { LodeQuoteReviseEvent } from './events/lode-quote-revise.ts';
export { LodeQuoteAcceptEvent } from './events/lode-quote-accept.ts';
export { LodeQuoteRejectEvent } from './events/lode-quote-reject.ts';
export { LodeQuoteCreateOrderEvent } from './events/lode-quote-create-order.ts';
export { LodeOrderCreatedEvent } from './events/lode-order-created.ts';
export {
  clientContext,
  currentUserContext,
  localeContext,
  LOCALES,
  type LodeLocale,
} from './context/contexts.ts';
export { provideLodestone, type LodestoneProviders } from './context/provide.ts';
export { createLodestoneClient, type LodestoneClient } from '../core/client.ts';
