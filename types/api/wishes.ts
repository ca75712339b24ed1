import { z } from 'zod'
import { ZDay, ZInstant, ZPage, ZPageQuery, ZPositiveId, ZId, ZText } from './common'
import { CONTACT_PREFERENCES, MODERATION_VERDICTS, WISH_ACTIONS, WISH_CATEGORIES, WISH_CLAIM_BLOCKS, WISH_EVENT_KINDS, WISH_STATUSES } from './labels'

/*
 * 微心愿: a resident posts a small wish, staff review it, a volunteer / party member / 驻区单位 claims and
 * fulfils it, the wisher (or staff on their behalf) confirms and thanks; confirmation pays the claimer points.
 */

export const ZWishCategory = z.enum(WISH_CATEGORIES)
export const ZWishStatus = z.enum(WISH_STATUSES)
export const ZContactPreference = z.enum(CONTACT_PREFERENCES)
export const ZWishAction = z.enum(WISH_ACTIONS)
export const ZModerationVerdict = z.enum(MODERATION_VERDICTS)

/** Limits the form shows and the server enforces. */
export const WISH_TITLE_MAX = 30
export const WISH_DESCRIPTION_MAX = 500
export const WISH_PHOTOS_MAX = 3
export const WISH_THANKS_MAX = 200


export const ZWishPhoto = z.object({ id: z.number().int(), url: z.string() })

/** The fields a wish is posted with, by the resident or by staff on their behalf. */
export const ZWishFields = z.object({
  category: ZWishCategory,
  title: ZText().trim().min(2, '标题至少2个字').max(WISH_TITLE_MAX, `标题最多${WISH_TITLE_MAX}个字`),
  description: ZText().trim().min(5, '请把心愿说得具体些（至少5个字）').max(WISH_DESCRIPTION_MAX, `描述最多${WISH_DESCRIPTION_MAX}个字`),
  /** Uploaded with POST /api/uploads first. */
  photoIds: z.array(ZId).max(WISH_PHOTOS_MAX, `最多${WISH_PHOTOS_MAX}张照片`).default([]),
  /** Estimated value in whole yuan; capped per community (¥300 by default). */
  valueYuan: z.number().int('请填写整数金额').min(0, '金额不能为负').max(100000),
  contactPreference: ZContactPreference,
  /** The day the wisher hopes it is done by; optional. */
  neededBy: ZDay.nullable().default(null),
})
export const ZCreateWishRequest = ZWishFields

export const ZCreateWishOnBehalfRequest = ZWishFields.extend({
  /** The resident the wish is for (found with GET /api/staff/households). */
  personId: ZId,
  /** The resident agreed that staff post it for them; recorded with the wish. */
  consent: z.literal(true, { error: '代居民发布心愿，须先取得居民本人同意' }),
})

export const ZWishTimelineEntry = z.object({
  kind: z.enum(WISH_EVENT_KINDS),
  at: ZInstant,
  /** A reason, a note, the new category … */
  note: z.string().nullable(),
})

export const ZWish = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  category: ZWishCategory,
  title: z.string(),
  description: z.string(),
  photos: z.array(ZWishPhoto),
  valueYuan: z.number().int(),
  neededBy: z.string().nullable(),
  status: ZWishStatus,
  /** 张** — the full name only to the wisher, the claimer and staff. */
  wisherName: z.string(),
  /** 花园小区 3号楼 — building level in lists; the claimer and staff see the flat in `contact`. */
  location: z.string(),
  contactPreference: ZContactPreference,
  /**
   * How to reach the wisher, for those who must: the active claimer and staff; null for everyone else, the wisher
   * included. `phone` is whole, to dial (the app prints it masked); null when the wisher asked to be reached through
   * the community (由社区工作人员转达) or has none.
   */
  contact: z.object({ name: z.string(), phone: z.string().nullable(), address: z.string() }).nullable(),
  /** Posted by staff for a resident without a smartphone. */
  postedOnBehalf: z.boolean(),
  rejectReason: z.string().nullable(),
  claim: z
    .object({
      claimerName: z.string(),
      /** The caller is the claimer. */
      mine: z.boolean(),
      claimedAt: ZInstant,
      deadline: ZInstant,
      fulfilledAt: ZInstant.nullable(),
      fulfilNote: z.string().nullable(),
      proofPhotoUrl: z.string().nullable(),
    })
    .nullable(),
  confirmation: z.object({ confirmedAt: ZInstant, thanks: z.string(), rating: z.number().int().min(1).max(5), byStaff: z.boolean() }).nullable(),
  /** The content check's findings, for staff only (null for everyone else). */
  moderation: z.object({ text: ZModerationVerdict, photos: z.array(ZModerationVerdict), labels: z.array(z.string()) }).nullable(),
  timeline: z.array(ZWishTimelineEntry),
  /** What the caller may do now. */
  actions: z.array(ZWishAction),
  /** Why the caller cannot claim this open wish when others can (and what would let them); null otherwise. */
  claimBlock: z.enum(WISH_CLAIM_BLOCKS).nullable(),
  mine: z.boolean(),
  createdAt: ZInstant,
})

