import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Db } from '../db/knex.ts';
import type { ServerConfig } from '../config.ts';
import { createApp } from './app.ts';
import type { Logger } from './logging.ts';
import { changeFeed } from '../services/changes-feed.ts';

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting connections, lets open requests finish, then resolves. */
  close(): Promise<void>;
}

export async function startServer(
  db: Db,
  config: ServerConfig,
  logger?: Logger,
): Promise<RunningServer> {
  const app = createApp(db, config, logger);
  const server = config.tls
    ? https.createServer(
        { cert: fs.readFileSync(config.tls.certFile), key: fs.readFileSync(config.tls.keyFile) },
        app,
      )
    : http.createServer(app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // Live updates: hear the other servers' changes (PostgreSQL LISTEN), until close.
  const stopChanges = await changeFeed(db).listen();
  return {
    url: `${config.tls ? 'https' : 'http'}://localhost:${port}`,
    port,
    close: async () => {
      const closed = new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      });
      // Change streams never finish by themselves: ending them lets close() complete.
      await stopChanges();
      return closed;
    },
  };
}
