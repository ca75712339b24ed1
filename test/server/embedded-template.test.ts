import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { MIGRATIONS_FOLDER, selectRows, type DatabaseHandle } from '../../server/src/db/client'
import { makeEmbeddedTemplate, openEmbeddedDatabase, templateFolder } from '../../server/src/db/embedded-template'
import { onPostgres } from '../support/test-database'

/*
 * The first start's head start: a migrated PGlite folder made once and copied into a new data folder
 * (server/src/db/embedded-template.ts). What matters is that a copy is the same database as a created one, that
 * an existing database is never overwritten, and that a missing or half-copied template only costs time.
 */
const migrationCount = (JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length

async function appliedMigrations(handle: DatabaseHandle): Promise<number> {
  const rows = await selectRows<{ n: number }>(handle.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`)
  return rows[0]!.n
}

describe.skipIf(onPostgres)('the embedded database template', () => {
  let work: string
  let templates: string

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'doorstep-embedded-'))
    templates = path.join(work, 'templates')
    // A template of other migrations, left by an earlier install: making the current one removes it.
    mkdirSync(path.join(templates, 'pglite-migrated-0000000000000000'), { recursive: true })
    expect(await makeEmbeddedTemplate(templates)).toEqual({ folder: templateFolder(templates), made: true })
  })
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it('is made once, holds every migration, and replaces templates of other migrations', async () => {
    expect(await makeEmbeddedTemplate(templates)).toEqual({ folder: templateFolder(templates), made: false })
    expect(readdirSync(templates)).toEqual([path.basename(templateFolder(templates))])
  })

  it('starts a new data folder as a copy that is the migrated database, and reopens it as it is', async () => {
    const dataDir = path.join(work, 'data-new')
    // The server's uploads live in the same folder; they may be there before the database.
    mkdirSync(path.join(dataDir, 'uploads'), { recursive: true })
    const first = await openEmbeddedDatabase(dataDir, templates)
    expect(first.start).toBe('template')
    expect(await appliedMigrations(first.handle)).toBe(migrationCount)
    await first.handle.migrate() // nothing left to apply
    expect(await appliedMigrations(first.handle)).toBe(migrationCount)
    await first.handle.db.execute(sql`create table probe (note text)`)
    await first.handle.db.execute(sql`insert into probe values ('写在副本里')`)
    await first.handle.close()

    const again = await openEmbeddedDatabase(dataDir, templates)
    expect(again.start).toBe('existing')
    const rows = await selectRows<{ note: string }>(again.handle.db, sql`select note from probe`)
    expect(rows).toEqual([{ note: '写在副本里' }])
    await again.handle.close()
    expect(existsSync(path.join(dataDir, 'uploads'))).toBe(true)
  })

  it('copies again into a folder a cut-short copy left without PG_VERSION', async () => {
    const dataDir = path.join(work, 'data-cut-short')
    const first = await openEmbeddedDatabase(dataDir, templates)
    await first.handle.close()
    unlinkSync(path.join(dataDir, 'PG_VERSION'))
    writeFileSync(path.join(dataDir, 'postgresql.auto.conf'), '# truncated\n')
    const second = await openEmbeddedDatabase(dataDir, templates)
    expect(second.start).toBe('template')
    expect(await appliedMigrations(second.handle)).toBe(migrationCount)
    await second.handle.close()
  })

  it('creates the database itself when there is no template for these migrations', async () => {
    const dataDir = path.join(work, 'data-initdb')
    const opened = await openEmbeddedDatabase(dataDir, path.join(work, 'no-templates'))
    expect(opened.start).toBe('initdb')
    expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true)
    await opened.handle.migrate()
    expect(await appliedMigrations(opened.handle)).toBe(migrationCount)
    await opened.handle.close()
  })
})
