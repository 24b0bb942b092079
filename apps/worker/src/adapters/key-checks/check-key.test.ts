import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LookupAll } from '../public-address/resolve.ts';
import { checkProviderKey } from './check-key.ts';

// A mail server on the worker's own machine: what a port scan through "Test connection" would find.
let server: Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  server = createServer((socket: Socket) => {
    connections += 1;
    socket.write('220 fake.local ESMTP\r\n');
    socket.on('data', (chunk) => {
      for (const line of chunk.toString().split('\r\n').filter(Boolean)) {
        if (/^EHLO/i.test(line)) socket.write('250-fake.local\r\n250 AUTH PLAIN LOGIN\r\n');
        else if (/^AUTH/i.test(line)) socket.write('235 2.7.0 Authentication successful\r\n');
        else if (/^QUIT/i.test(line)) socket.end('221 Bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const rebinding: LookupAll = async (hostname) => {
  if (hostname === 'mail.rebind.example.com') return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
};

describe('SMTP "Test connection"', () => {
  it('refuses a private or local SMTP host without connecting to it', async () => {
    for (const url of [`smtp://user:secret@127.0.0.1:${port}`, `smtp://user:secret@localhost:${port}`, `smtp://user:secret@[::1]:${port}`, `smtp://user:secret@169.254.169.254:25`, `smtp://user:secret@mail.rebind.example.com:${port}`]) {
      const result = await checkProviderKey('smtp', { url }, {}, { smtpAllowPrivateHosts: false, lookup: rebinding });
      expect({ url, result }).toEqual({ url, result: { ok: false, message: expect.stringMatching(/^Not tested: .*SMTP_ALLOW_PRIVATE_HOSTS=true/) } });
      expect(result.message).not.toContain('secret');
    }
    expect(connections).toBe(0);
  });

  it('reports a host that does not resolve as unreachable, not as refused', async () => {
    const result = await checkProviderKey('smtp', { url: 'smtp://user:secret@mail.nowhere.example.com:587' }, {}, { smtpAllowPrivateHosts: false, lookup: rebinding });
    expect(result).toEqual({ ok: false, message: expect.stringContaining('could not be reached: mail.nowhere.example.com could not be resolved (ENOTFOUND)') });
  });

  it('tests a relay on the operator’s own network when SMTP_ALLOW_PRIVATE_HOSTS allows it', async () => {
    const result = await checkProviderKey('smtp', { url: `smtp://user:secret@127.0.0.1:${port}` }, {}, { smtpAllowPrivateHosts: true });
    expect(result).toEqual({ ok: true, message: 'The SMTP server accepted the credentials.' });
    expect(connections).toBe(1);
  });
});
