import type { PartyReportQueue, StaffPartyReport, StaffUnit, UnitQueue } from '../../../types/api/dual-reporting'
import type { PartyReportStatus, UnitStatus } from '../../../types/api/labels'
import { request } from '../http'

/* What staff decide of 双报到: 在职党员报到 and 驻区单位. Keys: dualReportingKeys. */

export function listStaffPartyReports(communityId: number, status: PartyReportStatus, cursor?: string) {
  return request<PartyReportQueue>('/api/staff/party-reports', { query: { communityId, status, cursor } })
}

export function approvePartyReport(id: number, idempotencyKey?: string) {
  return request<StaffPartyReport>(`/api/staff/party-reports/${id}/approve`, { method: 'POST', body: {}, idempotencyKey })
}

export function rejectPartyReport(id: number, reason: string, idempotencyKey?: string) {
  return request<StaffPartyReport>(`/api/staff/party-reports/${id}/reject`, { method: 'POST', body: { reason }, idempotencyKey })
}

/** 结束报到: the member moved away or their 组织关系 left; the 党员 role goes with it. */
export function revokePartyReport(id: number, reason: string, idempotencyKey?: string) {
  return request<StaffPartyReport>(`/api/staff/party-reports/${id}/revoke`, { method: 'POST', body: { reason }, idempotencyKey })
}

export function listStaffUnits(communityId: number, status: UnitStatus, cursor?: string) {
  return request<UnitQueue>('/api/staff/units', { query: { communityId, status, cursor } })
}

export function approveUnit(id: number, idempotencyKey?: string) {
  return request<StaffUnit>(`/api/staff/units/${id}/approve`, { method: 'POST', body: {}, idempotencyKey })
}

export function rejectUnit(id: number, reason: string, idempotencyKey?: string) {
  return request<StaffUnit>(`/api/staff/units/${id}/reject`, { method: 'POST', body: { reason }, idempotencyKey })
}
