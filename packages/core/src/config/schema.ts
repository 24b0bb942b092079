import { z } from 'zod';
import { DEFAULT_OPENAI_MODEL, parseModelPrice } from '../ai-writing/cost.ts';
import { SEND_STUCK_AFTER_MS } from '../sends/retry.ts';

// Empty strings count as unset, as they do in most .env files.
const optionalString = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());
const optionalUrl = (expects: string) =>
  z.preprocess((value) => (value === '' ? undefined : value), z.url({ error: expects }).optional());

const port = (fallback: number | undefined) =>
  z.preprocess(
    (value) => (value === '' || value === undefined ? fallback : value),
    z.coerce
      .number({ error: 'an integer port number from 1 to 65535' })
      .int({ error: 'an integer port number from 1 to 65535' })
      .min(1, { error: 'an integer port number from 1 to 65535' })
      .max(65535, { error: 'an integer port number from 1 to 65535' }),
  );

// Real seconds per simulated second in a sandbox simulation: 1 is real time, 0.01 a hundred times faster (tests).
const TIME_SCALE_EXPECTS = 'a number above 0 and at most 10 (1 is real time)';
const timeScale = z.preprocess(
  (value) => (value === '' || value === undefined ? 1 : value),
  z.coerce.number({ error: TIME_SCALE_EXPECTS }).positive({ error: TIME_SCALE_EXPECTS }).max(10, { error: TIME_SCALE_EXPECTS }),
);

const positiveInt = (fallback: number, expects: string) =>
  z.preprocess(
    (value) => (value === '' || value === undefined ? fallback : value),
    z.coerce.number({ error: expects }).int({ error: expects }).positive({ error: expects }),
  );

// A host name, an IPv4 address or a bracketed IPv6 address, with an optional port: what a Host header carries.
const HOST_WITH_PORT = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(?:6553[0-5]|655[0-2]\d|65[0-4]\d{2}|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3}))?$/;

const hostList = (expects: string) =>
  z.preprocess(
    (value) =>
      value === '' || value === undefined
        ? []
        : String(value)
            .split(',')
            .map((entry) => entry.trim().toLowerCase())
            .filter((entry) => entry !== ''),
    z.array(z.string().regex(HOST_WITH_PORT, { error: expects })),
  );

const oneOf = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.preprocess(
    (value) => (value === '' || value === undefined ? fallback : value),
    z.enum(values, { error: `one of ${values.join(', ')}` }),
  );

const flag = (fallback: boolean) =>
  z.preprocess(
    (value) => (value === '' || value === undefined ? String(fallback) : value),
    z.enum(['true', 'false'], { error: 'true or false' }).transform((value) => value === 'true'),
  );

