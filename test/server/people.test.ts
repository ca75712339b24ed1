import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { auditLog, households, notifications, persons, users } from '../../server/src/db/schema'
import type { Me } from '../../types/api/me'
import type { AddressBook, CommunityChoice, CommunityStaff, StaffInvite, StaffInvitePreview, HouseholdInvite, HouseholdInvitePreview, MyHousehold, MyResidency, ResidencyApplication, ResidencyQueue, StaffHousehold, StaffOverview, StaffResidencyApplication } from '../../types/api/people'
import type { SessionResponse } from '../../types/api/auth'
import { createTestApp, type TestApp } from '../support/test-app'
import { bookingWorld } from './booking-fixtures'
import { type Actor, type As, expectError, itAnswersEachCaller, type MatrixRow, ok, type Outcome } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * Real people, not only the demo: a brand-new WeChat account chooses its community, applies for 住户认证 with an
 * address of the community's own buildings; staff of that community (never of another, never the applicant
 * themself) approve it — binding the account to the 台账's person at that address, or to a new person and
 * household — or reject it with a reason; the applicant is told by 订阅消息. A verified member invites family, who
 * join without a second check; people move and leave, the points staying with the household. Every decision is
 * in the audit trail. Then points, volunteering and wishes work for the new resident as for a seeded one.
 */

let t: TestApp
let w: ReturnType<typeof bookingWorld>
let lianTong: number
let fuLong: number
let staff: As
let staffUserId: number
let admin: As
let staffFuLong: As
let newcomerSeq = 0

beforeAll(async () => {
  t = await createTestApp({ now: NOW, env: { WECHAT_TMPL_RESIDENCY_RESULT: 'tmpl-residency' } })
  w = bookingWorld(t)
  ;[lianTong, fuLong] = await Promise.all([w.look.communityId('联通社区'), w.look.communityId('福龙社区')])
  staff = await t.headersAs('staff')
  staffUserId = (await w.look.userOfPersona('staff')).id
  admin = await t.headersAs('admin')
  staffFuLong = await w.staffOf(fuLong)
}, 60_000)
afterAll(() => t?.close())
beforeEach(() => {
  t.clock.now = NOW
})

/** A brand-new WeChat user, logged in through the fake WeChat: no person, household or community. */
async function newcomer(): Promise<As & { userId: number; openid: string }> {
  const n = ++newcomerSeq
  const openid = `openid-newcomer-${n}`
  t.wechat.codes.set(`code-newcomer-${n}`, openid)
  const session = ok<SessionResponse>(await w.send({ method: 'POST', url: '/api/auth/wechat', payload: { code: `code-newcomer-${n}` } }))
  return { authorization: `Bearer ${session.token}`, userId: session.me.id, openid }
}

const me = async (as: As) => ok<Me>(await w.get('/api/me', as))
const addressBook = async (as: As, communityId = lianTong) => ok<AddressBook>(await w.get(`/api/communities/${communityId}/address-book`, as))

/** A flat of the 台账 in 联通社区 whose people have no account yet. */
async function flatWithPeople() {
  const book = await addressBook(staff)
  for (const b of book.buildings) {
    for (const u of b.units) {
      for (const roomNo of u.roomNos) {
        const [h] = await t.handle.db.select({ id: households.id }).from(households).where(and(eq(households.buildingId, b.id), eq(households.unitNo, u.unitNo), eq(households.roomNo, roomNo)))
        const people = await t.handle.db.select({ id: persons.id, name: persons.name }).from(persons).where(eq(persons.householdId, h!.id))
        const accounts = await Promise.all(people.map(async (p) => (await t.handle.db.select({ id: users.id }).from(users).where(eq(users.personId, p.id))).length))
        if (people.length && accounts.every((n) => n === 0) && !taken.has(h!.id)) {
          taken.add(h!.id)
          return { buildingId: b.id, unitNo: u.unitNo, roomNo, householdId: h!.id, people }
        }
      }
    }
  }
  throw new Error('no flat of the 台账 without accounts left')
}
const taken = new Set<number>()

/** An address in one of 联通社区's buildings that the 台账 has no household at yet (a new flat, or one it missed). */
let newFlatSeq = 0
async function newFlat() {
  const [building] = (await addressBook(staff)).buildings
  return { buildingId: building!.id, unitNo: '3单元', roomNo: String(600 + ++newFlatSeq) }
}

