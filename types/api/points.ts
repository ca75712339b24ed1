import { z } from 'zod'
import { ZInstant, ZPage, ZPictureFields, ZPositiveId, ZId, ZText, patchOf } from './common'
import { POINTS_REASONS, POINTS_RULES, REDEMPTION_STATUSES, SHOP_ITEM_KINDS } from './labels'

/*
 * 积分: an append-only ledger per household. Residents earn by rules (confirmed wish, volunteer hour, 议事会 …)
 * and staff awards; the household spends together in the 积分超市; staff hand redeemed items over (核销).
 */

export const ZPointsRule = z.enum(POINTS_RULES)
export const ZPointsReason = z.enum(POINTS_REASONS)
export const ZRedemptionStatus = z.enum(REDEMPTION_STATUSES)
export const ZShopItemKind = z.enum(SHOP_ITEM_KINDS)

const ZMonth = ZText().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')

export const ZLedgerEntry = z.object({
  id: z.number().int(),
  /** Positive: earned or refunded; negative: spent, deducted or expired. */
  amount: z.number().int(),
  reason: ZPointsReason,
  /** What the user reads: 确认微心愿 / 社区奖励：清雪 / 兑换：义剪 … */
  title: z.string(),
  /** Who in the household the row belongs to (full name: only the household and staff see it); null for household rows such as yearly expiry. */
  personName: z.string().nullable(),
  householdBalanceAfter: z.number().int(),
  createdAt: ZInstant,
})

export const ZPointsSummary = z.object({
  household: z
    .object({
      id: z.number().int(),
      address: z.string(),
      balance: z.number().int(),
      /** Points the household earned this calendar year (China time). */
      earnedThisYear: z.number().int(),
      showOnLeaderboard: z.boolean(),
    })
    .nullable(),
  /** Points I earned this calendar year (my share of the household's earning). */
  myEarnedThisYear: z.number().int(),
  /** Set within the month before the community's yearly expiry, when it is on. */
  expiry: z.object({ date: z.string(), amount: z.number().int() }).nullable(),
  rules: z.array(z.object({ rule: ZPointsRule, label: z.string(), points: z.number().int(), unit: z.string() })),
})

/** A household's ledger, newest first (read with `ZPageQuery`). */
export const ZLedgerPage = ZPage(ZLedgerEntry)

export const ZStatementQuery = z.object({ month: ZMonth.optional() })
export const ZStatement = z.object({
  month: z.string(),
  opening: z.number().int(),
  earned: z.number().int(),
  spent: z.number().int(),
  closing: z.number().int(),
  entries: z.array(ZLedgerEntry),
})

export const ZLeaderboardQuery = z.object({
  scope: z.enum(['grid', 'community']).default('community'),
  period: z.enum(['month', 'year']).default('month'),
})
export const ZLeaderboard = z.object({
  scope: z.enum(['grid', 'community']),
  period: z.enum(['month', 'year']),
  /** 联通社区 or 联通社区 第三网格 */
  scopeName: z.string(),
  entries: z.array(
    z.object({
      rank: z.number().int(),
      /** 花园小区3号楼 张** — or 匿名 for a household that opted out. */
      label: z.string(),
      points: z.number().int(),
      mine: z.boolean(),
    }),
  ),
  mine: z.object({ rank: z.number().int(), points: z.number().int() }).nullable(),
})
export const ZLeaderboardVisibility = z.object({ showOnLeaderboard: z.boolean() })

export const ZShopItem = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  kind: ZShopItemKind,
  price: z.number().int(),
  stock: z.number().int(),
  /** Per household per calendar month; null: no limit. */
  monthlyLimit: z.number().int().nullable(),
  /** How many of it my household redeemed this month (not counting cancelled or expired). */
  redeemedThisMonth: z.number().int(),
  stationId: z.number().int(),
  stationName: z.string(),
  ...ZPictureFields,
  active: z.boolean(),
})
export const ZShopItemList = z.object({ items: z.array(ZShopItem) })
export const ZShopQuery = z.object({ communityId: ZPositiveId.optional() })