/** Every environment variable Switchboard reads, parsed once at start-up. */
export const envSchema = z
  .object({
    NODE_ENV: oneOf(['development', 'production', 'test'], 'production'),
    HOST: z.preprocess((value) => (value === '' || value === undefined ? '127.0.0.1' : value), z.string()),
    PORT: port(3000),
    TRUST_PROXY: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .string()
        .regex(/^(true|false|\d+|loopback|linklocal|uniquelocal|[\d.:/, a-f]+)$/i, {
          error: 'true, a number of proxy hops, loopback, or a list of proxy addresses (Express "trust proxy")',
        })
        .optional(),
    ),
    PUBLIC_URL: optionalUrl('the http(s) URL people open Switchboard at, e.g. https://switchboard.example.com'),
    ALLOWED_HOSTS: hostList('a comma-separated list of host names the dashboard is reached at, each with an optional port, e.g. "switchboard.lan,10.0.0.5:3000"'),
    DATABASE_URL: optionalUrl('a postgres:// connection URL'),
    SWITCHBOARD_DATA_DIR: z.preprocess((value) => (value === '' || value === undefined ? '.switchboard' : value), z.string()),
    SWITCHBOARD_PG_DIR: optionalString,
    SWITCHBOARD_PG_PORT: z.preprocess((value) => (value === '' ? undefined : value), port(undefined).optional()),
    SWITCHBOARD_SECRET: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().min(32, { error: 'a random string of at least 32 characters (it encrypts stored provider keys)' }).optional(),
    ),
    LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    LOG_FORMAT: oneOf(['auto', 'json', 'pretty'], 'auto'),
    WORKER_DRAIN_TIMEOUT_MS: positiveInt(15_000, 'a positive number of milliseconds'),
    // How long a send may sit in `sending` before it counts as its worker's loss and is asked again (tests shorten it).
    EMAIL_STUCK_SENDING_MS: positiveInt(SEND_STUCK_AFTER_MS, 'a positive number of milliseconds'),
    // How long a live call may sit unchanged before the call scheduler asks Vapi about it (tests shorten it).
    CALL_STALE_AFTER_MS: positiveInt(15 * 60_000, 'a positive number of milliseconds'),
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: optionalUrl('an http(s) URL'),
    OPENAI_MODEL: z.preprocess(
      (value) => (value === '' || value === undefined ? DEFAULT_OPENAI_MODEL : value),
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/, { error: 'an OpenAI model name, e.g. gpt-4o-mini' }),
    ),
    // Overrides the price table for the configured model (prices change; see ai-writing/cost.ts).
    OPENAI_PRICE_USD_PER_1M_TOKENS: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .string()
        .refine((value) => parseModelPrice(value) !== null, { error: 'input and output USD per million tokens as "input/output", e.g. "0.15/0.60"' })
        .optional(),
    ),
    OPENAI_TIMEOUT_MS: positiveInt(15_000, 'a positive number of milliseconds'),
    RESEND_API_KEY: optionalString,
    RESEND_BASE_URL: optionalUrl('an http(s) URL'),
    // The signing secret of the Resend webhook pointed at /webhooks/resend (Resend → Webhooks → the endpoint).
    RESEND_WEBHOOK_SECRET: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z
        .string()
        .regex(/^(whsec_)?[A-Za-z0-9+/]{16,}={0,2}$/, { error: 'the signing secret Resend shows for the webhook, like whsec_…' })
        .optional(),
    ),
    SMTP_URL: optionalUrl('an smtp:// or smtps:// URL'),
    // "Test connection" of a workspace's SMTP key reaches only public hosts unless this allows a relay on the operator's own network.
    SMTP_ALLOW_PRIVATE_HOSTS: flag(false),
    EMAIL_FROM: z.preprocess(
      (value) => (value === '' || value === undefined ? 'Switchboard <switchboard@localhost>' : value),
      z.string().regex(/^([^<>]+<)?[^\s@<>]+@[^\s@<>]+>?$/, { error: 'an address like "Switchboard <team@example.com>"' }),
    ),
    VAPI_API_KEY: optionalString,
    VAPI_PHONE_NUMBER_ID: optionalString,
    VAPI_BASE_URL: optionalUrl('an http(s) URL'),
    // How /webhooks/vapi knows a message is Vapi's: the HMAC credential's secret (x-signature over
    // '{x-timestamp}.{body}') and/or the server secret Vapi sends in x-vapi-secret.
    VAPI_WEBHOOK_HMAC_SECRET: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().min(16, { error: 'the secret of the HMAC credential set on Vapi\'s server URL, at least 16 characters' }).optional(),
    ),
    VAPI_WEBHOOK_SECRET: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().min(16, { error: 'the server secret Vapi sends in x-vapi-secret, at least 16 characters' }).optional(),
    ),
    // The sandbox caller (calls with no Vapi key) signs its webhooks with this; the web server accepts it beside Vapi's.
    SANDBOX_CALL_WEBHOOK_SECRET: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.string().min(16, { error: 'a random secret of at least 16 characters, the same for the web server and the worker' }).optional(),
    ),
    SANDBOX_CALL_TIME_SCALE: timeScale,
    SANDBOX_CALL_SEED: positiveInt(11, 'a positive integer'),
    // The sandbox recipient (campaign email with no live provider): what happens to each email is drawn
    // from this seed and the send, at this time scale (1: delivered within seconds, replies within minutes).
    SANDBOX_EMAIL_TIME_SCALE: timeScale,
    SANDBOX_EMAIL_SEED: positiveInt(11, 'a positive integer'),
    GOOGLE_SEARCH_API_KEY: optionalString,
    GOOGLE_SEARCH_ENGINE_ID: optionalString,
    GOOGLE_SEARCH_BASE_URL: optionalUrl('an http(s) URL'),
    GOOGLE_PLACES_BASE_URL: optionalUrl('an http(s) URL'),
    PLAYWRIGHT_CHROMIUM_PATH: optionalString,
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_URL && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'a postgres:// connection URL' });
    }
    if (env.SMTP_URL && !/^smtps?:\/\//.test(env.SMTP_URL)) {
      ctx.addIssue({ code: 'custom', path: ['SMTP_URL'], message: 'an smtp:// or smtps:// URL' });
    }
    if (env.GOOGLE_SEARCH_API_KEY && !env.GOOGLE_SEARCH_ENGINE_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['GOOGLE_SEARCH_ENGINE_ID'],
        message: 'the search engine id (cx); it is required when GOOGLE_SEARCH_API_KEY is set',
      });
    }
    if (env.VAPI_API_KEY && !env.VAPI_PHONE_NUMBER_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['VAPI_PHONE_NUMBER_ID'],
        message: 'the Vapi phone number id; it is required when VAPI_API_KEY is set',
      });
    }
  });

export type Config = z.output<typeof envSchema>;
export type ConfigKey = keyof Config;

/** Names whose values are never printed or logged. */
export const SECRET_CONFIG_KEYS: readonly ConfigKey[] = [
  'SWITCHBOARD_SECRET',
  'OPENAI_API_KEY',
  'RESEND_API_KEY',
  'RESEND_WEBHOOK_SECRET',
  'VAPI_API_KEY',
  'VAPI_WEBHOOK_HMAC_SECRET',
  'VAPI_WEBHOOK_SECRET',
  'SANDBOX_CALL_WEBHOOK_SECRET',
  'GOOGLE_SEARCH_API_KEY',
];

/** URLs that may carry a password in their userinfo part. */
export const CREDENTIAL_URL_KEYS: readonly ConfigKey[] = ['DATABASE_URL', 'SMTP_URL'];
