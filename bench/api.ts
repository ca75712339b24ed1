/**
 * API throughput of the read path every user hits first (GET /api/me and GET /api/home), on the embedded
 * PGlite and — when DATABASE_URL is set — on PostgreSQL, measured in the same run so the ratio is fair.
 * autocannon, 50 connections, several rounds each; the median round is printed.
 *   npx tsx bench/api.ts            (PGlite only)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/api.ts
 */
import { buildApp } from '../server/src/app'
import { loadConfig } from '../server/src/config'
import { openDatabase, type DatabaseHandle } from '../server/src/db/client'
import { seedDemoDistrict } from '../server/src/db/seed/demo'
import { seedReferenceData } from '../server/src/db/seed/reference'
import { PersonalDataCipher } from '../server/src/modules/privacy/personal-data-cipher'
import { freshPostgresDatabase } from './fresh-database'
import { loadTest, type LoadResult } from './load'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const SECONDS = Number(process.env.SECONDS ?? 5)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function benchOn(label: string, handle: DatabaseHandle) {
  await seedReferenceData(handle.db)
  const config = loadConfig({ DEMO: '1', LOG_LEVEL: 'silent', H5_DIR: '', RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_WRITES_PER_MINUTE: '100000000', RATE_LIMIT_LOGINS_PER_MINUTE: '100000000', MAX_EVENT_LOOP_DELAY_MS: '600000' })
  await seedDemoDistrict(handle.db, new Date(), new PersonalDataCipher(config.dataKey))
  const app = await buildApp({ config, db: handle.db })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  const login = await fetch(`${url}/api/auth/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ persona: 'resident' }) })
  const { token } = (await login.json()) as { token: string }
  const results: Record<string, { rps: number; p50: number; p99: number }> = {}
  for (const path of ['/api/me', '/api/home']) {
    const rounds: LoadResult[] = []
    for (let i = 0; i < ROUNDS; i++) {
      rounds.push(await loadTest({ url: `${url}${path}`, connections: 50, duration: SECONDS, headers: { authorization: `Bearer ${token}` } }))
    }
    const errors = rounds.reduce((t, r) => t + r.errors + r.non2xx, 0)
    if (errors) throw new Error(`${path} on ${label}: ${errors} failed requests`)
    results[path] = { rps: median(rounds.map((r) => r.requests.average)), p50: median(rounds.map((r) => r.latency.p50)), p99: median(rounds.map((r) => r.latency.p99)) }
    console.log(`${label.padEnd(10)} GET ${path.padEnd(10)} ${results[path]!.rps.toFixed(0).padStart(6)} req/s  p50 ${results[path]!.p50} ms  p99 ${results[path]!.p99} ms  (median of ${ROUNDS} × ${SECONDS} s)`)
  }
  await app.close()
  await handle.close()
  return results
}

async function main() {
  console.log(`autocannon, 50 connections, ${ROUNDS} rounds of ${SECONDS} s per route; ${process.env.DATABASE_URL ? 'PGlite and PostgreSQL' : 'PGlite only (set DATABASE_URL for PostgreSQL)'}`)
  const pglite = await benchOn('PGlite', await (async () => {
    const h = await openDatabase({ kind: 'pglite' })
    await h.migrate()
    return h
  })())
  if (process.env.DATABASE_URL) {
    const pg = await benchOn('PostgreSQL', await freshPostgresDatabase(process.env.DATABASE_URL, { poolSize: 10 }))
    for (const path of Object.keys(pg)) console.log(`PostgreSQL / PGlite on GET ${path}: ${(pg[path]!.rps / pglite[path]!.rps).toFixed(2)}×`)
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
