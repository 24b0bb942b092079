import { errors } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { classifyNavigationError, statusFailure } from './failures.ts';

describe('scrape failure reasons', () => {
  it.each([
    [new errors.TimeoutError('page.goto: Timeout 1000ms exceeded.\nCall log:\n  - navigating to "http://acme.com/"'), 'timeout', 'Timeout 1000ms exceeded.'],
    [new Error('page.goto: net::ERR_CONNECTION_TIMED_OUT at http://acme.com/'), 'timeout', 'net::ERR_CONNECTION_TIMED_OUT at http://acme.com/'],
    [new Error('page.goto: net::ERR_CERT_DATE_INVALID at https://acme.com/'), 'tls', 'net::ERR_CERT_DATE_INVALID at https://acme.com/'],
    [new Error('page.goto: net::ERR_SSL_PROTOCOL_ERROR at https://acme.com/'), 'tls', 'net::ERR_SSL_PROTOCOL_ERROR at https://acme.com/'],
    [new Error('page.goto: net::ERR_NAME_NOT_RESOLVED at http://gone.acme/'), 'unreachable', 'net::ERR_NAME_NOT_RESOLVED at http://gone.acme/'],
    [new Error('page.goto: net::ERR_CONNECTION_REFUSED at http://acme.com/'), 'unreachable', 'net::ERR_CONNECTION_REFUSED at http://acme.com/'],
    [new Error('page.goto: net::ERR_BLOCKED_BY_CLIENT at http://acme.com/'), 'blocked_address', 'net::ERR_BLOCKED_BY_CLIENT at http://acme.com/'],
    ['something odd', 'unreachable', 'something odd'],
  ])('classifies %s', (error, reason, message) => {
    expect(classifyNavigationError(error)).toEqual({ reason, message });
  });

  it('maps error statuses to not_found and server_error', () => {
    expect(statusFailure(200, 'http://acme.com/')).toBeNull();
    expect(statusFailure(404, 'http://acme.com/')).toEqual({ reason: 'not_found', message: 'http://acme.com/ answered 404' });
    expect(statusFailure(410, 'http://acme.com/')).toMatchObject({ reason: 'not_found' });
    expect(statusFailure(503, 'http://acme.com/')).toEqual({ reason: 'server_error', message: 'http://acme.com/ answered 503' });
  });
});
