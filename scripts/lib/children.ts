import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from '@switchboard/core';

export interface ManagedChild {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
}

/**
 * Starts one Switchboard process. It gets its own process group, so a terminal's Ctrl-C reaches only
 * the launcher, which then asks each child once to drain; the IPC channel tells a child its launcher
 * is gone if the launcher dies without asking.
 */
export function startChild(name: string, script: string, args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []): ManagedChild {
  const child = fork(script, args, { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true, execArgv: nodeArgs });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, process: child, exited };
}

/** Asks every child to stop (SIGTERM) and waits until all have exited. */
export async function stopChildren(children: readonly ManagedChild[], log: Logger): Promise<void> {
  for (const child of children) {
    if (child.process.exitCode === null && child.process.signalCode === null) {
      log.debug({ child: child.name }, 'stopping');
      child.process.kill('SIGTERM');
    }
  }
  await Promise.all(children.map((child) => child.exited));
}
