import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/build/**', '.switchboard/**', '**/.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Domain rules stay pure: no database, network or environment access from packages/core.
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['postgres', 'pg-boss', 'socket.io', 'express'], patterns: ['node:fs*', 'node:net', 'node:http*', 'node:child_process'] },
      ],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Config is parsed once at the entry point and passed in.' }],
    },
  },
  {
    // One writer: entries reach the audit log only through packages/api/src/audit/record.ts, in the
    // transaction that made the change; db functions run SQL and never decide to audit. The one other
    // writer is the worker recording what the system itself did (a mailbox pausing itself over its
    // bounce or complaint rate, a campaign pausing itself when its calls reach its call budget), in the
    // transaction that did it: no member acted, so no api call exists.
    files: ['apps/**/*.{ts,tsx}', 'packages/api/src/**/*.ts', 'packages/db/src/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    ignores: [
      'packages/api/src/audit/record.ts',
      'packages/db/src/queries/audit-log.ts',
      'packages/db/src/queries/index.ts',
      'apps/worker/src/email-events/apply-event.ts',
      'apps/worker/src/call-events/pause-over-budget.ts',
      '**/*.test.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@switchboard/db', importNames: ['appendAudit'], message: 'Record audit entries through packages/api/src/audit/record.ts.' }],
          patterns: [{ group: ['**/audit-log.ts'], importNames: ['appendAudit'], message: 'Record audit entries through packages/api/src/audit/record.ts.' }],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
