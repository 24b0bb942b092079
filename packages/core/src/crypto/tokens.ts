import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** An unguessable token for a cookie, link or API key; only its hash is stored. */
export function generateToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokensMatch(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Names a provider key without revealing it: the first 16 hex digits of a SHA-256 over the kind and
 * its fields. Provider keys are long random strings, so this tells who reads it nothing about the
 * key; it only says whether two keys are the same one.
 */
export function keyFingerprint(kind: string, fields: Readonly<Record<string, string>>): string {
  const canonical = JSON.stringify(Object.keys(fields).sort().map((name) => [name, fields[name]]));
  return createHash('sha256').update(`switchboard-key-fingerprint:${kind}:${canonical}`).digest('hex').slice(0, 16);
}
