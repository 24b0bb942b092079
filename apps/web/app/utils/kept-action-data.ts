import { useActionData, useLocation } from '@remix-run/react';
import { useRef } from 'react';

/**
 * The last action's result, kept while the page stays where it is. Remix drops action data on every
 * reload, so on a page that reloads on live events a notice ("Queued 4 calls.") or a form's errors
 * and typed values would vanish with the next event; a navigation (a new location) still clears it.
 */
export function useKeptActionData<Action>(): ReturnType<typeof useActionData<Action>> {
  const data = useActionData<Action>();
  const { key } = useLocation();
  const kept = useRef<{ key: string; data: typeof data } | undefined>(undefined);
  if (data !== undefined) kept.current = { key, data };
  else if (kept.current?.key !== key) kept.current = undefined;
  return data !== undefined ? data : kept.current?.data;
}
