import { readdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import sharp from 'sharp'
import {
  bookings as bookingsTable,
  certificates,
  householdPoints,
  notifications,
  personalDataAccess,
  persons,
  pointsLedger,
  roleGrants,
  teamMembers,
  uploads,
  users,
  volunteerProfiles,
  wishes as wishesTable,
} from '../../server/src/db/schema'
import type { Booking, Room } from '../../types/api/booking'
import type { HouseholdSearchResult, LedgerPage } from '../../types/api/points'
import type { AccountDeletionCheck, PersonalDataAccessPage, PersonalDataExport } from '../../types/api/privacy'
import type { Wish } from '../../types/api/wishes'
import { createTestApp, type TestApp } from '../support/test-app'
import type { Account } from './booking-fixtures'
import { volunteerWorld } from './volunteer-fixtures'
import { type As, expectError, ok } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * 个人信息 (PIPL) through the API: the export of everything held about the caller, account deletion (refused
 * while anything is open, then anonymised with balances intact and the session ended), the log of staff access
 * to personal data (written for each staff view, never for one's own data) and the admin's paged reading of it,
 * and children's names cut to 王* for everyone but the child.
 */

let t: TestApp
let w: ReturnType<typeof volunteerWorld>
let lianTong: number
let resident: As // 张秀兰, 13845675678
let staff: As & { userId: number; personId: number } // 刘晓燕, staff of 联通社区
let admin: As
let volunteer: As // 李建国
let centre: number
let room: Room

const ZHANG_PHONE = '13845675678'
const wish = (over: Record<string, unknown> = {}) => ({
  category: 'elderly_care',
  title: '想请人帮忙换灯泡',
  description: '卫生间的灯泡坏了，自己够不着，想请志愿者帮忙换一个。',
  photoIds: [],
  valueYuan: 20,
  contactPreference: 'phone',
  neededBy: null,
  ...over,
})
const del = (as: As, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'DELETE', url: '/api/me', headers: { authorization: as.authorization, ...headers }, ...(payload ? { payload } : {}) })

let phoneSeq = 0
/** A fresh resident of 联通社区 with a phone number on file (the seed leaves some people without one). */
async function freshWithPhone(): Promise<Account> {
  const account = await w.fresh(lianTong)
  if (account.phone) return account
  const phone = `137000${String(++phoneSeq).padStart(5, '0')}`
  await t.handle.db.update(persons).set(t.personalData.sealPhone(phone)).where(eq(persons.id, account.personId))
  return { ...account, phone }
}

/** The audit rows about a person, oldest first. */
async function accessRows(subjectPersonId: number) {
  return t.handle.db.select().from(personalDataAccess).where(eq(personalDataAccess.subjectPersonId, subjectPersonId)).orderBy(asc(personalDataAccess.id))
}

async function userRow(userId: number) {
  const [row] = await t.handle.db.select().from(users).where(eq(users.id, userId))
  return row!
}

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = volunteerWorld(t)
  lianTong = await w.look.communityId('联通社区')
  resident = await t.headersAs('resident')
  const staffUser = await w.look.userOfPersona('staff')
  staff = { ...(await t.headersAs('staff')), userId: staffUser.id, personId: staffUser.personId! }
  admin = await t.headersAs('admin')
  volunteer = await t.headersAs('volunteer')
  centre = await w.stationId('联通社区党群服务中心')
  room = await w.newRoom(staff, centre)
}, 60_000)
afterAll(() => t?.close())

/* ----------------------------------------------------------------- export */

