// An EventSource over fetch, for the change stream (changes.subscribe). The browser's own
// EventSource cannot send headers, so a token would have to travel in the URL, where proxies and
// access logs keep it; this one sends it as `Authorization: Bearer …` like every other call.
// It also serves Node 20, which has no EventSource. It follows the HTML standard's rules for the
// stream (fields, ids, retry, reconnecting with Last-Event-ID), which is all tRPC's
// httpSubscriptionLink relies on.

export interface FetchEventSourceInit {
  /** Sent with every connection attempt; a function is asked again before each reconnect. */
  headers?: Record<string, string> | (() => Record<string, string>);
  fetch?: typeof globalThis.fetch;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

/** An event as EventSource dispatches it: `data` and `lastEventId` on a plain Event. */
function messageEvent(type: string, data: string, lastEventId: string): Event {
  return Object.assign(new Event(type), { data, lastEventId });
}

export class FetchEventSource extends EventTarget {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSED = CLOSED;
  readonly CONNECTING = CONNECTING;
  readonly OPEN = OPEN;
  readonly CLOSED = CLOSED;
  readyState: number = CONNECTING;
  readonly url: string;
  readonly withCredentials = false;
  private readonly init: FetchEventSourceInit;
  private readonly aborter = new AbortController();
  private lastEventId = '';
  private retryMs = 1000;

  constructor(url: string | URL, init: FetchEventSourceInit = {}) {
    super();
    this.url = String(url);
    this.init = init;
    void this.run();
  }

  close(): void {
    this.readyState = CLOSED;
    this.aborter.abort();
  }

  private async run(): Promise<void> {
    const fetchImpl = this.init.fetch ?? globalThis.fetch;
    while (this.readyState !== CLOSED) {
      try {
        const extra =
          typeof this.init.headers === 'function' ? this.init.headers() : this.init.headers;
        const res = await fetchImpl(this.url, {
          headers: {
            accept: 'text/event-stream',
            ...extra,
            ...(this.lastEventId ? { 'last-event-id': this.lastEventId } : {}),
          },
          cache: 'no-store',
          signal: this.aborter.signal,
        });
        const type = res.headers.get('content-type') ?? '';
        if (!res.ok || !type.startsWith('text/event-stream') || !res.body) {
          // As the standard says: a wrong answer fails the connection for good (no reconnect).
          await res.body?.cancel().catch(() => {});
          this.fail();
          return;
        }
        this.readyState = OPEN;
        this.dispatchEvent(new Event('open'));
        await this.read(res.body);
      } catch {
        // A network error or an abort: reconnect below, unless closed.
      }
      if (this.readyState === CLOSED) return;
      this.readyState = CONNECTING;
      this.dispatchEvent(new Event('error'));
      await this.pause(this.retryMs);
    }
  }

  private fail(): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.dispatchEvent(new Event('error'));
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.aborter.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  /** Reads the stream to its end, dispatching each event as its blank line arrives. */
  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let data: string[] = [];
    let type = '';
    const line = (text: string) => {
      if (text === '') {
        if (data.length) {
          this.dispatchEvent(messageEvent(type || 'message', data.join('\n'), this.lastEventId));
        }
        data = [];
        type = '';
        return;
      }
      if (text.startsWith(':')) return;
      const colon = text.indexOf(':');
      const field = colon === -1 ? text : text.slice(0, colon);
      let value = colon === -1 ? '' : text.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') type = value;
      else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
      else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    };
    for (;;) {
      const { value, done } = await reader.read();
      if (done || this.readyState === CLOSED) return;
      buffer += decoder.decode(value, { stream: true });
      // Lines end in CRLF, LF or CR; a CR last in the buffer may be half of a CRLF.
      const parts = buffer.split(/\r\n|\n|\r(?!$)/);
      buffer = parts.pop() ?? '';
      for (const text of parts) line(text);
    }
  }
}
