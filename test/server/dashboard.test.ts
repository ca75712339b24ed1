import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { calendarDays, communities, persons, pointsLedger, pointsMonthlyTotals, shopItems } from '../../server/src/db/schema'
import { asc, eq, inArray } from 'drizzle-orm'
import { starThresholdMinutes, trendMonths } from '../../server/src/modules/reports/dashboard.domain'
import { pointsTrend } from '../../server/src/modules/reports/dashboard.repository'
import { hoursOf, starLevel } from '../../server/src/modules/volunteer/volunteer.domain'
import type { Dashboard, TrendMonth } from '../../types/api/reports'
import { type As, expectError, ok } from '../support/api-checks'
import { TEST_NOW } from '../support/clock'
import { at } from './dashboard-fixtures'
import { createTestApp, type TestApp } from '../support/test-app'
import { seedDashboardWorld, type DashboardWorld } from './dashboard-fixtures'

/*
 * 数据看板: every figure against a district built by hand (dashboard-fixtures.ts) with answers worked out from it —
 * wishes and the 办结率, room use over the 国庆 week with closures, volunteering and 星级, points by rule, staff
 * award, redemption net of refunds and expiry, 双报到 at the range's end, and the 12-month trend in China months.
 * Then who may see what, and the query's errors.
 */

let t: TestApp
let world: DashboardWorld
let staff1: As
let staff2: As
let admin: As
let resident: As

const RANGE = 'from=2026-10-01&to=2026-10-11'

beforeAll(async () => {
  t = await createTestApp({ demo: false, now: TEST_NOW })
  world = await seedDashboardWorld(t.handle.db)
  const as = async (a: { userId: number }): Promise<As> => ({ authorization: await t.bearerFor(a.userId) })
  ;[staff1, staff2, admin, resident] = [await as(world.staff1), await as(world.staff2), await as(world.admin), await as(world.resident)]
}, 60_000)
afterAll(() => t?.close())

const dashboard = async (as: As, query: string) => t.app.inject({ method: 'GET', url: `/api/staff/dashboard?${query}`, headers: as })

/** The trend's months that are not all zeros. */
function nonZeroMonths(trend: TrendMonth[]) {
  return Object.fromEntries(
    trend.filter(({ month: _m, ...figures }) => Object.values(figures).some((v) => v !== 0)).map(({ month, ...figures }) => [month, Object.fromEntries(Object.entries(figures).filter(([, v]) => v !== 0))]),
  )
}

