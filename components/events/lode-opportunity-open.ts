// A person asked to see an opportunity (clicked its card, or pressed Enter on it). The board
// does nothing else with it: the host page decides (open the deal room, a customer card …).
import type { OpportunityListItem } from '../../core/schemas/opportunities.ts';

export class LodeOpportunityOpenEvent extends Event {
  static readonly eventName = 'lode-opportunity-open';

  constructor(readonly opportunity: OpportunityListItem) {
    super(LodeOpportunityOpenEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lode-opportunity-open': LodeOpportunityOpenEvent;
  }
}
