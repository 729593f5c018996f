// Moving a card without a mouse: Space picks the focused card up, the left and right arrow keys
// choose the column (and, past the last one, the won / lost / invalid zones), Space or Enter
// drops it there, Escape puts it back. Every step is announced in the live region. Up and down
// move the focus between cards of a column. The board supplies the targets and does the move.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { msg, str } from '@lit/localize';

export interface MoveTarget {
  label: string;
}

export interface KeyboardMoveOptions {
  /** Stage columns in order, then the outcome zones the user may drop on. */
  targets(): MoveTarget[];
  announce(text: string): void;
  /** Drop the card on target `index`. */
  dropOn(id: number, index: number): void;
}

export interface Grabbed {
  id: number;
  name: string;
  /** Index of the target it came from. */
  from: number;
  /** Index of the target it is over now. */
  over: number;
}

export class KeyboardMoveController implements ReactiveController {
  /** The card picked up, while one is. */
  grabbed: Grabbed | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: KeyboardMoveOptions,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.grabbed = null;
  }

  /** Space on a card: pick it up. */
  pickUp(id: number, name: string, from: number): void {
    const targets = this.options.targets();
    this.grabbed = { id, name, from, over: from };
    this.options.announce(
      msg(
        str`Picked up ${name} in ${targets[from]?.label ?? ''}. Use the left and right arrow keys to choose a column, Space or Enter to drop, Escape to cancel.`,
        { id: 'keyboard.pickedUp' },
      ),
    );
    this.host.requestUpdate();
  }

  /** Returns true when the key was the controller's to handle. */
  handleKey(event: KeyboardEvent, card: { id: number; name: string; from: number }): boolean {
    const g = this.grabbed;
    if (!g) {
      if (event.key === ' ' || event.key === 'Spacebar') {
        this.pickUp(card.id, card.name, card.from);
        return true;
      }
      return false;
    }
    const targets = this.options.targets();
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowLeft': {
        const step = event.key === 'ArrowRight' ? 1 : -1;
        const over = Math.min(targets.length - 1, Math.max(0, g.over + step));
        this.grabbed = { ...g, over };
        this.options.announce(
          msg(str`Over ${targets[over]?.label ?? ''}.`, { id: 'keyboard.over' }),
        );
        this.host.requestUpdate();
        return true;
      }
      case ' ':
      case 'Spacebar':
      case 'Enter':
        this.grabbed = null;
        this.host.requestUpdate();
        if (g.over === g.from) this.cancel(g, targets);
        else this.options.dropOn(g.id, g.over);
        return true;
      case 'Escape':
        this.grabbed = null;
        this.host.requestUpdate();
        this.cancel(g, targets);
        return true;
      case 'Tab':
        // Leaving the card puts it back; the Tab itself goes on as usual.
        this.release();
        return false;
      default:
        // Nothing else happens to a card that is held.
        return true;
    }
  }

  /** Puts a held card back (focus left it, or the data under it was reloaded). */
  release(): void {
    if (!this.grabbed) return;
    const g = this.grabbed;
    this.grabbed = null;
    this.cancel(g, this.options.targets());
    this.host.requestUpdate();
  }

  private cancel(g: Grabbed, targets: MoveTarget[]): void {
    this.options.announce(
      msg(str`Move canceled. ${g.name} stays in ${targets[g.from]?.label ?? ''}.`, {
        id: 'keyboard.canceled',
      }),
    );
  }
}
