import { describe, expect, it } from 'vitest';
import { HOME_PATH } from './home.ts';
import { pathAfterSignIn, signInPathFor } from './sign-in-return.ts';

describe('returning after sign-in', () => {
  it('remembers the page a signed-out person opened, with its query', () => {
    expect(signInPathFor('/leads/import', '')).toBe('/sign-in?next=%2Fleads%2Fimport');
    expect(signInPathFor('/leads', '?status=approved&sort=name')).toBe('/sign-in?next=%2Fleads%3Fstatus%3Dapproved%26sort%3Dname');
    expect(signInPathFor('/', '')).toBe('/sign-in');
    expect(signInPathFor(HOME_PATH, '')).toBe('/sign-in');
  });

  it('goes back to a path on this site', () => {
    expect(pathAfterSignIn('/leads/import')).toBe('/leads/import');
    expect(pathAfterSignIn('/leads?status=approved&sort=name')).toBe('/leads?status=approved&sort=name');
    expect(pathAfterSignIn('/calls/0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c8d')).toBe('/calls/0190f2c4-7d1e-7a3b-9c2d-3e4f5a6b7c8d');
  });

  it('never to another site, a sign-in page or anything that is not a path', () => {
    for (const next of [
      undefined,
      null,
      42,
      '',
      'https://evil.example/',
      '//evil.example/leads',
      '/\\evil.example',
      '/\\/evil.example',
      'javascript:alert(1)',
      ' /leads',
      '/leads\n/x',
      '/sign-in',
      '/sign-out?x=1',
      '/setup',
      `/${'a'.repeat(2_001)}`,
      // Short as typed, but over the limit once percent-encoded.
      `/${'é'.repeat(400)}`,
    ]) {
      expect(pathAfterSignIn(next), String(next)).toBe(HOME_PATH);
    }
  });
});
