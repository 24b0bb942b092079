import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { planWorld, SANDBOX_HOST_SUFFIX, type SandboxBusiness, type SitePlan } from './generate.ts';
import type { GoogleService, InjectedFailure } from './google-errors.ts';
import { handlePlacesTextSearch } from './places-api.ts';
import { matchBusinesses } from './query-match.ts';
import { handleSearch } from './search-api.ts';
import { CONTACT_FORM_ACTION, formSubmissionsPage, renderSitePath } from './site-pages.ts';
import { WorldState, type SandboxSite } from './state.ts';

// The Host names the world's own pages answer to (its sites answer to <slug>.sandbox.localhost).
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export type { SandboxBusiness, SandboxPerson, SiteExpectation, SiteOutcome, SiteQuirk, EmailStyle } from './generate.ts';
export type { SandboxSite } from './state.ts';
export type { InjectedFailure, GoogleService } from './google-errors.ts';
export { SANDBOX_CATEGORIES, type SandboxCategory } from './catalog.ts';
export { SANDBOX_HOST_SUFFIX } from './generate.ts';

/** The key and engine id the world accepts by default (it checks that one is sent, as Google does). */
export const SANDBOX_API_KEY = 'sandbox-key';
export const SANDBOX_ENGINE_ID = 'sandbox-engine';
export const DEFAULT_SANDBOX_SEED = 4;

export interface SandboxFailureOptions {
  /** Custom Search queries per (Pacific) day before 429 "Queries per day"; Google's free tier is 100. */
  searchQueriesPerDay?: number;
  /** Places Text Search requests per day before 429. */
  placesRequestsPerDay?: number;
  /** How long the slow pages take; keep it above the scraper's page timeout. */
  slowPageMs?: number;
}

export interface SandboxWorldOptions {
  seed?: number;
  /** 0 (the default) picks a free port. */
  port?: number;
  failures?: SandboxFailureOptions;
  /** Keys the fake APIs accept besides SANDBOX_API_KEY. */
  apiKeys?: string[];
  /** The time quotas are counted in; tests move it to cross a quota day. */
  clock?: () => Date;
}

export interface SiteRequest {
  /** The site's host, without "www." and port. */
  host: string;
  /** The Host header as sent. */
  hostHeader: string;
  path: string;
  userAgent: string;
  at: number;
}

/** A contact form submission one of the world's sites received. */
export interface SandboxFormSubmission {
  /** The site's host, without "www." and port. */
  host: string;
  path: string;
  /** The form's fields as posted (name → value). */
  fields: Record<string, string>;
  userAgent: string;
  at: Date;
}

export interface SandboxWorld {
  seed: number;
  port: number;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** Base URL for the Custom Search client (it adds /customsearch/v1). */
  searchBaseUrl: string;
  /** Base URL for the Places client (it adds /v1/places:searchText). */
  placesBaseUrl: string;
  apiKey: string;
  engineId: string;
  /** Ground truth for tests: every website with its expected scrape outcome and findings. */
  sites: SandboxSite[];
  businesses: SandboxBusiness[];
  /** The businesses search and Places consider for a query, in their ranking order. */
  matchBusinesses(query: string): SandboxBusiness[];
  /** Makes the next `times` calls to one API fail this way (before quota is counted). */
  injectFailure(service: GoogleService, failure: InjectedFailure, times?: number): void;
  usage(service: GoogleService): { day: string; used: number; limit: number };
  /** Requests the websites received (robots.txt included), oldest first, optionally for one host. */
  siteRequests(host?: string): SiteRequest[];
  /** Contact form submissions the websites received, oldest first, optionally for one host (also at GET /sandbox/form-submissions). */
  formSubmissions(host?: string): SandboxFormSubmission[];
  close(): Promise<void>;
}

