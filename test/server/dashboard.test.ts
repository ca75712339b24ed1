import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { activities, activitySignups, bookings, calendarDays, communities, dashboardMonthVersions, dashboardPieces, persons, pointsLedger, shopItems, volunteerProfiles, wishes } from '../../server/src/db/schema'
import { and, asc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm'
import { monthPieces, starThresholdMinutes, trendMonths } from '../../server/src/modules/reports/dashboard.domain'
import { computeFigures, monthFigures } from '../../server/src/modules/reports/month-figures.service'
import { keepPieces, monthVersions } from '../../server/src/modules/reports/dashboard.repository'
import { onPostgres } from '../support/test-database'
import { canonicalFigures } from '../support/month-figures'
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
 * The figures of the days already over (an ended month whole, the running month up to today, a range's edge)
 * are kept in dashboard_pieces on first need and read from there; the triggers of migration 0018 mark a month
 * changed (its version) when a row it counted changes. A world of its own: the cache starts empty here.
 */
describe('the cache of days already over', () => {
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
  /** The pieces kept and still counting (their month's version unchanged since). */
  const kept = async () => (await r.handle.db.select({ communityId: dashboardPieces.communityId, month: dashboardPieces.month, since: dashboardPieces.since, through: dashboardPieces.through })
    .from(dashboardPieces)
    .innerJoin(dashboardMonthVersions, and(eq(dashboardMonthVersions.communityId, dashboardPieces.communityId), eq(dashboardMonthVersions.month, dashboardPieces.month), eq(dashboardMonthVersions.version, dashboardPieces.filledVersion)))
    .orderBy(asc(dashboardPieces.month), asc(dashboardPieces.communityId), asc(dashboardPieces.since), asc(dashboardPieces.through)))
  /** Where October's whole piece of 甲社区 is kept. */
  const octoberOfC1 = () => and(eq(dashboardPieces.communityId, w.c1.id), eq(dashboardPieces.month, '2026-10-01'), eq(dashboardPieces.since, at('2026-10-01')), eq(dashboardPieces.through, at('2026-11-01')))
  /** The 12 whole months of the trend of `to`, every figure computed from the rows now, and through the cache. */
  async function bothWays(communityIds: number[], to: string) {
    const months = trendMonths(to)
    const { whole } = monthPieces({ start: months.start, end: months.end }, months)
    return {
      rows: canonicalFigures(await computeFigures(r.handle.db, { communityIds }, whole, r.clock.now)),
      cache: canonicalFigures(await monthFigures(r.handle.db, { communityIds }, whole, r.clock.now, months.months)),
    }
  }

  it('keeps every ended month on first need and answers as the rows do — also when two requests fill at once', async () => {
    expect(await kept()).toEqual([])
    // On PostgreSQL the two requests compute the same months on two connections; both store the same figures.
    const [a, b] = await Promise.all([ask(rAdmin, RANGE), ask(rAdmin, RANGE)])
    expect(b).toEqual(a)
    // The 12 months up to October, all ended more than a day before 17 November, and the range's 1–11 October:
    // one piece of each per community.
    expect(await kept()).toHaveLength(13 * everyCommunity.length)
    expect((await kept()).filter((x) => x.month === '2026-10-01' && x.communityId === w.c1.id).map((x) => [x.since, x.through])).toEqual([
      [at('2026-10-01'), at('2026-10-12')],
      [at('2026-10-01'), at('2026-11-01')],
    ])
    expect(await ask(rAdmin, RANGE)).toEqual(a)
    const { rows, cache } = await bothWays(everyCommunity, '2026-10-31')
    expect(cache).toEqual(rows)
    // September's redemption of 12 was refunded in October: nothing is left of it in September.
    expect(a.trend.find((m) => m.month === '2026-09')).toMatchObject({ pointsRedeemed: 0 })
  })

  it('answers from the kept figures: a request reads them instead of the month’s rows', async () => {
    const [row] = await r.handle.db.select().from(dashboardPieces).where(octoberOfC1())
    const figures = row!.figures as { newVolunteers: number }
    // Written past the triggers, as nothing in the product would: the answer shows it, so it came from the cache.
    await r.handle.db.update(dashboardPieces).set({ figures: { ...figures, newVolunteers: figures.newVolunteers + 1000 } }).where(octoberOfC1())
    const tampered = await ask(rStaff1, 'from=2026-10-01&to=2026-10-31')
    await r.handle.db.update(dashboardPieces).set({ figures }).where(octoberOfC1())
    const honest = await ask(rStaff1, 'from=2026-10-01&to=2026-10-31')
    expect(tampered.figures.volunteering.newVolunteers).toBe(honest.figures.volunteering.newVolunteers + 1000)
  })

  it('keeps the running month up to the start of today and counts today from its rows: an award made now shows at once', async () => {
    const before = (await ask(rStaff1, '')).trend.find((m) => m.month === '2026-11')!
    expect((await kept()).filter((x) => x.month === '2026-11-01').map((x) => [x.communityId, x.through])).toEqual([[w.c1.id, at('2026-11-17')]])
    const award = await r.app.inject({ method: 'POST', url: '/api/staff/points/adjustments', headers: rStaff1, payload: { personId: w.resident.personId, amount: 100, reason: '清雪志愿服务' } })
    expect(award.statusCode).toBe(201)
    const after = await ask(rStaff1, '')
    expect(after.trend.find((m) => m.month === '2026-11')).toEqual({ ...before, pointsIssued: before.pointsIssued + 100 })
    // A change to a day already over (a row dated back to 10 November, as nothing in the product writes) shows too.
    const [p] = await r.handle.db.select().from(persons).where(eq(persons.id, w.resident.personId))
    await r.handle.db.insert(pointsLedger).values({
      communityId: w.c1.id, householdId: p!.householdId!, personId: p!.id, amount: 9, reason: 'staff_award', sourceType: 'test', sourceId: 'nov-10', eventKey: 'test:nov-10', title: '测试', householdBalanceAfter: 9, createdAt: at('2026-11-10', '10:00'),
    })
    expect((await ask(rStaff1, '')).trend.find((m) => m.month === '2026-11')).toEqual({ ...before, pointsIssued: before.pointsIssued + 109 })
    // The next day, the kept part reaches the start of that day.
    r.clock.now = at('2026-11-18', '09:00')
    await ask(rStaff1, '')
    expect((await kept()).filter((x) => x.month === '2026-11-01').map((x) => [x.communityId, x.through])).toContainEqual([w.c1.id, at('2026-11-18')])
    const { rows, cache } = await bothWays([w.c1.id], '2026-11-30')
    expect(cache).toEqual(rows)
    r.clock.now = TEST_NOW
  })

  it('counts a refund under its redemption’s month, kept or not', async () => {
    const [item] = await r.handle.db.insert(shopItems).values({ communityId: w.c1.id, stationId: w.s1.id, name: '抽纸', kind: 'goods', price: 40, stock: 5 }).returning()
    r.clock.now = at('2026-11-20', '10:00')
    const redeemed = await r.app.inject({ method: 'POST', url: `/api/shop/items/${item!.id}/redeem`, headers: rResident, payload: {} })
    expect(redeemed.statusCode).toBe(201)
    // December: November has ended a day ago and is kept, the redemption still reserved.
    r.clock.now = at('2026-12-05', '10:00')
    const reserved = await ask(rAdmin, '')
    expect(reserved.trend.find((m) => m.month === '2026-11')).toMatchObject({ pointsIssued: 109, pointsRedeemed: 40 })
    expect((await kept()).filter((x) => x.month === '2026-11-01')).toHaveLength(everyCommunity.length)
    // Cancelled in December: the refund is dated now and belongs to November, the redemption's month.
    const cancelled = await r.app.inject({ method: 'POST', url: `/api/shop/redemptions/${(redeemed.json() as { id: number }).id}/cancel`, headers: rResident, payload: {} })
    expect(cancelled.statusCode).toBe(200)
    expect((await kept()).filter((x) => x.month === '2026-11-01').map((x) => x.communityId)).toEqual(everyCommunity.filter((id) => id !== w.c1.id))
    const after = await ask(rAdmin, '')
    expect(after.trend.find((m) => m.month === '2026-11')).toMatchObject({ pointsIssued: 109, pointsRedeemed: 0 })
    const { rows, cache } = await bothWays(everyCommunity, '2026-11-30')
    expect(cache).toEqual(rows)
  })

  it('shows a change to a kept month at the next request: hours confirmed late, a booking marked 爽约, a wish erased', async () => {
    const october = 'from=2026-10-01&to=2026-10-31'
    const before = await ask(rStaff1, october)
    const [late] = await r.handle.db.select({ id: activitySignups.id }).from(activitySignups).innerJoin(activities, eq(activities.id, activitySignups.activityId))
      .where(and(eq(activitySignups.communityId, w.c1.id), eq(activitySignups.status, 'accepted'), isNull(activitySignups.confirmedAt), eq(activities.published, true), isNull(activities.cancelledAt), gte(activitySignups.startsAt, at('2026-10-01')), lt(activitySignups.startsAt, at('2026-11-01'))))
    await r.handle.db.update(activitySignups).set({ confirmedMinutes: 60, confirmedAt: r.clock.now, confirmedByUserId: w.staff1.userId }).where(eq(activitySignups.id, late!.id))
    const [held] = await r.handle.db.select().from(bookings).where(and(eq(bookings.roomId, w.r1.id), eq(bookings.status, 'confirmed'), gte(bookings.startsAt, at('2026-10-01')), lt(bookings.startsAt, at('2026-11-01'))))
    await r.handle.db.update(bookings).set({ status: 'no_show' }).where(eq(bookings.id, held!.id))
    const [posted] = await r.handle.db.select().from(wishes).where(and(eq(wishes.communityId, w.c1.id), gte(wishes.createdAt, at('2026-10-01')), lt(wishes.createdAt, at('2026-11-01')), isNull(wishes.confirmedAt)))
    await r.handle.db.delete(wishes).where(eq(wishes.id, posted!.id))
    // The volunteers confirmed in October (V1 reached 1 星 there) move to 乙社区: their 星级 go with the profile's community.
    const movers = (await r.handle.db.selectDistinct({ userId: activitySignups.userId }).from(activitySignups).innerJoin(volunteerProfiles, eq(volunteerProfiles.userId, activitySignups.userId))
      .where(and(eq(volunteerProfiles.communityId, w.c1.id), gte(activitySignups.confirmedAt, at('2026-10-01')), lt(activitySignups.confirmedAt, at('2026-11-01'))))).map((m) => m.userId)
    const starsHere = async () => (await ask(rStaff1, october)).figures.volunteering.starsReached.reduce((n, s) => n + s.volunteers, 0)
    const starsBefore = await starsHere()
    expect(starsBefore).toBeGreaterThan(0)
    await r.handle.db.update(volunteerProfiles).set({ communityId: w.c2.id }).where(inArray(volunteerProfiles.userId, movers))
    expect(await starsHere()).toBe(0)
    const { rows: both, cache: bothCached } = await bothWays([w.c1.id, w.c2.id], '2026-10-31')
    expect(bothCached).toEqual(both)
    await r.handle.db.update(volunteerProfiles).set({ communityId: w.c1.id }).where(inArray(volunteerProfiles.userId, movers))
    expect(await starsHere()).toBe(starsBefore)
    const after = await ask(rStaff1, october)
    expect(after.figures.volunteering.confirmedHours).toBe(before.figures.volunteering.confirmedHours + 1)
    expect(after.figures.bookings.noShows).toBe(before.figures.bookings.noShows + 1)
    expect(after.figures.wishes.posted).toBe(before.figures.wishes.posted - 1)
    const { rows, cache } = await bothWays([w.c1.id], '2026-10-31')
    expect(cache).toEqual(rows)
  })

  it('keeps figures only at the version read before they were computed: a change committed in between leaves the month to compute again', async () => {
    const october = { communityId: w.c1.id, day: '2026-10-01' }
    const [p] = await r.handle.db.select().from(persons).where(eq(persons.id, w.resident.personId))
    const [version] = await monthVersions(r.handle.db, [october])
    // A change lands after the versions were read: it bumps October's version (a row dated back, as nothing in the product writes).
    await r.handle.db.insert(pointsLedger).values({
      communityId: w.c1.id, householdId: p!.householdId!, personId: p!.id, amount: 3, reason: 'staff_award', sourceType: 'test', sourceId: 'late-0', eventKey: 'test:late-0', title: '测试', householdBalanceAfter: 3, createdAt: at('2026-10-20', '10:00'),
    })
    await keepPieces(r.handle.db, [{ ...version!, since: at('2026-10-01'), through: at('2026-11-01'), figures: { stale: true }, households: new Uint8Array(0) }])
    const [month] = await r.handle.db.select().from(dashboardMonthVersions).where(and(eq(dashboardMonthVersions.communityId, w.c1.id), eq(dashboardMonthVersions.month, '2026-10-01')))
    expect(month!.version).toBeGreaterThan(version!.version)
    expect((await kept()).filter((x) => x.month === '2026-10-01' && x.communityId === w.c1.id)).toEqual([])
    const { rows, cache } = await bothWays([w.c1.id], '2026-10-31')
    expect(cache).toEqual(rows)
  })

  it.runIf(onPostgres)('waits for a change still open and keeps figures that count it', async () => {
    const october = 'from=2026-10-01&to=2026-10-31'
    const before = await ask(rStaff1, october)
    const [p] = await r.handle.db.select().from(persons).where(eq(persons.id, w.resident.personId))
    // Rows dated back into October — which nothing in the product writes — stand for any late change.
    const backdated = (amount: number, key: string) => ({
      communityId: w.c1.id, householdId: p!.householdId!, personId: p!.id, amount, reason: 'staff_award' as const, sourceType: 'test', sourceId: key, eventKey: `test:${key}`, title: '测试', householdBalanceAfter: amount, createdAt: at('2026-10-20', '10:00'),
    })
    // One change committed (October is no longer kept), then one held open: its trigger holds October's row.
    await r.handle.db.insert(pointsLedger).values(backdated(7, 'late-1'))
    let commit!: () => void
    const held = new Promise<void>((resolve) => (commit = resolve))
    let inserted!: () => void
    const holding = new Promise<void>((resolve) => (inserted = resolve))
    const change = r.handle.db.transaction(async (tx) => {
      await tx.insert(pointsLedger).values(backdated(5, 'late-2'))
      inserted()
      await held
    })
    // Only once the open change holds October's row (on a loaded machine the request could otherwise read the
    // version before the change's insert ran, and never wait).
    await holding
    // The request computes October again and, on the way, waits for the open change.
    const request = ask(rStaff1, october)
    await waitForLockWait(r)
    commit()
    await change
    const during = await request
    expect([7, 12]).toContain(during.figures.points.issuedByStaff - before.figures.points.issuedByStaff)
    // Whatever the request saw, what it kept counts both changes or nothing: the next answer has both.
    const after = await ask(rStaff1, october)
    expect(after.figures.points.issuedByStaff).toBe(before.figures.points.issuedByStaff + 12)
    const { rows, cache } = await bothWays([w.c1.id], '2026-10-31')
    expect(cache).toEqual(rows)
  })
})

/** Waits until a statement of the app waits for a row lock (PostgreSQL). */
async function waitForLockWait(app: TestApp) {
  for (let i = 0; i < 200; i++) {
    const res = (await app.handle.db.execute(sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`)) as unknown as { rows: { n: number }[] }
    if (res.rows[0]!.n > 0) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error('no statement waited for the lock')
}
