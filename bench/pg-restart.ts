/**
 * A real PostgreSQL restart under load — a drill, not a test: it stops the machine's PostgreSQL server, so run it
 * by hand on a development machine where nothing else needs the database for those seconds.
 *
 * The API runs as its own process on a scratch database with the demo district; workers read and write (points
 * awards) without pause; PostgreSQL is stopped (a fast shutdown: every backend gets 57P01) for DOWN_SECONDS and
 * started again. Printed: what the API answered before, during and after, the slowest answer during the outage,
 * how long after PostgreSQL was back the first write succeeded, whether the API process lived, and whether every
 * acknowledged award is in the ledger.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/pg-restart.ts
 * PG_STOP / PG_START override the commands (default: pg_ctlcluster of the machine's one cluster).
 */
import { execSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { openDatabase } from '../server/src/db/client'
import { seedReferenceData } from '../server/src/db/seed/reference'
import { checkBalances } from '../server/src/modules/points/points-upkeep.service'
import { post, sleep, startServer } from '../test/support/server-process'
import { newPostgresDatabase } from './fresh-database'

const DOWN_SECONDS = Number(process.env.DOWN_SECONDS ?? 6)
const cluster = () => readdirSync('/etc/postgresql')[0]
const PG_STOP = process.env.PG_STOP ?? `pg_ctlcluster --skip-systemctl-redirect ${cluster()} main stop -m fast`
const PG_START = process.env.PG_START ?? `pg_ctlcluster --skip-systemctl-redirect ${cluster()} main start`

type Answer = { at: number; status: number; ms: number; write: boolean }

async function main() {
  const adminUrl = process.env.DATABASE_URL
  if (!adminUrl) throw new Error('DATABASE_URL: a PostgreSQL server to drill (a scratch database is made on it)')
  const database = await newPostgresDatabase(adminUrl, 'doorstep_drill')
  const release = await openDatabase({ kind: 'postgres', url: database.url })
  await release.migrate()
  await seedReferenceData(release.db)
  await release.close()

  const server = await startServer({ DATABASE_URL: database.url, DEMO: '1', H5_DIR: '', LOG_LEVEL: 'error', RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_WRITES_PER_MINUTE: '1000000', RATE_LIMIT_LOGINS_PER_MINUTE: '1000000' })
  let died = false
  void server.exited.then(() => (died = true))
  const staff = `Bearer ${((await post(server.base, '/api/auth/demo', { persona: 'staff' })).body as { token: string }).token}`
  const search = await fetch(`${server.base}/api/staff/households?q=${encodeURIComponent('王德明')}`, { headers: { authorization: staff } })
  const household = ((await search.json()) as { items: { id: number; balance: number; members: { id: number; name: string }[] }[] }).items[0]!
  const personId = household.members.find((m) => m.name === '王德明')!.id

  const t0 = performance.now()
  const answers: Answer[] = []
  let running = true
  let awarded = 0
  const worker = async (w: number) => {
    while (running && !died) {
      const write = w % 2 === 1
      const started = performance.now()
      const status = await (write
        ? post(server.base, '/api/staff/points/adjustments', { personId, amount: 1, reason: '重启演练' }, staff).then((r) => r.status)
        : fetch(`${server.base}/api/communities`).then((r) => r.status)
      ).catch(() => 0)
      answers.push({ at: started - t0, status, ms: performance.now() - started, write })
      if (write && status === 201) awarded++
      await sleep(20)
    }
  }
  const workers = Array.from({ length: 8 }, (_, w) => worker(w))

  await sleep(3000)
  const stoppedAt = performance.now() - t0
  execSync(PG_STOP, { stdio: 'inherit' })
  await sleep(DOWN_SECONDS * 1000)
  execSync(PG_START, { stdio: 'inherit' })
  const startedAt = performance.now() - t0
  await sleep(10_000)
  running = false
  await Promise.all(workers)

  const phase = (a: Answer) => (a.at < stoppedAt ? 'before' : a.at < startedAt ? 'during' : 'after')
  const summary: Record<string, Record<string, number>> = { before: {}, during: {}, after: {} }
  for (const a of answers) summary[phase(a)]![a.status === 0 ? 'no answer' : String(a.status)] = (summary[phase(a)]![a.status === 0 ? 'no answer' : String(a.status)] ?? 0) + 1
  const during = answers.filter((a) => phase(a) === 'during')
  const firstWriteBack = answers.find((a) => a.at >= startedAt && a.write && a.status === 201)
  console.log(`PostgreSQL stopped at ${(stoppedAt / 1000).toFixed(1)} s for ${DOWN_SECONDS} s (fast shutdown), started at ${(startedAt / 1000).toFixed(1)} s`)
  for (const [name, counts] of Object.entries(summary)) console.log(`  ${name.padEnd(6)} ${Object.entries(counts).map(([s, n]) => `${s}: ${n}`).join(', ')}`)
  console.log(`  slowest answer during the outage: ${Math.round(Math.max(0, ...during.map((a) => a.ms)))} ms`)
  console.log(`  first acknowledged write after PostgreSQL was back: ${firstWriteBack ? `${Math.round(firstWriteBack.at + firstWriteBack.ms - startedAt)} ms after its start command returned` : 'none'}`)
  console.log(`  the API process: ${died ? 'DIED' : 'alive'}`)

  const res = await fetch(`${server.base}/api/staff/households?q=${encodeURIComponent('王德明')}`, { headers: { authorization: staff } }).catch(() => null)
  const balance = res?.ok ? ((await res.json()) as { items: { balance: number }[] }).items[0]!.balance : null
  console.log(`  acknowledged awards: ${awarded}; the household's balance grew by ${balance === null ? '?' : balance - household.balance}`)
  server.process.kill('SIGTERM')
  await server.exited

  const check = await openDatabase({ kind: 'postgres', url: database.url })
  const { mismatches, orphanLedgers } = await checkBalances(check.db)
  console.log(`  the reconciliation of points:check: ${mismatches.length} balances differ from their ledger, ${orphanLedgers} ledgers without a balance`)
  await check.close()
  await database.drop()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
