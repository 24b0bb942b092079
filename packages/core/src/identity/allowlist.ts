import type { Role } from '../access/index.ts';
import { emailDomain, normalizeEmail } from './email.ts';

export const ALLOWLIST_KINDS = Object.freeze({ email: 'email', domain: 'domain' } as const);
export type AllowlistKind = (typeof ALLOWLIST_KINDS)[keyof typeof ALLOWLIST_KINDS];

export interface AllowlistEntry {
  workspaceId: string;
  kind: AllowlistKind;
  /** A normalised address, or a bare domain such as "acme.com". */
  value: string;
  /** The role someone joining through this entry gets. */
  role: Role;
}

/**
 * The entries that let `email` in, most specific first: an exact address beats its domain, so an
 * admin can allowlist a whole company as viewers and one person as operator.
 */
export function matchAllowlist<T extends AllowlistEntry>(email: string, entries: readonly T[]): T[] {
  const address = normalizeEmail(email);
  const domain = emailDomain(address);
  const exact = entries.filter((entry) => entry.kind === 'email' && entry.value === address);
  const byDomain = entries.filter((entry) => entry.kind === 'domain' && entry.value === domain);
  return [...exact, ...byDomain];
}

/** Normalises what an admin typed: "@Acme.com" and "acme.com" both mean the domain acme.com. */
export function parseAllowlistValue(input: string): { kind: AllowlistKind; value: string } | null {
  const value = normalizeEmail(input).replace(/^@/, '');
  if (/^[^\s@]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(value)) return { kind: 'email', value };
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(value)) return { kind: 'domain', value };
  return null;
}