describe('GET /api/me/personal-data', () => {
  it('exports everything held about the caller, their own phone in clear', async () => {
    const zhang = await w.look.person('张秀兰')
    const zhangUser = await w.look.userOfPersona('resident')
    // A reminder in the outbox and a picture uploaded: both belong in the export.
    await t.handle.db.insert(notifications).values({ userId: zhangUser.id, event: 'booking_result', dedupeKey: `privacy-test:${zhangUser.id}`, page: 'pages/index/index', data: { thing1: { value: '会议培训室' } }, createdAt: NOW })
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
    const boundary = '----privacy-test'
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/uploads?purpose=wish_photo',
      headers: { ...resident, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    })
    const uploadId = ok<{ id: number }>(upload, 201).id

    const res = await w.get('/api/me/personal-data', resident)
    expect(res.headers['cache-control']).toBe('no-store')
    const data = ok<PersonalDataExport>(res)
    expect(data).toMatchObject({
      format: 'doorstep-personal-data/1',
      account: { id: zhangUser.id, roles: ['resident'], wechatLinked: false },
      person: { id: zhang.id, name: '张秀兰', phone: ZHANG_PHONE, birthYear: 1951, community: '联通社区', address: expect.stringMatching(/^联通社区 第三网格 \S+ 3号楼 2单元 301$/) },
      volunteer: null,
    })
    // The seed gave her wishes, bookings and points; each section lists her own rows only.
    const { sections } = data
    expect(sections.wishes.length).toBeGreaterThan(0)
    expect(sections.bookings.length).toBeGreaterThan(0)
    expect(sections.pointsLedger).toEqual(expect.arrayContaining([expect.objectContaining({ amount: 120, title: '社区奖励：冬季清雪志愿服务' })]))
    const ledgerRows = await t.handle.db.select().from(pointsLedger).where(eq(pointsLedger.personId, zhang.id))
    expect(sections.pointsLedger).toHaveLength(ledgerRows.length)
    expect(sections.reminders).toEqual([{ id: expect.any(Number), event: 'booking_result', status: 'pending', createdAt: '2026-11-17T10:00:00+08:00', sentAt: null }])
    expect(sections.uploads).toEqual([expect.objectContaining({ id: uploadId, purpose: 'wish_photo', mimeType: 'image/png', url: expect.stringMatching(/^\/api\/files\//) })])
    expect(sections.claims).toEqual([])
    expect(sections.signups).toEqual([])
  })

  it('gives a volunteer their registration, sign-ups with hours and certificates', async () => {
    const issued = await w.post('/api/volunteer/certificates', volunteer, {})
    expect(issued.statusCode, issued.body).toBe(201)
    const data = ok<PersonalDataExport>(await w.get('/api/me/personal-data', volunteer))
    expect(data.volunteer).toMatchObject({ realName: '李建国', phone: '13604567788', consentVersion: expect.any(String) })
    expect(data.account.roles).toEqual(expect.arrayContaining(['resident', 'volunteer']))
    const confirmed = data.sections.signups.filter((s) => typeof s.confirmedHours === 'number' && (s.confirmedHours as number) > 0)
    expect(confirmed.length).toBeGreaterThan(10)
    expect(data.sections.certificates).toEqual([expect.objectContaining({ holderName: '李建国', totalHours: expect.any(Number) })])
    // Nobody else's phone number is in it.
    expect(JSON.stringify(data)).not.toContain(ZHANG_PHONE)
  })

  it('answers only with a session', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/me/personal-data' }), 401, 'UNAUTHENTICATED')
  })
})

/* ----------------------------------------------------------------- the access log */

describe('the log of staff access to personal data', () => {
  let booker: Account
  let booking: Booking

  beforeAll(async () => {
    booker = await freshWithPhone()
    booking = ok<Booking>(await w.book(booker, room.id, '2026-11-18', '14:00', '15:00'), 201)
  })

  it("logs the booking desk list and a booking's detail seen by staff, with the route; not the booker's own views", async () => {
    expect(await accessRows(booker.personId)).toEqual([])
    // The booker sees their own phone: nothing logged.
    expect(ok<Booking>(await w.get(`/api/bookings/${booking.id}`, booker)).bookerPhone).toBe(booker.phone)
    ok(await w.get('/api/bookings/mine', booker))
    expect(await accessRows(booker.personId)).toEqual([])

    const desk = ok<{ items: Booking[] }>(await w.get('/api/staff/bookings?view=day&date=2026-11-18', staff))
    expect(desk.items.find((b) => b.id === booking.id)).toMatchObject({ bookerPhone: booker.phone })
    expect(ok<Booking>(await w.get(`/api/bookings/${booking.id}`, staff)).bookerPhone).toBe(booker.phone)
    expect(await accessRows(booker.personId)).toEqual([
      expect.objectContaining({ actorUserId: staff.userId, purpose: 'booking_desk', route: 'GET /api/staff/bookings', createdAt: NOW }),
      expect.objectContaining({ actorUserId: staff.userId, purpose: 'booking_desk', route: 'GET /api/bookings/:id' }),
    ])
    // One row per person whose phone the list showed: every booker of the day with a number, in one insert.
    const shownBookings = desk.items.filter((b) => b.bookerPhone !== null).map((b) => b.id)
    const shownPeople = await t.handle.db
      .selectDistinct({ personId: users.personId })
      .from(bookingsTable)
      .innerJoin(users, eq(users.id, bookingsTable.bookerUserId))
      .where(inArray(bookingsTable.id, shownBookings))
    const logged = await t.handle.db
      .select({ subject: personalDataAccess.subjectPersonId })
      .from(personalDataAccess)
      .where(and(eq(personalDataAccess.actorUserId, staff.userId), eq(personalDataAccess.route, 'GET /api/staff/bookings')))
    expect(logged.map((r) => r.subject).sort()).toEqual(shownPeople.map((p) => p.personId!).sort())
    expect(shownPeople.length).toBeGreaterThan(0)
  })

  it('logs a staff action answered with the booker’s phone, under its own route', async () => {
    const pending = ok<Booking>(await w.book(booker, (await w.newRoom(staff, centre, { rules: { requiresApproval: true } })).id, '2026-11-19', '09:00', '10:00'), 201)
    const approved = ok<Booking>(await w.post(`/api/staff/bookings/${pending.id}/approve`, staff, {}))
    expect(approved.bookerPhone).toBe(booker.phone)
    expect((await accessRows(booker.personId)).at(-1)).toMatchObject({ purpose: 'booking_desk', route: 'POST /api/staff/bookings/:id/approve' })
  })

  it("does not log staff looking at their own booking", async () => {
    const own = ok<Booking>(await w.book(staff, room.id, '2026-11-20', '16:00', '17:00'), 201)
    ok(await w.get(`/api/bookings/${own.id}`, staff))
    ok(await w.get('/api/staff/bookings?view=day&date=2026-11-20', staff))
    expect(await accessRows(staff.personId)).toEqual([])
  })

  it("logs the roster's phones for the organiser (活动名单)", async () => {
    const v = await w.volunteer(lianTong, { phone: '13911112222' })
    const activity = await w.newActivity(staff, lianTong, '2026-11-21', '09:00', '11:00')
    ok(await w.signUp(v, activity.id))
    expect(await accessRows(v.personId)).toEqual([])
    const roster = await w.roster(staff, activity.id)
    expect(roster.entries.find((e) => e.userId === v.userId)).toMatchObject({ phone: '13911112222' })
    expect(await accessRows(v.personId)).toEqual([expect.objectContaining({ actorUserId: staff.userId, purpose: 'roster', route: 'GET /api/staff/activities/:id/roster' })])
  })

  it("logs a wish's contact phone shown to staff (心愿联系方式), not to the wisher", async () => {
    const wisher = await freshWithPhone()
    const posted = ok<Wish>(await w.post('/api/wishes', wisher, wish()), 201)
    // Her own number is not shown back to her: the contact block is for those who must reach her.
    expect(ok<Wish>(await w.get(`/api/wishes/${posted.id}`, wisher)).contact).toBeNull()
    ok(await w.get('/api/wishes/mine', wisher))
    expect(await accessRows(wisher.personId)).toEqual([])

    const queue = ok<{ items: Wish[] }>(await w.get('/api/staff/wishes', staff))
    expect(queue.items.find((i) => i.id === posted.id)!.contact!.phone).toBe(wisher.phone)
    expect(await accessRows(wisher.personId)).toEqual([expect.objectContaining({ actorUserId: staff.userId, purpose: 'wish_contact', route: 'GET /api/staff/wishes' })])
    ok(await w.post(`/api/staff/wishes/${posted.id}/approve`, staff, {}))
    expect((await accessRows(wisher.personId)).map((r) => r.route)).toEqual(['GET /api/staff/wishes', 'POST /api/staff/wishes/:id/approve'])
    // A resident browsing open wishes sees no phone, and nothing is logged.
    ok(await w.get(`/api/wishes/${posted.id}`, resident))
    expect(await accessRows(wisher.personId)).toHaveLength(2)
  })

  it('logs the household members staff find (家庭成员), not the staff member themself', async () => {
    const zhang = await w.look.person('张秀兰')
    const wang = await w.look.person('王德明')
    const before = (await accessRows(zhang.id)).length
    const found = ok<HouseholdSearchResult>(await w.get(`/api/staff/households?q=${encodeURIComponent('张秀兰')}`, staff))
    const household = found.items.find((h) => h.members.some((m) => m.id === zhang.id))!
    expect(household.members.map((m) => m.id)).toEqual(expect.arrayContaining([zhang.id, wang.id]))
    expect((await accessRows(zhang.id)).slice(before)).toEqual([expect.objectContaining({ actorUserId: staff.userId, purpose: 'household_members', route: 'GET /api/staff/households' })])
    expect((await accessRows(wang.id)).at(-1)).toMatchObject({ purpose: 'household_members' })

    const ownRowsBefore = (await accessRows(staff.personId)).length
    ok(await w.get(`/api/staff/households?q=${encodeURIComponent('刘晓燕')}`, staff))
    expect(await accessRows(staff.personId)).toHaveLength(ownRowsBefore)
  })

  it('shows the person who looked at their data in their export', async () => {
    const data = ok<PersonalDataExport>(await w.get('/api/me/personal-data', booker))
    expect(data.staffAccess.length).toBeGreaterThanOrEqual(3)
    expect(data.staffAccess[0]).toMatchObject({ actorName: '刘晓燕', subjectName: booker.name, purpose: 'booking_desk' })
  })

  describe('GET /api/admin/personal-data-access', () => {
    it('pages the log newest first with a keyset cursor, for one person or everyone', async () => {
      const rows = await accessRows(booker.personId)
      expect(rows.length).toBeGreaterThanOrEqual(3)
      // Entries at different times, so newest-first is by time, then id.
      t.clock.now = new Date(NOW.getTime() + 60_000)
      ok(await w.get(`/api/bookings/${booking.id}`, staff))
      t.clock.now = NOW
      const all = (await accessRows(booker.personId)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)

      const seen: number[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const url = `/api/admin/personal-data-access?personId=${booker.personId}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
        const page: PersonalDataAccessPage = ok<PersonalDataAccessPage>(await w.get(url, admin))
        expect(page.items.length).toBeLessThanOrEqual(2)
        for (const item of page.items) expect(item).toMatchObject({ actorName: '刘晓燕', subjectName: booker.name })
        seen.push(...page.items.map((i) => i.id))
        cursor = page.nextCursor
        pages++
      } while (cursor && pages < 20)
      expect(seen).toEqual(all.map((r) => r.id))
      expect(pages).toBe(Math.ceil(all.length / 2))
      expect(ok<PersonalDataAccessPage>(await w.get(`/api/admin/personal-data-access?personId=${booker.personId}&limit=1`, admin)).items[0]).toMatchObject({
        at: '2026-11-17T10:01:00+08:00',
        route: 'GET /api/bookings/:id',
      })

      const everyone = ok<PersonalDataAccessPage>(await w.get('/api/admin/personal-data-access?limit=100', admin))
      expect(new Set(everyone.items.map((i) => i.subjectName)).size).toBeGreaterThan(3)
    })

    it('is for the admin only, and refuses a tampered cursor', async () => {
      expectError(await w.get('/api/admin/personal-data-access', resident), 403, 'FORBIDDEN')
      expectError(await w.get('/api/admin/personal-data-access', staff), 403, 'FORBIDDEN')
      expectError(await t.app.inject({ method: 'GET', url: '/api/admin/personal-data-access' }), 401, 'UNAUTHENTICATED')
      expectError(await w.get('/api/admin/personal-data-access?cursor=abc_1', admin), 400, 'VALIDATION_FAILED')
      expectError(await w.get('/api/admin/personal-data-access?limit=1000', admin), 400, 'VALIDATION_FAILED')
    })
  })
})

/* ----------------------------------------------------------------- children */

describe("children's names", () => {
  it('are cut to 王* in household lists and ledgers for everyone but the child (a 15-year-old is shown in full)', async () => {
    const zhang = await w.look.person('张秀兰')
    const [child] = await t.handle.db.insert(persons).values({ communityId: lianTong, householdId: zhang.householdId, name: '王小明', birthYear: 2016 }).returning()
    const [teen] = await t.handle.db.insert(persons).values({ communityId: lianTong, householdId: zhang.householdId, name: '王小红', birthYear: 2011 }).returning()
    const found = ok<HouseholdSearchResult>(await w.get(`/api/staff/households?q=${encodeURIComponent('张秀兰')}`, staff))
    const members = found.items.find((h) => h.id === zhang.householdId)!.members
    expect(members).toEqual(expect.arrayContaining([{ id: child!.id, name: '王*', phoneMasked: null }, { id: teen!.id, name: '王小红', phoneMasked: null }, expect.objectContaining({ name: '张秀兰', phoneMasked: '138****5678' })]))
    // Staff search by the child's full name finds the household, and still shows 王*.
    expect(ok<HouseholdSearchResult>(await w.get(`/api/staff/households?q=${encodeURIComponent('王小明')}`, staff)).items.map((h) => h.id)).toContain(zhang.householdId)

    ok(await w.post('/api/staff/points/adjustments', staff, { personId: child!.id, amount: 5, reason: '参加读书会' }), 201)
    const asParent = ok<LedgerPage>(await w.get('/api/points/history?limit=5', resident))
    expect(asParent.items[0]).toMatchObject({ amount: 5, personName: '王*' })
    const asStaff = ok<LedgerPage>(await w.get(`/api/staff/households/${zhang.householdId}/points?limit=5`, staff))
    expect(asStaff.items[0]).toMatchObject({ personName: '王*' })
    const asChild = await t.actAsPerson(child!.id)
    expect(ok<LedgerPage>(await w.get('/api/points/history?limit=5', asChild)).items[0]).toMatchObject({ personName: '王小明' })
    expect(ok<{ name: string }>(await w.get('/api/me', asChild)).name).toBe('王小明')
  })
})

/* ----------------------------------------------------------------- deletion */

describe('account deletion', () => {
  it('is refused while anything is open, each kind named, until each is settled', async () => {
    const me = await w.volunteer(lianTong, { phone: '13922223333' })
    const check = async () => ok<AccountDeletionCheck>(await w.get('/api/me/account-deletion', me)).openCommitments
    expect(await check()).toEqual([])

    const booking = ok<Booking>(await w.book(me, room.id, '2026-11-23', '10:00', '11:00'), 201)
    const activity = await w.newActivity(staff, lianTong, '2026-11-24', '09:00', '11:00')
    ok(await w.signUp(me, activity.id))
    const myWish = ok<Wish>(await w.post('/api/wishes', me, wish({ title: '想要一本字典' })), 201)
    const theirs = ok<Wish>(await w.post('/api/wishes', resident, wish({ title: '想请人修水龙头' })), 201)
    ok(await w.post(`/api/staff/wishes/${theirs.id}/approve`, staff, {}))
    ok(await w.post(`/api/wishes/${theirs.id}/claim`, me, {}))
    ok(await w.post('/api/staff/points/adjustments', staff, { personId: me.personId, amount: 100, reason: '清雪志愿服务' }), 201)
    const towels = await w.look.item(lianTong, '毛巾两条')
    const redemption = ok<{ id: number }>(await w.post(`/api/shop/items/${towels.id}/redeem`, me, {}), 201)

    expect(await check()).toEqual([
      { kind: 'bookings', label: '未结束的预约', count: 1 },
      { kind: 'signups', label: '未开始的活动报名', count: 1 },
      { kind: 'wishes', label: '未完成的心愿', count: 1 },
      { kind: 'claims', label: '认领中的心愿', count: 1 },
      { kind: 'redemptions', label: '待领取的兑换', count: 1 },
    ])
    const refused = await del(me, { confirmation: '确认注销' })
    expectError(refused, 409, 'ACCOUNT_HAS_OPEN_COMMITMENTS')
    expect(refused.json().details).toEqual([
      { path: 'openCommitments.bookings', message: '未结束的预约 1 项' },
      { path: 'openCommitments.signups', message: '未开始的活动报名 1 项' },
      { path: 'openCommitments.wishes', message: '未完成的心愿 1 项' },
      { path: 'openCommitments.claims', message: '认领中的心愿 1 项' },
      { path: 'openCommitments.redemptions', message: '待领取的兑换 1 项' },
    ])
    expect((await userRow(me.userId)).deletedAt).toBeNull()

    // Settled one by one, each disappears from the list.
    ok(await w.post(`/api/bookings/${booking.id}/cancel`, me, { reason: '' }))
    expect((await check()).map((c) => c.kind)).toEqual(['signups', 'wishes', 'claims', 'redemptions'])
    ok(await w.cancel(me, activity.id))
    ok(await w.post(`/api/wishes/${myWish.id}/withdraw`, me, {}))
    ok(await w.post(`/api/wishes/${theirs.id}/give-up`, me, { reason: '临时有事' }))
    expect((await check()).map((c) => c.kind)).toEqual(['redemptions'])
    ok(await w.post(`/api/shop/redemptions/${redemption.id}/cancel`, me, {}))
    expect(await check()).toEqual([])
    // A booking that is over no longer holds the account.
    const today = ok<Booking>(await w.book(me, room.id, '2026-11-17', '14:00', '15:00'), 201)
    expect(today.status).toBe('confirmed')
    expect((await check()).map((c) => c.kind)).toEqual(['bookings'])
    t.clock.now = new Date('2026-11-17T15:30:00+08:00')
    expect(await check()).toEqual([])
    t.clock.now = NOW
  })

  it("deletes the person's pictures, rows and files: their addresses answer 404 at once", async () => {
    const db = t.handle.db
    const me = await w.fresh(lianTong)
    const picture = (background: string) => sharp({ create: { width: 40, height: 30, channels: 3, background } }).jpeg().toBuffer()
    const boundary = '----privacy-erase'
    const upload = async (background: string, as: As = me) => {
      const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), await picture(background), Buffer.from(`\r\n--${boundary}--\r\n`)])
      return ok<{ id: number; url: string }>(await t.app.inject({ method: 'POST', url: '/api/uploads?purpose=wish_photo', headers: { authorization: as.authorization, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload }), 201)
    }
    // A photo on a wish she withdrew (a final state: nothing open), one never attached, and someone else's.
    const onWish = await upload('#aa3333')
    const loose = await upload('#33aa33')
    const created = ok<Wish>(await w.post('/api/wishes', me, wish({ photoIds: [onWish.id] })), 201)
    // Her other wishes from the demo seed are withdrawn too: nothing stays open.
    for (const { id } of await db.select({ id: wishesTable.id }).from(wishesTable).where(and(eq(wishesTable.wisherPersonId, me.personId), inArray(wishesTable.status, ['pending', 'open'])))) {
      ok(await w.post(`/api/wishes/${id}/withdraw`, me, {}))
    }
    const others = await upload('#3333aa', await w.fresh(lianTong))
    const urls = [onWish.url, `${onWish.url}?w=320`, loose.url, `${loose.url}?w=320`]
    for (const url of urls) expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(200)

    const deleted = await del(me, { confirmation: '确认注销' })
    expect(deleted.statusCode, deleted.body).toBe(204)

    for (const url of urls) expectError(await t.app.inject({ method: 'GET', url }), 404, 'NOT_FOUND')
    const files = readdirSync(t.config.uploadDir)
    for (const u of [onWish, loose]) expect(files.filter((f) => f.startsWith(u.url.split('/').pop()!.slice(0, 32)))).toEqual([])
    expect(await db.select().from(uploads).where(eq(uploads.ownerUserId, me.userId))).toEqual([])
    expect((await db.select().from(wishesTable).where(eq(wishesTable.id, created.id)))[0]!.photoIds).toEqual([])
    expect((await t.app.inject({ method: 'GET', url: others.url })).statusCode).toBe(200)
  })

  it('needs the words 确认注销', async () => {
    const me = await w.fresh(lianTong)
    expectError(await del(me, { confirmation: '注销' }), 400, 'DELETION_NOT_CONFIRMED')
    expectError(await del(me, {}), 400, 'DELETION_NOT_CONFIRMED')
    expectError(await del(me), 400, 'DELETION_NOT_CONFIRMED')
    expect((await userRow(me.userId)).deletedAt).toBeNull()
  })

  it('anonymises the account and person, keeps ledgers and balances, ends the session; a new login is a new account', async () => {
    const db = t.handle.db
    const zhang = await w.look.person('张秀兰')
    const wang = await w.look.person('王德明')
    const householdId = zhang.householdId!
    // 王德明 gets an account, a WeChat identity, a volunteer registration with a team, points and a certificate.
    const me = await t.actAsPerson(wang.id)
    await w.look.setOpenid(me.userId, 'openid-wang-deming')
    t.wechat.codes.set('code-wang-1', 'openid-wang-deming')
    const relogin = ok<{ me: { id: number } }>(await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'code-wang-1' } }))
    expect(relogin.me.id).toBe(me.userId)
    ok(await w.put('/api/volunteer/profile', me, { realName: '王德明', phone: '13904561234', skills: ['general'], availability: ['weekend'], consent: true }))
    const [team] = await w.get('/api/volunteer/teams', me).then((r) => r.json().items as { id: number }[])
    ok(await w.post(`/api/volunteer/teams/${team!.id}/join`, me, {}))
    ok(await w.post('/api/staff/points/adjustments', staff, { personId: wang.id, amount: 40, reason: '楼道清雪' }), 201)
    await db.insert(certificates).values({ communityId: lianTong, userId: me.userId, number: '爱辉志证TEST0001', verificationCode: 'privacytest01', holderName: '王德明', issuer: '爱辉区花园街道联通社区', totalMinutes: 120, signupIds: [], issuedAt: NOW })
    const [pendingReminder] = await db.insert(notifications).values({ userId: me.userId, event: 'wish_claimed', dedupeKey: `privacy-del-pending:${me.userId}`, page: 'p', data: {}, createdAt: NOW }).returning()
    const [sentReminder] = await db.insert(notifications).values({ userId: me.userId, event: 'wish_claimed', dedupeKey: `privacy-del-sent:${me.userId}`, page: 'p', data: {}, status: 'sent', sentAt: NOW, createdAt: NOW }).returning()

    const ledgerSum = async () =>
      (await db.select({ sum: sql<number>`coalesce(sum(${pointsLedger.amount}), 0)::int`, rows: sql<number>`count(*)::int` }).from(pointsLedger).where(eq(pointsLedger.householdId, householdId)))[0]!
    const balance = async () => (await db.select().from(householdPoints).where(eq(householdPoints.householdId, householdId)))[0]!.balance
    const before = { balance: await balance(), ledger: await ledgerSum(), wangRows: (await db.select().from(pointsLedger).where(eq(pointsLedger.personId, wang.id))).length }
    expect(before.balance).toBe(before.ledger.sum)
    expect(before.wangRows).toBeGreaterThan(0)
    const zhangMembers = ok<{ household: { memberCount: number } }>(await w.get('/api/me', resident)).household.memberCount

    const res = await del(me, { confirmation: ' 确认注销 ' }, { 'idempotency-key': 'delete-account-wang-1' })
    expect(res.statusCode, res.body).toBe(204)

    // The session is over, and the account cannot be reached by WeChat or a demo persona any more.
    expectError(await w.get('/api/me', me), 401, 'UNAUTHENTICATED')
    expectError(await w.get('/api/me/personal-data', me), 401, 'UNAUTHENTICATED')
    expectError(await del(me, { confirmation: '确认注销' }), 401, 'UNAUTHENTICATED')

    expect(await userRow(me.userId)).toMatchObject({ openid: null, unionid: null, demoPersona: null, displayName: '已注销用户', deletedAt: NOW, personId: wang.id })
    const [person] = await db.select().from(persons).where(eq(persons.id, wang.id))
    expect(person).toMatchObject({ id: wang.id, householdId, name: '已注销用户', phoneCipher: null, phoneHash: null, phoneTail: null, birthYear: null, anonymisedAt: NOW })
    const [profile] = await db.select().from(volunteerProfiles).where(eq(volunteerProfiles.userId, me.userId))
    expect(profile).toMatchObject({ realName: '已注销用户', phoneCipher: null, phoneHash: null, skills: [], availability: [] })
    expect(await db.select().from(teamMembers).where(eq(teamMembers.userId, me.userId))).toEqual([])
    expect(await db.select().from(roleGrants).where(eq(roleGrants.userId, me.userId))).toEqual([])
    expect((await db.select().from(certificates).where(eq(certificates.userId, me.userId)))[0]!.holderName).toBe('已注销用户')
    const reminders = await db.select().from(notifications).where(eq(notifications.userId, me.userId)).orderBy(asc(notifications.id))
    expect(reminders.map((n) => [n.id, n.status, n.lastError])).toEqual([
      [pendingReminder!.id, 'skipped', 'account deleted'],
      [sentReminder!.id, 'sent', null],
    ])

    // Balances and ledgers as they were: the rows still name the (anonymised) person.
    expect(await balance()).toBe(before.balance)
    expect(await ledgerSum()).toEqual(before.ledger)
    expect(await db.select().from(pointsLedger).where(eq(pointsLedger.personId, wang.id))).toHaveLength(before.wangRows)
    const history = ok<LedgerPage>(await w.get('/api/points/history?limit=50', resident))
    expect(history.items.some((i) => i.personName === '已注销用户')).toBe(true)

    // Nobody acts in the deleted person's name any more.
    expectError(await w.post('/api/staff/points/adjustments', staff, { personId: wang.id, amount: 10, reason: '楼道清雪' }), 404, 'NOT_FOUND')
    expectError(await w.post('/api/staff/wishes', staff, { ...wish(), personId: wang.id, consent: true }), 404, 'NOT_FOUND')

    // Gone from the household's members, for staff and for the family.
    const found = ok<HouseholdSearchResult>(await w.get(`/api/staff/households?q=${encodeURIComponent('张秀兰')}`, staff))
    expect(found.items.find((h) => h.id === householdId)!.members.map((m) => m.id)).not.toContain(wang.id)
    expect(ok<HouseholdSearchResult>(await w.get(`/api/staff/households?q=${encodeURIComponent('已注销')}`, staff)).items.map((h) => h.id)).not.toContain(householdId)
    expect(ok<HouseholdSearchResult>(await w.get('/api/staff/households?q=13904561234', staff)).items).toEqual([])
    expect(ok<{ household: { memberCount: number } }>(await w.get('/api/me', resident)).household.memberCount).toBe(zhangMembers - 1)

    // The same WeChat user logging in again starts afresh: a new account with nothing of the old one.
    t.wechat.codes.set('code-wang-2', 'openid-wang-deming')
    const fresh = ok<{ token: string; me: { id: number; name: string; household: unknown; roles: string[] } }>(await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'code-wang-2' } }))
    expect(fresh.me.id).not.toBe(me.userId)
    expect(fresh.me).toMatchObject({ name: '微信用户', household: null, roles: [] })
    const exported = ok<PersonalDataExport>(await w.get('/api/me/personal-data', { authorization: `Bearer ${fresh.token}` }))
    expect(exported).toMatchObject({ person: null, volunteer: null, account: { wechatLinked: true } })
    expect(Object.values(exported.sections).every((s) => s.length === 0)).toBe(true)
  })
})
