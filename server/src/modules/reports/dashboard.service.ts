import type { z } from 'zod'
import { chinaTime, DAY_MS } from '../../../../types/time'
import type { CommunityHeadline, Dashboard, DashboardFigures, TrendMonth, ZDashboardQuery } from '../../../../types/api/reports'
import { POINTS_RULES, POINTS_RULE_LABELS, WISH_CATEGORIES, type PointsRule, type WishCategory } from '../../../../types/api/labels'
import type { Queryable } from '../../db/client'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { openingCalendar } from '../org/calendar.service'
import { findCommunityRef } from '../people/people.api'
import { listCommunityChoices } from '../people/communities.service'
import { averageDays, dashboardRange, hoursFromMinutes, openMinutes, rangeInstants, share, starThresholdMinutes, trendMonths, type Interval } from './dashboard.domain'
import * as repo from './dashboard.repository'

/*
 * 社区工作台 › 数据看板: the figures a community is judged by, for a range of China days, and a 12-month trend.
 * Staff see their community; an admin without a community sees the district and each community side by side.
 * Every aggregate is computed in SQL; the independent statements run at once on the pool.
 */

type Scope = { communityId: number | null; scopeName: string; communities: { id: number; name: string }[] }

async function resolveScope(ctx: AppContext, principal: Principal, requested: number | undefined): Promise<Scope> {
  if (principal.isAdmin && requested === undefined) {
    const { items } = await listCommunityChoices(ctx, {})
    return { communityId: null, scopeName: items[0]?.districtName ?? '全区', communities: items.map((c) => ({ id: c.id, name: c.name })) }
  }
  const communityId = principal.staffScope(requested)
  const community = await findCommunityRef(ctx.db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  return { communityId, scopeName: community.name, communities: [{ id: community.id, name: community.name }] }
}

function sumBy<T>(items: T[], pick: (t: T) => number): number {
  return items.reduce((total, t) => total + pick(t), 0)
}

/**
 * How long after a month's end its ledger is taken as complete: a row is dated by the clock read when its request
 * or sweep began and becomes visible when that commits — a day is far longer than any of them takes.
 */
const ROLLUP_SETTLE_MS = DAY_MS

/**
 * The 12-month points trend: the settled months from the monthly rollup (filled on first need, for every
 * community at once), the rest — the current month, a month just ended, a month with a redemption still
 * reserved — live from the ledger. From the first month the rollup lacks for any community of the scope on,
 * every month is computed live, so each month comes whole from one source.
 */
export async function pointsTrendOf(db: Queryable, ids: repo.Scope, r: repo.Range, now: Date): Promise<{ month: string; issued: number; redeemed: number }[]> {
  const settledEnd = chinaTime(now.getTime() - ROLLUP_SETTLE_MS).startOf('month')
  const months: repo.RollupMonth[] = []
  for (let m = chinaTime(r.start).startOf('month'); m.isBefore(settledEnd) && m.valueOf() < r.end.getTime(); m = m.add(1, 'month')) {
    months.push({ day: m.format('YYYY-MM-DD'), start: m.toDate(), end: m.add(1, 'month').toDate() })
  }
  const whole = (t: { communities: number } | undefined) => t !== undefined && t.communities >= ids.communityIds.length
  let totals = new Map((await repo.pointsMonthlyTotalsOf(db, ids, months)).map((t) => [t.day, t]))
  const missing = months.filter((m) => !whole(totals.get(m.day)))
  if (missing.length) {
    await repo.fillPointsMonthlyTotals(db, missing, now)
    totals = new Map((await repo.pointsMonthlyTotalsOf(db, ids, months)).map((t) => [t.day, t]))
  }
  const firstLive = months.findIndex((m) => !whole(totals.get(m.day)))
  const rolled = firstLive < 0 ? months : months.slice(0, firstLive)
  const liveStart = rolled.length ? rolled.at(-1)!.end : r.start
  const live = liveStart < r.end ? await repo.pointsTrend(db, ids, { start: liveStart, end: r.end }, now) : []
  return [...rolled.map((m) => totals.get(m.day)!), ...live]
}

export async function getDashboard(ctx: AppContext, principal: Principal, query: z.output<typeof ZDashboardQuery>): Promise<Dashboard> {
  const now = ctx.now()
  const scope = await resolveScope(ctx, principal, query.communityId)
  const { from, to } = dashboardRange(query, now)
  const range = rangeInstants(from, to)
  const trend = trendMonths(to)
  const trendRange = { start: trend.start, end: trend.end }
  const ids = { communityIds: scope.communities.map((c) => c.id) }

  const [wishRows, wishTrend, rooms, closures, calendar, byRoom, bookingTrend, activityRows, activityTrend, volunteersNew, stars, pointRows, households, pointsTrend, partyMembers, units] =
    await Promise.all([
      repo.wishFigures(ctx.db, ids, range, now),
      repo.wishTrend(ctx.db, ids, trendRange),
      repo.roomsOf(ctx.db, ids),
      repo.closuresOverlapping(ctx.db, ids, range),
      openingCalendar(ctx.db, from, to),
      repo.bookingsByRoom(ctx.db, ids, range),
      repo.bookingTrend(ctx.db, ids, trendRange),
      repo.activityFigures(ctx.db, ids, range),
      repo.activityTrend(ctx.db, ids, trendRange),
      repo.newVolunteers(ctx.db, ids, range),
      repo.starsReached(ctx.db, ids, range, starThresholdMinutes()),
      repo.pointsFigures(ctx.db, ids, range, now),
      repo.activeHouseholds(ctx.db, ids, range),
      pointsTrendOf(ctx.db, ids, trendRange, now),
      repo.partyMembersAt(ctx.db, ids, range.end),
      repo.unitsAt(ctx.db, ids, range.end),
    ])

  /* rooms: open minutes from each station's days (computed once per station) less the room's closures */
  const closuresByRoom = new Map<number, Interval[]>()
  for (const c of closures) closuresByRoom.set(c.roomId, [...(closuresByRoom.get(c.roomId) ?? []), { start: c.start, end: c.end }])
  const stationDays = new Map<number, ReturnType<typeof calendar>>()
  const held = new Map(byRoom.map((b) => [b.roomId, b]))
  const roomUse = rooms.map((r) => {
    if (!stationDays.has(r.stationId)) stationDays.set(r.stationId, calendar(r.weeklyHours))
    const open = openMinutes(stationDays.get(r.stationId)!.values(), closuresByRoom.get(r.roomId) ?? [])
    const b = held.get(r.roomId)
    return { ...r, bookings: b?.bookings ?? 0, bookedMinutes: b?.minutes ?? 0, noShows: b?.noShows ?? 0, openMinutes: open }
  })

  const perCommunity = (communityId: number) => {
    const wishes = wishRows.filter((w) => w.communityId === communityId)
    const roomsHere = roomUse.filter((r) => r.communityId === communityId)
    const activity = activityRows.find((a) => a.key === communityId)
    const points = pointRows.filter((p) => p.communityId === communityId)
    return {
      wishesPosted: sumBy(wishes, (w) => w.posted),
      wishesFulfilled: sumBy(wishes, (w) => w.fulfilled),
      completionRate: share(sumBy(wishes, (w) => w.approvedConfirmed), sumBy(wishes, (w) => w.approved)),
      bookings: sumBy(roomsHere, (r) => r.bookings),
      utilisation: share(sumBy(roomsHere, (r) => r.bookedMinutes), sumBy(roomsHere, (r) => r.openMinutes)),
      attendances: activity?.attendances ?? 0,
      confirmedHours: hoursFromMinutes(activity?.minutes ?? 0),
      pointsIssued: sumBy(points.filter((p) => p.reason === 'rule_award' || p.reason === 'staff_award'), (p) => p.points),
      pointsRedeemed: sumBy(points.filter((p) => p.reason === 'redemption'), (p) => p.points),
      activeHouseholds: households.find((h) => h.communityId === communityId)?.n ?? 0,
    }
  }

  const bookedMinutes = sumBy(roomUse, (r) => r.bookedMinutes)
  const openTotal = sumBy(roomUse, (r) => r.openMinutes)
  const rulePoints = (rule: PointsRule) => sumBy(pointRows.filter((p) => p.reason === 'rule_award' && p.rule === rule), (p) => p.points)
  const byReason = (reason: string) => sumBy(pointRows.filter((p) => p.reason === reason), (p) => p.points)

  const figures: DashboardFigures = {
    wishes: {
      posted: sumBy(wishRows, (w) => w.posted),
      fulfilled: sumBy(wishRows, (w) => w.fulfilled),
      completionRate: share(sumBy(wishRows, (w) => w.approvedConfirmed), sumBy(wishRows, (w) => w.approved)),
      averageDaysToFulfil: averageDays(sumBy(wishRows, (w) => w.fulfilSeconds), sumBy(wishRows, (w) => w.fulfilTimed)),
      byCategory: WISH_CATEGORIES.map((category: WishCategory) => {
        const rows = wishRows.filter((w) => w.category === category)
        return { category, posted: sumBy(rows, (w) => w.posted), fulfilled: sumBy(rows, (w) => w.fulfilled) }
      }),
    },
    bookings: {
      bookings: sumBy(roomUse, (r) => r.bookings),
      bookedHours: hoursFromMinutes(bookedMinutes),
      openHours: hoursFromMinutes(openTotal),
      utilisation: share(bookedMinutes, openTotal),
      noShows: sumBy(roomUse, (r) => r.noShows),
      byRoom: roomUse.map((r) => ({
        stationId: r.stationId,
        stationName: r.stationName,
        roomId: r.roomId,
        roomName: r.roomName,
        bookings: r.bookings,
        bookedHours: hoursFromMinutes(r.bookedMinutes),
        openHours: hoursFromMinutes(r.openMinutes),
        utilisation: share(r.bookedMinutes, r.openMinutes),
      })),
    },
    volunteering: {
      activities: sumBy(activityRows, (a) => a.activities),
      signups: sumBy(activityRows, (a) => a.signups),
      attendances: sumBy(activityRows, (a) => a.attendances),
      noShows: sumBy(activityRows, (a) => a.noShows),
      confirmedHours: hoursFromMinutes(sumBy(activityRows, (a) => a.minutes)),
      newVolunteers: sumBy(volunteersNew, (v) => v.n),
      starsReached: starThresholdMinutes().map((_, i) => ({ stars: i + 1, volunteers: sumBy(stars.filter((s) => s.stars === i + 1), (s) => s.volunteers) })),
    },
    points: {
      issuedByRule: byReason('rule_award'),
      issuedByStaff: byReason('staff_award'),
      redeemed: byReason('redemption'),
      expired: byReason('expiry'),
      activeHouseholds: households.find((h) => h.communityId === null)?.n ?? 0,
      byRule: POINTS_RULES.map((rule) => ({ rule, label: POINTS_RULE_LABELS[rule].label, points: rulePoints(rule) })),
    },
    dualReporting: { partyMembers, units },
  }

  const trendByMonth: TrendMonth[] = trend.months.map((month) => {
    const w = wishTrend.find((t) => t.month === month)
    const b = bookingTrend.find((t) => t.month === month)
    const a = activityTrend.find((t) => t.key === month)
    const p = pointsTrend.find((t) => t.month === month)
    return {
      month,
      wishesPosted: w?.posted ?? 0,
      wishesFulfilled: w?.fulfilled ?? 0,
      bookings: b?.bookings ?? 0,
      bookedHours: hoursFromMinutes(b?.minutes ?? 0),
      attendances: a?.attendances ?? 0,
      confirmedHours: hoursFromMinutes(a?.minutes ?? 0),
      pointsIssued: p?.issued ?? 0,
      pointsRedeemed: p?.redeemed ?? 0,
    }
  })

  const communities: CommunityHeadline[] = scope.communityId === null ? scope.communities.map((c) => ({ communityId: c.id, name: c.name, ...perCommunity(c.id) })) : []
  return { communityId: scope.communityId, scopeName: scope.scopeName, from, to, figures, trend: trendByMonth, communities }
}
