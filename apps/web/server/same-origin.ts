import type { NextFunction, Request, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that a browser sent from another site. Browsers send Origin (and
 * Sec-Fetch-Site) on cross-origin POSTs; requests with neither come from scripts and curl, which
 * authenticate with a bearer token rather than an ambient cookie.
 */
export function rejectCrossSiteWrites(request: Request, response: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(request.method)) return next();
  const origin = request.headers.origin;
  const fetchSite = request.headers['sec-fetch-site'];
  const host = request.headers.host;
  const sameOrigin = origin ? originHost(origin) === host : fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none';
  if (sameOrigin) return next();
  response.status(403).json({ error: { message: 'Cross-site request refused.', code: 'FORBIDDEN' } });
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
