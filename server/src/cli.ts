import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { buildApp } from './app'
import { ConfigError, loadConfig } from './config'
import { openDatabase } from './db/client'
import { seedDemoDistrict } from './db/seed/demo'
import { seedReferenceData } from './db/seed/reference'

/**
 * Release and maintenance steps, each safe to repeat:
 *   migrate         apply the SQL migrations in drizzle/ (the release step for PostgreSQL)
 *   seed [--demo]   the holiday calendar; with --demo also the demo district (only into an empty database)
 *   openapi [file]  write the OpenAPI document (default docs/openapi.json)
 */
async function main(argv: string[]) {
  const [command, ...args] = argv
  const config = loadConfig()
  if (command === 'openapi') {
    // The document depends on the routes only; it is built with the demo routes and an in-memory database.
    const handle = await openDatabase({ kind: 'pglite' })
    const app = await buildApp({ config: { ...config, demo: true, logLevel: 'silent', h5Dir: null }, db: handle.db })
    await app.ready()
    const file = path.resolve(args[0] ?? 'docs/openapi.json')
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, `${JSON.stringify(app.swagger(), null, 2)}\n`)
    await app.close()
    await handle.close()
    console.log(`wrote ${path.relative(process.cwd(), file)}`)
    return
  }
  const handle = await openDatabase(config.database.kind === 'postgres' ? config.database : { kind: 'pglite', dataDir: config.database.dataDir })
  try {
    if (command === 'migrate') {
      await handle.migrate()
      console.log(`migrated (${handle.kind})`)
    } else if (command === 'seed') {
      await seedReferenceData(handle.db)
      const demo = args.includes('--demo')
      const seeded = demo && (await seedDemoDistrict(handle.db, new Date()))
      console.log(`seeded the holiday calendar${demo ? (seeded ? ' and the demo district' : '; the demo district was already there') : ''}`)
    } else {
      throw new ConfigError('usage: cli.ts migrate | seed [--demo] | openapi [file]')
    }
  } finally {
    await handle.close()
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exit(err instanceof ConfigError ? 2 : 1)
})
