import type { Sql } from '@switchboard/db';

/**
 * `sql` that notes the kind of each statement it runs (select, insert, update…), its transactions' too,
 * in order, leaving out fragments that are parts of a statement.
 */
export function recordingStatements(sql: Sql, kinds: string[]): Sql {
  const record = <Target extends object>(target: Target): Target =>
    new Proxy(target, {
      apply(run, self, args: unknown[]) {
        const [strings] = args;
        const kind = Array.isArray(strings) && 'raw' in strings ? /^\s*(\w+)/.exec(strings.join('$'))?.[1]?.toLowerCase() : undefined;
        if (kind && ['select', 'insert', 'update', 'delete', 'with'].includes(kind)) kinds.push(kind);
        return Reflect.apply(run as (...values: unknown[]) => unknown, self, args);
      },
      get(object, key) {
        const value = Reflect.get(object, key) as unknown;
        if (key !== 'begin' || typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          kinds.push('begin');
          const body = args.pop() as (tx: Sql) => unknown;
          return (value as (...values: unknown[]) => unknown).call(object, ...args, (tx: Sql) => body(record(tx)));
        };
      },
    });
  return record(sql);
}
