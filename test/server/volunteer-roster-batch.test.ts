import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { BatchAttendanceResult, Roster } from '../../types/api/volunteer'
import { createTestApp, type TestApp } from '../support/test-app'
import type { Account } from './booking-fixtures'
import { volunteerWorld } from './volunteer-fixtures'
import { type As, expectError, ok } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * 批量签到 / 批量签退 on the roster (POST /api/staff/activities/:id/attendance): the single action's rules applied
 * to each chosen volunteer, each on its own, with a result per person; a replay changes nothing; only the
 * activity's community's staff may call it.
 */

let t: TestApp
let w: ReturnType<typeof volunteerWorld>
let lianTong: number
let staff: As
let staffFuLong: As

beforeAll(async () => {
  t = await createTestApp({ now: NOW })
  w = volunteerWorld(t)
  lianTong = await w.look.communityId('联通社区')
  staff = await t.headersAs('staff')
  staffFuLong = await w.staffOf(await w.look.communityId('福龙社区'))
}, 60_000)
afterAll(() => t?.close())
beforeEach(() => {
  t.clock.now = NOW
})

async function staffed(day: string, n: number, capacity = n) {
  const a = await w.newActivity(staff, lianTong, day, '09:00', '11:00', { capacity })
  const people: Account[] = []
  for (let i = 0; i < n; i++) {
    const p = await w.volunteer(lianTong)
    ok(await w.signUp(p, a.id))
    people.push(p)
  }
  const signupIds = await Promise.all(people.map(async (p) => (await w.signupRow(a.id, p.userId)).id))
  return { a, people, signupIds }
}

const batch = (activityId: number, body: object, as: As = staff, headers: Record<string, string> = {}) => w.post(`/api/staff/activities/${activityId}/attendance`, as, body, headers)
const outcomes = (r: BatchAttendanceResult) => r.results.map((x) => [x.outcome, x.message])

