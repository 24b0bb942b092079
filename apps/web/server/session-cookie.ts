import { SESSION_COOKIE, type SessionCookies } from '@switchboard/api';
import { SESSION_ABSOLUTE_TIMEOUT_MS } from '@switchboard/core';
import { parse, serialize } from 'cookie';
import type { Request, Response } from 'express';

export function readSessionCookie(request: Request): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  return parse(header)[SESSION_COOKIE] ?? null;
}

/**
 * httpOnly so scripts cannot read it, SameSite=Lax so other sites cannot post with it, Secure when
 * the request came over HTTPS (directly or, with `trust proxy`, through a proxy).
 */
export function sessionCookies(request: Request, response: Response): SessionCookies {
  const base = { httpOnly: true, sameSite: 'lax' as const, secure: request.secure, path: '/' };
  return {
    setSession(token) {
      response.append('Set-Cookie', serialize(SESSION_COOKIE, token, { ...base, maxAge: SESSION_ABSOLUTE_TIMEOUT_MS / 1000 }));
    },
    clearSession() {
      response.append('Set-Cookie', serialize(SESSION_COOKIE, '', { ...base, maxAge: 0 }));
    },
  };
}
