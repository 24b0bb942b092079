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

/**
 * Every socket hears system events. A socket whose handshake carries a valid session cookie also
 * joins the rooms of the workspaces its user belongs to, and no others.
 */
async function joinRooms(sql: Sql, socket: Socket): Promise<void> {
  await socket.join(SYSTEM_ROOM);
  const cookieHeader = socket.handshake.headers.cookie;
  const token = cookieHeader ? parse(cookieHeader)[SESSION_COOKIE] : undefined;
  const session = token ? await resolveSession(sql, token) : null;
  if (!session?.user) return;
  const memberships = await listMemberships(sql, session.user.id);
  await socket.join(memberships.map((membership) => workspaceRoom(membership.workspaceId)));
  socket.emit('rooms', { workspaces: memberships.map((membership) => membership.workspaceId) });
}
