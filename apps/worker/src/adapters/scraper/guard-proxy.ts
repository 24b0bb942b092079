import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { isSandboxHost } from '@switchboard/core/discovery';
import type { Logger } from '@switchboard/core';
import { resolvePublicHost, type LookupAll } from '../public-address/resolve.ts';

export { systemLookup, type LookupAll } from '../public-address/resolve.ts';

/** Marks the proxy's own refusal, so the scraper can tell it from a site's 403. */
export const REFUSED_HEADER = 'x-switchboard-refused';
const WEB_PORTS = new Set([80, 443]);

export interface GuardProxyOptions {
  /** The sandbox world's port in sandbox mode: its hosts are let through there, to 127.0.0.1; null in live mode. */
  sandboxPort: number | null;
  lookup: LookupAll;
  log: Logger;
}

export interface GuardProxy {
  /** http://127.0.0.1:<port>, for the browser context's `proxy.server`. */
  url: string;
  /** Why the proxy refused this host lately, if it did. */
  refusal(hostname: string): string | undefined;
  close(): Promise<void>;
}

type Target = { kind: 'allowed'; address: string } | { kind: 'refused'; reason: string } | { kind: 'unresolved'; reason: string };

const CONNECT_TIMEOUT_MS = 30_000;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'upgrade']);
const MAX_REMEMBERED_REFUSALS = 1_000;

/**
 * The scraper's browser reaches the web only through this proxy on 127.0.0.1. It resolves each host
 * itself, refuses the host when any address is private, loopback, link-local, CGNAT, metadata and the
 * like, and connects to the very address it checked. Chromium never resolves a name (all requests,
 * loopback included, are proxied), so a DNS answer that changes between check and connect (rebinding)
 * cannot slip through. Sandbox-world hosts go to 127.0.0.1 only in sandbox mode and only on its port.
 */
export async function startGuardProxy(options: GuardProxyOptions): Promise<GuardProxy> {
  const refusals = new Map<string, string>();
  const tunnels = new Set<Socket>();

  async function resolveTarget(rawHost: string, port: number): Promise<Target> {
    const host = rawHost.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.+$/, '');
    const refuse = (reason: string): Target => {
      if (refusals.size >= MAX_REMEMBERED_REFUSALS) refusals.delete(refusals.keys().next().value!);
      refusals.set(host, reason);
      return { kind: 'refused', reason };
    };
    if (isSandboxHost(host)) {
      return options.sandboxPort !== null && port === options.sandboxPort
        ? { kind: 'allowed', address: '127.0.0.1' }
        : refuse(`${host}:${port} is a local address outside the sandbox world`);
    }
    const resolved = await resolvePublicHost(host, options.lookup);
    if (resolved.kind === 'public') {
      // A business website answers on the web's ports; any other port on a public host (mail, databases,
      // admin consoles) is no page of theirs, and fetching it would make the scraper a port scanner.
      return WEB_PORTS.has(port) ? { kind: 'allowed', address: resolved.address } : refuse(`${host}:${port} is not a web port (only 80 and 443 are visited)`);
    }
    return resolved.kind === 'refused' ? refuse(resolved.reason) : resolved;
  }

  const server = createServer((request, response) => {
    void (async () => {
      let target: URL;
      try {
        target = new URL(request.url ?? '');
        if (target.protocol !== 'http:') throw new TypeError('not http');
      } catch {
        return void response.writeHead(400, { 'content-type': 'text/plain' }).end('Only proxy requests for http:// addresses are served.');
      }
      const port = Number(target.port || 80);
      const decided = await resolveTarget(target.hostname, port);
      if (decided.kind !== 'allowed') {
        options.log.debug({ host: target.hostname, reason: decided.reason }, 'request refused by the address guard');
        // A refusal is a 403 the scraper recognises; a name that does not resolve is a dead connection, as without a proxy.
        if (decided.kind === 'refused') return void response.writeHead(403, { 'content-type': 'text/plain', [REFUSED_HEADER]: 'private-address' }).end(decided.reason);
        return void request.socket.destroy();
      }
      const upstream = httpRequest({
        host: decided.address,
        port,
        method: request.method,
        path: `${target.pathname}${target.search}`,
        headers: withoutHopByHop(request.headers),
        setHost: false,
        agent: false,
        timeout: CONNECT_TIMEOUT_MS,
      });
      upstream.on('response', (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.headers));
        answer.pipe(response);
      });
      upstream.on('timeout', () => upstream.destroy());
      upstream.on('error', () => request.socket.destroy());
      response.on('close', () => upstream.destroy());
      request.pipe(upstream);
    })().catch((error: unknown) => {
      options.log.warn({ err: error }, 'address guard proxy failed a request');
      request.socket.destroy();
    });
  });

  server.on('connect', (request, client: Socket, head: Buffer) => {
    tunnels.add(client);
    client.on('close', () => tunnels.delete(client));
    client.on('error', () => client.destroy());
    void (async () => {
      let target: URL;
      try {
        target = new URL(`http://${request.url ?? ''}`);
      } catch {
        return void client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      }
      const port = Number(target.port || 443);
      const decided = await resolveTarget(target.hostname, port);
      if (decided.kind !== 'allowed') {
        options.log.debug({ host: target.hostname, reason: decided.reason }, 'tunnel refused by the address guard');
        const status = decided.kind === 'refused' ? `403 Forbidden\r\n${REFUSED_HEADER}: private-address` : '502 Bad Gateway';
        return void client.end(`HTTP/1.1 ${status}\r\n\r\n`);
      }
      const upstream = connect({ host: decided.address, port, timeout: CONNECT_TIMEOUT_MS });
      tunnels.add(upstream);
      upstream.on('close', () => {
        tunnels.delete(upstream);
        client.destroy();
      });
      client.on('close', () => upstream.destroy());
      upstream.on('timeout', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      upstream.once('connect', () => {
        upstream.setTimeout(0);
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
    })();
  });

  // WebSockets are refused in the browser already; none is needed to read a page.
  server.on('upgrade', (_request, socket: Socket) => socket.destroy());

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    refusal: (hostname) => refusals.get(hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.+$/, '')),
    close: async () => {
      for (const socket of tunnels) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}
