import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { and, asc, eq, inArray } from 'drizzle-orm'
import { notifications, redemptions, shopItems, users } from '../../server/src/db/schema'
import { MAX_ATTEMPTS, SENDING_LEASE_MS } from '../../server/src/modules/reminders/reminders.domain'
import { SWEEPS, sweepDeps } from '../../server/src/sweeps'
import { REMINDER_EVENTS, type ReminderEvent } from '../../types/api/labels'
import type { ReminderOutboxSummary } from '../../types/api/privacy'
import type { Booking } from '../../types/api/booking'
import { createTestApp, type TestApp } from '../support/test-app'
import type { Account } from './booking-fixtures'
import { volunteerWorld } from './volunteer-fixtures'
import { type As, iso, ok } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * 订阅消息 through the outbox: each event writes its reminder in its own transaction, the sender delivers it through
 * the fake WeChat once, retries what failed for passing reasons, records what WeChat refused, and never sends twice.
 */

const TEMPLATES = Object.fromEntries(REMINDER_EVENTS.map((e) => [e, `tmpl-${e}`])) as Record<ReminderEvent, string>
const templateEnv = Object.fromEntries(REMINDER_EVENTS.map((e) => [`WECHAT_TMPL_${e.toUpperCase()}`, TEMPLATES[e]]))

let t: TestApp
let w: ReturnType<typeof volunteerWorld>
let staff: As
let lianTong: number

beforeAll(async () => {
  t = await createTestApp({ env: { ...templateEnv, WECHAT_TMPL_ACTIVITY_CANCELLED: '' } })
  w = volunteerWorld(t)
  staff = await t.headersAs('staff')
  lianTong = await w.look.communityId('联通社区')
}, 60_000)
afterAll(() => t?.close())
beforeEach(() => {
  t.clock.now = NOW
  t.wechat.failures.clear()
})

const sweep = (name: string) => SWEEPS.find((s) => s.name === name)!.run(sweepDeps(t.handle.db, t.config), t.clock.now)
const send = () => sweep('send reminders')
const enqueueDue = () => sweep('enqueue reminders due tomorrow')
const at = (day: string, clock: string) => new Date(iso(day, clock))

let openids = 0
/** A resident who logged in with WeChat (so has an openid) and accepted `events`' templates once each. */
async function subscriber(events: ReminderEvent[] = [...REMINDER_EVENTS], asVolunteer = false): Promise<Account & { openid: string }> {
  const account = asVolunteer ? await w.volunteer(lianTong) : await w.fresh(lianTong)
  const openid = `o-reminder-${++openids}`
  await w.look.setOpenid(account.userId, openid)
  for (const e of events) t.wechat.subscribe(openid, TEMPLATES[e])
  return { ...account, openid }
}

const rowsOf = (userId: number, event?: ReminderEvent) =>
  t.handle.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), event ? eq(notifications.event, event) : undefined))
    .orderBy(asc(notifications.id))
const deliveredTo = (openid: string) => t.wechat.delivered.filter((d) => d.openid === openid)

async function approvalRoom() {
  return w.newRoom(staff, await w.stationId('联通社区党群服务中心'), { rules: { requiresApproval: true, maxActivePerPerson: 10 } })
}

