import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { activities, activitySignups, persons, roleGrants, users, volunteerProfiles } from '../../server/src/db/schema'
import { closeForgottenCheckOuts } from '../../server/src/modules/volunteer/attendance.service'
import * as repo from '../../server/src/modules/volunteer/volunteer.repository'
import type { Activity, ScanResult } from '../../types/api/volunteer'
import { createTestApp, type TestApp } from '../support/test-app'
import { onPostgres } from '../support/test-database'
import type { Account } from './booking-fixtures'
import { volunteerWorld } from './volunteer-fixtures'
import { iso, ok, type Res } from '../support/api-checks'
import { TEST_NOW as NOW } from '../support/clock'

/*
 * 志愿服务 under real concurrency: PostgreSQL only (PGlite runs one transaction at a time, so a race cannot happen
 * there). "Capacity enforced under concurrency; no two overlapping activities for one volunteer … waitlist with
 * automatic promotion" (PRODUCT.md), and hours paid once however often the organiser presses 确认. Timings are
 * printed, never asserted.
 */
describe.runIf(onPostgres)('volunteering under concurrency on PostgreSQL', () => {
  type Caller = { userId: number; personId: number; authorization: string }
  let t: TestApp
  let w: ReturnType<typeof volunteerWorld>
  let staff: { authorization: string }
  let lianTong: number
  let callers: Caller[]
  let used = 0

  /** Registered volunteers made in four statements: the rush needs a thousand distinct people. */
  async function newVolunteers(n: number): Promise<Caller[]> {
    const db = t.handle.db
    const people = await db
      .insert(persons)
      .values(Array.from({ length: n }, (_, i) => ({ communityId: lianTong, name: `并发志愿者${used + i}`, ...t.personalData.sealPhone(`1350000${String(used + i).padStart(4, '0')}`) })))
      .returning({ id: persons.id, name: persons.name, phoneCipher: persons.phoneCipher, phoneHash: persons.phoneHash })
    used += n
    const accounts = await db.insert(users).values(people.map((p) => ({ personId: p.id, displayName: p.name }))).returning({ id: users.id, personId: users.personId })
    await db.insert(roleGrants).values(accounts.flatMap((u) => [{ userId: u.id, role: 'resident' as const }, { userId: u.id, role: 'volunteer' as const }]))
    await db.insert(volunteerProfiles).values(accounts.map((u, i) => ({ userId: u.id, personId: u.personId!, communityId: lianTong, realName: people[i]!.name, phoneCipher: people[i]!.phoneCipher, phoneHash: people[i]!.phoneHash, skills: ['general'], availability: ['weekend'], consentVersion: '2026-11', consentedAt: NOW })))
    // In batches: 2000 sessions opened at once queue for the pool's 10 connections, and on a loaded machine the
    // last of them gave up waiting ("timeout exceeded when trying to connect") before the tests began.
    const made: Caller[] = []
    for (let i = 0; i < accounts.length; i += 50) {
      made.push(...(await Promise.all(accounts.slice(i, i + 50).map(async (u) => ({ userId: u.id, personId: u.personId!, authorization: await t.bearerFor(u.id) })))))
    }
    return made
  }
  const take = (() => {
    let next = 0
    return (n: number) => {
      const slice = callers.slice(next, next + n)
      next += n
      expect(slice).toHaveLength(n)
      return slice
    }
  })()
  /** Every answer is one of the allowed, written as '200' or '409 ACTIVITY_OVERLAP'. */
  function expectOnly(responses: Res[], allowed: string[]) {
    const seen = responses.map((r) => `${r.statusCode} ${r.statusCode >= 400 ? r.json().code : ''}`.trim())
    const unexpected = seen.filter((s) => !allowed.includes(s))
    expect(unexpected.slice(0, 5), `${unexpected.length} unexpected answers`).toEqual([])
  }
  const statusOf = (r: Res) => (r.json() as Activity).mySignup?.status
  async function counts(activityId: number) {
    const [a] = await t.handle.db.select().from(activities).where(eq(activities.id, activityId))
    const rows = await t.handle.db.select().from(activitySignups).where(eq(activitySignups.activityId, activityId)).orderBy(asc(activitySignups.id))
    return { signedUp: a!.signedUp, capacity: a!.capacity, rows, accepted: rows.filter((r) => r.status === 'accepted'), waitlisted: rows.filter((r) => r.status === 'waitlisted') }
  }
  /** Sign-ups made in one statement (with the count), for states a test starts from. */
  async function seedSignups(activityId: number, accepted: Caller[], waitlisted: Caller[]) {
    const [a] = await t.handle.db.select().from(activities).where(eq(activities.id, activityId))
    const rows = [...accepted.map((c) => ({ c, status: 'accepted' as const })), ...waitlisted.map((c) => ({ c, status: 'waitlisted' as const }))]
    await t.handle.db.insert(activitySignups).values(rows.map(({ c, status }) => ({ activityId, communityId: a!.communityId, userId: c.userId, personId: c.personId, status, startsAt: a!.startsAt, endsAt: a!.endsAt, createdAt: NOW })))
    await t.handle.db.update(activities).set({ signedUp: accepted.length }).where(eq(activities.id, activityId))
  }

  beforeAll(async () => {
    t = await createTestApp({ now: NOW, poolSize: 10 })
    w = volunteerWorld(t)
    staff = await t.headersAs('staff')
    lianTong = await w.look.communityId('联通社区')
    callers = await newVolunteers(2000)
  }, 120_000)
  afterAll(() => t?.close())

  it('1000 volunteers pressing 报名 at once for 50 places: exactly 50 accepted, 950 waitlisted in one order', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-21', '09:00', '11:00', { capacity: 50 })
    const rush = take(1000)
    const started = performance.now()
    const responses = await Promise.all(rush.map((c) => w.signUp(c, a.id)))
    const elapsed = performance.now() - started
    const statuses = responses.map((r) => r.statusCode)
    const accepted = responses.filter((r) => r.statusCode === 200 && statusOf(r) === 'accepted').length
    const waitlisted = responses.filter((r) => r.statusCode === 200 && statusOf(r) === 'waitlisted').length
    console.log(`[volunteer rush] 1000 sign-ups for 50 places: ${accepted} accepted, ${waitlisted} waitlisted, ${statuses.filter((s) => s >= 500).length} × 5xx in ${Math.round(elapsed)} ms`)
    expect(statuses.filter((s) => s >= 500)).toEqual([])
    expectOnly(responses, ['200'])
    expect(accepted).toBe(50)
    expect(waitlisted).toBe(950)

    const c = await counts(a.id)
    expect(c.signedUp).toBe(50)
    expect(c.accepted).toHaveLength(50)
    expect(c.waitlisted).toHaveLength(950)
    expect(new Set(c.rows.map((r) => r.userId)).size).toBe(1000)
    // Each answer agrees with the row, and the waitlist positions are 1…950 without a gap or a repeat.
    const byUser = new Map(c.rows.map((r) => [r.userId, r.status]))
    rush.forEach((caller, i) => expect(statusOf(responses[i]!)).toBe(byUser.get(caller.userId)))
    const positions = responses.map((r) => (r.json() as Activity).mySignup!.waitlistPosition).filter((p): p is number => p !== null)
    expect(positions).toHaveLength(950)
    expect(Math.max(...positions)).toBeLessThanOrEqual(950)
  })

  // Each round takes about 0.2 s alone; with every test layer running on two cores (npm test) one round of
  // deadlock detection among 20 transactions has taken far longer, so the rounds get a generous limit.
  it('one volunteer pressing 报名 on 20 overlapping activities at once: exactly one accepted (5 rounds)', async () => {
    for (let round = 0; round < 5; round++) await overlapRound(round)
  }, 120_000)
  async function overlapRound(round: number) {
    const [me] = take(1)
    const list: Activity[] = []
    for (let i = 0; i < 20; i++) list.push(await w.newActivity(staff, lianTong, `2026-11-${String(22 + round).padStart(2, '0')}`, `${String(8 + (i % 4)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`, '12:30'))
    const responses = await Promise.all(list.map((a) => w.signUp(me!, a.id)))
    const statuses = responses.map((r) => r.statusCode)
    console.log(`[volunteer overlap] 20 overlapping sign-ups by one volunteer: ${statuses.filter((s) => s === 200).length} × 200, ${statuses.filter((s) => s === 409).length} × 409, ${statuses.filter((s) => s >= 500).length} × 5xx`)
    expect(responses.filter((r) => r.statusCode >= 500).map((r) => `${r.statusCode} ${r.body}`)).toEqual([])
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    expectOnly(responses, ['200', '409 ACTIVITY_OVERLAP'])
    const mine = await t.handle.db.select().from(activitySignups).where(and(eq(activitySignups.userId, me!.userId), inArray(activitySignups.activityId, list.map((a) => a.id))))
    expect(mine).toHaveLength(1)
    expect(mine[0]!.status).toBe('accepted')
    const counted = await t.handle.db.select({ id: activities.id, signedUp: activities.signedUp }).from(activities).where(inArray(activities.id, list.map((a) => a.id)))
    expect(counted.reduce((s, r) => s + r.signedUp, 0)).toBe(1)
  }

  it('50 cancellations at once with a long waitlist: each freed place goes to the next in line, once', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-23', '09:00', '11:00', { capacity: 50 })
    const inside = take(50)
    const waiting = take(120)
    await seedSignups(a.id, inside, waiting)
    const waitIds = (await counts(a.id)).waitlisted.map((r) => r.id)

    // Meanwhile someone keeps reading the count and the rows: the two never disagree.
    let watching = true
    const disagreements: string[] = []
    const watcher = (async () => {
      while (watching) {
        const r = (await t.handle.db.execute(sql`select signed_up, (select count(*)::int from activity_signups s where s.activity_id = a.id and s.status = 'accepted') as accepted from activities a where a.id = ${a.id}`)) as unknown as { rows: { signed_up: number; accepted: number }[] }
        const row = r.rows[0]!
        if (row.signed_up !== row.accepted) disagreements.push(`${row.signed_up} ≠ ${row.accepted}`)
      }
    })()
    const started = performance.now()
    const responses = await Promise.all(inside.map((c) => w.cancel(c, a.id)))
    const elapsed = performance.now() - started
    watching = false
    await watcher
    console.log(`[volunteer cancel] 50 concurrent cancellations, 120 waiting: ${responses.filter((r) => r.statusCode === 200).length} × 200 in ${Math.round(elapsed)} ms`)
    expect(responses.map((r) => r.statusCode)).toEqual(Array(50).fill(200))
    expect(disagreements).toEqual([])

    const c = await counts(a.id)
    expect(c.signedUp).toBe(50)
    expect(c.accepted).toHaveLength(50)
    // Promoted in order: exactly the first 50 who waited, each once; the other 70 still wait, in order.
    expect(c.accepted.map((r) => r.id)).toEqual(waitIds.slice(0, 50))
    expect(c.accepted.every((r) => r.promotedAt !== null)).toBe(true)
    expect(c.waitlisted.map((r) => r.id)).toEqual(waitIds.slice(50))
    expect(c.rows.filter((r) => r.status === 'cancelled').map((r) => r.userId).sort()).toEqual(inside.map((x) => x.userId).sort())
  })

  it('one volunteer pressing 取消报名 ten times at once: cancelled once, one place freed, one promotion', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-23', '14:00', '16:00', { capacity: 2 })
    const [me, other, next, after] = take(4)
    await seedSignups(a.id, [me!, other!], [next!, after!])
    const responses = await Promise.all(Array.from({ length: 10 }, () => w.cancel(me!, a.id)))
    expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(1)
    expectOnly(responses, ['200', '409 SIGNUP_STATE_CONFLICT'])
    const c = await counts(a.id)
    expect({ signedUp: c.signedUp, accepted: c.accepted.map((r) => r.userId), waiting: c.waitlisted.map((r) => r.userId) }).toEqual({ signedUp: 2, accepted: [other!.userId, next!.userId], waiting: [after!.userId] })
  })

  it('cancellations and new sign-ups at once: no place stays free while someone waits', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await w.newActivity(staff, lianTong, '2026-11-24', '09:00', '11:00', { capacity: 10 })
      const inside = take(10)
      await seedSignups(a.id, inside, [])
      const newcomers = take(40)
      // Interleaved: four newcomers for each volunteer who leaves.
      const responses = await Promise.all(newcomers.flatMap((c, i) => [w.signUp(c, a.id), ...(i % 4 === 3 ? [w.cancel(inside[(i - 3) / 4]!, a.id)] : [])]))
      expect(responses.map((r) => r.statusCode).filter((s) => s !== 200)).toEqual([])
      const c = await counts(a.id)
      expect(c.signedUp).toBe(c.accepted.length)
      expect(c.accepted.length + c.waitlisted.length).toBe(40)
      // Forty people for ten places: all ten are taken and thirty wait.
      expect({ round, signedUp: c.signedUp, waiting: c.waitlisted.length }).toEqual({ round, signedUp: 10, waiting: 30 })
    }
  })

  it('a sign-up that finds no place while a cancellation is freeing one is not left waiting beside the free place', async () => {
    // The cancellation's own statements (server/src/modules/volunteer/signups.service.ts cancelSignup), held
    // open at the moment it has freed the place and found the waitlist empty; a sign-up arrives just then.
    const a = await w.newActivity(staff, lianTong, '2026-11-24', '14:00', '16:00', { capacity: 1 })
    const [leaving, newcomer] = take(2)
    await seedSignups(a.id, [leaving!], [])
    const leavingRow = (await counts(a.id)).accepted[0]!
    let signUp: Promise<Res> | null = null
    let settled = false
    await t.handle.db.transaction(async (tx) => {
      await repo.lockActivity(tx, a.id)
      await repo.updateSignup(tx, leavingRow.id, ['accepted'], { status: 'cancelled', cancelledAt: NOW })
      await repo.releasePlace(tx, a.id)
      expect(await repo.lockWaitlist(tx, a.id, 20)).toEqual([])
      signUp = w.signUp(newcomer!, a.id).finally(() => {
        settled = true
      })
      // Until the sign-up has answered, or is queued behind this transaction's lock on the activity.
      await answeredOrQueued(() => settled)
    })
    const res = await signUp!
    expect(res.statusCode, res.body).toBe(200)
    const c = await counts(a.id)
    expect({ signedUp: c.signedUp, accepted: c.accepted.map((r) => r.userId), waiting: c.waitlisted.length }).toEqual({ signedUp: 1, accepted: [newcomer!.userId], waiting: 0 })
    expect(statusOf(res)).toBe('accepted')
  })

  it('a sign-up that finds the activity full while it is being cancelled is refused and leaves no sign-up behind', async () => {
    // The cancellation's own first statements (organiser.service.ts cancelActivity), held open; a sign-up finds
    // no place and waits for it under its shared look at the activity.
    const a = await w.newActivity(staff, lianTong, '2026-11-25', '14:00', '16:00', { capacity: 1 })
    const [inside, newcomer] = take(2)
    await seedSignups(a.id, [inside!], [])
    let signUp: Promise<Res> | null = null
    let settled = false
    await t.handle.db.transaction(async (tx) => {
      await repo.lockActivity(tx, a.id)
      await repo.updateActivity(tx, a.id, { cancelledAt: NOW, cancelReason: '下雨', signedUp: 0 })
      signUp = w.signUp(newcomer!, a.id).finally(() => {
        settled = true
      })
      await answeredOrQueued(() => settled)
    })
    const res = await signUp!
    expect(res.statusCode, res.body).toBe(409)
    expect(res.json().code).toBe('ACTIVITY_SIGNUP_CLOSED')
    expect((await counts(a.id)).rows.filter((r) => r.userId === newcomer!.userId)).toEqual([])
  })

  /** Waits until the request has answered or some backend of this database is queued for a lock. */
  async function answeredOrQueued(isSettled: () => boolean, waiters = 1) {
    for (;;) {
      if (isSettled()) return
      const r = (await t.handle.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)) as unknown as { rows: { n: number }[] }
      if (r.rows[0]!.n >= waiters) return
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  /** A sign-up row written in a transaction of the test's own, as another request of the same volunteer would. */
  async function insertAccepted(tx: Parameters<Parameters<typeof t.handle.db.transaction>[0]>[0], activity: Activity, who: Caller) {
    await tx.insert(activitySignups).values({ activityId: activity.id, communityId: activity.communityId, userId: who.userId, personId: who.personId, status: 'accepted', startsAt: new Date(activity.startsAt), endsAt: new Date(activity.endsAt), createdAt: NOW })
  }

  it('two overlapping sign-ups of one volunteer that deadlock on the overlap constraint: an answer, never a 500', async () => {
    // Another request of the same volunteer holds an accepted sign-up for A (08:00–09:00), uncommitted; this
    // sign-up for B (08:30–10:00) waits on it; then that request also signs up for C (09:30–10:30), which waits
    // on this one: a cycle PostgreSQL breaks by aborting one of the two.
    const [me] = take(1)
    const A = await w.newActivity(staff, lianTong, '2026-11-29', '08:00', '09:00')
    const B = await w.newActivity(staff, lianTong, '2026-11-29', '08:30', '10:00')
    const C = await w.newActivity(staff, lianTong, '2026-11-29', '09:30', '10:30')
    let request: Promise<Res> | null = null
    let settled = false
    let ours: 'committed' | 'aborted' = 'committed'
    try {
      await t.handle.db.transaction(async (tx) => {
        await insertAccepted(tx, A, me!)
        request = w.signUp(me!, B.id).finally(() => {
          settled = true
        })
        await answeredOrQueued(() => settled)
        await insertAccepted(tx, C, me!)
      })
    } catch (err) {
      expect((err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code).toBe('40P01')
      ours = 'aborted'
    }
    const res = await request!
    console.log(`[volunteer deadlock] sign-up against an overlapping transaction: ${res.statusCode} ${res.statusCode >= 400 ? res.json().code : statusOf(res)} (the other transaction ${ours})`)
    expect(res.statusCode, res.body).toBeLessThan(500)
    expect(`${res.statusCode} ${res.statusCode === 200 ? statusOf(res) : res.json().code}`).toBe(ours === 'committed' ? '409 ACTIVITY_OVERLAP' : '200 accepted')
    const mine = await t.handle.db.select().from(activitySignups).where(and(eq(activitySignups.userId, me!.userId), eq(activitySignups.status, 'accepted')))
    expect(mine.map((r) => r.activityId).sort()).toEqual(ours === 'committed' ? [A.id, C.id].sort() : [B.id])
  })

  it('a promotion that deadlocks with the waiting volunteer’s own overlapping sign-up passes them over, never a 500', async () => {
    // A (09:00–11:00) is full; U waits for it. U's sign-up for B (10:30–12:00) is in flight when the one inside A
    // cancels: the promotion of U waits on it, and U's request, signing up for C (08:00–09:30) too, waits on
    // the promotion.
    const [inside, u] = take(2)
    const A = await w.newActivity(staff, lianTong, '2026-11-30', '09:00', '11:00', { capacity: 1 })
    const B = await w.newActivity(staff, lianTong, '2026-11-30', '10:30', '12:00')
    const C = await w.newActivity(staff, lianTong, '2026-11-30', '08:00', '09:30')
    await seedSignups(A.id, [inside!], [u!])
    let request: Promise<Res> | null = null
    let settled = false
    let ours: 'committed' | 'aborted' = 'committed'
    try {
      await t.handle.db.transaction(async (tx) => {
        await insertAccepted(tx, B, u!)
        request = w.cancel(inside!, A.id).finally(() => {
          settled = true
        })
        await answeredOrQueued(() => settled)
        await insertAccepted(tx, C, u!)
      })
    } catch (err) {
      expect((err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code).toBe('40P01')
      ours = 'aborted'
    }
    const res = await request!
    console.log(`[volunteer deadlock] promotion against the waiting volunteer's overlapping transaction: ${res.statusCode} (the other transaction ${ours})`)
    expect(res.statusCode, res.body).toBe(200)
    const c = await counts(A.id)
    expect(c.signedUp).toBe(c.accepted.length)
    // Either U's other sign-ups stand and U still waits for A, or they were undone and U moved up.
    expect({ accepted: c.accepted.map((r) => r.userId), waiting: c.waitlisted.map((r) => r.userId) }).toEqual(ours === 'committed' ? { accepted: [], waiting: [u!.userId] } : { accepted: [u!.userId], waiting: [] })
  })

  it('20 presses of 确认 on the same sign-up at once: confirmed once, one ledger row', async () => {
    const me: Account = await w.volunteer(lianTong)
    const a = await w.newActivity(staff, lianTong, '2026-11-25', '09:00', '11:00')
    ok(await w.signUp(me, a.id))
    const signupId = (await w.signupRow(a.id, me.userId)).id
    const householdId = await w.householdOf(me.personId)
    w.setClock('2026-11-25', '09:00')
    ok(await w.post(`/api/staff/signups/${signupId}/check-in`, staff))
    w.setClock('2026-11-25', '11:00')
    ok(await w.post(`/api/staff/signups/${signupId}/check-out`, staff))
    const before = await w.look.balance(householdId)
    try {
      const responses = await Promise.all(Array.from({ length: 20 }, () => w.post(`/api/staff/signups/${signupId}/confirm`, staff)))
      expect(responses.map((r) => r.statusCode).filter((s) => s >= 500)).toEqual([])
      expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(1)
      expectOnly(responses, ['200', '409 HOURS_ALREADY_CONFIRMED'])
      const ledger = await w.look.ledgerFor('activity_signup', signupId)
      expect(ledger).toHaveLength(1)
      expect(ledger[0]!.amount).toBe(10)
      expect(await w.look.balance(householdId)).toBe(before + 10)
    } finally {
      t.clock.now = NOW
    }
  })

  it('twenty scans at once check in once, at the first moment', async () => {
    const me = await w.volunteer(lianTong)
    const a = await w.newActivity(staff, lianTong, '2026-11-26', '09:00', '11:00')
    ok(await w.signUp(me, a.id))
    w.setClock('2026-11-26', '08:45')
    try {
      const code = await w.qr(staff, a.id)
      const scans = await Promise.all(Array.from({ length: 20 }, () => w.scan(me, code)))
      expect(scans.map((r) => r.statusCode)).toEqual(Array(20).fill(200))
      expect(scans.every((r) => (r.json() as ScanResult).action === 'checked_in')).toBe(true)
      expect((await w.signupRow(a.id, me.userId)).checkedInAt).toEqual(new Date(iso('2026-11-26', '08:45')))
    } finally {
      t.clock.now = NOW
    }
  })

  it('the forgotten check-out sweep run by 5 instances at once closes each once', async () => {
    const a = await w.newActivity(staff, lianTong, '2026-11-27', '09:00', '11:00', { capacity: 300 })
    const people = take(250)
    await seedSignups(a.id, people, [])
    await t.handle.db.update(activitySignups).set({ checkedInAt: new Date(iso('2026-11-27', '09:00')) }).where(eq(activitySignups.activityId, a.id))
    const at = new Date(iso('2026-11-27', '11:10'))
    // Every forgotten check-out of the database by then (earlier tests may have left some).
    const [{ due }] = (await t.handle.db
      .select({ due: sql<number>`count(*)::int` })
      .from(activitySignups)
      .where(and(eq(activitySignups.status, 'accepted'), sql`${activitySignups.checkedInAt} is not null and ${activitySignups.checkedOutAt} is null and ${activitySignups.endsAt} <= ${at}`))) as [{ due: number }]
    expect(due).toBeGreaterThanOrEqual(250)
    const counts5 = await Promise.all(Array.from({ length: 5 }, () => closeForgottenCheckOuts(t.handle.db, at)))
    console.log(`[volunteer sweep] 5 concurrent runs over ${due} forgotten check-outs: ${counts5.join(' + ')}`)
    const rows = await t.handle.db.select().from(activitySignups).where(eq(activitySignups.activityId, a.id))
    expect(rows.every((r) => r.checkedOutBy === 'sweep' && r.checkedOutAt?.getTime() === Date.parse(iso('2026-11-27', '11:00')))).toBe(true)
    expect(counts5.reduce((x, y) => x + y, 0)).toBe(due)
    expect(await Promise.all(Array.from({ length: 5 }, () => closeForgottenCheckOuts(t.handle.db, at)))).toEqual([0, 0, 0, 0, 0])
  })
})
