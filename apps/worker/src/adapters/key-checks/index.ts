export { checkProviderKey, type KeyCheck, type KeyCheckPolicy, type ProviderBaseUrls } from './check-key.ts';
