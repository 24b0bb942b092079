// Settings for the embedded PostgreSQL. Its defaults are sized for a tiny machine: 128 MB of shared
// buffers and a checkpoint every 1 GB of WAL. A lead import writes 100,000 rows into a table with 16
// indexes; with the defaults their pages fall out of the buffers and checkpoints land mid-import
// (each page written again in full to the WAL after one), which cost ~15 % of a 100,000-row import here.
import { totalmem } from 'node:os';

const MB = 1024 * 1024;

/** An eighth of the machine's memory for PostgreSQL's buffers, between its default and 1 GB. */
export function sharedBuffersMb(totalMemoryBytes: number): number {
  return Math.min(1024, Math.max(128, Math.floor(totalMemoryBytes / 8 / MB / 16) * 16));
}

/** `-c name=value` flags for the embedded server. */
export function embeddedServerFlags(totalMemoryBytes = totalmem()): string[] {
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    max_connections: '200',
    shared_buffers: `${sharedBuffersMb(totalMemoryBytes)}MB`,
    // Checkpoints by time rather than mid-import; the WAL kept in between stays a few GB at most.
    max_wal_size: '4GB',
    checkpoint_timeout: '15min',
  };
  return Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}