let phoneSeq = 0
const apply = (as: As, over: Record<string, unknown> = {}) =>
  w.post('/api/residency/applications', as, { communityId: lianTong, name: '孙桂芳', phone: `1395555${String(++phoneSeq).padStart(4, '0')}`, relationship: 'head', ...over })

describe('choosing a community', () => {
  it('lists every community to anyone, nearest first when a position is given', async () => {
    const all = ok<{ items: CommunityChoice[] }>(await w.send({ method: 'GET', url: '/api/communities' })).items
    expect(all.map((c) => c.name)).toEqual(expect.arrayContaining(['联通社区', '铁西社区', '邮政社区', '福龙社区', '海兰社区']))
    expect(all.every((c) => c.distanceMeters === null)).toBe(true)
    // Standing at 福龙社区's centre (its stations are the demo's positions).
    const [fuLongStation] = await w.stationsOf(fuLong)
    const near = ok<{ items: CommunityChoice[] }>(await w.send({ method: 'GET', url: `/api/communities?latitude=${fuLongStation!.latitude}&longitude=${fuLongStation!.longitude}` })).items
    expect(near[0]).toMatchObject({ name: '福龙社区', subdistrictName: '西兴街道', distanceMeters: 0 })
    expect(near.map((c) => c.distanceMeters)).toEqual([...near.map((c) => c.distanceMeters)].sort((a, b) => a! - b!))
    expectError(await w.send({ method: 'GET', url: '/api/communities?latitude=91&longitude=0' }), 400, 'VALIDATION_FAILED')
  })

  it('a new account chooses its community; 首页 then shows it', async () => {
    const n = await newcomer()
    expect(await me(n)).toMatchObject({ community: null, household: null, roles: [] })
    expect((await w.put('/api/me/community', n, { communityId: lianTong })).statusCode).toBe(204)
    expect((await me(n)).community).toMatchObject({ id: lianTong, name: '联通社区' })
    expect(ok<{ community: { id: number } }>(await w.get('/api/home', n)).community.id).toBe(lianTong)
    expectError(await w.put('/api/me/community', n, { communityId: 99999999 }), 404, 'COMMUNITY_NOT_FOUND')
  })

  it('a verified resident’s community follows the household: changing it is a move (a new 住户认证)', async () => {
    expectError(await w.put('/api/me/community', await t.headersAs('resident'), { communityId: fuLong }), 409, 'COMMUNITY_FIXED_BY_HOUSEHOLD')
  })

  it('the address book offers the community’s own buildings, units and flats', async () => {
    const book = await addressBook(staff)
    expect(book.communityId).toBe(lianTong)
    expect(book.buildings.length).toBe(12)
    expect(book.buildings[0]).toMatchObject({ estate: expect.any(String), name: expect.stringMatching(/号楼$/), gridName: expect.stringMatching(/网格$/) })
    expect(book.buildings[0]!.units).toEqual([
      { unitNo: '1单元', roomNos: ['101', '102', '201', '301'] },
      { unitNo: '2单元', roomNos: ['101', '102', '201', '301'] },
    ])
    expectError(await w.get('/api/communities/99999999/address-book', staff), 404, 'COMMUNITY_NOT_FOUND')
  })
})

