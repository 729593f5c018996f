// Registers <lode-opportunity-card>. Importing this module defines the tag (once per page).
import { define } from '../shared/define.ts';
import { LodeOpportunityCard } from './opportunity-card.component.ts';

export { LodeOpportunityCard };

define('lode-opportunity-card', LodeOpportunityCard);

declare global {
  interface HTMLElementTagNameMap {
    'lode-opportunity-card': LodeOpportunityCard;
  }
}
