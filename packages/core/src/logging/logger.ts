import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  name: string;
  level: string;
  format: 'auto' | 'json' | 'pretty';
  /** Values that must never appear in a log line, such as API keys; each is replaced by "[redacted]". */
  secrets?: readonly string[];
  /** Where lines go; standard output unless a test captures them. */
  destination?: DestinationStream;
}

// Field names that can carry credentials wherever they appear in a logged object.
const REDACTED_PATHS = [
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'connectionString',
  '*.connectionString',
];

/**
 * One JSON logger per process, pretty when a person is watching the terminal. Known secret values
 * are scrubbed from every line as a last line of defence: code logs ids, but an error message from a
 * driver or provider may quote what it was given.
 */
export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.format === 'pretty' || (options.format === 'auto' && process.stdout.isTTY === true);
  const secrets = (options.secrets ?? []).filter((secret) => secret.length >= 4);
  const scrub = (line: string) => secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), line);
  const target: DestinationStream =
    options.destination ??
    (pretty ? prettyStream() : pino.destination({ dest: 1, sync: false }));
  const destination: DestinationStream =
    secrets.length === 0 ? target : { write: (line: string) => target.write(scrub(line)) };
  return pino(
    {
      name: options.name,
      level: options.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    destination,
  );
}

function prettyStream(): DestinationStream {
  // pino-pretty is loaded lazily: production JSON logging never pays for it.
  const pinoPretty = createRequire(import.meta.url)('pino-pretty') as (options: object) => DestinationStream;
  return pinoPretty({ colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' });
}
