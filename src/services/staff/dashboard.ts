import type { Dashboard } from '../../../types/api/reports'
import { request } from '../http'

/* The 数据看板's one call: the figures of a community (or the district, for admins) over a range of China days. */

/** What the dashboard shows: `communityId` null is the whole district (admins only). Both days included. */
export type DashboardRange = { communityId: number | null; from: string; to: string }

/** Under the 工作台's keys, so that refreshing the 工作台 refreshes the dashboard too. */
export const dashboardKeys = {
  all: ['workbench', 'dashboard'] as const,
  dashboard: (r: DashboardRange) => ['workbench', 'dashboard', r.communityId, r.from, r.to] as const,
}

export function getDashboard(r: DashboardRange) {
  return request<Dashboard>('/api/staff/dashboard', { query: { communityId: r.communityId ?? undefined, from: r.from, to: r.to } })
}
