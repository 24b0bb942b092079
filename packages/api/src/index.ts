export { appRouter, createCaller, type AppRouter } from './root.ts';
export type { Context, SessionUser, CurrentWorkspace, RequestOrigin, SessionCookies } from './context.ts';
export { resolveSession, startSession, SESSION_COOKIE, type ResolvedSession } from './auth/sessions.ts';
export { publicProcedure, authedProcedure, operatorProcedure, adminProcedure } from './procedures/index.ts';
export { createSetupToken, createAdmin, hasAnyUser, SETUP_LINK_TTL_MS, type NewAdmin } from './auth/first-run.ts';
export { resolveApiToken, API_TOKEN_PREFIX } from './auth/api-tokens.ts';
export { issuePasswordResetLink, RESET_LINK_TTL_MS } from './auth/reset-link.ts';
export { REQUEST_STATEMENT_TIMEOUT_MS, EXPENSIVE_CALLS_PER_USER } from './request-limits.ts';
export {
  receiveLeadImportUpload,
  UploadTooLarge,
  LEAD_IMPORT_MAX_BYTES,
  DEFAULT_UPLOAD_LIMITS,
  type UploadLimits,
} from './lead-import/receive-upload.ts';
export type { AuthedContext } from './procedures/index.ts';
export { INVALID_UNSUBSCRIBE_LINK, readUnsubscribeLink, unsubscribeByLink, type UnsubscribeLink } from './suppressions/unsubscribe.ts';
