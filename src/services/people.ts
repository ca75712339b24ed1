import Taro from '@tarojs/taro'
import type {
  AcceptHouseholdInviteRequest,
  AddressBook,
  CommunityChoice,
  CommunityStaff,
  CreateStaffInviteRequest,
  HouseholdInvite,
  HouseholdInvitePreview,
  LedgerImportReport,
  MyHousehold,
  MyResidency,
  ResidencyApplication,
  ResidencyApplicationRequest,
  ResidencyQueue,
  StaffHousehold,
  StaffInvite,
  StaffInvitePreview,
  StaffOverview,
  StaffResidencyApplication,
} from '../../types/api/people'
import type { ResidencyStatus } from '../../types/api/labels'
import { openApiDocument, XLSX } from './documents'
import { request, uploadFile } from './http'

/** Query keys: everything about who the user is, their household and 住户认证 starts with 'people'. */
export const peopleKeys = {
  all: ['people'] as const,
  residency: ['people', 'residency'] as const,
  household: ['people', 'household'] as const,
  invite: (code: string) => ['people', 'invite', code] as const,
  addressBook: (communityId: number) => ['people', 'address-book', communityId] as const,
  communities: (position: { latitude: number; longitude: number } | null) => ['people', 'communities', position?.latitude ?? null, position?.longitude ?? null] as const,
  staffQueue: (communityId: number, status: ResidencyStatus) => ['people', 'staff-queue', communityId, status] as const,
  staffOverview: (communityId: number) => ['people', 'staff-overview', communityId] as const,
  staffHousehold: (householdId: number) => ['people', 'staff-household', householdId] as const,
}

export async function listCommunityChoices(position: { latitude: number; longitude: number } | null): Promise<CommunityChoice[]> {
  return (await request<{ items: CommunityChoice[] }>('/api/communities', { auth: false, query: position ?? undefined })).items
}

/** "我住在这个社区": a new account's community before 住户认证. */
export async function chooseCommunity(communityId: number, idempotencyKey?: string): Promise<void> {
  await request<null>('/api/me/community', { method: 'PUT', body: { communityId }, idempotencyKey })
}

export function getAddressBook(communityId: number) {
  return request<AddressBook>(`/api/communities/${communityId}/address-book`)
}

export async function getMyResidency(): Promise<ResidencyApplication | null> {
  return (await request<MyResidency>('/api/residency/mine')).application
}

export function applyForResidency(body: ResidencyApplicationRequest, idempotencyKey?: string) {
  return request<ResidencyApplication>('/api/residency/applications', { method: 'POST', body, idempotencyKey })
}

export function withdrawResidency(id: number, idempotencyKey?: string) {
  return request<ResidencyApplication>(`/api/residency/applications/${id}/withdraw`, { method: 'POST', body: {}, idempotencyKey })
}

export function getMyHousehold() {
  return request<MyHousehold>('/api/household')
}

export function inviteToHousehold(idempotencyKey?: string) {
  return request<HouseholdInvite>('/api/household/invites', { method: 'POST', body: {}, idempotencyKey })
}

export function leaveHousehold(idempotencyKey?: string) {
  return request<MyHousehold>('/api/household/leave', { method: 'POST', body: {}, idempotencyKey })
}

export function previewInvite(code: string) {
  return request<HouseholdInvitePreview>(`/api/household-invites/${encodeURIComponent(code)}`)
}

export function acceptInvite(code: string, body: AcceptHouseholdInviteRequest, idempotencyKey?: string) {
  return request<MyHousehold>(`/api/household-invites/${encodeURIComponent(code)}/accept`, { method: 'POST', body, idempotencyKey })
}

/* ----------------------------------------------------------------- staff */

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

/* ----------------------------------------------------------------- staff of a community (admin) */

export const staffAdminKeys = {
  community: (communityId: number) => ['people', 'community-staff', communityId] as const,
  invite: (code: string) => ['people', 'staff-invite', code] as const,
}

export function getCommunityStaff(communityId: number) {
  return request<CommunityStaff>(`/api/admin/communities/${communityId}/staff`)
}

export function inviteStaff(body: CreateStaffInviteRequest, idempotencyKey?: string) {
  return request<StaffInvite>('/api/admin/staff-invites', { method: 'POST', body, idempotencyKey })
}

export function revokeStaff(communityId: number, userId: number, idempotencyKey?: string) {
  return request<CommunityStaff>(`/api/admin/communities/${communityId}/staff/${userId}/revoke`, { method: 'POST', body: {}, idempotencyKey })
}

export function previewStaffInvite(code: string) {
  return request<StaffInvitePreview>(`/api/staff-invites/${encodeURIComponent(code)}`)
}

export function acceptStaffInvite(code: string, idempotencyKey?: string) {
  return request<{ communityId: number }>(`/api/staff-invites/${encodeURIComponent(code)}/accept`, { method: 'POST', body: {}, idempotencyKey })
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
