import { z } from 'zod'
import { MAX_ID, ZDay, ZEventPhase, ZInstant, ZInstantInput, ZPositiveId, ZId, ZText, patchOf, ZPage, ZPageQuery, ZPictureFields } from './common'
import { BOOKING_ACTIONS, BOOKING_PURPOSE_MAX, BOOKING_REASON_MAX, BOOKING_REASON_MIN, BOOKING_STATUSES, DAY_KINDS, RESOURCE_KINDS, SLOT_REASONS, SLOT_STATES, STATION_KINDS } from './labels'

/*
 * 阵地预约: residents book the rooms of the 党群服务中心 and 网格驿站 in 30-minute slots, and the 共享工具库's tools
 * by the day. Opening hours follow the week, the official holiday calendar (调休 included) and per-room closures;
 * every room carries its own rules, which the server enforces.
 */

export const ZResourceKind = z.enum(RESOURCE_KINDS)
export const ZBookingStatus = z.enum(BOOKING_STATUSES)
export const ZBookingAction = z.enum(BOOKING_ACTIONS)
export const ZSlotState = z.enum(SLOT_STATES)
export const ZDayKind = z.enum(DAY_KINDS)

const ZClock = ZText().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, '时间格式应为 HH:MM')

/* ----------------------------------------------------------------- opening hours */

export const ZWeeklyHoursRow = z
  .object({ dayOfWeek: z.number().int().min(1).max(7), opens: ZClock, closes: ZClock })
  .refine((h) => h.opens < h.closes, { message: '关门时间应晚于开门时间' })
export const ZWeeklyHours = z
  .array(ZWeeklyHoursRow)
  .max(28)
  .refine(
    (rows) => rows.every((a, i) => rows.every((b, j) => i === j || a.dayOfWeek !== b.dayOfWeek || a.closes <= b.opens || b.closes <= a.opens)),
    { message: '同一天的开放时段不能重叠' },
  )

export const ZOpeningDay = z.object({
  date: z.string().describe('YYYY-MM-DD'),
  dayKind: ZDayKind,
  /** 春节, 国庆节 … for holidays and make-up working days. */
  holidayName: z.string().nullable(),
  /** "08:30–11:30、13:30–20:00", or null when closed. */
  hours: z.string().nullable(),
})

/* ----------------------------------------------------------------- stations and rooms */

/** The rules of a room or tool, configurable by staff. */
export const ZRoomRules = z.object({
  /** 30 or 60 for rooms; a tool is booked by the day (1440). */
  slotMinutes: z.number().int(),
  minDurationMinutes: z.number().int(),
  maxDurationMinutes: z.number().int(),
  /** Bookable up to this many days ahead (today counts as day 0). */
  advanceDays: z.number().int(),
  /** A booking must start at least this long from now. */
  minNoticeMinutes: z.number().int(),
  requiresApproval: z.boolean(),
  /** Time kept free after each booking (cleaning, setting up). */
  bufferMinutes: z.number().int(),
  /** Active (pending or confirmed, not yet ended) bookings one person may hold for this room. */
  maxActivePerPerson: z.number().int(),
  /** Cancelling is possible until this long before the start. */
  cancelDeadlineMinutes: z.number().int(),
  /** A confirmed booking without check-in this long after its start becomes 爽约. */
  noShowAfterMinutes: z.number().int(),
})

export const ZRoom = z.object({
  id: z.number().int(),
  stationId: z.number().int(),
  communityId: z.number().int(),
  kind: ZResourceKind,
  name: z.string(),
  /** 会议培训, 图书阅览, 文体活动, 多功能厅, 共享工具 … */
  category: z.string(),
  capacity: z.number().int(),
  facilities: z.array(z.string()),
  description: z.string(),
  photos: z.array(z.object({ id: z.number().int(), url: z.string() })),
  active: z.boolean(),
  rules: ZRoomRules,
})

export const ZStationListItem = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  communityName: z.string(),
  name: z.string(),
  kind: z.enum(STATION_KINDS),
  address: z.string(),
  phone: z.string().nullable(),
  latitude: z.number(),
  longitude: z.number(),
  hoursToday: z.string().nullable(),
  openNow: z.boolean(),
  roomCount: z.number().int(),
  toolCount: z.number().int(),
  /** Metres from the position the client sent, when it sent one. */
  distanceMeters: z.number().int().nullable(),
  /** Its first photo, or the default picture of its kind: in full and as a list thumbnail (relative to the API). */
  imageUrl: ZPictureFields.imageUrl,
  thumbnailUrl: ZPictureFields.thumbnailUrl,
})

