import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq, sql } from 'drizzle-orm'
import { pointsLedger, redemptions, shopItems } from '../../server/src/db/schema'
import { postLedgerEntry } from '../../server/src/modules/points/points.repository'
import { checkBalances } from '../../server/src/modules/points/points-upkeep.service'
import { createTestApp, type TestApp } from '../support/test-app'
import { demoLookup } from '../support/demo-lookup'
import { onPostgres } from '../support/test-database'

/* The points invariants under real concurrency: PostgreSQL only (PGlite runs one transaction at a time). */
describe.runIf(onPostgres)('points under concurrency on PostgreSQL', () => {
  let t: TestApp
  let look: ReturnType<typeof demoLookup>
  let lianTong: number
  let stationId: number
  let shoppers: { householdId: number; authorization: string }[]

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 10 })
    look = demoLookup(t.handle.db)
    lianTong = await look.communityId('联通社区')
    stationId = (await look.item(lianTong, '义剪一次')).stationId
    // Every household of 联通社区 gets 1000 points and a session.
    const households = await look.householdsOf(lianTong)
    shoppers = []
    for (const h of households) {
      await t.handle.db.transaction((tx) =>
        postLedgerEntry(tx, { communityId: lianTong, householdId: h.householdId, personId: h.personId, amount: 1000, reason: 'staff_award', source: { type: 'test-grant', id: h.householdId }, eventKey: `test-grant:${h.householdId}`, title: '测试', now: t.clock.now }),
      )
      shoppers.push({ householdId: h.householdId, ...(await t.actAsPerson(h.personId)) })
    }
  }, 120_000)
  afterAll(() => t?.close())

  async function newItem(values: { stock: number; price: number; monthlyLimit?: number | null }) {
    const [item] = await t.handle.db.insert(shopItems).values({ communityId: lianTong, stationId, name: `并发测试${Math.random()}`, kind: 'goods', monthlyLimit: null, ...values }).returning()
    return item!
  }

  it(`1000 simultaneous redemptions of 20 in stock: exactly 20 succeed, stock and ledger reconcile`, async () => {
    const item = await newItem({ stock: 20, price: 10 })
    const responses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => t.app.inject({ method: 'POST', url: `/api/shop/items/${item.id}/redeem`, headers: { authorization: shoppers[i % shoppers.length]!.authorization }, payload: {} })),
    )
    const statuses = responses.map((r) => r.statusCode)
    expect(statuses.filter((s) => s === 201)).toHaveLength(20)
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true)
    expect(new Set(responses.filter((r) => r.statusCode === 409).map((r) => r.json().code))).toEqual(new Set(['OUT_OF_STOCK']))

    const [{ stock }] = (await t.handle.db.select({ stock: shopItems.stock }).from(shopItems).where(eq(shopItems.id, item.id))) as [{ stock: number }]
    expect(stock).toBe(0)
    const [{ n, codes }] = (await t.handle.db.select({ n: sql<number>`count(*)::int`, codes: sql<number>`count(distinct ${redemptions.pickupCode})::int` }).from(redemptions).where(eq(redemptions.itemId, item.id))) as [{ n: number; codes: number }]
    expect(n).toBe(20)
    expect(codes).toBe(20)
    const [{ spent }] = (await t.handle.db
      .select({ spent: sql<number>`coalesce(sum(${pointsLedger.amount}), 0)::int` })
      .from(pointsLedger)
      .where(and(eq(pointsLedger.reason, 'redemption'), sql`${pointsLedger.eventKey} in (select 'redemption:' || id from ${redemptions} where item_id = ${item.id})`))) as [{ spent: number }]
    expect(spent).toBe(-200)
    expect(await checkBalances(t.handle.db)).toEqual({ ok: true, mismatches: [], orphanLedgers: 0 })
  })

  it('one household pressing 兑换 50 times at once on a once-a-month item gets it once', async () => {
    const item = await newItem({ stock: 100, price: 10, monthlyLimit: 1 })
    const shopper = shoppers[0]!
    const responses = await Promise.all(Array.from({ length: 50 }, () => t.app.inject({ method: 'POST', url: `/api/shop/items/${item.id}/redeem`, headers: { authorization: shopper.authorization }, payload: {} })))
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1)
    expect(responses.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'REDEEM_LIMIT_REACHED')).toBe(true)
  })

  it('a household never spends below zero, whatever arrives at once', async () => {
    const item = await newItem({ stock: 500, price: 300 })
    const shopper = shoppers[1]!
    const before = await look.balance(shopper.householdId)
    const responses = await Promise.all(Array.from({ length: 40 }, () => t.app.inject({ method: 'POST', url: `/api/shop/items/${item.id}/redeem`, headers: { authorization: shopper.authorization }, payload: {} })))
    const ok = responses.filter((r) => r.statusCode === 201).length
    expect(ok).toBe(Math.floor(before / 300))
    expect(responses.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'POINTS_INSUFFICIENT')).toBe(true)
    expect(await look.balance(shopper.householdId)).toBe(before - ok * 300)
  })

  it('the same award sent 100 times at once pays once', async () => {
    const staff = await t.headersAs('staff')
    const meeting = await look.activity(lianTong, '党群议事会：老旧小区改造')
    const zhang = await look.person('张秀兰')
    const before = await look.balance(zhang.householdId!)
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        t.app.inject({ method: 'POST', url: '/api/staff/points/rule-awards', headers: staff, payload: { rule: 'council_meeting', activityId: meeting.id, personIds: [zhang.id] } }),
      ),
    )
    expect(responses.map((r) => r.statusCode)).toEqual(Array(100).fill(200))
    expect(responses.reduce((n, r) => n + r.json().awarded, 0)).toBe(1)
    expect(await look.balance(zhang.householdId!)).toBe(before + 3)
    expect(await checkBalances(t.handle.db)).toMatchObject({ ok: true })
  })
})
