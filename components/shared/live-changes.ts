// Live updates for an element: while it is connected and has a client, it listens to the
// server's change notices (core/client.ts watchChanges: changes.subscribe over server-sent
// events, already filtered to the caller's scope) for the entities it shows, and hands them to
// the element in small batches, so a burst of writes costs one refetch. A new client (another
// token) means a new subscription; disconnecting ends it.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { watchChanges, type ChangeNotice } from '../../core/client.ts';
import type { LodestoneClient } from '../context/contexts.ts';

export type { ChangeNotice };

export interface LiveChangesOptions {
  /** The element's current client (from context); none means no subscription. */
  client: () => LodestoneClient | undefined;
  /** The entities to hear of (`partners`, `installments`, …). */
  entities: readonly string[];
  /** Notices received since the last call; `resync` ones mean "refetch whatever is shown". */
  onChanges: (notices: ChangeNotice[]) => void;
  /** How long to gather notices before handing them over. */
  delayMs?: number;
}

export class LiveChanges implements ReactiveController {
  private client: LodestoneClient | undefined;
  private stop: (() => void) | undefined;
  private pending: ChangeNotice[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private connected = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: LiveChangesOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.follow();
  }

  /** The client comes through context, after connecting and whenever the provider changes it. */
  hostUpdated(): void {
    // A removed element may still finish an update (a load that was under way): no listening then.
    if (this.connected) this.follow();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop?.();
    this.stop = undefined;
    this.client = undefined;
    clearTimeout(this.timer);
    this.pending = [];
  }

  private follow(): void {
    const client = this.options.client();
    if (client === this.client) return;
    this.stop?.();
    this.client = client;
    this.stop = client
      ? watchChanges(client, this.options.entities, (notice) => this.queue(notice), {
          // A refused token ends the watch; the element's own calls show that error.
          onError: () => undefined,
        })
      : undefined;
  }

  private queue(notice: ChangeNotice): void {
    this.pending.push(notice);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const batch = this.pending;
      this.pending = [];
      this.options.onChanges(batch);
    }, this.options.delayMs ?? 200);
  }
}
