import type { Logger } from '@switchboard/core';
import type { Sql } from '@switchboard/db';
import type { IncomingMessage } from 'node:http';
import { isOwnHandshake, type HostPolicy } from './allowed-hosts.ts';
import { signedInSession } from './live-session.ts';

type AllowRequest = (request: IncomingMessage, callback: (message: string | null | undefined, success: boolean) => void) => void;

/**
 * Engine.IO's check of a new connection (a polling handshake or a websocket upgrade without a sid),
 * before it hands out a session id: only to our own host names, from our own pages, with a cookie
 * naming a signed-in member. Anyone else gets Engine.IO's plain refusal ("Forbidden"), so a stranger
 * holds no Engine.IO session at all. The Socket.IO middleware checks the session again on connect.
 */
export function liveHandshakeGate(sql: Sql, hosts: HostPolicy, log: Logger): AllowRequest {
  return (request, callback) => {
    if (!isOwnHandshake(hosts, request.headers)) return callback(null, false);
    signedInSession(sql, request.headers.cookie).then(
      (session) => callback(null, session !== null),
      (error: unknown) => {
        // Refused while the database cannot say who this is; the browser tries again by itself.
        log.warn({ err: error }, 'could not check a live handshake');
        callback(null, false);
      },
    );
  };
}
