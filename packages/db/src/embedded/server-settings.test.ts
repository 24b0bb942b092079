import { describe, expect, it } from 'vitest';
import { embeddedServerFlags, sharedBuffersMb } from './server-settings.ts';

const GB = 1024 * 1024 * 1024;

describe('embedded server settings', () => {
  it('gives PostgreSQL an eighth of the memory for buffers, between 128 MB and 1 GB', () => {
    expect(sharedBuffersMb(0.5 * GB)).toBe(128);
    expect(sharedBuffersMb(2 * GB)).toBe(256);
    expect(sharedBuffersMb(6 * GB)).toBe(768);
    expect(sharedBuffersMb(24 * GB)).toBe(1024);
  });

  it('passes each setting as a -c flag and listens on loopback only', () => {
    const flags = embeddedServerFlags(4 * GB);
    expect(flags).toEqual(expect.arrayContaining(['-c', 'listen_addresses=127.0.0.1', '-c', 'shared_buffers=512MB', '-c', 'max_wal_size=4GB']));
    expect(flags.filter((flag) => flag === '-c')).toHaveLength(flags.length / 2);
  });
});
