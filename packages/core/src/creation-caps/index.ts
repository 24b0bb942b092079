export {
  ALL_CAMPAIGNS_CAP,
  ALL_MAILBOXES_CAP,
  ALLOWLIST_ENTRIES_CAP,
  API_TOKENS_PER_MEMBER_CAP,
  assertRoomFor,
  OPEN_CAMPAIGNS_CAP,
  OPEN_MAILBOXES_CAP,
  type CreationCap,
} from './creation-caps.ts';
export { assertDiscoveryStartAllowed, DISCOVERY_STARTS_PER_CAMPAIGN } from './discovery-starts.ts';
