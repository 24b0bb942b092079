export { checkProviderKey, type KeyCheck, type ProviderBaseUrls } from './check-key.ts';
