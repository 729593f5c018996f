// The change streams of bench/changes.ts, in a worker thread of their own: like browsers on
// other machines, their clients do not share the server's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { createLodestoneClient, watchChanges } from '../core/client.ts';

const { url, tokens } = workerData as { url: string; tokens: string[] };
let heard = 0;
const stops = await Promise.all(
  tokens.map(
    (token) =>
      new Promise<() => void>((resolve) => {
        const stop = watchChanges(createLodestoneClient({ url, token }), [], () => heard++, {
          onStarted: () => resolve(stop),
        });
      }),
  ),
);
parentPort!.postMessage({ started: true });
parentPort!.once('message', () => {
  for (const stop of stops) stop();
  parentPort!.postMessage({ heard });
});
