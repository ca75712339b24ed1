import { z } from 'zod'
import { ZInstant, ZPage, ZPageQuery, ZPositiveId, ZId, ZText } from './common'
import { isCreditCode } from '../credit-code'
import { PARTY_REPORT_STATUSES, UNIT_MEMBER_ROLES, UNIT_STATUSES } from './labels'

/*
 * 双报到: an in-service party member reports to the community where they live, and a 驻区单位 to the community it is
 * paired with; staff of that community confirm. A unit's admin invites its members. Both see their own totals.
 */

export const ZPartyReportStatus = z.enum(PARTY_REPORT_STATUSES)
export const ZUnitStatus = z.enum(UNIT_STATUSES)
export const ZUnitMemberRole = z.enum(UNIT_MEMBER_ROLES)

/** What the 双报到 reports count: wishes fulfilled, activities served and confirmed hours. */
export const ZServiceTotals = z.object({
  wishesFulfilled: z.number().int(),
  activities: z.number().int(),
  /** Confirmed service hours, to one decimal. */
  hours: z.number(),
})

export const ZReasonRequest = z.object({
  reason: ZText().trim().min(2, '请写明原因（至少2个字）').max(100, '原因最多100个字'),
})

export const ZQueueQuery = <S extends z.ZodType>(status: S) =>
  ZPageQuery.extend({
    communityId: ZPositiveId.optional(),
    status,
  })

/* ----------------------------------------------------------------- 在职党员报到 */

export const ZPartyReportRequest = z.object({
  workplace: ZText().trim().min(2, '请填写工作单位（至少2个字）').max(40, '工作单位最多40个字'),
  partyOrganisation: ZText().trim().min(2, '请填写所在党组织（至少2个字）').max(60, '党组织名称最多60个字'),
  /** An uploaded photo of the 党员证 or 报到证明 (purpose party_card); optional. */
  cardPhotoId: ZPositiveId.optional(),
})

export const ZPartyReport = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  communityName: z.string(),
  name: z.string(),
  workplace: z.string(),
  partyOrganisation: z.string(),
  /** A photo was given: the member and the community's staff open it at /api/party-reports/:id/card. */
  hasCard: z.boolean(),
  status: ZPartyReportStatus,
  reason: z.string().nullable(),
  createdAt: ZInstant,
  decidedAt: ZInstant.nullable(),
  /** withdraw for the member while pending; approve / reject for staff while pending; revoke for staff once approved. */
  actions: z.array(z.enum(['withdraw', 'approve', 'reject', 'revoke'])),
})

export const ZStaffPartyReport = ZPartyReport.extend({
  /** 联通社区 第三网格 联通小区 3号楼 2单元 301, or null when the member left the household. */
  address: z.string().nullable(),
  /** In clear for staff (the access is logged). */
  phone: z.string().nullable(),
  /** For reports in force: the member's service. */
  totals: ZServiceTotals.nullable(),
})

export const ZMyPartyReport = z.object({
  report: ZPartyReport.nullable(),
  /** Holds the 党员 role (confirmed by a report, or set up by the district before reports existed). */
  isPartyMember: z.boolean(),
  totals: ZServiceTotals.nullable(),
})

export const ZPartyReportQueueQuery = ZQueueQuery(ZPartyReportStatus.default('pending'))
export const ZPartyReportQueue = ZPage(ZStaffPartyReport)

/* ----------------------------------------------------------------- 驻区单位 */

export const ZUnitRegistrationRequest = z
  .object({
    communityId: ZId,
    name: ZText().trim().min(4, '请填写单位全称（至少4个字）').max(40, '单位名称最多40个字'),
    creditCode: ZText()
      .trim()
      .toUpperCase()
      .refine(isCreditCode, '统一社会信用代码不正确，请核对营业执照或登记证书上的18位代码')
      .optional(),
    contactName: ZText().trim().min(2, '请填写联系人姓名（至少2个字）').max(20, '姓名最多20个字'),
    phone: ZText().trim().regex(/^1[3-9]\d{9}$/, '请填写11位手机号').optional(),
    /** The code of `<button open-type="getPhoneNumber">`: the server asks WeChat for the number. */
    phoneCode: ZText().trim().min(1).max(200).optional(),
  })
  .refine((b) => Boolean(b.phone || b.phoneCode), { message: '请填写联系人手机号，或用微信手机号一键填写', path: ['phone'] })

export const ZUnit = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  communityName: z.string(),
  name: z.string(),
  creditCode: z.string().nullable(),
  contactName: z.string().nullable(),
  /** Masked for the unit's members; in clear for staff of the community (the access is logged). */
  contactPhone: z.string().nullable(),
  status: ZUnitStatus,
  rejectReason: z.string().nullable(),
  createdAt: ZInstant,
  decidedAt: ZInstant.nullable(),
  /** withdraw for whoever registered it while pending; approve / reject for staff while pending. */
  actions: z.array(z.enum(['withdraw', 'approve', 'reject'])),
})

export const ZUnitMember = z.object({
  userId: z.number().int(),
  name: z.string(),
  role: ZUnitMemberRole,
  joinedAt: ZInstant,
  isMe: z.boolean(),
})

export const ZUnitInvite = z.object({
  code: z.string(),
  expiresAt: ZInstant,
  /** The page a share card opens (no leading slash), with the code. */
  path: z.string(),
})

export const ZMyUnit = z.object({
  /** The unit the account belongs to, else the last registration it made unless that was approved (and left). */
  unit: ZUnit.nullable(),
  /** My place in the unit once it is approved. */
  role: ZUnitMemberRole.nullable(),
  members: z.array(ZUnitMember),
  totals: ZServiceTotals.nullable(),
})

/** Joining: the name the member goes by in the unit (their colleagues see it; many accounts have no person). */
export const ZAcceptUnitInviteRequest = z.object({ name: ZText().trim().min(2, '请填写您的姓名（至少2个字）').max(20, '姓名最多20个字') })

export const ZUnitInvitePreview = z.object({ unitName: z.string(), communityName: z.string(), inviterName: z.string(), expiresAt: ZInstant })

export const ZStaffUnit = ZUnit.extend({ members: z.number().int(), totals: ZServiceTotals.nullable() })
export const ZUnitQueueQuery = ZQueueQuery(ZUnitStatus.default('pending'))
export const ZUnitQueue = ZPage(ZStaffUnit)
export const ZUnitMemberParams = z.object({ userId: ZPositiveId })

export type ServiceTotals = z.infer<typeof ZServiceTotals>
export type PartyReportRequest = z.input<typeof ZPartyReportRequest>
export type PartyReport = z.infer<typeof ZPartyReport>
export type StaffPartyReport = z.infer<typeof ZStaffPartyReport>
export type MyPartyReport = z.infer<typeof ZMyPartyReport>
export type PartyReportQueue = z.infer<typeof ZPartyReportQueue>
export type UnitRegistrationRequest = z.input<typeof ZUnitRegistrationRequest>
export type Unit = z.infer<typeof ZUnit>
export type UnitMember = z.infer<typeof ZUnitMember>
export type UnitInvite = z.infer<typeof ZUnitInvite>
export type MyUnit = z.infer<typeof ZMyUnit>
export type UnitInvitePreview = z.infer<typeof ZUnitInvitePreview>
export type AcceptUnitInviteRequest = z.infer<typeof ZAcceptUnitInviteRequest>
export type StaffUnit = z.infer<typeof ZStaffUnit>
export type UnitQueue = z.infer<typeof ZUnitQueue>
