import { isIpLiteral, isPublicAddress, isPublicHost } from './public-host.ts';

/** Every address a name resolves to (a host is refused when any of them is private). Injected: core does no I/O. */
export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

export type ResolvedHost =
  /** Connect to this address, the one that was checked, never to the name (DNS could answer differently next time). */
  | { kind: 'public'; address: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'unresolved'; reason: string };

/**
 * Resolves a host Switchboard is asked to connect to by someone else (a site's link, a workspace's SMTP
 * key, a mailbox's IMAP server) and refuses it when it is, or any of its addresses is, private, loopback,
 * link-local, CGNAT, cloud metadata, unique-local IPv6, IPv4-mapped local and the like (see isPublicAddress).
 * The same rule judges a host when it is saved (api) and when it is connected to (worker).
 */
export async function resolvePublicHost(hostname: string, lookup: LookupAll): Promise<ResolvedHost> {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.+$/, '');
  if (isIpLiteral(host)) return isPublicAddress(host) ? { kind: 'public', address: host } : { kind: 'refused', reason: `${host} is a private or local address` };
  if (!isPublicHost(host)) return { kind: 'refused', reason: `${host} is a local name` };
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host);
  } catch (error) {
    return { kind: 'unresolved', reason: `${host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  if (addresses.length === 0) return { kind: 'unresolved', reason: `${host} has no address` };
  const local = addresses.find((entry) => !isPublicAddress(entry.address));
  if (local) return { kind: 'refused', reason: `${host} resolves to ${local.address}, a private or local address` };
  return { kind: 'public', address: addresses[0]!.address };
}
