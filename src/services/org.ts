import type { CalendarDay, CalendarDayKind, CalendarStatus, DeleteCalendarDayResponse, HomeResponse } from '../../types/api/org'
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
