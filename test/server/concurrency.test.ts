import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import { users } from '../../server/src/db/schema'
import { createTestApp, type TestApp } from '../support/test-app'
import { onPostgres } from '../support/test-database'

/*
 * Races that only a real PostgreSQL can show (PGlite runs one transaction at a time): many instances of the
 * same request at once, through a pool of connections.
 */
let runs = 0
function probe(app: FastifyInstance) {
  app.post('/api/probe/slow-write', async () => {
    runs++
    await new Promise((resolve) => setTimeout(resolve, 30))
    return { run: runs }
  })
}

describe.runIf(onPostgres)('under concurrency on PostgreSQL', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp({ extend: probe, poolSize: 10 })
  })
  afterAll(() => t?.close())

  it('a first login pressed 50 times at once creates one account', async () => {
    for (let i = 0; i < 50; i++) t.wechat.codes.set(`rush-${i}`, 'openid-rush')
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: `rush-${i}` } })),
    )
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(200))
    expect(new Set(responses.map((r) => r.json().me.id)).size).toBe(1)
    expect(await t.handle.db.select().from(users).where(eq(users.openid, 'openid-rush'))).toHaveLength(1)
  })

  it('one Idempotency-Key sent 40 times at once acts exactly once', async () => {
    const { authorization } = await t.loginAs('resident')
    const before = runs
    const responses = await Promise.all(
      Array.from({ length: 40 }, () =>
        t.app.inject({ method: 'POST', url: '/api/probe/slow-write', headers: { authorization, 'idempotency-key': 'rush-key-000001' }, payload: {} }),
      ),
    )
    expect(runs - before).toBe(1)
    const statuses = responses.map((r) => r.statusCode)
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1)
    // The others either waited for nothing (409, retry later) or got the replay; none failed.
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true)
    const winners = responses.filter((r) => r.statusCode === 200).map((r) => r.json().run)
    expect(new Set(winners).size).toBe(1)
  })
})
