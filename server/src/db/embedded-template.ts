import { createHash } from 'node:crypto'
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import path from 'node:path'
import { MIGRATIONS_FOLDER, openDatabase, type DatabaseHandle } from './client'

/*
 * A migrated, empty embedded database, made once (by `npm install`'s postinstall) and copied into a new data
 * folder on the first start. Creating a PGlite database runs PostgreSQL's initdb in WebAssembly, 3–5 s on two
 * cores, and the migrations another second; copying the closed template's files and opening them takes about
 * half a second (docs/performance.md › Start). A PostgreSQL data folder that was shut down cleanly is a valid cold
 * copy, and PGlite's paths inside it are virtual, so the copy needs no rewriting. The copy is only a head start:
 * the server still runs its release steps, and a missing template means a slower first start, never a different
 * database.
 */

/** Where `npm install` leaves the template: the repository's node_modules cache, next to the H5 build's log. */
export const DEFAULT_TEMPLATE_DIR = path.resolve(__dirname, '../../../node_modules/.cache/doorstep')

/** A data folder holds a database once PostgreSQL's PG_VERSION is in it. */
const VERSION_FILE = 'PG_VERSION'

/** What the template is made of: PGlite's version (its on-disk format) and every migration file. */
export function templateFingerprint(): string {
  const hash = createHash('sha256')
  hash.update(`pglite ${pgliteVersion()}\n`)
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else hash.update(path.relative(MIGRATIONS_FOLDER, file)).update(readFileSync(file))
    }
  }
  walk(MIGRATIONS_FOLDER)
  return hash.digest('hex').slice(0, 16)
}

/** PGlite does not export its package.json; it is found above the entry point. */
function pgliteVersion(): string {
  for (let dir = path.dirname(require.resolve('@electric-sql/pglite')); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json')
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version: string }
      if (name === '@electric-sql/pglite') return version
    }
  }
  throw new Error('the package.json of @electric-sql/pglite was not found')
}

/** The template's folder for the current PGlite and migrations; another fingerprint is another folder. */
export function templateFolder(templateDir: string): string {
  return path.join(templateDir, `pglite-migrated-${templateFingerprint()}`)
}

/** Makes the template unless it is there already; answers its folder. */
export async function makeEmbeddedTemplate(templateDir: string = DEFAULT_TEMPLATE_DIR): Promise<{ folder: string; made: boolean }> {
  const folder = templateFolder(templateDir)
  if (existsSync(path.join(folder, VERSION_FILE))) return { folder, made: false }
  // Made aside and renamed once PGlite has shut it down, so no start ever copies half a template.
  const partial = `${folder}.${process.pid}.partial`
  rmSync(partial, { recursive: true, force: true })
  const handle = await openDatabase({ kind: 'pglite', dataDir: partial })
  try {
    await handle.migrate()
  } finally {
    await handle.close()
  }
  rmSync(folder, { recursive: true, force: true })
  renameSync(partial, folder)
  // Templates of other migrations or PGlite versions are of no further use.
  for (const name of readdirSync(templateDir)) {
    if (name.startsWith('pglite-migrated-') && path.join(templateDir, name) !== folder) rmSync(path.join(templateDir, name), { recursive: true, force: true })
  }
  return { folder, made: true }
}

/** How the embedded database was opened: an existing one, a new one from the template, or a new one from initdb. */
export type EmbeddedStart = 'existing' | 'template' | 'initdb'

/**
 * Opens the embedded database in `dataDir` (in memory when undefined). A folder without a database starts as a
 * copy of the template when there is one for these migrations; otherwise PGlite creates the database itself.
 */
export async function openEmbeddedDatabase(
  dataDir: string | undefined,
  templateDir: string = DEFAULT_TEMPLATE_DIR,
): Promise<{ handle: DatabaseHandle; start: EmbeddedStart }> {
  if (!dataDir) return { handle: await openDatabase({ kind: 'pglite' }), start: 'initdb' }
  if (existsSync(path.join(dataDir, VERSION_FILE))) return { handle: await openDatabase({ kind: 'pglite', dataDir }), start: 'existing' }
  const template = templateFolder(templateDir)
  if (!existsSync(path.join(template, VERSION_FILE))) return { handle: await openDatabase({ kind: 'pglite', dataDir }), start: 'initdb' }
  // PG_VERSION last: a copy cut short (a full disk, a kill) leaves a folder that the next start copies into again.
  cpSync(template, dataDir, { recursive: true, filter: (source) => source !== path.join(template, VERSION_FILE) })
  cpSync(path.join(template, VERSION_FILE), path.join(dataDir, VERSION_FILE))
  return { handle: await openDatabase({ kind: 'pglite', dataDir }), start: 'template' }
}
