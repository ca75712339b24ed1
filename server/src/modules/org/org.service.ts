import type { EventList, EventSummary, HomeResponse } from '../../../../types/api/org'
import type { CommunityRef } from '../../../../types/api/me'
import { chinaDayStart, chinaTime, toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { findCommunityRef } from '../people/people.api'
import { openingCalendar } from './calendar.service'
import { eventPhase, openingHoursText } from './org.domain'
import { publicBookingsBetween } from '../booking/bookings.service'
import * as repo from './org.repository'
import { activityPicture, pictureOf, stationPicture } from '../uploads/pictures'

/** The community a request is about: the one asked for, else the caller's own. */
async function resolveCommunity(ctx: AppContext, principal: Principal | null, requested: number | undefined): Promise<CommunityRef> {
  const communityId = requested ?? principal?.communityId
  if (!communityId) throw new AppError('COMMUNITY_REQUIRED')
  const community = await findCommunityRef(ctx.db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  return community
}

/** 活动预告: a month's volunteer activities and public bookings, in order of their start. */
async function eventsOfMonth(ctx: AppContext, communityId: number, month: string, stationId?: number): Promise<EventSummary[]> {
  const start = chinaDayStart(month)
  const [from, to] = [start.toDate(), start.add(1, 'month').toDate()]
  const [activities, bookings] = await Promise.all([
    repo.listEvents(ctx.db, communityId, from, to, stationId),
    publicBookingsBetween(ctx.db, communityId, stationId, from, to),
  ])
  const now = ctx.now()
  const events: (EventSummary & { at: number })[] = [
    ...activities.map(({ cancelledAt, skills, photoId, photoKey, ...r }) => ({
      ...r,
      kind: 'activity' as const,
      thumbnailUrl: pictureOf(photoId, photoKey, activityPicture(skills)).thumbnailUrl,
      at: r.startsAt.getTime(),
      startsAt: toApiInstant(r.startsAt),
      endsAt: toApiInstant(r.endsAt),
      phase: eventPhase({ startsAt: r.startsAt, endsAt: r.endsAt, cancelled: cancelledAt !== null }, now),
    })),
    ...bookings.map((b) => ({
      id: b.id,
      kind: 'booking' as const,
      title: b.purpose,
      stationId: b.stationId,
      stationName: b.stationName,
      place: b.roomName,
      at: b.startsAt.getTime(),
      startsAt: toApiInstant(b.startsAt),
      endsAt: toApiInstant(b.endsAt),
      capacity: null,
      signedUp: null,
      phase: eventPhase({ startsAt: b.startsAt, endsAt: b.endsAt, cancelled: false }, now),
      thumbnailUrl: pictureOf(b.stationPhotoId, b.stationPhotoKey, stationPicture(b.stationKind)).thumbnailUrl,
    })),
  ]
  return events.sort((a, b) => a.at - b.at || a.id - b.id).map(({ at: _at, ...e }) => e)
}

/** 首页: my community, its stations with today's hours, and this month's public events. */
export async function getHome(ctx: AppContext, principal: Principal | null, communityId?: number): Promise<HomeResponse> {
  const community = await resolveCommunity(ctx, principal, communityId)
  const today = chinaTime(ctx.now())
  const day = today.format('YYYY-MM-DD')
  const month = today.format('YYYY-MM')
  const [stationRows, openingDays, events] = await Promise.all([
    repo.listStationsOfCommunity(ctx.db, community.id),
    openingCalendar(ctx.db, day, day),
    eventsOfMonth(ctx, community.id, month),
  ])
  const stations = stationRows.map(({ weeklyHours, photoId, photoKey, ...s }) => ({
    ...s,
    hoursToday: openingHoursText(openingDays(weeklyHours).get(day)!),
    thumbnailUrl: pictureOf(photoId, photoKey, stationPicture(s.kind)).thumbnailUrl,
  }))
  return { community, stations, month, events }
}

export async function listMonthEvents(ctx: AppContext, principal: Principal | null, query: { communityId?: number; month?: string; stationId?: number }): Promise<EventList> {
  // A station's calendar is its community's, whoever asks (the district's stations are open to every resident).
  const stationCommunity = query.stationId ? await repo.findStationCommunity(ctx.db, query.stationId) : null
  if (query.stationId && stationCommunity === null) throw new AppError('NOT_FOUND')
  const community = await resolveCommunity(ctx, principal, stationCommunity ?? query.communityId)
  const month = query.month ?? chinaTime(ctx.now()).format('YYYY-MM')
  return { month, items: await eventsOfMonth(ctx, community.id, month, query.stationId) }
}
