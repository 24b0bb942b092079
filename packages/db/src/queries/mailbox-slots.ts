import { inTransaction, type Db } from '../client.ts';

/** The windows a mailbox's limits apply to, each with its length. */
export const MAILBOX_WINDOWS_MS = Object.freeze({ minute: 60_000, hour: 3_600_000, day: 86_400_000 });
export type MailboxWindow = keyof typeof MAILBOX_WINDOWS_MS;

export type MailboxSlotReservation =
  | { reserved: true; reservedAt: Date; mailboxId: string; /** True when this send key already held the slot. */ existing: boolean }
  | { reserved: false; reason: 'limit'; /** The earliest time every window has room again. */ retryAt: Date; fullWindows: MailboxWindow[] }
  | { reserved: false; reason: 'missing' }
  /** The mailbox may not send at all: paused, archived, or without the postal address every footer needs. */
  | { reserved: false; reason: 'paused' | 'archived' | 'no_postal_address' };

/**
 * Takes one send slot from a mailbox when its last minute, hour and day all have room: the one-key
 * case of `reserveMailboxSlots` (same lock, same windows, same answers).
 *
 * Idempotent per send key: a second call with the same key answers the reservation it already has,
 * whichever mailbox that is on (the caller then sends from that one).
 */
export async function reserveMailboxSlot(
  sql: Db,
  input: { workspaceId: string; mailboxId: string; sendKey: string; now?: Date },
): Promise<MailboxSlotReservation> {
  const answers = await reserveMailboxSlots(sql, { workspaceId: input.workspaceId, mailboxId: input.mailboxId, sendKeys: [input.sendKey], ...(input.now ? { now: input.now } : {}) });
  return answers.get(input.sendKey)!;
}

/**
 * Send slots of one mailbox for several send keys in one transaction (one lock, one count, one
 * insert): keys that already hold a slot keep it, then keys take slots in the order given while
 * every window has room; the rest are refused as `limit` with the time every window has room again.
 *
 * The mailbox row is locked for the count and the insert, so reservations for one mailbox run one
 * at a time whichever process makes them, and the windows hold across worker processes. The lock is
 * FOR NO KEY UPDATE: it excludes other reservations and any change to the mailbox row, but not the
 * foreign-key checks (FOR KEY SHARE) of sends being claimed or recorded on this mailbox meanwhile,
 * which FOR UPDATE made wait (a batch's reservations then held up the claims of the batch before). Slots are
 * counted from `now` minus the window with no upper bound, so a caller whose clock lags another's
 * still sees the other's slots (any window of that length then holds at most its limit).
 *
 * A paused or archived mailbox, or one without a postal address, gets no new slot: a pause committed
 * before the lock is seen by every reservation after it.
 *
 * A key another process reserved meanwhile on another mailbox answers that slot (`existing`, with
 * its mailbox), and the caller sends from that one or not at all.
 * `now` defaults to the database's clock, read after the lock is taken.
 */
