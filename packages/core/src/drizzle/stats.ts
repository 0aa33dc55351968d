import { createContext } from "../util/context";

/**
 * SQL statements counted on the client side (benchmarks: `CAREBEAT_SQL_STATS=1`). Every
 * statement the app sends through postgres.js — each `unsafe` call drizzle makes, plus the
 * BEGIN and COMMIT/ROLLBACK of a transaction — is counted once, in total and against the
 * scope it was issued in (the offline server opens one scope per request, named
 * `METHOD /path` with ids replaced by `:id`). Off, the client is not wrapped at all.
 */
export const sqlStatsEnabled = () => Boolean(process.env.CAREBEAT_SQL_STATS);

type Scope = { name: string; n: number };
const scope = createContext<Scope>("sql-scope");
const totals = { statements: 0, byScope: new Map<string, { requests: number; statements: number }>() };

/** The last statements sent (text and parameters), for tests that EXPLAIN what the app really runs. */
const recent: { text: string; params: unknown[] }[] = [];
export const recentStatements = () => [...recent];

function count(n = 1) {
  totals.statements += n;
  const s = scope.maybe();
  if (s) s.n += n;
}

export async function withSqlScope<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const s: Scope = { name, n: 0 };
  try {
    return await scope.with(s, fn);
  } finally {
    const row = totals.byScope.get(name) ?? { requests: 0, statements: 0 };
    row.requests++;
    row.statements += s.n;
    totals.byScope.set(name, row);
  }
}

export function sqlStats() {
  return { statements: totals.statements, byScope: Object.fromEntries(totals.byScope) };
}

/** Wrap a postgres.js client (or a transaction's) so each statement it sends is counted. */
export function countingClient<C extends object>(client: C): C {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === "unsafe" && typeof value === "function")
        return (...args: unknown[]) => {
          count();
          recent.push({ text: String(args[0]), params: Array.isArray(args[1]) ? args[1] : [] });
          if (recent.length > 50) recent.shift();
          return value.apply(target, args);
        };
      if (prop === "begin" && typeof value === "function")
        return (...args: unknown[]) => {
          count(2); // BEGIN and COMMIT (or ROLLBACK)
          const cb = args[args.length - 1] as (tx: object) => unknown;
          args[args.length - 1] = (tx: object) => cb(countingClient(tx));
          return value.apply(target, args);
        };
      if (prop === "savepoint" && typeof value === "function")
        return (...args: unknown[]) => {
          count(2);
          const cb = args[args.length - 1] as (tx: object) => unknown;
          args[args.length - 1] = (tx: object) => cb(countingClient(tx));
          return value.apply(target, args);
        };
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