// Above the default scrape page timeout (15 s), so the slow pages time out with default settings.
const DEFAULT_SLOW_PAGE_MS = 30_000;
const MAX_LOGGED_REQUESTS = 10_000;
const MAX_KEPT_SUBMISSIONS = 1_000;
// A contact form body bigger than this is not a person's message: refused with 413.
const MAX_FORM_BODY_BYTES = 64 * 1024;

/**
 * The bundled local world for sandbox mode and tests: one HTTP server on 127.0.0.1 speaking Google
 * Custom Search and Places (New) and serving ~50 generated business websites by Host header at
 * http://<slug>.sandbox.localhost:<port>/ (Chromium resolves *.localhost to loopback).
 */
export async function startSandboxWorld(options: SandboxWorldOptions = {}): Promise<SandboxWorld> {
  const seed = options.seed ?? DEFAULT_SANDBOX_SEED;
  const slowPageMs = options.failures?.slowPageMs ?? DEFAULT_SLOW_PAGE_MS;
  const plan = planWorld(seed);
  const requests: SiteRequest[] = [];
  const submissions: SandboxFormSubmission[] = [];
  const timers = new Set<NodeJS.Timeout>();
  // Site addresses need the port, so the world's state exists only once the server listens.
  const ready: { world?: WorldState } = {};

  const server = createServer((request, response) => {
    if (!ready.world) return void response.writeHead(503).end();
    try {
      route(ready.world, request, response);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(`sandbox world failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  function route(world: WorldState, request: IncomingMessage, response: ServerResponse): void {
    const hostHeader = (request.headers.host ?? '').toLowerCase();
    const hostname = hostHeader.replace(/:\d+$/, '').replace(/^www\./, '');
    const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
    if (hostname.endsWith(`.${SANDBOX_HOST_SUFFIX}`)) {
      // A dead host: the connection drops with no answer (and, like a real one, it logs nothing).
      if (world.sitesBySlug.get(hostname.slice(0, -SANDBOX_HOST_SUFFIX.length - 1))?.outcome === 'unreachable') return void request.socket.destroy();
      requests.push({ host: hostname, hostHeader, path: url.pathname, userAgent: request.headers['user-agent'] ?? '', at: Date.now() });
      if (requests.length > MAX_LOGGED_REQUESTS) requests.shift();
      const site = world.sitesBySlug.get(hostname.slice(0, -SANDBOX_HOST_SUFFIX.length - 1));
      const business = site && world.businesses.find((candidate) => candidate.id === site.businessId);
      if (!site || !business) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('No such site in the sandbox world.');
      // Every site's canonical host is the bare one, as most real sites redirect "www." one way or the other.
      if (hostHeader.startsWith('www.') && url.pathname !== '/robots.txt') {
        return void response.writeHead(301, { location: `http://${hostHeader.slice(4)}${url.pathname}${url.search}` }).end();
      }
      if (request.method === 'POST' && url.pathname === CONTACT_FORM_ACTION && site.contactForm) {
        return readFormBody(request, response, (fields) => {
          // As a real site's form handler would: a missing required box, or a filled honeypot (a bot), is refused and not kept.
          if (!fields.name?.trim() || !fields.email?.includes('@') || !fields.message?.trim() || fields.website) {
            return void response.writeHead(422, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><p>Please fill in your name, email and message.</p>');
          }
          submissions.push({ host: hostname, path: url.pathname, fields, userAgent: request.headers['user-agent'] ?? '', at: new Date() });
          if (submissions.length > MAX_KEPT_SUBMISSIONS) submissions.shift();
          const answer = renderSitePath(site, business, CONTACT_FORM_ACTION, slowPageMs);
          response.writeHead(answer.status, answer.headers).end(answer.body);
        });
      }
      const answer = renderSitePath(site, business, url.pathname, slowPageMs);
      const send = () => {
        if (!response.destroyed) response.writeHead(answer.status, answer.headers).end(answer.body);
      };
      if (answer.delayMs <= 0) return send();
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, answer.delayMs);
      timers.add(timer);
      return;
    }
    if (request.method === 'GET' && url.pathname === '/customsearch/v1') return json(response, handleSearch(world, url));
    if (request.method === 'GET' && url.pathname === '/sandbox/form-submissions') {
      // Every workspace's messages are on it: only for a browser that asked for this machine by a loopback name, never for a page rebound to it.
      if (!LOOPBACK_NAMES.has(hostname)) return void response.writeHead(421, { 'content-type': 'text/plain' }).end('This page answers only on 127.0.0.1 or localhost.');
      return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(formSubmissionsPage(submissions));
    }
    if (request.method === 'POST' && url.pathname === '/v1/places:searchText') {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => json(response, handlePlacesTextSearch(world, request.headers, url, body)));
      return;
    }
    json(response, { status: 404, body: { error: { code: 404, message: `The requested URL ${url.pathname} was not found on this server.`, status: 'NOT_FOUND' } } });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const sites = plan.sites.map((site) => located(site, port, plan.businesses));
  const world = new WorldState({
    businesses: plan.businesses,
    sites,
    apiKeys: new Set([SANDBOX_API_KEY, ...(options.apiKeys ?? [])]),
    engineId: SANDBOX_ENGINE_ID,
    dailyLimits: { search: options.failures?.searchQueriesPerDay ?? 100, places: options.failures?.placesRequestsPerDay ?? 1_000 },
    clock: options.clock ?? (() => new Date()),
  });
  ready.world = world;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    seed,
    port,
    baseUrl,
    searchBaseUrl: baseUrl,
    placesBaseUrl: baseUrl,
    apiKey: SANDBOX_API_KEY,
    engineId: SANDBOX_ENGINE_ID,
    sites,
    businesses: plan.businesses,
    matchBusinesses: (query) => matchBusinesses(plan.businesses, query),
    injectFailure: (service, failure, times = 1) => world.inject(service, failure, times),
    usage: (service) => world.usage(service),
    formSubmissions: (host) => submissions.filter((submission) => host === undefined || submission.host === host.toLowerCase().replace(/:\d+$/, '').replace(/^www\./, '')),
    siteRequests: (host) => requests.filter((request) => host === undefined || request.host === host.toLowerCase().replace(/:\d+$/, '').replace(/^www\./, '')),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The addresses a site is reached at, all on the world's one port (the scraper may reach no other):
 * broken TLS is https on the plain-HTTP port; an unreachable site's connections are dropped unanswered.
 */
function located(site: SitePlan, port: number, businesses: SandboxBusiness[]): SandboxSite {
  const business = businesses.find((candidate) => candidate.id === site.businessId)!;
  const url = site.outcome === 'tls' ? `https://${site.host}:${port}/` : `http://${site.host}:${port}/`;
  const listingUrl = business.placeId === null ? null : site.quirks.includes('listing_utm') ? `${url.replace('://', '://www.')}?utm_source=gbp&utm_medium=organic&utm_campaign=listing` : url;
  const searchUrl = business.inSearch ? new URL(site.searchPath, url).toString() : null;
  return { ...site, url, listingUrl, searchUrl };
}

function json(response: ServerResponse, answer: { status: number; body: unknown; headers?: Record<string, string> }): void {
  response.writeHead(answer.status, { 'content-type': 'application/json; charset=UTF-8', ...answer.headers }).end(JSON.stringify(answer.body));
}

/** A urlencoded form body, as name → value (the last value of a repeated name); 413 past MAX_FORM_BODY_BYTES. */
function readFormBody(request: IncomingMessage, response: ServerResponse, done: (fields: Record<string, string>) => void): void {
  let body = '';
  let tooLarge = false;
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => {
    body += chunk;
    if (Buffer.byteLength(body) > MAX_FORM_BODY_BYTES && !tooLarge) {
      tooLarge = true;
      response.writeHead(413, { 'content-type': 'text/plain' }).end('Form too large.');
    }
  });
  request.on('end', () => {
    if (!tooLarge) done(Object.fromEntries(new URLSearchParams(body)));
  });
}