describe('住户认证', () => {
  it('a newcomer applies with a flat the 台账 knows nobody in; staff approve; the account is a resident of a household there', async () => {
    const n = await newcomer()
    const flat = await newFlat()
    const sent = ok<ResidencyApplication>(await apply(n, { ...flat, phone: '13955550001', birthYear: 1962 }), 201)
    expect(sent).toMatchObject({ status: 'pending', name: '孙桂芳', phone: '139****0001', relationship: 'head', communityName: '联通社区', actions: ['withdraw'], rejectReason: null, decidedAt: null })
    expect(sent.address).toContain(`${flat.unitNo} ${flat.roomNo}`)
    // Applying places the account in that community already (its home shows it).
    expect((await me(n)).community?.id).toBe(lianTong)
    expect(ok<MyResidency>(await w.get('/api/residency/mine', n)).application).toEqual(sent)

    // Staff see it in the queue with the number in clear and nobody at that address.
    const queue = ok<ResidencyQueue>(await w.get('/api/staff/residency/applications', staff))
    const item = queue.items.find((i) => i.id === sent.id)!
    expect(item).toMatchObject({ phone: '13955550001', household: null, actions: ['approve', 'reject'] })

    t.wechat.subscribe(n.openid, 'tmpl-residency')
    const approved = ok<StaffResidencyApplication>(await w.post(`/api/staff/residency/applications/${sent.id}/approve`, staff, {}))
    expect(approved).toMatchObject({ status: 'approved', actions: [] })
    const profile = await me(n)
    expect(profile).toMatchObject({ name: '孙桂芳', roles: ['resident'], phoneMasked: '139****0001', household: { memberCount: 1 } })
    // A household of the 台账 at that address, made on approval.
    const [made] = await t.handle.db.select().from(households).where(and(eq(households.buildingId, flat.buildingId), eq(households.unitNo, flat.unitNo), eq(households.roomNo, flat.roomNo)))
    expect(profile.household!.id).toBe(made!.id)
    expect(ok<MyResidency>(await w.get('/api/residency/mine', n)).application).toMatchObject({ status: 'approved', decidedAt: '2026-11-17T10:00:00+08:00' })

    // The decision is in the audit trail and in the outbox for the applicant.
    const audit = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.subjectType, 'residency_application'), eq(auditLog.subjectId, String(sent.id))))
    expect(audit).toMatchObject([{ action: 'residency.approve', actorUserId: staffUserId, communityId: lianTong }])
    const [note] = await t.handle.db.select().from(notifications).where(eq(notifications.dedupeKey, `residency_result:${sent.id}`))
    expect(note).toMatchObject({ userId: n.userId, event: 'residency_result', page: 'packages/account/residency/index' })
    expect(note!.data).toMatchObject({ thing1: { value: '联通社区' }, phrase3: { value: '已通过' } })
  })

  it('binds the account to the 台账’s person at that address when staff say so: no second person', async () => {
    const n = await newcomer()
    const flat = await flatWithPeople()
    const who = flat.people[0]!
    const sent = ok<ResidencyApplication>(await apply(n, { ...flat, name: who.name, relationship: 'spouse' }), 201)
    const item = ok<ResidencyQueue>(await w.get('/api/staff/residency/applications?limit=50', staff)).items.find((i) => i.id === sent.id)!
    expect(item.household!.members.find((m) => m.personId === who.id)).toMatchObject({ name: who.name, hasAccount: false, sameName: true })
    ok(await w.post(`/api/staff/residency/applications/${sent.id}/approve`, staff, { personId: who.id }))
    const [linked] = await t.handle.db.select().from(users).where(eq(users.id, n.userId))
    expect(linked!.personId).toBe(who.id)
    expect((await t.handle.db.select().from(persons).where(eq(persons.householdId, flat.householdId))).length).toBe(flat.people.length)
    expect((await me(n)).household?.id).toBe(flat.householdId)

    // That person cannot be claimed by another account.
    const other = await newcomer()
    const second = ok<ResidencyApplication>(await apply(other, { ...flat, name: who.name }), 201)
    expectError(await w.post(`/api/staff/residency/applications/${second.id}/approve`, staff, { personId: who.id }), 409, 'PERSON_HAS_ACCOUNT')
    // Nor a person who lives elsewhere.
    const elsewhere = await flatWithPeople()
    expectError(await w.post(`/api/staff/residency/applications/${second.id}/approve`, staff, { personId: elsewhere.people[0]!.id }), 400, 'VALIDATION_FAILED')
    expect(ok<ResidencyQueue>(await w.get('/api/staff/residency/applications?limit=50', staff)).items.map((i) => i.id)).toContain(second.id)
  })

  it('staff reject with a reason, which the applicant sees and is told; they may apply again', async () => {
    const n = await newcomer()
    const flat = await newFlat()
    const sent = ok<ResidencyApplication>(await apply(n, flat), 201)
    expectError(await w.post(`/api/staff/residency/applications/${sent.id}/reject`, staff, { reason: '' }), 400, 'VALIDATION_FAILED')
    const rejected = ok<StaffResidencyApplication>(await w.post(`/api/staff/residency/applications/${sent.id}/reject`, staff, { reason: '台账中没有这户，请带户口本到党群服务中心' }))
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '台账中没有这户，请带户口本到党群服务中心' })
    expect(ok<MyResidency>(await w.get('/api/residency/mine', n)).application).toMatchObject({ status: 'rejected', rejectReason: '台账中没有这户，请带户口本到党群服务中心', actions: [] })
    expect((await me(n)).household).toBeNull()
    const [note] = await t.handle.db.select().from(notifications).where(eq(notifications.dedupeKey, `residency_result:${sent.id}`))
    expect(note!.data).toMatchObject({ phrase3: { value: '未通过' }, thing5: { value: '台账中没有这户，请带户口本到党群服务中心' } })
    expectError(await w.post(`/api/staff/residency/applications/${sent.id}/approve`, staff, {}), 409, 'RESIDENCY_STATE_CONFLICT')
    ok(await apply(n, flat), 201)
  })

  it('one application at a time; withdrawing is the applicant’s own; a unit account is not a resident', async () => {
    const n = await newcomer()
    const flat = await newFlat()
    const sent = ok<ResidencyApplication>(await apply(n, flat), 201)
    expectError(await apply(n, flat), 409, 'RESIDENCY_PENDING')
    expectError(await w.post(`/api/residency/applications/${sent.id}/withdraw`, await newcomer()), 404, 'NOT_FOUND')
    expect(ok<ResidencyApplication>(await w.post(`/api/residency/applications/${sent.id}/withdraw`, n))).toMatchObject({ status: 'withdrawn', actions: [] })
    expectError(await w.post(`/api/residency/applications/${sent.id}/withdraw`, n), 409, 'RESIDENCY_STATE_CONFLICT')
    expectError(await w.post(`/api/staff/residency/applications/${sent.id}/approve`, staff, {}), 409, 'RESIDENCY_STATE_CONFLICT')
    ok(await apply(n, flat), 201)
  })

  it('refuses addresses outside the community, bad names and phones, and takes the phone from WeChat’s button', async () => {
    const n = await newcomer()
    const flat = await newFlat()
    const [fuLongBuilding] = (await addressBook(staff, fuLong)).buildings
    const details = async (res: Awaited<ReturnType<typeof apply>>) => {
      expectError(res, 400, 'VALIDATION_FAILED')
      return (res.json().details as { path: string }[]).map((d) => d.path)
    }
    expect(await details(await apply(n, { ...flat, buildingId: fuLongBuilding!.id }))).toEqual(['body.buildingId'])
    expect(await details(await apply(n, { ...flat, name: '孙' }))).toEqual(['body.name'])
    expect(await details(await apply(n, { ...flat, phone: '12345' }))).toEqual(['body.phone'])
    expect(await details(await apply(n, { ...flat, phone: undefined }))).toEqual(['body.phone'])
    expect(await details(await apply(n, { ...flat, relationship: 'cousin' }))).toEqual(['body.relationship'])
    t.wechat.phoneCodes.set('phone-code-residency', '13766668888')
    const viaWechat = ok<ResidencyApplication>(await apply(n, { ...flat, phone: undefined, phoneCode: 'phone-code-residency' }), 201)
    expect(viaWechat.phone).toBe('137****8888')
    expect(ok<ResidencyQueue>(await w.get('/api/staff/residency/applications?limit=50', staff)).items.find((i) => i.id === viaWechat.id)!.phone).toBe('13766668888')
  })

  it('staff never decide their own application, and staff of another community are refused', async () => {
    // A staff member of 福龙社区 who also applies to live in 联通社区.
    const flat = await newFlat()
    const own = ok<ResidencyApplication>(await apply(staffFuLong, flat), 201)
    expectError(await w.post(`/api/staff/residency/applications/${own.id}/approve`, staffFuLong, {}), 403, 'OUT_OF_COMMUNITY')
    // An admin applying to move is decided by someone else too.
    const adminOwn = ok<ResidencyApplication>(await apply(admin, { ...flat, roomNo: flat.roomNo }), 201).id
    const queued = ok<ResidencyQueue>(await w.get(`/api/staff/residency/applications?communityId=${lianTong}&limit=50`, admin)).items.find((i) => i.id === adminOwn)!
    expect(queued.actions).toEqual(['withdraw'])
    expectError(await w.post(`/api/staff/residency/applications/${adminOwn}/approve`, admin, {}), 403, 'SELF_APPROVAL_FORBIDDEN')
    ok(await w.post(`/api/residency/applications/${adminOwn}/withdraw`, admin))
    ok(await w.post(`/api/residency/applications/${own.id}/withdraw`, staffFuLong))
  })

  it('a verified resident who applies for another address moves on approval, leaving the points with the old household', async () => {
    const mover = await w.fresh(lianTong)
    const before = await me(mover)
    const oldHousehold = before.household!.id
    const pointsBefore = await w.look.balance(oldHousehold)
    const flat = await newFlat()
    const sent = ok<ResidencyApplication>(await apply(mover, { ...flat, name: mover.name }), 201)
    // Still in the old household until the decision.
    expect((await me(mover)).household?.id).toBe(oldHousehold)
    ok(await w.post(`/api/staff/residency/applications/${sent.id}/approve`, staff, {}))
    const after = await me(mover)
    expect(after.household!.id).not.toBe(oldHousehold)
    const [person] = await t.handle.db.select().from(persons).where(eq(persons.id, mover.personId))
    expect(person!.householdId).toBe(after.household!.id)
    expect(await w.look.balance(oldHousehold)).toBe(pointsBefore)
    expectError(await apply(mover, { ...flat, name: mover.name }), 409, 'ALREADY_RESIDENT')
  })
})

