export { testContext, type EnqueuedJob } from './context.ts';
export { hashPassword } from '../auth/password-hashing.ts';
