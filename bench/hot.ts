/**
 * The hot reads against a same-SQL baseline, on PostgreSQL, in one run. For each endpoint the app answers one
 * warm-up request with every statement it sends to PostgreSQL captured (text, parameters, row mode); a bare
 * Fastify handler then replays exactly those statements through a plain `pg` pool and returns the app's JSON.
 * autocannon in a worker thread, 50 connections, app and baseline in alternating rounds (ROUNDS × SECONDS each),
 * medians printed with the ratios app ÷ baseline. The app logs as in production (JSON lines at info), into /dev/null.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/hot.ts
 *   ROUNDS=3 SECONDS=5 ONLY=/api/me,/api/home  (a subset)   LOG_LEVEL=silent (the app without its log)
 *   PRINCIPAL_CACHE_MS=0 (the app loading the principal on every request)
 */
import { createWriteStream } from 'node:fs'
import Fastify from 'fastify'
import pg from 'pg'
import { buildApp } from '../server/src/app'
import { loadConfig } from '../server/src/config'
import type { DatabaseHandle } from '../server/src/db/client'
import { seedDemoDistrict } from '../server/src/db/seed/demo'
import { seedReferenceData } from '../server/src/db/seed/reference'
import { PersonalDataCipher } from '../server/src/modules/privacy/personal-data-cipher'
import { freshPostgresDatabase } from './fresh-database'
import { loadTest } from './load'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const SECONDS = Number(process.env.SECONDS ?? 5)
const CONNECTIONS = 50
const POOL_SIZE = 10
const url = process.env.DATABASE_URL ?? ''
if (!url) throw new Error('DATABASE_URL (a PostgreSQL server) is required')

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

type Statement = { text: string; values?: unknown[]; rowMode?: string }

/** Every statement any pg client of this process sends while `capturing` is set. */
let capturing: Statement[] | null = null
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (capturing) {
    const [first, second] = args
    // Drizzle passes a config object ({ text, rowMode }) and the values apart; a plain call passes text and values.
    const config = typeof first === 'string' ? { text: first } : (first as Statement)
    capturing.push({ text: config.text, values: Array.isArray(second) ? second : config.values, rowMode: config.rowMode })
  }
  return query.apply(this, args)
} as typeof pg.Client.prototype.query

async function load(target: string, headers: Record<string, string> = {}) {
  const r = await loadTest({ url: target, connections: CONNECTIONS, duration: SECONDS, headers })
  if (r.errors || r.non2xx) throw new Error(`${target}: ${r.errors} errors, ${r.non2xx} non-2xx answers (${JSON.stringify(r.statusCodeStats)})`)
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 }
}

async function main() {
  const handle = await freshPostgresDatabase(url, { poolSize: POOL_SIZE })
  try {
    await run(handle, handle.url)
  } finally {
    await handle.close()
  }
}

async function run(handle: DatabaseHandle, databaseUrl: string) {
  await seedReferenceData(handle.db)
  const logLevel = process.env.LOG_LEVEL ?? 'info'
  const config = loadConfig({
    DEMO: '1',
    LOG_LEVEL: logLevel,
    LOG_FORMAT: 'json',
    H5_DIR: '',
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_WRITES_PER_MINUTE: '100000000',
    RATE_LIMIT_LOGINS_PER_MINUTE: '100000000',
    MAX_EVENT_LOOP_DELAY_MS: '0',
    // PRINCIPAL_CACHE_MS=0: the app without its principal cache.
    ...(process.env.PRINCIPAL_CACHE_MS ? { PRINCIPAL_CACHE_MS: process.env.PRINCIPAL_CACHE_MS } : {}),
  })
  await seedDemoDistrict(handle.db, new Date(), new PersonalDataCipher(config.dataKey))
  const app = await buildApp({ config, db: handle.db, logStream: createWriteStream('/dev/null') })
  const appUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  const login = await app.inject({ method: 'POST', url: '/api/auth/demo', payload: { persona: 'resident' } })
  const headers = { authorization: `Bearer ${(login.json() as { token: string }).token}` }
  const get = async (path: string) => {
    const res = await app.inject({ method: 'GET', url: path, headers })
    if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`)
    return res
  }
  const stations = (await get('/api/stations')).json() as { items: { id: number; name: string }[] }
  const station = (await get(`/api/stations/${stations.items[0]!.id}`)).json() as { rooms: { id: number; kind: string }[] }
  const roomId = station.rooms.find((r) => r.kind === 'room')!.id

  const paths = ['/api/me', '/api/home', '/api/wishes', '/api/activities', `/api/rooms/${roomId}/week`, '/api/points/me', '/api/points/history', '/api/shop/items']
  const only = process.env.ONLY?.split(',')
  const chosen = only ? paths.filter((p) => only.some((o) => p.startsWith(o))) : paths

  // The baseline: per endpoint, the captured statements one after another on one pooled connection, then the
  // app's own answer as it was.
  const baselinePool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE })
  const baseline = Fastify()
  const captured: Record<string, { statements: Statement[]; body: string }> = {}
  for (const path of chosen) {
    await get(path)
    capturing = []
    const res = await get(path)
    captured[path] = { statements: capturing, body: res.body }
    capturing = null
    baseline.get(path.replace(/\?.*/, ''), async (_request, reply) => {
      const client = await baselinePool.connect()
      try {
        for (const s of captured[path]!.statements) await client.query(s as pg.QueryConfig)
      } finally {
        client.release()
      }
      return reply.type('application/json; charset=utf-8').send(captured[path]!.body)
    })
  }
  const baseUrl = await baseline.listen({ host: '127.0.0.1', port: 0 })

  console.log(`PostgreSQL, autocannon ${CONNECTIONS} connections, ${ROUNDS} rounds × ${SECONDS} s each for the app and the baseline (alternating), medians; app log: ${logLevel}`)
  console.log('endpoint                      stmts   app req/s  base req/s  ratio   app p50/p99   base p50/p99  p99 ratio')
  for (const path of chosen) {
    const appRounds: Awaited<ReturnType<typeof load>>[] = []
    const baseRounds: Awaited<ReturnType<typeof load>>[] = []
    for (let i = 0; i < ROUNDS; i++) {
      appRounds.push(await load(`${appUrl}${path}`, headers))
      baseRounds.push(await load(`${baseUrl}${path}`))
    }
    const a = { rps: median(appRounds.map((r) => r.rps)), p50: median(appRounds.map((r) => r.p50)), p99: median(appRounds.map((r) => r.p99)) }
    const b = { rps: median(baseRounds.map((r) => r.rps)), p50: median(baseRounds.map((r) => r.p50)), p99: median(baseRounds.map((r) => r.p99)) }
    const statements = captured[path]!.statements.filter((s) => !/^(begin|commit|rollback)/i.test(s.text)).length
    console.log(
      `GET ${path.padEnd(26)} ${String(statements).padStart(4)}  ${a.rps.toFixed(0).padStart(9)}  ${b.rps.toFixed(0).padStart(10)}  ${(a.rps / b.rps).toFixed(2).padStart(5)}   ${`${a.p50}/${a.p99}`.padStart(11)}  ${`${b.p50}/${b.p99}`.padStart(12)}  ${(a.p99 / b.p99).toFixed(2).padStart(9)}`,
    )
  }
  if (process.env.SHOW_SQL) for (const [path, c] of Object.entries(captured)) console.log(`\n${path}\n${c.statements.map((s) => `  ${s.text}`).join('\n')}`)
  await baseline.close()
  await baselinePool.end()
  await app.close()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