describe('family members', () => {
  let head: As & { userId: number; openid: string }
  let householdId: number
  beforeAll(async () => {
    head = await newcomer()
    const flat = await newFlat()
    const sent = ok<ResidencyApplication>(await apply(head, { ...flat, name: '周建华', phone: '13955559999' }), 201)
    ok(await w.post(`/api/staff/residency/applications/${sent.id}/approve`, staff, {}))
    householdId = (await me(head)).household!.id
  })

  it('a member invites; the invited person sees where and by whom, joins without a staff check, and the invitation is spent', async () => {
    const invite = ok<HouseholdInvite>(await w.post('/api/household/invites', head), 201)
    expect(invite.path).toBe(`packages/account/join/index?code=${invite.code}`)
    expect(invite.expiresAt).toBe('2026-11-24T10:00:00+08:00')
    const relative = await newcomer()
    const preview = ok<HouseholdInvitePreview>(await w.get(`/api/household-invites/${invite.code}`, relative))
    expect(preview).toEqual({ communityName: '联通社区', building: expect.stringMatching(/小区 \d+号楼$/), inviterName: '周建华', expiresAt: invite.expiresAt })
    const joined = ok<MyHousehold>(await w.post(`/api/household-invites/${invite.code}/accept`, relative, { name: '周小雨', phone: '13955558888', relationship: 'child', birthYear: 1990 }))
    expect(joined.household).toMatchObject({ id: householdId })
    expect(joined.household!.members.map((m) => [m.name, m.relationship, m.isMe, m.hasAccount])).toEqual([
      ['周建华', 'head', false, true],
      ['周小雨', 'child', true, true],
    ])
    expect((await me(relative)).household).toMatchObject({ id: householdId, memberCount: 2 })
    expect((await me(relative)).roles).toEqual(['resident'])
    expectError(await w.post(`/api/household-invites/${invite.code}/accept`, await newcomer(), { name: '王五', phone: '13955557777', relationship: 'other' }), 409, 'INVITE_USED')
    expectError(await w.get(`/api/household-invites/${invite.code}`, relative), 409, 'INVITE_USED')
    const audit = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'household.join'), eq(auditLog.subjectId, String(householdId))))
    expect(audit).toHaveLength(1)
  })

  it('an invitation expires after a week and an unknown code is no invitation', async () => {
    const invite = ok<HouseholdInvite>(await w.post('/api/household/invites', head), 201)
    t.clock.now = new Date(Date.parse(invite.expiresAt))
    expectError(await w.post(`/api/household-invites/${invite.code}/accept`, await newcomer(), { name: '王五', phone: '13955557777', relationship: 'other' }), 409, 'INVITE_EXPIRED')
    expectError(await w.get('/api/household-invites/no-such-invitation-code', head), 404, 'INVITE_INVALID')
    expectError(await w.get('/api/household-invites/short', head), 400, 'VALIDATION_FAILED')
  })

  it('only a household member can invite; a member cannot join their own household again', async () => {
    expectError(await w.post('/api/household/invites', await newcomer()), 409, 'HOUSEHOLD_REQUIRED')
    const invite = ok<HouseholdInvite>(await w.post('/api/household/invites', head), 201)
    expectError(await w.post(`/api/household-invites/${invite.code}/accept`, head, { name: '周建华', phone: '13955559999', relationship: 'head' }), 409, 'ALREADY_RESIDENT')
  })

  it('a person of another household who joins moves (one household at a time); the points stay behind', async () => {
    const mover = await w.fresh(lianTong)
    const from = (await me(mover)).household!.id
    const balance = await w.look.balance(from)
    const invite = ok<HouseholdInvite>(await w.post('/api/household/invites', head), 201)
    ok(await w.post(`/api/household-invites/${invite.code}/accept`, mover, { name: mover.name, phone: '13955556666', relationship: 'spouse' }))
    expect((await me(mover)).household?.id).toBe(householdId)
    expect(await w.look.balance(from)).toBe(balance)
    const [person] = await t.handle.db.select().from(persons).where(eq(persons.id, mover.personId))
    expect(person).toMatchObject({ householdId, relationship: 'spouse' })
  })

  it('staff see the members with their numbers (logged) and remove one; a member leaves on their own', async () => {
    const seen = ok<StaffHousehold>(await w.get(`/api/staff/households/${householdId}`, staff))
    expect(seen.members.find((m) => m.name === '周建华')).toMatchObject({ phone: '13955559999', phoneMasked: '139****9999', hasAccount: true })
    expectError(await w.get(`/api/staff/households/${householdId}`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
    const child = seen.members.find((m) => m.name === '周小雨')!
    const after = ok<StaffHousehold>(await w.post(`/api/staff/households/${householdId}/members/${child.personId}/remove`, staff))
    expect(after.members.map((m) => m.name)).not.toContain('周小雨')
    expectError(await w.post(`/api/staff/households/${householdId}/members/${child.personId}/remove`, staff), 404, 'NOT_FOUND')
    expect(await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'household.remove_member'), eq(auditLog.subjectId, String(householdId))))).toHaveLength(1)

    expect(ok<MyHousehold>(await w.post('/api/household/leave', head))).toEqual({ household: null })
    expect((await me(head)).household).toBeNull()
    expectError(await w.post('/api/household/leave', head), 409, 'HOUSEHOLD_REQUIRED')
  })

  it('staff never remove members of their own household', async () => {
    const own = (await me(staff)).household!.id
    const members = ok<StaffHousehold>(await w.get(`/api/staff/households/${own}`, staff)).members
    expectError(await w.post(`/api/staff/households/${own}/members/${members[0]!.personId}/remove`, staff), 403, 'SELF_DEALING_FORBIDDEN')
  })
})