export const ZStationListQuery = z.object({
  /** Default: the caller's community; 0 = the whole district. */
  communityId: z.coerce.number().int('编号不正确').min(0, '编号不正确').max(MAX_ID, '编号不正确').optional(),
  latitude: z.coerce.number().min(-90).max(90).optional(),
  longitude: z.coerce.number().min(-180).max(180).optional(),
})

export const ZStationList = z.object({ items: z.array(ZStationListItem) })

export const ZStation = ZStationListItem.extend({
  photos: z.array(z.object({ id: z.number().int(), url: z.string() })),
  weeklyHours: z.array(z.object({ dayOfWeek: z.number().int(), opens: z.string(), closes: z.string() })),
  /** Today and the next six days, with holidays and 调休 applied. */
  nextDays: z.array(ZOpeningDay),
  rooms: z.array(ZRoom),
  tools: z.array(ZRoom),
})

/* ----------------------------------------------------------------- the week grid */

export const ZSlot = z.object({
  startsAt: ZInstant,
  endsAt: ZInstant,
  state: ZSlotState,
  /** Why the cell cannot be booked; null when it is free. */
  reason: z.enum(SLOT_REASONS).nullable(),
})

export const ZGridDay = ZOpeningDay.extend({
  /** Bookable cells of the day in order; for a tool, one cell for the whole day. */
  slots: z.array(ZSlot),
  /** Why the room is closed that day, when a closure covers it. */
  closure: z.string().nullable(),
})

export const ZWeekQuery = z.object({
  /** Any day of the wanted week (Monday–Sunday); default this week. */
  date: ZDay.optional(),
})

export const ZRoomWeek = z.object({
  room: ZRoom,
  stationName: z.string(),
  weekStart: z.string(),
  days: z.array(ZGridDay),
  /** Whether the caller may book now, and why not (e.g. suspended until …). */
  canBook: z.boolean(),
  cannotBookReason: z.string().nullable(),
})

/* ----------------------------------------------------------------- bookings */

export const ZCreateBookingRequest = z.object({
  roomId: ZId,
  startsAt: ZInstantInput('开始时间格式不正确'),
  endsAt: ZInstantInput('结束时间格式不正确'),
  purpose: ZText().trim().min(2, '请填写用途（至少2个字）').max(BOOKING_PURPOSE_MAX, `用途最多${BOOKING_PURPOSE_MAX}个字`),
  attendees: z.number().int('人数应为整数').min(1, '人数至少1人').max(10000),
  /** Shown in the station's 活动预告 once confirmed. */
  isPublic: z.boolean().default(false),
})

export const ZBooking = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  room: z.object({ id: z.number().int(), name: z.string(), kind: ZResourceKind }),
  station: z.object({ id: z.number().int(), name: z.string(), address: z.string(), phone: z.string().nullable() }),
  startsAt: ZInstant,
  endsAt: ZInstant,
  purpose: z.string(),
  attendees: z.number().int(),
  isPublic: z.boolean(),
  status: ZBookingStatus,
  /** Not begun, under way or over at the server's now; cancelled for a booking cancelled or rejected. */
  phase: ZEventPhase,
  /** The booker: full name and phone for the booker and staff only. */
  bookerName: z.string(),
  bookerPhone: z.string().nullable(),
  rejectReason: z.string().nullable(),
  cancelReason: z.string().nullable(),
  checkedInAt: ZInstant.nullable(),
  /** Cancelling is possible until then. */
  cancelDeadline: ZInstant,
  createdAt: ZInstant,
  actions: z.array(ZBookingAction),
})

export const ZMyBookingsQuery = ZPageQuery.extend({
  scope: z.enum(['upcoming', 'past']).default('upcoming'),
})

export const ZBookingPage = ZPage(ZBooking)

export const ZCancelBookingRequest = z.object({ reason: ZText().trim().max(BOOKING_REASON_MAX).default('') })
export const ZReasonRequest = z.object({
  reason: ZText().trim().min(BOOKING_REASON_MIN, `请写明原因（至少${BOOKING_REASON_MIN}个字）`).max(BOOKING_REASON_MAX, `原因最多${BOOKING_REASON_MAX}个字`),
})

/** The text in a room's QR code, read by `Taro.scanCode`. */
export const ZCheckInRequest = z.object({ code: ZText().trim().min(1, '请扫描场地的签到码').max(200) })

/* ----------------------------------------------------------------- staff */

export const ZStaffBookingQuery = z.object({
  communityId: ZPositiveId.optional(),
  /** pending: the approval queue (soonest first); day: every booking of one day (default today). */
  view: z.enum(['pending', 'day']).default('pending'),
  date: ZDay.optional(),
  stationId: ZPositiveId.optional(),
})

