import type { z } from 'zod'
import type {
  Booking,
  Closure,
  Room,
  RoomFields,
  RoomPatch,
  Station,
  StationFields,
  StationPatch,
  ZCheckInCode,
  ZCreateClosureRequest,
  ZCreateClosureResponse,
  ZStaffBookingQuery,
} from '../../../types/api/booking'
import type { BookingAction } from '../../../types/api/labels'
import type { QueryClient } from '@tanstack/react-query'
import { bookingKeys } from '../booking'
import { request } from '../http'

/** What a staff member prints and posts at a room's door: the text of its check-in QR code. */
type CheckInCode = z.infer<typeof ZCheckInCode>
/** A new closure, and how many bookings inside it were cancelled. */
type CreatedClosure = z.infer<typeof ZCreateClosureResponse>

/** pending: the approval queue; day: every booking of one day. */
export type StaffBookingView = z.infer<typeof ZStaffBookingQuery>['view']
export type StaffBookingFilter = Omit<z.infer<typeof ZStaffBookingQuery>, 'communityId'> & { communityId: number }

/** The staff writes to one booking, by the action the server offers for it. */
export type StaffBookingAction = Extract<BookingAction, 'approve' | 'reject' | 'staff_check_in' | 'staff_cancel'>

/** The body of POST /api/staff/rooms/:id/closures: instants with their offset (+08:00). */
export type ClosureInput = z.input<typeof ZCreateClosureRequest>

/**
 * Query keys. Everything staff see of bookings, stations and rooms starts with 'staff-booking', so one
 * invalidation after a write refreshes every staff page (the holiday calendar's keys are orgKeys').
 */
export const staffBookingKeys = {
  all: ['staff-booking'] as const,
  bookings: ['staff-booking', 'bookings'] as const,
  bookingList: (f: StaffBookingFilter) => ['staff-booking', 'bookings', f.communityId, f.view, f.date ?? null, f.stationId ?? null] as const,
  stations: (communityId: number) => ['staff-booking', 'stations', communityId] as const,
  checkInCode: (roomId: number) => ['staff-booking', 'check-in-code', roomId] as const,
  closures: (roomId: number) => ['staff-booking', 'closures', roomId] as const,
}

/**
 * After a staff write: every staff list, and what residents see of it — stations, week grids, bookings
 * (bookingKeys) and the station and community calendars of 活动预告 (keys starting with 'events').
 */
export function refreshAfterStaffWrite(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: staffBookingKeys.all })
  void queryClient.invalidateQueries({ queryKey: bookingKeys.all })
  void queryClient.invalidateQueries({ queryKey: ['events'] })
}

/* ----------------------------------------------------------------- bookings */

export async function listStaffBookings(f: StaffBookingFilter): Promise<Booking[]> {
  return (await request<{ items: Booking[] }>('/api/staff/bookings', { query: { communityId: f.communityId, view: f.view, date: f.date, stationId: f.stationId } })).items
}

const ACTION_PATHS: Record<StaffBookingAction, string> = { approve: 'approve', reject: 'reject', staff_check_in: 'check-in', staff_cancel: 'cancel' }

/** 通过 and 签到 send no body; 拒绝 and 取消 send the reason the booker will read. */
export function actOnBooking(id: number, action: StaffBookingAction, reason: string | undefined, idempotencyKey?: string) {
  const body = action === 'reject' || action === 'staff_cancel' ? { reason: reason ?? '' } : {}
  return request<Booking>(`/api/staff/bookings/${id}/${ACTION_PATHS[action]}`, { method: 'POST', body, idempotencyKey })
}

/* ----------------------------------------------------------------- stations and rooms */

export async function listStaffStations(communityId: number): Promise<Station[]> {
  return (await request<{ items: Station[] }>('/api/staff/stations', { query: { communityId } })).items
}

export function createStation(input: StationFields & { communityId: number }, idempotencyKey?: string) {
  return request<Station>('/api/staff/stations', { method: 'POST', body: input, idempotencyKey })
}

/** Changes the fields sent; the others keep their value. */
export function updateStation(id: number, patch: StationPatch, idempotencyKey?: string) {
  return request<Station>(`/api/staff/stations/${id}`, { method: 'PATCH', body: patch, idempotencyKey })
}

export function createRoom(input: RoomFields & { stationId: number }, idempotencyKey?: string) {
  return request<Room>('/api/staff/rooms', { method: 'POST', body: input, idempotencyKey })
}

/** Changes the fields sent (of the rules too, only those sent); the others keep their value. */
export function updateRoom(id: number, patch: RoomPatch, idempotencyKey?: string) {
  return request<Room>(`/api/staff/rooms/${id}`, { method: 'PATCH', body: patch, idempotencyKey })
}

export function getCheckInCode(roomId: number) {
  return request<CheckInCode>(`/api/staff/rooms/${roomId}/check-in-code`)
}

export async function listClosures(roomId: number): Promise<Closure[]> {
  return (await request<{ items: Closure[] }>(`/api/staff/rooms/${roomId}/closures`)).items
}

export function createClosure(roomId: number, input: ClosureInput, idempotencyKey?: string) {
  return request<CreatedClosure>(`/api/staff/rooms/${roomId}/closures`, { method: 'POST', body: input, idempotencyKey })
}

export async function deleteClosure(closureId: number, idempotencyKey?: string): Promise<void> {
  await request<null>(`/api/staff/closures/${closureId}`, { method: 'DELETE', idempotencyKey })
}