describe('the new resident uses the product as a seeded one does', () => {
  it('sees the household’s points, registers as a volunteer and posts a wish', async () => {
    const n = await newcomer()
    const flat = await newFlat()
    const sent = ok<ResidencyApplication>(await apply(n, { ...flat, name: '吴丽娟', phone: '13955551111' }), 201)
    expect(ok<{ household: unknown }>(await w.get('/api/points/me', n)).household).toBeNull()
    expectError(await w.get('/api/points/history', n), 409, 'HOUSEHOLD_REQUIRED')
    ok(await w.post(`/api/staff/residency/applications/${sent.id}/approve`, staff, {}))
    const points = ok<{ household: { id: number; balance: number } }>(await w.get('/api/points/me', n))
    expect(points.household).toMatchObject({ id: (await me(n)).household!.id, balance: 0 })
    ok(await w.get('/api/points/history', n))
    ok(await w.put('/api/volunteer/profile', n, { realName: '吴丽娟', phone: '13955551111', skills: ['general'], availability: ['weekend'], consent: true }))
    const wish = ok<{ status: string }>(
      await w.post('/api/wishes', n, { category: 'elderly_care', title: '想请人陪我去医院复查', description: '下周三上午去市医院复查，想请志愿者陪同', valueYuan: 0, contactPreference: 'phone', photoIds: [] }),
      201,
    )
    expect(wish.status).toBe('pending')
  })
})

