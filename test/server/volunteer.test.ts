import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { and, eq, sql } from 'drizzle-orm'
import { roleGrants, users, volunteerProfiles } from '../../server/src/db/schema'
import type { Me } from '../../types/api/me'
import type { Activity, ActivityPage, MySignup, ScanResult, Team, VolunteerProfile } from '../../types/api/volunteer'
import { createTestApp, type TestApp } from '../support/test-app'
import type { Account } from './booking-fixtures'
import { registration, volunteerWorld } from './volunteer-fixtures'
import { type As, expectClientError, expectError, iso, ok } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * 志愿服务 for volunteers, through the API: registration (typed phone or WeChat's phone code, consent, the role),
 * teams, the 活动 list and its filters, an activity's detail and what the viewer may do, signing up (capacity,
 * waitlist, overlap, every refusal with its code), cancelling and the waitlist's promotion, scanning the
 * organiser's rotating code to check in and out (time windows, forged and expired codes, the geofence),
 * Idempotency-Key, and bad input that must never be a 500. The clock is Tuesday 2026-11-17 10:00 unless a test
 * moves it; each test makes its own activities and volunteers.
 */

let t: TestApp
let w: ReturnType<typeof volunteerWorld>
let lianTong: number
let fuLong: number
let staff: As
let admin: As
let resident: As

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = volunteerWorld(t)
  ;[lianTong, fuLong] = await Promise.all([w.look.communityId('联通社区'), w.look.communityId('福龙社区')])
  staff = await t.headersAs('staff')
  admin = await t.headersAs('admin')
  resident = await t.headersAs('resident')
}, 60_000)
afterAll(() => t?.close())
beforeEach(() => {
  t.clock.now = NOW
})

type TeamList = { items: Team[] }
const profileOf = async (as: As) => ok<VolunteerProfile>(await w.get('/api/volunteer/profile', as))
const volunteerGrants = async (userId: number) => (await t.handle.db.select().from(roleGrants).where(and(eq(roleGrants.userId, userId), eq(roleGrants.role, 'volunteer')))).length

/* ================================================================= registration */

describe('registration', () => {
  it('registers a resident with a typed phone, records the consent and grants the role', async () => {
    const me = await w.fresh(lianTong)
    expect(await profileOf(me)).toEqual({ registered: false, realName: null, phone: null, skills: [], availability: [], consentVersion: null, consentedAt: null, teams: [] })
    expect(ok<Me>(await w.get('/api/me', me)).roles).not.toContain('volunteer')
    const res = await w.put('/api/volunteer/profile', me, registration({ realName: ` ${me.name} `, phone: '13912345678', skills: ['repair', 'digital', 'repair'], availability: ['weekend', 'weekday_evening'] }))
    expect(ok<VolunteerProfile>(res)).toEqual({
      registered: true,
      realName: me.name,
      phone: '13912345678',
      skills: ['repair', 'digital'],
      availability: ['weekend', 'weekday_evening'],
      consentVersion: '2026-11',
      consentedAt: '2026-11-17T10:00:00+08:00',
      teams: [],
    })
    expect(await profileOf(me)).toEqual(res.json())
    expect(ok<Me>(await w.get('/api/me', me)).roles).toEqual(expect.arrayContaining(['resident', 'volunteer']))
    const [row] = await t.handle.db.select().from(volunteerProfiles).where(eq(volunteerProfiles.userId, me.userId))
    expect(row).toMatchObject({ personId: me.personId, communityId: lianTong, consentVersion: '2026-11' })
  })

  it('takes the phone from WeChat’s phone code instead, and refuses a code WeChat does not know (400 PHONE_CODE_INVALID)', async () => {
    const me = await w.fresh(lianTong)
    t.wechat.phoneCodes.set('phone-code-ok', '13811112222')
    const { phone: _typed, ...body } = registration({ realName: me.name, phoneCode: 'phone-code-ok' })
    expect(ok<VolunteerProfile>(await w.put('/api/volunteer/profile', me, body)).phone).toBe('13811112222')

    const other = await w.fresh(lianTong)
    expectError(await w.put('/api/volunteer/profile', other, { ...body, phoneCode: 'not-a-code' }), 400, 'PHONE_CODE_INVALID')
    expect((await profileOf(other)).registered).toBe(false)
    expect(await volunteerGrants(other.userId)).toBe(0)
    // With both, the verified number wins over the typed one.
    t.wechat.phoneCodes.set('phone-code-2', '13833334444')
    expect(ok<VolunteerProfile>(await w.put('/api/volunteer/profile', other, { ...body, phone: '13900000001', phoneCode: 'phone-code-2' })).phone).toBe('13833334444')
  })

  it('requires the consent, a phone and sensible fields (VALIDATION_FAILED with the field)', async () => {
    const me = await w.fresh(lianTong)
    const cases: [Record<string, unknown>, string][] = [
      [{ consent: false }, 'body.consent'],
      [{ consent: undefined }, 'body.consent'],
      [{ consent: 'true' }, 'body.consent'],
      [{ phone: undefined }, 'body.phone'],
      [{ phone: '1391234567' }, 'body.phone'],
      [{ phone: '23912345678' }, 'body.phone'],
      [{ realName: '李' }, 'body.realName'],
      [{ realName: '李'.repeat(21) }, 'body.realName'],
      [{ skills: [] }, 'body.skills'],
      [{ skills: ['juggling'] }, 'body.skills.0'],
      [{ availability: [] }, 'body.availability'],
      [{ availability: ['midnight'] }, 'body.availability.0'],
    ]
    for (const [over, path] of cases) {
      const res = await w.put('/api/volunteer/profile', me, registration({ realName: me.name, ...over }))
      expectError(res, 400, 'VALIDATION_FAILED')
      expect((res.json().details as { path: string }[]).map((d) => d.path), JSON.stringify(over)).toContain(path)
    }
    expect((await profileOf(me)).registered).toBe(false)
  })

  it('is for a real resident: an account without a person cannot register (VOLUNTEER_PERSON_REQUIRED)', async () => {
    expectError(await w.put('/api/volunteer/profile', await t.headersAs('unit'), registration()), 409, 'VOLUNTEER_PERSON_REQUIRED')
    const [bare] = await t.handle.db.insert(users).values({ displayName: '未认证' }).returning()
    await t.handle.db.insert(roleGrants).values({ userId: bare!.id, role: 'resident' })
    const as = { authorization: await t.bearerFor(bare!.id) }
    expectError(await w.put('/api/volunteer/profile', as, registration()), 409, 'VOLUNTEER_PERSON_REQUIRED')
    expect(await volunteerGrants(bare!.id)).toBe(0)
  })

  it('updates on registering again, keeping one role grant and the consent’s new time', async () => {
    const me = await w.volunteer(lianTong)
    t.clock.now = new Date(iso('2026-11-20', '08:00'))
    const again = ok<VolunteerProfile>(await w.put('/api/volunteer/profile', me, registration({ realName: me.name, phone: '13700001111', skills: ['medical'], availability: ['weekday_daytime'] })))
    expect(again).toMatchObject({ registered: true, phone: '13700001111', skills: ['medical'], availability: ['weekday_daytime'], consentedAt: '2026-11-20T08:00:00+08:00' })
    expect(await volunteerGrants(me.userId)).toBe(1)
    expect(await t.handle.db.select().from(volunteerProfiles).where(eq(volunteerProfiles.userId, me.userId))).toHaveLength(1)
    // The demo personas who volunteer come registered.
    const li = await profileOf(await t.headersAs('volunteer'))
    expect(li).toMatchObject({ registered: true, realName: '李建国', consentVersion: '2026-11' })
    expect(li.teams.length).toBeGreaterThan(0)
    expect((await profileOf(resident)).registered).toBe(false)
  })

  it('answers 401 without a session', async () => {
    expectError(await w.send({ method: 'GET', url: '/api/volunteer/profile' }), 401, 'UNAUTHENTICATED')
    expectError(await w.send({ method: 'PUT', url: '/api/volunteer/profile', payload: registration() }), 401, 'UNAUTHENTICATED')
  })
})

