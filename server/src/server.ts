import { buildApp } from './app'
import { ConfigError, loadConfig } from './config'
import { openDatabase } from './db/client'
import { openEmbeddedDatabase } from './db/embedded-template'
import { runReleaseSteps } from './db/release'
import { seedReferenceData } from './db/seed/reference'
import { seedDemoDistrict } from './db/seed/demo'
import { warnOfMissingCalendarYear } from './modules/org/calendar.service'
import { PersonalDataCipher } from './modules/privacy/personal-data-cipher'
import { scheduleSweeps, sweepDeps } from './sweeps'

/**
 * Starts the API (and the H5 app when built). The embedded database is migrated and seeded here, since only
 * this process can open it; a PostgreSQL deployment migrates in its release step (`npm run db:migrate`).
 */
async function main() {
  const config = loadConfig()
  /** The server's one clock: every rule that depends on time reads it (ctx.now). */
  const now = () => new Date()
  let warn = (message: string, err: Error) => console.warn(message, err.message)
  const { handle, start } =
    config.database.kind === 'postgres'
      ? {
          handle: await openDatabase({ ...config.database, onConnectionError: (err) => warn('a database connection was lost; the pool reconnects', err) }),
          start: null,
        }
      : await openEmbeddedDatabase(config.database.dataDir)
  const personalData = new PersonalDataCipher(config.dataKey)
  if (handle.kind === 'pglite') {
    await runReleaseSteps(handle, personalData)
    await seedReferenceData(handle.db)
  }
  if (config.demo) await seedDemoDistrict(handle.db, now(), personalData)

  const app = await buildApp({ config, db: handle.db, now })
  warn = (message, err) => app.log.warn({ err }, message)
  await warnOfMissingCalendarYear(handle.db, now(), (message) => app.log.warn(message))
  const stopSweeps = scheduleSweeps(sweepDeps(handle.db, config), app.log)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info(`${signal}: shutting down`)
    stopSweeps()
    await app.close()
    await handle.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))

  const address = await app.listen({ host: config.host, port: config.port, backlog: config.listenBacklog })
  const url = address.replace('[::1]', 'localhost')
  const created = { existing: '', template: ' (new, from the template `npm install` made)', initdb: ' (new)' }
  const db = config.database.kind === 'pglite' ? `embedded PGlite in ${config.database.dataDir}${start ? created[start] : ''}` : 'PostgreSQL'
  console.log(
    [
      '',
      `  家门口 Doorstep is running on ${db}${config.demo ? ', demo mode' : ''}`,
      `  H5 app:   ${url}/`,
      `  API docs: ${url}/docs`,
      '  WeChat build: `npm run build:weapp`, then open this folder in WeChat DevTools (project.config.json),',
      `                with 不校验合法域名 ticked and TARO_APP_API_BASE=${url} in .env.development`,
      '  Ctrl-C stops the server; the data stays for the next start.',
      '',
    ].join('\n'),
  )
}

main().catch((err) => {
  if (err instanceof ConfigError) {
    console.error(err.message)
    process.exit(2)
  }
  console.error(err)
  process.exit(1)
})
