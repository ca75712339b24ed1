import type { CalendarStatus, HomeResponse } from '../../types/api/org'
import { request } from './http'

export const orgKeys = {
  home: (communityId: number | null) => ['home', communityId] as const,
  /** The official holiday calendar: the admin's page of a year, and whether a year is missing. */
  calendar: ['calendar'] as const,
  calendarYear: (year: number) => ['calendar', 'year', year] as const,
  calendarStatus: ['calendar', 'status'] as const,
}

export function getHome(communityId: number | null) {
  return request<HomeResponse>('/api/home', { query: { communityId: communityId ?? undefined } })
}

/* ----------------------------------------------------------------- the official holiday calendar */

/** Whether this year's (and from December next year's) holidays are in the calendar: for staff and admins. */
export function getCalendarStatus() {
  return request<CalendarStatus>('/api/calendar/status')
}

/* ----------------------------------------------------------------- the organisation: 街道 › 社区 › 网格 › 楼栋 › 户 */

/**
 * The tree's calls are staff/org.ts's. Under 'people' on purpose: the tree is people data (the 台账导入 invalidates ['people'] and so refreshes it), and
 * a change to it changes what 住户认证 offers (the community list, the address book).
 */
export const orgStructureKeys = {
  all: ['people', 'org'] as const,
  district: ['people', 'org', 'district'] as const,
  community: (communityId: number) => ['people', 'org', 'community', communityId] as const,
}