/* ================================================================= teams */

describe('teams', () => {
  it('lists my community’s teams; joining and leaving change membership and my profile', async () => {
    const me = await w.volunteer(lianTong)
    const before = ok<TeamList>(await w.get('/api/volunteer/teams', me)).items
    expect(before.map((x) => x.name)).toEqual(['红心志愿服务队', '银发助老服务队', '中医义诊服务队'])
    expect(before.every((x) => x.communityId === lianTong && !x.joined)).toBe(true)
    const team = before.find((x) => x.name === '银发助老服务队')!

    const joined = ok<TeamList>(await w.post(`/api/volunteer/teams/${team.id}/join`, me)).items.find((x) => x.id === team.id)!
    expect(joined).toMatchObject({ joined: true, memberCount: team.memberCount + 1 })
    // Joining again changes nothing.
    expect(ok<TeamList>(await w.post(`/api/volunteer/teams/${team.id}/join`, me)).items.find((x) => x.id === team.id)).toEqual(joined)
    expect((await profileOf(me)).teams).toEqual([{ id: team.id, name: '银发助老服务队' }])

    const left = ok<TeamList>(await w.post(`/api/volunteer/teams/${team.id}/leave`, me)).items.find((x) => x.id === team.id)!
    expect(left).toMatchObject({ joined: false, memberCount: team.memberCount })
    expect((await profileOf(me)).teams).toEqual([])
    // Leaving a team one is not in is harmless.
    ok(await w.post(`/api/volunteer/teams/${team.id}/leave`, me))
  })

  it('lists another community’s teams when asked', async () => {
    const { items } = ok<TeamList>(await w.get(`/api/volunteer/teams?communityId=${fuLong}`, resident))
    expect(items.map((x) => x.name)).toEqual(['福龙社区志愿服务队'])
  })

  it('is for registered volunteers, and NOT_FOUND for no such team', async () => {
    const teams = ok<TeamList>(await w.get('/api/volunteer/teams', resident)).items
    expectError(await w.post(`/api/volunteer/teams/${teams[0]!.id}/join`, resident), 403, 'VOLUNTEER_NOT_REGISTERED')
    const me = await w.volunteer(lianTong)
    expectError(await w.post('/api/volunteer/teams/99999999/join', me), 404, 'NOT_FOUND')
    expectError(await w.post('/api/volunteer/teams/99999999/leave', me), 404, 'NOT_FOUND')
    expectError(await w.post('/api/volunteer/teams/abc/join', me), 400, 'VALIDATION_FAILED')
  })
})

/* ================================================================= the 活动 list */

