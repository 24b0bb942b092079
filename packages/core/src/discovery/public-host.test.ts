import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Node's own parser is the reference the pure one is checked against (core itself imports no node:net).
// eslint-disable-next-line no-restricted-imports
import { isIP } from 'node:net';
import { isIpLiteral, isPublicAddress, isPublicWebUrl } from './public-host.ts';

const strict = { sandboxPort: null };
const sandbox = { sandboxPort: 41234 };

describe('isPublicWebUrl', () => {
  it.each([
    'https://acme-plumbing.com/',
    'http://www.acme-plumbing.co.uk/contact?x=1',
    'https://ACME.com:8443/',
    'http://93.184.216.34/',
    'http://8.8.8.8:80/',
    'http://172.32.0.1/',
    'http://100.128.0.1/',
    'http://[2606:4700:4700::1111]/',
    'http://[::ffff:8.8.8.8]/',
    'https://xn--bcher-kva.example/',
  ])('lets the public address %s through', (url) => {
    expect(isPublicWebUrl(url, strict)).toBe(true);
  });

  it.each([
    ['loopback', 'http://127.0.0.1:5432/'],
    ['loopback elsewhere in 127/8', 'http://127.8.9.10/'],
    ['loopback in short form', 'http://127.1/'],
    ['loopback as one number', 'http://2130706433/'],
    ['loopback in hex', 'http://0x7f.0.0.1/'],
    ['loopback with a trailing dot', 'http://127.0.0.1./'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['private 10/8', 'http://10.0.0.5/'],
    ['private 172.16/12', 'http://172.16.0.1/'],
    ['private 172.16/12 at its end', 'http://172.31.255.255/'],
    ['private 192.168/16', 'https://192.168.1.1/admin'],
    ['CGNAT', 'http://100.64.0.1/'],
    ['CGNAT at its end', 'http://100.127.255.254/'],
    ['this network', 'http://0.0.0.0/'],
    ['this network, written as 0', 'http://0/'],
    ['multicast', 'http://224.0.0.251/'],
    ['reserved', 'http://240.0.0.1/'],
    ['broadcast', 'http://255.255.255.255/'],
    ['documentation', 'http://192.0.2.10/'],
    ['benchmarking', 'http://198.18.0.1/'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['IPv6 unspecified', 'http://[::]/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['IPv6 unique-local', 'http://[fd12:3456:789a::1]/'],
    ['IPv6 unique-local fc00', 'http://[fc00::1]/'],
    ['IPv6 multicast', 'http://[ff02::1]/'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped private', 'http://[::ffff:10.0.0.5]/'],
    ['IPv4-mapped metadata in hex', 'http://[::ffff:a9fe:a9fe]/'],
    ['IPv4-compatible', 'http://[::127.0.0.1]/'],
    ['NAT64 of a private address', 'http://[64:ff9b::10.0.0.1]/'],
    ['6to4 of loopback', 'http://[2002:7f00:1::]/'],
    ['IPv6 documentation', 'http://[2001:db8::1]/'],
    ['localhost', 'http://localhost/'],
    ['localhost with a port and a trailing dot', 'http://localhost.:3000/'],
    ['a localhost subdomain', 'http://db.localhost/'],
    ['mDNS', 'http://printer.local/'],
    ['an internal name', 'http://metadata.google.internal/computeMetadata/v1/'],
    ['a home network name', 'http://router.home.arpa/'],
    ['a single label', 'http://intranet/'],
    ['a single label with a trailing dot', 'http://nas./'],
    ['another scheme', 'ftp://acme.com/'],
    ['a file', 'file:///etc/passwd'],
    ['a mail address', 'mailto:info@acme.com'],
    ['not an address', 'acme.com'],
    ['nonsense', 'http://'],
  ])('refuses %s (%s)', (_what, url) => {
    expect(isPublicWebUrl(url, strict)).toBe(false);
    expect(isPublicWebUrl(url, sandbox)).toBe(false);
  });

  it('lets sandbox-world sites through only in sandbox mode, and only on the world’s port', () => {
    for (const url of ['http://bright-dental.sandbox.localhost:41234/', 'http://www.bright-dental.sandbox.localhost:41234/contact/', 'https://bright-dental.sandbox.localhost:41234/']) {
      expect(isPublicWebUrl(url, sandbox)).toBe(true);
      expect(isPublicWebUrl(url, { sandboxPort: 'any' })).toBe(true);
      expect(isPublicWebUrl(url, strict)).toBe(false);
    }
    for (const url of ['http://bright-dental.sandbox.localhost:39999/', 'http://bright-dental.sandbox.localhost/', 'https://bright-dental.sandbox.localhost/', 'http://x.sandbox.localhost:5432/']) {
      expect({ url, allowed: isPublicWebUrl(url, sandbox) }).toEqual({ url, allowed: false });
    }
    expect(isPublicWebUrl('http://sandbox.localhost:41234/', sandbox)).toBe(false);
    expect(isPublicWebUrl('http://evil-sandbox.localhost:41234/', sandbox)).toBe(false);
    expect(isPublicWebUrl('http://localhost:41234/', sandbox)).toBe(false);
    expect(isPublicWebUrl('http://a..sandbox.localhost:41234/', { sandboxPort: 'any' })).toBe(false);
  });

  it('never lets through any address in a non-public IPv4 block, however it is spelled', () => {
    const blocks: [number, number][] = [
      [0x00000000, 8],
      [0x0a000000, 8],
      [0x64400000, 10],
      [0x7f000000, 8],
      [0xa9fe0000, 16],
      [0xac100000, 12],
      [0xc0a80000, 16],
      [0xe0000000, 4],
      [0xf0000000, 4],
    ];
    const spellings = [
      (address: number) => [address >>> 24, (address >>> 16) & 255, (address >>> 8) & 255, address & 255].join('.'),
      (address: number) => String(address),
      (address: number) => `0x${address.toString(16)}`,
      (address: number) => `[::ffff:${(address >>> 16).toString(16)}:${(address & 0xffff).toString(16)}]`,
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...blocks),
        fc.nat(),
        fc.constantFrom(...spellings),
        fc.constantFrom('http', 'https'),
        fc.constantFrom(null, 'any' as const, 80),
        ([base, bits], offset, spell, scheme, sandboxPort) => {
          const address = (base + (offset % 2 ** (32 - bits))) >>> 0;
          return !isPublicWebUrl(`${scheme}://${spell(address)}/`, { sandboxPort }) && !isPublicAddress(spell(address).replace(/^\[|\]$/g, ''));
        },
      ),
    );
  });

  it('never lets through a name under a local-only suffix', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 0, maxLength: 3 }), fc.constantFrom('localhost', 'local', 'internal', 'home.arpa'), fc.constantFrom(null, 'any' as const, 80), (labels, suffix, sandboxPort) => {
        const host = [...labels, suffix].join('.');
        // The one exception: the sandbox world, in sandbox mode.
        fc.pre(!(sandboxPort !== null && host.endsWith('.sandbox.localhost')));
        return !isPublicWebUrl(`http://${host}/`, { sandboxPort });
      }),
    );
  });
});

