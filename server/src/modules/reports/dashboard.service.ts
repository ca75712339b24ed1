import type { z } from 'zod'
import type { CommunityHeadline, Dashboard, DashboardFigures, TrendMonth, ZDashboardQuery } from '../../../../types/api/reports'
import { POINTS_RULES, POINTS_RULE_LABELS, WISH_CATEGORIES, type PointsRule, type WishCategory } from '../../../../types/api/labels'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { openingCalendar } from '../org/calendar.service'
import { findCommunityRef } from '../people/people.api'
import { listCommunityChoices } from '../people/communities.service'
import { averageDays, dashboardRange, householdCounts, hoursFromMinutes, monthPieces, openMinutes, rangeInstants, share, sumMonthFigures, trendMonths, type Interval, type MonthFigures } from './dashboard.domain'
import * as repo from './dashboard.repository'
import { monthFigures } from './month-figures.service'

/*
 * 社区工作台 › 数据看板: the figures a community is judged by, for a range of China days, and a 12-month trend.
 * Staff see their community; an admin without a community sees the district and each community side by side.
 * Every figure is counted in SQL per community and month, the days already over read from their cache
 * (month-figures.service.ts), and added up here; the independent statements run at once on the pool.
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

export async function getDashboard(ctx: AppContext, principal: Principal, query: z.output<typeof ZDashboardQuery>): Promise<Dashboard> {
  const now = ctx.now()
  const scope = await resolveScope(ctx, principal, query.communityId)
  const { from, to } = dashboardRange(query, now)
  const range = rangeInstants(from, to)
  const trend = trendMonths(to)
  const pieces = monthPieces(range, trend)
  const ids = { communityIds: scope.communities.map((c) => c.id) }

  const [wholeMonths, partMonths, rooms, closures, calendar, partyMembers, units] = await Promise.all([
    monthFigures(ctx.db, ids, pieces.whole, now, pieces.rangeMonths),
    monthFigures(ctx.db, ids, pieces.partial, now, pieces.partial.map((p) => p.month)),
    repo.roomsOf(ctx.db, ids),
    repo.closuresOverlapping(ctx.db, ids, range),
    openingCalendar(ctx.db, from, to),
    repo.partyMembersAt(ctx.db, ids, range.end),
    repo.unitsAt(ctx.db, ids, range.end),
  ])

  /* the range: each community's whole months inside it and the parts at its edges, added up */
  const rangeMonthsOf = (id: number) => [...pieces.rangeMonths.map((m) => wholeMonths.get(m)!.get(id)!), ...pieces.partial.map((p) => partMonths.get(p.month)!.get(id)!)]
  const inRange = new Map(ids.communityIds.map((id) => [id, sumMonthFigures(rangeMonthsOf(id))]))
  const district = sumMonthFigures(inRange.values())
  const householdsCounted = householdCounts(ids.communityIds.map(rangeMonthsOf))
  const households = new Map(ids.communityIds.map((id, i) => [id, householdsCounted.each[i]!]))

  /* rooms: open minutes from their station's days less the room's closures */
  const closuresByRoom = new Map<number, Interval[]>()
  for (const c of closures) closuresByRoom.set(c.roomId, [...(closuresByRoom.get(c.roomId) ?? []), { start: c.start, end: c.end }])
  // Stations mostly share their weekly hours: each set of hours is laid over the calendar once.
  const daysByHours = new Map<string, ReturnType<typeof calendar>>()
  const held = new Map(district.rooms.map((b) => [b.roomId, b]))
  const roomUse = rooms.map((r) => {
    const hours = JSON.stringify(r.weeklyHours)
    if (!daysByHours.has(hours)) daysByHours.set(hours, calendar(r.weeklyHours))
    const open = openMinutes(daysByHours.get(hours)!.values(), closuresByRoom.get(r.roomId) ?? [])
    const b = held.get(r.roomId)
    return { ...r, bookings: b?.bookings ?? 0, bookedMinutes: b?.minutes ?? 0, noShows: b?.noShows ?? 0, openMinutes: open }
  })

  const points = (f: MonthFigures, reason: string, rule?: PointsRule) => sumBy(f.points.filter((p) => p.reason === reason && (rule === undefined || p.rule === rule)), (p) => p.points)
  const wishFigures = (f: MonthFigures) => ({
    posted: sumBy(f.wishes, (w) => w.posted),
    fulfilled: sumBy(f.wishes, (w) => w.fulfilled),
    completionRate: share(sumBy(f.wishes, (w) => w.approvedConfirmed), sumBy(f.wishes, (w) => w.approved)),
  })

  const perCommunity = (communityId: number) => {
    const f = inRange.get(communityId)!
    const roomsHere = roomUse.filter((r) => r.communityId === communityId)
    const { posted, fulfilled, completionRate } = wishFigures(f)
    return {
      wishesPosted: posted,
      wishesFulfilled: fulfilled,
      completionRate,
      bookings: sumBy(roomsHere, (r) => r.bookings),
      utilisation: share(sumBy(roomsHere, (r) => r.bookedMinutes), sumBy(roomsHere, (r) => r.openMinutes)),
      attendances: f.activities.attendances,
      confirmedHours: hoursFromMinutes(f.activities.minutes),
      pointsIssued: points(f, 'rule_award') + points(f, 'staff_award'),
      pointsRedeemed: points(f, 'redemption'),
      activeHouseholds: households.get(communityId)!,
    }
  }

  const bookedMinutes = sumBy(roomUse, (r) => r.bookedMinutes)
  const openTotal = sumBy(roomUse, (r) => r.openMinutes)

  const figures: DashboardFigures = {
    wishes: {
      ...wishFigures(district),
      averageDaysToFulfil: averageDays(sumBy(district.wishes, (w) => w.fulfilSeconds), sumBy(district.wishes, (w) => w.fulfilTimed)),
      byCategory: WISH_CATEGORIES.map((category: WishCategory) => {
        const rows = district.wishes.filter((w) => w.category === category)
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
      activities: district.activities.activities,
      signups: district.activities.signups,
      attendances: district.activities.attendances,
      noShows: district.activities.noShows,
      confirmedHours: hoursFromMinutes(district.activities.minutes),
      newVolunteers: district.newVolunteers,
      starsReached: district.stars.map((volunteers, i) => ({ stars: i + 1, volunteers })),
    },
    points: {
      issuedByRule: points(district, 'rule_award'),
      issuedByStaff: points(district, 'staff_award'),
      redeemed: points(district, 'redemption'),
      expired: points(district, 'expiry'),
      activeHouseholds: householdsCounted.all,
      byRule: POINTS_RULES.map((rule) => ({ rule, label: POINTS_RULE_LABELS[rule].label, points: points(district, 'rule_award', rule) })),
    },
    dualReporting: { partyMembers, units },
  }

  // The trend needs totals only: added up directly rather than merged entry by entry.
  const trendByMonth: TrendMonth[] = trend.months.map((month) => {
    const t = { month, wishesPosted: 0, wishesFulfilled: 0, bookings: 0, bookedMinutes: 0, attendances: 0, confirmedMinutes: 0, pointsIssued: 0, pointsRedeemed: 0 }
    for (const f of wholeMonths.get(month)!.values()) {
      for (const w of f.wishes) {
        t.wishesPosted += w.posted
        t.wishesFulfilled += w.fulfilled
      }
      for (const r of f.rooms) {
        t.bookings += r.bookings
        t.bookedMinutes += r.minutes
      }
      t.attendances += f.activities.attendances
      t.confirmedMinutes += f.activities.minutes
      for (const p of f.points) {
        if (p.reason === 'rule_award' || p.reason === 'staff_award') t.pointsIssued += p.points
        else if (p.reason === 'redemption') t.pointsRedeemed += p.points
      }
    }
    const { bookedMinutes, confirmedMinutes, ...counts } = t
    return { ...counts, bookedHours: hoursFromMinutes(bookedMinutes), confirmedHours: hoursFromMinutes(confirmedMinutes) }
  })

  const communities: CommunityHeadline[] = scope.communityId === null ? scope.communities.map((c) => ({ communityId: c.id, name: c.name, ...perCommunity(c.id) })) : []
  return { communityId: scope.communityId, scopeName: scope.scopeName, from, to, figures, trend: trendByMonth, communities }
}
