export { appRouter, createCaller, type AppRouter } from './root.ts';
export type { Context, SessionUser, CurrentWorkspace } from './context.ts';
export type { SystemStatus, WorkerStatus } from './routers/system/status.handler.ts';
export { publicProcedure, authedProcedure, operatorProcedure, adminProcedure } from './procedures/index.ts';
