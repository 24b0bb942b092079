import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

// Layout, before base64url: version (1 byte) · flags (1) · workspace id (16) · send id (16, when the
// flag says so) · the address (UTF-8) · HMAC-SHA256 of everything before it (32). Binary, so a link
// stays short enough for every mail client, and opaque: nothing in it reads as an address at a glance.
const VERSION = 1;
const HAS_SEND = 0b1;
const UUID_BYTES = 16;
const MAC_BYTES = 32;
const HEADER_BYTES = 2 + UUID_BYTES;
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ADDRESS_SHAPE = /^[^\s@]+@[^\s@]+$/;
const MAX_ADDRESS_BYTES = 320;

export interface UnsubscribeClaim {
  workspaceId: string;
  /** The recipient, lower-cased. */
  email: string;
  /** The send whose message carried the link, when known: it tells which step lost the recipient. */
  sendId: string | null;
}

/**
 * The key unsubscribe tokens are signed with, derived from the key SWITCHBOARD_SECRET yields
 * (deriveMasterKey) under a label of its own, so it is never the key that seals provider keys.
 */
export function deriveUnsubscribeKey(masterKey: Buffer): Buffer {
  return createHmac('sha256', masterKey).update('switchboard:unsubscribe-token:v1').digest();
}

function uuidBytes(id: string): Buffer {
  if (!UUID_SHAPE.test(id)) throw new Error(`Not a uuid: ${id}`);
  return Buffer.from(id.replaceAll('-', ''), 'hex');
}

function uuidText(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// An HMAC over a KeyObject costs a fifth of one over the raw key bytes (which Node imports as a key on
// every call): the dispatcher signs a link per email, so each key is imported once and kept with it.
const keyObjects = new WeakMap<Buffer, KeyObject>();

function mac(key: Buffer, payload: Buffer): Buffer {
  let keyObject = keyObjects.get(key);
  if (!keyObject) {
    keyObject = createSecretKey(key);
    keyObjects.set(key, keyObject);
  }
  return createHmac('sha256', keyObject).update(payload).digest();
}

/** A token naming the workspace and recipient (and the send), signed so that nobody can forge or alter one. */
export function createUnsubscribeToken(key: Buffer, claim: { workspaceId: string; email: string; sendId?: string | null }): string {
  const email = Buffer.from(claim.email.trim().toLowerCase(), 'utf8');
  if (!ADDRESS_SHAPE.test(claim.email.trim()) || email.length > MAX_ADDRESS_BYTES) throw new Error('An unsubscribe token needs an email address');
  const send = claim.sendId ? uuidBytes(claim.sendId) : Buffer.alloc(0);
  const payload = Buffer.concat([Buffer.from([VERSION, claim.sendId ? HAS_SEND : 0]), uuidBytes(claim.workspaceId), send, email]);
  return Buffer.concat([payload, mac(key, payload)]).toString('base64url');
}

/** What a token says, or null when it is not one we signed with this key (altered, cut short, made up). */
export function verifyUnsubscribeToken(key: Buffer, token: string): UnsubscribeClaim | null {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  // base64url decoding skips what it cannot read; a token must be exactly what encoding gives back.
  if (bytes.toString('base64url') !== token || bytes.length < HEADER_BYTES + MAC_BYTES + 3) return null;
  const payload = bytes.subarray(0, bytes.length - MAC_BYTES);
  if (!timingSafeEqual(mac(key, payload), bytes.subarray(bytes.length - MAC_BYTES))) return null;
  const [version, flags] = payload;
  if (version !== VERSION || (flags !== 0 && flags !== HAS_SEND)) return null;
  const sendEnd = HEADER_BYTES + (flags === HAS_SEND ? UUID_BYTES : 0);
  if (payload.length <= sendEnd) return null;
  const email = payload.subarray(sendEnd).toString('utf8');
  if (!ADDRESS_SHAPE.test(email)) return null;
  return {
    workspaceId: uuidText(payload.subarray(2, HEADER_BYTES)),
    email,
    sendId: flags === HAS_SEND ? uuidText(payload.subarray(HEADER_BYTES, sendEnd)) : null,
  };
}
