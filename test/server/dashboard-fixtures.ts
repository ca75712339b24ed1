import type { Db } from '../../server/src/db/client'
import {
  activities,
  activitySignups,
  bookings,
  buildings,
  communities,
  grids,
  households,
  partyReports,
  persons,
  pointsLedger,
  roleGrants,
  roomClosures,
  rooms,
  stations,
  subdistricts,
  unitMembers,
  units,
  users,
  volunteerProfiles,
  wishes,
} from '../../server/src/db/schema'

/*
 * A small district written straight into the database with every instant chosen, so that each dashboard figure
 * has an answer worked out by hand (test/server/dashboard.test.ts). Two communities; the range the tests ask for
 * is 2026-10-01…2026-10-11, which holds the 国庆 holidays (1–7), two working days, the 调休 Saturday (10) and a
 * Sunday (11). Not a test file itself.
 */

/** An instant given as a China day and clock time. */
export const at = (day: string, clock = '00:00') => new Date(`${day}T${clock}:00+08:00`)

/** Mon–Fri 09:00–12:00 and 14:00–18:00 (7 h), Saturday 09:00–17:00 (8 h), closed on Sunday. */
const WEEKLY = [1, 2, 3, 4, 5].flatMap((d) => [
  { dayOfWeek: d, opens: '09:00', closes: '12:00' },
  { dayOfWeek: d, opens: '14:00', closes: '18:00' },
]).concat([{ dayOfWeek: 6, opens: '09:00', closes: '17:00' }])

export type DashboardWorld = Awaited<ReturnType<typeof seedDashboardWorld>>

