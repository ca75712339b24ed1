import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { inArray, sql } from 'drizzle-orm'
import pg from 'pg'
import { users } from '../../server/src/db/schema'
import { checkBalances } from '../../server/src/modules/points/points-upkeep.service'
import { createTestApp, type TestApp } from '../support/test-app'
import { onPostgres, openTestDatabase } from '../support/test-database'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'

/*
 * A managed PostgreSQL restarts, fails over and drops connections. The API must answer 503 meanwhile — quickly,
 * in the one error shape — never crash, and serve again by itself when the database is back. The outage is made
 * by a proxy between the app and the shared test server (test/support/tcp-proxy.ts) or by PostgreSQL itself
 * terminating the app's backends (57P01, what a restart sends), so other test files keep their database.
 */
const postgresUrl = process.env.TEST_POSTGRES_URL ?? ''
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Ends every backend of the database but our own: PostgreSQL's shutdown sends each of them 57P01. */
async function terminateBackends(database: string) {
  const admin = new pg.Client({ connectionString: postgresUrl })
  await admin.connect()
  try {
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database])
  } finally {
    await admin.end()
  }
}

/** Resolves with the answers, or with 'hung' when they take longer than a client would wait. */
async function within<T>(ms: number, work: Promise<T>): Promise<T | 'hung'> {
  return Promise.race([work, sleep(ms).then(() => 'hung' as const)])
}

describe.runIf(onPostgres)('database faults on PostgreSQL', () => {
  it('a connection terminated between two statements of a transaction (57P01) fails that transaction, not the process', async () => {
    const handle = await openTestDatabase({ poolSize: 2 })
    try {
      const { rows } = (await handle.db.execute(sql`select current_database() as name`)) as unknown as { rows: { name: string }[] }
      const failed = handle.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`)
        await terminateBackends(rows[0]!.name)
        // The client is checked out and idle: PostgreSQL's goodbye arrives as an 'error' event on it. Without a
        // listener Node would end the process here.
        await sleep(300)
        await tx.execute(sql`select 1`)
      })
      await expect(failed).rejects.toThrow()
      // The pool dropped the broken client and connects afresh.
      await expect(handle.db.execute(sql`select 1 as one`)).resolves.toBeTruthy()
    } finally {
      await handle.close()
    }
  })

  describe('the API during an outage', () => {
    let proxy: TcpProxy
    let t: TestApp
    let database: string
    let staff: { authorization: string }
    let husbandId: number
    beforeAll(async () => {
      const target = new URL(postgresUrl)
      proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
      t = await createTestApp({ databaseVia: proxy.url, poolSize: 5 })
      const { rows } = (await t.handle.db.execute(sql`select current_database() as name`)) as unknown as { rows: { name: string }[] }
      database = rows[0]!.name
      staff = await t.headersAs('staff')
      const { rows: people } = (await t.handle.db.execute(sql`select id from persons where name = '王德明'`)) as unknown as { rows: { id: number }[] }
      husbandId = people[0]!.id
    })
    afterEach(() => proxy.restore())
    afterAll(async () => {
      await t?.close()
      await proxy?.close()
    })

    let logins = 0
    /** A mixed load: reads, first logins (new accounts) and points awards (ledger writes). */
    const load = (n: number) =>
      Promise.all(
        Array.from({ length: n }, (_, i) => {
          if (i % 3 === 0) return t.app.inject({ method: 'GET', url: '/api/communities' })
          if (i % 3 === 1) {
            const code = `outage-${logins++}`
            t.wechat.codes.set(code, `openid-${code}`)
            return t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code } })
          }
          return t.app.inject({ method: 'POST', url: '/api/staff/points/adjustments', headers: staff, payload: { personId: husbandId, amount: 1, reason: '故障演练' } })
        }),
      )

    function expectUnavailable(res: { statusCode: number; json: () => unknown; headers: Record<string, unknown> }) {
      expect(res.statusCode).toBe(503)
      expect(res.json()).toEqual({ code: 'SERVICE_UNAVAILABLE', message: '服务繁忙，请稍后再试' })
      expect(res.headers['retry-after']).toBeDefined()
    }

    it('answers 503 at once while the database refuses connections, and serves again when it is back', async () => {
      expect((await load(6)).every((r) => r.statusCode < 300)).toBe(true)
      await proxy.refuse()
      const started = performance.now()
      const during = await within(10_000, load(12))
      console.info(`database refusing connections: 12 requests answered 503 in ${Math.round(performance.now() - started)} ms`)
      expect(during).not.toBe('hung')
      for (const res of during as Awaited<ReturnType<typeof load>>) expectUnavailable(res)
      await proxy.restore()
      const after = await load(6)
      expect(after.map((r) => r.statusCode).every((s) => s < 300)).toBe(true)
    })

    it('answers 503 after the connection timeout when the network swallows packets, never hangs', async () => {
      proxy.blackhole()
      const started = performance.now()
      const during = await within(20_000, load(3))
      console.info(`database unreachable (packets swallowed): 3 requests answered 503 in ${Math.round(performance.now() - started)} ms`)
      expect(during).not.toBe('hung')
      for (const res of during as Awaited<ReturnType<typeof load>>) expectUnavailable(res)
      await proxy.restore()
      expect((await load(3)).every((r) => r.statusCode < 300)).toBe(true)
    })

    it('survives PostgreSQL ending every connection under a write load (a restart: 57P01): each write succeeds or answers 503, and what was acknowledged is there', async () => {
      const running = load(60)
      await sleep(50)
      await terminateBackends(database)
      const answers = await running
      console.info(`every backend terminated under 60 requests: ${answers.filter((r) => r.statusCode < 300).length} succeeded, ${answers.filter((r) => r.statusCode === 503).length} answered 503, ${answers.filter((r) => r.statusCode >= 500 && r.statusCode !== 503).length} other 5xx`)
      expect(answers.every((r) => r.statusCode < 300 || r.statusCode === 503)).toBe(true)
      // Every account whose login was acknowledged exists.
      const acknowledged = answers.filter((r) => r.statusCode === 200 && r.json().me).map((r) => r.json().me.id as number)
      if (acknowledged.length) {
        const found = await t.handle.db.select({ id: users.id }).from(users).where(inArray(users.id, acknowledged))
        expect(found).toHaveLength(acknowledged.length)
      }
      // And the API serves again with no restart.
      expect((await load(6)).every((r) => r.statusCode < 300)).toBe(true)
      // Each household's balance is still the sum of its ledger (`npm run points:check`).
      expect(await checkBalances(t.handle.db)).toEqual({ ok: true, mismatches: [], orphanLedgers: 0 })
    })
  })
})
