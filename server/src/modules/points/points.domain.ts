import type { PointsRule } from '../../../../types/api/labels'

/** Points per unit when a community has not set its own. */
export const DEFAULT_RULE_POINTS: Record<PointsRule, number> = {
  wish_fulfilled: 10,
  volunteer_hour: 5,
  council_meeting: 3,
  environment_drive: 5,
}
export const DEFAULT_PICKUP_DAYS = 7
/** Points above which (either way) a staff adjustment waits for a second staff member, unless a community sets its own. */
export const DEFAULT_ADJUSTMENT_APPROVAL_THRESHOLD = 200

/** Whether a staff adjustment of `amount` is large enough to need a second staff member's approval. */
export function needsSecondApproval(amount: number, threshold: number): boolean {
  return Math.abs(amount) > threshold
}

/** Ledger reasons that count as earning (leaderboards, "earned this year"); refunds and spending do not. */
export const EARNING_REASONS = ['rule_award', 'staff_award'] as const

/** The event keys that make every ledger row pay at most once. */
export const eventKeys = {
  rule: (rule: PointsRule, sourceType: string, sourceId: string | number, personId: number) => `rule:${rule}:${sourceType}:${sourceId}:person:${personId}`,
  redemption: (redemptionId: number) => `redemption:${redemptionId}`,
  refund: (redemptionId: number) => `redemption-refund:${redemptionId}`,
  adjustment: (uniqueId: string) => `adjustment:${uniqueId}`,
  expiry: (year: number, householdId: number) => `expiry:${year}:household:${householdId}`,
}

/** Points for a rule: per unit (hours may be fractional; the award is rounded to whole points). */
export function ruleAmount(pointsPerUnit: number, quantity = 1): number {
  return Math.round(pointsPerUnit * quantity)
}

/** Pickup codes: 8 characters without the look-alikes 0/O, 1/I/L, read aloud or typed by staff. */
export const PICKUP_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export function pickupCode(randomInt: (max: number) => number): string {
  return Array.from({ length: 8 }, () => PICKUP_CODE_ALPHABET[randomInt(PICKUP_CODE_ALPHABET.length)]).join('')
}

/**
 * Yearly expiry (when a community turns it on): the points left at the end of a year lapse. Households are
 * warned from December 1st; the notice shows what would lapse now.
 */
export function expiryNotice(chinaDate: string, yearlyExpiry: boolean, balance: number): { date: string; amount: number } | null {
  const [year, month] = chinaDate.split('-')
  if (!yearlyExpiry || month !== '12' || balance <= 0) return null
  return { date: `${year}-12-31`, amount: balance }
}

/**
 * How much of last year's points lapse, when the sweep runs some time after New Year: what was left at the end
 * of the year, less what has been spent since (spending uses the oldest points first), never more than the
 * household has now.
 */
export function expiringAmount(balanceAtYearEnd: number, spentSinceYearEnd: number, balanceNow: number): number {
  return Math.max(0, Math.min(balanceNow, balanceAtYearEnd - spentSinceYearEnd))
}
