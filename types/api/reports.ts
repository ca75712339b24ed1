import { z } from 'zod'
import { ZDay, ZPageQuery, ZPage, ZPositiveId, ZText } from './common'
// The kinds of exports and of audit entries, with their labels, are in labels.ts: pages import them without zod.
import { AUDIT_KINDS, EXPORT_KINDS, WISH_CATEGORIES } from './labels'

/*
 * 社区工作台: the figures a community is judged by (the dashboard), the 台账 exports, and the audit trail.
 * Staff see their own community; an admin sees the district and each community side by side.
 */

/* ----------------------------------------------------------------- dashboard */

/**
 * A range of China days, both ends included. Without `from`/`to` the range is this month (the server's clock).
 * Staff get their community (`communityId`, default their first); an admin without `communityId` gets the district.
 */
export const ZDashboardQuery = z
  .object({
    communityId: ZPositiveId.optional(),
    from: ZDay.optional(),
    to: ZDay.optional(),
  })
  .refine((q) => Boolean(q.from) === Boolean(q.to), { message: '请同时选择开始和结束日期', path: ['to'] })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, { message: '统计范围最长一年', path: ['to'] })

const ZCount = z.number().int().nonnegative()
/** A share in 0…1, null when there is nothing to divide by (no wishes, no open hours). */
const ZShare = z.number().min(0).max(1).nullable()

export const ZWishFigures = z.object({
  /** Wishes posted in the range (by the wisher or by staff for them), rejected and withdrawn included. */
  posted: ZCount,
  /** Wishes whose fulfilment was confirmed in the range (the wisher or staff confirmed). */
  fulfilled: ZCount,
  /** 办结率: of the wishes posted in the range that were approved, the share confirmed fulfilled by now. */
  completionRate: ZShare,
  /** From approval to confirmation, over the wishes fulfilled in the range; one decimal. */
  averageDaysToFulfil: z.number().nonnegative().nullable(),
  byCategory: z.array(z.object({ category: z.enum(WISH_CATEGORIES), posted: ZCount, fulfilled: ZCount })),
})

export const ZRoomUse = z.object({
  stationId: z.number().int(),
  stationName: z.string(),
  roomId: z.number().int(),
  roomName: z.string(),
  bookings: ZCount,
  /** Hours of confirmed, checked-in or no-show bookings in the range (what the room was held for). */
  bookedHours: z.number().nonnegative(),
  /** Hours the room was open in the range: opening hours by day kind (holidays and 调休 counted), minus closures. */
  openHours: z.number().nonnegative(),
  utilisation: ZShare,
})

export const ZBookingFigures = z.object({
  bookings: ZCount,
  bookedHours: z.number().nonnegative(),
  openHours: z.number().nonnegative(),
  utilisation: ZShare,
  noShows: ZCount,
  byRoom: z.array(ZRoomUse),
})

export const ZVolunteerFigures = z.object({
  /** Published activities starting in the range, cancelled ones left out. */
  activities: ZCount,
  signups: ZCount,
  /** 参与人次: sign-ups of those activities that were checked in or had hours confirmed. */
  attendances: ZCount,
  noShows: ZCount,
  confirmedHours: z.number().nonnegative(),
  /** Volunteers registered in the range. */
  newVolunteers: ZCount,
  /** Volunteers who reached each 星级 in the range (by total confirmed hours crossing its threshold). */
  starsReached: z.array(z.object({ stars: z.number().int().min(1).max(5), volunteers: ZCount })),
})

export const ZPointsFigures = z.object({
  issuedByRule: ZCount,
  issuedByStaff: ZCount,
  /** Points spent in the 积分超市 (refunds taken off). */
  redeemed: ZCount,
  expired: ZCount,
  /** Households with any points movement of their own in the range (earning or spending). */
  activeHouseholds: ZCount,
  byRule: z.array(z.object({ rule: z.string(), label: z.string(), points: ZCount })),
})

export const ZDualReportingFigures = z.object({
  /** 在职党员 reported to the community and in force at the end of the range. */
  partyMembers: ZCount,
  /** Approved 驻区单位 with their members, at the end of the range. */
  units: z.array(z.object({ unitId: z.number().int(), name: z.string(), members: ZCount })),
})

export const ZDashboardFigures = z.object({
  wishes: ZWishFigures,
  bookings: ZBookingFigures,
  volunteering: ZVolunteerFigures,
  points: ZPointsFigures,
  dualReporting: ZDualReportingFigures,
})

