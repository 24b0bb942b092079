import { allowlistRouter } from './routers/allowlist/_router.ts';
import { analyticsRouter } from './routers/analytics/_router.ts';
import { auditRouter } from './routers/audit/_router.ts';
import { authRouter } from './routers/auth/_router.ts';
import { callsRouter } from './routers/calls/_router.ts';
import { campaignsRouter } from './routers/campaigns/_router.ts';
import { discoveryRouter } from './routers/discovery/_router.ts';
import { healthRouter } from './routers/health/_router.ts';
import { inboxRouter } from './routers/inbox/_router.ts';
import { jobsRouter } from './routers/jobs/_router.ts';
import { keysRouter } from './routers/keys/_router.ts';
import { leadsRouter } from './routers/leads/_router.ts';
import { mailboxesRouter } from './routers/mailboxes/_router.ts';
import { membersRouter } from './routers/members/_router.ts';
import { outreachRouter } from './routers/outreach/_router.ts';
import { outboxRouter } from './routers/outbox/_router.ts';
import { settingsRouter } from './routers/settings/_router.ts';
import { suppressionsRouter } from './routers/suppressions/_router.ts';
import { setupRouter } from './routers/setup/_router.ts';
import { systemRouter } from './routers/system/_router.ts';
import { tokensRouter } from './routers/tokens/_router.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  allowlist: allowlistRouter,
  analytics: analyticsRouter,
  audit: auditRouter,
  auth: authRouter,
  calls: callsRouter,
  campaigns: campaignsRouter,
  discovery: discoveryRouter,
  health: healthRouter,
  inbox: inboxRouter,
  jobs: jobsRouter,
  keys: keysRouter,
  leads: leadsRouter,
  mailboxes: mailboxesRouter,
  members: membersRouter,
  outbox: outboxRouter,
  outreach: outreachRouter,
  settings: settingsRouter,
  setup: setupRouter,
  suppressions: suppressionsRouter,
  system: systemRouter,
  tokens: tokensRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
