// Node-only (node:crypto): imported as @switchboard/core/crypto so browser bundles never pull it in.
export { generateToken, hashToken, keyFingerprint, tokensMatch } from './tokens.ts';
export { deriveMasterKey, sealSecret, openSecret } from './secret-box.ts';
export { VAPI_WEBHOOK_TOLERANCE_MS, signVapiPayload, verifyVapiWebhook, type VapiWebhookAuth, type VapiWebhookSecrets } from './vapi-webhook-auth.ts';
