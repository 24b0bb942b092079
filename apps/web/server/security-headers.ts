import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** The per-response nonce Remix's inline scripts carry (entry.server.tsx reads it from the load context). */
export function cspNonce(response: Response): string {
  return String(response.locals.cspNonce);
}

/**
 * Security headers on every response: a CSP whose scripts are this origin's files plus the inline
 * scripts Remix renders with this response's nonce, no framing, no MIME sniffing, and no referrer
 * sent to other sites (lead websites included). `same-origin` rather than `no-referrer`: with
 * no-referrer browsers send `Origin: null` on form posts, which the cross-site check refuses.
 * In Vite's dev mode the CSP is left out, because the dev client injects its own scripts and sockets.
 */
export function securityHeaders(options: { dev: boolean }): RequestHandler[] {
  const headers = helmet({
    contentSecurityPolicy: options.dev
      ? false
      : {
          useDefaults: false,
          directives: {
            'default-src': ["'self'"],
            'script-src': ["'self'", (_request, response) => `'nonce-${cspNonce(response as Response)}'`],
            'script-src-attr': ["'none'"],
            'style-src': ["'self'"],
            // Server-rendered style attributes (a score bar's width) carry no script.
            'style-src-attr': ["'unsafe-inline'"],
            'img-src': ["'self'", 'data:'],
            'font-src': ["'self'", 'data:'],
            'connect-src': ["'self'"],
            'object-src': ["'none'"],
            'base-uri': ["'self'"],
            'form-action': ["'self'"],
            'frame-ancestors': ["'none'"],
          },
        },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // Installs are often plain http on localhost or a LAN address: HSTS belongs to the TLS proxy in front.
    strictTransportSecurity: false,
  });
  const nonce = (_request: Request, response: Response, next: NextFunction) => {
    response.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
  return [nonce, headers];
}
