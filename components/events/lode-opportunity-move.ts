// The intent to move an opportunity to another stage, or to close it as won, lost or invalid.
// Fired by lode-funnel-board after the stage engine allowed the move and before the call, with
// the card already in its new place: preventDefault() puts it back and nothing is sent.
import type { Outcome } from '../../core/funnel/stage-engine.ts';
import type { OpportunityListItem } from '../../core/schemas/opportunities.ts';

/** Values entered for the fields a stage requires (`opportunities.moveStage`'s `fields`). */
export interface MoveFields {
  /** Minor units of the opportunity's currency. */
  expectedRevenue?: number | null;
  /** `YYYY-MM-DD`. */
  expectedCloseDate?: string | null;
  primaryContactId?: number | null;
  description?: string | null;
  channel?: string | null;
  campaign?: string | null;
}

export interface OpportunityMove {
  opportunity: OpportunityListItem;
  fromStageId: number;
  /** The stage it moves to; null when it is being closed. */
  toStageId: number | null;
  /** Set when it is being closed instead of moved. */
  outcome: Outcome | null;
  /** Fields entered in the stage's form, sent with the move (only the ones it asked for). */
  fields: MoveFields;
  /** The close reason chosen for won, lost or invalid. */
  reasonId: number | null;
}

export class LodeOpportunityMoveEvent extends Event {
  static readonly eventName = 'lode-opportunity-move';

  constructor(readonly move: OpportunityMove) {
    super(LodeOpportunityMoveEvent.eventName, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lode-opportunity-move': LodeOpportunityMoveEvent;
  }
}
