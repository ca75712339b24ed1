import pg from 'pg'
import { openDatabase, type DatabaseHandle } from '../server/src/db/client'

/**
 * A new, empty database on the PostgreSQL server at `serverUrl`, named `prefix_…`; `drop` removes it again unless
 * KEEP is set (to look at it after the run). The benches run outside vitest, so they cannot use
 * test/support/test-database.ts.
 */
export async function newPostgresDatabase(serverUrl: string, prefix = 'doorstep_bench'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now()}_${process.pid}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      if (process.env.KEEP) return console.log(`kept database ${name}`)
      const dropper = new pg.Client({ connectionString: serverUrl })
      await dropper.connect()
      await dropper.query(`drop database if exists ${name} with (force)`)
      await dropper.end()
    },
  }
}

/** A new database as above, migrated and opened for one bench run; `close` closes and drops it. */
export async function freshPostgresDatabase(serverUrl: string, options: { poolSize?: number } = {}): Promise<DatabaseHandle & { url: string }> {
  const database = await newPostgresDatabase(serverUrl)
  const handle = await openDatabase({ kind: 'postgres', url: database.url, poolSize: options.poolSize ?? 10 })
  await handle.migrate()
  return {
    ...handle,
    url: database.url,
    close: async () => {
      await handle.close()
      await database.drop()
    },
  }
}
