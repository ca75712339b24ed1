import type { ServiceTotals } from '../../types/api/dual-reporting'

/**
 * The contract's rules for the 双报到 forms (types/api/dual-reporting.ts), repeated here because that module carries
 * zod, which must not enter the mini-program; test/unit/dual-reporting-rules.test.ts keeps the two equal.
 */
export const PARTY_REPORT_LIMITS = {
  workplaceMin: 2,
  workplaceMax: 40,
  partyOrganisationMin: 2,
  partyOrganisationMax: 60,
} as const

export const UNIT_LIMITS = {
  nameMin: 4,
  nameMax: 40,
  contactNameMin: 2,
  contactNameMax: 20,
} as const

/** 认领完成心愿2个 · 参加活动3次 · 服务4.5小时: what the 双报到 reports count. */
export function formatServiceTotals(t: ServiceTotals): string {
  return `认领完成心愿${t.wishesFulfilled}个 · 参加活动${t.activities}次 · 服务${t.hours}小时`
}
