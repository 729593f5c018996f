// Live-region announcements for screen readers (drag and drop by keyboard, moves, failures).
// The host renders `announcer.render()` once; `announce()` updates the polite region.
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';

export class Announcer implements ReactiveController {
  private text = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** The last thing announced (tests and the host's own status line read it). */
  get message(): string {
    return this.text;
  }

  announce(text: string): void {
    // Cleared first, then set on the next task: the same sentence twice is read twice.
    this.text = '';
    this.host.requestUpdate();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.text = text;
      this.host.requestUpdate();
    }, 50);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  render() {
    return html`<div part="live-region" class="visually-hidden" role="status" aria-live="polite">
      ${this.text}
    </div>`;
  }
}
