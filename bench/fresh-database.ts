import pg from 'pg'
import { openDatabase, type DatabaseHandle } from '../server/src/db/client'

/**
 * A new, migrated database on the PostgreSQL server at `serverUrl` for one bench run, dropped again by `close`
 * (the benches run outside vitest, so they cannot use test/support/test-database.ts). `url` reaches it directly.
 */
export async function freshPostgresDatabase(serverUrl: string, options: { poolSize?: number } = {}): Promise<DatabaseHandle & { url: string }> {
  const name = `doorstep_bench_${Date.now()}_${process.pid}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: options.poolSize ?? 10 })
  await handle.migrate()
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close()
      const dropper = new pg.Client({ connectionString: serverUrl })
      await dropper.connect()
      await dropper.query(`drop database if exists ${name} with (force)`)
      await dropper.end()
    },
  }
}
