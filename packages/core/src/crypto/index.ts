// Node-only (node:crypto): imported as @switchboard/core/crypto so browser bundles never pull it in.
export { generateToken, hashToken, keyFingerprint, tokensMatch } from './tokens.ts';
export { deriveMasterKey, sealSecret, openSecret } from './secret-box.ts';
