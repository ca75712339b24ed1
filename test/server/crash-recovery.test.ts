import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asc, eq, inArray, sql } from 'drizzle-orm'
import pg from 'pg'
import { openDatabase, type DatabaseHandle } from '../../server/src/db/client'
import { seedReferenceData } from '../../server/src/db/seed/reference'
import { users, wishClaims } from '../../server/src/db/schema'
import { checkBalances } from '../../server/src/modules/points/points-upkeep.service'
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat'
import { onPostgres } from '../support/test-database'
import { post, sleep, startServer } from '../support/server-process'

/*
 * The server process killed with SIGKILL in the middle of a write load, then started again: every write it
 * acknowledged with a 2xx is in the database, and the ledger still reconciles. On PGlite (its files in a folder
 * of this test's own) and on PostgreSQL (a database of its own). The server runs as `npm run serve` does.
 */
type Acknowledged = { accounts: number[]; awards: number }

/**
 * Workers that write until the server dies under them: first logins (new accounts) and points awards (ledger
 * rows and a balance), counting what was acknowledged.
 */
function writeLoad(base: string, wechat: FakeWechat, staff: string, personId: number): { stop: () => Promise<Acknowledged> } {
  const acknowledged: Acknowledged = { accounts: [], awards: 0 }
  let running = true
  let n = 0
  const worker = async (w: number) => {
    while (running) {
      try {
        if (w % 2 === 0) {
          const code = `crash-${randomBytes(6).toString('hex')}-${n++}`
          wechat.codes.set(code, `openid-${code}`)
          const res = await post(base, '/api/auth/wechat', { code })
          if (res.status === 200) acknowledged.accounts.push((res.body!.me as { id: number }).id)
        } else {
          const res = await post(base, '/api/staff/points/adjustments', { personId, amount: 1, reason: '故障演练' }, staff)
          if (res.status === 201) acknowledged.awards++
        }
      } catch {
        // The server is gone: the request was never acknowledged.
        await sleep(20)
      }
    }
  }
  const workers = Array.from({ length: 6 }, (_, w) => worker(w))
  return {
    async stop() {
      running = false
      await Promise.all(workers)
      return acknowledged
    },
  }
}

/**
 * While the server is down, a claim's deadline passes (it is moved into the past): the claim the next start
 * must lapse. Returns its id.
 */
async function claimFallingDueWhileDown(open: () => Promise<DatabaseHandle>): Promise<number> {
  const handle = await open()
  try {
    const [claim] = await handle.db.select({ id: wishClaims.id }).from(wishClaims).where(eq(wishClaims.status, 'active')).orderBy(asc(wishClaims.id)).limit(1)
    await handle.db.update(wishClaims).set({ deadline: new Date(Date.now() - 3600_000) }).where(eq(wishClaims.id, claim!.id))
    return claim!.id
  } finally {
    await handle.close()
  }
}

