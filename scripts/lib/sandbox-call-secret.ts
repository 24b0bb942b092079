import { randomBytes } from 'node:crypto';
import type { Config } from '@switchboard/core';

/**
 * SANDBOX_CALL_WEBHOOK_SECRET for this run: the one set, else a fresh random one. The worker's sandbox
 * caller signs its webhooks with it and the web server checks them, so both are given the same value;
 * nothing else needs it, so a new one each run is fine (calls still playing when Switchboard stops
 * end with it). Never logged.
 */
export function sandboxCallSecret(config: Config): string {
  return config.SANDBOX_CALL_WEBHOOK_SECRET ?? randomBytes(32).toString('base64url');
}