export const ZRedemption = z.object({
  id: z.number().int(),
  itemId: z.number().int(),
  itemName: z.string(),
  points: z.number().int(),
  status: ZRedemptionStatus,
  /** Shown as text and as a QR code at the pickup station. */
  pickupCode: z.string(),
  stationName: z.string(),
  stationAddress: z.string(),
  /** Masked for staff (张**), full for the household. */
  redeemerName: z.string(),
  householdAddress: z.string(),
  expiresAt: ZInstant,
  createdAt: ZInstant,
  pickedUpAt: ZInstant.nullable(),
})
export const ZRedemptionList = z.object({ items: z.array(ZRedemption) })

export const ZVerifyRedemptionRequest = z.object({
  code: ZText().trim().regex(/^[0-9A-Z]{8}$/i, '取货码为8位字母或数字').transform((c) => c.toUpperCase()),
})
/** GET /api/staff/redemptions/lookup?code=: who collects what, before 核销. */
export const ZRedemptionLookupQuery = ZVerifyRedemptionRequest
/**
 * A redemption as staff see it before handing it over: a reservation past its deadline reads `expired` even
 * before the sweep closes it; `actions` holds 'verify' while it may be handed over now.
 */
export const ZRedemptionLookup = ZRedemption.extend({ actions: z.array(z.enum(['verify'])) })

/** What staff set on a shop item, without defaults: a PATCH changes only the fields it sends. */
export const ZShopItemFields = z.object({
  name: ZText().trim().min(1, '请填写名称').max(30, '名称最多30个字'),
  description: ZText().trim().max(300, '说明最多300个字'),
  kind: ZShopItemKind,
  price: z.number().int().min(1, '所需积分至少为1').max(100000),
  stock: z.number().int().min(0, '库存不能为负').max(100000),
  monthlyLimit: z.number().int().min(1).max(100).nullable(),
  stationId: ZId,
  active: z.boolean(),
  /** An upload of purpose shop_photo; null: the kind's default picture. */
  photoId: ZId.nullable(),
})
export const ZShopItemInput = ZShopItemFields.extend({
  description: ZShopItemFields.shape.description.default(''),
  monthlyLimit: ZShopItemFields.shape.monthlyLimit.default(null),
  photoId: ZShopItemFields.shape.photoId.default(null),
  active: ZShopItemFields.shape.active.default(true),
})
export const ZShopItemPatch = patchOf(ZShopItemFields)
export const ZStaffShopQuery = z.object({ communityId: ZPositiveId.optional() })

export const ZAdjustmentRequest = z.object({
  personId: ZId,
  amount: z
    .number()
    .int('积分须为整数')
    .refine((n) => n !== 0, '积分不能为0')
    .refine((n) => Math.abs(n) <= 1000, '单次调整不超过1000分'),
  reason: ZText().trim().min(2, '请写明原因（至少2个字）').max(100, '原因最多100个字'),
})

export const ZPointsAdjustmentStatus = z.enum(['pending', 'applied', 'rejected'])

/**
 * A staff adjustment larger than the community's threshold: recorded as 待审批 and applied only when a second
 * staff member (not the requester, nor of the beneficiary's household) approves it.
 */
