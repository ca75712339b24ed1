import type { ServiceTotals } from '../../../../types/api/dual-reporting'
import type { PartyReportStatus, ResidencyStatus, UnitStatus } from '../../../../types/api/labels'
import { distanceMeters } from '../org/org.domain'

/* The rules of 住户认证 and of households, without I/O. */

/** 社区 › 网格 › 小区 › 楼栋 › 单元 › 户 joined for display. */
export function formatAddress(parts: { community: string; grid: string; estate: string; building: string; unitNo: string; roomNo: string }): string {
  return [parts.community, parts.grid, parts.estate, parts.building, parts.unitNo, parts.roomNo].join(' ')
}

/** A family invitation holds for a week: long enough to reach a relative, short enough that a lost card expires. */
export const INVITE_VALID_DAYS = 7

/** What a viewer may do with an application now: the applicant withdraws it while pending; staff decide it. */
export function residencyActions(status: ResidencyStatus, viewer: { isApplicant: boolean; isStaff: boolean }): ('withdraw' | 'approve' | 'reject')[] {
  if (status !== 'pending') return []
  const actions: ('withdraw' | 'approve' | 'reject')[] = []
  if (viewer.isApplicant) actions.push('withdraw')
  // Nobody decides their own application (separation of duties): another staff member or an admin does.
  if (viewer.isStaff && !viewer.isApplicant) actions.push('approve', 'reject')
  return actions
}

/** Communities nearest first by their nearest station, when the phone's position is known; else as listed. */
export function nearestCommunities<C extends { id: number }>(
  rows: (C & { latitude: number | null; longitude: number | null })[],
  from: { latitude: number; longitude: number } | null,
): (C & { distanceMeters: number | null })[] {
  const byId = new Map<number, C & { distanceMeters: number | null }>()
  for (const { latitude, longitude, ...row } of rows) {
    const d = from && latitude !== null && longitude !== null ? Math.round(distanceMeters(from, { latitude, longitude })) : null
    const known = byId.get(row.id)
    if (!known) byId.set(row.id, { ...(row as unknown as C), distanceMeters: d })
    else if (d !== null && (known.distanceMeters === null || d < known.distanceMeters)) known.distanceMeters = d
  }
  const list = [...byId.values()]
  if (!from) return list
  return list.sort((a, b) => (a.distanceMeters ?? Infinity) - (b.distanceMeters ?? Infinity))
}

/** 联通小区 3号楼: an address down to the building, as a family invitation shows it to someone not yet in it. */
export function buildingLabel(b: { estate: string; name: string }): string {
  return `${b.estate} ${b.name}`
}

/* ----------------------------------------------------------------- 双报到 */

/** A unit's invitation holds for a week, for as many of its people as open it (it goes to the unit's group chat). */
export const UNIT_INVITE_VALID_DAYS = 7

/** What a viewer may do with a party member's report now. Nobody decides their own. */
export function partyReportActions(status: PartyReportStatus, viewer: { isMember: boolean; isStaff: boolean }): ('withdraw' | 'approve' | 'reject' | 'revoke')[] {
  const decides = viewer.isStaff && !viewer.isMember
  if (status === 'pending') return [...(viewer.isMember ? (['withdraw'] as const) : []), ...(decides ? (['approve', 'reject'] as const) : [])]
  if (status === 'approved' && decides) return ['revoke']
  return []
}

/** What a viewer may do with a unit's registration now: whoever registered it withdraws it; other staff decide. */
export function unitActions(status: UnitStatus, viewer: { isRegistrant: boolean; isStaff: boolean }): ('withdraw' | 'approve' | 'reject')[] {
  if (status !== 'pending') return []
  return [...(viewer.isRegistrant ? (['withdraw'] as const) : []), ...(viewer.isStaff && !viewer.isRegistrant ? (['approve', 'reject'] as const) : [])]
}

/** The reports' totals, with minutes as hours to one decimal (as 志愿服务记录 count them). */
export function serviceTotals(t: { wishesFulfilled: number; activities: number; minutes: number }): ServiceTotals {
  return { wishesFulfilled: t.wishesFulfilled, activities: t.activities, hours: Math.round(t.minutes / 6) / 10 }
}
