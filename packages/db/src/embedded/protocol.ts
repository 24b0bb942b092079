/** Messages between a Switchboard process and the embedded PostgreSQL host it forked. */
export interface HostOptions {
  dir: string;
  port: number;
}

export type HostToParent =
  | { type: 'ready'; url: string; version: string; freshCluster: boolean }
  | { type: 'failed'; message: string }
  | { type: 'log'; line: string };

export type ParentToHost = { type: 'stop' };
