import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAll } from '@switchboard/core/discovery';

// The rule lives in core so the api judges a saved host exactly as the worker judges it before connecting.
export { resolvePublicHost, type LookupAll, type ResolvedHost } from '@switchboard/core/discovery';

export const systemLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });
