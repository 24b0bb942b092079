/** What the server's Socket.IO handshake check answers when the cookie names no live session; the client shows "Session ended" on it. */
export const LIVE_SIGN_IN_REFUSAL = 'Sign in to receive live updates.';
