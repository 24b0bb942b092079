/**
 * Whether a web address points at the public internet rather than at the operator's own network.
 *
 * Search results, listings and the redirects sites send are written by strangers, so a scraper that
 * follows them must not be steered to 127.0.0.1:5432, the cloud metadata service at 169.254.169.254,
 * a printer at printer.local or anything else only the worker's machine can reach. This judges the
 * address as written (after the URL parser's normalisation: "http://2130706433/" is 127.0.0.1); what a
 * name resolves to is judged by isPublicAddress, on every address DNS gives, by whoever resolves it.
 */
export interface PublicWebUrlOptions {
  /**
   * The port of the bundled sandbox world in sandbox mode: `<slug>.sandbox.localhost` on that port (and
   * only that port) passes. 'any' port only where a site is listed for later (the scraper then sends it
   * to the world's current port); null in live mode, where no sandbox host passes.
   */
  sandboxPort: number | 'any' | null;
}

export const SANDBOX_HOST_SUFFIX = 'sandbox.localhost';

// Names only a local resolver answers: RFC 6761/6762/8375 and the private-use suffixes RFC 6762 Appendix G lists.
const PRIVATE_NAME_SUFFIXES = ['localhost', 'local', 'internal', 'arpa', 'localdomain', 'lan', 'home', 'corp', 'intranet', 'private'];

// Every IPv4 block that is not ordinary public unicast (IANA special-purpose registry).
const NON_PUBLIC_IPV4_BLOCKS: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
];
const NON_PUBLIC_IPV4 = NON_PUBLIC_IPV4_BLOCKS.map(([base, bits]) => ({ base: ipv4ToNumber(base)!, mask: bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0 }));

/**
 * True for an http(s) address whose host is a public name or public IP address. False for anything
 * unparseable, other schemes, loopback/private/link-local/CGNAT/multicast/reserved IP literals (IPv4
 * and IPv6, IPv4-mapped included), and local names: localhost, *.localhost, *.local, *.internal,
 * *.home.arpa, single-label hosts. Sandbox-world hosts pass as `sandboxPort` says.
 */
export function isPublicWebUrl(url: string, options: PublicWebUrlOptions): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  if (isSandboxHost(parsed.hostname)) {
    const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
    return options.sandboxPort === 'any' || options.sandboxPort === port;
  }
  return isPublicHost(parsed.hostname);
}

/** `<slug>.sandbox.localhost`, where the bundled sandbox world serves its sites (on loopback). */
export function isSandboxHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.+$/, '');
  return host.endsWith(`.${SANDBOX_HOST_SUFFIX}`) && host.length > SANDBOX_HOST_SUFFIX.length + 1 && !host.split('.').includes('');
}

/** The host part of isPublicWebUrl: a URL's `hostname` (IPv6 in brackets, as URL gives it). Sandbox hosts are local. */
export function isPublicHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.+$/, '');
  if (host.startsWith('[') && host.endsWith(']')) return isPublicAddress(host.slice(1, -1));
  const ipv4 = ipv4ToNumber(host);
  if (ipv4 !== null) return isPublicIpv4(ipv4);
  const labels = host.split('.');
  if (labels.length < 2 || labels.some((label) => label === '')) return false;
  return !PRIVATE_NAME_SUFFIXES.includes(labels.at(-1)!);
}

/**
 * Whether an IP address as DNS gives it ("93.184.216.34", "2606:4700::1111", "fe80::1%eth0") is on the
 * public internet. Anything that is not an IP address is not.
 */
export function isPublicAddress(address: string): boolean {
  const text = address.toLowerCase().replace(/%.*$/, '');
  const ipv4 = ipv4ToNumber(text);
  if (ipv4 !== null) return isPublicIpv4(ipv4);
  const groups = parseIpv6(text);
  return groups !== null && isPublicIpv6(groups);
}

/** An IPv4 or IPv6 literal (no brackets), as Node's net.isIP would say, without Node. */
export function isIpLiteral(text: string): boolean {
  return ipv4ToNumber(text) !== null || parseIpv6(text) !== null;
}

function isPublicIpv4(address: number): boolean {
  return !NON_PUBLIC_IPV4.some(({ base, mask }) => ((address & mask) >>> 0) === base);
}

/** Eight 16-bit groups. Only global unicast (2000::/3) is public, less the blocks that tunnel to or document elsewhere. */
function isPublicIpv6(groups: number[]): boolean {
  // ::ffff:a.b.c.d reaches the IPv4 address a.b.c.d.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) return isPublicIpv4(((groups[6]! << 16) | groups[7]!) >>> 0);
  const [first, second] = groups as [number, number];
  if ((first & 0xe000) !== 0x2000) return false;
  if (first === 0x2001 && (second === 0x0db8 || second === 0)) return false; // documentation, Teredo
  if (first === 0x3fff && second < 0x1000) return false; // documentation (3fff::/20)
  // 6to4 (2002:AABB:CCDD::) carries an IPv4 address the relay delivers to.
  if (first === 0x2002) return isPublicIpv4(((second << 16) | groups[2]!) >>> 0);
  return true;
}

/** Dotted-quad IPv4 as an unsigned number, or null. URL has already turned other spellings ("127.1", "0x7f.0.0.1") into this one. */
function ipv4ToNumber(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) return null;
  return parts.reduce((address, part) => ((address << 8) | Number(part)) >>> 0, 0);
}

/** An IPv6 address (no brackets, no zone) as eight 16-bit groups, or null when it is not one. */
function parseIpv6(text: string): number[] | null {
  let body = text;
  let tail: number[] = [];
  const dotted = /(?:^|:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(body);
  if (dotted) {
    const ipv4 = ipv4ToNumber(dotted[1]!);
    if (ipv4 === null) return null;
    tail = [ipv4 >>> 16, ipv4 & 0xffff];
    body = body.slice(0, body.length - dotted[1]!.length);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const read = (half: string) => (half === '' ? [] : half.split(':'));
  const parts = [read(halves[0]!), halves.length === 2 ? read(halves[1]!) : []];
  if (!parts.flat().every((part) => /^[0-9a-f]{1,4}$/.test(part))) return null;
  const [head, rest] = parts.map((half) => half.map((part) => parseInt(part, 16))) as [number[], number[]];
  const known = head.length + rest.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return null;
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
}
