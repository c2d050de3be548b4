/** HTTP helpers the loopback stand-ins share. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The whole request body, uncapped: stand-ins only hear from the code under test (the sandbox AWS,
 * which models a service's limits, keeps its own size-capped reader).
 */
export async function readBody(request: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface LoopbackListener {
  readonly port: number;
  /** Closes the server, open (keep-alive) connections included. */
  stop(): Promise<void>;
}

/** Listens on a free 127.0.0.1 port, as every stand-in does. */
export async function listenOnLoopback(server: Server): Promise<LoopbackListener> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