describe('the sender', () => {
  it('delivers a booking decision once, with the template, page and data WeChat accepts', async () => {
    const me = await subscriber()
    const room = await approvalRoom()
    const booking = ok<Booking>(await w.book(me, room.id, '2026-11-20', '14:00', '16:00'), 201)
    expect(await rowsOf(me.userId)).toHaveLength(0)
    ok(await w.post(`/api/staff/bookings/${booking.id}/approve`, staff, {}))

    const [row] = await rowsOf(me.userId)
    expect(row).toMatchObject({ event: 'booking_result', status: 'pending', dedupeKey: `booking_result:${booking.id}:approved`, page: `packages/booking/detail/index?id=${booking.id}` })
    expect(await send()).toBeGreaterThanOrEqual(1)
    expect(deliveredTo(me.openid)).toEqual([
      {
        openid: me.openid,
        templateId: TEMPLATES.booking_result,
        page: `packages/booking/detail/index?id=${booking.id}`,
        state: 'formal',
        data: {
          thing1: { value: `联通社区党群服务中心 ${room.name}`.slice(0, 20) },
          time2: { value: '2026年11月20日 14:00~16:00' },
          phrase3: { value: '已通过' },
          thing4: { value: '请按时到场，凭门口二维码签到' },
        },
      },
    ])
    expect((await rowsOf(me.userId))[0]).toMatchObject({ status: 'sent', attempts: 1, sentAt: t.clock.now, lastError: null })

    // Later runs find nothing to send: one message, even though the user still holds a subscription.
    t.wechat.subscribe(me.openid, TEMPLATES.booking_result)
    await send()
    t.clock.now = new Date(NOW.getTime() + 3 * 3600_000)
    await send()
    expect(deliveredTo(me.openid)).toHaveLength(1)
  })

  it('records 43101 (the user did not subscribe) as refused and does not try again', async () => {
    const me = await subscriber([])
    const room = await approvalRoom()
    const booking = ok<Booking>(await w.book(me, room.id, '2026-11-20', '09:00', '10:00'), 201)
    ok(await w.post(`/api/staff/bookings/${booking.id}/reject`, staff, { reason: '当天有区里的会议' }))
    await send()
    const [row] = await rowsOf(me.userId)
    expect(row).toMatchObject({ status: 'refused', attempts: 1 })
    expect(row!.lastError).toMatch(/43101/)
    const calls = t.wechat.callsTo('/cgi-bin/message/subscribe/send').length
    t.clock.now = new Date(NOW.getTime() + 24 * 3600_000)
    await send()
    expect(t.wechat.callsTo('/cgi-bin/message/subscribe/send')).toHaveLength(calls)
    expect(deliveredTo(me.openid)).toHaveLength(0)
  })

  it('retries after a WeChat outage with growing delays, and delivers once WeChat is back', async () => {
    const me = await subscriber()
    const room = await approvalRoom()
    const booking = ok<Booking>(await w.book(me, room.id, '2026-11-21', '09:00', '10:00'), 201)
    ok(await w.post(`/api/staff/bookings/${booking.id}/reject`, staff, { reason: '场地维修' }))
    t.wechat.failures.set('/cgi-bin/message/subscribe/send', { status: 502, body: { error: 'bad gateway' } })
    await send()
    let [row] = await rowsOf(me.userId)
    expect(row).toMatchObject({ status: 'pending', attempts: 1 })
    expect(row!.nextAttemptAt.getTime() - NOW.getTime()).toBe(60_000)
    expect(row!.lastError).toMatch(/HTTP 502/)

    // Not due yet: nothing is sent.
    t.clock.now = new Date(NOW.getTime() + 30_000)
    const before = t.wechat.callsTo('/cgi-bin/message/subscribe/send').length
    await send()
    expect(t.wechat.callsTo('/cgi-bin/message/subscribe/send')).toHaveLength(before)

    // WeChat busy (errcode -1) is passing too: the second delay is longer.
    t.wechat.failures.set('/cgi-bin/message/subscribe/send', { status: 200, body: { errcode: -1, errmsg: 'system error' } })
    t.clock.now = new Date(NOW.getTime() + 60_000)
    await send()
    ;[row] = await rowsOf(me.userId)
    expect(row).toMatchObject({ status: 'pending', attempts: 2 })
    expect(row!.nextAttemptAt.getTime() - t.clock.now.getTime()).toBe(5 * 60_000)

    t.wechat.failures.clear()
    t.clock.now = new Date(NOW.getTime() + 6 * 60_000)
    await send()
    expect((await rowsOf(me.userId))[0]).toMatchObject({ status: 'sent', attempts: 3 })
    expect(deliveredTo(me.openid).map((d) => d.data.phrase3!.value)).toEqual(['未通过'])
    expect(deliveredTo(me.openid)[0]!.data.thing4).toEqual({ value: '场地维修' })
  })

  it(`gives up after ${MAX_ATTEMPTS} attempts that all failed`, async () => {
    const me = await subscriber()
    const room = await approvalRoom()
    const booking = ok<Booking>(await w.book(me, room.id, '2026-11-21', '10:00', '11:00'), 201)
    ok(await w.post(`/api/staff/bookings/${booking.id}/approve`, staff, {}))
    t.wechat.failures.set('/cgi-bin/message/subscribe/send', { status: 503, body: {} })
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await send()
      t.clock.now = new Date(t.clock.now.getTime() + 3 * 3600_000)
    }
    expect((await rowsOf(me.userId))[0]).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS })
    expect(t.wechat.callsTo('/cgi-bin/message/subscribe/send').filter((c) => c.body?.touser === me.openid)).toHaveLength(MAX_ATTEMPTS)
  })

  it('treats a fault of the message itself (47003, 40037) as final', async () => {
    const me = await subscriber()
    const room = await approvalRoom()
    const booking = ok<Booking>(await w.book(me, room.id, '2026-11-21', '15:00', '16:00'), 201)
    ok(await w.post(`/api/staff/bookings/${booking.id}/approve`, staff, {}))
    t.wechat.failures.set('/cgi-bin/message/subscribe/send', { status: 200, body: { errcode: 47003, errmsg: 'argument invalid! data.thing1.value invalid' } })
    await send()
    t.clock.now = new Date(NOW.getTime() + 24 * 3600_000)
    await send()
    const [row] = await rowsOf(me.userId)
    expect(row).toMatchObject({ status: 'failed', attempts: 1 })
    expect(row!.lastError).toMatch(/47003/)
  })

  it('fetches a new access token when WeChat says the cached one is stale, and sends once', async () => {
    const me = await subscriber()
    const room = await approvalRoom()
    const booking = ok<Booking>(await w.book(me, room.id, '2026-11-22', '09:00', '10:00'), 201)
    ok(await w.post(`/api/staff/bookings/${booking.id}/approve`, staff, {}))
    const deps = sweepDeps(t.handle.db, t.config)
    await deps.wechat.accessToken()
    t.wechat.rotateToken()
    const { deliverReminders } = await import('../../server/src/modules/reminders/reminders.service')
    await deliverReminders(deps, t.clock.now)
    expect((await rowsOf(me.userId))[0]).toMatchObject({ status: 'sent', attempts: 1 })
    expect(deliveredTo(me.openid)).toHaveLength(1)
  })

  it('marks a message whose sender died mid-send as failed, and never sends it again', async () => {
    const me = await subscriber()
    const room = await approvalRoom()
    const booking = ok<Booking>(await w.book(me, room.id, '2026-11-22', '14:00', '15:00'), 201)
    ok(await w.post(`/api/staff/bookings/${booking.id}/approve`, staff, {}))
    const [row] = await rowsOf(me.userId)
    // What a sender leaves behind when it stops between claiming the row and settling it.
    await t.handle.db.update(notifications).set({ status: 'sending', claimedAt: NOW, attempts: 1 }).where(eq(notifications.id, row!.id))
    t.clock.now = new Date(NOW.getTime() + SENDING_LEASE_MS - 1000)
    await send()
    expect((await rowsOf(me.userId))[0]!.status).toBe('sending')
    t.clock.now = new Date(NOW.getTime() + SENDING_LEASE_MS)
    await send()
    const [after] = await rowsOf(me.userId)
    expect(after).toMatchObject({ status: 'failed' })
    expect(after!.lastError).toMatch(/outcome is unknown/)
    expect(deliveredTo(me.openid)).toHaveLength(0)
  })

  it('records, without calling WeChat, a reminder with no template configured or for an account without WeChat', async () => {
    const me = await subscriber(undefined, true)
    const a = await w.newActivity(staff, lianTong, '2026-11-25', '09:00', '11:00')
    ok(await w.signUp(me, a.id))
    ok(await w.post(`/api/staff/activities/${a.id}/cancel`, staff, { reason: '大风降温，活动取消' }))
    // The demo resident logs in with a persona: no openid.
    const resident = await t.loginAs('resident')
    const room = await approvalRoom()
    const booking = ok<Booking>(await w.book(resident, room.id, '2026-11-23', '09:00', '10:00'), 201)
    ok(await w.post(`/api/staff/bookings/${booking.id}/approve`, staff, {}))
    const calls = t.wechat.callsTo('/cgi-bin/message/subscribe/send').length
    await send()
    expect(t.wechat.callsTo('/cgi-bin/message/subscribe/send')).toHaveLength(calls)
    expect(await rowsOf(me.userId, 'activity_cancelled')).toEqual([expect.objectContaining({ status: 'skipped', lastError: 'no template configured for activity_cancelled' })])
    expect(await rowsOf(resident.session.me.id, 'booking_result')).toEqual([expect.objectContaining({ status: 'skipped', lastError: 'the account has no WeChat identity' })])
  })
})

