// hoodiecrow-imap (a dev dependency: the IMAP server the poller's tests run against) ships no types.
declare module 'hoodiecrow-imap' {
  import type { Server } from 'node:net';

  interface HoodiecrowOptions {
    plugins?: string[];
    users?: Record<string, { password: string }>;
    storage?: Record<string, unknown>;
  }

  interface HoodiecrowServer {
    server: Server;
    listen(port: number, host: string, callback: () => void): void;
    close(callback?: () => void): void;
    getMailbox(path: string): { uidvalidity: number; uidnext: number; messages: unknown[] } | undefined;
  }

  export default function hoodiecrow(options?: HoodiecrowOptions): HoodiecrowServer;
}
