import type { NextFunction, Request, Response } from 'express';
import { isSameSiteWrite, type HostPolicy } from './allowed-hosts.ts';

// Plain and short: whoever sent a foreign Host learns nothing but what to configure.
const MISDIRECTED =
  'This server does not answer for that host name. If it is yours, add it to ALLOWED_HOSTS or set PUBLIC_URL.';

/**
 * Refuses, before any routing (health endpoints included), a request whose Host is not one of ours.
 * A request line naming a whole URL (`GET http://host/path`, as sent to a proxy) names its host
 * there, which HTTP says wins over the Host header: that host is checked, and the rest of the server
 * sees the usual `/path` (Remix would otherwise put the URL after our own origin and fail with a 500).
 */
export function refuseForeignHosts(policy: HostPolicy) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.url.startsWith('/')) {
      if (policy.allowsHost(request.headers.host)) return next();
      response.status(421).type('text/plain').send(MISDIRECTED);
      return;
    }
    const target = URL.parse(request.url);
    if (!target || !/^https?:$/.test(target.protocol) || !request.url.includes('//')) {
      response.status(400).type('text/plain').send('The request line names no path on this server.');
      return;
    }
    if (!policy.allowsHost(target.host)) {
      response.status(421).type('text/plain').send(MISDIRECTED);
      return;
    }
    request.url = request.originalUrl = `${target.pathname}${target.search}`;
    next();
  };
}

/** Refuses state-changing requests that a browser sent from a page that is not ours. */
export function rejectCrossSiteWrites(policy: HostPolicy) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (isSameSiteWrite(policy, request.method, request.headers)) return next();
    response.status(403).json({ error: { message: 'Cross-site request refused.', code: 'FORBIDDEN' } });
  };
}
