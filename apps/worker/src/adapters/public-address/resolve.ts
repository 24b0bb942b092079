import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPublicAddress, isPublicHost } from '@switchboard/core/discovery';

/** Every address a name resolves to (a host is refused when any of them is private). */
export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export type ResolvedHost =
  /** Connect to this address, the one that was checked, never to the name (DNS could answer differently next time). */
  | { kind: 'public'; address: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'unresolved'; reason: string };

/**
 * Resolves a host the worker is asked to connect to by someone else (a site's link, a workspace's SMTP
 * key) and refuses it when it is, or any of its addresses is, private, loopback, link-local, CGNAT,
 * cloud metadata, unique-local IPv6, IPv4-mapped local and the like (see isPublicAddress).
 */
export async function resolvePublicHost(hostname: string, lookup: LookupAll): Promise<ResolvedHost> {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.+$/, '');
  if (isIP(host)) return isPublicAddress(host) ? { kind: 'public', address: host } : { kind: 'refused', reason: `${host} is a private or local address` };
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
