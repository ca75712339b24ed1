/**
 * Fills a PostgreSQL database with a district at full scale (server/src/db/seed/district.ts): migrates it, seeds the
 * reference data and the demo district (whose personas log in with POST /api/auth/demo when the server runs with
 * DEMO=1), fills it at the scale asked for, then runs VACUUM ANALYZE. Prints each step's time and the total.
 *   createdb -h 127.0.0.1 -U postgres doorstep_district
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/doorstep_district npm run seed:district -- [--scale 1] [--force]
 * Refuses a database that already holds communities (or tables of something else) unless --force, which adds a
 * district's worth of rows to what is there.
 */
import pg from 'pg'
import { ConfigError, loadConfig } from '../server/src/config'
import { openDatabase } from '../server/src/db/client'
import { districtSizes, seedDistrict } from '../server/src/db/seed/district'
import { PersonalDataCipher } from '../server/src/modules/privacy/personal-data-cipher'

function parseArgs(argv: string[]) {
  const scaleAt = argv.indexOf('--scale')
  const scale = scaleAt >= 0 ? Number(argv[scaleAt + 1]) : 1
  const unknown = argv.filter((a, i) => a !== '--force' && a !== '--scale' && i !== scaleAt + 1)
  if (unknown.length || Number.isNaN(scale)) throw new ConfigError(`usage: npm run seed:district -- [--scale 1] [--force] (did not understand: ${unknown.join(' ') || argv.join(' ')})`)
  return { scale, force: argv.includes('--force') }
}

/** Why the database should not be filled, or null when it is empty (nothing, or only migrated and seeded reference data). */
async function whyNotEmpty(client: pg.Client): Promise<string | null> {
  const { rows } = await client.query<{ tables: number; doorstep: boolean }>(
    `select count(*)::int as tables, to_regclass('public.communities') is not null as doorstep from pg_tables where schemaname = 'public'`,
  )
  const { tables, doorstep } = rows[0]!
  if (tables === 0) return null
  if (!doorstep) return `it has ${tables} tables of something else`
  const { rows: counts } = await client.query<{ communities: number; persons: number }>(`select (select count(*)::int from communities) as communities, (select count(*)::int from persons) as persons`)
  const { communities, persons } = counts[0]!
  return communities > 0 ? `it already has ${communities} communities and ${persons} persons` : null
}

async function main() {
  const { scale, force } = parseArgs(process.argv.slice(2))
  const url = process.env.DATABASE_URL
  if (!url) throw new ConfigError('DATABASE_URL is required: the PostgreSQL database to fill, e.g. postgres://postgres@127.0.0.1:5432/doorstep_district (createdb it first)')
  const config = loadConfig()
  if (config.env === 'production') throw new ConfigError('seed:district seeds the demo personas: not with NODE_ENV=production')
  const sizes = districtSizes(scale)
  const target = new URL(url)
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const reason = await whyNotEmpty(client)
    if (reason && !force) throw new ConfigError(`refusing to fill ${target.host}${target.pathname}: ${reason} (use an empty database, or --force to add to it)`)
    console.log(`seed:district into ${target.host}${target.pathname}${reason ? ` (--force: ${reason})` : ''}, scale ${scale}:`)
    console.log(`  ${Object.entries(sizes).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`)
    const handle = await openDatabase({ kind: 'postgres', url, poolSize: 2 })
    try {
      const now = new Date()
      const result = await seedDistrict(handle, client, { scale, now, personalData: new PersonalDataCipher(config.dataKey) })
      const { rows } = await client.query<{ size: string }>(`select pg_size_pretty(pg_database_size(current_database())) as size`)
      console.log(`total ${result.totalSeconds.toFixed(1)} s (${(result.totalSeconds / 60).toFixed(1)} min); database ${rows[0]!.size}; present: ${now.toISOString()}`)
    } finally {
      await handle.close()
    }
  } finally {
    await client.end()
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exit(err instanceof ConfigError ? 2 : 1)
})
