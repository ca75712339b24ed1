/** API fixtures of 阵地预约, typed by the contract in types/api/booking.ts. */
import type { Booking, GridDay, Room, RoomRules, RoomWeek, Slot, Station, StationListItem } from '../../types/api/booking'
import type { SlotReason, SlotState } from '../../types/api/labels'
import { ROOM_RULES, TOOL_RULES } from '../fixtures/room-rules'

export const WEEK_START = '2026-11-16'
/** The days of the fixture week, Monday 16 November to Sunday 22 November 2026. */
export const WEEK_DAYS = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22']

export function rules(overrides: Partial<RoomRules> = {}): RoomRules {
  return { ...ROOM_RULES, ...overrides }
}

export function room(overrides: Partial<Room> = {}): Room {
  return {
    id: 5,
    stationId: 1,
    communityId: 7,
    kind: 'room',
    name: '文体活动室',
    category: '文体活动',
    capacity: 40,
    facilities: ['音响', '乒乓球台'],
    description: '排练、乒乓球、健身操。',
    photos: [],
    active: true,
    rules: rules(),
    ...overrides,
  }
}

export function tool(overrides: Partial<Room> = {}): Room {
  return room({
    id: 9,
    kind: 'tool',
    name: '人字梯',
    category: '共享工具',
    capacity: 1,
    facilities: [],
    description: '在驿站开放时间内领取和归还，用完请擦拭干净。',
    rules: rules(TOOL_RULES),
    ...overrides,
  })
}

const pad = (n: number) => String(n).padStart(2, '0')
const at = (date: string, minutes: number) => `${date}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00+08:00`

/** The reason the server gives with each state unless a fixture says otherwise. */
const USUAL_REASON: Record<SlotState, SlotReason | null> = { free: null, past: 'past', taken: 'booked', mine: 'mine', closed: 'closure' }

/** A cell's state, with the usual reason, or a state and a reason. */
export type CellState = SlotState | Pick<Slot, 'state' | 'reason'>
const cellState = (s: CellState | undefined): Pick<Slot, 'state' | 'reason'> => (typeof s === 'object' ? s : { state: s ?? 'free', reason: USUAL_REASON[s ?? 'free'] })

/**
 * A day of 30-minute cells in the windows (HH:MM pairs), each free unless `states` names its start (HH:MM).
 */
export function gridDay(date: string, windows: [string, string][], states: Record<string, CellState> = {}, overrides: Partial<GridDay> = {}): GridDay {
  const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3))
  const slots: Slot[] = windows.flatMap(([opens, closes]) => {
    const cells: Slot[] = []
    for (let m = minutes(opens); m + 30 <= minutes(closes); m += 30) {
      const clock = `${pad(Math.floor(m / 60))}:${pad(m % 60)}`
      cells.push({ startsAt: at(date, m), endsAt: at(date, m + 30), ...cellState(states[clock]) })
    }
    return cells
  })
  return {
    date,
    dayKind: 'workday',
    holidayName: null,
    hours: windows.length ? windows.map(([o, c]) => `${o}–${c}`).join('、') : null,
    slots,
    closure: null,
    ...overrides,
  }
}

const CENTER: [string, string][] = [
  ['08:30', '11:30'],
  ['13:30', '20:00'],
]

/**
 * The week of 文体活动室 as the resident sees it on Tuesday 17 November at 10:00: Monday is over, Tuesday's
 * first cells too and the next ones are inside the hour's notice, Thursday has others' and her own bookings,
 * Friday a closure, Saturday a make-up working day and Sunday a holiday.
 */
export function roomWeek(overrides: Partial<RoomWeek> = {}): RoomWeek {
  const past = (clocks: string[]) => Object.fromEntries(clocks.map((c) => [c, 'past' as const]))
  const notice = { state: 'closed', reason: 'notice' } as const
  const allPast = ['08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30', '17:00', '17:30', '18:00', '18:30', '19:00', '19:30']
  return {
    room: room(),
    stationName: '联通社区党群服务中心',
    weekStart: WEEK_START,
    days: [
      gridDay('2026-11-16', CENTER, past(allPast)),
      gridDay('2026-11-17', CENTER, { ...past(['08:30', '09:00', '09:30']), '10:00': notice, '10:30': notice, '11:00': notice }),
      gridDay('2026-11-18', CENTER),
      gridDay('2026-11-19', CENTER, { '14:00': 'taken', '14:30': 'taken', '16:00': 'mine', '16:30': 'mine' }),
      gridDay('2026-11-20', CENTER, { '13:30': 'closed', '14:00': 'closed' }, { closure: '消防检查' }),
      gridDay('2026-11-21', CENTER, {}, { dayKind: 'makeup_workday', holidayName: '元旦' }),
      gridDay('2026-11-22', [['09:00', '17:00']], {}, { dayKind: 'holiday', holidayName: '元旦' }),
    ],
    canBook: true,
    cannotBookReason: null,
    ...overrides,
  }
}

