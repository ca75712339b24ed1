import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import sharp from 'sharp'
import { activities, activitySignups, auditLog, notifications, personalDataAccess, uploads } from '../../server/src/db/schema'
import type { MyPartyReport, MyUnit, PartyReportQueue, StaffPartyReport, StaffUnit, UnitInvite, UnitInvitePreview, UnitQueue } from '../../types/api/dual-reporting'
import type { SessionResponse } from '../../types/api/auth'
import type { Me } from '../../types/api/me'
import type { PersonalDataExport } from '../../types/api/privacy'
import type { StaffOverview } from '../../types/api/people'
import type { Wish } from '../../types/api/wishes'
import { createTestApp, type TestApp } from '../support/test-app'
import { bookingWorld } from './booking-fixtures'
import { type Actor, type As, expectError, itAnswersEachCaller, type MatrixRow, ok, type Outcome } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * 双报到: an in-service party member who lives in the community reports to it and staff confirm (the 党员 role);
 * a 驻区单位 registers with the community it is paired with, staff approve it, and whoever registered it becomes its
 * admin, who invites the unit's people. A wish claimed as the unit is the unit's. Each sees their own totals, and
 * staff see every unit's and party member's — what the 双报到 reports count.
 */

let t: TestApp
let w: ReturnType<typeof bookingWorld>
let lianTong: number
let fuLong: number
let staff: As
let staffFuLong: As
let admin: As
let seq = 0

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = bookingWorld(t)
  ;[lianTong, fuLong] = await Promise.all([w.look.communityId('联通社区'), w.look.communityId('福龙社区')])
  staff = await t.headersAs('staff')
  staffFuLong = await w.staffOf(fuLong)
  admin = await t.headersAs('admin')
}, 60_000)
afterAll(() => t?.close())
beforeEach(() => {
  t.clock.now = NOW
})

