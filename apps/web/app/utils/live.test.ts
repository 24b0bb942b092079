import { describe, expect, it } from 'vitest';
import { connectionAfterLoss } from './live.ts';
import { LIVE_SIGN_IN_REFUSAL } from './live-protocol.ts';

describe('connectionAfterLoss', () => {
  it('says the session ended when the server itself closed the socket (session ended, membership removed)', () => {
    expect(connectionAfterLoss({ disconnectReason: 'io server disconnect' })).toBe('ended');
  });

  it('says the session ended when the handshake is refused for want of a session', () => {
    expect(connectionAfterLoss({ refusal: LIVE_SIGN_IN_REFUSAL })).toBe('ended');
  });

  it('says the session ended when Engine.IO refused the handshake and the tab is no longer signed in', () => {
    expect(connectionAfterLoss({ refusal: 'websocket error', signedIn: false })).toBe('ended');
  });

  it('keeps reconnecting after a network loss, a server restart or a refusal while its database is down', () => {
    for (const disconnectReason of ['transport close', 'ping timeout', 'transport error']) {
      expect(connectionAfterLoss({ disconnectReason })).toBe('reconnecting');
    }
    expect(connectionAfterLoss({ refusal: 'Live updates are unavailable.' })).toBe('reconnecting');
    // A failed handshake while still signed in, or while nobody can tell (the server is away).
    for (const signedIn of [true, null, undefined]) expect(connectionAfterLoss({ refusal: 'websocket error', signedIn })).toBe('reconnecting');
  });
});
