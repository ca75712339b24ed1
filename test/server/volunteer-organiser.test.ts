import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { eq, inArray } from 'drizzle-orm'
import { activitySignups } from '../../server/src/db/schema'
import { SWEEPS, sweepDeps } from '../../server/src/sweeps'
import type { Activity, ActivityPage, ActivityQr, MySignup, Roster, ServiceRecord } from '../../types/api/volunteer'
import { createTestApp, type TestApp } from '../support/test-app'
import type { Account } from './booking-fixtures'
import { volunteerWorld } from './volunteer-fixtures'
import { type Actor, type As, expectError, iso, itAnswersEachCaller, type MatrixRow, ok, type Outcome, type Res } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * 志愿服务 for organisers (staff of the community), through the API: publishing one-off and weekly activities,
 * teams and projects, changing and cancelling activities (with the rules that protect those signed up), the
 * roster, the rotating QR code, manual check-in and check-out, confirming hours (computed, or adjusted with a
 * reason that is logged) and the 志愿服务 points paid through the ledger exactly once, no-shows, who may call
 * what (a matrix), and the sweep that closes forgotten check-outs. Clock: Tuesday 2026-11-17 10:00 unless moved.
 */

let t: TestApp
let w: ReturnType<typeof volunteerWorld>
let lianTong: number
let fuLong: number
let staff: As
let staffUserId: number
let admin: As
let staffFuLong: As & { userId: number }

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = volunteerWorld(t)
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

const detailsOf = (res: Res) => (res.json().details as { path: string }[]).map((d) => d.path)
const entryOf = (roster: Roster, userId: number) => roster.entries.find((e) => e.userId === userId)!
const ledgerOf = (signupId: number) => w.look.ledgerFor('activity_signup', signupId)

/** An activity with accepted volunteers, each brought to a state by the organiser's manual check-in/out. */
async function staffed(day: string, from: string, to: string, n: number, over: Parameters<typeof w.newActivity>[5] = {}) {
  const a = await w.newActivity(staff, lianTong, day, from, to, over)
  const people: Account[] = []
  for (let i = 0; i < n; i++) {
    const p = await w.volunteer(lianTong)
    ok(await w.signUp(p, a.id))
    people.push(p)
  }
  const signupIds = await Promise.all(people.map(async (p) => (await w.signupRow(a.id, p.userId)).id))
  return { a, people, signupIds }
}
const checkIn = async (signupId: number, day: string, clock: string) => {
  w.setClock(day, clock)
  return ok<Roster>(await w.post(`/api/staff/signups/${signupId}/check-in`, staff))
}
const checkOut = async (signupId: number, day: string, clock: string) => {
  w.setClock(day, clock)
  return ok<Roster>(await w.post(`/api/staff/signups/${signupId}/check-out`, staff))
}
const confirm = (signupId: number, body: object = {}, as: As = staff) => w.post(`/api/staff/signups/${signupId}/confirm`, as, body)

/* ================================================================= publishing */

