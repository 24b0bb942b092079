import { resolveSession, SESSION_COOKIE } from '@switchboard/api';
import { SYSTEM_ROOM, roomFor, workspaceRoom, type Logger } from '@switchboard/core';
import { listenEvents, listMemberships, type EventSubscription, type Sql } from '@switchboard/db';
import { parse } from 'cookie';
import type { Server as SocketServer, Socket } from 'socket.io';

/**
 * Relays every live event published anywhere in the cluster (Postgres NOTIFY) to this process's
 * Socket.IO clients in the event's room. Each web process listens for itself, so every browser gets
 * every event whichever process it is connected to, with Postgres as the only broker.
 */
export async function startLiveRelay(sql: Sql, io: SocketServer, log: Logger): Promise<EventSubscription> {
  // Only signed-in members connect: the handshake carries the same session cookie as the page.
  io.use((socket, next) => {
    signedInUser(sql, socket).then(
      (userId) => {
        if (!userId) return next(new Error('Sign in to receive live updates.'));
        socket.data.userId = userId;
        next();
      },
      (error: unknown) => {
        log.warn({ err: error }, 'could not check a live connection');
        next(new Error('Live updates are unavailable.'));
      },
    );
  });
  io.on('connection', (socket) => {
    void joinRooms(sql, socket).catch((error: unknown) => {
      log.warn({ err: error }, 'could not join live rooms');
      socket.disconnect(true);
    });
  });
  return listenEvents(
    sql,
    (event) => {
      io.local.to(roomFor(event.workspaceId)).emit('event', event);
    },
    {
      onListen: () => {
        log.debug('listening for live events');
        io.local.emit('resync');
      },
      onMalformed: (text) => log.warn({ bytes: text.length }, 'ignored a malformed live event'),
    },
  );
}

async function signedInUser(sql: Sql, socket: Socket): Promise<string | null> {
  const cookieHeader = socket.handshake.headers.cookie;
  const token = cookieHeader ? parse(cookieHeader)[SESSION_COOKIE] : undefined;
  const session = token ? await resolveSession(sql, token) : null;
  return session?.user?.id ?? null;
}

/** System events for everyone signed in, and the rooms of the user's own workspaces, no others. */
async function joinRooms(sql: Sql, socket: Socket): Promise<void> {
  const memberships = await listMemberships(sql, String(socket.data.userId));
  await socket.join([SYSTEM_ROOM, ...memberships.map((membership) => workspaceRoom(membership.workspaceId))]);
  socket.emit('rooms', { workspaces: memberships.map((membership) => membership.workspaceId) });
}
