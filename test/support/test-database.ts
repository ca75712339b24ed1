import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openDatabase, type DatabaseHandle } from '../../server/src/db/client'

/** Set by the `server-pg` vitest project (from DATABASE_URL); empty for the PGlite run. */
const postgresUrl = process.env.TEST_POSTGRES_URL

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or — in the PostgreSQL run — a new
 * database on that server, dropped again by `close`.
 */
export async function openTestDatabase(
  options: {
    poolSize?: number
    postgresUrl?: string
    /** The app reaches the new database through this address instead (e.g. a proxy a fault test breaks). */
    via?: (databaseUrl: string) => string
  } = {},
): Promise<DatabaseHandle> {
  const url = options.postgresUrl ?? postgresUrl
  if (!url) {
    const handle = await openDatabase({ kind: 'pglite' })
    await handle.migrate()
    return handle
  }
  const name = `doorstep_t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const testUrl = new URL(url)
  testUrl.pathname = `/${name}`
  const handle = await openDatabase({ kind: 'postgres', url: options.via ? options.via(testUrl.toString()) : testUrl.toString(), poolSize: options.poolSize })
  await handle.migrate()
  return {
    ...handle,
    close: async () => {
      await handle.close()
      const dropper = new pg.Client({ connectionString: url })
      await dropper.connect()
      await dropper.query(`drop database if exists ${name} with (force)`)
      await dropper.end()
    },
  }
}

export const onPostgres = Boolean(postgresUrl)
