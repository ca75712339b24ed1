/** API fixtures of the staff side of 阵地预约, typed by the contract in types/api/booking.ts. */
import type { Booking, Room, RoomRules, Station } from '../../types/api/booking'
import { TOOL_RULES } from '../fixtures/room-rules'
import { room as residentRoom, rules as residentRules, tool as residentTool } from './booking-fixtures'
import { me } from './support'

/** A 网格员 of 联通社区 (7). */
export const staffMember = me({ name: '赵敏', roles: ['staff'], staffCommunityIds: [7] })

export const CENTER_HOURS: Station['weeklyHours'] = [
  ...[1, 2, 3, 4, 5].flatMap((d) => [
    { dayOfWeek: d, opens: '08:30', closes: '11:30' },
    { dayOfWeek: d, opens: '13:30', closes: '20:00' },
  ]),
  ...[6, 7].map((d) => ({ dayOfWeek: d, opens: '09:00', closes: '17:00' })),
]

/** The resident fixtures' rules, for a room that needs approval (the staff pages' usual case). */
export function rules(overrides: Partial<RoomRules> = {}): RoomRules {
  return residentRules({ requiresApproval: true, ...overrides })
}

/** The 会议培训室 of 联通社区's 党群服务中心, as staff see it (needs approval). */
export function room(overrides: Partial<Room> = {}): Room {
  return residentRoom({
    id: 11,
    name: '会议培训室',
    category: '会议培训',
    capacity: 30,
    facilities: ['投影仪', '麦克风'],
    description: '二楼东侧，适合议事会、培训和讲座。',
    rules: rules(),
    ...overrides,
  })
}

/** The station's 人字梯, lent by the day. */
export function tool(overrides: Partial<Room> = {}): Room {
  return residentTool({ id: 21, description: '在驿站开放时间内领取和归还。', rules: rules({ ...TOOL_RULES, requiresApproval: false }), ...overrides })
}

/** A station as GET /api/staff/stations lists it: the 党群服务中心 of 联通社区 with one room and one tool. */
export function staffStation(overrides: Partial<Station> = {}): Station {
  return {
    id: 1,
    communityId: 7,
    communityName: '联通社区',
    name: '联通社区党群服务中心',
    kind: 'center',
    address: '联通路12号',
    phone: '0456-8200777',
    latitude: 36.0662,
    longitude: 120.3826,
    hoursToday: '08:30–11:30、13:30–20:00',
    openNow: true,
    roomCount: 1,
    toolCount: 1,
    distanceMeters: null,
    imageUrl: '/api/files/station-301.jpg',
    thumbnailUrl: '/api/files/station-301.jpg?w=320',
    photos: [{ id: 301, url: '/api/files/station-301.jpg' }],
    weeklyHours: CENTER_HOURS,
    nextDays: [],
    rooms: [room()],
    tools: [tool()],
    ...overrides,
  }
}

/** A booking as staff see it: a pending one in the approval queue unless overridden. */
export function booking(overrides: Partial<Booking> = {}): Booking {
  return {
    id: 501,
    communityId: 7,
    room: { id: 11, name: '会议培训室', kind: 'room' },
    station: { id: 1, name: '联通社区党群服务中心', address: '联通路12号', phone: '0456-8200777' },
    startsAt: '2026-11-18T14:00:00+08:00',
    endsAt: '2026-11-18T16:00:00+08:00',
    purpose: '楼道议事会',
    attendees: 12,
    isPublic: false,
    status: 'pending',
    phase: 'upcoming',
    bookerName: '王秀兰',
    bookerPhone: '13812345678',
    rejectReason: null,
    cancelReason: null,
    checkedInAt: null,
    cancelDeadline: '2026-11-18T12:00:00+08:00',
    createdAt: '2026-11-16T09:30:00+08:00',
    actions: ['approve', 'reject', 'staff_cancel'],
    ...overrides,
  }
}
