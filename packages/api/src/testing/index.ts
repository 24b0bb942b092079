export { testContext, type EnqueuedJob } from './context.ts';
export { capturedLog } from './captured-log.ts';
export { hashPassword } from '../auth/password-hashing.ts';
export { leaves, plausible, withValue, type Leaf, type Path, type SchemaNode } from './input-shapes.ts';
