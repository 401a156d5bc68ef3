/** Listens on an ephemeral loopback port; the URL and a close() for afterAll. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express, Router } from 'express';
import express from 'express';

export interface Listening {
  url: string;
  close(): Promise<void>;
}

export function listen(app: Express | Router): Promise<Listening> {
  const host = typeof (app as Express).listen === 'function' ? (app as Express) : express().use(app);
  return new Promise((resolve) => {
    const server: Server = host.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    );
  });
}
