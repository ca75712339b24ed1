import type {
  AcceptHouseholdInviteRequest,
  AddressBook,
  CommunityChoice,
  HouseholdInvite,
  HouseholdInvitePreview,
  MyHousehold,
  MyResidency,
  ResidencyApplication,
  ResidencyApplicationRequest,
  StaffInvitePreview,
} from '../../types/api/people'
import type { ResidencyStatus } from '../../types/api/labels'
import { request } from './http'

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

/* ----------------------------------------------------------------- staff of a community: the keys, and the invitee's calls */

export const staffAdminKeys = {
  community: (communityId: number) => ['people', 'community-staff', communityId] as const,
  invite: (code: string) => ['people', 'staff-invite', code] as const,
}

export function previewStaffInvite(code: string) {
  return request<StaffInvitePreview>(`/api/staff-invites/${encodeURIComponent(code)}`)
}

export function acceptStaffInvite(code: string, idempotencyKey?: string) {
  return request<{ communityId: number }>(`/api/staff-invites/${encodeURIComponent(code)}/accept`, { method: 'POST', body: {}, idempotencyKey })
}
