export { sealProviderKey, openProviderKey } from './keyring.ts';
export { createKeyResolver, type ProviderKeyResolver } from './resolve.ts';
export { sealMailboxPassword, openMailboxPassword } from './mailbox-password.ts';
