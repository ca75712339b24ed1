import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq, inArray, sql } from 'drizzle-orm'
import { persons, users, wishClaims, wishEvents, wishes } from '../../server/src/db/schema'
import { lapseOverdueClaims } from '../../server/src/modules/wishes/wish-lifecycle.service'
import type { Wish } from '../../types/api/wishes'
import { createTestApp, type TestApp } from '../support/test-app'
import { demoLookup } from '../support/demo-lookup'
import { onPostgres } from '../support/test-database'

/* 微心愿 claims under real concurrency: PostgreSQL only (PGlite runs one transaction at a time). */
describe.runIf(onPostgres)('wishes under concurrency on PostgreSQL', () => {
  type As = { authorization: string }
  let t: TestApp
  let look: ReturnType<typeof demoLookup>
  let resident: As
  let staff: As
  /** Volunteer accounts of people of 联通社区 (wishes are claimed in their own community), none holding a claim. */
  let volunteers: (As & { userId: number })[]

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 10 })
    look = demoLookup(t.handle.db)
    resident = await t.headersAs('resident')
    staff = await t.headersAs('staff')
    // Residents of 联通社区, where the resident persona's wishes are — not of a household that has an account
    // already (the wisher's family may not claim) — topped up with new households.
    const lianTong = await look.communityId('联通社区')
    const withAccounts = new Set((await t.handle.db.select({ householdId: persons.householdId }).from(users).innerJoin(persons, eq(persons.id, users.personId))).map((r) => r.householdId))
    const people = (await look.peopleWithoutAccount(lianTong)).filter((p) => !withAccounts.has(p.householdId))
    for (let n = 0; people.length < 240; n++) people.push(await look.newResident(lianTong, 600 + n))
    volunteers = []
    for (const p of people.slice(0, 240)) {
      const account = await t.actAsPerson(p.id)
      await look.grant(account.userId, 'volunteer')
      volunteers.push(account)
    }
  }, 120_000)
  afterAll(() => t?.close())

  const post = (url: string, as: As, payload: object = {}) => t.app.inject({ method: 'POST', url, headers: { authorization: as.authorization }, payload })
  let seq = 0
  async function openWish(): Promise<Wish> {
    const posted = await post('/api/wishes', resident, { category: 'elderly_care', title: `并发认领测试${++seq}`, description: '想请志愿者帮忙把旧家具搬下楼。', photoIds: [], valueYuan: 0, contactPreference: 'phone' })
    expect(posted.statusCode, posted.body).toBe(201)
    const approved = await post(`/api/staff/wishes/${posted.json().id}/approve`, staff)
    expect(approved.statusCode, approved.body).toBe(200)
    return approved.json()
  }

  it('200 volunteers pressing 认领 on one wish at the same instant: exactly one claim', async () => {
    const wish = await openWish()
    const claimers = volunteers.slice(0, 200)
    const responses = await Promise.all(claimers.map((v) => post(`/api/wishes/${wish.id}/claim`, v)))
    const statuses = responses.map((r) => r.statusCode)
    expect(statuses.filter((s) => s >= 500)).toEqual([])
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(199)
    expect(new Set(responses.filter((r) => r.statusCode === 409).map((r) => r.json().code))).toEqual(new Set(['WISH_ALREADY_CLAIMED']))

    const winnerAt = statuses.indexOf(200)
    expect(responses[winnerAt]!.json()).toMatchObject({ status: 'claimed', claim: { mine: true } })
    const claims = await look.claimsOf(wish.id)
    expect(claims).toHaveLength(1)
    expect(claims[0]).toMatchObject({ status: 'active', claimerUserId: claimers[winnerAt]!.userId })
    expect(await look.wish(wish.id)).toMatchObject({ status: 'claimed', currentClaimId: claims[0]!.id })
    expect((await look.wishEvents(wish.id)).map((e) => e.kind)).toEqual(['posted', 'approved', 'claimed'])
  })

  it('one volunteer pressing 认领 on 10 wishes at once with a limit of 3: exactly 3 claims', async () => {
    const ws = await Promise.all(Array.from({ length: 10 }, () => openWish()))
    const volunteer = volunteers[200]!
    const responses = await Promise.all(ws.map((w) => post(`/api/wishes/${w.id}/claim`, volunteer)))
    const statuses = responses.map((r) => r.statusCode)
    expect(statuses.filter((s) => s === 200)).toHaveLength(3)
    expect(statuses.filter((s) => s === 409)).toHaveLength(7)
    expect(new Set(responses.filter((r) => r.statusCode === 409).map((r) => r.json().code))).toEqual(new Set(['WISH_CLAIM_LIMIT_REACHED']))
    const [{ n }] = (await t.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(wishClaims)
      .where(and(eq(wishClaims.claimerUserId, volunteer.userId), eq(wishClaims.status, 'active')))) as [{ n: number }]
    expect(n).toBe(3)
    const statusesInDb = await t.handle.db.select({ status: wishes.status }).from(wishes).where(inArray(wishes.id, ws.map((w) => w.id)))
    expect(statusesInDb.filter((w) => w.status === 'claimed')).toHaveLength(3)
    expect(statusesInDb.filter((w) => w.status === 'open')).toHaveLength(7)
  })

  it('the lapse sweep run 5 times at once over 30 overdue claims lapses each exactly once', async () => {
    const ws = await Promise.all(Array.from({ length: 30 }, () => openWish()))
    const claimers = volunteers.slice(201, 231)
    const claimed = await Promise.all(ws.map((w, i) => post(`/api/wishes/${w.id}/claim`, claimers[i]!)))
    expect(claimed.map((r) => r.statusCode)).toEqual(Array(30).fill(200))

    const at = new Date(t.clock.now.getTime() + 8 * 86_400_000)
    // Every claim overdue by then, including the seed's and the earlier tests'.
    const [{ overdue }] = (await t.handle.db
      .select({ overdue: sql<number>`count(*)::int` })
      .from(wishClaims)
      .where(and(eq(wishClaims.status, 'active'), sql`${wishClaims.deadline} < ${at}`))) as [{ overdue: number }]
    expect(overdue).toBeGreaterThanOrEqual(30)

    const counts = await Promise.all(Array.from({ length: 5 }, () => lapseOverdueClaims(t.handle.db, at)))
    expect(counts.reduce((a, b) => a + b, 0)).toBe(overdue)

    const ids = ws.map((w) => w.id)
    const events = await t.handle.db.select({ wishId: wishEvents.wishId }).from(wishEvents).where(and(inArray(wishEvents.wishId, ids), eq(wishEvents.kind, 'claim_lapsed')))
    expect(events).toHaveLength(30)
    expect(new Set(events.map((e) => e.wishId)).size).toBe(30)
    const [{ lapsedEverywhere }] = (await t.handle.db.select({ lapsedEverywhere: sql<number>`count(*)::int` }).from(wishEvents).where(eq(wishEvents.kind, 'claim_lapsed'))) as [{ lapsedEverywhere: number }]
    expect(lapsedEverywhere).toBe(overdue)
    const rows = await t.handle.db.select({ status: wishes.status, currentClaimId: wishes.currentClaimId }).from(wishes).where(inArray(wishes.id, ids))
    expect(rows.every((w) => w.status === 'open' && w.currentClaimId === null)).toBe(true)
    const claims = await t.handle.db.select({ status: wishClaims.status }).from(wishClaims).where(inArray(wishClaims.wishId, ids))
    expect(claims.map((c) => c.status)).toEqual(Array(30).fill('lapsed'))

    // And again, all at once: nothing left to do.
    expect(await Promise.all(Array.from({ length: 5 }, () => lapseOverdueClaims(t.handle.db, at)))).toEqual([0, 0, 0, 0, 0])
  })
})
