import type { EventList, EventSummary, HomeResponse } from '../../../../types/api/org'
import type { CommunityRef } from '../../../../types/api/me'
import { chinaTime, toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { findCommunityRef, listCommunityRefs } from '../auth/auth.repository'
import { formatOpeningHours, openingHoursOn } from './org.domain'
import * as repo from './org.repository'

export async function listCommunities(ctx: AppContext): Promise<CommunityRef[]> {
  return listCommunityRefs(ctx.db)
}

/** The community a request is about: the one asked for, else the caller's own. */
async function resolveCommunity(ctx: AppContext, principal: Principal, requested: number | undefined): Promise<CommunityRef> {
  const communityId = requested ?? principal.communityId
  if (!communityId) throw new AppError('COMMUNITY_REQUIRED')
  const community = await findCommunityRef(ctx.db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  return community
}

async function eventsOfMonth(ctx: AppContext, communityId: number, month: string): Promise<EventSummary[]> {
  const start = chinaTime(`${month}-01T00:00:00+08:00`)
  const rows = await repo.listEvents(ctx.db, communityId, start.toDate(), start.add(1, 'month').toDate())
  return rows.map((r) => ({ ...r, startsAt: toApiInstant(r.startsAt), endsAt: toApiInstant(r.endsAt) }))
}

/** 首页: my community, its stations with today's hours, and this month's public events. */
export async function getHome(ctx: AppContext, principal: Principal, communityId?: number): Promise<HomeResponse> {
  const community = await resolveCommunity(ctx, principal, communityId)
  const today = chinaTime(ctx.now())
  const day = today.format('YYYY-MM-DD')
  const month = today.format('YYYY-MM')
  const [stationRows, exception, events] = await Promise.all([
    repo.listStationsOfCommunity(ctx.db, community.id),
    repo.findCalendarException(ctx.db, day),
    eventsOfMonth(ctx, community.id, month),
  ])
  const stations = stationRows.map(({ weeklyHours, ...s }) => ({
    ...s,
    hoursToday: formatOpeningHours(openingHoursOn(day, weeklyHours, exception)),
  }))
  return { community, stations, month, events }
}

export async function listMonthEvents(ctx: AppContext, principal: Principal, query: { communityId?: number; month?: string }): Promise<EventList> {
  const community = await resolveCommunity(ctx, principal, query.communityId)
  const month = query.month ?? chinaTime(ctx.now()).format('YYYY-MM')
  return { month, items: await eventsOfMonth(ctx, community.id, month) }
}
