import { listLeadImports } from '@switchboard/db';
import type { AuthedContext } from '../../procedures/index.ts';
import { importView } from './import-view.ts';

const RECENT_IMPORTS = 20;

/** The workspace's recent imports, newest first, so a person can leave the page and come back. */
export async function importListHandler({ ctx }: { ctx: AuthedContext }) {
  return (await listLeadImports(ctx.db, ctx.workspace.id, RECENT_IMPORTS)).map(importView);
}
