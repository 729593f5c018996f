// Small helpers for reaching into the board's shadow root from tests.
import { waitUntil } from '@open-wc/testing';
import type { LodeFunnelBoard } from '../funnel-board/funnel-board.component.ts';
import type { LodeOpportunityCard } from '../opportunity-card/opportunity-card.component.ts';

export function cardsOf(board: LodeFunnelBoard): LodeOpportunityCard[] {
  return [...board.shadowRoot!.querySelectorAll('lode-opportunity-card')];
}

export function cardById(board: LodeFunnelBoard, id: number): LodeOpportunityCard | undefined {
  return (
    board.shadowRoot!.querySelector<LodeOpportunityCard>(
      `lode-opportunity-card[data-id="${id}"]`,
    ) ?? undefined
  );
}

/** The stage name of the column the card with `id` is rendered in, or null. */
export function columnOfCard(board: LodeFunnelBoard, id: number): string | null {
  const card = cardById(board, id);
  const section = card?.closest('section');
  return section?.querySelector('.column-title')?.textContent?.trim() ?? null;
}

export function columnByTitle(board: LodeFunnelBoard, title: string): HTMLElement {
  const section = [...board.shadowRoot!.querySelectorAll<HTMLElement>('section.column')].find(
    (s) => s.querySelector('.column-title')?.textContent?.trim() === title,
  );
  if (!section) throw new Error(`no column ${title}`);
  return section;
}

export function liveRegion(board: LodeFunnelBoard): string {
  return board.shadowRoot!.querySelector('[role="status"]')?.textContent?.trim() ?? '';
}

export function alertText(board: LodeFunnelBoard): string {
  return board.shadowRoot!.querySelector('.message')?.textContent?.trim() ?? '';
}

export async function waitForCard(board: LodeFunnelBoard, id: number, message = `card ${id}`) {
  await waitUntil(() => cardById(board, id), message, { timeout: 10000 });
  return cardById(board, id)!;
}

export function key(target: HTMLElement, k: string): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));
}
