import type { Db } from './client'

/**
 * A statement built once per database and run with placeholders (`sql.placeholder`): Drizzle skips building
 * the SQL on every call, and on PostgreSQL the statement is prepared under its name once per connection, so the
 * server skips parsing and, after a few runs, planning (docs/performance.md). For the hot reads, which run on
 * the database handle itself — a prepared statement does not run inside a transaction.
 */
export function preparedFor<T>(build: (db: Db) => T): (db: Db) => T {
  const byDatabase = new WeakMap<Db, T>()
  return (db) => {
    let prepared = byDatabase.get(db)
    if (prepared === undefined) {
      prepared = build(db)
      byDatabase.set(db, prepared)
    }
    return prepared
  }
}
