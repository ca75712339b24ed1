import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { inject } from 'vitest'
import { openDatabase, type DatabaseHandle } from '../../server/src/db/client'
import { fillTemplate, type TemplateName } from './templates'

/** Set by the `server-pg` vitest project (from DATABASE_URL); empty for the PGlite run. */
const postgresUrl = process.env.TEST_POSTGRES_URL

/**
 * A fresh database for one test file: an in-memory PGlite, or — in the PostgreSQL run — a new database on that
 * server, dropped again by `close`. With `template` it holds that template's content (support/templates.ts): a copy
 * of the database prepared once per run (support/database-templates.ts), or filled here when the layer prepares
 * none; without, it is migrated and empty.
 */
export async function openTestDatabase(
  options: {
    poolSize?: number
    postgresUrl?: string
    /** The app reaches the new database through this address instead (e.g. a proxy a fault test breaks). */
    via?: (databaseUrl: string) => string
    template?: TemplateName
  } = {},
): Promise<DatabaseHandle> {
  const url = options.postgresUrl ?? postgresUrl
  const templates = options.template ? inject('databaseTemplates') : undefined
  if (!url) {
    if (options.template && templates?.kind === 'pglite') {
      return openDatabase({ kind: 'pglite', loadDataDir: new Blob([readFileSync(templates.files[options.template])]) })
    }
    const handle = await openDatabase({ kind: 'pglite' })
    await handle.migrate()
    if (options.template) await fillTemplate(handle, options.template)
    return handle
  }
  const template = options.template && templates?.kind === 'postgres' ? templates.databases[options.template] : undefined
  const name = `doorstep_t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`)
  await admin.end()
  const testUrl = new URL(url)
  testUrl.pathname = `/${name}`
  const handle = await openDatabase({ kind: 'postgres', url: options.via ? options.via(testUrl.toString()) : testUrl.toString(), poolSize: options.poolSize })
  if (!template) {
    await handle.migrate()
    if (options.template) await fillTemplate(handle, options.template)
  }
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