describe('publishing activities', () => {
  it('publishes a one-off activity, shown to volunteers and in the organiser’s list', async () => {
    const body = w.activityBody(lianTong, '2026-11-21', '09:00', '11:00', { capacity: 8, skills: ['elderly_care'], cancelDeadlineHours: 6 })
    const { items } = ok<{ items: Activity[] }>(await w.post('/api/staff/activities', staff, body), 201)
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({
      communityId: lianTong,
      title: body.title,
      startsAt: '2026-11-21T09:00:00+08:00',
      endsAt: '2026-11-21T11:00:00+08:00',
      capacity: 8,
      signedUp: 0,
      skills: ['elderly_care'],
      cancelDeadlineHours: 6,
      cancelDeadline: '2026-11-21T03:00:00+08:00',
      seriesId: null,
      organiserName: '刘晓燕',
      cancelled: false,
      actions: ['sign_up', 'manage'],
    })
    const mine = ok<{ items: Activity[] }>(await w.get('/api/staff/activities', staff)).items
    expect(mine.map((a) => a.id)).toContain(items[0]!.id)
    expect(mine.every((a) => a.communityId === lianTong)).toBe(true)
    const seen = ok<ActivityPage>(await w.get('/api/activities?from=2026-11-21&limit=50', await w.volunteer(lianTong))).items
    expect(seen.map((a) => a.id)).toContain(items[0]!.id)
  })

  it('publishes a weekly series sharing the first one’s id', async () => {
    const body = { ...w.activityBody(lianTong, '2026-11-22', '15:00', '17:00'), repeatWeeks: 3 }
    const { items } = ok<{ items: Activity[] }>(await w.post('/api/staff/activities', staff, body), 201)
    expect(items.map((a) => [a.startsAt, a.endsAt])).toEqual([
      ['2026-11-22T15:00:00+08:00', '2026-11-22T17:00:00+08:00'],
      ['2026-11-29T15:00:00+08:00', '2026-11-29T17:00:00+08:00'],
      ['2026-12-06T15:00:00+08:00', '2026-12-06T17:00:00+08:00'],
    ])
    expect(items.map((a) => a.seriesId)).toEqual([items[0]!.id, items[0]!.id, items[0]!.id])
    expect(new Set(items.map((a) => a.id)).size).toBe(3)
    // Each week is its own activity: signing up for one leaves the others alone.
    const me = await w.volunteer(lianTong)
    ok(await w.signUp(me, items[1]!.id))
    expect((await w.detail(me, items[0]!.id)).signedUp).toBe(0)
    expectError(await w.post('/api/staff/activities', staff, { ...body, repeatWeeks: 13 }), 400, 'VALIDATION_FAILED')
    expectError(await w.post('/api/staff/activities', staff, { ...body, repeatWeeks: 0 }), 400, 'VALIDATION_FAILED')
  })

  it('refuses times that make no sense, and references from elsewhere (VALIDATION_FAILED with the field)', async () => {
    const [fuLongTeam] = ok<{ items: { id: number }[] }>(await w.get(`/api/volunteer/teams?communityId=${fuLong}`, staff)).items
    const fuLongProject = ok<{ items: { id: number }[] }>(await w.post('/api/staff/projects', admin, { communityId: fuLong, name: '福龙测试项目', teamId: null }), 200).items[0]!
    const [fuLongStation] = await w.stationsOf(fuLong)
    const cases: [Record<string, unknown>, string][] = [
      [{ startsAt: iso('2026-11-17', '09:59'), endsAt: iso('2026-11-17', '12:00') }, 'body.startsAt'], // already begun
      [{ startsAt: iso('2026-11-16', '09:00'), endsAt: iso('2026-11-16', '11:00') }, 'body.startsAt'],
      [{ startsAt: iso('2026-11-20', '11:00'), endsAt: iso('2026-11-20', '09:00') }, 'body.endsAt'],
      [{ startsAt: iso('2026-11-20', '11:00'), endsAt: iso('2026-11-20', '11:00') }, 'body.endsAt'],
      [{ startsAt: iso('2026-11-20', '09:00'), endsAt: iso('2026-11-21', '09:01') }, 'body.endsAt'], // over 24 hours
      [{ startsAt: '2100-01-01T09:00:00+08:00', endsAt: '2100-01-01T11:00:00+08:00' }, 'body.startsAt'],
      [{ startsAt: '2026-11-20 09:00', endsAt: iso('2026-11-20', '11:00') }, 'body.startsAt'],
      [{ teamId: fuLongTeam!.id }, 'body.teamId'],
      [{ teamId: 99_999_999 }, 'body.teamId'],
      [{ projectId: fuLongProject.id }, 'body.projectId'],
      [{ stationId: fuLongStation!.id }, 'body.stationId'],
      [{ stationId: 99_999_999 }, 'body.stationId'],
      [{ geofenceMeters: 100 }, 'body.geofenceMeters'], // no position
      [{ geofenceMeters: 100, latitude: 50.2 }, 'body.geofenceMeters'],
      [{ geofenceMeters: 20, latitude: 50.2, longitude: 127.5 }, 'body.geofenceMeters'],
      [{ capacity: 0 }, 'body.capacity'],
      [{ title: '测' }, 'body.title'],
      [{ cancelDeadlineHours: 169 }, 'body.cancelDeadlineHours'],
      [{ skills: ['juggling'] }, 'body.skills.0'],
    ]
    for (const [over, path] of cases) {
      const res = await w.post('/api/staff/activities', staff, { ...w.activityBody(lianTong, '2026-11-20', '09:00', '11:00'), ...over })
      expectError(res, 400, 'VALIDATION_FAILED')
      expect(detailsOf(res), JSON.stringify(over)).toContain(path)
    }
    // The same references of its own community are fine.
    const [station] = await w.stationsOf(lianTong)
    const a = await w.newActivity(staff, lianTong, '2026-11-20', '09:00', '11:00', { stationId: station!.id, teamId: await w.teamId(lianTong, '红心志愿服务队'), geofenceMeters: 150, latitude: station!.latitude, longitude: station!.longitude })
    expect(a).toMatchObject({ stationName: station!.name, teamName: '红心志愿服务队', geofenceMeters: 150 })
  })

  it('keeps staff to their community; an admin publishes anywhere, but not in a community that does not exist', async () => {
    expectError(await w.post('/api/staff/activities', staff, w.activityBody(fuLong, '2026-11-20', '09:00', '11:00')), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.post('/api/staff/activities', staffFuLong, w.activityBody(lianTong, '2026-11-20', '09:00', '11:00')), 403, 'OUT_OF_COMMUNITY')
    expect((await w.newActivity(admin, fuLong, '2026-11-20', '09:00', '11:00')).communityName).toBe('福龙社区')
    expect((await w.newActivity(staffFuLong, fuLong, '2026-11-20', '09:00', '11:00')).communityName).toBe('福龙社区')
    expectError(await w.post('/api/staff/activities', admin, w.activityBody(99_999_999, '2026-11-20', '09:00', '11:00')), 404, 'COMMUNITY_NOT_FOUND')
    expectError(await w.post('/api/staff/teams', admin, { communityId: 99_999_999, name: '不存在的队' }), 404, 'COMMUNITY_NOT_FOUND')
    expectError(await w.post('/api/staff/projects', admin, { communityId: 99_999_999, name: '不存在的项目' }), 404, 'COMMUNITY_NOT_FOUND')
    expectError(await w.post('/api/staff/teams', staff, { communityId: 99_999_999, name: '不存在的队' }), 403, 'OUT_OF_COMMUNITY')
  })
})

describe('teams and projects', () => {
  it('creates a team and a project of the community; names are unique per community', async () => {
    const teams = ok<{ items: { id: number; name: string; memberCount: number }[] }>(await w.post('/api/staff/teams', staff, { communityId: lianTong, name: '应急救援队', description: '防汛、消防演练' })).items
    const team = teams.find((x) => x.name === '应急救援队')!
    expect(team).toMatchObject({ memberCount: 0 })
    const again = await w.post('/api/staff/teams', staff, { communityId: lianTong, name: '应急救援队' })
    expectError(again, 400, 'VALIDATION_FAILED')
    expect(detailsOf(again)).toEqual(['body.name'])
    ok(await w.post('/api/staff/teams', admin, { communityId: fuLong, name: '应急救援队' })) // another community may use it

    const projects = ok<{ items: { id: number; name: string; teamId: number | null }[] }>(await w.post('/api/staff/projects', staff, { communityId: lianTong, teamId: team.id, name: '防汛值守' })).items
    expect(projects.find((p) => p.name === '防汛值守')).toMatchObject({ teamId: team.id })
    expect(ok<{ items: { name: string }[] }>(await w.get('/api/staff/projects', staff)).items.map((p) => p.name)).toEqual(expect.arrayContaining(['邻里守望·银发助老', '防汛值守']))
    expectError(await w.post('/api/staff/projects', staff, { communityId: lianTong, teamId: team.id, name: '防汛值守' }), 400, 'VALIDATION_FAILED')
    const fuLongTeam = ok<{ items: { id: number }[] }>(await w.get(`/api/volunteer/teams?communityId=${fuLong}`, staff)).items[0]!
    const foreign = await w.post('/api/staff/projects', staff, { communityId: lianTong, teamId: fuLongTeam.id, name: '别处的队' })
    expectError(foreign, 400, 'VALIDATION_FAILED')
    expect(detailsOf(foreign)).toEqual(['body.teamId'])
    expectError(await w.get(`/api/staff/projects?communityId=${fuLong}`, staff), 403, 'OUT_OF_COMMUNITY')
  })
})

/* ================================================================= changing and cancelling */

