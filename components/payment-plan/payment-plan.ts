// Registers <lode-payment-plan>. Importing this module defines the tag (once per page).
import { define } from '../shared/define.ts';
import { LodePaymentPlan } from './payment-plan.component.ts';

export { LodePaymentPlan };

define('lode-payment-plan', LodePaymentPlan);

declare global {
  interface HTMLElementTagNameMap {
    'lode-payment-plan': LodePaymentPlan;
  }
}
