/**
 * 数据看板 at district scale, on PostgreSQL: a fresh database is migrated and filled by the district fill that
 * `npm run seed:district` uses (server/src/db/seed/district.ts: 300 000 residents in 100 000 households of 50
 * communities, 40 000 volunteers, 150 stations with 400 rooms, 20 000 activities with ~380 000 sign-ups, 100 000
 * wishes, 2 000 000 points ledger rows, over the two years up to NOW), then GET /api/staff/dashboard is timed
 * through the app (`app.inject`) for one community (staff) and for the district (admin): p50 and p99 of REQUESTS
 * sequential requests per run, medians of ROUNDS runs. Prints the figures the first request answered and the key
 * lines of each query's plan (which indexes the range filters use).
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/dashboard.ts [--scale 0.1]
 *   REQUESTS=200 YEAR_REQUESTS=20 ROUNDS=3 KEEP=1 (keep the database afterwards)
 */
import { loadavg } from 'node:os'
import pg from 'pg'
import { sql } from 'drizzle-orm'
import { buildApp } from '../server/src/app'
import { loadConfig } from '../server/src/config'
import { districtSizes, fillDistrict, vacuumAnalyze } from '../server/src/db/seed/district'
import { seedReferenceData } from '../server/src/db/seed/reference'
import type { Dashboard } from '../types/api/reports'
import { canonicalFigures } from '../test/support/month-figures'
import { freshPostgresDatabase } from './fresh-database'
import { bearerFor } from './sessions'

const scaleArg = process.argv.indexOf('--scale')
const SCALE = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : Number(process.env.SCALE ?? 1)
const REQUESTS = Number(process.env.REQUESTS ?? 200)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
/** The year-long ranges are timed with fewer requests (they are not the page's default). */
const YEAR_REQUESTS = Number(process.env.YEAR_REQUESTS ?? 20)
const NOW = new Date('2026-11-17T10:00:00+08:00')
const base = process.env.DATABASE_URL
if (!base) throw new Error('DATABASE_URL (a PostgreSQL server) is required')

const SIZES = districtSizes(SCALE)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!

async function main() {
  const handle = await freshPostgresDatabase(base!)
  try {
    await seedReferenceData(handle.db)
    console.log(`scale ${SCALE}: ${Object.entries(SIZES).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`)
    const client = new pg.Client({ connectionString: handle.url })
    await client.connect()
    const district = await fillDistrict(client, { scale: SCALE, now: NOW })
    await vacuumAnalyze(client)

    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', H5_DIR: '', DEMO: '0', RATE_LIMIT_PER_MINUTE: '1000000', MAX_EVENT_LOOP_DELAY_MS: '0' })
    const app = await buildApp({ config, db: handle.db, now: () => NOW })
    await app.ready()
    const bearer = (userId: number) => bearerFor(app, handle.db, config, userId, NOW)
    // The page's ranges (本月, 上月, 今年 up to today) and a chosen one: the 365 days up to today, whose first
    // fortnight is the end of a month (a part of a month the cache does not hold, counted from its rows).
    const cases = [
      { label: 'community (staff, this month)', authorization: await bearer(district.staffUserId), query: '', requests: REQUESTS },
      { label: 'district (admin, this month)', authorization: await bearer(district.adminUserId), query: '', requests: REQUESTS },
      { label: 'district (admin, last month)', authorization: await bearer(district.adminUserId), query: '?from=2026-10-01&to=2026-10-31', requests: REQUESTS },
      { label: 'community (staff, this year to today)', authorization: await bearer(district.staffUserId), query: '?from=2026-01-01&to=2026-11-17', requests: YEAR_REQUESTS },
      { label: 'district (admin, this year to today)', authorization: await bearer(district.adminUserId), query: '?from=2026-01-01&to=2026-11-17', requests: YEAR_REQUESTS },
      { label: 'district (admin, the 365 days to today)', authorization: await bearer(district.adminUserId), query: '?from=2025-11-18&to=2026-11-17', requests: YEAR_REQUESTS },
    ]
    for (const c of cases) {
      const t0 = performance.now()
      const first = await app.inject({ method: 'GET', url: `/api/staff/dashboard${c.query}`, headers: { authorization: c.authorization } })
      const firstMs = performance.now() - t0
      if (first.statusCode !== 200) throw new Error(first.body.slice(0, 500))
      const d = first.json() as Dashboard
      const f = d.figures
      console.log(`\n${c.label}: ${d.scopeName} ${d.from}…${d.to} (first request ${firstMs.toFixed(0)} ms${c === cases[0] ? ', computing and keeping the 11 ended months and the days over of this one for its community' : ''})`)
      console.log(`  wishes posted ${f.wishes.posted}, fulfilled ${f.wishes.fulfilled}, 办结率 ${f.wishes.completionRate}, ${f.wishes.averageDaysToFulfil} days; bookings ${f.bookings.bookings}, ${f.bookings.bookedHours} of ${f.bookings.openHours} h (${f.bookings.utilisation}), ${f.bookings.byRoom.length} rooms`)
      console.log(`  activities ${f.volunteering.activities}, sign-ups ${f.volunteering.signups}, 参与人次 ${f.volunteering.attendances}, ${f.volunteering.confirmedHours} h, new volunteers ${f.volunteering.newVolunteers}, stars ${f.volunteering.starsReached.map((s) => s.volunteers).join('/')}`)
      console.log(`  points by rule ${f.points.issuedByRule}, by staff ${f.points.issuedByStaff}, redeemed ${f.points.redeemed}, expired ${f.points.expired}, households ${f.points.activeHouseholds}; party members ${f.dualReporting.partyMembers}, units ${f.dualReporting.units.length}; communities ${d.communities.length}`)
      const p50s: number[] = []
      const p99s: number[] = []
      for (let r = 0; r < ROUNDS; r++) {
        const times: number[] = []
        for (let i = 0; i < c.requests; i++) {
          const t0 = performance.now()
          const res = await app.inject({ method: 'GET', url: `/api/staff/dashboard${c.query}`, headers: { authorization: c.authorization } })
          times.push(performance.now() - t0)
          if (res.statusCode !== 200) throw new Error(res.body.slice(0, 300))
        }
        p50s.push(pct(times, 50))
        p99s.push(pct(times, 99))
      }
      console.log(`  (load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`)
      console.log(`  ${c.requests} requests × ${ROUNDS} runs: p50 ${median(p50s).toFixed(0)} ms, p99 ${median(p99s).toFixed(0)} ms (runs' p99: ${p99s.map((x) => x.toFixed(0)).join(', ')})`)
    }
    await app.close()
    await cacheBeforeAfter(handle.db, district.communityIds)
    await explainPlans(client, district.communityIds)
    await client.end()
  } finally {
    await handle.close()
  }
}

