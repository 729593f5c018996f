// Registers <lode-funnel-board> (and the <lode-opportunity-card> it renders). Importing this
// module defines the tags (once per page).
import '../opportunity-card/opportunity-card.ts';
import { define } from '../shared/define.ts';
import { LodeFunnelBoard } from './funnel-board.component.ts';

export { LodeFunnelBoard };

define('lode-funnel-board', LodeFunnelBoard);

declare global {
  interface HTMLElementTagNameMap {
    'lode-funnel-board': LodeFunnelBoard;
  }
}
