// The fetch-based EventSource against a plain HTTP server that cuts its stream at awkward
// places: fields split across chunks, CRLF split between chunks, comments, multi-line data,
// ids, and a reconnect that must send the last id back.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { FetchEventSource } from './fetch-event-source.ts';

interface Heard {
  type: string;
  data: string;
  lastEventId: string;
}

let server: http.Server;
let url = '';
const requests: http.IncomingHttpHeaders[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    requests.push(req.headers);
    if (req.url === '/wrong') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (requests.length === 1) {
      // Chunks cut mid-field and between the CR and LF of a CRLF.
      const chunks = [
        ': a comment\n',
        'retry: 10\nda',
        'ta: first\r',
        '\ndata: line two\r\nid: 7\r\n\r\n',
        'event: custom\ndata:{"a":1}\n\n',
        'id: 8\n\n', // an id without data: remembered, nothing dispatched
      ];
      for (const c of chunks) res.write(c);
      res.end(); // the stream ends: the client reconnects with Last-Event-ID 8
      return;
    }
    res.end('data: again\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function listen(es: FetchEventSource, types: string[], heard: Heard[], onEach: () => void) {
  for (const type of types) {
    es.addEventListener(type, (e) => {
      const m = e as Event & { data: string; lastEventId: string };
      heard.push({ type, data: m.data, lastEventId: m.lastEventId });
      onEach();
    });
  }
}

test('parses the stream as the standard says and resumes with the last id', async () => {
  const heard: Heard[] = [];
  const es = new FetchEventSource(`${url}/stream`, { headers: () => ({ authorization: 'x' }) });
  await new Promise<void>((resolve) =>
    listen(es, ['message', 'custom'], heard, () => heard.length === 3 && resolve()),
  );
  es.close();
  assert.deepEqual(heard, [
    { type: 'message', data: 'first\nline two', lastEventId: '7' },
    { type: 'custom', data: '{"a":1}', lastEventId: '7' },
    { type: 'message', data: 'again', lastEventId: '8' },
  ]);
  assert.equal(requests[0]?.authorization, 'x');
  assert.equal(requests[0]?.['last-event-id'], undefined);
  assert.equal(requests[1]?.['last-event-id'], '8');
  assert.equal(requests[1]?.accept, 'text/event-stream');
  assert.equal(es.readyState, es.CLOSED);
});

test('an answer that is not an event stream fails for good', async () => {
  const es = new FetchEventSource(`${url}/wrong`);
  await new Promise<void>((resolve) => es.addEventListener('error', () => resolve()));
  assert.equal(es.readyState, FetchEventSource.CLOSED);
});
