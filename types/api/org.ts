import { z } from 'zod'
import { ZCommunityRef } from './me'
import { ZInstant, ZPositiveId } from './common'
import { STATION_KINDS } from './labels'

export const ZStationKind = z.enum(STATION_KINDS)

export const ZStationSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: ZStationKind,
  address: z.string(),
  phone: z.string().nullable(),
  latitude: z.number(),
  longitude: z.number(),
  roomCount: z.number().int(),
  /** Today's opening hours for display, e.g. "08:30–20:00", or null when closed today. */
  hoursToday: z.string().nullable(),
})

export const ZEventSummary = z.object({
  id: z.number().int(),
  /** A volunteer activity, or a room booking its booker made public (a 议事会, a class). */
  kind: z.enum(['activity', 'booking']),
  title: z.string(),
  stationId: z.number().int().nullable(),
  stationName: z.string().nullable(),
  place: z.string(),
  startsAt: ZInstant,
  endsAt: ZInstant,
  /** Places, for activities people sign up to; null for a public booking. */
  capacity: z.number().int().nullable(),
  signedUp: z.number().int().nullable(),
})

export const ZHomeQuery = z.object({
  communityId: ZPositiveId.optional(),
})

export const ZHomeResponse = z.object({
  community: ZCommunityRef,
  stations: z.array(ZStationSummary),
  /** Public events of the community in the current calendar month (Asia/Shanghai), soonest first. */
  month: z.string().describe('YYYY-MM'),
  events: z.array(ZEventSummary),
})

export const ZEventsQuery = z.object({
  communityId: ZPositiveId.optional(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM').optional(),
  /** Only the events at one station (its 活动预告). */
  stationId: ZPositiveId.optional(),
})

export const ZEventList = z.object({
  month: z.string(),
  items: z.array(ZEventSummary),
})

export const ZCommunityList = z.object({
  items: z.array(ZCommunityRef),
})

export type StationSummary = z.infer<typeof ZStationSummary>
export type EventSummary = z.infer<typeof ZEventSummary>
export type HomeQuery = z.infer<typeof ZHomeQuery>
export type HomeResponse = z.infer<typeof ZHomeResponse>
export type EventsQuery = z.infer<typeof ZEventsQuery>
export type EventList = z.infer<typeof ZEventList>
