import { z } from 'zod';
import type { Provider, ProviderStatus } from '../config/providers.ts';

/** A field that must be filled in, with one message for missing and too short alike. */
const required = (message: string, minLength = 1) => z.string({ error: message }).trim().min(minLength, { error: message });

/** What an admin can store per workspace, each with the fields its provider needs. */
export const PROVIDER_KEY_FIELDS = {
  openai: z.object({ apiKey: required('Paste the whole OpenAI API key.', 8) }),
  resend: z.object({ apiKey: required('Paste the whole Resend API key.', 8) }),
  vapi: z.object({
    apiKey: required('Paste the whole Vapi API key.', 8),
    phoneNumberId: required('Enter the Vapi phone number id calls are placed from.'),
  }),
  search: z.object({
    apiKey: required('Paste the whole Google API key.', 8),
    engineId: required('Enter the search engine id (cx).'),
  }),
  smtp: z.object({ url: required('Use an smtp:// or smtps:// URL.').regex(/^smtps?:\/\//, { error: 'Use an smtp:// or smtps:// URL.' }) }),
} as const;

export type ProviderKeyKind = keyof typeof PROVIDER_KEY_FIELDS;
export const PROVIDER_KEY_KINDS = Object.keys(PROVIDER_KEY_FIELDS) as ProviderKeyKind[];
export type ProviderKeyFields<K extends ProviderKeyKind = ProviderKeyKind> = z.output<(typeof PROVIDER_KEY_FIELDS)[K]>;

/** Which part of the product each kind of key makes live. */
export const PROVIDER_OF_KEY: Record<ProviderKeyKind, Provider> = {
  openai: 'ai',
  resend: 'email',
  smtp: 'email',
  vapi: 'voice',
  search: 'search',
};

/** The part of a key that identifies it to people: its last four characters. */
export function keyHint(kind: ProviderKeyKind, fields: ProviderKeyFields): string {
  const secret = kind === 'smtp' ? ((fields as ProviderKeyFields<'smtp'>).url.match(/:([^:@/]+)@/)?.[1] ?? '') : (fields as { apiKey: string }).apiKey;
  return secret.length >= 12 ? `ends in …${secret.slice(-4)}` : 'set';
}

/** The kinds of key the environment supplies (they apply to every workspace without its own). */
export function envKeyKinds(config: {
  OPENAI_API_KEY?: string | undefined;
  RESEND_API_KEY?: string | undefined;
  SMTP_URL?: string | undefined;
  VAPI_API_KEY?: string | undefined;
  GOOGLE_SEARCH_API_KEY?: string | undefined;
}): ProviderKeyKind[] {
  const kinds: ProviderKeyKind[] = [];
  if (config.OPENAI_API_KEY) kinds.push('openai');
  if (config.RESEND_API_KEY) kinds.push('resend');
  if (config.SMTP_URL) kinds.push('smtp');
  if (config.VAPI_API_KEY) kinds.push('vapi');
  if (config.GOOGLE_SEARCH_API_KEY) kinds.push('search');
  return kinds;
}

const VIA: Record<ProviderKeyKind, string> = { openai: 'OpenAI', resend: 'Resend', smtp: 'SMTP', vapi: 'Vapi', search: 'Google Custom Search' };

/** What is known of a workspace's stored key: kind, and how its last "Test connection" went (null: never tested). */
export interface WorkspaceKeyState {
  provider: ProviderKeyKind;
  lastTestOk: boolean | null;
}

/** How the last "Test connection" of one of the environment's keys went (the key is the one the worker holds now). */
export interface EnvironmentKeyTestState {
  provider: ProviderKeyKind;
  ok: boolean;
}

/** Which of the environment's keys a live status from `providerStatuses` runs on. */
function environmentKindOf(status: ProviderStatus): ProviderKeyKind | null {
  if (status.mode !== 'live') return null;
  if (status.provider === 'email') return status.via === 'SMTP' ? 'smtp' : 'resend';
  if (status.provider === 'ai') return 'openai';
  if (status.provider === 'search') return 'search';
  return 'vapi';
}

/**
 * Provider statuses for one workspace: what really answers, given its own keys, the environment's,
 * and how their last tests went. A key that failed its last "Test connection" is never called live.
 */
export function withWorkspaceKeys(
  statuses: readonly ProviderStatus[],
  workspaceKeys: readonly WorkspaceKeyState[],
  environmentTests: readonly EnvironmentKeyTestState[] = [],
): ProviderStatus[] {
  return statuses.map((status) => {
    // Resend before SMTP, as email delivery chooses.
    const own = (['openai', 'resend', 'smtp', 'vapi', 'search'] as const)
      .map((kind) => workspaceKeys.find((key) => key.provider === kind))
      .find((key) => key !== undefined && PROVIDER_OF_KEY[key.provider] === status.provider);
    const environmentKind = environmentKindOf(status);
    const environmentFailed = environmentKind !== null && environmentTests.some((test) => test.provider === environmentKind && !test.ok);
    // A workspace key of the provider's kind replaces the server's, whatever the server's last test said.
    if (!own && environmentFailed) {
      return { ...status, mode: 'last_test_failed', note: `The server's ${VIA[environmentKind!]} key failed its last "Test connection".` };
    }
    if (!own) return status;
    const name = VIA[own.provider];
    // A note about the server's own live setup (Vapi's webhooks) still holds with the workspace's key; one about having no key does not.
    const { note, ...rest } = status;
    const keptNote = status.mode === 'live' && note ? { note } : {};
    const emailNote = status.provider === 'email' ? { note: "Campaign email goes out with this workspace's key; sign-in and reset links use the server's settings." } : {};
    return { ...rest, mode: own.lastTestOk === false ? 'last_test_failed' : 'live', via: `${name} (workspace key)`, ...keptNote, ...emailNote };
  });
}

/** What the Keys page says about one kind of key. */
export type KeyState = 'live' | 'sandbox' | 'unavailable' | 'last_test_failed';

/**
 * `fromEnvironment`: whether the environment holds a key of this kind, and if so whether its last test
 * passed (null: never tested). `withoutKey`: what runs with neither key (voice has no sandbox when the
 * sandbox caller is off).
 */
export function keyState(
  own: WorkspaceKeyState | null,
  fromEnvironment: boolean | { lastTestOk: boolean | null },
  withoutKey: 'sandbox' | 'unavailable' = 'sandbox',
): KeyState {
  if (own) return own.lastTestOk === false ? 'last_test_failed' : 'live';
  if (!fromEnvironment) return withoutKey;
  return typeof fromEnvironment === 'object' && fromEnvironment.lastTestOk === false ? 'last_test_failed' : 'live';
}

export type KeySet = { [K in ProviderKeyKind]?: ProviderKeyFields<K> };

/** The environment's keys in the same shape as stored ones, so both are used the same way. */
export function envKeyFields(config: {
  OPENAI_API_KEY?: string | undefined;
  RESEND_API_KEY?: string | undefined;
  SMTP_URL?: string | undefined;
  VAPI_API_KEY?: string | undefined;
  VAPI_PHONE_NUMBER_ID?: string | undefined;
  GOOGLE_SEARCH_API_KEY?: string | undefined;
  GOOGLE_SEARCH_ENGINE_ID?: string | undefined;
}): KeySet {
  return {
    ...(config.OPENAI_API_KEY ? { openai: { apiKey: config.OPENAI_API_KEY } } : {}),
    ...(config.RESEND_API_KEY ? { resend: { apiKey: config.RESEND_API_KEY } } : {}),
    ...(config.SMTP_URL ? { smtp: { url: config.SMTP_URL } } : {}),
    ...(config.VAPI_API_KEY ? { vapi: { apiKey: config.VAPI_API_KEY, phoneNumberId: config.VAPI_PHONE_NUMBER_ID ?? '' } } : {}),
    ...(config.GOOGLE_SEARCH_API_KEY ? { search: { apiKey: config.GOOGLE_SEARCH_API_KEY, engineId: config.GOOGLE_SEARCH_ENGINE_ID ?? '' } } : {}),
  };
}
