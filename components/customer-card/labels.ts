// Names of contact roles, address types and activity types as the customer card shows them.
import { msg } from '@lit/localize';
import type { ActivityType } from '../../core/schemas/activities.ts';
import type { ContactRole } from '../../core/schemas/contacts.ts';
import type { ADDRESS_TYPES } from '../../core/schemas/partners.ts';

export function roleLabel(role: ContactRole): string {
  switch (role) {
    case 'decision_maker':
      return msg('Decision maker', { id: 'customer.role.decisionMaker' });
    case 'influencer':
      return msg('Influencer', { id: 'customer.role.influencer' });
    case 'user':
      return msg('User', { id: 'customer.role.user' });
    case 'finance':
      return msg('Finance', { id: 'customer.role.finance' });
    case 'technical':
      return msg('Technical', { id: 'customer.role.technical' });
    case 'other':
      return msg('Other', { id: 'customer.role.other' });
  }
}

export function addressTypeLabel(type: (typeof ADDRESS_TYPES)[number]): string {
  switch (type) {
    case 'invoice':
      return msg('Invoice address', { id: 'customer.address.invoice' });
    case 'delivery':
      return msg('Delivery address', { id: 'customer.address.delivery' });
    case 'office':
      return msg('Office', { id: 'customer.address.office' });
    case 'other':
      return msg('Address', { id: 'customer.address.other' });
  }
}

export function activityTypeLabel(type: ActivityType): string {
  switch (type) {
    case 'call':
      return msg('Call', { id: 'customer.activity.call' });
    case 'visit':
      return msg('Visit', { id: 'customer.activity.visit' });
    case 'email':
      return msg('Email', { id: 'customer.activity.email' });
    case 'meeting':
      return msg('Meeting', { id: 'customer.activity.meeting' });
    case 'note':
      return msg('Note', { id: 'customer.activity.note' });
    case 'task':
      return msg('Task', { id: 'customer.activity.task' });
  }
}

/** The kinds the quick form logs, and its submit button's text for each. */
export const QUICK_TYPES = ['call', 'visit', 'note'] as const;
export type QuickType = (typeof QUICK_TYPES)[number];

export function logButtonLabel(type: QuickType): string {
  switch (type) {
    case 'call':
      return msg('Log call', { id: 'customer.log.call' });
    case 'visit':
      return msg('Log visit', { id: 'customer.log.visit' });
    case 'note':
      return msg('Add note', { id: 'customer.log.note' });
  }
}
