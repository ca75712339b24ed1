import Taro from '@tarojs/taro'
import type { AcceptUnitInviteRequest, MyPartyReport, MyUnit, PartyReportRequest, UnitInvite, UnitInvitePreview, UnitRegistrationRequest } from '../../types/api/dual-reporting'
import type { PartyReportStatus, UnitStatus } from '../../types/api/labels'
import { MINUTE_MS } from '../../types/time'
import { downloadApiFile } from './documents'
import { request } from './http'

/** Query keys: everything about 双报到 (在职党员报到, 驻区单位) starts with 'dual-reporting'. */
export const dualReportingKeys = {
  all: ['dual-reporting'] as const,
  myPartyReport: ['dual-reporting', 'party-report'] as const,
  myUnit: ['dual-reporting', 'unit'] as const,
  unitInvite: (code: string) => ['dual-reporting', 'unit-invite', code] as const,
  staffPartyReports: (communityId: number, status: PartyReportStatus) => ['dual-reporting', 'staff-party-reports', communityId, status] as const,
  staffUnits: (communityId: number, status: UnitStatus) => ['dual-reporting', 'staff-units', communityId, status] as const,
}

/* ----------------------------------------------------------------- 在职党员报到 */

export function getMyPartyReport() {
  return request<MyPartyReport>('/api/party-reports/mine')
}

export function reportAsPartyMember(body: PartyReportRequest, idempotencyKey?: string) {
  return request<MyPartyReport>('/api/party-reports', { method: 'POST', body, idempotencyKey })
}

export function withdrawPartyReport(id: number, idempotencyKey?: string) {
  return request<MyPartyReport>(`/api/party-reports/${id}/withdraw`, { method: 'POST', body: {}, idempotencyKey })
}

/**
 * Shows the photo of a report's 党员证: it is private, so it is downloaded with the session (the member, or staff of
 * the community: the server logs staff's viewing) and previewed from the local copy.
 */
export async function viewPartyCard(reportId: number): Promise<void> {
  const local = await downloadApiFile(`/api/party-reports/${reportId}/card`, '党员证照片暂时无法打开，请稍后再试')
  await Taro.previewImage({ urls: [local], current: local })
  // On the web the picture is an object URL: the preview has it by then.
  if (process.env.TARO_ENV === 'h5') setTimeout(() => URL.revokeObjectURL(local), MINUTE_MS)
}

/* ----------------------------------------------------------------- 驻区单位 */

export function getMyUnit() {
  return request<MyUnit>('/api/units/mine')
}

export function registerUnit(body: UnitRegistrationRequest, idempotencyKey?: string) {
  return request<MyUnit>('/api/units', { method: 'POST', body, idempotencyKey })
}

export function withdrawUnitRegistration(id: number, idempotencyKey?: string) {
  return request<MyUnit>(`/api/units/${id}/withdraw`, { method: 'POST', body: {}, idempotencyKey })
}

export function inviteToUnit(idempotencyKey?: string) {
  return request<UnitInvite>('/api/units/mine/invites', { method: 'POST', body: {}, idempotencyKey })
}

/** The admin removes a member; with one's own userId, leaving the unit. */
export function removeUnitMember(userId: number, idempotencyKey?: string) {
  return request<MyUnit>(`/api/units/mine/members/${userId}/remove`, { method: 'POST', body: {}, idempotencyKey })
}

export function previewUnitInvite(code: string) {
  return request<UnitInvitePreview>(`/api/unit-invites/${encodeURIComponent(code)}`)
}

/** Joins the unit under the name one goes by there (colleagues see it). */
export function acceptUnitInvite(code: string, body: AcceptUnitInviteRequest, idempotencyKey?: string) {
  return request<MyUnit>(`/api/unit-invites/${encodeURIComponent(code)}/accept`, { method: 'POST', body, idempotencyKey })
}
