import type { NextFunction, Request, Response } from 'express';
import { isSameSiteWrite, type HostPolicy } from './allowed-hosts.ts';

// Plain and short: whoever sent a foreign Host learns nothing but what to configure.
const MISDIRECTED =
  'This server does not answer for that host name. If it is yours, add it to ALLOWED_HOSTS or set PUBLIC_URL.';

/** Refuses, before any routing (health endpoints included), a request whose Host is not one of ours. */
export function refuseForeignHosts(policy: HostPolicy) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (policy.allowsHost(request.headers.host)) return next();
    response.status(421).type('text/plain').send(MISDIRECTED);
  };
}

/** Refuses state-changing requests that a browser sent from a page that is not ours. */
export function rejectCrossSiteWrites(policy: HostPolicy) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (isSameSiteWrite(policy, request.method, request.headers)) return next();
    response.status(403).json({ error: { message: 'Cross-site request refused.', code: 'FORBIDDEN' } });
  };
}
