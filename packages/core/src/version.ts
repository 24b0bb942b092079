/** Recorded with worker heartbeats and shown on the System page. */
export const SWITCHBOARD_VERSION = '0.1.0';