export const ZPointsAdjustment = z.object({
  id: z.number().int(),
  status: ZPointsAdjustmentStatus,
  amount: z.number().int(),
  reason: z.string(),
  /** Who gets (or loses) the points, and their household's address. */
  personName: z.string(),
  householdId: z.number().int(),
  householdAddress: z.string(),
  requestedByName: z.string(),
  /** The caller asked for it: they wait for someone else to decide. */
  mine: z.boolean(),
  /** The caller may approve or reject it (someone else's request, not for their own household). */
  canDecide: z.boolean(),
  rejectReason: z.string().nullable(),
  createdAt: ZInstant,
  decidedAt: ZInstant.nullable(),
})
export const ZPointsAdjustmentList = z.object({ items: z.array(ZPointsAdjustment) })
export const ZPointsAdjustmentQuery = z.object({ communityId: ZPositiveId.optional() })
export const ZRejectAdjustmentRequest = z.object({
  reason: ZText().trim().min(2, '请写明原因（至少2个字）').max(100, '原因最多100个字'),
})

export const ZRuleAwardRequest = z.object({
  rule: z.enum(['council_meeting', 'environment_drive']),
  /** The event attended: one award per person per activity, however often it is sent. */
  activityId: ZId,
  personIds: z.array(ZId).min(1, '请至少选择一人').max(500),
})
export const ZRuleAwardResult = z.object({ awarded: z.number().int(), alreadyAwarded: z.number().int(), points: z.number().int() })

export const ZPointsSettings = z.object({
  communityId: z.number().int(),
  rules: z.array(z.object({ rule: ZPointsRule, label: z.string(), points: z.number().int().min(0).max(1000), unit: z.string() })),
  /** Yearly expiry on 12-31: the balance left at the end of the year lapses; households are warned from 12-01. */
  yearlyExpiry: z.boolean(),
  /** Days a reserved redemption waits for pickup before it expires and is refunded. */
  pickupDays: z.number().int().min(1).max(90),
  /** A staff adjustment of more points than this (either way) waits for a second staff member's approval. */
  adjustmentApprovalThreshold: z.number().int().min(1).max(1000),
})
export const ZPointsSettingsUpdate = z.object({
  communityId: ZId,
  rules: z.array(z.object({ rule: ZPointsRule, points: z.number().int().min(0, '积分不能为负').max(1000, '单项最多1000分') })).max(POINTS_RULES.length, '每项规则只需提交一次').optional(),
  yearlyExpiry: z.boolean().optional(),
  pickupDays: z.number().int().min(1).max(90).optional(),
  adjustmentApprovalThreshold: z.number().int().min(1, '审批门槛至少为1分').max(1000, '审批门槛最多1000分').optional(),
})
export const ZSettingsQuery = z.object({ communityId: ZPositiveId.optional() })

export const ZHouseholdSearchQuery = z.object({
  q: ZText().trim().min(1, '请输入姓名、手机号后四位或门牌').max(30),
  communityId: ZPositiveId.optional(),
})
export const ZHouseholdSearchResult = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      address: z.string(),
      balance: z.number().int(),
      members: z.array(z.object({ id: z.number().int(), name: z.string(), phoneMasked: z.string().nullable() })),
    }),
  ),
})

export type LedgerEntry = z.infer<typeof ZLedgerEntry>
export type PointsSummary = z.infer<typeof ZPointsSummary>
export type LedgerPage = z.infer<typeof ZLedgerPage>
export type Statement = z.infer<typeof ZStatement>
export type Leaderboard = z.infer<typeof ZLeaderboard>
export type ShopItem = z.infer<typeof ZShopItem>
export type Redemption = z.infer<typeof ZRedemption>
export type RedemptionLookup = z.infer<typeof ZRedemptionLookup>
export type ShopItemInput = z.infer<typeof ZShopItemInput>
export type ShopItemPatch = z.input<typeof ZShopItemPatch>
export type AdjustmentRequest = z.infer<typeof ZAdjustmentRequest>
export type PointsAdjustment = z.infer<typeof ZPointsAdjustment>
export type RuleAwardRequest = z.infer<typeof ZRuleAwardRequest>
export type RuleAwardResult = z.infer<typeof ZRuleAwardResult>
export type PointsSettings = z.infer<typeof ZPointsSettings>
export type HouseholdSearchResult = z.infer<typeof ZHouseholdSearchResult>