describe('what each event writes', () => {
  it('心愿被认领: the wisher is told who claimed which wish; a refused claim writes nothing', async () => {
    const wisher = await subscriber()
    const created = await w.post('/api/wishes', wisher, { category: 'elderly_care', title: '想请人帮忙换一下厨房顶上的灯泡，个子矮够不着', description: '厨房灯泡坏了，个子矮够不着，想请志愿者帮忙换一下。', photoIds: [], valueYuan: 0, contactPreference: 'phone', neededBy: '2026-12-20' })
    const wish = ok<{ id: number }>(created, 201)
    ok(await w.post(`/api/staff/wishes/${wish.id}/approve`, staff, {}))
    const volunteer = await t.headersAs('volunteer')
    // A claim that is refused (the wisher is no volunteer) leaves no reminder.
    expect((await w.post(`/api/wishes/${wish.id}/claim`, wisher)).json().code).toBe('VOLUNTEER_REQUIRED')
    expect(await rowsOf(wisher.userId)).toHaveLength(0)
    ok(await w.post(`/api/wishes/${wish.id}/claim`, volunteer))
    await send()
    expect(deliveredTo(wisher.openid)).toEqual([
      expect.objectContaining({
        templateId: TEMPLATES.wish_claimed,
        page: `packages/wish/detail/index?id=${wish.id}`,
        data: { thing1: { value: '想请人帮忙换一下厨房顶上的灯泡，个子矮…' }, thing2: { value: '李建国' }, time3: { value: '2026年11月17日 10:00' }, thing4: { value: '认领人会与您联系，请留意电话' } },
      }),
    ])
  })

  it('closing a room tells everyone whose booking it cancelled', async () => {
    const room = await w.newRoom(staff, await w.stationId('联通社区党群服务中心'), { rules: { maxActivePerPerson: 10 } })
    const [a, b] = [await subscriber(), await subscriber()]
    ok<Booking>(await w.book(a, room.id, '2026-11-24', '09:00', '10:00'), 201)
    ok<Booking>(await w.book(b, room.id, '2026-11-24', '14:00', '15:00'), 201)
    const closed = await w.post(`/api/staff/rooms/${room.id}/closures`, staff, { startsAt: iso('2026-11-24', '00:00'), endsAt: iso('2026-11-25', '00:00'), reason: '暖气管道抢修' })
    expect(ok<{ cancelledBookings: number }>(closed, 201).cancelledBookings).toBe(2)
    await send()
    for (const who of [a, b]) {
      expect(deliveredTo(who.openid).map((d) => [d.data.phrase3!.value, d.data.thing4!.value])).toEqual([['已取消', '场地临时关闭：暖气管道抢修']])
    }
  })

  it('a booking nobody approved before it began is cancelled by the sweep, and the booker told', async () => {
    const me = await subscriber()
    const room = await approvalRoom()
    ok<Booking>(await w.book(me, room.id, '2026-11-18', '09:00', '10:00'), 201)
    t.clock.now = at('2026-11-18', '09:01')
    await sweep('cancel undecided bookings')
    expect((await rowsOf(me.userId, 'booking_result')).map((r) => r.dedupeKey)).toEqual([expect.stringMatching(/:cancelled$/)])
  })

  it('候补成功: a cancellation moves the first in line up, and only they are told', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-26', '09:00', '11:00', { capacity: 1 })
    const [first, waiting, later] = [await w.volunteer(lianTong), await w.volunteer(lianTong), await w.volunteer(lianTong)]
    for (const v of [first, waiting, later]) ok(await w.signUp(v, a.id))
    expect(await rowsOf(waiting.userId)).toHaveLength(0)
    ok(await w.cancel(first, a.id))
    expect(await rowsOf(waiting.userId)).toEqual([expect.objectContaining({ event: 'waitlist_promoted', page: `packages/volunteer/detail/index?id=${a.id}` })])
    expect((await rowsOf(waiting.userId))[0]!.data).toMatchObject({ thing1: { value: a.title }, time2: { value: '2026年11月26日 09:00~11:00' }, phrase3: { value: '报名成功' } })
    expect(await rowsOf(later.userId)).toHaveLength(0)
    expect(await rowsOf(first.userId)).toHaveLength(0)
  })

  it('活动取消: everyone signed up or waiting is told, with the reason', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-27', '09:00', '11:00', { capacity: 1 })
    const [on, waiting] = [await w.volunteer(lianTong), await w.volunteer(lianTong)]
    for (const v of [on, waiting]) ok(await w.signUp(v, a.id))
    ok(await w.post(`/api/staff/activities/${a.id}/cancel`, staff, { reason: '场地临时征用' }))
    for (const v of [on, waiting]) {
      expect((await rowsOf(v.userId, 'activity_cancelled')).map((r) => r.data.thing3)).toEqual([{ value: '场地临时征用' }])
    }
  })

  it('兑换成功: the redeemer gets the pickup code, the place and the deadline', async () => {
    const resident = await t.loginAs('resident')
    const openid = 'o-reminder-redeemer'
    await w.look.setOpenid(resident.session.me.id, openid)
    t.wechat.subscribe(openid, TEMPLATES.redemption_ready)
    const item = await w.look.item(lianTong, '义剪一次')
    const redemption = ok<{ id: number; pickupCode: string }>(await w.post(`/api/shop/items/${item.id}/redeem`, resident, {}), 201)
    await send()
    const [message] = deliveredTo(openid)
    expect(message).toMatchObject({ templateId: TEMPLATES.redemption_ready, page: 'packages/points/redemptions/index' })
    const [row] = await t.handle.db.select({ expiresAt: redemptions.expiresAt, station: shopItems.stationId }).from(redemptions).innerJoin(shopItems, eq(shopItems.id, redemptions.itemId)).where(eq(redemptions.id, redemption.id))
    expect(message!.data.character_string3).toEqual({ value: redemption.pickupCode })
    expect(message!.data.number2).toEqual({ value: String(item.price) })
    expect(message!.data.time4!.value).toMatch(/^2026年\d+月\d+日 \d\d:\d\d$/)
    expect(row!.expiresAt.getTime()).toBeGreaterThan(NOW.getTime())
  })
})

