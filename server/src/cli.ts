import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { buildApp } from './app'
import { ConfigError, loadConfig } from './config'
import { openDatabase } from './db/client'
import { runReleaseSteps } from './db/release'
import { seedDemoDistrict } from './db/seed/demo'
import { seedReferenceData } from './db/seed/reference'
import { warnOfMissingCalendarYear } from './modules/org/calendar.service'
import { PersonalDataCipher } from './modules/privacy/personal-data-cipher'
import { checkBalances } from './modules/points/points-upkeep.service'
import { SWEEPS, sweepDeps } from './sweeps'

/**
 * Release and maintenance steps, each safe to repeat:
 *   migrate         apply the SQL migrations in drizzle/ (the release step for PostgreSQL), then seal phone
 *                   numbers left in clear by migrations (phones_to_seal) with DATA_KEY
 *   seed [--demo]   the official holiday calendar (refreshed from chinese-days; the admin's days stay); with
 *                   --demo also the demo district (only into an empty database)
 *   openapi [file]  write the OpenAPI document (default docs/openapi.json)
 *   sweep           run every background sweep once (expiries, refunds, clean-up)
 *   points:check    prove every household balance equals the sum of its ledger rows (exit 1 if not)
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
      const { sealedPhones } = await runReleaseSteps(handle, new PersonalDataCipher(config.dataKey))
      console.log(`migrated (${handle.kind})${sealedPhones ? `; sealed ${sealedPhones} phone numbers` : ''}`)
    } else if (command === 'seed') {
      const reference = await seedReferenceData(handle.db)
      const demo = args.includes('--demo')
      const seeded = demo && (await seedDemoDistrict(handle.db, new Date(), new PersonalDataCipher(config.dataKey)))
      console.log(
        `the official holiday calendar: ${reference.calendarDays} days of ${reference.firstYear}–${reference.lastYear}` +
          `${demo ? (seeded ? '; seeded the demo district' : '; the demo district was already there') : ''}`,
      )
      await warnOfMissingCalendarYear(handle.db, new Date(), (message) => console.warn(`warning: ${message}`))
    } else if (command === 'sweep') {
      for (const sweep of SWEEPS) console.log(`${sweep.name}: ${await sweep.run(sweepDeps(handle.db, config), new Date())}`)
    } else if (command === 'points:check') {
      const result = await checkBalances(handle.db)
      for (const m of result.mismatches) console.log(`household ${m.householdId}: balance ${m.balance}, ledger sum ${m.ledgerSum}`)
      if (result.orphanLedgers) console.log(`${result.orphanLedgers} households have ledger rows but no balance row`)
      console.log(result.ok ? 'points: every balance equals the sum of its ledger' : 'points: MISMATCH')
      if (!result.ok) process.exitCode = 1
    } else {
      throw new ConfigError('usage: cli.ts migrate | seed [--demo] | openapi [file] | sweep | points:check')
    }
  } finally {
    await handle.close()
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exit(err instanceof ConfigError ? 2 : 1)
})
