/**
 * The hot endpoints at demo size and at district size, in one run, on PostgreSQL. A fresh database holds only the
 * demo district; the other is filled to district scale (server/src/db/seed/district.ts, as `npm run seed:district`
 * does: the demo district and 50 communities' worth of residents, bookings, activities, wishes and ledger). On each,
 * the resident persona (POST /api/auth/demo) reads GET /api/me, /api/home, /api/wishes, /api/activities,
 * /api/rooms/:id/week (the room of their community with the most bookings this week), /api/points/me,
 * /api/points/history and /api/shop/items with autocannon (50 connections, a warm-up, then ROUNDS × SECONDS per
 * route; medians), and the ratio district p99 ÷ demo p99 is printed. Then, on the district, the staff persona opens
 * the staff pages through `app.inject` with every statement the app sends captured (Drizzle's logger), and each
 * SELECT is run again under EXPLAIN (ANALYZE, BUFFERS): its key plan lines, and any Seq Scan of a large table.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:hot-district [-- --scale 1]
 *   DISTRICT_DATABASE_URL=postgres://…/doorstep_district  (a database seed:district filled, used as it is)
 *   ROUNDS=3 SECONDS=5 WARMUP_SECONDS=2 KEEP=1 (keep the databases this run created)
 */
import { loadavg } from 'node:os'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { buildApp } from '../server/src/app'
import { loadConfig } from '../server/src/config'
import { openDatabase, type Db } from '../server/src/db/client'
import { schema } from '../server/src/db/schema'
import { seedDemoDistrict } from '../server/src/db/seed/demo'
import { seedDistrict } from '../server/src/db/seed/district'
import { seedReferenceData } from '../server/src/db/seed/reference'
import { PersonalDataCipher } from '../server/src/modules/privacy/personal-data-cipher'
import type { Me } from '../types/api/me'
import { newPostgresDatabase } from './fresh-database'
import { loadTest, type LoadResult } from './load'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const SECONDS = Number(process.env.SECONDS ?? 5)
const WARMUP_SECONDS = Number(process.env.WARMUP_SECONDS ?? 2)
const CONNECTIONS = 50
const scaleArg = process.argv.indexOf('--scale')
const SCALE = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1
const server = process.env.DATABASE_URL
if (!server) throw new Error('DATABASE_URL (a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres) is required')

/** A table this large read by a Seq Scan is a finding. */
const LARGE_TABLE_ROWS = 10_000
const config = loadConfig({
  DEMO: '1',
  LOG_LEVEL: 'silent',
  H5_DIR: '',
  RATE_LIMIT_PER_MINUTE: '100000000',
  RATE_LIMIT_WRITES_PER_MINUTE: '100000000',
  RATE_LIMIT_LOGINS_PER_MINUTE: '100000000',
  MAX_EVENT_LOOP_DELAY_MS: '600000',
})

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ')

type Figures = { rps: number; p50: number; p99: number; p99s: number[] }
type Endpoint = { label: string; path: (room: number) => string }

const ENDPOINTS: Endpoint[] = [
  { label: 'GET /api/me', path: () => '/api/me' },
  { label: 'GET /api/home', path: () => '/api/home' },
  { label: 'GET /api/wishes', path: () => '/api/wishes' },
  { label: 'GET /api/activities', path: () => '/api/activities' },
  { label: 'GET /api/rooms/:id/week', path: (room) => `/api/rooms/${room}/week` },
  { label: 'GET /api/points/me', path: () => '/api/points/me' },
  { label: 'GET /api/points/history', path: () => '/api/points/history' },
  { label: 'GET /api/shop/items', path: () => '/api/shop/items' },
]

async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

/** The resident persona's community, and its room (not a tool) with the most bookings from three days ago to four days on. */
async function residentRoom(client: pg.Client) {
  const { rows } = await client.query<{ community: number; room: number; name: string; bookings: number }>(`
    select p.community_id as community, r.id as room, r.name, count(b.id)::int as bookings
    from users u join persons p on p.id = u.person_id join rooms r on r.community_id = p.community_id and r.kind = 'room' and r.active
      left join bookings b on b.room_id = r.id and b.starts_at >= now() - interval '3 days' and b.starts_at < now() + interval '4 days'
    where u.demo_persona = 'resident'
    group by p.community_id, r.id order by bookings desc, r.id limit 1`)
  if (!rows[0]) throw new Error('no resident persona with a room in their community: is the demo district seeded?')
  return rows[0]
}

