/**
 * 数据看板 at district scale, on PostgreSQL: a fresh database is migrated and filled with INSERT … SELECT
 * generate_series (300 000 residents in 100 000 households of 50 communities, 150 stations with 400 rooms,
 * 20 000 activities with 20 sign-ups each, 100 000 wishes, 2 000 000 points ledger rows, over the two years up to
 * now), then GET /api/staff/dashboard is timed through the app (`app.inject`) for one community (staff) and for the
 * district (admin): p50 and p99 of REQUESTS sequential requests per run, medians of ROUNDS runs. Prints the figures
 * the first request answered and the key lines of each query's plan (which indexes the range filters use).
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/dashboard.ts [--scale 0.1]
 *   REQUESTS=200 YEAR_REQUESTS=20 ROUNDS=3 KEEP=1 (keep the database afterwards)
 */
import { loadavg } from 'node:os'
import pg from 'pg'
import { sql } from 'drizzle-orm'
import { buildApp } from '../server/src/app'
import { loadConfig } from '../server/src/config'
import { openDatabase } from '../server/src/db/client'
import { seedReferenceData } from '../server/src/db/seed/reference'
import { signAccessToken } from '../server/src/http/access'
import { openSession } from '../server/src/modules/auth/sessions.service'
import type { Dashboard } from '../types/api/reports'
import { canonicalFigures } from '../test/support/month-figures'

const scaleArg = process.argv.indexOf('--scale')
const SCALE = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : Number(process.env.SCALE ?? 1)
const REQUESTS = Number(process.env.REQUESTS ?? 200)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
/** The year-long ranges are timed with fewer requests (they are not the page's default). */
const YEAR_REQUESTS = Number(process.env.YEAR_REQUESTS ?? 20)
const NOW = new Date('2026-11-17T10:00:00+08:00')
const base = process.env.DATABASE_URL
if (!base) throw new Error('DATABASE_URL (a PostgreSQL server) is required')

const n = (full: number) => Math.max(1, Math.round(full * SCALE))
const SIZES = {
  communities: 50,
  households: n(100_000),
  persons: n(300_000),
  accounts: n(60_000),
  volunteers: n(30_000),
  stations: 150,
  rooms: 400,
  bookings: n(200_000),
  activities: n(20_000),
  signupsPerActivity: 20,
  wishes: n(100_000),
  ledger: n(2_000_000),
}
/** The data spans the two years up to NOW. */
const SPAN = "interval '730 days'"

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!