async function drill(env: Record<string, string>, openAfterwards: () => Promise<DatabaseHandle>, wechat: FakeWechat) {
  let server = await startServer(env)
  const staff = `Bearer ${((await post(server.base, '/api/auth/demo', { persona: 'staff' })).body as { token: string }).token}`
  const search = await fetch(`${server.base}/api/staff/households?q=${encodeURIComponent('王德明')}`, { headers: { authorization: staff } })
  const personId = ((await search.json()) as { items: { members: { id: number; name: string }[] }[] }).items[0]!.members.find((m) => m.name === '王德明')!.id
  const balanceBefore = await householdBalance(server.base, staff)

  const load = writeLoad(server.base, wechat, staff, personId)
  await sleep(2500)
  server.process.kill('SIGKILL')
  await server.exited
  const acknowledged = await load.stop()
  expect(acknowledged.accounts.length + acknowledged.awards).toBeGreaterThan(10)
  const dueClaim = await claimFallingDueWhileDown(openAfterwards)

  // Started again on the same data, it serves, and everything it acknowledged is there.
  server = await startServer(env)
  const staffAgain = `Bearer ${((await post(server.base, '/api/auth/demo', { persona: 'staff' })).body as { token: string }).token}`
  expect(await householdBalance(server.base, staffAgain)).toBeGreaterThanOrEqual(balanceBefore + acknowledged.awards)
  // The sweeps run once at start: the claim that fell due meanwhile is lapsed (give the start-up sweep a moment).
  await sleep(1500)
  server.process.kill('SIGTERM')
  await server.exited

  const handle = await openAfterwards()
  try {
    const [claim] = await handle.db.select({ status: wishClaims.status }).from(wishClaims).where(eq(wishClaims.id, dueClaim))
    expect(claim!.status).toBe('lapsed')
    const found = await handle.db.select({ id: users.id }).from(users).where(inArray(users.id, acknowledged.accounts))
    expect(found).toHaveLength(acknowledged.accounts.length)
    // The reconciliation of `npm run points:check`: every balance is the sum of its ledger.
    expect(await checkBalances(handle.db)).toEqual({ ok: true, mismatches: [], orphanLedgers: 0 })
    // The booking and capacity invariants: no two live bookings of a room overlap, and every activity's count of
    // accepted sign-ups is its real count and within its capacity.
    const { rows: invariants } = (await handle.db.execute(sql`
      select
        (select count(*)::int from bookings a join bookings b on a.room_id = b.room_id and a.id < b.id
          where a.status in ('pending', 'confirmed', 'checked_in') and b.status in ('pending', 'confirmed', 'checked_in')
            and tstzrange(a.starts_at, a.blocked_until) && tstzrange(b.starts_at, b.blocked_until)) as overlapping,
        (select count(*)::int from activities a
          where a.signed_up > a.capacity
             or a.signed_up <> (select count(*) from activity_signups s where s.activity_id = a.id and s.status = 'accepted')) as miscounted
    `)) as unknown as { rows: { overlapping: number; miscounted: number }[] }
    expect(invariants[0]).toEqual({ overlapping: 0, miscounted: 0 })
    // The figure docs/reliability.md quotes.
    console.info(`crash drill (${env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}): ${acknowledged.accounts.length} accounts and ${acknowledged.awards} awards acknowledged before SIGKILL, all present after restart`)
  } finally {
    await handle.close()
  }
}

async function householdBalance(base: string, staff: string) {
  const res = await fetch(`${base}/api/staff/households?q=${encodeURIComponent('王德明')}`, { headers: { authorization: staff } })
  return ((await res.json()) as { items: { balance: number }[] }).items[0]!.balance
}

let wechat: FakeWechat
let uploads: string
beforeAll(async () => {
  wechat = await startFakeWechat()
  uploads = mkdtempSync(path.join(tmpdir(), 'doorstep-crash-uploads-'))
})
afterAll(async () => {
  await wechat?.close()
  rmSync(uploads, { recursive: true, force: true })
})

function serverEnv(extra: Record<string, string>) {
  return {
    NODE_ENV: 'development',
    DEMO: '1',
    H5_DIR: '',
    LOG_LEVEL: 'error',
    UPLOAD_DIR: uploads,
    WECHAT_APPID: 'wx0123456789abcdef',
    WECHAT_SECRET: 'test-secret',
    WECHAT_API_BASE: wechat.baseUrl,
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
    RATE_LIMIT_LOGINS_PER_MINUTE: '1000000',
    MAX_EVENT_LOOP_DELAY_MS: '0',
    ...extra,
  }
}

describe('killed with SIGKILL under a write load', () => {
  it.runIf(!onPostgres)('on PGlite, loses nothing it acknowledged', { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'doorstep-crash-'))
    try {
      await drill(serverEnv({ DATA_DIR: dataDir }), () => openDatabase({ kind: 'pglite', dataDir }), wechat)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it.runIf(onPostgres)('on PostgreSQL, loses nothing it acknowledged', { timeout: 180_000 }, async () => {
    const adminUrl = process.env.TEST_POSTGRES_URL!
    const name = `doorstep_crash_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    await admin.query(`create database ${name}`)
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    try {
      // The release step of a PostgreSQL deployment: migrate and seed the reference data, then start.
      const release = await openDatabase({ kind: 'postgres', url: url.toString() })
      await release.migrate()
      await seedReferenceData(release.db)
      await release.close()
      await drill(serverEnv({ DATABASE_URL: url.toString() }), () => openDatabase({ kind: 'postgres', url: url.toString() }), wechat)
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`)
      await admin.end()
    }
  })
})
