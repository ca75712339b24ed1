import type { z } from 'zod'
import type { CalendarDay, CalendarDayKind, DeleteCalendarDayResponse } from '../../../types/api/org'
import type {
  BuildingRequest,
  CommunityOrg,
  DistrictOrg,
  ZAddFlatsRequest,
  ZCommunityRequest,
  ZGridRequest,
  ZSubdistrictRequest,
  ZUpdateBuildingRequest,
  ZUpdateCommunityRequest,
} from '../../../types/api/people'
import { request } from '../http'

/* ----------------------------------------------------------------- the official holiday calendar (admin). Keys: orgKeys */

export async function listCalendar(year: number): Promise<CalendarDay[]> {
  return (await request<{ items: CalendarDay[] }>('/api/admin/calendar', { query: { year } })).items
}

export function putCalendarDay(day: string, input: { kind: CalendarDayKind; name: string }, idempotencyKey?: string) {
  return request<CalendarDay>(`/api/admin/calendar/${day}`, { method: 'PUT', body: input, idempotencyKey })
}

/** Removes the admin's day: the official arrangement comes back (`restored`), or the day follows its weekday. */
export function deleteCalendarDay(day: string, idempotencyKey?: string) {
  return request<DeleteCalendarDayResponse>(`/api/admin/calendar/${day}`, { method: 'DELETE', idempotencyKey })
}

/*
 * The organisation, 街道 › 社区 › 网格 › 楼栋 › 户: the admin keeps the district's 街道 and 社区; staff keep their
 * community's 网格, 楼栋 and flats (the people module on the server). Every write answers the whole updated tree,
 * which the page puts straight into its query. Keys: orgStructureKeys.
 */

type SubdistrictInput = z.input<typeof ZSubdistrictRequest>
type CommunityInput = z.input<typeof ZCommunityRequest>
type CommunityUpdate = z.input<typeof ZUpdateCommunityRequest>
type GridInput = z.input<typeof ZGridRequest>
export type BuildingUpdate = z.input<typeof ZUpdateBuildingRequest>
export type FlatsInput = z.input<typeof ZAddFlatsRequest>

export function getDistrictOrg() {
  return request<DistrictOrg>('/api/admin/org')
}

export function createSubdistrict(body: SubdistrictInput, idempotencyKey?: string) {
  return request<DistrictOrg>('/api/admin/subdistricts', { method: 'POST', body, idempotencyKey })
}

export function renameSubdistrict(id: number, name: string, idempotencyKey?: string) {
  return request<DistrictOrg>(`/api/admin/subdistricts/${id}`, { method: 'PUT', body: { name }, idempotencyKey })
}

export function createCommunity(body: CommunityInput, idempotencyKey?: string) {
  return request<DistrictOrg>('/api/admin/communities', { method: 'POST', body, idempotencyKey })
}

export function updateCommunity(id: number, body: CommunityUpdate, idempotencyKey?: string) {
  return request<DistrictOrg>(`/api/admin/communities/${id}`, { method: 'PUT', body, idempotencyKey })
}

/** A community's grids and buildings: staff of it, or the admin for any community. */
export function getCommunityOrg(communityId: number) {
  return request<CommunityOrg>('/api/staff/org', { query: { communityId } })
}

export function createGrid(body: GridInput, idempotencyKey?: string) {
  return request<CommunityOrg>('/api/staff/grids', { method: 'POST', body, idempotencyKey })
}

export function renameGrid(id: number, name: string, idempotencyKey?: string) {
  return request<CommunityOrg>(`/api/staff/grids/${id}`, { method: 'PUT', body: { name }, idempotencyKey })
}

/** A building with its units and their room numbers (each becomes a household address residents can pick). */
export function createBuilding(body: BuildingRequest, idempotencyKey?: string) {
  return request<CommunityOrg>('/api/staff/buildings', { method: 'POST', body, idempotencyKey })
}

export function updateBuilding(id: number, body: BuildingUpdate, idempotencyKey?: string) {
  return request<CommunityOrg>(`/api/staff/buildings/${id}`, { method: 'PUT', body, idempotencyKey })
}

/** Adds room numbers to one unit of a building (a new unit name starts a unit); those already there stay as they are. */
export function addFlats(buildingId: number, body: FlatsInput, idempotencyKey?: string) {
  return request<CommunityOrg>(`/api/staff/buildings/${buildingId}/flats`, { method: 'POST', body, idempotencyKey })
}