describe('the 工作台’s counts', () => {
  it('counts applications, wishes to review and bookings to approve in the staff member’s community', async () => {
    const before = ok<StaffOverview>(await w.get('/api/staff/overview', staff))
    expect(before.communityId).toBe(lianTong)
    ok(await apply(await newcomer(), await newFlat()), 201)
    const after = ok<StaffOverview>(await w.get('/api/staff/overview', staff))
    expect(after.residencyApplications).toBe(before.residencyApplications + 1)
    expect(after.wishesToReview).toBeGreaterThan(0)
    expect(after.bookingsToApprove).toBeGreaterThan(0)
    expect(ok<StaffOverview>(await w.get(`/api/staff/overview?communityId=${fuLong}`, staffFuLong)).communityId).toBe(fuLong)
    expectError(await w.get(`/api/staff/overview?communityId=${lianTong}`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
  })
})

describe('staff of a community: the admin invites, the invitee accepts with their own WeChat', () => {
  it('an invitation, accepted once by the person it was sent to, makes them staff there; the admin sees them', async () => {
    const invite = ok<StaffInvite>(await w.post('/api/admin/staff-invites', admin, { communityId: lianTong, note: '第三网格网格员 王芳' }), 201)
    expect(invite).toMatchObject({ communityId: lianTong, note: '第三网格网格员 王芳', expiresAt: '2026-11-24T10:00:00+08:00', path: `packages/account/staff-invite/index?code=${invite.code}` })
    expect(ok<CommunityStaff>(await w.get(`/api/admin/communities/${lianTong}/staff`, admin)).invites.map((i) => i.code)).toContain(invite.code)

    const n = await newcomer()
    expect(ok<StaffInvitePreview>(await w.get(`/api/staff-invites/${invite.code}`, n))).toMatchObject({ communityName: '联通社区', note: '第三网格网格员 王芳', inviterName: expect.any(String) })
    expect(ok<{ communityId: number }>(await w.post(`/api/staff-invites/${invite.code}/accept`, n))).toEqual({ communityId: lianTong })
    expect((await me(n)).staffCommunityIds).toEqual([lianTong])
    ok(await w.get('/api/staff/overview', n))
    const listed = ok<CommunityStaff>(await w.get(`/api/admin/communities/${lianTong}/staff`, admin))
    expect(listed.staff.map((m) => m.userId)).toContain(n.userId)
    expect(listed.invites.map((i) => i.code)).not.toContain(invite.code)
    expectError(await w.post(`/api/staff-invites/${invite.code}/accept`, await newcomer()), 409, 'INVITE_USED')

    const trail = await t.handle.db.select().from(auditLog).where(eq(auditLog.communityId, lianTong))
    expect(trail.filter((r) => r.action === 'staff.grant' && r.subjectId === String(n.userId))).toHaveLength(1)
    expect(trail.filter((r) => r.action === 'staff.invite' && r.detail.note === '第三网格网格员 王芳')).toHaveLength(1)
  })

  it('the admin revokes: the person is no longer staff there, at once', async () => {
    const invite = ok<StaffInvite>(await w.post('/api/admin/staff-invites', admin, { communityId: lianTong }), 201)
    const n = await newcomer()
    ok(await w.post(`/api/staff-invites/${invite.code}/accept`, n))
    const after = ok<CommunityStaff>(await w.post(`/api/admin/communities/${lianTong}/staff/${n.userId}/revoke`, admin))
    expect(after.staff.map((m) => m.userId)).not.toContain(n.userId)
    expect((await me(n)).staffCommunityIds).toEqual([])
    expectError(await w.get('/api/staff/overview', n), 403, 'FORBIDDEN')
    expectError(await w.post(`/api/admin/communities/${lianTong}/staff/${n.userId}/revoke`, admin), 404, 'NOT_FOUND')
    const [revoked] = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'staff.revoke'), eq(auditLog.subjectId, String(n.userId))))
    expect(revoked).toMatchObject({ communityId: lianTong })
  })

  it('nobody grants themselves: the admin cannot accept their own invitation; expired, unknown and repeated invitations are refused', async () => {
    const invite = ok<StaffInvite>(await w.post('/api/admin/staff-invites', admin, { communityId: fuLong }), 201)
    expectError(await w.post(`/api/staff-invites/${invite.code}/accept`, admin), 403, 'SELF_APPROVAL_FORBIDDEN')
    // Staff of 联通社区 already: a second invitation there is refused, one for 福龙社区 makes them staff of both.
    const second = ok<StaffInvite>(await w.post('/api/admin/staff-invites', admin, { communityId: lianTong }), 201)
    expectError(await w.post(`/api/staff-invites/${second.code}/accept`, staff), 409, 'ALREADY_STAFF')
    ok(await w.post(`/api/staff-invites/${invite.code}/accept`, staff))
    expect((await me(staff)).staffCommunityIds.sort()).toEqual([lianTong, fuLong].sort())
    ok(await w.post(`/api/admin/communities/${fuLong}/staff/${staffUserId}/revoke`, admin))

    const late = ok<StaffInvite>(await w.post('/api/admin/staff-invites', admin, { communityId: lianTong }), 201)
    t.clock.now = new Date(Date.parse(late.expiresAt))
    expectError(await w.post(`/api/staff-invites/${late.code}/accept`, await newcomer()), 409, 'INVITE_EXPIRED')
    expectError(await w.get('/api/staff-invites/no-such-staff-invite', staff), 404, 'INVITE_INVALID')
    expectError(await w.post('/api/admin/staff-invites', admin, { communityId: 99999999 }), 404, 'COMMUNITY_NOT_FOUND')
    expectError(await w.post('/api/admin/staff-invites', admin, { communityId: lianTong, note: '很长'.repeat(21) }), 400, 'VALIDATION_FAILED')
  })
})

