// The address a running `pnpm start` serves on, kept in its data directory while it runs. A CLI
// command started from another shell without the same PORT or PUBLIC_URL would otherwise print
// links to the default port, where nothing answers.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '@switchboard/core';
import { publicUrl } from '@switchboard/db';

const FILE = 'running-address';
/** The variables that decide the address: when the CLI's shell sets any, it knows the address itself. */
const ADDRESS_VARIABLES = ['PUBLIC_URL', 'PORT', 'HOST'] as const;

export async function recordRunningAddress(config: Config): Promise<void> {
  await mkdir(config.SWITCHBOARD_DATA_DIR, { recursive: true });
  await writeFile(join(config.SWITCHBOARD_DATA_DIR, FILE), `${publicUrl(config)}\n`);
}

/** Removes the record, if it is still this process's (a later start may have written its own). */
export async function forgetRunningAddress(config: Config): Promise<void> {
  const file = join(config.SWITCHBOARD_DATA_DIR, FILE);
  const recorded = await readFile(file, 'utf8').catch(() => null);
  if (recorded?.trim() === publicUrl(config)) await rm(file, { force: true });
}

/** Where links printed by a CLI command point: this shell's address settings, else the running product's. */
export async function linkBaseUrl(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (ADDRESS_VARIABLES.some((name) => env[name]?.trim())) return publicUrl(config);
  const recorded = await readFile(join(config.SWITCHBOARD_DATA_DIR, FILE), 'utf8').catch(() => null);
  return recorded?.trim() || publicUrl(config);
}