describe('changing an activity', () => {
  it('changes anything before anyone signed up; afterwards everything but the time (ACTIVITY_TIME_LOCKED)', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-23', '09:00', '11:00')
    const { communityId: _c, ...fields } = w.activityBody(lianTong, '2026-11-23', '14:00', '16:00', { title: '改了时间的活动', capacity: 5 })
    expect(ok<Activity>(await w.patch(`/api/staff/activities/${a.id}`, staff, fields))).toMatchObject({ title: '改了时间的活动', startsAt: '2026-11-23T14:00:00+08:00', capacity: 5 })
    const me = await w.volunteer(lianTong)
    ok(await w.signUp(me, a.id))
    expectError(await w.patch(`/api/staff/activities/${a.id}`, staff, { ...fields, startsAt: iso('2026-11-23', '14:30') }), 409, 'ACTIVITY_TIME_LOCKED')
    expectError(await w.patch(`/api/staff/activities/${a.id}`, staff, { ...fields, endsAt: iso('2026-11-23', '16:30') }), 409, 'ACTIVITY_TIME_LOCKED')
    expect(await w.signupRow(a.id, me.userId)).toMatchObject({ startsAt: new Date(iso('2026-11-23', '14:00')), endsAt: new Date(iso('2026-11-23', '16:00')) })
    const renamed = ok<Activity>(await w.patch(`/api/staff/activities/${a.id}`, staff, { ...fields, title: '只改名称', place: '联通社区文体活动室' }))
    expect(renamed).toMatchObject({ title: '只改名称', place: '联通社区文体活动室', signedUp: 1, startsAt: '2026-11-23T14:00:00+08:00' })
    // The same instant written in another offset is the same time.
    ok(await w.patch(`/api/staff/activities/${a.id}`, staff, { ...fields, startsAt: '2026-11-23T06:00:00Z', endsAt: '2026-11-23T08:00:00Z' }))
  })

  it('keeps the capacity at or above those signed up (ACTIVITY_CAPACITY_BELOW_SIGNUPS); raising it promotes the waitlist in order', async () => {
    const { a, people } = await staffed('2026-11-24', '09:00', '11:00', 4, { capacity: 1 })
    const { communityId: _c, ...fields } = w.activityBody(lianTong, '2026-11-24', '09:00', '11:00', { title: a.title, capacity: 1 })
    expect((await w.signupRows(a.id)).map((r) => r.status)).toEqual(['accepted', 'waitlisted', 'waitlisted', 'waitlisted'])
    expectError(await w.patch(`/api/staff/activities/${a.id}`, staff, { ...fields, capacity: 0 }), 400, 'VALIDATION_FAILED')
    const raised = ok<Activity>(await w.patch(`/api/staff/activities/${a.id}`, staff, { ...fields, capacity: 3 }))
    expect(raised).toMatchObject({ capacity: 3, signedUp: 3, waitlisted: 1 })
    expect((await w.signupRows(a.id)).map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'waitlisted'])
    expect((await w.detail(people[3]!, a.id)).mySignup).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    expectError(await w.patch(`/api/staff/activities/${a.id}`, staff, { ...fields, capacity: 2 }), 409, 'ACTIVITY_CAPACITY_BELOW_SIGNUPS')
    expect((await w.activityRow(a.id)).capacity).toBe(3)
    ok(await w.patch(`/api/staff/activities/${a.id}`, staff, { ...fields, capacity: 3 }))
    expect((await w.activityRow(a.id)).signedUp).toBe(3)
  })

  it('refuses a cancelled activity, another community’s, and no such activity', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-24', '14:00', '16:00')
    const { communityId: _c, ...fields } = w.activityBody(lianTong, '2026-11-24', '14:00', '16:00')
    expectError(await w.patch(`/api/staff/activities/${a.id}`, staffFuLong, fields), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.patch('/api/staff/activities/99999999', staff, fields), 404, 'NOT_FOUND')
    ok(await w.post(`/api/staff/activities/${a.id}/cancel`, staff, { reason: '人手不足' }))
    expectError(await w.patch(`/api/staff/activities/${a.id}`, staff, fields), 409, 'ACTIVITY_SIGNUP_CLOSED')
  })
})

describe('cancelling an activity', () => {
  it('ends every sign-up with it, frees the volunteers’ time, and keeps the reason', async () => {
    const { a, people } = await staffed('2026-11-25', '09:00', '11:00', 3, { capacity: 2 })
    const cancelled = ok<Activity>(await w.post(`/api/staff/activities/${a.id}/cancel`, staff, { reason: '暴雪预警，活动取消' }))
    expect(cancelled).toMatchObject({ cancelled: true, cancelReason: '暴雪预警，活动取消', signedUp: 0, waitlisted: 0, actions: ['manage'] })
    expect((await w.signupRows(a.id)).map((r) => [r.status, r.cancelledAt?.getTime()])).toEqual(Array(3).fill(['cancelled', NOW.getTime()]))
    expect((await w.detail(people[0]!, a.id))).toMatchObject({ cancelled: true, mySignup: { status: 'cancelled' }, actions: [] })
    // Their time is free again.
    const other = await w.newActivity(staff, lianTong, '2026-11-25', '10:00', '12:00')
    for (const p of people) expect(ok<Activity>(await w.signUp(p, other.id)).mySignup!.status).toBe('accepted')
    // Gone from the volunteers' list, kept in the organiser's.
    expect(ok<ActivityPage>(await w.get('/api/activities?from=2026-11-25', people[0]!)).items.map((x) => x.id)).not.toContain(a.id)
    expect(ok<{ items: Activity[] }>(await w.get('/api/staff/activities', staff)).items.find((x) => x.id === a.id)).toMatchObject({ cancelled: true })
    expectError(await w.post(`/api/staff/activities/${a.id}/cancel`, staff, { reason: '再取消一次' }), 409, 'ACTIVITY_SIGNUP_CLOSED')
  })

  it('only before it starts (ACTIVITY_ALREADY_STARTED), with a reason, in the organiser’s community', async () => {
    const { a, people } = await staffed('2026-11-25', '14:00', '16:00', 1)
    expectError(await w.post(`/api/staff/activities/${a.id}/cancel`, staff, { reason: '' }), 400, 'VALIDATION_FAILED')
    expectError(await w.post(`/api/staff/activities/${a.id}/cancel`, staff, {}), 400, 'VALIDATION_FAILED')
    expectError(await w.post(`/api/staff/activities/${a.id}/cancel`, staffFuLong, { reason: '不是我的活动' }), 403, 'OUT_OF_COMMUNITY')
    w.setClock('2026-11-25', '14:00')
    expectError(await w.post(`/api/staff/activities/${a.id}/cancel`, staff, { reason: '来不及了' }), 409, 'ACTIVITY_ALREADY_STARTED')
    expect((await w.activityRow(a.id)).cancelledAt).toBeNull()
    expect((await w.signupRow(a.id, people[0]!.userId)).status).toBe('accepted')
    w.setClock('2026-11-25', '13:59')
    ok(await w.post(`/api/staff/activities/${a.id}/cancel`, staff, { reason: '临时取消' }))
    expectError(await w.post('/api/staff/activities/99999999/cancel', staff, { reason: '没有这个活动' }), 404, 'NOT_FOUND')
  })
})