describe('the activity list', () => {
  // February 2027: a month no seed activity and no other test of this file uses.
  let a1: Activity
  let a2: Activity
  let a3: Activity
  let a4: Activity
  let a5: Activity
  let red: number
  let viewer: Account
  const list = async (query: string, as: As = viewer) => ok<ActivityPage>(await w.get(`/api/activities?${query}`, as))
  const ids = (page: ActivityPage) => page.items.map((a) => a.id)

  beforeAll(async () => {
    red = await w.teamId(lianTong, '红心志愿服务队')
    a1 = await w.newActivity(staff, lianTong, '2027-02-01', '09:00', '11:00', { teamId: red, skills: ['medical'], capacity: 2 })
    a2 = await w.newActivity(staff, lianTong, '2027-02-02', '09:00', '11:00', { skills: ['haircut'], capacity: 1 })
    a3 = await w.newActivity(staff, lianTong, '2027-02-03', '09:00', '11:00')
    ok(await w.post(`/api/staff/activities/${a3.id}/cancel`, staff, { reason: '天气原因' }))
    a4 = await w.newActivity(admin, fuLong, '2027-02-01', '14:00', '15:30', { place: '福龙社区党群服务中心' })
    a5 = await w.newActivity(staff, lianTong, '2027-02-04', '18:00', '20:00', { skills: ['medical', 'general'] })
    ok(await w.signUp(await w.volunteer(lianTong), a2.id))
    viewer = await w.volunteer(lianTong)
  })

  it('lists my community’s published activities from a day on, soonest first, without cancelled ones', async () => {
    const page = await list('from=2027-02-01')
    expect(ids(page)).toEqual([a1.id, a2.id, a5.id])
    expect(page.nextCursor).toBeNull()
    expect(page.items[0]).toEqual({
      id: a1.id,
      communityId: lianTong,
      communityName: '联通社区',
      title: a1.title,
      teamName: '红心志愿服务队',
      projectName: null,
      place: '联通社区党群服务中心',
      startsAt: '2027-02-01T09:00:00+08:00',
      endsAt: '2027-02-01T11:00:00+08:00',
      skills: ['medical'],
      capacity: 2,
      signedUp: 0,
      waitlisted: 0,
      hours: 2,
      points: 10, // 志愿服务 5 points an hour
      cancelled: false,
      phase: 'upcoming',
      mySignup: null,
      // No photo: the default picture of its first skill, served by the server.
      photo: null,
      imageUrl: '/api/pictures/activity-medical.png',
      thumbnailUrl: '/api/pictures/activity-medical.thumb.png',
    })
    expect(page.items[1]).toMatchObject({ signedUp: 1, capacity: 1, teamName: null })
    expect(ids(await list('from=2027-02-02'))).toEqual([a2.id, a5.id])
  })

  it('lists the whole district, or another community', async () => {
    expect(ids(await list('scope=district&from=2027-02-01'))).toEqual([a1.id, a4.id, a2.id, a5.id])
    expect((await list('scope=district&from=2027-02-01')).items[1]).toMatchObject({ communityName: '福龙社区', hours: 1.5, points: 8 })
    expect(ids(await list(`communityId=${fuLong}&from=2027-02-01`))).toEqual([a4.id])
  })

  it('filters by skill, team and free places', async () => {
    expect(ids(await list('from=2027-02-01&skill=medical'))).toEqual([a1.id, a5.id])
    expect(ids(await list('from=2027-02-01&skill=haircut'))).toEqual([a2.id])
    expect(ids(await list('from=2027-02-01&skill=legal'))).toEqual([])
    expect(ids(await list(`from=2027-02-01&teamId=${red}`))).toEqual([a1.id])
    expect(ids(await list('from=2027-02-01&hasPlaces=true'))).toEqual([a1.id, a5.id])
    expect(ids(await list('from=2027-02-01&hasPlaces=false'))).toEqual([a1.id, a2.id, a5.id])
  })

  it('pages by a cursor until the end', async () => {
    const first = await list('from=2027-02-01&limit=2')
    expect(ids(first)).toEqual([a1.id, a2.id])
    expect(first.nextCursor).toEqual(expect.any(String))
    const second = await list(`from=2027-02-01&limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`)
    expect(ids(second)).toEqual([a5.id])
    expect(second.nextCursor).toBeNull()
    const seen: number[] = []
    let cursor: string | null = null
    do {
      const page: ActivityPage = await list(`scope=district&from=2027-02-01&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      seen.push(...ids(page))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual([a1.id, a4.id, a2.id, a5.id])
  })

  it('starts today by default, and shows my sign-up on each item', async () => {
    const page = await list('limit=50')
    expect(page.items.length).toBeGreaterThan(0)
    const starts = page.items.map((a) => Date.parse(a.startsAt))
    expect(starts.every((s) => s >= Date.parse(iso('2026-11-17', '00:00')))).toBe(true)
    expect(starts).toEqual([...starts].sort((x, y) => x - y))
    expect(page.items.every((a) => a.communityId === lianTong && !a.cancelled)).toBe(true)

    ok(await w.signUp(viewer, a1.id))
    const mine = (await list('from=2027-02-01')).items
    expect(mine.find((a) => a.id === a1.id)!.mySignup).toEqual({ id: expect.any(Number), status: 'accepted', waitlistPosition: null })
    expect(mine.find((a) => a.id === a5.id)!.mySignup).toBeNull()
    // Someone else sees the count, not my sign-up.
    expect((await list('from=2027-02-01', resident)).items.find((a) => a.id === a1.id)).toMatchObject({ signedUp: 1, mySignup: null })
  })

  it('refuses bad filters with VALIDATION_FAILED', async () => {
    for (const query of ['limit=0', 'limit=51', 'skill=juggling', 'scope=world', 'from=2027-2-1', 'from=2027-02-29', 'from=2027-02-30', 'from=2027-13-01', 'from=0000-00-00', 'from=1999-12-31', 'from=2100-01-01', 'teamId=0', 'teamId=2147483648', 'communityId=-1', 'hasPlaces=yes', 'cursor=abc', 'cursor=1_x', 'cursor=1_-1', 'cursor=8640000000000000_1', 'cursor=-62135596800001_1', 'cursor=99999999999999999_1', 'cursor=8640000000000001_1', 'cursor=1800000000000_2147483648']) {
      expectError(await w.get(`/api/activities?${query}`, viewer), 400, 'VALIDATION_FAILED')
    }
  })
})

/* ================================================================= an activity's detail */

describe('an activity’s detail', () => {
  it('shows its fields, the cancel deadline, and what each viewer may do', async () => {
    const project = ok<{ items: { id: number; name: string }[] }>(await w.get('/api/staff/projects', staff)).items[0]!
    const team = await w.teamId(lianTong, '银发助老服务队')
    const [station] = await w.stationsOf(lianTong)
    const a = await w.newActivity(staff, lianTong, '2026-11-21', '09:00', '11:30', {
      teamId: team,
      projectId: project.id,
      stationId: station!.id,
      latitude: 50.2412,
      longitude: 127.5023,
      geofenceMeters: 200,
      capacity: 1,
      cancelDeadlineHours: 12,
      skills: ['elderly_care'],
    })
    const me = await w.volunteer(lianTong)
    const seen = await w.detail(me, a.id)
    expect(seen).toMatchObject({
      id: a.id,
      teamId: team,
      teamName: '银发助老服务队',
      projectId: project.id,
      projectName: project.name,
      stationId: station!.id,
      stationName: station!.name,
      latitude: 50.2412,
      longitude: 127.5023,
      geofenceMeters: 200,
      cancelDeadlineHours: 12,
      cancelDeadline: '2026-11-20T21:00:00+08:00',
      cancelReason: null,
      seriesId: null,
      description: '测试用的志愿活动',
      organiserName: '刘晓燕',
      organiserPhone: null, // until accepted
      hours: 2.5,
      points: 13, // 5 × 2.5, rounded
      mySignup: null,
      actions: ['sign_up'],
    })
    // A resident not yet registered is offered sign-up too (the page sends them to register); staff manage.
    expect((await w.detail(resident, a.id)).actions).toEqual(['sign_up'])
    expect((await w.detail(staff, a.id)).actions).toEqual(['sign_up', 'manage'])
    expect((await w.detail(admin, a.id)).actions).toEqual(['sign_up', 'manage'])
    expect((await w.detail(await w.staffOf(fuLong), a.id)).actions).toEqual(['sign_up'])

    const signedUp = ok<Activity>(await w.signUp(me, a.id))
    expect(signedUp).toMatchObject({ organiserPhone: '18745673344', actions: ['cancel_signup'], signedUp: 1 })
    expect(signedUp.mySignup).toEqual({ id: expect.any(Number), status: 'accepted', waitlistPosition: null, checkedInAt: null, checkedOutAt: null, confirmedHours: null })
    // Full now: the next one is offered the waitlist, and does not see the organiser's phone while waiting.
    const next = await w.volunteer(lianTong)
    expect((await w.detail(next, a.id)).actions).toEqual(['join_waitlist'])
    const waiting = ok<Activity>(await w.signUp(next, a.id))
    expect(waiting).toMatchObject({ organiserPhone: null, actions: ['cancel_signup'], waitlisted: 1, mySignup: { status: 'waitlisted', waitlistPosition: 1 } })
  })

  it('is NOT_FOUND for no such activity, and 400 for a malformed id', async () => {
    expectError(await w.get('/api/activities/99999999', resident), 404, 'NOT_FOUND')
    expectError(await w.get('/api/activities/2147483648', resident), 400, 'VALIDATION_FAILED')
    expectError(await w.get('/api/activities/x', resident), 400, 'VALIDATION_FAILED')
  })
})

/* ================================================================= signing up */

describe('signing up', () => {
  it('accepts while places last, then waitlists in order', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-22', '09:00', '11:00', { capacity: 2 })
    const people = [await w.volunteer(lianTong), await w.volunteer(lianTong), await w.volunteer(lianTong), await w.volunteer(lianTong)]
    const answers: Activity[] = []
    for (const p of people) answers.push(ok<Activity>(await w.signUp(p, a.id)))
    expect(answers.map((x) => [x.mySignup!.status, x.mySignup!.waitlistPosition])).toEqual([['accepted', null], ['accepted', null], ['waitlisted', 1], ['waitlisted', 2]])
    expect(answers.at(-1)).toMatchObject({ signedUp: 2, waitlisted: 2 })
    expect((await w.activityRow(a.id)).signedUp).toBe(2)
    expect((await w.signupRows(a.id)).map((r) => [r.userId, r.status])).toEqual(people.map((p, i) => [p.userId, i < 2 ? 'accepted' : 'waitlisted']))
    // The sign-up holds the activity's period.
    expect((await w.signupRow(a.id, people[0]!.userId))).toMatchObject({ startsAt: new Date(a.startsAt), endsAt: new Date(a.endsAt), personId: people[0]!.personId })
  })

  it('refuses a second sign-up, accepted or waiting (ACTIVITY_ALREADY_SIGNED_UP)', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-23', '09:00', '11:00', { capacity: 1 })
    const [first, second] = [await w.volunteer(lianTong), await w.volunteer(lianTong)]
    ok(await w.signUp(first, a.id))
    expectError(await w.signUp(first, a.id), 409, 'ACTIVITY_ALREADY_SIGNED_UP')
    ok(await w.signUp(second, a.id))
    expectError(await w.signUp(second, a.id), 409, 'ACTIVITY_ALREADY_SIGNED_UP')
    expect(await w.signupRows(a.id)).toHaveLength(2)
    expect((await w.activityRow(a.id)).signedUp).toBe(1)
  })

  it('refuses an activity overlapping one I am in (ACTIVITY_OVERLAP); back to back is fine', async () => {
    const morning = await w.newActivity(staff, lianTong, '2026-11-24', '09:00', '11:00')
    const overlapping = await w.newActivity(admin, fuLong, '2026-11-24', '10:30', '12:00')
    const inside = await w.newActivity(staff, lianTong, '2026-11-24', '09:30', '10:00')
    const after = await w.newActivity(staff, lianTong, '2026-11-24', '11:00', '12:00')
    const before = await w.newActivity(staff, lianTong, '2026-11-24', '08:00', '09:00')
    const me = await w.volunteer(lianTong)
    ok(await w.signUp(me, morning.id))
    expectError(await w.signUp(me, overlapping.id), 409, 'ACTIVITY_OVERLAP')
    expectError(await w.signUp(me, inside.id), 409, 'ACTIVITY_OVERLAP')
    expect(ok<Activity>(await w.signUp(me, after.id)).mySignup!.status).toBe('accepted')
    expect(ok<Activity>(await w.signUp(me, before.id)).mySignup!.status).toBe('accepted')
    expect((await w.activityRow(overlapping.id)).signedUp).toBe(0)
    // Once cancelled, the time is free again.
    ok(await w.cancel(me, morning.id))
    expect(ok<Activity>(await w.signUp(me, inside.id)).mySignup!.status).toBe('accepted')
  })

  it('refuses once the activity has started, and when it was cancelled (ACTIVITY_SIGNUP_CLOSED)', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-25', '09:00', '11:00')
    const me = await w.volunteer(lianTong)
    w.setClock('2026-11-25', '08:59')
    ok(await w.signUp(me, a.id))
    const late = await w.volunteer(lianTong)
    w.setClock('2026-11-25', '09:00')
    expectError(await w.signUp(late, a.id), 409, 'ACTIVITY_SIGNUP_CLOSED')
    w.setClock('2026-11-26', '09:00')
    expectError(await w.signUp(late, a.id), 409, 'ACTIVITY_SIGNUP_CLOSED')

    t.clock.now = NOW
    const b = await w.newActivity(staff, lianTong, '2026-11-25', '14:00', '16:00')
    ok(await w.post(`/api/staff/activities/${b.id}/cancel`, staff, { reason: '场地检修' }))
    expectError(await w.signUp(late, b.id), 409, 'ACTIVITY_SIGNUP_CLOSED')
    expect(await w.signupRows(b.id)).toEqual([])
  })

  it('is for registered volunteers (VOLUNTEER_NOT_REGISTERED), and NOT_FOUND for no such activity', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-26', '09:00', '11:00')
    expectError(await w.signUp(resident, a.id), 403, 'VOLUNTEER_NOT_REGISTERED')
    expectError(await w.signUp(staff, a.id), 403, 'VOLUNTEER_NOT_REGISTERED')
    expect(await w.signupRows(a.id)).toEqual([])
    expectError(await w.signUp(await w.volunteer(lianTong), 99_999_999), 404, 'NOT_FOUND')
  })

  it('lets a volunteer of another community sign up', async () => {
    const a = await w.newActivity(admin, fuLong, '2026-11-26', '14:00', '16:00')
    expect(ok<Activity>(await w.signUp(await w.volunteer(lianTong), a.id)).mySignup!.status).toBe('accepted')
  })

  it('replays the first answer for a retried Idempotency-Key, and signs up once', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-27', '09:00', '11:00')
    const me = await w.volunteer(lianTong)
    const key = { 'idempotency-key': 'signup-retry-0001' }
    const first = await w.signUp(me, a.id, key)
    const retry = await w.signUp(me, a.id, key)
    expect(first.statusCode).toBe(200)
    expect(retry.statusCode).toBe(200)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(retry.json()).toEqual(first.json())
    expect(await w.signupRows(a.id)).toHaveLength(1)
    expect((await w.activityRow(a.id)).signedUp).toBe(1)
    // A new key is a new request: refused as a second sign-up.
    expectError(await w.signUp(me, a.id, { 'idempotency-key': 'signup-retry-0002' }), 409, 'ACTIVITY_ALREADY_SIGNED_UP')
    // The same key on another activity is a different request.
    const b = await w.newActivity(staff, lianTong, '2026-11-27', '14:00', '16:00')
    expectError(await w.signUp(me, b.id, key), 422, 'IDEMPOTENCY_KEY_REUSED')
    expectError(await w.signUp(me, b.id, { 'idempotency-key': 'short' }), 400, 'IDEMPOTENCY_KEY_INVALID')
  })
})

/* ================================================================= cancelling and the waitlist */

describe('cancelling', () => {
  it('frees the place before the deadline, and offers sign-up again', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-28', '09:00', '11:00')
    const me = await w.volunteer(lianTong)
    ok(await w.signUp(me, a.id))
    w.setClock('2026-11-27', '08:59') // the deadline is 24 hours before: 27th 09:00
    const after = ok<Activity>(await w.cancel(me, a.id))
    expect(after).toMatchObject({ signedUp: 0, mySignup: { status: 'cancelled' }, actions: ['sign_up'] })
    expect(await w.signupRow(a.id, me.userId)).toMatchObject({ status: 'cancelled', cancelledAt: new Date(iso('2026-11-27', '08:59')) })
    // And again: a new sign-up row, accepted.
    expect(ok<Activity>(await w.signUp(me, a.id)).mySignup!.status).toBe('accepted')
    expect((await w.signupRows(a.id)).map((r) => r.status)).toEqual(['cancelled', 'accepted'])
  })

  it('refuses after the deadline (SIGNUP_CANCEL_TOO_LATE); a waiting volunteer may leave until the start', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-28', '14:00', '16:00', { capacity: 1, cancelDeadlineHours: 48 })
    const [inn, waiting] = [await w.volunteer(lianTong), await w.volunteer(lianTong)]
    ok(await w.signUp(inn, a.id))
    ok(await w.signUp(waiting, a.id))
    w.setClock('2026-11-26', '14:00')
    expectError(await w.cancel(inn, a.id), 409, 'SIGNUP_CANCEL_TOO_LATE')
    expect((await w.signupRow(a.id, inn.userId)).status).toBe('accepted')
    expect((await w.detail(inn, a.id)).actions).toEqual([])
    w.setClock('2026-11-28', '13:59')
    expect(ok<Activity>(await w.cancel(waiting, a.id)).mySignup!.status).toBe('cancelled')
    t.clock.now = NOW
    const again = await w.volunteer(lianTong)
    expect(ok<Activity>(await w.signUp(again, a.id)).mySignup!.status).toBe('waitlisted')
    w.setClock('2026-11-28', '14:00')
    expectError(await w.cancel(again, a.id), 409, 'SIGNUP_CANCEL_TOO_LATE')
  })

  it('refuses without a live sign-up (SIGNUP_STATE_CONFLICT), and NOT_FOUND for no such activity', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-29', '09:00', '11:00')
    const me = await w.volunteer(lianTong)
    expectError(await w.cancel(me, a.id), 409, 'SIGNUP_STATE_CONFLICT')
    ok(await w.signUp(me, a.id))
    ok(await w.cancel(me, a.id))
    expectError(await w.cancel(me, a.id), 409, 'SIGNUP_STATE_CONFLICT')
    expectError(await w.cancel(me, 99_999_999), 404, 'NOT_FOUND')
    expect((await w.activityRow(a.id)).signedUp).toBe(0)
  })

  it('promotes the waitlist in order, one place at a time', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-30', '09:00', '11:00', { capacity: 1 })
    const [p1, p2, p3, p4] = [await w.volunteer(lianTong), await w.volunteer(lianTong), await w.volunteer(lianTong), await w.volunteer(lianTong)]
    for (const p of [p1, p2, p3, p4]) ok(await w.signUp(p!, a.id))
    w.setClock('2026-11-20', '10:00')
    ok(await w.cancel(p1!, a.id))
    expect(await w.signupRow(a.id, p2!.userId)).toMatchObject({ status: 'accepted', promotedAt: new Date(iso('2026-11-20', '10:00')) })
    expect((await w.detail(p2!, a.id)).mySignup).toMatchObject({ status: 'accepted', waitlistPosition: null })
    expect((await w.detail(p3!, a.id)).mySignup).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    expect((await w.detail(p4!, a.id)).mySignup).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })
    // A waiting volunteer leaving moves those behind up, and promotes no one.
    ok(await w.cancel(p3!, a.id))
    expect((await w.detail(p4!, a.id)).mySignup).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    ok(await w.cancel(p2!, a.id))
    expect((await w.signupRows(a.id)).map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'accepted'])
    expect((await w.activityRow(a.id)).signedUp).toBe(1)
  })

  it('passes over a waiting volunteer who meanwhile took an overlapping activity', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-12-01', '09:00', '11:00', { capacity: 1 })
    const other = await w.newActivity(staff, lianTong, '2026-12-01', '10:00', '12:00')
    const [inn, busy, free] = [await w.volunteer(lianTong), await w.volunteer(lianTong), await w.volunteer(lianTong)]
    ok(await w.signUp(inn, a.id))
    ok(await w.signUp(busy, a.id))
    ok(await w.signUp(free, a.id))
    // Waiting for one does not stop signing up for another at the same time.
    expect(ok<Activity>(await w.signUp(busy, other.id)).mySignup!.status).toBe('accepted')
    ok(await w.cancel(inn, a.id))
    expect((await w.signupRow(a.id, busy.userId)).status).toBe('waitlisted')
    expect((await w.signupRow(a.id, free.userId)).status).toBe('accepted')
    expect((await w.activityRow(a.id)).signedUp).toBe(1)
    expect((await w.detail(busy, a.id)).mySignup).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
  })
})

/* ================================================================= scanning in and out */

describe('scanning the organiser’s code', () => {
  // Thursday 3 December 09:00–11:00.
  const DAY = '2026-12-03'
  /** An activity on DAY, 09:00–11:00, with one accepted volunteer (each test has its own). */
  async function setup(over: Parameters<typeof w.newActivity>[5] = {}) {
    const a = await w.newActivity(staff, lianTong, DAY, '09:00', '11:00', over)
    const me = await w.volunteer(lianTong)
    ok(await w.signUp(me, a.id))
    return { a, me }
  }

  it('checks in on the first scan, stays checked in on a repeat within 5 minutes, checks out on a later one', async () => {
    const { a, me } = await setup()
    const first = await w.scanned(staff, me, a.id, DAY, '08:40')
    expect(first.action).toBe('checked_in')
    expect(first.activity.mySignup).toMatchObject({ status: 'accepted', checkedInAt: '2026-12-03T08:40:00+08:00', checkedOutAt: null })
    expect(first.activity.actions).toEqual(['scan'])
    const repeat = await w.scanned(staff, me, a.id, DAY, '08:44')
    expect(repeat.action).toBe('checked_in')
    expect(repeat.activity.mySignup!.checkedInAt).toBe('2026-12-03T08:40:00+08:00')
    const out = await w.scanned(staff, me, a.id, DAY, '10:50')
    expect(out.action).toBe('checked_out')
    expect(out.activity.mySignup).toMatchObject({ checkedInAt: '2026-12-03T08:40:00+08:00', checkedOutAt: '2026-12-03T10:50:00+08:00', confirmedHours: null })
    expect(out.activity.actions).toEqual([])
    expect(await w.signupRow(a.id, me.userId)).toMatchObject({ checkedOutBy: 'volunteer' })
    expectError(await w.scanAt(staff, me, a.id, DAY, '10:55'), 409, 'ACTIVITY_ALREADY_CHECKED_OUT')
    // The organiser sees what confirming would credit: 09:00–10:50 → 1.5 h.
    expect((await w.roster(staff, a.id)).entries.find((e) => e.userId === me.userId)).toMatchObject({ computedHours: 1.5 })
  })

  it('opens 30 minutes before the start (ACTIVITY_CHECK_IN_NOT_OPEN) and closes check-in at the end (ACTIVITY_CHECK_IN_CLOSED)', async () => {
    const { a, me } = await setup()
    expectError(await w.scanAt(staff, me, a.id, DAY, '08:29'), 409, 'ACTIVITY_CHECK_IN_NOT_OPEN')
    expectError(await w.scanAt(staff, me, a.id, DAY, '11:00'), 409, 'ACTIVITY_CHECK_IN_CLOSED')
    expect(await w.signupRow(a.id, me.userId)).toMatchObject({ checkedInAt: null })
    expect(ok<ScanResult>(await w.scanAt(staff, me, a.id, DAY, '08:30')).action).toBe('checked_in')
  })

  it('checks out until two hours after the end, not later', async () => {
    const { a, me } = await setup()
    await w.scanned(staff, me, a.id, DAY, '09:00')
    expectError(await w.scanAt(staff, me, a.id, DAY, '13:01'), 409, 'ACTIVITY_CHECK_IN_CLOSED')
    expect(await w.signupRow(a.id, me.userId)).toMatchObject({ checkedOutAt: null })
    expect((await w.scanned(staff, me, a.id, DAY, '12:59')).action).toBe('checked_out')
  })

  it('refuses a code older than its window and the next (ACTIVITY_CODE_EXPIRED)', async () => {
    const { a, me } = await setup()
    w.setClock(DAY, '08:40')
    const code = await w.qr(staff, a.id)
    t.clock.now = new Date(t.clock.now.getTime() + 45_000)
    expect(ok<ScanResult>(await w.scan(me, code)).action).toBe('checked_in') // 45 s later: still good
    w.setClock(DAY, '10:40')
    const later = await w.qr(staff, a.id)
    t.clock.now = new Date(t.clock.now.getTime() + 60_000)
    expectError(await w.scan(me, later), 409, 'ACTIVITY_CODE_EXPIRED')
    expectError(await w.scan(me, code), 409, 'ACTIVITY_CODE_EXPIRED') // the photo from this morning
    expect(await w.signupRow(a.id, me.userId)).toMatchObject({ checkedOutAt: null })
  })

  it('refuses forged or foreign text (ACTIVITY_CODE_INVALID), and another activity’s code (ACTIVITY_NOT_SIGNED_UP)', async () => {
    const { a, me } = await setup()
    const other = await w.newActivity(staff, lianTong, DAY, '09:00', '11:00')
    w.setClock(DAY, '08:45')
    const code = await w.qr(staff, a.id)
    const [prefix, vol, id, window, mac] = code.split(':')
    const tampered = `${prefix}:${vol}:${id}:${window}:${mac![0] === 'A' ? 'B' : 'A'}${mac!.slice(1)}`
    expectError(await w.scan(me, tampered), 400, 'ACTIVITY_CODE_INVALID')
    expectError(await w.scan(me, `${prefix}:${vol}:${other.id}:${window}:${mac}`), 400, 'ACTIVITY_CODE_INVALID') // this mac, that activity
    expectError(await w.scan(me, `${prefix}:${vol}:${id}:${Number(window) + 1}:${mac}`), 400, 'ACTIVITY_CODE_INVALID')
    expectError(await w.scan(me, `doorstep:vol:999999999:${window}:${mac}`), 400, 'ACTIVITY_CODE_INVALID')
    expectError(await w.scan(me, 'https://example.com/not-a-code'), 400, 'ACTIVITY_CODE_INVALID')
    expectError(await w.scan(me, ''), 400, 'VALIDATION_FAILED')
    expectError(await w.scan(me, await w.qr(staff, other.id)), 404, 'ACTIVITY_NOT_SIGNED_UP')
    expect(await w.signupRow(a.id, me.userId)).toMatchObject({ checkedInAt: null })
    expect(ok<ScanResult>(await w.scan(me, ` ${code} `)).action).toBe('checked_in')
  })

  it('is refused to someone waiting, cancelled, or never signed up (ACTIVITY_NOT_SIGNED_UP)', async () => {
    const { a, me } = await setup({ capacity: 1 })
    const waiting = await w.volunteer(lianTong)
    ok(await w.signUp(waiting, a.id))
    const stranger = await w.volunteer(lianTong)
    for (const as of [waiting, stranger, resident]) expectError(await w.scanAt(staff, as, a.id, DAY, '08:45'), 404, 'ACTIVITY_NOT_SIGNED_UP')
    t.clock.now = NOW
    ok(await w.cancel(me, a.id))
    expectError(await w.scanAt(staff, me, a.id, DAY, '08:45'), 404, 'ACTIVITY_NOT_SIGNED_UP')
    // The waiting one was promoted and may scan now.
    expect(ok<ScanResult>(await w.scanAt(staff, waiting, a.id, DAY, '08:45')).action).toBe('checked_in')
  })

  it('asks for the position inside a geofence: LOCATION_REQUIRED without one, LOCATION_TOO_FAR outside', async () => {
    const place = { latitude: 50.2412, longitude: 127.5023 }
    const { a, me } = await setup({ ...place, geofenceMeters: 100 })
    expectError(await w.scanAt(staff, me, a.id, DAY, '08:45'), 400, 'LOCATION_REQUIRED')
    expectError(await w.scanAt(staff, me, a.id, DAY, '08:45', { latitude: place.latitude }), 400, 'LOCATION_REQUIRED')
    // 0.0018° of latitude is about 200 m.
    expectError(await w.scanAt(staff, me, a.id, DAY, '08:45', { latitude: place.latitude + 0.0018, longitude: place.longitude }), 409, 'LOCATION_TOO_FAR')
    expect(await w.signupRow(a.id, me.userId)).toMatchObject({ checkedInAt: null })
    // 0.0006° is about 67 m: inside.
    const inside = { latitude: place.latitude + 0.0006, longitude: place.longitude }
    expect(ok<ScanResult>(await w.scanAt(staff, me, a.id, DAY, '08:45', inside)).action).toBe('checked_in')
    // Checking out is held to the place too.
    expectError(await w.scanAt(staff, me, a.id, DAY, '10:59', { latitude: place.latitude + 0.01, longitude: place.longitude }), 409, 'LOCATION_TOO_FAR')
    expect(ok<ScanResult>(await w.scanAt(staff, me, a.id, DAY, '10:59', inside)).action).toBe('checked_out')
    // Without a geofence a position is ignored.
    t.clock.now = NOW
    const plain = await setup()
    expect(ok<ScanResult>(await w.scanAt(staff, plain.me, plain.a.id, DAY, '08:45', { latitude: 10, longitude: 10 })).action).toBe('checked_in')
  })

  it('refuses a position off the globe', async () => {
    const { me } = await setup()
    expectError(await w.scan(me, 'doorstep:vol:1:1:AAAAAAAAAAAAAAAA', { latitude: 91, longitude: 0 }), 400, 'VALIDATION_FAILED')
    expectError(await w.scan(me, 'doorstep:vol:1:1:AAAAAAAAAAAAAAAA', { latitude: 0, longitude: 181 }), 400, 'VALIDATION_FAILED')
  })
})

/* ================================================================= my sign-ups */

describe('my sign-ups', () => {
  it('lists what is coming up, soonest first, and the history', async () => {
    const me = await w.volunteer(lianTong)
    const later = await w.newActivity(staff, lianTong, '2026-12-20', '09:00', '11:00')
    const sooner = await w.newActivity(staff, lianTong, '2026-12-19', '09:00', '11:00')
    const dropped = await w.newActivity(staff, lianTong, '2026-12-18', '09:00', '11:00')
    for (const a of [later, sooner, dropped]) ok(await w.signUp(me, a.id))
    ok(await w.cancel(me, dropped.id))
    const upcoming = ok<{ items: MySignup[] }>(await w.get('/api/volunteer/signups', me)).items
    expect(upcoming.map((s) => s.activity.id)).toEqual([sooner.id, later.id])
    expect(upcoming[0]).toMatchObject({ status: 'accepted', waitlistPosition: null, checkedInAt: null, confirmedHours: null, activity: { title: sooner.title, hours: 2, points: 10 } })
    const history = ok<{ items: MySignup[] }>(await w.get('/api/volunteer/signups?scope=history', me)).items
    expect(history.map((s) => [s.activity.id, s.status])).toEqual([[dropped.id, 'cancelled']])
    // After the 19th, it moves to the history.
    w.setClock('2026-12-19', '11:00')
    expect(ok<{ items: MySignup[] }>(await w.get('/api/volunteer/signups', me)).items.map((s) => s.activity.id)).toEqual([later.id])
    expect(ok<{ items: MySignup[] }>(await w.get('/api/volunteer/signups?scope=history', me)).items.map((s) => s.activity.id)).toEqual([sooner.id, dropped.id])
    expectError(await w.get('/api/volunteer/signups?scope=all', me), 400, 'VALIDATION_FAILED')
  })
})

/* ================================================================= bad input */

describe('bad input is never a 500', () => {
  const junk = fc.oneof(
    fc.string({ maxLength: 50 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(2_147_483_648),
    fc.constant(-1),
    fc.constant('9999-12-31T23:59:59+08:00'),
    fc.constant('0001-01-01T00:00:00+08:00'),
    fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
  )
  const bodyOf = (keys: string[], base: Record<string, unknown>) =>
    fc.record(Object.fromEntries(keys.map((k) => [k, junk])), { requiredKeys: [] }).map((over) => ({ ...base, ...over }))

  it('on the volunteer’s write routes', async () => {
    const me = await w.volunteer(lianTong)
    const a = await w.newActivity(staff, lianTong, '2026-12-10', '09:00', '11:00')
    await fc.assert(
      fc.asyncProperty(bodyOf(['realName', 'phone', 'phoneCode', 'skills', 'availability', 'consent'], registration()), async (body) => {
        const res = await w.put('/api/volunteer/profile', me, body)
        if (res.statusCode !== 200) expectClientError(res, JSON.stringify(body))
      }),
      { numRuns: 60 },
    )
    await fc.assert(
      fc.asyncProperty(bodyOf(['code', 'latitude', 'longitude'], { code: `doorstep:vol:${a.id}:1:AAAAAAAAAAAAAAAA` }), async (body) => {
        expectClientError(await w.post('/api/volunteer/scan', me, body), JSON.stringify(body))
      }),
      { numRuns: 60 },
    )
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('1e99', '-0', '0x10', '2147483648', ' 1', '1.5', 'NaN')), async (id) => {
        const res = await w.post(`/api/activities/${encodeURIComponent(id)}/signup`, me)
        expect(res.statusCode, `${id} ${res.body}`).toBeLessThan(500)
      }),
      { numRuns: 60 },
    )
  })

  it('on the list’s query', async () => {
    const me = await w.volunteer(lianTong)
    await fc.assert(
      fc.asyncProperty(
        fc.record({ from: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('0000-00-00', '9999-99-99', '2026-02-29', '0001-01-01', '9999-12-31')), cursor: fc.oneof(fc.string({ maxLength: 30 }), fc.tuple(fc.integer(), fc.integer()).map(([x, y]) => `${x}_${y}`), fc.constantFrom('9007199254740991_1', '-8640000000000000_1', '8640000000000000_2147483647')), limit: fc.string({ maxLength: 4 }) }, { requiredKeys: [] }),
        async (q) => {
          const res = await w.get(`/api/activities?${new URLSearchParams(q as Record<string, string>)}`, me)
          if (res.statusCode !== 200) expectClientError(res, JSON.stringify(q))
        },
      ),
      { numRuns: 150 },
    )
  })

  it('on the organiser’s write routes', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-12-11', '09:00', '11:00')
    const fields = ['title', 'description', 'teamId', 'projectId', 'stationId', 'place', 'latitude', 'longitude', 'geofenceMeters', 'startsAt', 'endsAt', 'capacity', 'skills', 'cancelDeadlineHours']
    await fc.assert(
      fc.asyncProperty(bodyOf([...fields, 'communityId', 'repeatWeeks'], w.activityBody(lianTong, '2026-12-12', '09:00', '11:00') as unknown as Record<string, unknown>), async (body) => {
        const res = await w.post('/api/staff/activities', staff, body)
        if (res.statusCode !== 201) expectClientError(res, JSON.stringify(body))
      }),
      { numRuns: 80 },
    )
    const { communityId: _c, ...updateBase } = w.activityBody(lianTong, '2026-12-11', '09:00', '11:00', { title: a.title })
    await fc.assert(
      fc.asyncProperty(bodyOf(fields, updateBase as unknown as Record<string, unknown>), async (body) => {
        const res = await w.patch(`/api/staff/activities/${a.id}`, staff, body)
        if (res.statusCode !== 200) expectClientError(res, JSON.stringify(body))
      }),
      { numRuns: 80 },
    )
    await fc.assert(
      fc.asyncProperty(bodyOf(['hours', 'reason'], {}), fc.integer({ min: 1, max: 3 }), async (body, which) => {
        const url = which === 1 ? '/api/staff/signups/1/confirm' : which === 2 ? `/api/staff/activities/${a.id}/cancel` : '/api/staff/teams'
        const res = await w.post(url, staff, which === 3 ? { communityId: body.hours, name: body.reason } : body)
        if (res.statusCode >= 300) expectClientError(res, JSON.stringify(body))
      }),
      { numRuns: 80 },
    )
  })

  it('answers a malformed JSON body with 400', async () => {
    const me = await w.volunteer(lianTong)
    const res = await w.send({ method: 'PUT', url: '/api/volunteer/profile', headers: { authorization: me.authorization, 'content-type': 'application/json' }, payload: '{"realName":' })
    expectClientError(res)
    expect(res.statusCode).toBe(400)
  })
})

/* ================================================================= rows behind the scenes */

describe('the database agrees', () => {
  it('each activity’s signed_up equals its accepted sign-ups', async () => {
    const result = (await t.handle.db.execute(sql`
      select a.id, a.signed_up, (select count(*)::int from activity_signups s where s.activity_id = a.id and s.status = 'accepted') as accepted
      from activities a where a.cancelled_at is null`)) as unknown as { rows: { id: number; signed_up: number; accepted: number }[] }
    const off = result.rows.filter((r) => r.signed_up !== r.accepted)
    expect(off).toEqual([])
  })
})
