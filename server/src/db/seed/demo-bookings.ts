import { eq } from 'drizzle-orm'
import type { Tx } from '../client'
import { bookings, rooms, stations } from '../schema'
import { addDays, chinaDate, chinaDayStartMs, DAY_MS, MINUTE_MS } from '../../../../types/time'
import { heldInterval } from '../../modules/booking/booking.domain'
import { officialCalendar } from '../../modules/org/calendar.domain'
import { openingDay } from '../../modules/org/org.domain'

/*
 * The demo's 阵地预约 at 联通社区: the resident persona's upcoming, pending, past and missed bookings; a week of
 * other residents' bookings so the grid shows taken slots; today's desk list for the staff persona; a public
 * 合唱团排练 for the 活动预告 calendar. Times are whole slots inside the centre's hours, relative to the seeding day.
 */

type Spec = { room: string; station?: string; day: number; from: string; to: string; purpose: string; attendees: number; by: 'resident' | number; isPublic?: boolean; pending?: boolean }


export async function seedDemoBookings(tx: Tx, opts: { now: Date; communityId: number; residentUserId: number; otherUserIds: number[]; staffUserId: number }) {
  const { now, communityId } = opts
  const roomRows = await tx
    .select({ id: rooms.id, name: rooms.name, stationName: stations.name, bufferMinutes: rooms.bufferMinutes, weeklyHours: stations.weeklyHours })
    .from(rooms)
    .innerJoin(stations, eq(stations.id, rooms.stationId))
    .where(eq(rooms.communityId, communityId))
  const center = `${'联通社区'}党群服务中心`
  const roomOf = (name: string, station = center) => roomRows.find((r) => r.name === name && r.stationName === station)!
  const calendar = officialCalendar()
  const today = chinaDate(now.getTime())
  const at = (day: number, clock: string) => {
    const [h, m] = clock.split(':').map(Number) as [number, number]
    return chinaDayStartMs(addDays(today, day)) + (h * 60 + m) * MINUTE_MS
  }
  const other = (i: number) => opts.otherUserIds[i % opts.otherUserIds.length]!

  const specs: Spec[] = [
    // The resident persona: one confirmed, one waiting for approval, one checked in, one missed.
    { room: '图书阅览室', day: 2, from: '14:00', to: '15:30', purpose: '老年书法小组练字', attendees: 8, by: 'resident' },
    { room: '会议培训室', day: 4, from: '14:30', to: '16:00', purpose: '3号楼加装电梯议事', attendees: 15, by: 'resident', pending: true },
    { room: '图书阅览室', day: -6, from: '14:00', to: '15:00', purpose: '老年书法小组练字', attendees: 6, by: 'resident' },
    { room: '文体活动室', day: -20, from: '15:00', to: '16:00', purpose: '太极拳练习', attendees: 10, by: 'resident' },
    // Others, so that the week has taken slots and staff have a queue.
    { room: '文体活动室', day: 1, from: '14:00', to: '16:00', purpose: '社区合唱团排练', attendees: 25, by: 0, isPublic: true },
    { room: '文体活动室', day: 3, from: '15:00', to: '17:00', purpose: '乒乓球友谊赛', attendees: 12, by: 1 },
    { room: '会议培训室', day: 1, from: '14:00', to: '15:00', purpose: '网格员业务培训', attendees: 20, by: 2 },
    { room: '会议培训室', day: 3, from: '14:00', to: '16:00', purpose: '物业服务协调会', attendees: 18, by: 3, pending: true },
    { room: '多功能厅', day: 5, from: '14:00', to: '16:00', purpose: '“邻聚力”文艺汇演彩排', attendees: 60, by: 4, isPublic: true, pending: true },
    { room: '图书阅览室', day: 1, from: '15:00', to: '16:30', purpose: '亲子绘本共读', attendees: 12, by: 5, isPublic: true },
    // Today at the centre, for the staff desk list.
    { room: '图书阅览室', day: 0, from: '09:00', to: '10:00', purpose: '读书分享会', attendees: 10, by: 6 },
    { room: '文体活动室', day: 0, from: '14:00', to: '15:00', purpose: '健身操', attendees: 15, by: 7 },
    { room: '会议培训室', day: 0, from: '18:30', to: '19:30', purpose: '楼长例会', attendees: 12, by: 8 },
  ]

  const rows: (typeof bookings.$inferInsert)[] = []
  for (const s of specs) {
    const room = roomOf(s.room, s.station)
    const start = at(s.day, s.from)
    const end = at(s.day, s.to)
    const day = openingDay(addDays(today, s.day), room.weeklyHours, calendar.get(addDays(today, s.day)) ?? null)
    // A spec falling outside the hours of that particular day (a holiday, a short weekend) is left out.
    if (!day.windows.some((w) => w.start <= start && end <= w.end)) continue
    const over = end <= now.getTime()
    const missed = s.day <= -14
    const status = missed ? 'no_show' : over ? 'checked_in' : s.pending ? 'pending' : 'confirmed'
    rows.push({
      communityId,
      roomId: room.id,
      bookerUserId: s.by === 'resident' ? opts.residentUserId : other(s.by),
      startsAt: new Date(start),
      endsAt: new Date(end),
      blockedUntil: new Date(heldInterval(start, end, room).end),
      purpose: s.purpose,
      attendees: s.attendees,
      isPublic: s.isPublic ?? false,
      status,
      decidedByUserId: s.pending ? null : opts.staffUserId,
      decidedAt: s.pending ? null : new Date(start - 3 * DAY_MS),
      checkedInAt: status === 'checked_in' ? new Date(start + 5 * MINUTE_MS) : null,
      noShowAt: status === 'no_show' ? new Date(start + 15 * MINUTE_MS) : null,
      createdAt: new Date(Math.min(now.getTime(), start) - 5 * DAY_MS),
    })
  }
  if (rows.length) await tx.insert(bookings).values(rows)
}
