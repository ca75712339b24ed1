import { z } from 'zod'
import { ZCommunityRef } from './me'
import { ZDay, ZEventPhase, ZInstant, ZPositiveId, ZText } from './common'
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
  /** Its first photo's list thumbnail, or the default picture of its kind (relative to the API). */
  thumbnailUrl: z.string(),
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
  /** Not begun, under way, ended or cancelled, at the server's now (the places matter only while upcoming). */
  phase: ZEventPhase,
  /** A list thumbnail: the activity's picture; for a public booking, its station's (relative to the API). */
  thumbnailUrl: z.string(),
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
  month: ZText().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM').optional(),
  /** Only the events at one station (its 活动预告). */
  stationId: ZPositiveId.optional(),
})

export const ZEventList = z.object({
  month: z.string(),
  items: z.array(ZEventSummary),
})


/* ----------------------------------------------------------------- the official holiday calendar */

export const ZCalendarDayKind = z.enum(['holiday', 'workday'])
const ZCalendarDayValue = z.object({ kind: ZCalendarDayKind, name: z.string() })

export const ZCalendarDay = ZCalendarDayValue.extend({
  day: z.string(),
  /** official: the State Council's arrangement (refreshed from it); admin: set by the district's admin. */
  source: z.enum(['official', 'admin']),
  /** For the admin's day: the official arrangement it overrides, when the official calendar lists that day. */
  overrides: ZCalendarDayValue.nullable(),
})
export const ZCalendarQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) })
export const ZCalendarList = z.object({ items: z.array(ZCalendarDay) })
export const ZCalendarDayParam = z.object({ day: ZDay })
export const ZPutCalendarDayRequest = z.object({ kind: ZCalendarDayKind, name: ZText().trim().max(20).default('') })
/** What DELETE leaves on the day: the official arrangement put back, or nothing (the day follows its weekday). */
export const ZDeleteCalendarDayResponse = z.object({ restored: ZCalendarDay.nullable() })

/** Whether the calendar knows the holidays of this year (and, from December, of the next). */
export const ZCalendarStatus = z.object({
  /** The year whose arrangement is missing, or null when the calendar is complete. */
  missingYear: z.number().int().nullable(),
  /** What staff and admins are told about it. */
  notice: z.string().nullable(),
})

export type StationSummary = z.infer<typeof ZStationSummary>
export type EventSummary = z.infer<typeof ZEventSummary>
export type HomeQuery = z.infer<typeof ZHomeQuery>
export type HomeResponse = z.infer<typeof ZHomeResponse>
export type EventsQuery = z.infer<typeof ZEventsQuery>
export type EventList = z.infer<typeof ZEventList>
export type CalendarDayKind = z.infer<typeof ZCalendarDayKind>
export type CalendarDay = z.infer<typeof ZCalendarDay>
export type PutCalendarDayRequest = z.input<typeof ZPutCalendarDayRequest>
export type DeleteCalendarDayResponse = z.infer<typeof ZDeleteCalendarDayResponse>
export type CalendarStatus = z.infer<typeof ZCalendarStatus>
