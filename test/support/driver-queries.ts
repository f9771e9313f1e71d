import { Client } from 'pg';

/**
 * The message of pg 8's DeprecationWarning for a query sent on a client that is still
 * busy with another one; pg 9 turns the call into an error.
 */
export const CONCURRENT_QUERY_WARNING = 'already executing a query';

/** Collects every process warning whose message names a query sent on a busy client. */
export function collectConcurrentQueryWarnings(): { readonly warnings: readonly string[]; stop(): void } {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => {
    if (warning.message.includes(CONCURRENT_QUERY_WARNING)) warnings.push(`${warning.name}: ${warning.message}`);
  };
  process.on('warning', onWarning);
  return { warnings, stop: () => process.off('warning', onWarning) };
}

/**
 * Records every query sent on a pg client while an earlier query on the same client has
 * not been answered yet, with both statements. Stricter than pg 8's warning, which only
 * fires once a second query is already waiting behind the running one (three at once):
 * pg 9 refuses the second.
 */
export function recordOverlappingQueries(): { readonly overlaps: readonly string[]; clear(): void; restore(): void } {
  const overlaps: string[] = [];
  const running = new WeakMap<Client, string[]>();
  const original = Client.prototype.query;
  const text = (query: unknown) =>
    String((query as { text?: string } | undefined)?.text ?? query)
      .replace(/\s+/g, ' ')
      .slice(0, 100);

  // pg's query() has many overloads; the promise and callback forms are the ones in use.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Client.prototype.query = function (this: Client, ...args: any[]): any {
    const sql = text(args[0]);
    const busy = running.get(this) ?? [];
    running.set(this, busy);
    if (busy.length > 0) overlaps.push(`${sql}  (sent while running: ${busy.join(' | ')})`);
    busy.push(sql);
    const done = () => {
      const index = busy.indexOf(sql);
      if (index >= 0) busy.splice(index, 1);
    };
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (...callbackArgs: unknown[]) => {
        done();
        return (last as (...a: unknown[]) => unknown)(...callbackArgs);
      };
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    }
    const result = (original as (...a: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) result.then(done, done);
    else done();
    return result;
  } as typeof Client.prototype.query;

  return {
    overlaps,
    clear: () => {
      overlaps.length = 0;
    },
    restore: () => {
      Client.prototype.query = original;
    },
  };
}