describe('reminders due tomorrow (the sweep)', () => {
  it('reminds of a booking, an activity and a redemption a day ahead, once, and not who acted within the day', async () => {
    const me = await subscriber()
    const room = await w.newRoom(staff, await w.stationId('联通社区党群服务中心'), { rules: { maxActivePerPerson: 10 } })
    const early = ok<Booking>(await w.book(me, room.id, '2026-11-20', '14:00', '15:00'), 201)
    const a = await w.newActivity(staff, lianTong, '2026-11-20', '09:00', '11:00')
    const volunteer = await w.volunteer(lianTong)
    await w.look.setOpenid(volunteer.userId, 'o-reminder-volunteer')
    ok(await w.signUp(volunteer, a.id))

    // Two days ahead: nothing due.
    t.clock.now = at('2026-11-18', '12:00')
    await enqueueDue()
    expect([...(await rowsOf(me.userId)), ...(await rowsOf(volunteer.userId))]).toEqual([])
    // A booking made now, for tomorrow morning, has the booker's attention already: no reminder for it.
    const late = ok<Booking>(await w.book(me, room.id, '2026-11-19', '09:00', '10:00'), 201)

    t.clock.now = at('2026-11-19', '09:30')
    await enqueueDue()
    expect((await rowsOf(volunteer.userId, 'activity_reminder')).map((r) => r.data)).toEqual([
      { thing1: { value: a.title }, time2: { value: '2026年11月20日 09:00~11:00' }, thing3: { value: '联通社区党群服务中心' }, thing4: { value: '请准时到场，扫组织者的二维码签到' } },
    ])
    expect(await rowsOf(me.userId, 'booking_reminder')).toHaveLength(0)

    t.clock.now = at('2026-11-19', '14:00')
    await enqueueDue()
    await enqueueDue()
    expect((await rowsOf(me.userId, 'booking_reminder')).map((r) => r.dedupeKey)).toEqual([`booking_reminder:${early.id}`])
    expect((await rowsOf(me.userId, 'booking_reminder')).map((r) => r.dedupeKey)).not.toContain(`booking_reminder:${late.id}`)
    await send()
    expect(deliveredTo(me.openid).filter((d) => d.templateId === TEMPLATES.booking_reminder)).toHaveLength(1)
  })

  it('reminds of a redemption the day before it expires', async () => {
    const me = await t.loginAs('resident')
    const item = await w.look.item(lianTong, '毛巾两条')
    const r = ok<{ id: number }>(await w.post(`/api/shop/items/${item.id}/redeem`, me, {}), 201)
    const [{ expiresAt }] = (await t.handle.db.select({ expiresAt: redemptions.expiresAt }).from(redemptions).where(eq(redemptions.id, r.id))) as [{ expiresAt: Date }]
    t.clock.now = new Date(expiresAt.getTime() - 25 * 3600_000)
    await enqueueDue()
    const reminders = async () => (await rowsOf(me.session.me.id, 'redemption_expiring')).filter((n) => n.dedupeKey === `redemption_expiring:${r.id}`)
    expect(await reminders()).toHaveLength(0)
    t.clock.now = new Date(expiresAt.getTime() - 23 * 3600_000)
    await enqueueDue()
    await enqueueDue()
    expect(await reminders()).toHaveLength(1)
    expect((await reminders())[0]!.data.thing4).toEqual({ value: `过期未领，${item.price}积分将退回` })
  })
})