/* ================================================================= the roster and the code */

describe('the roster', () => {
  it('lists accepted, then the waitlist in order, then the rest, with names, phones and hours', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-26', '09:00', '11:00', { capacity: 2 })
    const people: Account[] = []
    for (const [i, name] of ['周志愿', '吴志愿', '郑志愿', '王志愿'].entries()) {
      const p = await w.volunteer(lianTong, { realName: name, phone: `1370000000${i}` })
      ok(await w.signUp(p, a.id))
      people.push(p)
    }
    ok(await w.cancel(people[0]!, a.id)) // 吴 stays, 郑 moves up, 王 waits
    const roster = await w.roster(staff, a.id)
    expect(roster.activity).toMatchObject({ id: a.id, signedUp: 2, waitlisted: 1, actions: ['join_waitlist', 'manage'] })
    expect(roster.entries.map((e) => [e.name, e.phone, e.status, e.waitlistPosition])).toEqual([
      ['吴志愿', '13700000001', 'accepted', null],
      ['郑志愿', '13700000002', 'accepted', null],
      ['王志愿', '13700000003', 'waitlisted', 1],
      ['周志愿', '13700000000', 'cancelled', null],
    ])
    expect(roster.entries[0]).toMatchObject({ userId: people[1]!.userId, checkedInAt: null, checkedOutAt: null, computedHours: null, confirmedHours: null, confirmedAt: null })
    // Nine days before it: nothing to do by hand yet; waiting and cancelled sign-ups never have anything.
    expect(roster.entries.map((e) => e.actions)).toEqual([[], [], [], []])
    expectError(await w.get(`/api/staff/activities/${a.id}/roster`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.get('/api/staff/activities/99999999/roster', staff), 404, 'NOT_FOUND')
    expect((await w.roster(admin, a.id)).entries).toHaveLength(4)
  })
})

