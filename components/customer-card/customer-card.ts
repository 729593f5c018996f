// Registers <lode-customer-card>. Importing this module defines the tag (once per page).
import { define } from '../shared/define.ts';
import { LodeCustomerCard } from './customer-card.component.ts';

export { LodeCustomerCard };

define('lode-customer-card', LodeCustomerCard);

declare global {
  interface HTMLElementTagNameMap {
    'lode-customer-card': LodeCustomerCard;
  }
}
