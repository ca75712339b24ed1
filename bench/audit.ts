/**
 * The audit page at district scale, on PostgreSQL: a fresh database is migrated, given the reference data, 50
 * communities with 300 000 persons and 200 staff accounts, then 1 000 000 audit_log rows and 1 000 000
 * personal_data_access rows over two years (INSERT … SELECT generate_series). The service behind
 * GET /api/staff/audit is timed for the district (admin), one community (staff), a kind, a person, a month and
 * the 10th page by cursor, and the person filter's list of actors (GET /api/staff/audit/actors) for the district
 * and a community: p50 and p99 of REQUESTS sequential calls, medians of ROUNDS runs, on the schema as migrated
 * (migration 0017 holds the page's indexes; before it the district's first page took 405 / 534 ms).
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/audit.ts [--scale 0.1]
 */
import { sql } from 'drizzle-orm'
import { seedReferenceData } from '../server/src/db/seed/reference'
import type { AppContext } from '../server/src/context'
import { Principal } from '../server/src/http/principal'
import { listAudit, listAuditActors } from '../server/src/modules/audit/audit.service'
import { ZAuditQuery } from '../types/api/reports'
import { freshPostgresDatabase } from './fresh-database'

const scaleArg = process.argv.indexOf('--scale')
const SCALE = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : Number(process.env.SCALE ?? 1)
const REQUESTS = Number(process.env.REQUESTS ?? 100)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const NOW = new Date('2026-11-17T10:00:00+08:00')
const base = process.env.DATABASE_URL
if (!base) throw new Error('DATABASE_URL (a PostgreSQL server) is required')
const n = (full: number) => Math.max(1, Math.round(full * SCALE))

const ACTIONS = ['wish.approve', 'wish.reject', 'booking.approve', 'booking.reject', 'station.update', 'activity.publish', 'activity.cancel', 'attendance.confirm', 'points.award', 'redemption.hand_out', 'residency.approve', 'export.masked']

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!
const median = (xs: number[]) => pct(xs, 50)

async function main() {
  const handle = await freshPostgresDatabase(base!)
  try {
    await seedReferenceData(handle.db)
    const db = handle.db
    const t0 = Date.now()
    await db.execute(sql`insert into subdistricts (district, name) values ('爱辉区', '测试街道') on conflict do nothing`)
    await db.execute(sql`insert into communities (subdistrict_id, name, address)
      select (select min(id) from subdistricts), '测试社区' || g, '测试地址' || g from generate_series(1, 50) g`)
    await db.execute(sql`insert into persons (community_id, name)
      select (select min(id) from communities) + (g % 50), '居民' || g from generate_series(1, ${n(300_000)}) g`)
    await db.execute(sql`insert into users (display_name, person_id)
      select '工作人员' || g, (select min(id) from persons) + g from generate_series(1, 200) g`)
    await db.execute(sql`insert into audit_log (actor_user_id, action, community_id, subject_type, subject_id, detail, created_at)
      select (select min(id) from users) + (g % 200), (string_to_array(${ACTIONS.join(',')}, ','))[1 + g % ${ACTIONS.length}], (select min(id) from communities) + (g % 50),
        'wish', (g % 100000)::text, jsonb_build_object('reason', '测试原因', 'amount', g % 50),
        ${NOW.toISOString()}::timestamptz - make_interval(secs => (g::double precision / ${n(1_000_000)}) * 730 * 86400)
      from generate_series(1, ${n(1_000_000)}) g`)
    await db.execute(sql`insert into personal_data_access (actor_user_id, subject_person_id, purpose, route, created_at)
      select (select min(id) from users) + (g % 200), (select min(id) from persons) + (g % ${n(300_000)}), 'roster', 'GET /api/staff/activities/:id/roster',
        ${NOW.toISOString()}::timestamptz - make_interval(secs => (g::double precision / ${n(1_000_000)}) * 730 * 86400)
      from generate_series(1, ${n(1_000_000)}) g`)
    // As autovacuum leaves append-only tables in service (PostgreSQL 13+ vacuums after inserts): the visibility map
    // set, so index-only scans need not visit the rows.
    await db.execute(sql`vacuum analyze`)
    console.log(`seeded ${n(1_000_000)} audit_log and ${n(1_000_000)} personal_data_access rows in ${((Date.now() - t0) / 1000).toFixed(0)} s`)

    const { rows: [ids] } = (await db.execute(sql`select (select min(id) from communities) + 7 as community, (select min(id) from users) + 3 as actor`)) as unknown as { rows: { community: number; actor: number }[] }
    const community = Number(ids!.community)
    const actor = Number(ids!.actor)
    const ctx = { db, now: () => NOW } as unknown as AppContext
    const districtAdmin = new Principal(1, new Set(['admin']), new Set(), null, null, null)
    const staff = new Principal(actor, new Set(['staff']), new Set([community]), community, null, null)
    // The cursor of the 10th page of the community's trail.
    let cursor: string | undefined
    for (let i = 0; i < 9; i++) cursor = (await listAudit(ctx, staff, ZAuditQuery.parse({ limit: 20, cursor }))).nextCursor ?? undefined
    const page = (principal: Principal, query: Record<string, unknown>) => () => listAudit(ctx, principal, ZAuditQuery.parse({ limit: 20, ...query }))
    const cases: [string, () => Promise<unknown>][] = [
      ['district, first page (admin)', page(districtAdmin, {})],
      ['one community, first page', page(staff, {})],
      ['one community, kind=points', page(staff, { kind: 'points' })],
      ['one community, kind=personal_data', page(staff, { kind: 'personal_data' })],
      ['one community, one person', page(staff, { actorUserId: actor })],
      ['one community, one month', page(staff, { from: '2026-03-01', to: '2026-03-31' })],
      ['one community, 10th page', page(staff, { cursor })],
      ['actors list, district (admin)', () => listAuditActors(ctx, districtAdmin, undefined)],
      ['actors list, one community', () => listAuditActors(ctx, staff, community)],
    ]
    const run = async (label: string) => {
      console.log(`\n${label}: ${REQUESTS} sequential calls per run, median of ${ROUNDS} runs (limit 20)`)
      for (const [name, call] of cases) {
        const p50s: number[] = []
        const p99s: number[] = []
        for (let r = 0; r < ROUNDS; r++) {
          const times: number[] = []
          for (let i = 0; i < REQUESTS; i++) {
            const start = performance.now()
            await call()
            times.push(performance.now() - start)
          }
          p50s.push(pct(times, 50))
          p99s.push(pct(times, 99))
        }
        console.log(`  ${name.padEnd(36)} p50 ${median(p50s).toFixed(1).padStart(7)} ms   p99 ${median(p99s).toFixed(1).padStart(7)} ms`)
      }
    }
    await run('schema as migrated')
  } finally {
    await handle.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