export async function seedDashboardWorld(db: Db) {
  const [sub] = await db.insert(subdistricts).values({ district: '爱辉区', name: '测试街道' }).returning()
  const [c1, c2] = await db.insert(communities).values([
    { subdistrictId: sub!.id, name: '甲社区', address: '甲路1号' },
    { subdistrictId: sub!.id, name: '乙社区', address: '乙路1号' },
  ]).returning()
  const community = async (c: typeof c1) => {
    const [grid] = await db.insert(grids).values({ communityId: c!.id, name: '第一网格' }).returning()
    const [building] = await db.insert(buildings).values({ communityId: c!.id, gridId: grid!.id, estate: '测试小区', name: '1号楼' }).returning()
    return building!
  }
  const b1 = await community(c1)
  const b2 = await community(c2)
  let room = 100
  const household = async (c: typeof c1, b: typeof b1) =>
    (await db.insert(households).values({ communityId: c!.id, buildingId: b.id, unitNo: '1单元', roomNo: String(++room) }).returning())[0]!
  const [h1, h2, h3, h5] = [await household(c1, b1), await household(c1, b1), await household(c1, b1), await household(c1, b1)]
  const h4 = await household(c2, b2)

  let n = 0
  /** A person with an account (and the roles given). */
  const person = async (c: typeof c1, h: { id: number } | null, roles: { role: 'resident' | 'staff' | 'admin' | 'volunteer' | 'party_member'; communityId?: number }[] = [{ role: 'resident' }]) => {
    const [p] = await db.insert(persons).values({ communityId: c!.id, householdId: h?.id ?? null, name: `居民${++n}` }).returning()
    const [u] = await db.insert(users).values({ personId: p!.id, communityId: c!.id, displayName: p!.name }).returning()
    if (roles.length) await db.insert(roleGrants).values(roles.map((r) => ({ userId: u!.id, role: r.role, communityId: r.communityId ?? null })))
    return { personId: p!.id, userId: u!.id, householdId: h?.id ?? null }
  }
  const staff1 = await person(c1, null, [{ role: 'resident' }, { role: 'staff', communityId: c1!.id }])
  const staff2 = await person(c2, null, [{ role: 'resident' }, { role: 'staff', communityId: c2!.id }])
  const admin = await person(c1, null, [{ role: 'admin' }])
  const resident = await person(c1, h5)
  const p1 = await person(c1, h1)
  const p2 = await person(c1, h1)
  const p3 = await person(c1, h2)
  const p4 = await person(c1, h3)
  const [v1, v2, v3, v4] = [await person(c1, h1), await person(c1, h2), await person(c1, h3), await person(c1, h3)]
  const v5 = await person(c2, h4)

  /* ------------------------------------------------------------ wishes */
  const wish = (c: typeof c1, category: typeof wishes.$inferInsert.category, createdAt: Date, openedAt: Date | null, confirmedAt: Date | null, status: typeof wishes.$inferInsert.status) => ({
    communityId: c!.id, wisherPersonId: p1.personId, postedByUserId: p1.userId, category, title: '心愿', description: '说明', valueYuan: 50,
    contactPreference: 'phone' as const, textModeration: 'pass' as const, status, createdAt, openedAt, confirmedAt,
  })
  await db.insert(wishes).values([
    wish(c1, 'daily_goods', at('2026-10-02', '09:00'), at('2026-10-02', '12:00'), at('2026-10-05', '12:00'), 'confirmed'), // W1: 3 days
    wish(c1, 'daily_goods', at('2026-10-03', '09:00'), at('2026-10-03', '10:00'), null, 'open'), // W2
    wish(c1, 'education', at('2026-10-11', '23:30'), null, null, 'rejected'), // W3: the range's last half hour
    wish(c1, 'elderly_care', at('2026-09-20', '09:00'), at('2026-09-20', '10:00'), at('2026-10-08', '22:00'), 'confirmed'), // W4: 18.5 days
    wish(c1, 'health', at('2026-10-10', '07:00'), at('2026-10-10', '08:00'), at('2026-11-01', '08:00'), 'confirmed'), // W5: confirmed after the range
    wish(c1, 'health', at('2026-10-12', '00:30'), null, null, 'pending'), // W6: just after the range
    wish(c1, 'other', at('2025-11-15', '09:00'), at('2025-11-15', '10:00'), at('2025-12-01', '09:00'), 'confirmed'), // W8
    wish(c1, 'other', at('2025-11-01', '00:30'), null, null, 'pending'), // W9: November in China, still October in UTC
    wish(c1, 'other', at('2025-10-31', '23:30'), null, null, 'pending'), // before the trend's first month
    wish(c2, 'other', at('2026-10-05', '09:00'), at('2026-10-05', '10:00'), at('2026-10-06', '10:00'), 'confirmed'), // W7
  ])

  /* ------------------------------------------------------------ stations, rooms, closures, bookings */
  const station = async (c: typeof c1, name: string) =>
    (await db.insert(stations).values({ communityId: c!.id, kind: 'center', name, address: '地址', latitude: 50.2, longitude: 127.5, weeklyHours: WEEKLY }).returning())[0]!
  const s1 = await station(c1, '甲党群服务中心')
  const s2 = await station(c2, '乙党群服务中心')
  const [r1, r2, t1] = await db.insert(rooms).values([
    { communityId: c1!.id, stationId: s1.id, name: '会议室', category: '会议培训', capacity: 20 },
    { communityId: c1!.id, stationId: s1.id, name: '活动室', category: '文体活动', capacity: 30 },
    { communityId: c1!.id, stationId: s1.id, name: '电钻', category: '共享工具', capacity: 1, kind: 'tool', slotMinutes: 1440, minDurationMinutes: 1440, maxDurationMinutes: 1440 },
  ]).returning()
  const [r3] = await db.insert(rooms).values({ communityId: c2!.id, stationId: s2.id, name: '多功能厅', category: '多功能厅', capacity: 50 }).returning()
  await db.insert(roomClosures).values([
    { communityId: c1!.id, roomId: r1!.id, startsAt: at('2026-10-09', '14:00'), endsAt: at('2026-10-09', '18:00'), reason: '检修', createdByUserId: staff1.userId }, // −4 h
    { communityId: c1!.id, roomId: r1!.id, startsAt: at('2026-10-08', '11:00'), endsAt: at('2026-10-08', '15:00'), reason: '消杀', createdByUserId: staff1.userId }, // −2 h (over lunch)
    { communityId: c1!.id, roomId: r1!.id, startsAt: at('2026-10-08', '11:30'), endsAt: at('2026-10-08', '12:00'), reason: '重叠', createdByUserId: staff1.userId }, // inside the one above
    { communityId: c1!.id, roomId: r2!.id, startsAt: at('2026-09-30', '20:00'), endsAt: at('2026-10-01', '10:00'), reason: '布置', createdByUserId: staff1.userId }, // −1 h
  ])
  const booking = (roomId: number, c: typeof c1, day: string, from: string, to: string, status: typeof bookings.$inferInsert.status, endDay = day) => ({
    communityId: c!.id, roomId, bookerUserId: p1.userId, startsAt: at(day, from), endsAt: at(endDay, to), blockedUntil: at(endDay, to), purpose: '开会', attendees: 5, status,
  })
  await db.insert(bookings).values([
    booking(r1!.id, c1, '2026-10-02', '09:00', '11:00', 'confirmed'), // B1 2 h
    booking(r1!.id, c1, '2026-10-08', '09:00', '10:30', 'checked_in'), // B2 1.5 h
    booking(r1!.id, c1, '2026-10-10', '14:00', '16:00', 'no_show'), // B3 2 h
    booking(r1!.id, c1, '2026-10-09', '09:00', '10:00', 'cancelled'),
    booking(r1!.id, c1, '2026-10-09', '10:00', '11:00', 'rejected'),
    booking(r1!.id, c1, '2026-10-12', '09:00', '10:00', 'confirmed'), // B6: after the range, in October
    booking(r1!.id, c1, '2026-05-06', '09:00', '10:00', 'confirmed'), // B11: May
    booking(r2!.id, c1, '2026-10-03', '10:00', '13:00', 'confirmed'), // B7 3 h
    booking(r2!.id, c1, '2026-10-09', '15:00', '16:00', 'pending'),
    booking(t1!.id, c1, '2026-10-02', '00:00', '00:00', 'confirmed', '2026-10-03'), // a tool: not a room
    booking(r3!.id, c2, '2026-10-05', '10:00', '11:00', 'confirmed'), // B10 (乙)
  ])

  /* ------------------------------------------------------------ volunteering */
  const profile = (v: typeof v1, c: typeof c1, createdAt: Date) => ({ userId: v.userId, personId: v.personId, communityId: c!.id, realName: '志愿者', consentVersion: 'v1', consentedAt: createdAt, createdAt })
  await db.insert(volunteerProfiles).values([
    profile(v1, c1, at('2026-10-03', '10:00')),
    profile(v2, c1, at('2025-06-01', '10:00')),
    profile(v3, c1, at('2026-10-11', '23:00')),
    profile(v4, c1, at('2026-10-12', '01:00')),
    profile(v5, c2, at('2026-10-04', '10:00')),
  ])
  const activity = async (c: typeof c1, day: string, from: string, to: string, over: Partial<typeof activities.$inferInsert> = {}) =>
    (await db.insert(activities).values({ communityId: c!.id, title: '活动', place: '中心', startsAt: at(day, from), endsAt: at(day, to), capacity: 20, ...over }).returning())[0]!
  const a0 = await activity(c1, '2026-03-01', '09:00', '10:00')
  const a1 = await activity(c1, '2026-10-05', '09:00', '12:00')
  const a2 = await activity(c1, '2026-10-09', '14:00', '16:00')
  const a3 = await activity(c1, '2026-10-06', '09:00', '10:00', { cancelledAt: at('2026-10-01'), cancelReason: '下雨' })
  const a4 = await activity(c1, '2026-10-07', '09:00', '10:00', { published: false })
  const a5 = await activity(c1, '2026-10-12', '09:00', '10:00')
  const a6 = await activity(c2, '2026-10-05', '09:00', '12:00')
  const a7 = await activity(c2, '2026-03-01', '09:00', '10:00')
  const signup = (a: typeof a1, v: typeof v1, status: typeof activitySignups.$inferInsert.status, over: Partial<typeof activitySignups.$inferInsert> = {}) => ({
    activityId: a.id, communityId: a.communityId, userId: v.userId, personId: v.personId, status, startsAt: a.startsAt, endsAt: a.endsAt, ...over,
  })
  const confirmed = (minutes: number, when: Date) => ({ checkedInAt: null, confirmedMinutes: minutes, confirmedAt: when, confirmedByUserId: staff1.userId })
  await db.insert(activitySignups).values([
    // Earlier service: V1 98.3 h, V2 299.2 h, V5 598.3 h before the range.
    signup(a0, v1, 'accepted', confirmed(5900, at('2026-03-01', '12:00'))),
    signup(a0, v2, 'accepted', confirmed(17_950, at('2026-03-01', '12:00'))),
    signup(a1, v1, 'accepted', { checkedInAt: at('2026-10-05', '09:00'), ...{ confirmedMinutes: 180, confirmedAt: at('2026-10-05', '13:00'), confirmedByUserId: staff1.userId } }),
    signup(a1, v2, 'accepted', { checkedInAt: at('2026-10-05', '09:00'), confirmedMinutes: 180, confirmedAt: at('2026-10-05', '13:00'), confirmedByUserId: staff1.userId }),
    signup(a1, v3, 'no_show'),
    signup(a1, v4, 'cancelled', { cancelledAt: at('2026-10-01') }),
    signup(a1, v5, 'waitlisted'),
    signup(a2, v1, 'accepted', confirmed(120, at('2026-10-09', '17:00'))),
    signup(a2, v3, 'accepted'),
    signup(a3, v2, 'accepted'),
    signup(a4, v2, 'accepted', { checkedInAt: at('2026-10-07', '09:00') }),
    signup(a5, v4, 'accepted', confirmed(60, at('2026-10-12', '11:00'))),
    signup(a6, v5, 'accepted', confirmed(120, at('2026-10-05', '13:00'))),
    signup(a7, v5, 'accepted', confirmed(35_900, at('2026-03-01', '12:00'))),
  ])

  /* ------------------------------------------------------------ points */
  let key = 0
  const row = (c: typeof c1, h: { id: number }, personId: number | null, amount: number, reason: typeof pointsLedger.$inferInsert.reason, createdAt: Date, over: Partial<typeof pointsLedger.$inferInsert> = {}) => ({
    communityId: c!.id, householdId: h.id, personId, amount, reason, sourceType: 'test', sourceId: String(++key), eventKey: `test:${key}`, title: '测试', householdBalanceAfter: 100, createdAt, ...over,
  })
  const redemption = (id: number) => ({ sourceType: 'redemption', sourceId: String(id) })
  await db.insert(pointsLedger).values([
    row(c1, h1, p1.personId, 20, 'rule_award', at('2026-10-05', '10:00'), { rule: 'wish_fulfilled' }),
    row(c1, h1, p1.personId, 30, 'rule_award', at('2026-10-05', '11:00'), { rule: 'volunteer_hour' }),
    row(c1, h2, p3.personId, 10, 'rule_award', at('2026-10-09', '11:00'), { rule: 'volunteer_hour' }),
    row(c1, h2, p3.personId, 50, 'staff_award', at('2026-10-06', '11:00')),
    row(c1, h1, p2.personId, -5, 'staff_deduction', at('2026-10-06', '12:00')),
    row(c1, h1, p1.personId, -40, 'redemption', at('2026-10-07', '10:00'), redemption(1)),
    row(c1, h1, p1.personId, 40, 'redemption_refund', at('2026-10-08', '10:00'), redemption(1)),
    row(c1, h2, p3.personId, -25, 'redemption', at('2026-10-08', '10:00'), redemption(2)),
    row(c1, h3, p4.personId, -15, 'redemption', at('2026-10-10', '10:00'), redemption(3)),
    row(c1, h3, p4.personId, 15, 'redemption_refund', at('2026-10-20', '10:00'), redemption(3)), // refunded after the range
    row(c1, h3, null, -7, 'expiry', at('2026-10-01', '00:00')),
    row(c1, h5, null, -3, 'expiry', at('2026-10-01', '00:00')), // h5 has no movement of its own
    row(c1, h2, p3.personId, -12, 'redemption', at('2026-09-28', '10:00'), redemption(4)),
    row(c1, h2, p3.personId, 12, 'redemption_refund', at('2026-10-02', '10:00'), redemption(4)), // refund in the range of a September redemption
    row(c1, h1, p1.personId, 8, 'rule_award', at('2026-10-12', '10:00'), { rule: 'council_meeting' }),
    row(c1, h1, p1.personId, 5, 'rule_award', at('2026-01-15', '10:00'), { rule: 'environment_drive' }),
    row(c2, h4, v5.personId, 6, 'rule_award', at('2026-10-05', '13:00'), { rule: 'volunteer_hour' }),
  ])

  /* ------------------------------------------------------------ 双报到 */
  const members = [await person(c1, null, []), await person(c1, null, []), await person(c1, null, []), await person(c1, null, []), await person(c1, null, [])]
  const report = (m: typeof p1, status: typeof partyReports.$inferInsert.status, createdAt: Date, decidedAt: Date | null) => ({
    userId: m.userId, personId: m.personId, communityId: c1!.id, workplace: '区政府', partyOrganisation: '区直机关党委', status, createdAt, decidedAt,
  })
  await db.insert(partyReports).values([
    report(members[0]!, 'approved', at('2026-08-20'), at('2026-09-01')), // in force
    report(members[1]!, 'approved', at('2026-10-01'), at('2026-10-20')), // approved after the range
    report(members[2]!, 'revoked', at('2026-08-01'), at('2026-10-25')), // revoked after the range: in force at its end
    report(members[3]!, 'revoked', at('2026-08-01'), at('2026-10-05')), // revoked within it
    report(members[4]!, 'pending', at('2026-10-02'), null),
  ])
  const [u1, , , u4] = await db.insert(units).values([
    { communityId: c1!.id, name: '区医院', status: 'approved', decidedAt: at('2026-09-01') },
    { communityId: c1!.id, name: '区税务局', status: 'approved', decidedAt: at('2026-10-20') },
    { communityId: c1!.id, name: '区图书馆', status: 'pending' },
    { communityId: c1!.id, name: '区档案馆', status: 'approved', decidedAt: at('2026-05-01') },
  ]).returning()
  const [m1, m2, m3] = [await person(c1, null, []), await person(c1, null, []), await person(c1, null, [])]
  await db.insert(unitMembers).values([
    { unitId: u1!.id, userId: m1.userId, name: '张医生', role: 'admin', joinedAt: at('2026-09-02') },
    { unitId: u1!.id, userId: m2.userId, name: '李护士', role: 'member', joinedAt: at('2026-10-03') },
    { unitId: u1!.id, userId: m3.userId, name: '王药师', role: 'member', joinedAt: at('2026-10-15') }, // joined after the range
  ])

  return { c1: c1!, c2: c2!, s1, s2, r1: r1!, r2: r2!, r3: r3!, u1: u1!, u4: u4!, staff1, staff2, admin, resident }
}
