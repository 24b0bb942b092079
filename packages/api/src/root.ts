import { authRouter } from './routers/auth/_router.ts';
import { outboxRouter } from './routers/outbox/_router.ts';
import { setupRouter } from './routers/setup/_router.ts';
import { systemRouter } from './routers/system/_router.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  outbox: outboxRouter,
  setup: setupRouter,
  system: systemRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
