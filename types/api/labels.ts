/*
 * Enumerations and their Chinese labels, without zod: the mini-program imports these at run time and must not
 * pull the schema library into its bundle.
 */

export const ROLES = ['resident', 'volunteer', 'party_member', 'unit', 'staff', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  volunteer: '志愿者',
  party_member: '党员',
  unit: '驻区单位',
  staff: '社区工作者',
  admin: '管理员',
}

export const STATION_KINDS = ['center', 'grid_station'] as const
export type StationKind = (typeof STATION_KINDS)[number]

/** Earning rules, configurable per community (points per unit). */
export const POINTS_RULES = ['wish_fulfilled', 'volunteer_hour', 'council_meeting', 'environment_drive'] as const
export type PointsRule = (typeof POINTS_RULES)[number]
export const POINTS_RULE_LABELS: Record<PointsRule, { label: string; unit: string }> = {
  wish_fulfilled: { label: '帮助兑现微心愿', unit: '每个心愿' },
  volunteer_hour: { label: '志愿服务', unit: '每小时' },
  council_meeting: { label: '参加议事会', unit: '每次' },
  environment_drive: { label: '参加环境整治', unit: '每次' },
}

/** Why a ledger row exists. */
export const POINTS_REASONS = ['rule_award', 'staff_award', 'staff_deduction', 'redemption', 'redemption_refund', 'expiry'] as const
export type PointsReason = (typeof POINTS_REASONS)[number]

export const REDEMPTION_STATUSES = ['reserved', 'picked_up', 'cancelled', 'expired'] as const
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number]
export const REDEMPTION_STATUS_LABELS: Record<RedemptionStatus, string> = {
  reserved: '待领取',
  picked_up: '已领取',
  cancelled: '已取消',
  expired: '已过期',
}

export const SHOP_ITEM_KINDS = ['goods', 'service'] as const
export type ShopItemKind = (typeof SHOP_ITEM_KINDS)[number]
export const SHOP_ITEM_KIND_LABELS: Record<ShopItemKind, string> = { goods: '物品', service: '服务' }
