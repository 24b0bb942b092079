import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;

/** Derives the 256-bit AES key from SWITCHBOARD_SECRET, whatever its length. */
export function deriveMasterKey(secret: string): Buffer {
  if (secret.length < 32) throw new Error('SWITCHBOARD_SECRET must be at least 32 characters');
  return createHash('sha256').update(`switchboard:provider-keys:${secret}`).digest();
}

/**
 * AES-256-GCM with a fresh IV per value. The workspace and provider are bound in as additional data,
 * so a ciphertext copied onto another workspace's row does not decrypt.
 */
export function sealSecret(plaintext: string, masterKey: Buffer, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

export function openSecret(sealed: string, masterKey: Buffer, context: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('Unrecognised sealed secret format');
  const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