async function fill(client: pg.Client) {
  const s = SIZES
  const now = `'${NOW.toISOString()}'::timestamptz`
  const step = async (label: string, text: string) => {
    const t0 = performance.now()
    const res = await client.query(text)
    console.log(`  ${label.padEnd(22)} ${String(res.rowCount ?? '').padStart(9)} rows  ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }
  // A bulk load into an empty database: the triggers that mark cached months of the dashboard as changed have
  // nothing to mark (the cache is empty) and would add a function call per row, so they are off for this session.
  await client.query(`set session_replication_role = replica`)
  // A community c (1…50) owns household h when (h - 1) % 50 = c - 1, and so on down: every id maps by modulo.
  await step('subdistricts', `insert into subdistricts (district, name) select '爱辉区', '街道' || i from generate_series(1, 5) i`)
  await step('communities', `insert into communities (subdistrict_id, name, address) select (i - 1) / 10 + 1, '社区' || i, '路' || i from generate_series(1, ${s.communities}) i`)
  await step('grids', `insert into grids (community_id, name) select (i - 1) % 50 + 1, '网格' || i from generate_series(1, 200) i`)
  await step('buildings', `insert into buildings (community_id, grid_id, estate, name) select (i - 1) % 50 + 1, (i - 1) % 200 + 1, '小区', i || '号楼' from generate_series(1, 1000) i`)
  await step('households', `insert into households (community_id, building_id, unit_no, room_no) select (i - 1) % 50 + 1, (i - 1) % 1000 + 1, '1单元', i::text from generate_series(1, ${s.households}) i`)
  await step('persons', `insert into persons (community_id, household_id, name) select (i - 1) % 50 + 1, (i - 1) % ${s.households} + 1, '居民' || i from generate_series(1, ${s.persons}) i`)
  await step('users', `insert into users (person_id, community_id, display_name) select i, (i - 1) % 50 + 1, '居民' || i from generate_series(1, ${s.accounts}) i`)
  await step('staff and admin', `insert into role_grants (user_id, role, community_id) values (1, 'staff', 1), (2, 'admin', null)`)
  await step('stations', `insert into stations (community_id, kind, name, address, latitude, longitude, weekly_hours)
    select (i - 1) % 50 + 1, 'center', '阵地' || i, '地址', 50.2, 127.5,
      '[{"dayOfWeek":1,"opens":"08:30","closes":"11:30"},{"dayOfWeek":1,"opens":"13:30","closes":"20:00"},{"dayOfWeek":2,"opens":"08:30","closes":"20:00"},{"dayOfWeek":3,"opens":"08:30","closes":"20:00"},{"dayOfWeek":4,"opens":"08:30","closes":"20:00"},{"dayOfWeek":5,"opens":"08:30","closes":"20:00"},{"dayOfWeek":6,"opens":"09:00","closes":"17:00"}]'::jsonb
    from generate_series(1, ${s.stations}) i`)
  await step('rooms', `insert into rooms (community_id, station_id, name, category, capacity) select ((i - 1) % 150) % 50 + 1, (i - 1) % 150 + 1, '房间' || i, '会议培训', 20 from generate_series(1, ${s.rooms}) i`)
  await step('room closures', `insert into room_closures (community_id, room_id, starts_at, ends_at, reason, created_by_user_id)
    select ((i - 1) % 150) % 50 + 1, i, ${now} - ${SPAN} + (i * 17 % 700) * interval '1 day', ${now} - ${SPAN} + (i * 17 % 700) * interval '1 day' + interval '1 day', '检修', 1 from generate_series(1, ${s.rooms}) i`)
  // Room r gets its k-th booking k × (730 days / per-room count) into the span, at 09:00 + k % 8 hours: no overlaps.
  const perRoom = Math.ceil(s.bookings / s.rooms)
  await step('bookings', `insert into bookings (community_id, room_id, booker_user_id, starts_at, ends_at, blocked_until, purpose, attendees, status)
    select ((r - 1) % 150) % 50 + 1, r, (i - 1) % ${s.accounts} + 1, st, st + interval '2 hours', st + interval '2 hours', '开会', 5,
      (array['confirmed','checked_in','no_show','cancelled','confirmed','checked_in','rejected','confirmed'])[i % 8 + 1]::booking_status
    from generate_series(1, ${s.bookings}) i,
      lateral (select (i - 1) % ${s.rooms} + 1 as r, (i - 1) / ${s.rooms} as k) x,
      lateral (select date_trunc('day', ${now} - ${SPAN}) + (k * 730 / ${perRoom}) * interval '1 day' + interval '1 hour' + (k % 5) * interval '2 hours' as st) y`)
  await step('activities', `insert into activities (community_id, title, place, starts_at, ends_at, capacity, published, cancelled_at)
    select (i - 1) % 50 + 1, '活动' || i, '中心', st, st + interval '2 hours', 30, i % 20 <> 0, case when i % 25 = 0 then st - interval '1 day' end
    from generate_series(1, ${s.activities}) i, lateral (select ${now} - ${SPAN} + i * (${SPAN} / ${s.activities}) as st) x`)
  // Sign-up j of activity a is account (a × 20 + j) mod accounts: one account's activities are far apart in time.
  await step('activity sign-ups', `insert into activity_signups (activity_id, community_id, user_id, person_id, status, starts_at, ends_at, checked_in_at, confirmed_minutes, confirmed_at)
    select a.id, a.community_id, u, u, case when j % 10 = 9 then 'no_show'::signup_status else 'accepted' end, a.starts_at, a.ends_at,
      case when j % 10 < 8 then a.starts_at end, case when j % 10 < 7 and a.ends_at < ${now} then 120 end, case when j % 10 < 7 and a.ends_at < ${now} then a.ends_at + interval '1 day' end
    from activities a, generate_series(0, ${s.signupsPerActivity - 1}) j, lateral (select (a.id * ${s.signupsPerActivity} + j) % ${s.accounts} + 1 as u) x`)
  await step('volunteer profiles', `insert into volunteer_profiles (user_id, person_id, community_id, real_name, consent_version, consented_at, created_at)
    select i, i, (i - 1) % 50 + 1, '志愿者', 'v1', t, t from generate_series(1, ${s.volunteers}) i, lateral (select ${now} - ${SPAN} + i * (${SPAN} / ${s.volunteers}) as t) x`)
  await step('wishes', `insert into wishes (community_id, wisher_person_id, posted_by_user_id, category, title, description, value_yuan, contact_preference, text_moderation, status, created_at, opened_at, confirmed_at)
    select (p - 1) % 50 + 1, p, (p - 1) % ${s.accounts} + 1,
      (array['daily_goods','education','elderly_care','health','appliance_repair','companionship','other'])[i % 7 + 1]::wish_category, '心愿', '说明', 50, 'phone', 'pass',
      case when i % 10 < 5 and c < ${now} then 'confirmed' when i % 10 < 8 then 'open' else 'rejected' end::wish_status, t,
      case when i % 10 < 8 then t + interval '1 day' end, case when i % 10 < 5 and c < ${now} then c end
    from generate_series(1, ${s.wishes}) i,
      lateral (select (i * 7919) % ${s.persons} + 1 as p, ${now} - ${SPAN} + i * (${SPAN} / ${s.wishes}) as t) x,
      lateral (select t + interval '1 day' + (i % 30) * interval '1 day' as c) y`)
  // Ledger: 60 % awards by rule, 10 % staff awards, 20 % redemptions (a quarter of them refunded a day later), 5 % expiries.
  await step('points ledger', `insert into points_ledger (community_id, household_id, person_id, amount, reason, rule, source_type, source_id, event_key, title, household_balance_after, created_at)
    select (h - 1) % 50 + 1, h, h, amount, reason::points_reason, rule::points_rule, source_type, source_id, 'bench:' || i, '测试', 100, t
    from generate_series(1, ${s.ledger}) i,
      lateral (select (i * 31) % ${s.households} + 1 as h, ${now} - ${SPAN} + i * (${SPAN} / ${s.ledger}) as t, (i / 50) % 20 as k) x,
      lateral (select
        case when k < 12 then 10 when k < 14 then 50 when k < 18 then -30 when k = 18 then 30 else -5 end as amount,
        case when k < 12 then 'rule_award' when k < 14 then 'staff_award' when k < 18 then 'redemption' when k = 18 then 'redemption_refund' else 'expiry' end as reason,
        case when k < 12 then (array['wish_fulfilled','volunteer_hour','council_meeting','environment_drive'])[k % 4 + 1] end as rule,
        case when k between 14 and 18 then 'redemption' else 'bench' end as source_type,
        case when k = 18 then (i - 50)::text else i::text end as source_id) y`)
  await step('party reports', `insert into party_reports (user_id, person_id, community_id, workplace, party_organisation, status, created_at, decided_at)
    select i, i, (i - 1) % 50 + 1, '单位', '党委', (array['approved','approved','pending','revoked'])[i % 4 + 1]::party_report_status, ${now} - ${SPAN}, ${now} - ${SPAN} + (i % 700) * interval '1 day'
    from generate_series(1, ${n(5000)}) i`)
  await step('units', `insert into units (community_id, name, status, decided_at) select (i - 1) % 50 + 1, '单位' || i, 'approved', ${now} - ${SPAN} + (i % 700) * interval '1 day' from generate_series(1, 300) i`)
  await step('unit members', `insert into unit_members (unit_id, user_id, name, role, joined_at)
    select (i - 1) % 300 + 1, ${n(5000)} + i, '成员', 'member', ${now} - ${SPAN} + (i % 700) * interval '1 day' from generate_series(1, ${n(3000)}) i`)
  await client.query(`reset session_replication_role`)
  const t0 = performance.now()
  await client.query('vacuum analyze')
  console.log(`  vacuum analyze         ${((performance.now() - t0) / 1000).toFixed(1)} s`)
}

async function main() {
  const name = `dashboard_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const url = new URL(base!)
  url.pathname = `/${name}`
  const handle = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 10 })
  try {
    await handle.migrate()
    await seedReferenceData(handle.db)
    console.log(`scale ${SCALE}: ${Object.entries(SIZES).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`)
    const client = new pg.Client({ connectionString: url.toString() })
    await client.connect()
    await fill(client)

    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', H5_DIR: '', DEMO: '0', RATE_LIMIT_PER_MINUTE: '1000000', MAX_EVENT_LOOP_DELAY_MS: '0' })
    const app = await buildApp({ config, db: handle.db, now: () => NOW })
    await app.ready()
    const bearer = async (userId: number) => `Bearer ${signAccessToken(app, await openSession({ db: handle.db, now: () => NOW, config }, userId), NOW, config.accessTokenTtlMinutes).token}`
    // The page's ranges (本月, 上月, 今年 up to today) and a chosen one: the 365 days up to today, whose first
    // fortnight is the end of a month (a part of a month the cache does not hold, counted from its rows).
    const cases = [
      { label: 'community (staff, this month)', authorization: await bearer(1), query: '', requests: REQUESTS },
      { label: 'district (admin, this month)', authorization: await bearer(2), query: '', requests: REQUESTS },
      { label: 'district (admin, last month)', authorization: await bearer(2), query: '?from=2026-10-01&to=2026-10-31', requests: REQUESTS },
      { label: 'community (staff, this year to today)', authorization: await bearer(1), query: '?from=2026-01-01&to=2026-11-17', requests: YEAR_REQUESTS },
      { label: 'district (admin, this year to today)', authorization: await bearer(2), query: '?from=2026-01-01&to=2026-11-17', requests: YEAR_REQUESTS },
      { label: 'district (admin, the 365 days to today)', authorization: await bearer(2), query: '?from=2025-11-18&to=2026-11-17', requests: YEAR_REQUESTS },
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
    await cacheBeforeAfter(handle.db)
    await explainPlans(client)
    await client.end()
  } finally {
    await handle.close()
    if (!process.env.KEEP) await admin.query(`drop database ${name}`)
    else console.log(`kept database ${name}`)
    await admin.end()
  }
}

/**
 * The district's 12 whole months both ways: computed from their rows (what every request ran before the cache of
 * ended months) against what a request runs now (the cache's rows of the ended months, the current month from
 * its rows). The first call through the cache filled it in the requests above.
 */
async function cacheBeforeAfter(db: Parameters<typeof import('../server/src/modules/reports/month-figures.service').computeFigures>[0]) {
  const { computeFigures, monthFigures } = await import('../server/src/modules/reports/month-figures.service')
  const { monthPieces } = await import('../server/src/modules/reports/dashboard.domain')
  const scope = { communityIds: Array.from({ length: SIZES.communities }, (_, i) => i + 1) }
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
  const same = JSON.stringify(canonicalFigures(await computeFigures(db, scope, whole, NOW))) === JSON.stringify(canonicalFigures(await monthFigures(db, scope, whole, NOW, months)))
  console.log(`\ndistrict, 12 whole months of figures (median of 7): from the rows ${before.toFixed(0)} ms, the cache + the live month ${after.toFixed(0)} ms; same figures: ${same}`)
}

/** The plan lines that show how each aggregate finds its rows (district, a month: the widest common case). */
async function explainPlans(client: pg.Client) {
  const { activitiesByMonth, roomBookingsByMonth, pointsByMonth, keptPieces, starsByMonth, wishesByMonth, newVolunteersByMonth, activeHouseholdsByMonth } = await import('../server/src/modules/reports/dashboard.repository')
  const { PgDialect } = await import('drizzle-orm/pg-core')
  const dialect = new PgDialect()
  const scope = { communityIds: Array.from({ length: SIZES.communities }, (_, i) => i + 1) }
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