export function reserveMailboxSlots(
  sql: Db,
  input: { workspaceId: string; mailboxId: string; sendKeys: readonly string[]; now?: Date },
): Promise<Map<string, MailboxSlotReservation>> {
  const keys = [...new Set(input.sendKeys)];
  const answers = new Map<string, MailboxSlotReservation>();
  if (keys.length === 0) return Promise.resolve(answers);
  return inTransaction(sql, async (tx) => {
    const [mailbox]: [{ perMinute: number; perHour: number; perDay: number; status: string; hasPostalAddress: boolean; now: Date }?] = await tx`
      select limit_per_minute as "perMinute", limit_per_hour as "perHour", limit_per_day as "perDay",
             status, postal_address is not null as "hasPostalAddress",
             coalesce(${input.now ?? null}::timestamptz, clock_timestamp()) as now
      from mailboxes where workspace_id = ${input.workspaceId} and id = ${input.mailboxId}
      for no key update`;
    if (!mailbox) {
      for (const key of keys) answers.set(key, { reserved: false, reason: 'missing' });
      return answers;
    }
    // The keys' own slots and the windows' counts in one round trip: the mailbox row stays locked for fewer of them.
    const [state]: [{ held: { sendKey: string; mailboxId: string; reservedAt: string }[] } & Record<MailboxWindow, number>] = await tx`
      select coalesce((
               select json_agg(json_build_object('sendKey', send_key, 'mailboxId', mailbox_id, 'reservedAt', reserved_at))
               from mailbox_send_slots where workspace_id = ${input.workspaceId} and send_key = any(${keys}::text[])
             ), '[]') as held,
             count(*) filter (where reserved_at > ${mailbox.now}::timestamptz - interval '1 minute')::int as minute,
             count(*) filter (where reserved_at > ${mailbox.now}::timestamptz - interval '1 hour')::int as hour,
             count(*)::int as day
      from mailbox_send_slots
      where mailbox_id = ${input.mailboxId} and reserved_at > ${mailbox.now}::timestamptz - interval '1 day'`;
    for (const held of state.held) answers.set(held.sendKey, { reserved: true, existing: true, mailboxId: held.mailboxId, reservedAt: new Date(held.reservedAt) });
    const wanting = keys.filter((key) => !answers.has(key));
    if (wanting.length === 0) return answers;
    const refusal = mailbox.status === 'paused' || mailbox.status === 'archived' ? mailbox.status : mailbox.hasPostalAddress ? null : 'no_postal_address';
    if (refusal) {
      for (const key of wanting) answers.set(key, { reserved: false, reason: refusal });
      return answers;
    }

    const limits: Record<MailboxWindow, number> = { minute: mailbox.perMinute, hour: mailbox.perHour, day: mailbox.perDay };
    const windows = Object.keys(MAILBOX_WINDOWS_MS) as MailboxWindow[];
    let room = Math.max(0, Math.min(...windows.map((window) => limits[window] - state[window])));
    let stored = 0;
    let queue = wanting;
    while (room > 0 && queue.length > 0) {
      const taking = queue.slice(0, room);
      queue = queue.slice(room);
      // The lock is the mailbox's, not the keys': another process may be reserving one of these keys on
      // another mailbox at the same time. Then its slot (committed first) is the one that send has, and
      // the room it did not take goes to the next key.
      const slots = await tx<{ sendKey: string; reservedAt: Date }[]>`
        insert into mailbox_send_slots (mailbox_id, workspace_id, send_key, reserved_at)
        select ${input.mailboxId}, ${input.workspaceId}, key, ${mailbox.now} from unnest(${taking}::text[]) as key
        on conflict (workspace_id, send_key) do nothing
        returning send_key as "sendKey", reserved_at as "reservedAt"`;
      for (const slot of slots) answers.set(slot.sendKey, { reserved: true, existing: false, mailboxId: input.mailboxId, reservedAt: slot.reservedAt });
      stored += slots.length;
      room -= slots.length;
      const lost = taking.filter((key) => !answers.has(key));
      if (lost.length === 0) continue;
      const taken = await tx<{ sendKey: string; mailboxId: string; reservedAt: Date }[]>`
        select send_key as "sendKey", mailbox_id as "mailboxId", reserved_at as "reservedAt" from mailbox_send_slots
        where workspace_id = ${input.workspaceId} and send_key = any(${lost}::text[])`;
      if (taken.length !== lost.length) throw new Error('A send slot was neither stored nor found');
      for (const slot of taken) answers.set(slot.sendKey, { reserved: true, existing: true, mailboxId: slot.mailboxId, reservedAt: slot.reservedAt });
    }
    if (queue.length === 0) return answers;
    const fullWindows = windows.filter((window) => state[window] + stored >= limits[window]);
    const retryAt = await roomAgainAt(tx, input.mailboxId, mailbox.now, fullWindows, limits);
    for (const key of queue) answers.set(key, { reserved: false, reason: 'limit', retryAt, fullWindows });
    return answers;
  });
}

/** When every full window has room again: once its limit-th newest slot has left it. */
async function roomAgainAt(tx: Db, mailboxId: string, now: Date, fullWindows: readonly MailboxWindow[], limits: Record<MailboxWindow, number>): Promise<Date> {
  let retryAtMs = 0;
  for (const window of fullWindows) {
    const [leaving]: [{ reservedAt: Date }?] = await tx`
      select reserved_at as "reservedAt" from mailbox_send_slots
      where mailbox_id = ${mailboxId} and reserved_at > ${new Date(now.getTime() - MAILBOX_WINDOWS_MS[window])}
      order by reserved_at desc
      offset ${limits[window] - 1} limit 1`;
    if (leaving) retryAtMs = Math.max(retryAtMs, leaving.reservedAt.getTime() + MAILBOX_WINDOWS_MS[window]);
  }
  return new Date(retryAtMs);
}

/**
 * Gives a slot back, for a send that failed for good before it reached the provider (nothing went
 * out, so it should not count). False when the key holds no slot.
 */
export async function releaseMailboxSlot(sql: Db, input: { workspaceId: string; sendKey: string }): Promise<boolean> {
  const released = await sql`delete from mailbox_send_slots where workspace_id = ${input.workspaceId} and send_key = ${input.sendKey} returning id`;
  return released.length > 0;
}

/** Drops slots older than every window (they no longer count), for a periodic clean-up. Returns how many. */
export async function pruneMailboxSendSlots(sql: Db, olderThan: Date): Promise<number> {
  const pruned = await sql`delete from mailbox_send_slots where reserved_at < ${olderThan} returning id`;
  return pruned.length;
}