/** A brand-new WeChat user: no person, household or community. */
async function newcomer(): Promise<As & { userId: number }> {
  const n = ++seq
  t.wechat.codes.set(`code-dual-${n}`, `openid-dual-${n}`)
  const session = ok<SessionResponse>(await w.send({ method: 'POST', url: '/api/auth/wechat', payload: { code: `code-dual-${n}` } }))
  return { authorization: `Bearer ${session.token}`, userId: session.me.id }
}
const me = async (as: As) => ok<Me>(await w.get('/api/me', as))

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
async function upload(as: As, purpose: string) {
  const boundary = '----doorstep-dual'
  const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="card.png"\r\nContent-Type: image/png\r\n\r\n`), PNG, Buffer.from(`\r\n--${boundary}--\r\n`)])
  return w.send({ method: 'POST', url: `/api/uploads?purpose=${purpose}`, headers: { ...as, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })
}

const REPORT = { workplace: '爱辉区人民检察院', partyOrganisation: '爱辉区人民检察院机关党支部' }
const report = (as: As, over: Record<string, unknown> = {}) => w.post('/api/party-reports', as, { ...REPORT, ...over })
const reportOf = async (as: As) => ok<MyPartyReport>(await report(as), 201).report!

/* Valid 统一社会信用代码 (the check character computed by GB 32100-2015). */
const CREDIT_CODES = ['91350100M000100Y43', '91110000100017643K', '91440300708461136T']
let unitSeq = 0
const register = (as: As, over: Record<string, unknown> = {}) =>
  w.post('/api/units', as, { communityId: lianTong, name: `黑河市第${++unitSeq}中学`, contactName: '孙志强', phone: `1394567${String(unitSeq).padStart(4, '0')}`, ...over })

/** A unit of 联通社区 approved by staff, with its admin. */
async function approvedUnit(over: Record<string, unknown> = {}) {
  const registrant = await newcomer()
  const registered = ok<MyUnit>(await register(registrant, over), 201)
  const approved = ok<StaffUnit>(await w.post(`/api/staff/units/${registered.unit!.id}/approve`, staff))
  return { unit: approved, admin: registrant }
}

async function join(unitAdmin: As, member: As) {
  const invite = ok<UnitInvite>(await w.post('/api/units/mine/invites', unitAdmin), 201)
  return ok<MyUnit>(await w.post(`/api/unit-invites/${invite.code}/accept`, member, { name: '单位同事' }))
}

/* ================================================================= 在职党员报到 */

describe('在职党员报到', () => {
  it('asks for 住户认证 first: the community where the member lives is the one they report to', async () => {
    expectError(await report(await newcomer()), 409, 'HOUSEHOLD_REQUIRED', '请先完成住户认证，再向居住地社区报到')
  })

  it('reports with a private photo of the 党员证; one live report at a time; bad fields are named', async () => {
    const member = await w.fresh(lianTong)
    const photo = ok<{ id: number; url: string | null }>(await upload(member, 'party_card'), 201)
    // Not public, and not sent to WeChat's content check: nothing is published.
    expect(photo.url).toBeNull()
    const [stored] = await t.handle.db.select().from(uploads).where(eq(uploads.id, photo.id))
    expect(stored).toMatchObject({ purpose: 'party_card', moderation: 'unchecked' })
    expect(stored!.storageKey.startsWith('private-')).toBe(true)
    expectError(await w.send({ method: 'GET', url: `/api/files/${stored!.storageKey}` }), 404, 'NOT_FOUND')

    const other = await w.fresh(lianTong)
    expectError(await report(other, { cardPhotoId: photo.id }), 400, 'PHOTO_NOT_FOUND')
    const bad = await report(member, { workplace: '检', partyOrganisation: '' })
    expectError(bad, 400, 'VALIDATION_FAILED')
    expect(bad.json().details.map((d: { path: string }) => d.path).sort()).toEqual(['body.partyOrganisation', 'body.workplace'])

    const sent = ok<MyPartyReport>(await report(member, { cardPhotoId: photo.id }), 201)
    expect(sent).toMatchObject({ isPartyMember: false, totals: null, report: { status: 'pending', communityId: lianTong, ...REPORT, hasCard: true, actions: ['withdraw'], name: member.name } })
    expectError(await report(member), 409, 'PARTY_REPORT_EXISTS')
    expect(ok<MyPartyReport>(await w.get('/api/party-reports/mine', member)).report!.id).toBe(sent.report!.id)

    // The photo: the member and staff of the community (logged), nobody else.
    const card = await w.get(`/api/party-reports/${sent.report!.id}/card`, member)
    expect(card.statusCode).toBe(200)
    expect(card.headers['content-type']).toBe('image/png')
    expect(card.headers['cache-control']).toBe('private, no-store')
    // The picture as stored: decoded and re-encoded (uploads.image.ts), still the 1×1 PNG.
    expect(await sharp(card.rawPayload).metadata()).toMatchObject({ format: 'png', width: 1, height: 1 })
    expect((await w.get(`/api/party-reports/${sent.report!.id}/card`, staff)).rawPayload.equals(card.rawPayload)).toBe(true)
    const logged = await t.handle.db.select().from(personalDataAccess).where(and(eq(personalDataAccess.subjectPersonId, member.personId), eq(personalDataAccess.purpose, 'party_reports')))
    expect(logged.map((l) => l.route)).toContain('GET /api/party-reports/:id/card')
    for (const stranger of [other, staffFuLong]) expectError(await w.get(`/api/party-reports/${sent.report!.id}/card`, stranger), 404, 'NOT_FOUND')
  })

  it('staff of the community confirm: the 党员 role, the 订阅消息 and the audit trail; staff cannot confirm themselves', async () => {
    const member = await w.fresh(lianTong)
    const sent = await reportOf(member)
    const queue = ok<PartyReportQueue>(await w.get(`/api/staff/party-reports?communityId=${lianTong}`, staff))
    const row = queue.items.find((r) => r.id === sent.id)!
    expect(row).toMatchObject({ name: member.name, phone: member.phone, actions: ['approve', 'reject'], totals: null })
    expect(row.address).toMatch(/^联通社区 第.+网格 /)
    expectError(await w.get(`/api/staff/party-reports?communityId=${lianTong}`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.post(`/api/staff/party-reports/${sent.id}/approve`, staffFuLong), 403, 'OUT_OF_COMMUNITY')

    const approved = ok<StaffPartyReport>(await w.post(`/api/staff/party-reports/${sent.id}/approve`, staff))
    expect(approved).toMatchObject({ status: 'approved', actions: ['revoke'], totals: { wishesFulfilled: 0, activities: 0, hours: 0 } })
    expectError(await w.post(`/api/staff/party-reports/${sent.id}/approve`, admin), 409, 'REPORT_STATE_CONFLICT')
    expect((await me(member)).roles).toContain('party_member')
    expect(ok<MyPartyReport>(await w.get('/api/party-reports/mine', member))).toMatchObject({ isPartyMember: true, report: { status: 'approved', actions: [] }, totals: { wishesFulfilled: 0 } })
    const [message] = await t.handle.db.select().from(notifications).where(and(eq(notifications.userId, member.userId), eq(notifications.event, 'party_report_result')))
    expect(message).toMatchObject({ dedupeKey: `party_report_result:${sent.id}`, page: 'packages/account/party-report/index' })
    expect(message!.data).toMatchObject({ thing1: { value: '联通社区' }, thing2: { value: '在职党员报到' }, phrase3: { value: '已通过' } })
    const [audit] = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'party.approve'), eq(auditLog.subjectId, String(sent.id))))
    expect(audit).toMatchObject({ communityId: lianTong, subjectType: 'party_report' })

    // The demo's staff member lives in 联通社区 too: their own report waits for someone else.
    const own = await reportOf(staff)
    expectError(await w.post(`/api/staff/party-reports/${own.id}/approve`, staff), 403, 'SELF_APPROVAL_FORBIDDEN')
    ok(await w.post(`/api/party-reports/${own.id}/withdraw`, staff))
  })

  it('rejects with a reason, lets the member withdraw and report again, and ends a report in force with the role', async () => {
    const member = await w.fresh(lianTong)
    const first = await reportOf(member)
    expectError(await w.post(`/api/staff/party-reports/${first.id}/reject`, staff, { reason: '' }), 400, 'VALIDATION_FAILED')
    const rejected = ok<StaffPartyReport>(await w.post(`/api/staff/party-reports/${first.id}/reject`, staff, { reason: '党组织名称与组织关系不符' }))
    expect(rejected).toMatchObject({ status: 'rejected', reason: '党组织名称与组织关系不符', actions: [] })
    expectError(await w.post(`/api/party-reports/${first.id}/withdraw`, member), 409, 'REPORT_STATE_CONFLICT')

    const second = await reportOf(member)
    expectError(await w.post(`/api/party-reports/${second.id}/withdraw`, await w.fresh(lianTong)), 404, 'NOT_FOUND')
    expect(ok<MyPartyReport>(await w.post(`/api/party-reports/${second.id}/withdraw`, member)).report).toMatchObject({ status: 'withdrawn', actions: [] })

    const third = await reportOf(member)
    ok(await w.post(`/api/staff/party-reports/${third.id}/approve`, staff))
    expect(ok<PartyReportQueue>(await w.get(`/api/staff/party-reports?communityId=${lianTong}&status=approved`, staff)).items.map((r) => r.id)).toContain(third.id)
    expectError(await report(member), 409, 'PARTY_REPORT_EXISTS')
    const ended = ok<StaffPartyReport>(await w.post(`/api/staff/party-reports/${third.id}/revoke`, staff, { reason: '组织关系已转出本区' }))
    expect(ended).toMatchObject({ status: 'revoked', reason: '组织关系已转出本区', actions: [] })
    expect((await me(member)).roles).not.toContain('party_member')
    expect(ok<MyPartyReport>(await w.get('/api/party-reports/mine', member))).toMatchObject({ isPartyMember: false, totals: null, report: { status: 'revoked' } })
  })
})

/* ================================================================= 驻区单位 */

describe('驻区单位报到', () => {
  it('registers with a checked 统一社会信用代码; one live unit per name and code; staff see it in their queue', async () => {
    const someone = await newcomer()
    const bad = await register(someone, { creditCode: '91350100M000100Y44', name: '短', contactName: '' })
    expectError(bad, 400, 'VALIDATION_FAILED')
    expect(bad.json().details).toEqual(
      expect.arrayContaining([
        { path: 'body.creditCode', message: '统一社会信用代码不正确，请核对营业执照或登记证书上的18位代码' },
        { path: 'body.name', message: '请填写单位全称（至少4个字）' },
      ]),
    )
    expectError(await register(someone, { communityId: 99999999 }), 400, 'VALIDATION_FAILED')

    const mine = ok<MyUnit>(await register(someone, { name: '黑河市第一人民医院', creditCode: CREDIT_CODES[0]!.toLowerCase() }), 201)
    expect(mine).toMatchObject({ role: null, members: [], totals: null, unit: { status: 'pending', name: '黑河市第一人民医院', creditCode: CREDIT_CODES[0], contactName: '孙志强', actions: ['withdraw'] } })
    expect(mine.unit!.contactPhone).toMatch(/^139\*{4}\d{4}$/)
    expectError(await register(someone), 409, 'UNIT_REGISTRATION_EXISTS', '您登记的单位正在审核，请等待社区审核结果')
    // A colleague registering the same unit again, by name or by code.
    expectError(await register(await newcomer(), { name: '黑河市第一人民医院' }), 409, 'UNIT_REGISTRATION_EXISTS')
    expectError(await register(await newcomer(), { creditCode: CREDIT_CODES[0] }), 409, 'UNIT_REGISTRATION_EXISTS')

    const queue = ok<UnitQueue>(await w.get(`/api/staff/units?communityId=${lianTong}`, staff))
    const row = queue.items.find((u) => u.id === mine.unit!.id)!
    expect(row).toMatchObject({ members: 0, totals: null, actions: ['approve', 'reject'] })
    expect(row.contactPhone).toMatch(/^139\d{8}$/)
    expect((ok<StaffOverview>(await w.get(`/api/staff/overview?communityId=${lianTong}`, staff))).unitRegistrations).toBeGreaterThanOrEqual(1)
    expectError(await w.get(`/api/staff/units?communityId=${lianTong}`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
  })

  it('approval makes whoever registered it the admin, told by 订阅消息; a rejected name may register again', async () => {
    const registrant = await newcomer()
    const pending = ok<MyUnit>(await register(registrant, { name: '爱辉区人民检察院', creditCode: CREDIT_CODES[1] }), 201).unit!
    const approved = ok<StaffUnit>(await w.post(`/api/staff/units/${pending.id}/approve`, staff))
    expect(approved).toMatchObject({ status: 'approved', members: 1, totals: { wishesFulfilled: 0, activities: 0, hours: 0 }, actions: [] })
    const profile = await me(registrant)
    expect(profile.unit).toEqual({ id: pending.id, name: '爱辉区人民检察院', role: 'admin' })
    expect(profile.roles).toContain('unit')
    const [message] = await t.handle.db.select().from(notifications).where(and(eq(notifications.userId, registrant.userId), eq(notifications.event, 'unit_registration_result')))
    expect(message).toMatchObject({ dedupeKey: `unit_registration_result:${pending.id}`, page: 'packages/account/unit/index' })
    expect(message!.data).toMatchObject({ thing2: { value: '驻区单位报到：爱辉区人民检察院' }, phrase3: { value: '已通过' } })
    expectError(await w.post(`/api/staff/units/${pending.id}/reject`, staff, { reason: '重复登记' }), 409, 'REPORT_STATE_CONFLICT')

    const other = await newcomer()
    const second = ok<MyUnit>(await register(other, { name: '爱辉区图书馆' }), 201).unit!
    expect(ok<StaffUnit>(await w.post(`/api/staff/units/${second.id}/reject`, staff, { reason: '请填写单位全称' }))).toMatchObject({ status: 'rejected', rejectReason: '请填写单位全称' })
    expect(ok<MyUnit>(await w.get('/api/units/mine', other)).unit).toMatchObject({ status: 'rejected', rejectReason: '请填写单位全称', actions: [] })
    ok(await register(other, { name: '爱辉区图书馆' }), 201)
    const withdrawn = ok<MyUnit>(await w.post(`/api/units/${ok<MyUnit>(await w.get('/api/units/mine', other)).unit!.id}/withdraw`, other))
    expect(withdrawn.unit).toMatchObject({ status: 'withdrawn' })

    // Staff do not approve the unit they registered themselves.
    const own = ok<MyUnit>(await register(staff, { name: '联通社区居委会' }), 201).unit!
    expectError(await w.post(`/api/staff/units/${own.id}/approve`, staff), 403, 'SELF_APPROVAL_FORBIDDEN')
    ok(await w.post(`/api/units/${own.id}/withdraw`, staff))
  })

  it('the admin invites the unit’s people by a share card many can use; one unit per account', async () => {
    const { unit, admin: unitAdmin } = await approvedUnit({ name: '黑河市第二人民医院' })
    const invite = ok<UnitInvite>(await w.post('/api/units/mine/invites', unitAdmin), 201)
    expect(invite.path).toBe(`packages/account/unit-join/index?code=${invite.code}`)
    const a = await newcomer()
    expect(ok<UnitInvitePreview>(await w.get(`/api/unit-invites/${invite.code}`, a))).toMatchObject({ unitName: '黑河市第二人民医院', communityName: '联通社区' })
    const unnamed = await w.post(`/api/unit-invites/${invite.code}/accept`, a, { name: ' ' })
    expectError(unnamed, 400, 'VALIDATION_FAILED')
    expect(unnamed.json().details).toEqual([{ path: 'body.name', message: '请填写您的姓名（至少2个字）' }])
    const joined = ok<MyUnit>(await w.post(`/api/unit-invites/${invite.code}/accept`, a, { name: '钱晓梅' }))
    expect(joined).toMatchObject({ role: 'member', unit: { id: unit.id } })
    // The admin goes by the contact's name (a new account has no person); the member by the name given.
    expect(joined.members.map((m) => [m.name, m.role, m.isMe])).toEqual([['孙志强', 'admin', false], ['钱晓梅', 'member', true]])
    const b = await w.fresh(lianTong)
    ok(await w.post(`/api/unit-invites/${invite.code}/accept`, b, { name: '吴建军' }))
    expect((await me(b)).unit).toEqual({ id: unit.id, name: '黑河市第二人民医院', role: 'member' })
    expectError(await w.post(`/api/unit-invites/${invite.code}/accept`, b, { name: '吴建军' }), 409, 'ALREADY_IN_UNIT', '您已是这个单位的成员')
    // A member does not invite; someone of another unit must leave it first.
    expectError(await w.post('/api/units/mine/invites', b), 403, 'UNIT_ADMIN_REQUIRED')
    expectError(await w.post('/api/units/mine/invites', await newcomer()), 403, 'UNIT_REQUIRED')
    const elsewhere = await approvedUnit()
    expectError(await w.post(`/api/unit-invites/${invite.code}/accept`, elsewhere.admin, { name: '赵丽' }), 409, 'ALREADY_IN_UNIT', '您已是一个驻区单位的成员，请先退出原单位')
    expectError(await register(b), 409, 'ALREADY_IN_UNIT')
    const [audit] = await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'unit.join'), eq(auditLog.subjectId, String(unit.id))))
    expect(audit).toMatchObject({ actorUserId: a.userId })

    t.clock.now = new Date(Date.parse(invite.expiresAt))
    expectError(await w.post(`/api/unit-invites/${invite.code}/accept`, await newcomer(), { name: '周强' }), 409, 'INVITE_EXPIRED')
    expectError(await w.get('/api/unit-invites/no-such-unit-invite', a), 404, 'INVITE_INVALID')
  })

  it('the admin removes a member, a member leaves; when the last admin goes the longest-standing member takes over', async () => {
    const { unit, admin: unitAdmin } = await approvedUnit()
    const first = await newcomer()
    await join(unitAdmin, first)
    t.clock.now = new Date(NOW.getTime() + 60_000)
    const second = await newcomer()
    await join(unitAdmin, second)
    const third = await newcomer()
    await join(unitAdmin, third)

    expectError(await w.post(`/api/units/mine/members/${third.userId}/remove`, second), 403, 'UNIT_ADMIN_REQUIRED')
    expect(ok<MyUnit>(await w.post(`/api/units/mine/members/${third.userId}/remove`, unitAdmin)).members).toHaveLength(3)
    expect(await me(third)).toMatchObject({ unit: null })
    expect((await me(third)).roles).not.toContain('unit')
    expect(ok<MyUnit>(await w.post(`/api/units/mine/members/${second.userId}/remove`, second))).toMatchObject({ unit: null, role: null })
    expectError(await w.post(`/api/units/mine/members/${second.userId}/remove`, unitAdmin), 404, 'NOT_FOUND')

    ok(await w.post(`/api/units/mine/members/${(await me(unitAdmin)).id}/remove`, unitAdmin))
    expect((await me(first)).unit).toEqual({ id: unit.id, name: unit.name, role: 'admin' })
    // The unit they registered is no longer theirs to show: the page offers a new registration.
    expect(ok<MyUnit>(await w.get('/api/units/mine', unitAdmin))).toEqual({ unit: null, role: null, members: [], totals: null })
  })
})

/* ================================================================= claims and totals */

describe('what they have done', () => {
  /** An open wish of 联通社区, posted by a resident and approved by staff. */
  async function openWish(): Promise<Wish> {
    const wisher = await w.fresh(lianTong)
    const posted = ok<Wish>(await w.post('/api/wishes', wisher, { category: 'elderly_care', title: '想请人帮忙换灯泡', description: '厨房的灯泡坏了，够不着。', photoIds: [], valueYuan: 0, contactPreference: 'phone' }), 201)
    ok(await w.post(`/api/staff/wishes/${posted.id}/approve`, staff, {}))
    return Object.assign(posted, { wisher })
  }
  async function fulfilAndConfirm(wish: Wish, claimer: As) {
    const proof = ok<{ id: number }>(await upload(claimer, 'proof_photo'), 201)
    ok(await w.post(`/api/wishes/${wish.id}/fulfil`, claimer, { proofPhotoId: proof.id, note: '已换好' }))
    ok(await w.post(`/api/wishes/${wish.id}/confirm`, (wish as Wish & { wisher: As }).wisher, { thanks: '谢谢！', rating: 5 }))
  }

  it('a member claims as the unit or for themself: each wish counts once, for whom it was claimed', async () => {
    const { unit, admin: unitAdmin } = await approvedUnit()
    const member = await w.fresh(lianTong)
    await join(unitAdmin, member)
    // A resident member is no volunteer: only as the unit, until they register.
    const forUnit = await openWish()
    expectError(await w.post(`/api/wishes/${forUnit.id}/claim`, member, { asUnit: false }), 403, 'VOLUNTEER_REQUIRED')
    const claimed = ok<Wish>(await w.post(`/api/wishes/${forUnit.id}/claim`, member, { asUnit: true }))
    expect(claimed.claim).toMatchObject({ claimerName: unit.name, mine: true })
    await fulfilAndConfirm(forUnit, member)

    // The party-member persona claims for themself.
    const party = await t.headersAs('party_member')
    const before = ok<MyPartyReport>(await w.get('/api/party-reports/mine', party)).totals!
    const forSelf = await openWish()
    ok(await w.post(`/api/wishes/${forSelf.id}/claim`, party, { asUnit: false }))
    await fulfilAndConfirm(forSelf, party)

    expect(ok<MyUnit>(await w.get('/api/units/mine', member)).totals).toMatchObject({ wishesFulfilled: 1 })
    expect(ok<MyPartyReport>(await w.get('/api/party-reports/mine', party)).totals).toMatchObject({ wishesFulfilled: before.wishesFulfilled + 1 })
    const listed = ok<UnitQueue>(await w.get(`/api/staff/units?communityId=${lianTong}&status=approved`, staff)).items.find((u) => u.id === unit.id)!
    expect(listed).toMatchObject({ members: 2, totals: { wishesFulfilled: 1 } })
  })

  it('counts a member’s confirmed service for the unit from the day they joined; a party member’s all of it', async () => {
    const { unit, admin: unitAdmin } = await approvedUnit()
    const member = await w.fresh(lianTong)
    const twoActivities = await t.handle.db.select().from(activities).where(eq(activities.communityId, lianTong)).limit(2)
    const served = (daysFromNow: number, minutes: number) => {
      const startsAt = new Date(NOW.getTime() + daysFromNow * 86_400_000)
      return {
        activityId: twoActivities[daysFromNow < 0 ? 0 : 1]!.id,
        communityId: lianTong,
        userId: member.userId,
        personId: member.personId,
        status: 'accepted' as const,
        startsAt,
        endsAt: new Date(startsAt.getTime() + minutes * 60_000),
        checkedInAt: startsAt,
        checkedOutAt: new Date(startsAt.getTime() + minutes * 60_000),
        confirmedMinutes: minutes,
        confirmedAt: new Date(startsAt.getTime() + minutes * 60_000),
        confirmedByUserId: unitAdmin.userId,
      }
    }
    // Served 2 h before joining, then 90 min after.
    await t.handle.db.insert(activitySignups).values(served(-10, 120))
    await join(unitAdmin, member)
    t.clock.now = new Date(NOW.getTime() + 86_400_000)
    await t.handle.db.insert(activitySignups).values(served(1, 90))
    expect(ok<MyUnit>(await w.get('/api/units/mine', member)).totals).toEqual({ wishesFulfilled: 0, activities: 1, hours: 1.5 })

    const sent = await reportOf(member)
    ok(await w.post(`/api/staff/party-reports/${sent.id}/approve`, staff))
    expect(ok<MyPartyReport>(await w.get('/api/party-reports/mine', member)).totals).toEqual({ wishesFulfilled: 0, activities: 2, hours: 3.5 })
    expect(unit.id).toBeGreaterThan(0)
  })
})

/* ================================================================= personal data */

describe('personal data', () => {
  it('exports the reports and units; 注销 erases them and hands the unit to the next member', async () => {
    const { unit, admin: unitAdmin } = await approvedUnit()
    const colleague = await newcomer()
    await join(unitAdmin, colleague)
    const leaving = await w.fresh(lianTong)
    await reportOf(leaving)
    ok(await w.post(`/api/units/mine/members/${colleague.userId}/remove`, unitAdmin))
    await join(unitAdmin, colleague)

    const exported = ok<PersonalDataExport>(await w.get('/api/me/personal-data', leaving))
    expect(exported.sections.partyReports).toEqual([expect.objectContaining({ workplace: REPORT.workplace, status: 'pending' })])
    const adminExport = ok<PersonalDataExport>(await w.get('/api/me/personal-data', unitAdmin))
    expect(adminExport.sections.units).toEqual(expect.arrayContaining([expect.objectContaining({ unit: unit.name, role: 'admin' }), expect.objectContaining({ registeredUnit: unit.name, contactName: '孙志强' })]))

    for (const who of [leaving, unitAdmin]) {
      const res = await w.send({ method: 'DELETE', url: '/api/me', headers: who, payload: { confirmation: '确认注销' } })
      expect(res.statusCode, res.body).toBe(204)
    }
    const staffView = ok<PartyReportQueue>(await w.get(`/api/staff/party-reports?communityId=${lianTong}&status=withdrawn`, staff)).items.find((r) => r.name === '已注销用户')
    expect(staffView).toMatchObject({ workplace: '', partyOrganisation: '', hasCard: false })
    expect((await me(colleague)).unit).toEqual({ id: unit.id, name: unit.name, role: 'admin' })
  })
})

/* ================================================================= who may do what */

const F: Outcome = [403, 'FORBIDDEN']
const O: Outcome = [403, 'OUT_OF_COMMUNITY']

describe('who may call what', () => {
  const pendingReport = async () => reportOf(await w.fresh(lianTong))
  const approvedReport = async () => {
    const r = await pendingReport()
    ok(await w.post(`/api/staff/party-reports/${r.id}/approve`, admin))
    return r
  }
  const pendingUnit = async () => ok<MyUnit>(await register(await newcomer()), 201).unit!
  const rows: MatrixRow[] = [
    { route: 'GET /api/staff/party-reports', run: (as) => w.get(`/api/staff/party-reports?communityId=${lianTong}`, as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    { route: 'POST …/party-reports/:id/approve', run: async (as) => w.post(`/api/staff/party-reports/${(await pendingReport()).id}/approve`, as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    { route: 'POST …/party-reports/:id/reject', run: async (as) => w.post(`/api/staff/party-reports/${(await pendingReport()).id}/reject`, as, { reason: '信息不符' }), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    { route: 'POST …/party-reports/:id/revoke', run: async (as) => w.post(`/api/staff/party-reports/${(await approvedReport()).id}/revoke`, as, { reason: '已迁出' }), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    { route: 'POST /api/party-reports/:id/withdraw (someone else’s)', run: async (as) => w.post(`/api/party-reports/${(await pendingReport()).id}/withdraw`, as), outcomes: { resident: [404, 'NOT_FOUND'], volunteer: [404, 'NOT_FOUND'], 'staff elsewhere': [404, 'NOT_FOUND'], staff: [404, 'NOT_FOUND'], admin: [404, 'NOT_FOUND'] } },
    { route: 'GET /api/staff/units', run: (as) => w.get(`/api/staff/units?communityId=${lianTong}`, as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    { route: 'POST …/units/:id/approve', run: async (as) => w.post(`/api/staff/units/${(await pendingUnit()).id}/approve`, as), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    { route: 'POST …/units/:id/reject', run: async (as) => w.post(`/api/staff/units/${(await pendingUnit()).id}/reject`, as, { reason: '信息不全' }), outcomes: { resident: F, volunteer: F, 'staff elsewhere': O, staff: 200, admin: 200 } },
    { route: 'POST /api/units/:id/withdraw (someone else’s)', run: async (as) => w.post(`/api/units/${(await pendingUnit()).id}/withdraw`, as), outcomes: { resident: [404, 'NOT_FOUND'], volunteer: [404, 'NOT_FOUND'], 'staff elsewhere': [404, 'NOT_FOUND'], staff: [404, 'NOT_FOUND'], admin: [404, 'NOT_FOUND'] } },
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

  it('asks for a session on every route', async () => {
    for (const [method, url] of [
      ['POST', '/api/party-reports'], ['GET', '/api/party-reports/mine'], ['GET', '/api/party-reports/1/card'], ['POST', '/api/units'], ['GET', '/api/units/mine'],
      ['POST', '/api/units/mine/invites'], ['GET', '/api/unit-invites/abcdefghij'], ['POST', '/api/unit-invites/abcdefghij/accept'], ['GET', '/api/staff/units'],
    ] as const) {
      expectError(await w.send({ method, url, payload: method === 'POST' ? {} : undefined }), 401, 'UNAUTHENTICATED')
    }
  })
})

