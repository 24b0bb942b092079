import { Invalid, SYSTEM_CONFIG_SCHEMA } from '@switchboard/core';
import { getSystemConfig, getWorkspace, isInstanceOwner, listInstanceOwnerEmails, setSystemConfigValue, updateWorkspace } from '@switchboard/db';
import { recordAction, recordInstallationAction } from '../../audit/record.ts';
import type { AdminContext } from '../../procedures/index.ts';
import type { TUpdateSystemConfigInputSchema, TUpdateWorkspaceInputSchema } from './settings.schema.ts';

/** The workspace's settings and the installation-wide ones, with whether this admin may change the latter. */
export async function getSettingsHandler({ ctx }: { ctx: AdminContext }) {
  const [workspace, system, isOwner, owners, allOwners] = await Promise.all([
    getWorkspace(ctx.db, ctx.workspace.id),
    getSystemConfig(ctx.db),
    isInstanceOwner(ctx.db, ctx.user.id),
    listInstanceOwnerEmails(ctx.db, ctx.workspace.id),
    listInstanceOwnerEmails(ctx.db),
  ]);
  return {
    workspace: { name: workspace.name, slug: workspace.slug, timeZone: workspace.timeZone },
    system,
    systemEditable: isOwner,
    /** Who may change the installation-wide settings, for the note other admins see: only owners in this workspace are named. */
    owners,
    /** Whether an owner exists at all (perhaps only in other workspaces, unnamed here). */
    ownerExists: allOwners.length > 0,
  };
}

export async function updateWorkspaceHandler({ ctx, input }: { ctx: AdminContext; input: TUpdateWorkspaceInputSchema }) {
  return ctx.db.begin(async (tx) => {
    const before = await getWorkspace(tx, ctx.workspace.id);
    const after = await updateWorkspace(tx, ctx.workspace.id, input);
    await recordAction(tx, ctx, {
      action: 'workspace.update',
      targetType: 'workspace',
      targetId: ctx.workspace.id,
      summary: { from: { name: before.name, timeZone: before.timeZone }, to: input },
    });
    return { name: after.name, timeZone: after.timeZone };
  });
}

/** System settings apply to the whole installation; the change is logged where every workspace sees it. */
export async function updateSystemConfigHandler({ ctx, input }: { ctx: AdminContext; input: TUpdateSystemConfigInputSchema }) {
  const parsed = SYSTEM_CONFIG_SCHEMA[input.key].safeParse(input.value);
  if (!parsed.success) throw new Invalid(`${input.key} must be a whole number in its allowed range.`);
  await ctx.db.begin(async (tx) => {
    const before = (await getSystemConfig(tx))[input.key];
    await setSystemConfigValue(tx, input.key, parsed.data);
    await recordInstallationAction(tx, ctx, {
      action: 'system_config.update',
      targetType: 'system_config',
      targetId: input.key,
      summary: { key: input.key, from: before, to: parsed.data },
    });
  });
  return getSystemConfig(ctx.db);
}