/** A row of a list: the wish without its timeline. */
export const ZWishSummary = ZWish.omit({ timeline: true })

export const ZWishListQuery = ZPageQuery.extend({
  communityId: ZPositiveId.optional(),
  category: ZWishCategory.optional(),
  sort: z.enum(['newest', 'deadline']).default('newest'),
})
export const ZWishPage = ZPage(ZWishSummary)

export const ZWishWall = z.object({
  /** Wishes fulfilled (已完成 or 已确认), counted by the day they were fulfilled, China time. */
  totals: z.object({ thisMonth: z.number().int(), thisYear: z.number().int(), allTime: z.number().int() }),
  /** The latest confirmed wishes with their thanks. */
  recent: z.array(
    z.object({
      id: z.number().int(),
      category: ZWishCategory,
      title: z.string(),
      wisherName: z.string(),
      claimerName: z.string(),
      thanks: z.string(),
      rating: z.number().int(),
      confirmedAt: ZInstant,
    }),
  ),
})
export const ZWishWallQuery = z.object({ communityId: ZPositiveId.optional() })

/** 认领: for oneself (a volunteer or party member), or as the 驻区单位 one belongs to (the wish is then the unit's). */
export const ZClaimRequest = z.object({ asUnit: z.boolean().default(false) })
export const ZGiveUpRequest = z.object({ reason: ZText().trim().min(2, '请写明放弃的原因（至少2个字）').max(100, '原因最多100个字') })
export const ZFulfilRequest = z.object({
  proofPhotoId: ZId,
  note: ZText().trim().min(2, '请简单说明完成情况（至少2个字）').max(200, '说明最多200个字'),
})
export const ZConfirmRequest = z.object({
  thanks: ZText().trim().min(2, '请写一句感谢的话（至少2个字）').max(WISH_THANKS_MAX, `最多${WISH_THANKS_MAX}个字`),
  rating: z.number().int().min(1, '请打分（1–5星）').max(5, '请打分（1–5星）'),
})
export const ZApproveRequest = z.object({ category: ZWishCategory.optional() })
export const ZRejectRequest = z.object({ reason: ZText().trim().min(2, '请写明未通过的原因（至少2个字）').max(100, '原因最多100个字') })

export const ZStaffWishQuery = ZPageQuery.extend({
  communityId: ZPositiveId.optional(),
  /** Default: the review queue (pending). */
  status: ZWishStatus.default('pending'),
})

export const ZWishSettings = z.object({
  communityId: z.number().int(),
  /** The highest estimated value a wish may have, in yuan. */
  maxValueYuan: z.number().int().min(1).max(10000),
  /** Active claims one person (or unit) may hold at a time. */
  claimLimit: z.number().int().min(1).max(20),
  /** Days a claimer has to fulfil before the claim lapses. */
  claimDays: z.number().int().min(1).max(60),
})
export const ZWishSettingsUpdate = ZWishSettings.partial().extend({ communityId: ZId })
export const ZWishSettingsQuery = z.object({ communityId: ZPositiveId.optional() })

/** An uploaded picture; `url` is null for a private one (a 党员证), which only its own route serves. */
export const ZUpload = z.object({ id: z.number().int(), url: z.string().nullable() })
export const ZUploadQuery = z.object({ purpose: z.enum(['wish_photo', 'proof_photo', 'station_photo', 'party_card', 'shop_photo', 'activity_photo']) })

export type WishCategoryValue = z.infer<typeof ZWishCategory>
export type CreateWishRequest = z.input<typeof ZCreateWishRequest>
export type CreateWishOnBehalfRequest = z.input<typeof ZCreateWishOnBehalfRequest>
export type Wish = z.infer<typeof ZWish>
export type WishSummary = z.infer<typeof ZWishSummary>
export type WishPage = z.infer<typeof ZWishPage>
export type WishWall = z.infer<typeof ZWishWall>
export type WishSettings = z.infer<typeof ZWishSettings>
export type FulfilRequest = z.infer<typeof ZFulfilRequest>
export type ConfirmRequest = z.infer<typeof ZConfirmRequest>
export type Upload = z.infer<typeof ZUpload>