describe('a community for a range of days', () => {
  let d: Dashboard
  beforeAll(async () => {
    d = ok<Dashboard>(await dashboard(staff1, RANGE))
  })

  it('names its scope and range, and has no side-by-side table', () => {
    expect(d).toMatchObject({ communityId: world.c1.id, scopeName: '甲社区', from: '2026-10-01', to: '2026-10-11', communities: [] })
  })

  it('counts wishes posted and fulfilled in the range, the 办结率 and the days from approval to confirmation', () => {
    // Posted: W1, W2, W3 (23:30 on the last day), W5; not W4 (September) nor W6 (00:30 the day after).
    // Fulfilled: W1 (3 days after approval) and W4 (18.5 days). 办结率: W1, W2, W5 approved, W1 and W5 confirmed by now.
    expect(d.figures.wishes).toEqual({
      posted: 4,
      fulfilled: 2,
      completionRate: 0.6667,
      averageDaysToFulfil: 10.8,
      byCategory: [
        { category: 'daily_goods', posted: 2, fulfilled: 1 },
        { category: 'education', posted: 1, fulfilled: 0 },
        { category: 'elderly_care', posted: 0, fulfilled: 1 },
        { category: 'health', posted: 1, fulfilled: 0 },
        { category: 'appliance_repair', posted: 0, fulfilled: 0 },
        { category: 'companionship', posted: 0, fulfilled: 0 },
        { category: 'other', posted: 0, fulfilled: 0 },
      ],
    })
  })

  it('holds the official calendar the open hours are counted from', async () => {
    const rows = await t.handle.db.select().from(calendarDays).where(inArray(calendarDays.day, ['2026-10-01', '2026-10-07', '2026-10-10', '2026-10-11']))
    expect(Object.fromEntries(rows.map((r) => [r.day, r.kind]))).toEqual({ '2026-10-01': 'holiday', '2026-10-07': 'holiday', '2026-10-10': 'workday' })
  })

  it('counts room use over the 国庆 week: holidays on Saturday hours, the 调休 Saturday on Monday hours, closures taken off', () => {
    // 1–7 Oct holidays 7 × 8 h, 8–9 Oct 2 × 7 h, 10 Oct (调休) 7 h, 11 Oct Sunday closed: 77 h a room.
    // 会议室: −4 h (9 Oct afternoon), −2 h (8 Oct 11:00–15:00, lunch excluded; an overlapping closure counts once) = 71 h.
    // 活动室: −1 h (a closure from the evening before until 10:00 on 1 Oct) = 76 h. The 电钻 is a tool, not a room.
    expect(d.figures.bookings).toEqual({
      bookings: 4,
      bookedHours: 8.5,
      openHours: 147,
      utilisation: 0.0578,
      noShows: 1,
      byRoom: [
        { stationId: world.s1.id, stationName: '甲党群服务中心', roomId: world.r1.id, roomName: '会议室', bookings: 3, bookedHours: 5.5, openHours: 71, utilisation: 0.0775 },
        { stationId: world.s1.id, stationName: '甲党群服务中心', roomId: world.r2.id, roomName: '活动室', bookings: 1, bookedHours: 3, openHours: 76, utilisation: 0.0395 },
      ],
    })
  })

  it('counts activities, sign-ups, 参与人次, no-shows, confirmed hours, new volunteers and 星级 reached', () => {
    // A1 and A2 (the cancelled, the unpublished and the one after the range left out). Sign-ups: A1 V1 V2 V3(爽约), A2 V1 V3.
    // 参与人次: A1 V1 V2 (checked in), A2 V1 (hours confirmed). Hours 3 + 3 + 2. V1 passes 100 h, V2 300 h.
    expect(d.figures.volunteering).toEqual({
      activities: 2,
      signups: 5,
      attendances: 3,
      noShows: 1,
      confirmedHours: 8,
      newVolunteers: 2,
      starsReached: [
        { stars: 1, volunteers: 1 },
        { stars: 2, volunteers: 1 },
        { stars: 3, volunteers: 0 },
        { stars: 4, volunteers: 0 },
        { stars: 5, volunteers: 0 },
      ],
    })
  })

  it('counts points by rule and by staff award, redemptions net of their refunds, expiries and active households', () => {
    // Redeemed: 40 refunded, 25, 15 refunded after the range (by now) → 25; a September redemption refunded in the
    // range changes nothing. The household with only an expiry was not active.
    expect(d.figures.points).toEqual({
      issuedByRule: 60,
      issuedByStaff: 50,
      redeemed: 25,
      expired: 10,
      activeHouseholds: 3,
      byRule: [
        { rule: 'wish_fulfilled', label: '帮助兑现微心愿', points: 20 },
        { rule: 'volunteer_hour', label: '志愿服务', points: 40 },
        { rule: 'council_meeting', label: '参加议事会', points: 0 },
        { rule: 'environment_drive', label: '参加环境整治', points: 0 },
      ],
    })
  })

  it('counts party members and units as they stood at the end of the range', () => {
    expect(d.figures.dualReporting).toEqual({
      partyMembers: 2,
      units: [
        { unitId: world.u1.id, name: '区医院', members: 2 },
        { unitId: world.u4.id, name: '区档案馆', members: 0 },
      ],
    })
  })

  it('draws the 12 China months ending with the month of `to`, empty months as zeros', () => {
    expect(d.trend.map((m) => m.month)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'])
    expect(d.trend.find((m) => m.month === '2026-02')).toEqual({ month: '2026-02', wishesPosted: 0, wishesFulfilled: 0, bookings: 0, bookedHours: 0, attendances: 0, confirmedHours: 0, pointsIssued: 0, pointsRedeemed: 0 })
    expect(nonZeroMonths(d.trend)).toEqual({
      // A wish posted at 00:30 on 1 November China time (still October in UTC) is November's.
      '2025-11': { wishesPosted: 2 },
      '2025-12': { wishesFulfilled: 1 },
      '2026-01': { pointsIssued: 5 },
      '2026-03': { attendances: 2, confirmedHours: 397.5 },
      '2026-05': { bookings: 1, bookedHours: 1 },
      '2026-09': { wishesPosted: 1 },
      '2026-10': { wishesPosted: 5, wishesFulfilled: 2, bookings: 5, bookedHours: 9.5, attendances: 4, confirmedHours: 9, pointsIssued: 118, pointsRedeemed: 25 },
    })
  })
})

describe('the district', () => {
  let d: Dashboard
  beforeAll(async () => {
    d = ok<Dashboard>(await dashboard(admin, RANGE))
  })

  it('is the admin’s view without a community: the district’s name and every community side by side', () => {
    expect(d).toMatchObject({ communityId: null, scopeName: '爱辉区' })
    expect(d.communities).toEqual([
      { communityId: world.c1.id, name: '甲社区', wishesPosted: 4, wishesFulfilled: 2, completionRate: 0.6667, bookings: 4, utilisation: 0.0578, attendances: 3, confirmedHours: 8, pointsIssued: 110, pointsRedeemed: 25, activeHouseholds: 3 },
      { communityId: world.c2.id, name: '乙社区', wishesPosted: 1, wishesFulfilled: 1, completionRate: 1, bookings: 1, utilisation: 0.013, attendances: 1, confirmedHours: 2, pointsIssued: 6, pointsRedeemed: 0, activeHouseholds: 1 },
    ])
  })

  it('adds the communities up', () => {
    const f = d.figures
    expect([f.wishes.posted, f.wishes.fulfilled, f.wishes.completionRate, f.wishes.averageDaysToFulfil]).toEqual([5, 3, 0.75, 7.5])
    expect([f.bookings.bookings, f.bookings.bookedHours, f.bookings.openHours, f.bookings.utilisation, f.bookings.byRoom.length]).toEqual([5, 9.5, 224, 0.0424, 3])
    expect([f.volunteering.activities, f.volunteering.signups, f.volunteering.attendances, f.volunteering.confirmedHours, f.volunteering.newVolunteers]).toEqual([3, 6, 4, 10, 3])
    // V5 of 乙社区 passes 600 h with this range's 2 hours.
    expect(f.volunteering.starsReached.map((s) => s.volunteers)).toEqual([1, 1, 1, 0, 0])
    expect([f.points.issuedByRule, f.points.issuedByStaff, f.points.redeemed, f.points.activeHouseholds]).toEqual([66, 50, 25, 4])
    expect(f.dualReporting.partyMembers).toBe(2)
  })

  it('lets the admin look at one community as its staff do', async () => {
    const one = ok<Dashboard>(await dashboard(admin, `${RANGE}&communityId=${world.c2.id}`))
    expect(one).toMatchObject({ communityId: world.c2.id, scopeName: '乙社区', communities: [] })
    expect(one.figures.wishes.posted).toBe(1)
    expect(ok<Dashboard>(await dashboard(staff2, RANGE)).figures).toEqual(one.figures)
  })
})

describe('the range', () => {
  it('is this month (China time, the server’s clock) when none is given', async () => {
    const d = ok<Dashboard>(await dashboard(staff1, ''))
    expect([d.from, d.to]).toEqual(['2026-11-01', '2026-11-30'])
    expect([d.trend[0]!.month, d.trend[11]!.month]).toEqual(['2025-12', '2026-11'])
    // W5 was confirmed on 1 November, 22 days after its approval.
    expect(d.figures.wishes).toMatchObject({ posted: 0, fulfilled: 1, completionRate: null, averageDaysToFulfil: 22 })
  })

  it('takes a refund off the range of its redemption, not off the range it was made in', async () => {
    const d = ok<Dashboard>(await dashboard(staff1, 'from=2026-10-12&to=2026-10-31'))
    expect(d.figures.points).toMatchObject({ issuedByRule: 8, redeemed: 0, activeHouseholds: 2 })
  })

  it('answers a bad range with 400 and a message in Chinese', async () => {
    expectError(await dashboard(staff1, 'from=2026-10-11&to=2026-10-01'), 400, 'VALIDATION_FAILED', /开始日期不能晚于结束日期/)
    expectError(await dashboard(staff1, 'from=2026-10-01'), 400, 'VALIDATION_FAILED', /请同时选择开始和结束日期/)
    expectError(await dashboard(staff1, 'from=2025-01-01&to=2026-10-01'), 400, 'VALIDATION_FAILED', /统计范围最长一年/)
    expectError(await dashboard(staff1, 'from=2026-13-01&to=2026-10-01'), 400, 'VALIDATION_FAILED')
  })
})

describe('who may see it', () => {
  it('refuses a resident', async () => {
    expectError(await dashboard(resident, RANGE), 403, 'FORBIDDEN')
  })

  it('refuses staff another community’s figures', async () => {
    expectError(await dashboard(staff1, `${RANGE}&communityId=${world.c2.id}`), 403, 'OUT_OF_COMMUNITY')
  })

  it('refuses someone not logged in', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/staff/dashboard?${RANGE}` })).statusCode).toBe(401)
  })

  it('tells the admin of a community that does not exist', async () => {
    expectError(await dashboard(admin, `${RANGE}&communityId=99999`), 404, 'COMMUNITY_NOT_FOUND')
  })
})

describe('星级 thresholds', () => {
  it('are where the volunteer module’s star level changes', () => {
    for (const [i, m] of starThresholdMinutes().entries()) {
      expect(starLevel(hoursOf(m)).stars).toBe(i + 1)
      expect(starLevel(hoursOf(m - 1)).stars).toBe(i)
    }
  })
})

/*
 * The points trend reads settled months from the monthly rollup (points_monthly_totals), filled by the dashboard
 * on first need. A world of its own, so that the rollup starts empty and the rows added here stay here.
 */
describe('the points trend’s monthly rollup', () => {
  let r: TestApp
  let w: DashboardWorld
  let rStaff1: As
  let rAdmin: As
  let rResident: As
  let everyCommunity: number[]

  beforeAll(async () => {
    r = await createTestApp({ demo: false, now: TEST_NOW })
    w = await seedDashboardWorld(r.handle.db)
    const as = async (a: { userId: number }): Promise<As> => ({ authorization: await r.bearerFor(a.userId) })
    ;[rStaff1, rAdmin, rResident] = [await as(w.staff1), await as(w.admin), await as(w.resident)]
    everyCommunity = (await r.handle.db.select({ id: communities.id }).from(communities)).map((c) => c.id)
  }, 60_000)
  afterAll(() => r?.close())

  const ask = async (as: As, query: string) => ok<Dashboard>(await r.app.inject({ method: 'GET', url: `/api/staff/dashboard?${query}`, headers: as }))
  const pointsOf = (d: Dashboard) => d.trend.map((m) => ({ month: m.month, issued: m.pointsIssued, redeemed: m.pointsRedeemed }))
  const rollup = () => r.handle.db.select().from(pointsMonthlyTotals).orderBy(asc(pointsMonthlyTotals.month), asc(pointsMonthlyTotals.communityId))
  /** The trend of `d` as the raw-ledger statement computes it for the same communities and months, now. */
  async function fromLedger(d: Dashboard, communityIds: number[]) {
    const months = trendMonths(d.to)
    const rows = await pointsTrend(r.handle.db, { communityIds }, months, r.clock.now)
    return months.months.map((month) => {
      const row = rows.find((x) => x.month === month)
      return { month, issued: row?.issued ?? 0, redeemed: row?.redeemed ?? 0 }
    })
  }

  it('fills every settled month on first need, for every community, and answers as the ledger does — also when two requests fill at once', async () => {
    expect(await rollup()).toEqual([])
    // On PostgreSQL the two requests fill the same months on two connections; the second insert of a row gives way.
    const [a, b] = await Promise.all([ask(rAdmin, RANGE), ask(rAdmin, RANGE)])
    expect(pointsOf(b)).toEqual(pointsOf(a))
    const rows = await rollup()
    // The 12 months up to October, all ended more than a day before 17 November: one row per community and month.
    expect(rows).toHaveLength(12 * everyCommunity.length)
    // September's redemption of 12 was refunded in October: nothing is left of it.
    expect(rows.filter((x) => x.issued || x.redeemed)).toEqual([
      { communityId: w.c1.id, month: '2026-01-01', issued: 5, redeemed: 0 },
      { communityId: w.c1.id, month: '2026-10-01', issued: 118, redeemed: 25 },
      { communityId: w.c2.id, month: '2026-10-01', issued: 6, redeemed: 0 },
    ])
    expect(pointsOf(a)).toEqual(await fromLedger(a, everyCommunity))
    const one = await ask(rStaff1, RANGE)
    expect(pointsOf(one)).toEqual(await fromLedger(one, [w.c1.id]))
    expect(pointsOf(one).find((m) => m.month === '2026-10')).toEqual({ month: '2026-10', issued: 118, redeemed: 25 })
  })

  it('counts the current month from the ledger: an award made now shows at once', async () => {
    const before = pointsOf(await ask(rStaff1, '')).find((m) => m.month === '2026-11')!
    const award = await r.app.inject({ method: 'POST', url: '/api/staff/points/adjustments', headers: rStaff1, payload: { personId: w.resident.personId, amount: 100, reason: '清雪志愿服务' } })
    expect(award.statusCode).toBe(201)
    const after = await ask(rStaff1, '')
    expect(pointsOf(after).find((m) => m.month === '2026-11')).toEqual({ ...before, issued: before.issued + 100 })
    expect(pointsOf(after)).toEqual(await fromLedger(after, [w.c1.id]))
    expect((await rollup()).filter((x) => x.month === '2026-11-01')).toEqual([])
  })

  it('leaves a month live while a redemption of it is still reserved, so that its later refund counts under it', async () => {
    const [item] = await r.handle.db.insert(shopItems).values({ communityId: w.c1.id, stationId: w.s1.id, name: '抽纸', kind: 'goods', price: 40, stock: 5 }).returning()
    r.clock.now = at('2026-11-20', '10:00')
    const redeemed = await r.app.inject({ method: 'POST', url: `/api/shop/items/${item!.id}/redeem`, headers: rResident, payload: {} })
    expect(redeemed.statusCode).toBe(201)
    // December: November has ended and settled, but 甲社区's redemption is still reserved (a refund may yet come).
    r.clock.now = at('2026-12-05', '10:00')
    const reserved = await ask(rAdmin, '')
    expect(pointsOf(reserved).find((m) => m.month === '2026-11')).toEqual({ month: '2026-11', issued: 100, redeemed: 40 })
    expect((await rollup()).filter((x) => x.month === '2026-11-01').map((x) => x.communityId)).toEqual(everyCommunity.filter((id) => id !== w.c1.id))
    // Cancelled in December: the refund is dated now and belongs to November, the redemption's month.
    const cancelled = await r.app.inject({ method: 'POST', url: `/api/shop/redemptions/${(redeemed.json() as { id: number }).id}/cancel`, headers: rResident, payload: {} })
    expect(cancelled.statusCode).toBe(200)
    const after = await ask(rAdmin, '')
    expect(pointsOf(after).find((m) => m.month === '2026-11')).toEqual({ month: '2026-11', issued: 100, redeemed: 0 })
    expect((await rollup()).find((x) => x.month === '2026-11-01' && x.communityId === w.c1.id)).toEqual({ communityId: w.c1.id, month: '2026-11-01', issued: 100, redeemed: 0 })
    expect(pointsOf(after)).toEqual(await fromLedger(after, everyCommunity))
  })

  it('fills a settled month once: later requests read its rows, not the ledger', async () => {
    const rows = await rollup()
    // A row dated back into September — which nothing in the product writes — to tell the two sources apart.
    const [p] = await r.handle.db.select().from(persons).where(eq(persons.id, w.resident.personId))
    await r.handle.db.insert(pointsLedger).values({
      communityId: w.c1.id, householdId: p!.householdId!, personId: p!.id, amount: 1000, reason: 'staff_award', sourceType: 'test', sourceId: 'backdated', eventKey: 'test:backdated', title: '测试', householdBalanceAfter: 1000, createdAt: at('2026-09-10', '10:00'),
    })
    const d = await ask(rStaff1, RANGE)
    expect(pointsOf(d).find((m) => m.month === '2026-09')).toEqual({ month: '2026-09', issued: 0, redeemed: 0 })
    expect((await fromLedger(d, [w.c1.id])).find((m) => m.month === '2026-09')).toEqual({ month: '2026-09', issued: 1000, redeemed: 0 })
    expect(await rollup()).toEqual(rows)
  })
})
