import type { Tab } from './browser-pool.ts';
import type { ScrapeFailureReason } from './types.ts';

// Chromium's net error codes, grouped by what they mean for a site.
const TLS_ERRORS = /net::ERR_(CERT_[A-Z_]+|SSL_[A-Z_]+|BAD_SSL_CLIENT_AUTH_CERT|SSL_VERSION_OR_CIPHER_MISMATCH)/;
const TIMEOUT_ERRORS = /net::ERR_(TIMED_OUT|CONNECTION_TIMED_OUT)/;

/** Why a navigation failed, and a one-line message without Playwright's call log. */
export function classifyNavigationError(error: unknown): { reason: ScrapeFailureReason; message: string } {
  const raw = error instanceof Error ? error.message : String(error);
  const message = raw.split('\n')[0]!.replace(/^[a-zA-Z.]+: /, '').trim();
  if ((error instanceof Error && error.name === 'TimeoutError') || TIMEOUT_ERRORS.test(raw)) return { reason: 'timeout', message };
  if (TLS_ERRORS.test(raw)) return { reason: 'tls', message };
  // The scraper's address guard is the only thing that blocks a page itself (images and the like are not navigations).
  if (raw.includes('net::ERR_BLOCKED_BY_CLIENT')) return { reason: 'blocked_address', message };
  return { reason: 'unreachable', message };
}

/** A page answered with an error status: gone (4xx) or broken (5xx). */
export function statusFailure(status: number, url: string): { reason: ScrapeFailureReason; message: string } | null {
  if (status >= 500) return { reason: 'server_error', message: `${url} answered ${status}` };
  if (status >= 400) return { reason: 'not_found', message: `${url} answered ${status}` };
  return null;
}

export function guardRefusalMessage(tab: Tab, start: URL, refused: URL): string {
  const via = refused.host === start.host ? '' : `${start.host} sent the browser to ${refused.host}: `;
  return `${via}${tab.proxy.refusal(refused.hostname) ?? `${refused.host} is a private or local address`}; only public websites are visited`;
}

/** Why the site's navigation failed; a refused redirect names where the site tried to send the browser. */
export function navigationFailure(error: unknown, start: URL, tab: Tab): { reason: ScrapeFailureReason; message: string } {
  const failure = classifyNavigationError(error);
  const refused = tab.refusedDocuments.at(-1);
  if (failure.reason === 'blocked_address' && refused !== undefined) {
    return { reason: 'blocked_address', message: `${start.host} sent the browser to ${new URL(refused).host}, a private or local address; only public websites are visited` };
  }
  // A tunnel (https) the proxy refused fails as a connection error: the proxy says which host it refused.
  const proxyRefused = tab.requestedDocuments.map((url) => new URL(url)).findLast((url) => tab.proxy.refusal(url.hostname) !== undefined);
  if (proxyRefused) return { reason: 'blocked_address', message: guardRefusalMessage(tab, start, proxyRefused) };
  return failure;
}
