import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../../server/src/db/client'
import { openEmbeddedDatabase } from '../../server/src/db/embedded-template'
import { fillTemplate, TEMPLATE_NAMES, type DatabaseTemplates, type TemplateName } from './templates'

/*
 * Vitest global setup of the layers that open a database per test file (server, server-pg, weapp). Migrating and
 * seeding the demo district costs a few seconds a file; here it is done once per run, and each file starts from a
 * copy: a PGlite data-dir dump loaded into a new in-memory PGlite, or on PostgreSQL `CREATE DATABASE … TEMPLATE`.
 * The templates are those of support/templates.ts; a file that asks for anything else — another clock, another
 * key — migrates and seeds its own database as before.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplates: DatabaseTemplates
  }
}

export default async function setup(project: TestProject) {
  const postgresUrl = (project.config.env as Record<string, string> | undefined)?.TEST_POSTGRES_URL
  if (postgresUrl) {
    const prefix = `doorstep_tpl_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: postgresUrl })
    await admin.connect()
    const databases = {} as Record<TemplateName, string>
    for (const name of TEMPLATE_NAMES) {
      const database = `${prefix}_${name}`
      await admin.query(`create database ${database}`)
      const url = new URL(postgresUrl)
      url.pathname = `/${database}`
      const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 })
      await handle.migrate()
      await fillTemplate(handle, name)
      // CREATE DATABASE … TEMPLATE needs the template without connections.
      await handle.close()
      databases[name] = database
    }
    project.provide('databaseTemplates', { kind: 'postgres', databases })
    return async () => {
      for (const database of Object.values(databases)) await admin.query(`drop database if exists ${database} with (force)`)
      await admin.end()
    }
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'doorstep-templates-'))
  const files = {} as Record<TemplateName, string>
  for (const name of TEMPLATE_NAMES) {
    // In a folder, started as `npm start` starts one: a copy of the migrated database `npm install` made, which
    // opens in a fraction of the time PGlite's initdb takes (or initdb, without it).
    const { handle } = await openEmbeddedDatabase(path.join(dir, `${name}-data`))
    await handle.migrate()
    await fillTemplate(handle, name)
    const dump = await (handle.db as unknown as { $client: PGlite }).$client.dumpDataDir('none')
    files[name] = path.join(dir, `${name}.tar`)
    writeFileSync(files[name], Buffer.from(await dump.arrayBuffer()))
    await handle.close()
  }
  project.provide('databaseTemplates', { kind: 'pglite', files })
  return () => rmSync(dir, { recursive: true, force: true })
}