/** One month of the trend (China months), the headline figures only. */
export const ZTrendMonth = z.object({
  month: z.string().describe('YYYY-MM'),
  wishesPosted: ZCount,
  wishesFulfilled: ZCount,
  bookings: ZCount,
  bookedHours: z.number().nonnegative(),
  attendances: ZCount,
  confirmedHours: z.number().nonnegative(),
  pointsIssued: ZCount,
  pointsRedeemed: ZCount,
})

/** A community's headline figures, for the admin's side-by-side table. */
export const ZCommunityHeadline = z.object({
  communityId: z.number().int(),
  name: z.string(),
  wishesPosted: ZCount,
  wishesFulfilled: ZCount,
  completionRate: ZShare,
  bookings: ZCount,
  utilisation: ZShare,
  attendances: ZCount,
  confirmedHours: z.number().nonnegative(),
  pointsIssued: ZCount,
  pointsRedeemed: ZCount,
  activeHouseholds: ZCount,
})

export const ZDashboard = z.object({
  /** The community shown, or null for the whole district (admins). */
  communityId: z.number().int().nullable(),
  /** 联通社区, or the district's name. */
  scopeName: z.string(),
  from: z.string(),
  to: z.string(),
  figures: ZDashboardFigures,
  /** The 12 months ending with the month of `to`, oldest first. */
  trend: z.array(ZTrendMonth),
  /** District only: each community side by side, for the same range. Empty for a community. */
  communities: z.array(ZCommunityHeadline),
})

/* ----------------------------------------------------------------- exports */

/** One export holds at most this many rows: above it the staff member narrows the range. */
export const EXPORT_ROW_CAP = 100_000

export const ZExportParams = z.object({ kind: z.enum(EXPORT_KINDS, { error: '没有这种导出' }) })
export const ZExportQuery = z
  .object({
    communityId: ZPositiveId.optional(),
    from: ZDay,
    to: ZDay,
    /** Personal data in clear (names, phones, addresses): only with a reason, which the audit trail keeps. */
    full: z.enum(['0', '1']).default('0'),
    reason: ZText().trim().max(200, '原因最多200个字').optional(),
  })
  .refine((q) => q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['to'] })
  .refine((q) => q.full === '0' || (q.reason?.length ?? 0) >= 4, { message: '导出完整信息请填写原因（至少4个字）', path: ['reason'] })

/* ----------------------------------------------------------------- audit trail */

export const ZAuditQuery = ZPageQuery.extend({
  /** Staff: their community (default their first). Admin: one community, or the whole district without it. */
  communityId: ZPositiveId.optional(),
  actorUserId: ZPositiveId.optional(),
  kind: z.enum(AUDIT_KINDS).optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
})

export const ZAuditEntry = z.object({
  /** Unique across both sources: `a123` (a change) or `p456` (a read of personal data). */
  id: z.string(),
  at: z.string(),
  actor: z.object({ userId: z.number().int().nullable(), name: z.string() }),
  kind: z.enum(AUDIT_KINDS),
  /** e.g. wish.approve */
  action: z.string(),
  /** 通过心愿审核, in Chinese for the page. */
  actionLabel: z.string(),
  communityId: z.number().int().nullable(),
  communityName: z.string().nullable(),
  subjectType: z.string(),
  subjectId: z.string(),
  /** One line on what was done, e.g. the reason of a rejection, the points awarded; personal data masked. */
  summary: z.string(),
})
export const ZAuditPage = ZPage(ZAuditEntry)

/** Staff: their community (default their first). Admin: one community, or the whole district without it. */
export const ZAuditActorsQuery = z.object({ communityId: ZPositiveId.optional() })
/** The people who appear in a community's trail, for the page's person filter. */
export const ZAuditActors = z.object({ items: z.array(z.object({ userId: z.number().int(), name: z.string() })) })

export type DashboardQuery = z.input<typeof ZDashboardQuery>
export type Dashboard = z.infer<typeof ZDashboard>
export type DashboardFigures = z.infer<typeof ZDashboardFigures>
export type TrendMonth = z.infer<typeof ZTrendMonth>
export type CommunityHeadline = z.infer<typeof ZCommunityHeadline>
export type ExportQuery = z.input<typeof ZExportQuery>
export type AuditQuery = z.input<typeof ZAuditQuery>
export type AuditEntry = z.infer<typeof ZAuditEntry>
export type AuditPage = z.infer<typeof ZAuditPage>
export type AuditActors = z.infer<typeof ZAuditActors>
