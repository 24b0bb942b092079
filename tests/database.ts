import { inject } from 'vitest';
import { cloneDatabase } from '@switchboard/db/testing';

/**
 * This test file's own database, cloned from the run's migrated template. Call once per file (in
 * beforeAll) and drop it in afterAll.
 */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  return cloneDatabase(inject('testServerUrl'), inject('templateDatabase'), inject('runPrefix'));
}

/** The test server's URL with another database name, e.g. for a template-free migration test. */
export function testServerUrl(): string {
  return inject('testServerUrl');
}

export function runPrefix(): string {
  return inject('runPrefix');
}
