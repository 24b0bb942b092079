import { NotFound } from '@switchboard/core';
import type { Db } from '../client.ts';

export interface Workspace {
  id: string;
  name: string;
  slug: string;
  timeZone: string;
  createdAt: Date;
}


export async function createWorkspace(sql: Db, input: { name: string; slug: string; timeZone?: string }): Promise<Workspace> {
  const [row]: [Workspace?] = await sql`
    insert into workspaces (name, slug, time_zone)
    values (${input.name}, ${input.slug}, ${input.timeZone ?? 'UTC'})
    returning id, name, slug, time_zone as "timeZone", created_at as "createdAt"`;
  if (!row) throw new Error('Workspace was not created');
  return row;
}

export async function getWorkspace(sql: Db, id: string): Promise<Workspace> {
  const [row]: [Workspace?] = await sql`
    select id, name, slug, time_zone as "timeZone", created_at as "createdAt" from workspaces where id = ${id}`;
  if (!row) throw new NotFound('Workspace not found');
  return row;
}

export async function countWorkspaces(sql: Db): Promise<number> {
  const [row]: [{ count: number }?] = await sql`select count(*)::int as count from workspaces`;
  return row?.count ?? 0;
}

/** A URL-safe slug from a name, with a numeric suffix when taken. */
export async function availableSlug(sql: Db, name: string): Promise<string> {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'workspace';
  const taken = await sql<{ slug: string }[]>`select slug from workspaces where slug = ${base} or slug like ${`${base}-%`}`;
  const used = new Set(taken.map((row) => row.slug));
  if (!used.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) if (!used.has(`${base}-${suffix}`)) return `${base}-${suffix}`;
}

export async function updateWorkspace(sql: Db, id: string, changes: { name: string; timeZone: string }): Promise<Workspace> {
  const [row]: [Workspace?] = await sql`
    update workspaces set name = ${changes.name}, time_zone = ${changes.timeZone}, updated_at = now()
    where id = ${id}
    returning id, name, slug, time_zone as "timeZone", created_at as "createdAt"`;
  if (!row) throw new NotFound('Workspace not found');
  return row;
}
