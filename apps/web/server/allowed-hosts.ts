import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '']);

export interface HostPolicyOptions {
  /** PUBLIC_URL: its host (with its port, if any) is where people reach the dashboard. */
  publicUrl?: string | undefined;
  /** ALLOWED_HOSTS entries: `host` (any port) or `host:port`. */
  allowedHosts?: readonly string[] | undefined;
}

/**
 * Which Host and Origin values this server answers for. A DNS-rebinding page reaches the server
 * under the attacker's own name, so every request names a host from this list or is refused;
 * the loopback names and the bind address are added once the listening port is known.
 */
export interface HostPolicy {
  /** Adds the loopback names, and the bound address when it is a specific one, on the listening port. */
  listeningOn(port: number, bindHost: string): void;
  allowsHost(host: string | undefined): boolean;
  /** An Origin header value (`scheme://host[:port]`) naming one of the allowed hosts. */
  allowsOrigin(origin: string): boolean;
}

export function createHostPolicy(options: HostPolicyOptions): HostPolicy {
  const exact = new Set<string>();
  const anyPort = new Set<string>();
  if (options.publicUrl) exact.add(new URL(options.publicUrl).host.toLowerCase());
  for (const entry of options.allowedHosts ?? []) {
    const { name, port } = splitHost(entry.toLowerCase());
    if (port === null) anyPort.add(name);
    else exact.add(`${name}:${port}`);
  }
  const allowsHost = (host: string | undefined): boolean => {
    if (!host) return false;
    const normalised = host.toLowerCase();
    return exact.has(normalised) || anyPort.has(splitHost(normalised).name);
  };
  return {
    listeningOn(port, bindHost) {
      const bind = bindHost.toLowerCase();
      const names = WILDCARD_BINDS.has(bind) ? LOOPBACK_NAMES : [...LOOPBACK_NAMES, bind.includes(':') ? `[${bind}]` : bind];
      for (const name of names) exact.add(`${name}:${port}`);
    },
    allowsHost,
    allowsOrigin(origin) {
      try {
        const url = new URL(origin);
        return (url.protocol === 'http:' || url.protocol === 'https:') && allowsHost(url.host);
      } catch {
        return false;
      }
    },
  };
}

function splitHost(host: string): { name: string; port: string | null } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host);
  return match ? { name: match[1]!, port: match[2] ?? null } : { name: host, port: null };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request may change state. Browsers send Origin (and Sec-Fetch-Site) on cross-origin
 * writes; requests with neither come from scripts and curl, which authenticate with a bearer token
 * rather than an ambient cookie.
 */
export function isSameSiteWrite(policy: HostPolicy, method: string, headers: IncomingHttpHeaders): boolean {
  if (SAFE_METHODS.has(method)) return true;
  const origin = headers.origin;
  if (origin !== undefined) return policy.allowsOrigin(origin);
  const fetchSite = headers['sec-fetch-site'];
  return fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none';
}

/** A live (Socket.IO) handshake to one of our host names, from one of our pages when a browser sent it. */
export function isOwnHandshake(policy: HostPolicy, headers: IncomingHttpHeaders): boolean {
  return policy.allowsHost(headers.host) && (headers.origin === undefined || policy.allowsOrigin(headers.origin));
}
