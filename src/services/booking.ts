import type { z } from 'zod'
import type { Booking, BookingPage, CreateBookingRequest, RoomWeek, Station, StationList, ZMyBookingsQuery } from '../../types/api/booking'
import type { EventList } from '../../types/api/org'
import { request } from './http'
import type { Position } from './location'

/** 即将到来 or 历史, as GET /api/bookings/mine calls them. */
export type BookingScope = z.infer<typeof ZMyBookingsQuery>['scope']

/** Which stations a list shows: the caller's community (or one asked for), or the whole district (0). */
type StationScope = { communityId?: number }

/** Bookings per page of 我的预约. */
const BOOKING_PAGE_SIZE = 20

/**
 * Query keys. Everything a resident sees of 阵地预约 starts with 'bookings': after a booking is made or
 * cancelled, invalidating it refreshes the week grids, 我的预约 and the details. The 活动预告 calendar's key
 * (`events`, of a community or one station) starts with 'events': a public booking, a volunteer's sign-up (places
 * taken) and an organiser's write each invalidate ['events'] to refresh it.
 */
export const bookingKeys = {
  all: ['bookings'] as const,
  stations: (scope: StationScope, position: Position | null) =>
    ['bookings', 'stations', scope.communityId ?? null, position ? `${position.latitude},${position.longitude}` : null] as const,
  station: (id: number) => ['bookings', 'station', id] as const,
  weeks: (roomId: number) => ['bookings', 'week', roomId] as const,
  /** `date` null: the current week, as the server counts it. */
  week: (roomId: number, date: string | null) => ['bookings', 'week', roomId, date] as const,
  mine: (scope: BookingScope) => ['bookings', 'mine', scope] as const,
  detail: (id: number) => ['bookings', 'detail', id] as const,
  /** `month` null: the current month, as the server counts it. */
  events: (communityId: number | null, month: string | null, stationId: number | null) => ['events', communityId, month, 'station', stationId] as const,
}

export function listStations(scope: StationScope, position: Position | null) {
  return request<StationList>('/api/stations', {
    query: { communityId: scope.communityId, latitude: position?.latitude, longitude: position?.longitude },
  })
}

export function getStation(id: number) {
  return request<Station>(`/api/stations/${id}`)
}

/** The week of a room containing `date` (YYYY-MM-DD), or the current week. */
export function getRoomWeek(roomId: number, date: string | null) {
  return request<RoomWeek>(`/api/rooms/${roomId}/week`, { query: { date: date ?? undefined } })
}

export function createBooking(body: CreateBookingRequest, idempotencyKey?: string) {
  return request<Booking>('/api/bookings', { method: 'POST', body, idempotencyKey })
}

export function listMyBookings(scope: BookingScope, cursor?: string) {
  return request<BookingPage>('/api/bookings/mine', { query: { scope, cursor, limit: BOOKING_PAGE_SIZE } })
}

export function getBooking(id: number) {
  return request<Booking>(`/api/bookings/${id}`)
}

export function cancelBooking(id: number, reason: string, idempotencyKey?: string) {
  return request<Booking>(`/api/bookings/${id}/cancel`, { method: 'POST', body: { reason }, idempotencyKey })
}

/** Checks in with the text of the QR code at the room's door. */
export function checkIn(code: string, idempotencyKey?: string) {
  return request<Booking>('/api/bookings/check-in', { method: 'POST', body: { code }, idempotencyKey })
}

/** 活动预告 of a month (null: the current one), of the whole community or one station. */
export function listStationEvents(params: { communityId: number | null; month: string | null; stationId: number | null }) {
  return request<EventList>('/api/events', {
    query: { communityId: params.communityId ?? undefined, month: params.month ?? undefined, stationId: params.stationId ?? undefined },
  })
}