/* ================================================================= who may do what */

const F: Outcome = [403, 'FORBIDDEN']
const O: Outcome = [403, 'OUT_OF_COMMUNITY']

describe('who may call what', () => {
  /** A fresh pending application to 联通社区 for each cell. */
  const pending = async () => ok<ResidencyApplication>(await apply(await newcomer(), await newFlat()), 201)
  const rows: MatrixRow[] = [
    { route: 'GET /api/staff/residency/applications', run: (as) => w.get(`/api/staff/residency/applications?communityId=${lianTong}`, as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    { route: 'POST …/approve', run: async (as) => w.post(`/api/staff/residency/applications/${(await pending()).id}/approve`, as, {}), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    { route: 'POST …/reject', run: async (as) => w.post(`/api/staff/residency/applications/${(await pending()).id}/reject`, as, { reason: '信息不符' }), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    { route: 'POST /api/residency/applications/:id/withdraw (someone else’s)', run: async (as) => w.post(`/api/residency/applications/${(await pending()).id}/withdraw`, as), outcomes: { resident: [404, 'NOT_FOUND'], volunteer: [404, 'NOT_FOUND'], 'staff elsewhere': [404, 'NOT_FOUND'], staff: [404, 'NOT_FOUND'], admin: [404, 'NOT_FOUND'] } },
    { route: 'GET /api/staff/households/:id', run: async (as) => w.get(`/api/staff/households/${(await flatWithPeople()).householdId}`, as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    { route: 'GET /api/staff/overview', run: (as) => w.get(`/api/staff/overview?communityId=${lianTong}`, as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    // Only an admin grants and revokes staff; staff cannot grant themselves (or anyone) anything.
    { route: 'POST /api/admin/staff-invites', run: (as) => w.post('/api/admin/staff-invites', as, { communityId: lianTong }), outcomes: { resident: F, volunteer: F, 'staff elsewhere': F, staff: F, admin: 201 } },
    { route: 'GET /api/admin/communities/:id/staff', run: (as) => w.get(`/api/admin/communities/${lianTong}/staff`, as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': F, staff: F, admin: 200 } },
    {
      route: 'POST /api/admin/communities/:id/staff/:userId/revoke',
      run: async (as) => {
        const someone = await newcomer()
        const invite = ok<StaffInvite>(await w.post('/api/admin/staff-invites', admin, { communityId: lianTong }), 201)
        ok(await w.post(`/api/staff-invites/${invite.code}/accept`, someone))
        return w.post(`/api/admin/communities/${lianTong}/staff/${someone.userId}/revoke`, as)
      },
      outcomes: { resident: F, volunteer: F, 'staff elsewhere': F, staff: F, admin: 200 },
    },
  ]
  const as: Partial<Record<Actor, As>> = {}
  beforeAll(async () => {
    as.resident = await w.fresh(lianTong)
    as.volunteer = await t.headersAs('volunteer')
    as['staff elsewhere'] = staffFuLong
    as.staff = staff
    as.admin = admin
  })
  itAnswersEachCaller(rows, as)

  it('asks for a session everywhere but the community list', async () => {
    for (const [method, url] of [
      ['PUT', '/api/me/community'], ['GET', '/api/communities/1/address-book'], ['POST', '/api/residency/applications'], ['GET', '/api/residency/mine'],
      ['POST', '/api/residency/applications/1/withdraw'], ['GET', '/api/staff/residency/applications'], ['POST', '/api/staff/residency/applications/1/approve'],
      ['GET', '/api/household'], ['POST', '/api/household/invites'], ['POST', '/api/household/leave'], ['GET', '/api/household-invites/abcdefgh12'],
      ['POST', '/api/household-invites/abcdefgh12/accept'], ['GET', '/api/staff/households/1'], ['GET', '/api/staff/overview'],
      ['POST', '/api/admin/staff-invites'], ['GET', '/api/admin/communities/1/staff'], ['GET', '/api/staff-invites/abcdefgh12'], ['POST', '/api/staff-invites/abcdefgh12/accept'],
    ] as const) {
      expectError(await w.send({ method, url }), 401, 'UNAUTHENTICATED')
    }
  })
})
