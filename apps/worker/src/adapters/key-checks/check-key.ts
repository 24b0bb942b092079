import type { ProviderKeyFields, ProviderKeyKind } from '@switchboard/core';
import { createTransport } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { resolvePublicHost, systemLookup, type LookupAll } from '../public-address/resolve.ts';

export interface KeyCheck {
  ok: boolean;
  message: string;
}

export interface ProviderBaseUrls {
  openai?: string | undefined;
  resend?: string | undefined;
  vapi?: string | undefined;
  search?: string | undefined;
  /** Google Places API (New); it takes the same Google API key as search. */
  places?: string | undefined;
}

export interface KeyCheckPolicy {
  /** SMTP_ALLOW_PRIVATE_HOSTS: let the SMTP test reach a relay on the operator's own network. */
  smtpAllowPrivateHosts: boolean;
  /** How host names are resolved; DNS by default, a fake in tests. */
  lookup?: LookupAll;
}

const CHECK_TIMEOUT_MS = 10_000;

/** One authenticated, read-only request per provider: enough to know the key works, nothing sent. */
export async function checkProviderKey<K extends ProviderKeyKind>(
  kind: K,
  fields: ProviderKeyFields<K>,
  baseUrls: ProviderBaseUrls,
  policy: KeyCheckPolicy = { smtpAllowPrivateHosts: false },
): Promise<KeyCheck> {
  switch (kind) {
    case 'openai': {
      const { apiKey } = fields as ProviderKeyFields<'openai'>;
      return httpCheck('OpenAI', `${baseUrls.openai ?? 'https://api.openai.com/v1'}/models`, { authorization: `Bearer ${apiKey}` });
    }
    case 'resend': {
      const { apiKey } = fields as ProviderKeyFields<'resend'>;
      return httpCheck('Resend', `${baseUrls.resend ?? 'https://api.resend.com'}/domains`, { authorization: `Bearer ${apiKey}` });
    }
    case 'vapi': {
      const { apiKey, phoneNumberId } = fields as ProviderKeyFields<'vapi'>;
      return httpCheck('Vapi', `${baseUrls.vapi ?? 'https://api.vapi.ai'}/phone-number/${encodeURIComponent(phoneNumberId)}`, {
        authorization: `Bearer ${apiKey}`,
      });
    }
    case 'search': {
      const { apiKey, engineId } = fields as ProviderKeyFields<'search'>;
      const url = new URL(`${baseUrls.search ?? 'https://www.googleapis.com'}/customsearch/v1`);
      url.search = new URLSearchParams({ key: apiKey, cx: engineId, q: 'switchboard connection test', num: '1' }).toString();
      return httpCheck('Google Custom Search', url.toString(), {});
    }
    case 'smtp': {
      const { url } = fields as ProviderKeyFields<'smtp'>;
      return smtpCheck(url, policy);
    }
  }
  return { ok: false, message: `Unknown provider ${String(kind)}` };
}

/**
 * Logs in to the SMTP server and leaves. The host comes from whoever saved the key, so unless
 * SMTP_ALLOW_PRIVATE_HOSTS allows it, it must be public (else the test is a port scanner for the
 * worker's network), and the connection goes to the address that was checked, not the name again.
 */
async function smtpCheck(url: string, policy: KeyCheckPolicy): Promise<KeyCheck> {
  const connection = parseConnectionUrl(url);
  const host = connection.host ?? 'localhost';
  let address = host;
  if (!policy.smtpAllowPrivateHosts) {
    const resolved = await resolvePublicHost(host, policy.lookup ?? systemLookup);
    if (resolved.kind === 'refused') {
      return { ok: false, message: `Not tested: ${resolved.reason}. Only public mail servers are tested unless SMTP_ALLOW_PRIVATE_HOSTS=true is set.` };
    }
    if (resolved.kind === 'unresolved') return { ok: false, message: `The SMTP server could not be reached: ${resolved.reason}.` };
    address = resolved.address;
  }
  try {
    // TLS (smtps or STARTTLS) still checks the certificate against the name (servername), not the address.
    const options: SMTPTransport.Options = { ...connection, host: address, tls: { ...connection.tls, servername: host }, connectionTimeout: CHECK_TIMEOUT_MS, greetingTimeout: CHECK_TIMEOUT_MS };
    await createTransport(options).verify();
    return { ok: true, message: 'The SMTP server accepted the credentials.' };
  } catch (error) {
    return { ok: false, message: `The SMTP server refused: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function httpCheck(name: string, url: string, headers: Record<string, string>): Promise<KeyCheck> {
  try {
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
    if (response.ok) return { ok: true, message: `${name} accepted the key.` };
    if (response.status === 401 || response.status === 403) return { ok: false, message: `${name} rejected the key (${response.status}).` };
    return { ok: false, message: `${name} answered ${response.status}; try again later.` };
  } catch (error) {
    // Messages from fetch name the host, never the key (it travels in a header).
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'no answer within 10 s' : 'could not be reached';
    return { ok: false, message: `${name} ${reason}.` };
  }
}