/** A tool's week: one whole-day cell per open day; the grid station is shut on Sunday. */
export function toolWeek(overrides: Partial<RoomWeek> = {}): RoomWeek {
  const dayCell = (date: string, state: SlotState, next: string) => ({ startsAt: `${date}T00:00:00+08:00`, endsAt: `${next}T00:00:00+08:00`, ...cellState(state) })
  const days = WEEK_DAYS.map((date, i) => {
    const next = i < 6 ? WEEK_DAYS[i + 1]! : '2026-11-23'
    const state: SlotState = i < 1 ? 'past' : i === 4 ? 'taken' : 'free'
    return {
      date,
      dayKind: i >= 5 ? ('weekend' as const) : ('workday' as const),
      holidayName: null,
      hours: i === 6 ? null : '09:00–11:30、14:00–19:00',
      slots: i === 6 ? [] : [dayCell(date, state, next)],
      closure: null,
    }
  })
  return { room: tool(), stationName: '联通社区第三网格党群服务驿站', weekStart: WEEK_START, days, canBook: true, cannotBookReason: null, ...overrides }
}

export function booking(overrides: Partial<Booking> = {}): Booking {
  return {
    id: 31,
    communityId: 7,
    room: { id: 5, name: '文体活动室', kind: 'room' },
    station: { id: 1, name: '联通社区党群服务中心', address: '联通路 12 号', phone: '0456-8200777' },
    startsAt: '2026-11-19T09:00:00+08:00',
    endsAt: '2026-11-19T10:30:00+08:00',
    purpose: '老年书法小组练字',
    attendees: 8,
    isPublic: false,
    status: 'confirmed',
    phase: 'upcoming',
    bookerName: '张秀兰',
    bookerPhone: '13845675678',
    rejectReason: null,
    cancelReason: null,
    checkedInAt: null,
    cancelDeadline: '2026-11-19T07:00:00+08:00',
    createdAt: '2026-11-17T10:05:00+08:00',
    actions: ['cancel'],
    ...overrides,
  }
}

export function stationItem(overrides: Partial<StationListItem> = {}): StationListItem {
  return {
    id: 1,
    communityId: 7,
    communityName: '联通社区',
    name: '联通社区党群服务中心',
    kind: 'center',
    address: '联通路 12 号',
    phone: '0456-8200777',
    latitude: 50.24,
    longitude: 127.5,
    hoursToday: '08:30–11:30、13:30–20:00',
    openNow: true,
    roomCount: 4,
    toolCount: 0,
    distanceMeters: null,
    imageUrl: '/api/pictures/station-center.png',
    thumbnailUrl: '/api/pictures/station-center.thumb.png',
    ...overrides,
  }
}

export function stationDetail(overrides: Partial<Station> = {}): Station {
  const weekday = [1, 2, 3, 4, 5].flatMap((d) => [
    { dayOfWeek: d, opens: '09:00', closes: '11:30' },
    { dayOfWeek: d, opens: '14:00', closes: '19:00' },
  ])
  return {
    ...stationItem({ id: 3, name: '联通社区第三网格党群服务驿站', kind: 'grid_station', address: '联通路第三网格联通小区门口', hoursToday: '09:00–11:30、14:00–19:00', roomCount: 1, toolCount: 2 }),
    photos: [],
    weeklyHours: [...weekday, { dayOfWeek: 6, opens: '09:00', closes: '16:00' }],
    nextDays: [
      { date: '2026-09-30', dayKind: 'workday', holidayName: null, hours: '09:00–11:30、14:00–19:00' },
      { date: '2026-10-01', dayKind: 'holiday', holidayName: '国庆节', hours: '09:00–16:00' },
      { date: '2026-10-02', dayKind: 'holiday', holidayName: '国庆节', hours: '09:00–16:00' },
      { date: '2026-10-03', dayKind: 'holiday', holidayName: '国庆节', hours: '09:00–16:00' },
      { date: '2026-10-04', dayKind: 'weekend', holidayName: null, hours: null },
      { date: '2026-10-05', dayKind: 'workday', holidayName: null, hours: '09:00–11:30、14:00–19:00' },
      { date: '2026-10-10', dayKind: 'makeup_workday', holidayName: '国庆节', hours: '09:00–11:30、14:00–19:00' },
    ],
    rooms: [room({ id: 6, stationId: 3, name: '议事室', category: '会议培训', capacity: 12, facilities: ['茶水', '桌椅'], rules: rules({ requiresApproval: true, maxActivePerPerson: 1 }) })],
    tools: [tool({ id: 9, stationId: 3 }), tool({ id: 10, stationId: 3, name: '轮椅' })],
    ...overrides,
  }
}