describe('the check-in code', () => {
  it('rotates every 30 seconds, expires a window later, and differs between activities', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-26', '14:00', '16:00')
    const b = await w.newActivity(staff, lianTong, '2026-11-26', '14:00', '16:00')
    t.clock.now = new Date('2026-11-26T13:45:10+08:00')
    const qr = ok<ActivityQr>(await w.get(`/api/staff/activities/${a.id}/qr`, staff))
    expect(qr).toEqual({ code: expect.stringMatching(new RegExp(`^doorstep:vol:${a.id}:\\d+:[A-Za-z0-9_-]{16}$`)), expiresAt: '2026-11-26T13:46:00+08:00', refreshAfterSeconds: 30 })
    t.clock.now = new Date(t.clock.now.getTime() + 19_000)
    expect((await w.qr(staff, a.id))).toBe(qr.code) // 13:45:29, the same window
    t.clock.now = new Date(t.clock.now.getTime() + 1_000)
    expect((await w.qr(staff, a.id))).not.toBe(qr.code)
    expect((await w.qr(staff, b.id)).split(':').at(-1)).not.toBe((await w.qr(staff, a.id)).split(':').at(-1))
    expect(await w.qr(admin, a.id)).toBe(await w.qr(staff, a.id))
    expectError(await w.get(`/api/staff/activities/${a.id}/qr`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
    expectError(await w.get(`/api/staff/activities/${a.id}/qr`, await w.volunteer(lianTong)), 403, 'FORBIDDEN')
  })
})

/* ================================================================= manual check-in and out */

describe('manual check-in and check-out', () => {
  it('checks someone in from half an hour before the start, and out later', async () => {
    const { a, people, signupIds } = await staffed('2026-11-27', '09:00', '11:00', 2, { capacity: 1 })
    const [accepted, waiting] = signupIds as [number, number]
    w.setClock('2026-11-27', '08:29')
    expectError(await w.post(`/api/staff/signups/${accepted}/check-in`, staff), 409, 'ACTIVITY_CHECK_IN_NOT_OPEN')
    expectError(await w.post(`/api/staff/signups/${accepted}/check-out`, staff), 409, 'SIGNUP_STATE_CONFLICT') // not checked in
    const roster = await checkIn(accepted, '2026-11-27', '08:35')
    expect(entryOf(roster, people[0]!.userId)).toMatchObject({ checkedInAt: '2026-11-27T08:35:00+08:00', checkedOutAt: null, computedHours: null, actions: ['check_out'] })
    expectError(await w.post(`/api/staff/signups/${accepted}/check-in`, staff), 409, 'SIGNUP_STATE_CONFLICT')
    expectError(await w.post(`/api/staff/signups/${waiting}/check-in`, staff), 409, 'SIGNUP_STATE_CONFLICT')
    const out = await checkOut(accepted, '2026-11-27', '10:20')
    expect(entryOf(out, people[0]!.userId)).toMatchObject({ checkedOutAt: '2026-11-27T10:20:00+08:00', computedHours: 1, actions: ['confirm'] })
    expect(await w.signupRow(a.id, people[0]!.userId)).toMatchObject({ checkedOutBy: 'organiser' })
    expectError(await w.post(`/api/staff/signups/${accepted}/check-out`, staff), 409, 'SIGNUP_STATE_CONFLICT')
    // The volunteer's own scan now says so.
    expectError(await w.scanAt(staff, people[0]!, a.id, '2026-11-27', '10:30'), 409, 'ACTIVITY_ALREADY_CHECKED_OUT')
    expectError(await w.post('/api/staff/signups/99999999/check-in', staff), 404, 'NOT_FOUND')
    expectError(await w.post(`/api/staff/signups/${accepted}/check-out`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
  })

  it('checks out everyone still checked in: at now, or at the end once it is over', async () => {
    const { a, people, signupIds } = await staffed('2026-11-28', '09:00', '11:00', 3)
    await checkIn(signupIds[0]!, '2026-11-28', '08:50')
    await checkIn(signupIds[1]!, '2026-11-28', '09:10')
    w.setClock('2026-11-28', '10:30')
    expect(ok<{ affected: number }>(await w.post(`/api/staff/activities/${a.id}/check-out-all`, staff))).toEqual({ affected: 2 })
    const roster = await w.roster(staff, a.id)
    expect(people.map((p) => entryOf(roster, p.userId).checkedOutAt)).toEqual(['2026-11-28T10:30:00+08:00', '2026-11-28T10:30:00+08:00', null])
    expect(people.map((p) => entryOf(roster, p.userId).computedHours)).toEqual([1.5, 1, null])
    expect(ok<{ affected: number }>(await w.post(`/api/staff/activities/${a.id}/check-out-all`, staff))).toEqual({ affected: 0 })

    const late = await staffed('2026-11-28', '14:00', '16:00', 1)
    await checkIn(late.signupIds[0]!, '2026-11-28', '14:00')
    w.setClock('2026-11-28', '18:00')
    expect(ok<{ affected: number }>(await w.post(`/api/staff/activities/${late.a.id}/check-out-all`, staff))).toEqual({ affected: 1 })
    expect(entryOf(await w.roster(staff, late.a.id), late.people[0]!.userId)).toMatchObject({ checkedOutAt: '2026-11-28T16:00:00+08:00', computedHours: 2 })
    expectError(await w.post(`/api/staff/activities/${a.id}/check-out-all`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
  })
})

/* ================================================================= the points an activity shows */

describe('the points an activity shows', () => {
  it('follow its own community’s 志愿服务 rule, changed or not', async () => {
    const setRate = (points: number) => w.put('/api/staff/points/settings', staffFuLong, { communityId: fuLong, rules: [{ rule: 'volunteer_hour', points }] })
    ok(await setRate(12))
    try {
      const ours = await w.newActivity(staff, lianTong, '2027-03-02', '09:00', '11:00')
      const theirs = await w.newActivity(staffFuLong, fuLong, '2027-03-02', '09:00', '10:30')
      // 联通社区 keeps the default, 5 an hour; 福龙社区 now pays 12 an hour (12 × 1.5 = 18).
      expect(ours.points).toBe(10)
      expect(theirs.points).toBe(18)
      const volunteer = await w.volunteer(lianTong)
      expect((await w.detail(volunteer, theirs.id)).points).toBe(18)
      const listed = ok<ActivityPage>(await w.get('/api/activities?scope=district&from=2027-03-02', volunteer)).items
      expect(listed.filter((a) => a.id === ours.id || a.id === theirs.id).map((a) => a.points)).toEqual([10, 18])
      ok(await setRate(3))
      expect((await w.detail(volunteer, theirs.id)).points).toBe(5) // 3 × 1.5 = 4.5, rounded
    } finally {
      ok(await setRate(5))
    }
  })
})

/* ================================================================= confirming hours and points */

describe('confirming hours', () => {
  it('confirms the computed hours and pays 志愿服务 points to the household through the ledger, once', async () => {
    const { a, people, signupIds } = await staffed('2026-11-30', '09:00', '11:00', 1)
    const [me] = people as [Account]
    const [signupId] = signupIds as [number]
    const householdId = await w.householdOf(me.personId)
    const before = await w.look.balance(householdId)
    await w.scanned(staff, me, a.id, '2026-11-30', '08:50')
    await w.scanned(staff, me, a.id, '2026-11-30', '10:40') // 09:00–10:40: 100 minutes → 1.5 h
    w.setClock('2026-11-30', '11:30')
    const roster = ok<Roster>(await confirm(signupId))
    expect(entryOf(roster, me.userId)).toMatchObject({ computedHours: 1.5, confirmedHours: 1.5, confirmedAt: '2026-11-30T11:30:00+08:00', actions: [] })
    const ledger = await ledgerOf(signupId)
    expect(ledger).toHaveLength(1)
    // 5 points an hour × 1.5 h = 7.5, rounded to 8.
    expect(ledger[0]).toMatchObject({ householdId, personId: me.personId, amount: 8, reason: 'rule_award', rule: 'volunteer_hour', communityId: lianTong })
    expect(await w.look.balance(householdId)).toBe(before + 8)
    expect(await w.signupRow(a.id, me.userId)).toMatchObject({ confirmedMinutes: 90, confirmedByUserId: staffUserId, pointsAwarded: 8 })
    expect(await w.adjustmentsOf(signupId)).toEqual([])

    // Twice: refused, nothing more paid — also by another organiser of the community.
    expectError(await confirm(signupId), 409, 'HOURS_ALREADY_CONFIRMED')
    expectError(await confirm(signupId, { hours: 2, reason: '再确认一次' }, admin), 409, 'HOURS_ALREADY_CONFIRMED')
    expect(await ledgerOf(signupId)).toHaveLength(1)
    expect(await w.look.balance(householdId)).toBe(before + 8)

    // The volunteer sees the record and the household's history.
    const records = ok<{ items: ServiceRecord[]; totalHours: number }>(await w.get('/api/volunteer/records', me))
    expect(records).toEqual({
      totalHours: 1.5,
      items: [{ signupId, activityId: a.id, activityTitle: a.title, organiser: '联通社区', date: '2026-11-30', checkedInAt: '2026-11-30T08:50:00+08:00', checkedOutAt: '2026-11-30T10:40:00+08:00', hours: 1.5, confirmedBy: '刘晓燕', confirmedAt: '2026-11-30T11:30:00+08:00', points: 8 }],
    })
    expect((await w.detail(me, a.id)).mySignup).toMatchObject({ confirmedHours: 1.5 })
  })

  it('takes the organiser’s figure with a reason, and logs the adjustment', async () => {
    const { a, people, signupIds } = await staffed('2026-12-01', '09:00', '12:00', 2)
    for (const id of signupIds) await checkIn(id, '2026-12-01', '09:00')
    for (const id of signupIds) await checkOut(id, '2026-12-01', '10:45') // 1.5 h computed
    w.setClock('2026-12-01', '13:00')
    const householdId = await w.householdOf(people[0]!.personId)
    const before = await w.look.balance(householdId)
    const roster = ok<Roster>(await confirm(signupIds[0]!, { hours: 3, reason: '提前到场布置会场' }))
    expect(entryOf(roster, people[0]!.userId)).toMatchObject({ computedHours: 1.5, confirmedHours: 3 })
    expect(await w.adjustmentsOf(signupIds[0]!)).toEqual([
      { id: expect.any(Number), signupId: signupIds[0], communityId: lianTong, computedMinutes: 90, confirmedMinutes: 180, reason: '提前到场布置会场', actorUserId: staffUserId, createdAt: new Date(iso('2026-12-01', '13:00')) },
    ])
    expect((await ledgerOf(signupIds[0]!))[0]).toMatchObject({ amount: 15 })
    expect(await w.look.balance(householdId)).toBe(before + 15)
    // The figure the organiser wrote equal to the computed one is no adjustment.
    ok(await confirm(signupIds[1]!, { hours: 1.5, reason: '核对无误' }))
    expect(await w.adjustmentsOf(signupIds[1]!)).toEqual([])
    expect(a.id).toBeGreaterThan(0)
  })

  it('confirms zero hours without paying anything', async () => {
    const { a, people, signupIds } = await staffed('2026-12-02', '09:00', '11:00', 1)
    await checkIn(signupIds[0]!, '2026-12-02', '09:00')
    await checkOut(signupIds[0]!, '2026-12-02', '09:20') // 20 minutes: nothing computed
    const roster = ok<Roster>(await confirm(signupIds[0]!))
    expect(entryOf(roster, people[0]!.userId)).toMatchObject({ computedHours: 0, confirmedHours: 0 })
    expect(await ledgerOf(signupIds[0]!)).toEqual([])
    expect(await w.signupRow(a.id, people[0]!.userId)).toMatchObject({ confirmedMinutes: 0, pointsAwarded: 0 })
  })

  it('needs a reason with a figure, half hours and at most 24 (VALIDATION_FAILED)', async () => {
    const { signupIds } = await staffed('2026-12-03', '09:00', '11:00', 1)
    await checkIn(signupIds[0]!, '2026-12-03', '09:00')
    await checkOut(signupIds[0]!, '2026-12-03', '11:00')
    for (const [body, path] of [
      [{ hours: 2 }, 'body.reason'],
      [{ hours: 2, reason: '好' }, 'body.reason'],
      [{ hours: 1.25, reason: '按实际' }, 'body.hours'],
      [{ hours: 24.5, reason: '按实际' }, 'body.hours'],
      [{ hours: -1, reason: '按实际' }, 'body.hours'],
      [{ hours: '2', reason: '按实际' }, 'body.hours'],
    ] as const) {
      const res = await confirm(signupIds[0]!, body)
      expectError(res, 400, 'VALIDATION_FAILED')
      expect(detailsOf(res), JSON.stringify(body)).toContain(path)
    }
    expect((await t.handle.db.select().from(activitySignups).where(eq(activitySignups.id, signupIds[0]!)))[0]!.confirmedAt).toBeNull()
  })

  it('waits for check-in and check-out (HOURS_NOT_READY)', async () => {
    const { signupIds } = await staffed('2026-12-04', '09:00', '11:00', 3, { capacity: 2 })
    const [notIn, onlyIn, waiting] = signupIds as [number, number, number]
    await checkIn(onlyIn, '2026-12-04', '09:00')
    w.setClock('2026-12-04', '11:30')
    for (const id of [notIn, onlyIn, waiting]) expectError(await confirm(id), 409, 'HOURS_NOT_READY')
    for (const id of [notIn, onlyIn, waiting]) expect(await ledgerOf(id)).toEqual([])
    expectError(await confirm(99_999_999), 404, 'NOT_FOUND')
  })

  it('confirms everyone checked out at once, skipping those not ready or already confirmed', async () => {
    const { a, signupIds } = await staffed('2026-12-05', '09:00', '11:00', 4)
    for (const id of signupIds.slice(0, 3)) await checkIn(id, '2026-12-05', '09:00')
    for (const id of signupIds.slice(0, 2)) await checkOut(id, '2026-12-05', '11:00')
    await checkOut(signupIds[2]!, '2026-12-05', '10:00')
    w.setClock('2026-12-05', '11:30')
    ok(await confirm(signupIds[0]!))
    await checkIn(signupIds[3]!, '2026-12-05', '10:30') // still checked in
    w.setClock('2026-12-05', '11:30')
    expect(ok<{ affected: number }>(await w.post(`/api/staff/activities/${a.id}/confirm-all`, staff))).toEqual({ affected: 2 })
    const rows = await w.signupRows(a.id)
    expect(rows.map((r) => r.confirmedMinutes)).toEqual([120, 120, 60, null])
    for (const id of signupIds.slice(0, 3)) expect(await ledgerOf(id), String(id)).toHaveLength(1)
    expect(ok<{ affected: number }>(await w.post(`/api/staff/activities/${a.id}/confirm-all`, staff))).toEqual({ affected: 0 })
    expectError(await w.post(`/api/staff/activities/${a.id}/confirm-all`, staffFuLong), 403, 'OUT_OF_COMMUNITY')
  })
})

describe('no-shows', () => {
  it('are recorded once the activity has begun, for those who never checked in', async () => {
    const { a, people, signupIds } = await staffed('2026-12-07', '09:00', '11:00', 2)
    w.setClock('2026-12-07', '08:59')
    expectError(await w.post(`/api/staff/signups/${signupIds[0]}/no-show`, staff), 409, 'SIGNUP_STATE_CONFLICT')
    await checkIn(signupIds[1]!, '2026-12-07', '09:05')
    w.setClock('2026-12-07', '11:30')
    const roster = ok<Roster>(await w.post(`/api/staff/signups/${signupIds[0]}/no-show`, staff))
    expect(entryOf(roster, people[0]!.userId).status).toBe('no_show')
    expectError(await w.post(`/api/staff/signups/${signupIds[0]}/no-show`, staff), 409, 'SIGNUP_STATE_CONFLICT')
    expectError(await w.post(`/api/staff/signups/${signupIds[1]}/no-show`, staff), 409, 'SIGNUP_STATE_CONFLICT') // came
    const history = ok<{ items: MySignup[] }>(await w.get('/api/volunteer/signups?scope=history', people[0]!)).items
    expect(history.find((s) => s.activity.id === a.id)).toMatchObject({ status: 'no_show' })
    expectError(await confirm(signupIds[0]!), 409, 'HOURS_NOT_READY')
    // The count stays as it was: the place was taken.
    expect((await w.activityRow(a.id)).signedUp).toBe(2)
  })
})

/* ================================================================= the sweep */

describe('closing forgotten check-outs', () => {
  // Through the scheduled sweep itself, so the test also proves it is scheduled.
  const closeForgottenCheckOuts = (now: Date) => SWEEPS.find((s) => s.name === 'close forgotten volunteer check-outs')!.run(sweepDeps(t.handle.db, t.config), now)

  it('checks out at the scheduled end whoever is still checked in after it; running again changes nothing', async () => {
    const { a, signupIds } = await staffed('2026-12-08', '09:00', '11:00', 3)
    // The third never checks in.
    const [forgot, left] = signupIds as [number, number, number]
    await checkIn(forgot, '2026-12-08', '08:45')
    await checkIn(left, '2026-12-08', '09:00')
    await checkOut(left, '2026-12-08', '10:00')
    t.clock.now = NOW
    const running = await staffed('2026-12-08', '10:00', '12:00', 1)
    await checkIn(running.signupIds[0]!, '2026-12-08', '10:00')

    const rows = () => t.handle.db.select().from(activitySignups).where(inArray(activitySignups.id, [...signupIds, running.signupIds[0]!])).orderBy(activitySignups.id)
    // Before the end: nothing of these (the sweep also closes earlier tests' forgotten check-outs).
    const untouched = await rows()
    await closeForgottenCheckOuts(new Date(iso('2026-12-08', '10:59')))
    expect(await rows()).toEqual(untouched)
    const first = await closeForgottenCheckOuts(new Date(iso('2026-12-08', '11:05')))
    expect(first).toBeGreaterThanOrEqual(1)
    const after = await rows()
    expect(after.map((r) => [r.checkedOutAt && r.checkedOutAt.getTime(), r.checkedOutBy])).toEqual([
      [Date.parse(iso('2026-12-08', '11:00')), 'sweep'],
      [Date.parse(iso('2026-12-08', '10:00')), 'organiser'],
      [null, null],
      [null, null], // still running
    ])
    expect(entryOf(await w.roster(staff, a.id), (await t.handle.db.select().from(activitySignups).where(eq(activitySignups.id, forgot)))[0]!.userId).computedHours).toBe(2)
    expect(await closeForgottenCheckOuts(new Date(iso('2026-12-08', '11:05')))).toBe(0)
    expect(await rows()).toEqual(after)
    expect(await closeForgottenCheckOuts(new Date(iso('2026-12-08', '12:00')))).toBe(1)
  })

  it('copes with someone checked in by hand after the end (checked out at the check-in, no hours)', async () => {
    const { a, people, signupIds } = await staffed('2026-12-09', '09:00', '11:00', 1)
    await checkIn(signupIds[0]!, '2026-12-09', '11:30') // the organiser records them afterwards
    const swept = await closeForgottenCheckOuts(new Date(iso('2026-12-09', '12:00')))
    expect(swept).toBeGreaterThanOrEqual(1)
    expect(await w.signupRow(a.id, people[0]!.userId)).toMatchObject({ checkedInAt: new Date(iso('2026-12-09', '11:30')), checkedOutAt: new Date(iso('2026-12-09', '11:30')), checkedOutBy: 'sweep' })
    expect(entryOf(await w.roster(staff, a.id), people[0]!.userId).computedHours).toBe(0)
    expect(await closeForgottenCheckOuts(new Date(iso('2026-12-09', '12:00')))).toBe(0)
  })
})

/* ================================================================= who may call what */

const F: Outcome = [403, 'FORBIDDEN']
const O: Outcome = [403, 'OUT_OF_COMMUNITY']

describe('the authorisation matrix', () => {
  // Every cell gets its own activity on 14 December 09:00–11:00 and its own volunteer.
  const DAY = '2026-12-14'
  type State = 'accepted' | 'checked_in' | 'checked_out'
  async function cell(state: State) {
    t.clock.now = NOW
    const { a, people, signupIds } = await staffed(DAY, '09:00', '11:00', 1)
    if (state !== 'accepted') await checkIn(signupIds[0]!, DAY, '09:00')
    if (state === 'checked_out') await checkOut(signupIds[0]!, DAY, '10:30')
    const row = async () => (await t.handle.db.select().from(activitySignups).where(eq(activitySignups.id, signupIds[0]!)))[0]!
    return { a, person: people[0]!, signupId: signupIds[0]!, before: await row(), row }
  }
  /** Runs a signup route at a time; a refused call leaves the sign-up as it was. */
  const onSignup = (state: State, clock: string, path: string, body: object = {}) => async (as: As) => {
    const c = await cell(state)
    w.setClock(DAY, clock)
    const res = await w.post(`/api/staff/signups/${c.signupId}/${path}`, as, body)
    if (res.statusCode !== 200) expect(await c.row()).toEqual(c.before)
    else expect(await c.row()).not.toEqual(c.before)
    return res
  }
  const staffOnly = (ok200: number = 200): Record<Actor, Outcome> => ({ resident: F, volunteer: F, 'staff elsewhere': O, staff: ok200, admin: ok200 })
  const ROWS: MatrixRow[] = [
    { route: 'GET /api/staff/activities', run: (as) => w.get(`/api/staff/activities?communityId=${lianTong}`, as), outcomes: staffOnly() },
    { route: 'POST /api/staff/activities', run: (as) => w.post('/api/staff/activities', as, w.activityBody(lianTong, DAY, '14:00', '16:00')), outcomes: staffOnly(201) },
    {
      route: 'PATCH /api/staff/activities/:id',
      run: async (as) => {
        const { a } = await cell('accepted')
        const { communityId: _x, ...fields } = w.activityBody(lianTong, DAY, '09:00', '11:00', { title: '改过名称的活动' })
        const res = await w.patch(`/api/staff/activities/${a.id}`, as, fields)
        expect((await w.activityRow(a.id)).title).toBe(res.statusCode === 200 ? '改过名称的活动' : a.title)
        return res
      },
      outcomes: staffOnly(),
    },
    {
      route: 'POST /api/staff/activities/:id/cancel',
      run: async (as) => {
        const { a } = await cell('accepted')
        const res = await w.post(`/api/staff/activities/${a.id}/cancel`, as, { reason: '矩阵测试' })
        expect((await w.activityRow(a.id)).cancelledAt === null).toBe(res.statusCode !== 200)
        return res
      },
      outcomes: staffOnly(),
    },
    { route: 'GET /api/staff/activities/:id/roster', run: async (as) => w.get(`/api/staff/activities/${(await cell('accepted')).a.id}/roster`, as), outcomes: staffOnly() },
    { route: 'GET /api/staff/activities/:id/qr', run: async (as) => w.get(`/api/staff/activities/${(await cell('accepted')).a.id}/qr`, as), outcomes: staffOnly() },
    {
      route: 'POST /api/staff/activities/:id/check-out-all',
      run: async (as) => {
        const c = await cell('checked_in')
        w.setClock(DAY, '10:30')
        const res = await w.post(`/api/staff/activities/${c.a.id}/check-out-all`, as)
        expect((await c.row()).checkedOutAt === null).toBe(res.statusCode !== 200)
        return res
      },
      outcomes: staffOnly(),
    },
    {
      route: 'POST /api/staff/activities/:id/confirm-all',
      run: async (as) => {
        const c = await cell('checked_out')
        w.setClock(DAY, '11:30')
        const res = await w.post(`/api/staff/activities/${c.a.id}/confirm-all`, as)
        expect(await ledgerOf(c.signupId)).toHaveLength(res.statusCode === 200 ? 1 : 0)
        return res
      },
      outcomes: staffOnly(),
    },
    {
      route: 'POST /api/staff/activities/:id/attendance',
      run: async (as) => {
        const c = await cell('accepted')
        w.setClock(DAY, '08:50')
        const res = await w.post(`/api/staff/activities/${c.a.id}/attendance`, as, { action: 'check_in', signupIds: [c.signupId] })
        expect((await c.row()).checkedInAt === null).toBe(res.statusCode !== 200)
        return res
      },
      outcomes: staffOnly(),
    },
    { route: 'POST /api/staff/signups/:id/check-in', run: onSignup('accepted', '08:50', 'check-in'), outcomes: staffOnly() },
    { route: 'POST /api/staff/signups/:id/check-out', run: onSignup('checked_in', '10:30', 'check-out'), outcomes: staffOnly() },
    {
      route: 'POST /api/staff/signups/:id/confirm',
      run: async (as) => {
        const res = await onSignup('checked_out', '11:30', 'confirm')(as)
        return res
      },
      outcomes: staffOnly(),
    },
    { route: 'POST /api/staff/signups/:id/no-show', run: onSignup('accepted', '11:30', 'no-show'), outcomes: staffOnly() },
    { route: 'POST /api/staff/teams', run: (as) => w.post('/api/staff/teams', as, { communityId: lianTong, name: `矩阵测试队${Math.random().toString(36).slice(2, 8)}` }), outcomes: staffOnly() },
    { route: 'GET /api/staff/projects', run: (as) => w.get(`/api/staff/projects?communityId=${lianTong}`, as), outcomes: staffOnly() },
    { route: 'POST /api/staff/projects', run: (as) => w.post('/api/staff/projects', as, { communityId: lianTong, name: `矩阵测试项目${Math.random().toString(36).slice(2, 8)}` }), outcomes: staffOnly() },
  ]

  const as: Partial<Record<Actor, As>> = {}
  beforeAll(async () => {
    as.resident = await w.fresh(lianTong)
    as.volunteer = await t.headersAs('volunteer')
    as['staff elsewhere'] = staffFuLong
    as.staff = staff
    as.admin = admin
  })

  itAnswersEachCaller(ROWS, as)

  it('without a session, every volunteer route is 401 (except the public certificate check and the activities visitors browse)', async () => {
    for (const [method, url] of [
      ['GET', '/api/volunteer/profile'], ['PUT', '/api/volunteer/profile'], ['GET', '/api/volunteer/summary'], ['GET', '/api/volunteer/signups'], ['GET', '/api/volunteer/records'],
      ['GET', '/api/volunteer/teams'], ['POST', '/api/volunteer/teams/1/join'], ['POST', '/api/volunteer/teams/1/leave'], ['GET', '/api/activities/1'],
      ['POST', '/api/activities/1/signup'], ['POST', '/api/activities/1/cancel-signup'], ['POST', '/api/volunteer/scan'], ['GET', '/api/volunteer/certificates'], ['POST', '/api/volunteer/certificates'],
      ['GET', '/api/volunteer/certificates/1'], ['GET', '/api/volunteer/certificates/1/pdf'], ['POST', '/api/staff/teams'], ['GET', '/api/staff/projects'], ['POST', '/api/staff/projects'],
      ['GET', '/api/staff/activities'], ['POST', '/api/staff/activities'], ['PATCH', '/api/staff/activities/1'], ['POST', '/api/staff/activities/1/cancel'], ['GET', '/api/staff/activities/1/roster'],
      ['GET', '/api/staff/activities/1/qr'], ['POST', '/api/staff/activities/1/check-out-all'], ['POST', '/api/staff/activities/1/confirm-all'], ['POST', '/api/staff/signups/1/check-in'],
      ['POST', '/api/staff/signups/1/check-out'], ['POST', '/api/staff/signups/1/confirm'], ['POST', '/api/staff/signups/1/no-show'],
    ] as const) {
      expectError(await w.send({ method, url }), 401, 'UNAUTHENTICATED')
    }
    expectError(await w.send({ method: 'GET', url: '/api/certificates/ABCD-EFGH-JKMN' }), 404, 'CERTIFICATE_NOT_FOUND')
    // The activities list is for visitors too (access 'guest', test/server/access.test.ts).
    expect((await w.send({ method: 'GET', url: '/api/activities?scope=district' })).statusCode).toBe(200)
  })

  it('every staff route of the module is in the matrix', () => {
    const source = readFileSync(path.join(__dirname, '../../server/src/modules/volunteer/volunteer.routes.ts'), 'utf8')
    const declared = [...source.matchAll(/app\.(get|post|put|patch|delete)\('(\/api\/staff\/[^']+)'/g)].map((m) => `${m[1]!.toUpperCase()} ${m[2]}`)
    expect(declared.length).toBeGreaterThanOrEqual(15)
    expect(ROWS.map((r) => r.route).sort()).toEqual(declared.sort())
  })
})
