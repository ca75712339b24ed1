import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { MIGRATIONS_FOLDER, type Db } from '../../server/src/db/client'
import { schema } from '../../server/src/db/schema'

/*
 * Databases as an older release left them, for the tests of a migration's data steps: an empty database of the
 * run's kind, migrated by a test up to some migration, written as that release would, then migrated on.
 */

export type BlankDatabase = { db: Db; migrate: (folder: string) => Promise<void>; query: (text: string) => Promise<unknown[]>; exec: (script: string) => Promise<void>; close: () => Promise<void> }

/** An empty database of the run's kind (PGlite, or a new PostgreSQL database when the run has one). */
export async function blankDatabase(): Promise<BlankDatabase> {
  const url = process.env.TEST_POSTGRES_URL
  if (!url) {
    const client = await PGlite.create(undefined, { extensions: { btree_gist } })
    return {
      db: drizzlePglite(client, { schema }) as unknown as Db,
      migrate: (folder) => migratePglite(drizzlePglite(client), { migrationsFolder: folder }),
      query: async (text) => (await client.query(text)).rows,
      exec: async (script) => {
        await client.exec(script)
      },
      close: () => client.close(),
    }
  }
  const name = `doorstep_t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const dbUrl = new URL(url)
  dbUrl.pathname = `/${name}`
  const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: 4 })
  // A client still closing when the database is dropped (with force) gets 57P01; unheard, that error would end
  // the test run (server/src/db/client.ts listens for the same reason).
  pool.on('error', () => {})
  return {
    db: drizzlePg(pool, { schema }) as unknown as Db,
    migrate: (folder) => migratePg(drizzlePg(pool), { migrationsFolder: folder }),
    query: async (text) => (await pool.query(text)).rows,
    exec: async (script) => {
      await pool.query(script)
    },
    close: async () => {
      await pool.end()
      const dropper = new pg.Client({ connectionString: url })
      await dropper.connect()
      await dropper.query(`drop database if exists ${name} with (force)`)
      await dropper.end()
    },
  }
}

/** A copy of drizzle/ whose journal stops after migration `lastIdx`: the database as an older release left it. */
export function migrationsUpTo(lastIdx: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'doorstep-migrations-'))
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true })
  const journalFile = path.join(dir, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] }
  journal.entries = journal.entries.filter((e) => e.idx <= lastIdx)
  writeFileSync(journalFile, JSON.stringify(journal))
  return dir
}