export const ZStaffBookingList = z.object({ items: z.array(ZBooking) })

/** What staff set on a station, without defaults: a PATCH changes only the fields it sends. */
export const ZStationFields = z.object({
  name: ZText().trim().min(2, '名称至少2个字').max(40),
  kind: z.enum(STATION_KINDS),
  address: ZText().trim().min(2, '请填写地址').max(100),
  phone: ZText().trim().max(20).nullable(),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  weeklyHours: ZWeeklyHours,
  photoIds: z.array(ZId).max(6, '最多6张照片'),
})
export const ZCreateStationRequest = ZStationFields.extend({
  phone: ZStationFields.shape.phone.default(null),
  photoIds: ZStationFields.shape.photoIds.default([]),
  communityId: ZId,
})
export const ZStationPatch = patchOf(ZStationFields)

const ZRulesInput = z.object({
  slotMinutes: z.union([z.literal(30), z.literal(60), z.literal(1440)]),
  minDurationMinutes: z.number().int().min(30).max(14 * 1440),
  maxDurationMinutes: z.number().int().min(30).max(14 * 1440),
  advanceDays: z.number().int().min(0, '至少可预约当天').max(90, '最多提前90天'),
  minNoticeMinutes: z.number().int().min(0).max(7 * 1440),
  requiresApproval: z.boolean(),
  bufferMinutes: z.number().int().min(0).max(240),
  maxActivePerPerson: z.number().int().min(1).max(20),
  cancelDeadlineMinutes: z.number().int().min(0).max(7 * 1440),
  noShowAfterMinutes: z.number().int().min(5).max(240),
})

/** What staff set on a room or tool, without defaults: a PATCH changes only the fields it sends. */
export const ZRoomFields = z.object({
  kind: ZResourceKind,
  name: ZText().trim().min(2, '名称至少2个字').max(30),
  category: ZText().trim().min(2).max(20),
  capacity: z.number().int().min(1, '容纳人数至少1人').max(1000),
  facilities: z.array(ZText().trim().min(1).max(20)).max(20),
  description: ZText().trim().max(300),
  photoIds: z.array(ZId).max(6, '最多6张照片'),
  active: z.boolean(),
  rules: ZRulesInput,
})
export const ZCreateRoomRequest = ZRoomFields.extend({
  facilities: ZRoomFields.shape.facilities.default([]),
  description: ZRoomFields.shape.description.default(''),
  photoIds: ZRoomFields.shape.photoIds.default([]),
  active: ZRoomFields.shape.active.default(true),
  stationId: ZId,
})
/** A PATCH of a room: the fields sent, and of its rules only those sent. */
export const ZRoomPatch = patchOf(ZRoomFields.extend({ rules: patchOf(ZRulesInput) }))

export const ZClosure = z.object({
  id: z.number().int(),
  roomId: z.number().int(),
  startsAt: ZInstant,
  endsAt: ZInstant,
  reason: z.string(),
})
export const ZClosureList = z.object({ items: z.array(ZClosure) })
export const ZCreateClosureRequest = z.object({
  startsAt: ZInstantInput('开始时间格式不正确'),
  endsAt: ZInstantInput('结束时间格式不正确'),
  reason: ZText().trim().min(2, '请写明关闭原因').max(BOOKING_REASON_MAX),
})
export const ZCreateClosureResponse = ZClosure.extend({ cancelledBookings: z.number().int() })

/** What a staff member prints and posts at the room's door. */
export const ZCheckInCode = z.object({ roomId: z.number().int(), code: z.string() })

export const ZStaffStationList = z.object({ items: z.array(ZStation) })
export const ZStaffStationQuery = z.object({ communityId: ZPositiveId.optional() })


export type RoomRules = z.infer<typeof ZRoomRules>
export type Room = z.infer<typeof ZRoom>
export type StationListItem = z.infer<typeof ZStationListItem>
export type StationList = z.infer<typeof ZStationList>
export type Station = z.infer<typeof ZStation>
export type Slot = z.infer<typeof ZSlot>
export type GridDay = z.infer<typeof ZGridDay>
export type RoomWeek = z.infer<typeof ZRoomWeek>
export type OpeningDay = z.infer<typeof ZOpeningDay>
export type CreateBookingRequest = z.input<typeof ZCreateBookingRequest>
export type Booking = z.infer<typeof ZBooking>
export type BookingPage = z.infer<typeof ZBookingPage>
export type StationFields = z.input<typeof ZStationFields>
export type StationPatch = z.input<typeof ZStationPatch>
export type RoomFields = z.input<typeof ZRoomFields>
export type RoomPatch = z.input<typeof ZRoomPatch>
export type Closure = z.infer<typeof ZClosure>