describe('the API', () => {
  it('tells anyone which templates to ask for, only the configured ones', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/reminders/templates' })
    const { templates } = ok<{ templates: Record<string, string> }>(res)
    expect(templates).toEqual(Object.fromEntries(REMINDER_EVENTS.filter((e) => e !== 'activity_cancelled').map((e) => [e, TEMPLATES[e]])))
  })

  it('shows the admin how the outbox is doing, and nobody else', async () => {
    const summary = ok<ReminderOutboxSummary>(await w.get('/api/admin/reminders', await t.headersAs('admin')))
    const total = (await t.handle.db.select({ id: notifications.id }).from(notifications)).length
    expect(summary.counts.reduce((n, c) => n + c.count, 0)).toBe(total)
    expect(summary.counts.find((c) => c.event === 'booking_result' && c.status === 'sent')?.count).toBeGreaterThan(0)
    expect(summary.recentFailures.every((f) => f.status === 'failed' || f.status === 'refused')).toBe(true)
    expect(summary.recentFailures.length).toBeGreaterThan(0)
    expect((await w.get('/api/admin/reminders', staff)).statusCode).toBe(403)
  })

  it('never addresses a deleted account', async () => {
    const me = await subscriber()
    const room = await approvalRoom()
    const booking = ok<Booking>(await w.book(me, room.id, '2026-11-29', '09:00', '10:00'), 201)
    await t.handle.db.update(users).set({ deletedAt: NOW }).where(eq(users.id, me.userId))
    const staffApprove = await w.post(`/api/staff/bookings/${booking.id}/approve`, staff, {})
    expect(staffApprove.statusCode).toBe(200)
    expect(await t.handle.db.select().from(notifications).where(inArray(notifications.userId, [me.userId]))).toHaveLength(0)
  })
})
