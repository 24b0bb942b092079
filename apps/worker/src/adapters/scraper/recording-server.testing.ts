// A local HTTP server for the address-guard tests: it stands in for the operator's own network (which
// must never be reached) or for sites on the internet, and records every request that reaches it.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedHit {
  /** The HTTP method, or UPGRADE for a WebSocket upgrade (refused). */
  method: string;
  host: string;
  path: string;
}

export interface RecordingServerAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A server on 127.0.0.1 that records what reaches it (requests and connections) and answers with `answer`. */
export async function startRecordingServer(answer: (request: IncomingMessage) => RecordingServerAnswer) {
  const hits: RecordedHit[] = [];
  let connections = 0;
  const server: Server = createServer((request, response) => {
    hits.push({ method: request.method ?? '', host: request.headers.host ?? '', path: request.url ?? '' });
    request.resume();
    const { status, headers, body } = answer(request);
    response.writeHead(status, headers).end(body ?? '');
  });
  server.on('upgrade', (request: IncomingMessage, socket: { destroy(): void }) => {
    hits.push({ method: 'UPGRADE', host: request.headers.host ?? '', path: request.url ?? '' });
    socket.destroy();
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    connections: () => connections,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type RecordingServer = Awaited<ReturnType<typeof startRecordingServer>>;
