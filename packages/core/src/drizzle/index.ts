import { drizzle, type PostgresJsDatabase, type PostgresJsTransaction } from "drizzle-orm/postgres-js";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import postgres from "postgres";
import { links, type Links } from "../util/links";
import { createContext } from "../util/context";
import { countingClient, sqlStatsEnabled } from "./stats";
import { dbTls } from "./tls";

export { withSqlScope, sqlStats, recentStatements } from "./stats";

/** Shape of the `Database` link in both homes (sst.aws.Postgres link properties). */
export type DatabaseLink = Links["Database"];

type Db = PostgresJsDatabase<Record<string, never>>;
export type Transaction = PostgresJsTransaction<Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
type TxOrDb = Transaction | Db;

let client: ReturnType<typeof postgres> | undefined;
/** `client`, wrapped for counting when CAREBEAT_SQL_STATS is set: what the app sends through. */
let sent: ReturnType<typeof postgres> | undefined;
let database: Db | undefined;

function link(): DatabaseLink {
  return links.Database;
}

/**
 * One pool per process (per Lambda container). Small in Lambda, where each container serves
 * one request at a time; the offline runtime raises it through CAREBEAT_DB_POOL.
 */
export function useDb(): Db {
  if (!database) {
    const l = link();
    client = postgres({
      host: l.host,
      port: Number(l.port),
      user: l.username,
      password: l.password,
      database: l.database,
      max: Number(process.env.CAREBEAT_DB_POOL ?? 5),
      idle_timeout: 20,
      onnotice: () => {},
      ssl: dbTls(),
    });
    sent = sqlStatsEnabled() ? countingClient(client) : client;
    database = drizzle(sent);
  }
  return database;
}

export async function closeDb() {
  await client?.end({ timeout: 5 });
  client = undefined;
  sent = undefined;
  database = undefined;
}

/**
 * The postgres.js client of the current transaction, or the pool: for hot-path statements
 * sent as named prepared statements (`unsafe(text, params, { prepare: true })`), which
 * PostgreSQL parses and plans once per connection. drizzle's own queries go unnamed.
 */
export function useSql(): ReturnType<typeof postgres> {
  const current = TxContext.maybe();
  if (current) return (current.tx as unknown as { session: { client: ReturnType<typeof postgres> } }).session.client;
  useDb();
  return sent!;
}

type Effect = () => void | Promise<void>;
const TxContext = createContext<{ tx: Transaction; effects: Effect[]; settled: Effect[] }>("transaction");

/** Run inside the current transaction if there is one, else straight on the pool. */
export async function useTransaction<T>(cb: (tx: TxOrDb) => Promise<T>): Promise<T> {
  const current = TxContext.maybe();
  if (current) return cb(current.tx);
  return cb(useDb());
}

/**
 * Start a transaction (or join the current one). Effects registered with `afterCommit`
 * run only once the outermost transaction has committed, so nothing outside the database
 * (a Step Functions execution, a WebSocket push) is triggered by a write that rolled back.
 */
export async function createTransaction<T>(cb: (tx: Transaction) => Promise<T>): Promise<T> {
  const current = TxContext.maybe();
  if (current) return cb(current.tx);
  const effects: Effect[] = [];
  const settled: Effect[] = [];
  let result: T;
  try {
    result = await useDb().transaction((tx) => TxContext.with({ tx, effects, settled }, () => cb(tx)));
  } finally {
    for (const effect of settled) await effect();
  }
  for (const effect of effects) await effect();
  return result;
}

/**
 * Run a write that must survive the current transaction's rollback (a denied-access audit
 * row) once the transaction has ended either way. Writing it on the pool *during* the
 * transaction would need a second connection, and the offline PGlite has only one.
 */
export async function outsideTransaction(effect: Effect) {
  const current = TxContext.maybe();
  if (current) current.settled.push(effect);
  else await effect();
}

export function afterCommit(effect: () => void | Promise<void>) {
  const current = TxContext.maybe();
  if (current) current.effects.push(effect);
  else return effect();
}

/** A thrown value read as an error with an optional cause chain (drizzle wraps postgres.js's error). */
type ErrorChain = { code?: unknown; constraint_name?: unknown; constraint?: unknown; cause?: unknown } | null | undefined;

/** Postgres error code of a failed query, looking through drizzle's wrapper. */
export function pgCode(err: unknown): string | undefined {
  let e = err as ErrorChain;
  for (let i = 0; i < 4 && e; i++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause as ErrorChain;
  }
  return undefined;
}

/** Constraint name of a failed query (e.g. the overlap exclusion constraint). */
export function pgConstraint(err: unknown): string | undefined {
  let e = err as ErrorChain;
  for (let i = 0; i < 4 && e; i++) {
    if (typeof e.constraint_name === "string") return e.constraint_name;
    if (typeof e.constraint === "string") return e.constraint;
    e = e.cause as ErrorChain;
  }
  return undefined;
}

/** Failures worth an immediate retry: the connection, not the statement (SQLSTATE class 08, shutdowns, serialization). */
export function transient(err: unknown): boolean {
  let code = pgCode(err) ?? "";
  // postgres.js connection errors have long codes (CONNECTION_CLOSED), possibly under drizzle's wrapper.
  for (let e = err as ErrorChain, i = 0; !code && e && i < 4; e = e.cause as ErrorChain, i++) if (typeof e.code === "string") code = e.code;
  return /^08/.test(code) || /^57P0[123]$/.test(code) || code === "40001" || code === "40P01" || /^(CONNECTION_|CONNECT_TIMEOUT|ECONN|EPIPE|ETIMEDOUT)/.test(code);
}
