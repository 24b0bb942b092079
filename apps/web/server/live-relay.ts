import { SYSTEM_ROOM, roomFor, sessionState, workspaceRoom, type LiveEvent, type Logger } from '@switchboard/core';
import { findSession, findSessions, listenEvents, listMemberships, type EventSubscription, type Sql } from '@switchboard/db';
import type { Server as SocketServer, Socket } from 'socket.io';
import { LIVE_SIGN_IN_REFUSAL } from '../app/utils/live-protocol.ts';
import { signedInSession } from './live-session.ts';

// Expiry (idle or absolute) changes no row, so nothing announces it: a sweep catches it this late at most.
const ACCESS_SWEEP_INTERVAL_MS = 60_000;

interface SocketAccess {
  userId: string;
  tokenHash: string;
  /** The socket's access checks run one after another, so an older answer never undoes a newer one. */
  checking: Promise<void>;
}

/**
 * Relays every live event published anywhere in the cluster (Postgres NOTIFY) to this process's
 * Socket.IO clients in the event's room. Each web process listens for itself, so every browser gets
 * every event whichever process it is connected to, with Postgres as the only broker.
 *
 * A socket keeps its rooms only while its session lasts and its memberships hold: an
 * `access.changed` event (database triggers) re-checks the named user's sockets, and a sweep
 * re-checks every socket for sessions that simply expired.
 */
export async function startLiveRelay(
  sql: Sql,
  io: SocketServer,
  log: Logger,
  options: { accessSweepIntervalMs?: number } = {},
): Promise<EventSubscription> {
  // Only signed-in members connect: the handshake carries the same session cookie as the page. Engine.IO
  // already refused a handshake without one (live-handshake.ts); this checks again when Socket.IO connects.
  io.use((socket, next) => {
    signedInSession(sql, socket.handshake.headers.cookie).then(
      (session) => {
        if (!session) return next(new Error(LIVE_SIGN_IN_REFUSAL));
        const access: SocketAccess = { ...session, checking: Promise.resolve() };
        socket.data.access = access;
        next();
      },
      (error: unknown) => {
        log.warn({ err: error }, 'could not check a live connection');
        next(new Error('Live updates are unavailable.'));
      },
    );
  });
  const recheck = (socket: Socket) => {
    const access = socket.data.access as SocketAccess;
    access.checking = access.checking.then(() =>
      syncAccess(sql, socket, access).catch((error: unknown) => {
        // The socket keeps what it had; the next event or sweep checks again.
        log.warn({ err: error, userId: access.userId }, 'could not re-check a live connection');
      }),
    );
    return access.checking;
  };
  // One query for every open socket's session; only sockets whose session is no longer active get
  // the full re-check (which ends them). Memberships are re-checked by `access.changed` events.
  const sweep = async () => {
    const sockets = [...io.of('/').sockets.values()];
    if (sockets.length === 0) return;
    const now = new Date();
    const active = new Set(
      (await findSessions(sql, sockets.map((socket) => (socket.data.access as SocketAccess).tokenHash)))
        .filter((session) => !session.userDisabledAt && session.role && sessionState(session, now) === 'active')
        .map((session) => session.tokenHash),
    );
    for (const socket of sockets) if (!active.has((socket.data.access as SocketAccess).tokenHash)) void recheck(socket);
  };
  const sweepQuietly = () => void sweep().catch((error: unknown) => log.warn({ err: error }, 'could not sweep live connections'));
  io.on('connection', (socket) => void recheck(socket));

  const timer = setInterval(sweepQuietly, options.accessSweepIntervalMs ?? ACCESS_SWEEP_INTERVAL_MS);
  timer.unref();
  const subscription = await listenEvents(
    sql,
    (event) => {
      if (event.topic === 'access.changed') {
        const { userId } = (event as LiveEvent<'access.changed'>).payload;
        for (const socket of io.of('/').sockets.values()) {
          if ((socket.data.access as SocketAccess).userId === userId) void recheck(socket);
        }
        return;
      }
      io.local.to(roomFor(event.workspaceId)).emit('event', event);
    },
    {
      onListen: () => {
        log.debug('listening for live events');
        // Access changes may have been missed while the listener was away: re-check everyone.
        for (const socket of io.of('/').sockets.values()) void recheck(socket);
        io.local.emit('resync');
      },
      onMalformed: (text) => log.warn({ bytes: text.length }, 'ignored a malformed live event'),
    },
  );
  return {
    async close() {
      clearInterval(timer);
      await subscription.close();
    },
  };
}

/**
 * Ends a socket whose session is over (signed out, revoked, expired, user disabled, no longer a
 * member of the session's workspace); otherwise puts it in exactly the system room and the rooms of
 * the user's workspaces. Reads the session without touching it: an open tab is not activity.
 */
async function syncAccess(sql: Sql, socket: Socket, access: SocketAccess): Promise<void> {
  if (socket.disconnected) return;
  const session = await findSession(sql, access.tokenHash);
  if (!session || session.userDisabledAt || !session.role || sessionState(session, new Date()) !== 'active') {
    socket.emit('signed_out');
    socket.disconnect(true);
    return;
  }
  const memberships = await listMemberships(sql, access.userId);
  const wanted = new Set([SYSTEM_ROOM, ...memberships.map((membership) => workspaceRoom(membership.workspaceId))]);
  const held = [...socket.rooms].filter((room) => room !== socket.id);
  const changed = held.length !== wanted.size || held.some((room) => !wanted.has(room));
  if (!changed) return;
  for (const room of held) if (!wanted.has(room)) await socket.leave(room);
  await socket.join([...wanted]);
  socket.emit('rooms', { workspaces: memberships.map((membership) => membership.workspaceId) });
}