async function tableSizes(client: pg.Client) {
  const { rows } = await client.query<{ relname: string; n: string }>(`
    select relname, reltuples::bigint as n from pg_class
    where relname in ('persons', 'households', 'volunteer_profiles', 'bookings', 'activities', 'activity_signups', 'wishes', 'points_ledger', 'redemptions') order by relname`)
  return rows.map((r) => `${r.relname} ${Number(r.n).toLocaleString('en')}`).join(', ')
}

type Target = { label: string; base: string; headers: Record<string, string>; room: number; close: () => Promise<void> }

/** The app on a database, listening, with the resident persona logged in. */
async function start(label: string, url: string): Promise<Target> {
  const handle = await openDatabase({ kind: 'postgres', url, poolSize: 10 })
  const { room, sizes } = await withClient(url, async (client) => {
    await client.query('analyze')
    return { room: await residentRoom(client), sizes: await tableSizes(client) }
  })
  const app = await buildApp({ config, db: handle.db })
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  const close = async () => {
    await app.close()
    await handle.close()
  }
  const login = await fetch(`${base}/api/auth/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ persona: 'resident' }) })
  if (!login.ok) {
    await close()
    throw new Error(`demo login on ${label}: ${login.status} ${await login.text()}`)
  }
  const { token } = (await login.json()) as { token: string }
  console.log(`${label}: ${sizes}`)
  console.log(`  the resident's community ${room.community}; room ${room.room} (${room.name}, ${room.bookings} bookings from 3 days ago to 4 days on)`)
  return { label, base, headers: { authorization: `Bearer ${token}` }, room: room.room, close }
}

/**
 * Each endpoint on every target: a check that it answers 200, a warm-up, then ROUNDS rounds that alternate between
 * the targets (so that the machine's moods fall on both alike); medians per target.
 */
async function measure(targets: Target[]): Promise<Map<string, Map<string, Figures>>> {
  const results = new Map(targets.map((t) => [t.label, new Map<string, Figures>()]))
  for (const e of ENDPOINTS) {
    const urls = targets.map((t) => `${t.base}${e.path(t.room)}`)
    for (const [i, t] of targets.entries()) {
      const check = await fetch(urls[i]!, { headers: t.headers })
      if (!check.ok) throw new Error(`${e.label} on ${t.label}: ${check.status} ${(await check.text()).slice(0, 300)}`)
      await loadTest({ url: urls[i]!, connections: CONNECTIONS, duration: WARMUP_SECONDS, headers: t.headers })
    }
    const rounds = targets.map(() => [] as LoadResult[])
    for (let r = 0; r < ROUNDS; r++) {
      for (const [i, t] of targets.entries()) rounds[i]!.push(await loadTest({ url: urls[i]!, connections: CONNECTIONS, duration: SECONDS, headers: t.headers }))
    }
    for (const [i, t] of targets.entries()) {
      const failed = rounds[i]!.reduce((n, r) => n + r.errors + r.non2xx, 0)
      if (failed) throw new Error(`${e.label} on ${t.label}: ${failed} failed requests`)
      const f: Figures = {
        rps: median(rounds[i]!.map((r) => r.requests.average)),
        p50: median(rounds[i]!.map((r) => r.latency.p50)),
        p99: median(rounds[i]!.map((r) => r.latency.p99)),
        p99s: rounds[i]!.map((r) => r.latency.p99),
      }
      results.get(t.label)!.set(e.label, f)
      console.log(`  ${t.label.padEnd(8)} ${e.label.padEnd(24)} ${f.rps.toFixed(0).padStart(5)} req/s  p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(4)} ms  (rounds' p99 ${f.p99s.join(', ')})`)
    }
    console.log(`  (load average ${load()})`)
  }
  return results
}

type Captured = { text: string; params: unknown[] }

/**
 * The staff pages on the district: each request runs once through `app.inject` as the staff persona with every
 * statement captured; each SELECT is then explained with its parameters. Returns the Seq Scans of large tables.
 */
async function explainStaffPages(url: string): Promise<string[]> {
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  let capturing: Captured[] | null = null
  const db = drizzle(pool, { schema, logger: { logQuery: (text, params) => capturing?.push({ text, params }) } }) as unknown as Db
  const app = await buildApp({ config, db })
  await app.ready()
  const findings: string[] = []
  try {
    const login = await app.inject({ method: 'POST', url: '/api/auth/demo', payload: { persona: 'staff' } })
    if (login.statusCode !== 200) throw new Error(`staff login: ${login.statusCode} ${login.body}`)
    const headers = { authorization: `Bearer ${(login.json() as { token: string }).token}` }
    const community = ((await app.inject({ method: 'GET', url: '/api/me', headers })).json() as Me).staffCommunityIds[0]
    if (!community) throw new Error('the staff persona has no community')
    const picks = await withClient(url, async (client) => {
      const { rows: [activity] } = await client.query(`
        select a.id, a.title, a.signed_up from activities a where a.community_id = $1 and a.starts_at between now() - interval '7 days' and now() + interval '7 days'
        order by a.signed_up desc, a.id limit 1`, [community])
      const { rows: [redemption] } = await client.query(`select pickup_code from redemptions where community_id = $1 and status = 'reserved' order by id desc limit 1`, [community])
      const { rows: big } = await client.query<{ relname: string; n: string }>(`select relname, reltuples::bigint as n from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace`)
      return { activity, code: redemption?.pickup_code as string | undefined, rows: new Map(big.map((r) => [r.relname, Number(r.n)])) }
    })
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
    const pages = [
      { label: '工作台 counts', url: '/api/staff/overview' },
      { label: 'wish review queue (待审核)', url: '/api/staff/wishes?status=pending' },
      { label: 'wishes to confirm for the wisher (待代确认)', url: '/api/staff/wishes?status=fulfilled' },
      { label: 'booking approvals', url: '/api/staff/bookings?view=pending' },
      { label: "the day's bookings (desk)", url: `/api/staff/bookings?view=day&date=${today}` },
      { label: 'activities (from a week ago)', url: '/api/staff/activities' },
      ...(picks.activity ? [{ label: `roster of activity ${picks.activity.id} (${picks.activity.signed_up} signed up)`, url: `/api/staff/activities/${picks.activity.id}/roster` }] : []),
      { label: 'residency applications (住户认证)', url: '/api/staff/residency/applications?status=pending' },
      { label: 'party reports (双报到)', url: '/api/staff/party-reports?status=pending' },
      ...(picks.code ? [{ label: 'redemption hand-out (取货码)', url: `/api/staff/redemptions/lookup?code=${picks.code}` }] : []),
    ]
    console.log(`\nstaff pages on the district (staff persona, community ${community}): EXPLAIN (ANALYZE, BUFFERS) of each SELECT the request sent`)
    const explained = new Set<string>()
    await withClient(url, async (client) => {
      for (const page of pages) {
        capturing = []
        const t0 = performance.now()
        const res = await app.inject({ method: 'GET', url: page.url, headers })
        const ms = performance.now() - t0
        const statements: Captured[] = capturing
        capturing = null
        if (res.statusCode !== 200) throw new Error(`${page.url}: ${res.statusCode} ${res.body.slice(0, 300)}`)
        console.log(`\n  ${page.label}: GET ${page.url} — ${res.statusCode} in ${ms.toFixed(1)} ms, ${statements.length} statements`)
        for (const s of statements) {
          const oneLine = s.text.replace(/\s+/g, ' ')
          if (!/^\s*(select|with)\b/i.test(s.text)) {
            console.log(`    · ${oneLine.slice(0, 110)}${oneLine.length > 110 ? '…' : ''} (not a SELECT: not explained)`)
            continue
          }
          if (explained.has(s.text)) {
            console.log(`    · ${oneLine.slice(0, 110)}${oneLine.length > 110 ? '…' : ''} (explained above)`)
            continue
          }
          explained.add(s.text)
          const plan = (await client.query(`explain (analyze, buffers, costs off) ${s.text}`, s.params)).rows.map((r) => r['QUERY PLAN'] as string)
          const total = plan.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '?'
          const hits = plan.find((l) => l.trim().startsWith('Buffers:'))?.trim() ?? ''
          console.log(`    · ${oneLine.slice(0, 110)}${oneLine.length > 110 ? '…' : ''}`)
          console.log(`      ${total}${hits ? `, ${hits}` : ''}`)
          for (const line of plan.filter((l) => /Scan|Index Cond|^\s*(->\s*)?Filter:|Rows Removed by Filter/.test(l))) {
            const text = line.trim().replace(/^->\s*/, '').replace(/\s+/g, ' ')
            console.log(`        ${text.length > 180 ? `${text.slice(0, 180)}…` : text}`)
            const seq = /Seq Scan on (\w+)/.exec(line)
            const rows = seq ? (picks.rows.get(seq[1]!) ?? 0) : 0
            if (seq && rows >= LARGE_TABLE_ROWS) findings.push(`${page.label}: Seq Scan on ${seq[1]} (${rows.toLocaleString('en')} rows) in ${oneLine.slice(0, 90)}…`)
          }
        }
      }
    })
  } finally {
    await app.close()
    await pool.end()
  }
  return findings
}

async function main() {
  const districtName = process.env.DISTRICT_DATABASE_URL ? new URL(process.env.DISTRICT_DATABASE_URL).pathname.slice(1) : `filled here at scale ${SCALE}`
  console.log(`hot endpoints, demo size against district size (${districtName}); autocannon ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${ROUNDS} × ${SECONDS} s per route, rounds alternating, medians`)
  const now = new Date()
  const personalData = new PersonalDataCipher(config.dataKey)
  const cleanups: (() => Promise<void>)[] = []
  try {
    const demo = await newPostgresDatabase(server!, 'hot_demo')
    cleanups.push(demo.drop)
    const demoHandle = await openDatabase({ kind: 'postgres', url: demo.url, poolSize: 2 })
    await demoHandle.migrate()
    await seedReferenceData(demoHandle.db)
    await seedDemoDistrict(demoHandle.db, now, personalData)
    await demoHandle.close()

    let districtUrl = process.env.DISTRICT_DATABASE_URL
    if (!districtUrl) {
      const district = await newPostgresDatabase(server!, 'hot_district')
      cleanups.push(district.drop)
      districtUrl = district.url
      const handle = await openDatabase({ kind: 'postgres', url: districtUrl, poolSize: 2 })
      try {
        const seeded = await withClient(districtUrl, (client) => seedDistrict(handle, client, { scale: SCALE, now, personalData }))
        console.log(`district seeded in ${seeded.totalSeconds.toFixed(1)} s`)
      } finally {
        await handle.close()
      }
    }

    console.log('')
    const targets = [await start('demo', demo.url), await start('district', districtUrl)]
    let figures: Map<string, Map<string, Figures>>
    try {
      figures = await measure(targets)
    } finally {
      for (const t of targets) await t.close()
    }
    const demoFigures = figures.get('demo')!
    const districtFigures = figures.get('district')!

    console.log('\n| endpoint | demo p50 / p99 (req/s) | district p50 / p99 (req/s) | p99 district ÷ demo |')
    console.log('|---|---|---|---|')
    const over: string[] = []
    for (const e of ENDPOINTS) {
      const d = demoFigures.get(e.label)!
      const x = districtFigures.get(e.label)!
      const ratio = x.p99 / d.p99
      if (ratio > 2) over.push(`${e.label}: ${ratio.toFixed(2)}×`)
      console.log(`| ${e.label} | ${d.p50} / ${d.p99} ms (${d.rps.toFixed(0)}) | ${x.p50} / ${x.p99} ms (${x.rps.toFixed(0)}) | ${ratio.toFixed(2)}× |`)
    }
    console.log(over.length ? `\nover 2×: ${over.join('; ')}` : '\nevery endpoint within 2× of its demo-size p99')

    const findings = await explainStaffPages(districtUrl)
    console.log(findings.length ? `\nSeq Scans of large tables:\n${findings.map((f) => `  ${f}`).join('\n')}` : '\nno Seq Scan of a large table in the staff pages')
  } finally {
    for (const drop of cleanups.reverse()) await drop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
