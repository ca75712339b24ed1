import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, desc, eq, sql } from 'drizzle-orm'
import { activities, auditLog } from '../../server/src/db/schema'
import type { StaffOverview } from '../../types/api/people'
import type { AuditActors, AuditEntry, AuditPage } from '../../types/api/reports'
import type { Redemption } from '../../types/api/points'
import type { Booking, Room } from '../../types/api/booking'
import type { Activity, Roster } from '../../types/api/volunteer'
import type { Wish } from '../../types/api/wishes'
import type { StaffResidencyApplication } from '../../types/api/people'
import { type As, expectError, iso, ok } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'
import { createTestApp, type TestApp } from '../support/test-app'
import type { Account } from './booking-fixtures'
import { volunteerWorld } from './volunteer-fixtures'

/*
 * The audit trail: staff actions of each module, made through the API, leave their row (actor, action,
 * community, subject) in the transaction of the change, and the browse API shows them with a Chinese label and
 * summary, merged with the reads of personal data; filters, the keyset cursor, and who sees which community's
 * trail. Then the 工作台's two new counts.
 */

let t: TestApp
let w: ReturnType<typeof volunteerWorld>
let lianTong: number
let fuLong: number
let center: number
let staff: As
let staffUserId: number
let admin: As
let staffFuLong: As & { userId: number }
let resident: As
let residentPersonId: number

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = volunteerWorld(t)
  ;[lianTong, fuLong] = await Promise.all([w.look.communityId('联通社区'), w.look.communityId('福龙社区')])
  center = await w.stationId('联通社区党群服务中心')
  staff = await t.headersAs('staff')
  staffUserId = (await w.look.userOfPersona('staff')).id
  admin = await t.headersAs('admin')
  resident = await t.headersAs('resident')
  residentPersonId = (await w.look.person('张秀兰')).id
  staffFuLong = await w.staffOf(fuLong)
}, 60_000)
afterAll(() => t?.close())

const setClock = (day: string, clock: string) => {
  t.clock.now = new Date(iso(day, clock))
}

/** The newest audit row of an action on a subject. */
async function rowOf(action: string, subjectId: number | string) {
  const [row] = await t.handle.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.subjectId, String(subjectId))))
    .orderBy(desc(auditLog.id))
    .limit(1)
  return row
}

const trail = async (as: As, query = '') => ok<AuditPage>(await w.get(`/api/staff/audit${query ? `?${query}` : ''}`, as))

