import type { PgPreparedQuery, PreparedQueryConfig } from 'drizzle-orm/pg-core'
import type { Queryable } from './client'

/**
 * Drizzle's session behind a database or a transaction: the driver's client it sends statements on (the pool, or
 * the transaction's connection) and the options (logger, cache) a database shares with every transaction it opens.
 * Not in Drizzle's typings; both drivers (node-postgres, PGlite) have these fields (drizzle-orm 0.45).
 */
type Session = { client: unknown; options: object }
const sessionOf = (db: Queryable) => (db as unknown as { session: Session }).session

/**
 * A statement built once per database and run with placeholders (`sql.placeholder`): Drizzle skips building
 * the SQL on every call, and on PostgreSQL the statement is prepared under its name once per connection, so the
 * server skips parsing and, after a few runs, planning (docs/performance.md).
 *
 * Inside a transaction the statement must run on the transaction's connection. Building it again there would cost
 * what preparing saves (the write rushes spent 15 % of the server's time in Drizzle's builder), so the statement
 * built once is reused with the transaction's client in place of the pool: the prepared query reads its client
 * from `this` when it executes. PostgreSQL finds it prepared on that connection after its first use there.
 */
export function preparedFor<T extends PgPreparedQuery<PreparedQueryConfig>>(build: (db: Queryable) => T): (db: Queryable) => T {
  const builtFor = new WeakMap<object, T>()
  const boundTo = new WeakMap<Session, T>()
  return (db) => {
    const session = sessionOf(db)
    let built = builtFor.get(session.options)
    if (built === undefined) {
      built = build(db)
      builtFor.set(session.options, built)
    }
    if ((built as unknown as Session).client === session.client) return built
    let bound = boundTo.get(session)
    if (bound === undefined) {
      bound = Object.assign(Object.create(built) as T, { client: session.client })
      boundTo.set(session, bound)
    }
    return bound
  }
}
