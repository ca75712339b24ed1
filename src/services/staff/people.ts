import Taro from '@tarojs/taro'
import type {
  CommunityStaff,
  CreateStaffInviteRequest,
  LedgerImportReport,
  ResidencyQueue,
  StaffHousehold,
  StaffInvite,
  StaffOverview,
  StaffResidencyApplication,
} from '../../../types/api/people'
import type { ResidencyStatus } from '../../../types/api/labels'
import { openApiDocument, XLSX } from '../documents'
import { request, uploadFile } from '../http'

/* What staff do with people: 住户认证 decisions, households, the 工作台 overview, 台账导入. Keys: peopleKeys. */

export function listResidencyQueue(communityId: number, status: ResidencyStatus, cursor?: string) {
  return request<ResidencyQueue>('/api/staff/residency/applications', { query: { communityId, status, cursor } })
}

export function approveResidency(id: number, personId: number | null, idempotencyKey?: string) {
  return request<StaffResidencyApplication>(`/api/staff/residency/applications/${id}/approve`, { method: 'POST', body: personId === null ? {} : { personId }, idempotencyKey })
}

export function rejectResidency(id: number, reason: string, idempotencyKey?: string) {
  return request<StaffResidencyApplication>(`/api/staff/residency/applications/${id}/reject`, { method: 'POST', body: { reason }, idempotencyKey })
}

export function getStaffHousehold(id: number) {
  return request<StaffHousehold>(`/api/staff/households/${id}`)
}

/** Staff take a person out of a household (moved away, entered by mistake); the points stay with it. */
export function removeHouseholdMember(householdId: number, personId: number, idempotencyKey?: string) {
  return request<StaffHousehold>(`/api/staff/households/${householdId}/members/${personId}/remove`, { method: 'POST', body: {}, idempotencyKey })
}

export function getStaffOverview(communityId: number) {
  return request<StaffOverview>('/api/staff/overview', { query: { communityId } })
}

/* ----------------------------------------------------------------- staff of a community (admin). Keys: staffAdminKeys */

export function getCommunityStaff(communityId: number) {
  return request<CommunityStaff>(`/api/admin/communities/${communityId}/staff`)
}

export function inviteStaff(body: CreateStaffInviteRequest, idempotencyKey?: string) {
  return request<StaffInvite>('/api/admin/staff-invites', { method: 'POST', body, idempotencyKey })
}

export function revokeStaff(communityId: number, userId: number, idempotencyKey?: string) {
  return request<CommunityStaff>(`/api/admin/communities/${communityId}/staff/${userId}/revoke`, { method: 'POST', body: {}, idempotencyKey })
}

/* ----------------------------------------------------------------- 台账导入 */

/**
 * The file to import: WeChat's chooser of chat files in the mini-program (an .xlsx sent to the phone), the browser's
 * file chooser on the web. Resolves the local path, or null when the user cancels.
 */
export async function chooseLedgerFile(): Promise<{ path: string; name: string } | null> {
  if (process.env.TARO_ENV === 'h5') {
    return new Promise((resolve) => {
      const input = document.createElement('input')
      input.type = 'file'
      input.accept = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      input.onchange = () => {
        const file = input.files?.[0]
        resolve(file ? { path: URL.createObjectURL(file), name: file.name } : null)
      }
      input.click()
    })
  }
  try {
    const picked = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] })
    const file = picked.tempFiles[0]
    return file ? { path: file.path, name: file.name } : null
  } catch {
    return null
  }
}

/** Sends the file: checked only (dryRun), or imported when it has no problems. */
export function importLedger(communityId: number, path: string, dryRun: boolean) {
  return uploadFile<LedgerImportReport>('/api/staff/ledger/import', path, { query: { communityId, dryRun: String(dryRun) } })
}

export function openLedgerTemplate() {
  return openApiDocument('/api/staff/ledger/template', XLSX, '台账导入模板.xlsx', '模板暂时无法下载，请稍后再试')
}