describe('批量签到 and 批量签退', () => {
  it('checks several in at once, reporting each; those already in come back unchanged', async () => {
    const { a, people, signupIds } = await staffed('2026-12-02', 3)
    w.setClock('2026-12-02', '08:50')
    ok<Roster>(await w.post(`/api/staff/signups/${signupIds[2]}/check-in`, staff))
    w.setClock('2026-12-02', '09:05')
    const r = ok<BatchAttendanceResult>(await batch(a.id, { action: 'check_in', signupIds }))
    expect(r.results.map((x) => x.signupId)).toEqual(signupIds)
    expect(outcomes(r)).toEqual([['done', null], ['done', null], ['unchanged', null]])
    // The roster in the answer is the roster as it is now.
    expect(people.map((p) => r.roster.entries.find((e) => e.userId === p.userId)!.checkedInAt)).toEqual([
      '2026-12-02T09:05:00+08:00',
      '2026-12-02T09:05:00+08:00',
      '2026-12-02T08:50:00+08:00',
    ])
  })

  it('checks out whoever can be, and says why the others cannot (partial failure)', async () => {
    const { a, signupIds } = await staffed('2026-12-03', 5, 4)
    const [in1, in2, in3, never, waiting] = signupIds as [number, number, number, number, number]
    w.setClock('2026-12-03', '09:00')
    ok(await batch(a.id, { action: 'check_in', signupIds: [in1, in2, in3] }))
    w.setClock('2026-12-03', '11:10')
    ok(await w.post(`/api/staff/signups/${never}/no-show`, staff))
    const r = ok<BatchAttendanceResult>(await batch(a.id, { action: 'check_out', signupIds: [in1, in2, in3, never, waiting] }))
    expect(outcomes(r)).toEqual([
      ['done', null],
      ['done', null],
      ['done', null],
      ['refused', '已记为未到场，无法签退'],
      ['refused', '仍在候补，无法签退'],
    ])
    for (const id of [in1, in2, in3]) expect(r.roster.entries.find((e) => e.signupId === id)).toMatchObject({ checkedOutAt: '2026-12-03T11:10:00+08:00', computedHours: 2, actions: ['confirm'] })
    expect((await w.signupRow(a.id, r.roster.entries.find((e) => e.signupId === in1)!.userId)).checkedOutBy).toBe('organiser')
  })

  it('refuses a check-out before the check-in and a check-in before it opens, per person', async () => {
    const { a, signupIds } = await staffed('2026-12-04', 2)
    w.setClock('2026-12-04', '08:29')
    const early = ok<BatchAttendanceResult>(await batch(a.id, { action: 'check_in', signupIds }))
    expect(outcomes(early)).toEqual([
      ['refused', '还没到签到时间（活动开始前30分钟起）'],
      ['refused', '还没到签到时间（活动开始前30分钟起）'],
    ])
    w.setClock('2026-12-04', '09:00')
    ok(await batch(a.id, { action: 'check_in', signupIds: [signupIds[0]] }))
    const out = ok<BatchAttendanceResult>(await batch(a.id, { action: 'check_out', signupIds }))
    expect(outcomes(out)).toEqual([['done', null], ['refused', '还没签到，无法签退']])
    // The single actions keep their answers (the same rule).
    expectError(await w.post(`/api/staff/signups/${signupIds[1]}/check-out`, staff), 409, 'SIGNUP_STATE_CONFLICT')
  })

  it('is idempotent: the same key answers the first result, a new request changes nothing', async () => {
    const { a, signupIds } = await staffed('2026-12-05', 2)
    w.setClock('2026-12-05', '09:10')
    const key = { 'idempotency-key': 'batch-check-in-0001' }
    const first = ok<BatchAttendanceResult>(await batch(a.id, { action: 'check_in', signupIds }, staff, key))
    w.setClock('2026-12-05', '09:20')
    const replay = ok<BatchAttendanceResult>(await batch(a.id, { action: 'check_in', signupIds }, staff, key))
    expect(replay).toEqual(first)
    const again = ok<BatchAttendanceResult>(await batch(a.id, { action: 'check_in', signupIds }))
    expect(outcomes(again)).toEqual([['unchanged', null], ['unchanged', null]])
    expect(again.roster.entries.map((e) => e.checkedInAt)).toEqual(['2026-12-05T09:10:00+08:00', '2026-12-05T09:10:00+08:00'])
  })

  it('keeps to the activity’s community, its own roster, and staff', async () => {
    const { a, people, signupIds } = await staffed('2026-12-06', 1)
    const other = await staffed('2026-12-06', 1)
    w.setClock('2026-12-06', '09:00')
    expectError(await batch(a.id, { action: 'check_in', signupIds }, staffFuLong), 403, 'OUT_OF_COMMUNITY')
    expectError(await batch(a.id, { action: 'check_in', signupIds }, people[0]!), 403, 'FORBIDDEN')
    expectError(await batch(99999999, { action: 'check_in', signupIds }), 404, 'NOT_FOUND')
    // A sign-up of another activity (or none) is not touched through this one: the request is wrong, and nothing
    // is done, not even for the sign-ups of its own roster.
    expectError(await batch(a.id, { action: 'check_in', signupIds: [signupIds[0], other.signupIds[0]] }), 404, 'NOT_FOUND')
    expectError(await batch(a.id, { action: 'check_in', signupIds: [99999999] }), 404, 'NOT_FOUND')
    expect((await w.signupRow(other.a.id, other.people[0]!.userId)).checkedInAt).toBeNull()
    expect((await w.signupRow(a.id, people[0]!.userId)).checkedInAt).toBeNull()
    // Nobody chosen, or an action the batch does not do: VALIDATION_FAILED.
    expectError(await batch(a.id, { action: 'check_in', signupIds: [] }), 400, 'VALIDATION_FAILED')
    expectError(await batch(a.id, { action: 'confirm', signupIds }), 400, 'VALIDATION_FAILED')
  })
})
