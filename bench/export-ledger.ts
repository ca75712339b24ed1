/**
 * The 积分明细 export streams: on PostgreSQL, a fresh database with the demo district and ROWS ledger rows of 联通社区
 * (one INSERT … SELECT over generate_series, spread over the community's households) in one year, and SMALL rows in
 * another. Each export is downloaded over real HTTP (a socket, so the file leaves as it is written; app.inject would
 * gather it in memory), ROUNDS times per size: the time to the first byte and to the last (medians), the file's
 * size, and the growth of the heap and of the RSS over the idle process while the export runs (the peak of samples
 * every 50 ms, each after a full gc when run with --expose-gc: the live heap). Streamed, the growth stays about the
 * same for SMALL and ROWS rows while the file grows with the rows; for scale, the live heap that the ROWS rows of the
 * same query take when read at once is printed too.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres NODE_OPTIONS=--expose-gc npx tsx bench/export-ledger.ts
 */
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { eq, sql } from 'drizzle-orm'
import pg from 'pg'
import { buildApp } from '../server/src/app'
import { loadConfig } from '../server/src/config'
import { seedDemoDistrict } from '../server/src/db/seed/demo'
import { seedReferenceData } from '../server/src/db/seed/reference'
import { PersonalDataCipher } from '../server/src/modules/privacy/personal-data-cipher'
import { ledgerBatch } from '../server/src/modules/reports/exports.repository'
import { openDatabase, type DatabaseHandle } from '../server/src/db/client'
import { communities } from '../server/src/db/schema'

const ROUNDS = Number(process.env.ROUNDS ?? 5)
const ROWS = Number(process.env.ROWS ?? 50_000)
const SMALL = Number(process.env.SMALL ?? 5_000)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
const gc = (globalThis as { gc?: () => void }).gc

type Download = { ms: number; firstByteMs: number; bytes: number; heapGrowth: number; rssGrowth: number; status: number }

/** GET the export over HTTP, counting and dropping the bytes, sampling the process' memory meanwhile. */
async function download(url: string, authorization: string, liveHeap = false): Promise<Download> {
  gc?.()
  const base = process.memoryUsage()
  let peakHeap = base.heapUsed
  let peakRss = base.rss
  // The live heap: a full gc before each sample (every 100 ms; it slows the export many times over, so the timed
  // rounds sample without it, every 5 ms, and their heap figure counts garbage not yet collected).
  const sampler = setInterval(() => {
    if (liveHeap) gc?.()
    const m = process.memoryUsage()
    peakHeap = Math.max(peakHeap, m.heapUsed)
    peakRss = Math.max(peakRss, m.rss)
  }, liveHeap ? 100 : 5)
  const t0 = performance.now()
  try {
    return await new Promise<Download>((resolve, reject) => {
      http
        .get(url, { headers: { authorization } }, (res) => {
          let bytes = 0
          let firstByteMs = 0
          res.on('data', (chunk: Buffer) => {
            if (!bytes) firstByteMs = performance.now() - t0
            bytes += chunk.length
          })
          res.on('end', () => resolve({ ms: performance.now() - t0, firstByteMs, bytes, heapGrowth: peakHeap - base.heapUsed, rssGrowth: peakRss - base.rss, status: res.statusCode ?? 0 }))
          res.on('error', reject)
        })
        .on('error', reject)
    })
  } finally {
    clearInterval(sampler)
  }
}

