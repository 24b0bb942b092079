import { SYSTEM_ROOM, roomFor, type Logger } from '@switchboard/core';
import { listenEvents, type EventSubscription, type Sql } from '@switchboard/db';
import type { Server as SocketServer } from 'socket.io';

/**
 * Relays every live event published anywhere in the cluster (Postgres NOTIFY) to this process's
 * Socket.IO clients in the event's room. Each web process listens for itself, so every browser gets
 * every event whichever process it is connected to, with Postgres as the only broker.
 */
export async function startLiveRelay(sql: Sql, io: SocketServer, log: Logger): Promise<EventSubscription> {
  io.on('connection', (socket) => {
    // Until sign-in exists every socket sees system events only; workspace rooms need a member.
    void socket.join(SYSTEM_ROOM);
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