/**
 * The district's 12 whole months both ways: computed from their rows (what every request ran before the cache of
 * ended months) against what a request runs now (the cache's rows of the ended months, the current month from
 * its rows). The first call through the cache filled it in the requests above.
 */
async function cacheBeforeAfter(db: Parameters<typeof import('../server/src/modules/reports/month-figures.service').computeFigures>[0], communityIds: number[]) {
  const { computeFigures, monthFigures } = await import('../server/src/modules/reports/month-figures.service')
  const { monthPieces } = await import('../server/src/modules/reports/dashboard.domain')
  const scope = { communityIds }
  const months = Array.from({ length: 12 }, (_, i) => `${2025 + Math.floor((11 + i) / 12)}-${String(((11 + i) % 12) + 1).padStart(2, '0')}`)
  const { whole } = monthPieces({ start: new Date('2025-12-01T00:00:00+08:00'), end: new Date('2026-12-01T00:00:00+08:00') }, { months })
  const time = async (run: () => Promise<unknown>) => {
    const times: number[] = []
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now()
      await run()
      times.push(performance.now() - t0)
    }
    return median(times)
  }
  const before = await time(() => computeFigures(db, scope, whole, NOW))
  const after = await time(() => monthFigures(db, scope, whole, NOW, months))
  const fromRows = canonicalFigures(await computeFigures(db, scope, whole, NOW))
  const fromCache = canonicalFigures(await monthFigures(db, scope, whole, NOW, months))
  const same = JSON.stringify(fromRows) === JSON.stringify(fromCache)
  console.log(`\ndistrict, 12 whole months of figures (median of 7): from the rows ${before.toFixed(0)} ms, the cache + the live month ${after.toFixed(0)} ms; same figures: ${same}`)
  if (!same) for (const line of differences(fromRows, fromCache)) console.log(`  differs: ${line}`)
}

/** Where two JSON values differ, as `path: a ≠ b` lines (the first 20). */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return []
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    return keys.flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`)).slice(0, 20)
  }
  return [`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`]
}

/** The plan lines that show how each aggregate finds its rows (district, a month: the widest common case). */
async function explainPlans(client: pg.Client, communityIds: number[]) {
  const { activitiesByMonth, roomBookingsByMonth, pointsByMonth, keptPieces, starsByMonth, wishesByMonth, newVolunteersByMonth, activeHouseholdsByMonth } = await import('../server/src/modules/reports/dashboard.repository')
  const { PgDialect } = await import('drizzle-orm/pg-core')
  const dialect = new PgDialect()
  const scope = { communityIds }
  const month = { start: new Date('2026-11-01T00:00:00+08:00'), end: new Date('2026-12-01T00:00:00+08:00') }
  const ended = Array.from({ length: 11 }, (_, i) => `${2025 + Math.floor((11 + i) / 12)}-${String(((11 + i) % 12) + 1).padStart(2, '0')}-01`)
  // A stand-in database that hands back the statement instead of running it.
  const capture = { execute: async (q: ReturnType<typeof sql>) => ({ rows: [dialect.sqlToQuery(q)] }) } as never
  const plans: [string, Promise<unknown[]>][] = [
    ['wishes (month)', wishesByMonth(capture, scope, month)],
    ['bookings by room (month)', roomBookingsByMonth(capture, scope, month)],
    ['activities (month)', activitiesByMonth(capture, scope, month)],
    ['new volunteers (month)', newVolunteersByMonth(capture, scope, month)],
    ['stars reached (month)', starsByMonth(capture, scope, month, [5997, 17997, 35997, 59997, 89997])],
    ['points (month)', pointsByMonth(capture, scope, month, NOW)],
    ['active households (month)', activeHouseholdsByMonth(capture, scope, month)],
    ['the cache (11 ended months, households of none)', keptPieces(capture, scope, ended.map((day, i) => ({ day, since: new Date(`${day}T00:00:00+08:00`), through: new Date(`${ended[i + 1] ?? '2026-11-01'}T00:00:00+08:00`) })), [])],
  ]
  console.log('\nplans (district; index use and timing of each statement):')
  for (const [label, captured] of plans) {
    const [q] = (await captured) as { sql: string; params: unknown[] }[]
    const res = await client.query(`explain (analyze, costs off, timing off, summary on) ${q!.sql}`, q!.params.map((p) => (p instanceof Date ? p.toISOString() : p)))
    const lines = res.rows.map((r) => r['QUERY PLAN'] as string)
    const key = lines.filter((l) => /Index|Seq Scan|Bitmap Heap|Execution Time/.test(l)).map((l) => l.trim().replace(/\s+/g, ' '))
    console.log(`  ${label}:`)
    for (const l of key.slice(0, 8)) console.log(`    ${l}`)
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