describe('isPublicAddress', () => {
  it('judges the addresses DNS answers with', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect({ address, public: isPublicAddress(address) }).toEqual({ address, public: true });
    const local = ['127.0.0.1', '10.0.0.5', '172.16.3.4', '192.168.1.1', '100.64.0.1', '169.254.169.254', '0.0.0.0', '::1', '::', 'fe80::1%eth0', 'fd00::1', 'fc00::5', '::ffff:127.0.0.1', '::ffff:169.254.169.254', '64:ff9b::a00:1', '2002:7f00:1::', 'ff02::1', 'localhost', 'example.com', ''];
    for (const address of local) expect({ address, public: isPublicAddress(address) }).toEqual({ address, public: false });
  });
});

describe('isIpLiteral', () => {
  it("agrees with Node's net.isIP on addresses, names and near-misses", () => {
    const samples = ['127.0.0.1', '8.8.8.8', '::1', '::', 'fe80::1', '2001:db8::8a2e:370:7334', '::ffff:10.0.0.1', '64:ff9b::1.2.3.4',
      'example.com', 'localhost', '127.1', '256.1.1.1', '1.2.3.4.5', '1:2:3:4:5:6:7:8:9', ':::1', '', 'imap.example.org'];
    for (const sample of samples) expect({ sample, literal: isIpLiteral(sample) }).toEqual({ sample, literal: isIP(sample) !== 0 });
  });

  it('agrees with net.isIP on any IPv4 or IPv6 address (property)', () => {
    fc.assert(fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (address) => isIpLiteral(address) === (isIP(address) !== 0)));
  });
});
