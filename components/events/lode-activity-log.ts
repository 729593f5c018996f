// The intent to log an activity (a call, a visit, a note) on a customer. Fired by
// lode-customer-card with the activity already at the top of its timeline and before the call:
// preventDefault() takes it off again and nothing is sent.
import type { z } from 'zod';
import type { activityLogInput } from '../../core/schemas/activities.ts';

/** Exactly what `activities.log` will be sent. */
export type ActivityLogDraft = z.input<typeof activityLogInput>;

export class LodeActivityLogEvent extends Event {
  static readonly eventName = 'lode-activity-log';

  constructor(readonly activity: ActivityLogDraft) {
    super(LodeActivityLogEvent.eventName, { bubbles: true, composed: true, cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'lode-activity-log': LodeActivityLogEvent;
  }
}