/** Every entry of a trail, page after page (the cursor passed back as it came). */
async function wholeTrail(as: As, query: string, limit = 7): Promise<AuditEntry[]> {
  const all: AuditEntry[] = []
  let cursor: string | null = null
  for (let pages = 0; pages < 200; pages++) {
    const page: AuditPage = await trail(as, `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    all.push(...page.items)
    if (!page.nextCursor) return all
    cursor = page.nextCursor
  }
  throw new Error('the trail did not end')
}

/** What the actions below left: the ids of their subjects. */
const made: Record<string, number> = {}
let volunteer: Account

describe('staff actions of each module leave their row and appear in the trail', () => {
  beforeAll(async () => {
    t.clock.now = NOW
    // 心愿: a resident posts, staff approve with another category.
    const wish = ok<Wish>(
      await w.post('/api/wishes', resident, { category: 'elderly_care', title: '想请人帮忙换灯泡', description: '卫生间的灯泡坏了，自己够不着，想请志愿者帮忙换一个。', photoIds: [], valueYuan: 20, contactPreference: 'phone', neededBy: null }),
      201,
    )
    ok<Wish>(await w.post(`/api/staff/wishes/${wish.id}/approve`, staff, { category: 'daily_goods' }))
    made.wish = wish.id

    // 预约: a room that needs approval; the resident books it, staff approve.
    const room: Room = await w.newRoom(staff, center, { rules: { requiresApproval: true }, name: '审计测试室' })
    made.room = room.id
    const booking = ok<Booking>(await w.book(resident, room.id, '2026-11-19', '14:00', '15:00'), 201)
    ok<Booking>(await w.post(`/api/staff/bookings/${booking.id}/approve`, staff, {}))
    made.booking = booking.id

    // 阵地: staff change the phone and the opening hours.
    ok(await w.patch(`/api/staff/stations/${center}`, staff, { phone: '0456-8123456', weeklyHours: [{ dayOfWeek: 1, opens: '08:30', closes: '17:30' }] }))

    // 志愿活动: one published and cancelled; one whose volunteer's hours are confirmed the next day.
    const cancelled = await w.newActivity(staff, lianTong, '2026-11-20', '09:00', '11:00', { title: '审计测试：取消的活动' })
    ok<Activity>(await w.post(`/api/staff/activities/${cancelled.id}/cancel`, staff, { reason: '天气原因' }))
    made.cancelledActivity = cancelled.id
    const served = await w.newActivity(staff, lianTong, '2026-11-18', '09:00', '11:00', { title: '审计测试：楼道清扫' })
    made.activity = served.id
    volunteer = await w.volunteer(lianTong)
    ok<Activity>(await w.signUp(volunteer, served.id))
    await w.scanned(staff, volunteer, served.id, '2026-11-18', '08:55')
    await w.scanned(staff, volunteer, served.id, '2026-11-18', '11:00')
    const signup = await w.signupRow(served.id, volunteer.userId)
    made.signup = signup.id
    setClock('2026-11-18', '11:30')
    ok<Roster>(await w.post(`/api/staff/signups/${signup.id}/confirm`, staff, {}))

    // 积分: an award the same day; 积分超市: the resident redeems, staff hand it out.
    made.ledgerEntry = ok<{ id: number }>(await w.post('/api/staff/points/adjustments', staff, { personId: residentPersonId, amount: 10, reason: '参加楼道清理' }), 201).id
    const haircut = await w.look.item(lianTong, '义剪一次')
    const redemption = ok<Redemption>(await w.post(`/api/shop/items/${haircut.id}/redeem`, resident, {}), 201)
    ok<Redemption>(await w.post('/api/staff/redemptions/verify', staff, { code: redemption.pickupCode }))
    made.redemption = redemption.id
    t.clock.now = NOW
  }, 60_000)

  it('records each change with its actor, community and subject', async () => {
    const expected: [string, number, Record<string, unknown>][] = [
      ['wish.approve', made.wish!, { subjectType: 'wish', detail: expect.objectContaining({ categoryFrom: 'elderly_care', categoryTo: 'daily_goods' }) }],
      ['booking.approve', made.booking!, { subjectType: 'booking', detail: expect.objectContaining({ room: '审计测试室' }) }],
      ['station.room_create', made.room!, { subjectType: 'room' }],
      ['station.update', center, { subjectType: 'station', detail: expect.objectContaining({ fields: ['phone', 'weeklyHours'] }) }],
      ['activity.cancel', made.cancelledActivity!, { subjectType: 'activity', detail: expect.objectContaining({ reason: '天气原因' }) }],
      ['attendance.confirm', made.signup!, { subjectType: 'signup', detail: expect.objectContaining({ minutes: 120 }) }],
      ['points.award', made.ledgerEntry!, { subjectType: 'ledger_entry', detail: expect.objectContaining({ amount: 10, reason: '参加楼道清理', personId: residentPersonId }) }],
      ['redemption.hand_out', made.redemption!, { subjectType: 'redemption', detail: expect.objectContaining({ item: '义剪一次', points: 20 }) }],
    ]
    for (const [action, subjectId, more] of expected) {
      const row = await rowOf(action, subjectId)
      expect(row, action).toMatchObject({ actorUserId: staffUserId, communityId: lianTong, ...more })
      // Never a phone number in the details.
      expect(JSON.stringify(row!.detail), action).not.toMatch(/1[3-9]\d{9}/)
    }
    // The confirmation was made at 11:30 on the 18th: the row has the app's clock.
    expect((await rowOf('attendance.confirm', made.signup!))!.createdAt.toISOString()).toBe(new Date(iso('2026-11-18', '11:30')).toISOString())
  })

  it('shows them to staff with the actor, a Chinese label, the community and a one-line summary', async () => {
    const entries = await wholeTrail(staff, `communityId=${lianTong}`, 50)
    const find = (action: string, subjectId: number) => entries.find((e) => e.action === action && e.subjectId === String(subjectId))
    // The demo staff member, by their name in the 台账.
    const common = { actor: { userId: staffUserId, name: '刘晓燕' }, communityId: lianTong, communityName: '联通社区' }
    expect(find('wish.approve', made.wish!)).toMatchObject({ ...common, kind: 'wish', actionLabel: '通过心愿审核', subjectType: 'wish', summary: '「想请人帮忙换灯泡」，类别：助老 → 生活物资' })
    expect(find('booking.approve', made.booking!)).toMatchObject({ ...common, kind: 'booking', actionLabel: '通过预约', summary: '联通社区党群服务中心审计测试室 11月19日 14:00' })
    expect(find('station.update', center)).toMatchObject({ ...common, kind: 'station', actionLabel: '修改阵地', summary: '联通社区党群服务中心，修改了电话、开放时间' })
    expect(find('activity.cancel', made.cancelledActivity!)).toMatchObject({ ...common, kind: 'activity', actionLabel: '取消志愿活动', summary: '「审计测试：取消的活动」，原因：天气原因' })
    expect(find('attendance.confirm', made.signup!)).toMatchObject({ ...common, kind: 'activity', actionLabel: '确认服务时长' })
    expect(find('attendance.confirm', made.signup!)!.summary).toMatch(/^「审计测试：楼道清扫」，服务时长2小时/)
    expect(find('points.award', made.ledgerEntry!)).toMatchObject({ ...common, kind: 'points', actionLabel: '奖励积分', summary: '+10分，原因：参加楼道清理' })
    expect(find('redemption.hand_out', made.redemption!)).toMatchObject({ ...common, kind: 'shop', actionLabel: '兑换核销发放', summary: '义剪一次，20分' })
    // Newest first, ids unique across both sources.
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort().reverse())
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length)
  })

  it('shows the reads of personal data as kind personal_data, the name masked', async () => {
    // The roster shows the volunteer's phone in clear: a read of their personal data.
    t.clock.now = NOW
    ok<Roster>(await w.get(`/api/staff/activities/${made.activity}/roster`, staff))
    const reads = (await trail(staff, 'kind=personal_data&limit=50')).items
    const read = reads.find((e) => e.subjectId === String(volunteer.personId) && e.action === 'personal_data.roster')
    expect(read).toMatchObject({ kind: 'personal_data', actor: { userId: staffUserId }, communityId: lianTong, communityName: '联通社区', subjectType: 'person', actionLabel: '查看个人信息（活动名单）' })
    expect(read!.id).toMatch(/^p\d+$/)
    expect(read!.summary).toContain(`${[...volunteer.name][0]}*`)
    expect(read!.summary).not.toContain(volunteer.name)
    expect(reads.every((e) => e.kind === 'personal_data')).toBe(true)
    // Without a kind, reads and changes come together.
    const kinds = new Set((await wholeTrail(staff, `communityId=${lianTong}`, 50)).map((e) => e.kind))
    expect([...kinds]).toEqual(expect.arrayContaining(['personal_data', 'wish', 'booking', 'station', 'activity', 'points', 'shop']))
  })

  it('records a residency approval, and lists it', async () => {
    // A newcomer (no person yet) applies; staff approve.
    const code = `code-audit-newcomer`
    t.wechat.codes.set(code, 'openid-audit-newcomer')
    const session = ok<{ token: string }>(await w.send({ method: 'POST', url: '/api/auth/wechat', payload: { code } }))
    const newcomer = { authorization: `Bearer ${session.token}` }
    const book = ok<{ buildings: { id: number }[] }>(await w.get(`/api/communities/${lianTong}/address-book`, staff))
    const application = ok<{ id: number }>(
      await w.post('/api/residency/applications', newcomer, { communityId: lianTong, name: '孙桂芳', phone: '13955559876', relationship: 'head', buildingId: book.buildings[0]!.id, unitNo: '3单元', roomNo: '901' }),
      201,
    )
    ok<StaffResidencyApplication>(await w.post(`/api/staff/residency/applications/${application.id}/approve`, staff, {}))
    expect(await rowOf('residency.approve', application.id)).toMatchObject({ actorUserId: staffUserId, communityId: lianTong, subjectType: 'residency_application' })
    const [entry] = (await trail(staff, 'kind=residency&limit=1')).items
    expect(entry).toMatchObject({ action: 'residency.approve', actionLabel: '通过住户认证', subjectId: String(application.id), summary: '认证通过' })
    expect(JSON.stringify(entry)).not.toContain('13955559876')
  })
})

describe('filters and pages', () => {
  it('filters by kind (attendance is filed under 志愿活动, hand-outs under 积分超市)', async () => {
    const activity = await wholeTrail(staff, 'kind=activity', 50)
    expect(activity.length).toBeGreaterThan(0)
    expect(activity.every((e) => e.kind === 'activity')).toBe(true)
    expect(activity.map((e) => e.action)).toEqual(expect.arrayContaining(['activity.cancel', 'activity.publish', 'attendance.confirm']))
    const shop = await wholeTrail(staff, 'kind=shop', 50)
    expect(shop.map((e) => e.action)).toContain('redemption.hand_out')
    expect(shop.every((e) => e.kind === 'shop')).toBe(true)
    expectError(await w.get('/api/staff/audit?kind=lottery', staff), 400, 'VALIDATION_FAILED')
  })

  it('filters by person: only what they did', async () => {
    const other = await w.staffOf(lianTong)
    ok(await w.post('/api/staff/points/adjustments', other, { personId: residentPersonId, amount: -5, reason: '乱堆杂物' }), 201)
    const theirs = await wholeTrail(staff, `actorUserId=${other.userId}`, 50)
    expect(theirs.map((e) => [e.action, e.actionLabel, e.summary])).toEqual([['points.deduct', '扣减积分', '-5分，原因：乱堆杂物']])
    expect((await wholeTrail(staff, `actorUserId=${staffUserId}`, 50)).every((e) => e.actor.userId === staffUserId)).toBe(true)
    const actors = ok<AuditActors>(await w.get(`/api/staff/audit/actors?communityId=${lianTong}`, staff)).items
    expect(actors.map((a) => a.userId)).toEqual(expect.arrayContaining([staffUserId, other.userId]))
    expect(actors.every((a) => a.name.length > 0)).toBe(true)
  })

  it('lists as actors exactly who changed something in the community or read the personal data of one of its people', async () => {
    // What the skip scan must equal: a DISTINCT over every row of both tables.
    const distinct = async (communityId: number | null) => {
      const where = communityId === null ? sql`` : sql`where community_id = ${communityId}`
      const changes = await t.handle.db.execute(sql`select distinct actor_user_id as id from audit_log ${where}`)
      const reads = await t.handle.db.execute(sql`select distinct p.actor_user_id as id from personal_data_access p join persons s on s.id = p.subject_person_id ${communityId === null ? sql`` : sql`where s.community_id = ${communityId}`}`)
      const ids = [...(changes as unknown as { rows: { id: number | null }[] }).rows, ...(reads as unknown as { rows: { id: number }[] }).rows].map((r) => r.id)
      return [...new Set(ids.filter((id) => id !== null).map(Number))].sort((a, b) => a - b)
    }
    const listed = async (as: As, query: string) => ok<AuditActors>(await w.get(`/api/staff/audit/actors${query}`, as)).items.map((a) => a.userId).sort((a, b) => a - b)
    // 福龙社区's staff member read one of their residents' data and changed nothing there yet: a reader only.
    const fuLongHouseholds = await t.handle.db.execute(sql`select h.id from households h where h.community_id = ${fuLong} and exists (select 1 from persons p where p.household_id = h.id) order by h.id limit 1`)
    const fuLongHousehold = (fuLongHouseholds as unknown as { rows: { id: number }[] }).rows[0]!.id
    ok(await w.get(`/api/staff/households/${fuLongHousehold}`, staffFuLong))
    for (const [as, query, communityId] of [[staff, `?communityId=${lianTong}`, lianTong], [staffFuLong, '', fuLong], [admin, '', null]] as const) {
      const expected = await distinct(communityId)
      expect(expected.length).toBeGreaterThan(0)
      expect(await listed(as, query)).toEqual(expected)
    }
  })

  it('filters by China days, both ends included', async () => {
    const day18 = await wholeTrail(staff, 'from=2026-11-18&to=2026-11-18', 50)
    expect(day18.map((e) => e.action)).toEqual(expect.arrayContaining(['attendance.confirm', 'points.award', 'redemption.hand_out']))
    expect(day18.every((e) => e.at.startsWith('2026-11-18'))).toBe(true)
    const day17 = await wholeTrail(staff, 'from=2026-11-17&to=2026-11-17', 50)
    expect(day17.map((e) => e.action)).toEqual(expect.arrayContaining(['wish.approve', 'booking.approve', 'activity.cancel']))
    expect(day17.some((e) => e.action === 'attendance.confirm')).toBe(false)
    expect(await wholeTrail(staff, 'from=2026-11-19', 50)).toEqual([])
    expectError(await w.get('/api/staff/audit?from=2026-11-18&to=2026-11-17', staff), 400, 'VALIDATION_FAILED')
  })

  it('pages with the cursor to the same entries as one page, and refuses a cursor it did not write', async () => {
    const inOne = (await trail(staff, 'limit=50')).items
    expect(inOne.length).toBeGreaterThan(10)
    const paged = await wholeTrail(staff, '', 3)
    expect(paged.map((e) => e.id).slice(0, inOne.length)).toEqual(inOne.map((e) => e.id))
    const first = await trail(staff, 'limit=2')
    const cursor = first.nextCursor!
    expect(cursor).toMatch(/^\d+:[ap]:\d+$/)
    for (const bad of [cursor.replace(/:[ap]:/, ':x:'), `${cursor}:1`, 'abc', cursor.replace(/^\d+/, '99999999999999')]) {
      expectError(await w.get(`/api/staff/audit?cursor=${encodeURIComponent(bad)}`, staff), 400, 'VALIDATION_FAILED')
    }
  })
})

describe('who sees which trail', () => {
  it('staff of another community: 403 when asking for it, and their own trail has none of it', async () => {
    expectError(await w.get(`/api/staff/audit?communityId=${lianTong}`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.get(`/api/staff/audit/actors?communityId=${lianTong}`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
    const theirs = await wholeTrail(staffFuLong, '', 50)
    expect(theirs.every((e) => e.communityId === fuLong)).toBe(true)
    expect(theirs.some((e) => e.actor.userId === staffUserId)).toBe(false)
  })

  it('an admin sees one community, or the whole district without one', async () => {
    // Something in 福龙社区 too.
    const fuLongStation = (await w.stationsOf(fuLong))[0]!
    ok(await w.patch(`/api/staff/stations/${fuLongStation.id}`, staffFuLong, { phone: '0456-8654321' }))
    const district = await wholeTrail(admin, '', 50)
    const communities = new Set(district.map((e) => e.communityId))
    expect(communities.has(lianTong) && communities.has(fuLong)).toBe(true)
    const one = await wholeTrail(admin, `communityId=${fuLong}`, 50)
    expect(one.length).toBeGreaterThan(0)
    expect(one.every((e) => e.communityId === fuLong)).toBe(true)
    expect(one.find((e) => e.action === 'station.update')).toMatchObject({ actor: { userId: staffFuLong.userId }, communityName: '福龙社区', summary: `${fuLongStation.name}，修改了电话` })
  })

  it('a resident is refused', async () => {
    expectError(await w.get('/api/staff/audit', resident), 403, 'FORBIDDEN')
    expectError(await w.get('/api/staff/audit/actors', resident), 403, 'FORBIDDEN')
    expectError(await w.send({ method: 'GET', url: '/api/staff/audit' }), 401, 'UNAUTHENTICATED')
  })
})

describe('the 工作台 counts', () => {
  const overview = async () => ok<StaffOverview>(await w.get(`/api/staff/overview?communityId=${lianTong}`, staff))

  it('counts redemptions waiting to be handed out, not those handed out or past their pick-up date', async () => {
    // A redemption made now may be picked up for 7 days (until 2026-11-24 10:00).
    const afterPickupDays = new Date(iso('2026-11-24', '10:01'))
    t.clock.now = afterPickupDays
    const laterBefore = (await overview()).redemptionsToHandOut
    t.clock.now = NOW
    const before = (await overview()).redemptionsToHandOut
    const towels = await w.look.item(lianTong, '毛巾两条')
    const r = ok<Redemption>(await w.post(`/api/shop/items/${towels.id}/redeem`, resident, {}), 201)
    expect(r.expiresAt).toBe('2026-11-24T10:00:00+08:00')
    expect((await overview()).redemptionsToHandOut).toBe(before + 1)
    // Past its pick-up date it is no longer waiting, whether or not the sweep has closed it yet.
    t.clock.now = afterPickupDays
    expect((await overview()).redemptionsToHandOut).toBe(laterBefore)
    t.clock.now = NOW
    ok<Redemption>(await w.post('/api/staff/redemptions/verify', staff, { code: r.pickupCode }))
    expect((await overview()).redemptionsToHandOut).toBe(before)
  })

  it("counts today's published activities, not cancelled ones nor tomorrow's", async () => {
    setClock('2026-11-18', '00:10')
    const tomorrowBefore = (await overview()).activitiesToday
    setClock('2026-11-17', '07:00')
    const before = (await overview()).activitiesToday
    await w.newActivity(staff, lianTong, '2026-11-17', '20:00', '21:00')
    await w.newActivity(staff, lianTong, '2026-11-18', '00:30', '01:30')
    const late = await w.newActivity(staff, lianTong, '2026-11-17', '23:30', '23:59')
    // An activity taken off the list (not published) does not wait for anyone.
    const hidden = await w.newActivity(staff, lianTong, '2026-11-17', '16:00', '17:00')
    await t.handle.db.update(activities).set({ published: false }).where(eq(activities.id, hidden.id))
    expect((await overview()).activitiesToday).toBe(before + 2)
    ok<Activity>(await w.post(`/api/staff/activities/${late.id}/cancel`, staff, { reason: '场地冲突' }))
    expect((await overview()).activitiesToday).toBe(before + 1)
    // The next China day begins at 00:00 +08:00: today's are no longer "today".
    setClock('2026-11-18', '00:10')
    expect((await overview()).activitiesToday).toBe(tomorrowBefore + 1)
    t.clock.now = NOW
  })
})
