import { Writable } from 'node:stream';
import type { Logger } from '@switchboard/core';
import { createLogger } from '@switchboard/core/logging';

/** A JSON logger at `level` whose lines are kept in `lines`, for tests that check what was logged. */
export function capturedLog(name: string, level = 'info'): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger({ name, level, format: 'json', destination }), lines };
}
