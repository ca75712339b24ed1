import type { Queryable } from './client'

/**
 * A statement built once per database and run with placeholders (`sql.placeholder`): Drizzle skips building
 * the SQL on every call, and on PostgreSQL the statement is prepared under its name once per connection, so the
 * server skips parsing and, after a few runs, planning (docs/performance.md).
 *
 * A statement is bound to what it was built on. Inside a transaction it is built again for that transaction (a
 * prepared statement of the pool would run on another connection), which saves Drizzle nothing, but PostgreSQL
 * still finds it already prepared on the transaction's connection.
 */
export function preparedFor<T>(build: (db: Queryable) => T): (db: Queryable) => T {
  const byDatabase = new WeakMap<Queryable, T>()
  return (db) => {
    let prepared = byDatabase.get(db)
    if (prepared === undefined) {
      prepared = build(db)
      byDatabase.set(db, prepared)
    }
    return prepared
  }
}
