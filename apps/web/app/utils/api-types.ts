import type { AppRouter } from '@switchboard/api';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

// Pages and components take their shapes from what the API returns and accepts, never from db rows:
// the API is the web's contract, and a change to it shows up here as a type error.

/** What each procedure returns, with dates as the wire carries them (strings). */
export type ApiOutputs = inferRouterOutputs<AppRouter>;

/** What each procedure accepts. */
export type ApiInputs = inferRouterInputs<AppRouter>;
