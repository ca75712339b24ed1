import path from 'node:path'
import { mkdirSync } from 'node:fs'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm'
import { PGlite } from '@electric-sql/pglite'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { schema } from './schema'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema>
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
/** A repository function accepts either the database or an open transaction. */
export type Queryable = Db | Tx

/** The rows of a raw SQL statement, for the few queries the builder cannot express (grouping sets, recursive CTEs). */
export async function selectRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  // Both drivers (node-postgres, PGlite) answer an execute with { rows }.
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows
}

export type DatabaseHandle = {
  db: Db
  /** 'pglite' for the embedded database, 'postgres' for a server reached through DATABASE_URL. */
  kind: 'pglite' | 'postgres'
  migrate: () => Promise<void>
  close: () => Promise<void>
}

export const MIGRATIONS_FOLDER = path.resolve(__dirname, '../../../drizzle')

export type DatabaseOptions =
  | {
      kind: 'postgres'
      url: string
      poolSize?: number
      connectionTimeoutMillis?: number
      /** A pooled connection was lost (logged; the pool reconnects by itself). */
      onConnectionError?: (err: Error) => void
    }
  /** dataDir undefined means in memory (tests); loadDataDir starts it from a dump (PGlite's dumpDataDir). */
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob }

/** Opens PostgreSQL through node-postgres, or the embedded PGlite; both run the same migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // While the server is unreachable a request waits this long for a connection, then fails (a 503), instead
      // of queueing without bound.
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    })
    // A client that loses its connection (PostgreSQL restarting or failing over: 57P01) emits 'error', and an
    // 'error' event nobody listens to kills the process. The pool listens only while a client is idle; this
    // listener covers a checked-out client between two queries of a transaction. The broken client is not
    // queryable any more, so the pool drops it on release and connects afresh once the server is back.
    pool.on('error', (err) => options.onConnectionError?.(err))
    pool.on('connect', (client) => client.on('error', (err) => options.onConnectionError?.(err)))
    const db = drizzlePg(pool, { schema }) as unknown as Db
    return {
      db,
      kind: 'postgres',
      migrate: () => migratePg(drizzlePg(pool), { migrationsFolder: MIGRATIONS_FOLDER }),
      close: () => pool.end(),
    }
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true })
  const client = await PGlite.create(options.dataDir, { extensions: { btree_gist }, loadDataDir: options.loadDataDir })
  const db = drizzlePglite(client, { schema }) as unknown as Db
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  }
}

/** SQLSTATE of a database error; Drizzle wraps driver errors and keeps the original as `cause`. */
export function sqlState(err: unknown): string | undefined {
  for (const { code } of causeChain(err)) {
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
  }
  return undefined
}

/** A deadlock (40P01): the transaction was chosen as the victim and may simply be run again. */
export function isDeadlock(err: unknown): boolean {
  return sqlState(err) === '40P01'
}

/** The name of the constraint an integrity violation (SQLSTATE class 23) broke, if the error is one. */
export function violatedConstraint(err: unknown): string | undefined {
  for (const e of causeChain(err)) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown }
    if (typeof code === 'string' && code.startsWith('23') && typeof constraint === 'string') return constraint
  }
  return undefined
}

/** An error and the causes it wraps (Drizzle wraps the driver's), a few levels deep. */
function* causeChain(err: unknown): Generator<{ code?: unknown; message?: unknown; cause?: unknown }> {
  let e: unknown = err
  for (let depth = 0; e && depth < 4; depth++) {
    yield e as { code?: unknown; message?: unknown; cause?: unknown }
    e = (e as { cause?: unknown }).cause
  }
}

/** Node's socket errors and pg's own messages when the server is gone, restarting or unreachable. */
const CONNECTION_FAILURE = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed)/

/**
 * Whether a failure means the database is unavailable right now (restart, failover, network) rather than that
 * the request was wrong: SQLSTATE class 08 (connection exception) and 57P01–57P03 (shutting down, starting up),
 * refused or reset sockets, and the pool's connection timeout. Such a request is answered 503 and may be retried.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const { code, message } of causeChain(err)) {
    if (typeof code === 'string' && (code.startsWith('08') || /^57P0[123]$/.test(code))) return true
    if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT') return true
    if (typeof message === 'string' && CONNECTION_FAILURE.test(message)) return true
  }
  return false
}