/** A new database on the server of DATABASE_URL, migrated; `drop` removes it. */
async function freshDatabase(url: string): Promise<DatabaseHandle & { drop: () => Promise<void> }> {
  const name = `doorstep_bench_${randomBytes(4).toString('hex')}`
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query(statement)
    await client.end()
  }
  await admin(`create database ${name}`)
  const dbUrl = new URL(url)
  dbUrl.pathname = `/${name}`
  const handle = await openDatabase({ kind: 'postgres', url: dbUrl.toString() })
  await handle.migrate()
  return { ...handle, drop: async () => { await handle.close(); await admin(`drop database if exists ${name} with (force)`) } }
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a PostgreSQL server (a fresh database is created and dropped)')
  const handle = await freshDatabase(process.env.DATABASE_URL)
  try {
    const config = loadConfig({ DEMO: '1', LOG_LEVEL: 'silent', H5_DIR: '', MAX_EVENT_LOOP_DELAY_MS: '0' })
    await seedReferenceData(handle.db)
    await seedDemoDistrict(handle.db, new Date(), new PersonalDataCipher(config.dataKey))
    const [{ id: lianTong }] = (await handle.db.select({ id: communities.id }).from(communities).where(eq(communities.name, '联通社区'))) as [{ id: number }]
    const bulk = async (n: number, year: number) => {
      const t0 = performance.now()
      // Spread over the community's households, each row naming the household's first member, a day's rows in a year.
      await handle.db.execute(sql`
        with h as (
          select h.id, (select p.id from persons p where p.household_id = h.id order by p.id limit 1) as person_id,
                 row_number() over (order by h.id) - 1 as k, count(*) over () as n
          from households h where h.community_id = ${lianTong})
        insert into points_ledger (community_id, household_id, person_id, amount, reason, source_type, source_id, event_key, title, household_balance_after, created_at)
        select ${lianTong}, h.id, h.person_id, 5, 'staff_award', 'bench', i::text, 'bench:' || ${year}::int || ':' || i, '社区奖励：楼道清扫志愿服务', 5 * (1 + i / h.n),
               make_timestamptz(${year}::int, 1, 1, 9, 0, 0, 'Asia/Shanghai') + (i * (364 * 86400 / ${n}::int)) * interval '1 second'
        from generate_series(0, ${n}::int - 1) as i join h on h.k = i % h.n`)
      await handle.db.execute(sql`analyze points_ledger`)
      return performance.now() - t0
    }
    console.log(`inserted ${ROWS} ledger rows in ${(await bulk(ROWS, 2025)).toFixed(0)} ms and ${SMALL} in ${(await bulk(SMALL, 2024)).toFixed(0)} ms (PostgreSQL)`)

    if (gc) {
      // What not streaming would hold: the same query's ROWS rows read in one go.
      gc()
      const before = process.memoryUsage().heapUsed
      const all = await ledgerBatch(handle.db, { communityId: lianTong, from: new Date('2025-01-01T00:00:00+08:00'), until: new Date('2026-01-01T00:00:00+08:00'), maxId: Number.MAX_SAFE_INTEGER }, null, ROWS)
      gc()
      console.log(`the ${all.length} rows read at once hold ${mb(process.memoryUsage().heapUsed - before)} MB of heap`)
    }
    const app = await buildApp({ config, db: handle.db })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as AddressInfo
    const login = await app.inject({ method: 'POST', url: '/api/auth/demo', payload: { persona: 'staff' } })
    const authorization = `Bearer ${(login.json() as { token: string }).token}`
    console.log(`GET /api/staff/exports/points-ledger over HTTP, median of ${ROUNDS}${gc ? ', then one round sampling the live heap' : ' (run with NODE_OPTIONS=--expose-gc for the live heap)'}:`)
    try {
      for (const [rows, year] of [[SMALL, 2024], [ROWS, 2025]] as const) {
        const url = `http://127.0.0.1:${port}/api/staff/exports/points-ledger?communityId=${lianTong}&from=${year}-01-01&to=${year}-12-31`
        await download(url, authorization)
        const runs: Download[] = []
        for (let r = 0; r < ROUNDS; r++) {
          const d = await download(url, authorization)
          if (d.status !== 200) throw new Error(`export answered ${d.status}`)
          runs.push(d)
        }
        const pick = (f: (d: Download) => number) => median(runs.map(f))
        const live = gc ? await download(url, authorization, true) : null
        console.log(
          `  ${String(rows).padStart(6)} rows: ${pick((d) => d.ms).toFixed(0)} ms (first byte after ${pick((d) => d.firstByteMs).toFixed(0)} ms; rounds ${runs.map((d) => d.ms.toFixed(0)).join(', ')}), ` +
            `file ${mb(pick((d) => d.bytes))} MB; peak growth: heap ${mb(pick((d) => d.heapGrowth))} MB with garbage, RSS ${mb(pick((d) => d.rssGrowth))} MB` +
            (live ? `; live heap ${mb(live.heapGrowth)} MB` : ''),
        )
      }
    } finally {
      await app.close()
    }
  } finally {
    await handle.drop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
