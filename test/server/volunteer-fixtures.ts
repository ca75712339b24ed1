import { expect } from 'vitest'
import { and, asc, eq } from 'drizzle-orm'
import { activities, activitySignups, hourAdjustments, persons, volunteerTeams } from '../../server/src/db/schema'
import type { Activity, ActivityQr, CreateActivityRequest, Roster, ScanResult, VolunteerProfile } from '../../types/api/volunteer'
import type { TestApp } from '../support/test-app'
import { bookingWorld, type Account } from './booking-fixtures'
import { type As, iso, ok } from '../support/api-checks'

/*
 * What the 志愿服务 server suites share: registered volunteers made through the API, activities published by
 * the staff API at the times a test needs, sign-up, scan with the organiser's current code, and the rows behind
 * them. Not a test file itself. The generic helpers (ok, expectError, iso …) are the booking suites'.
 */


export const MIN = 60_000
export const HOUR = 60 * MIN

export function volunteerWorld(t: TestApp) {
  const w = bookingWorld(t)
  let activitySeq = 0

  const world = {
    ...w,
    /** A registered volunteer: a fresh resident of the community who registered through the API. */
    async volunteer(communityId: number, over: Record<string, unknown> = {}): Promise<Account> {
      const account = await w.fresh(communityId)
      const profile = ok<VolunteerProfile>(await w.put('/api/volunteer/profile', account, registration({ realName: account.name, ...over })))
      expect(profile.registered).toBe(true)
      return account
    },
    /** The body of POST /api/staff/activities: 联通社区 unless told, on a China day and clock range. */
    activityBody(communityId: number, day: string, from: string, to: string, over: Partial<CreateActivityRequest> = {}): CreateActivityRequest {
      return {
        communityId,
        title: `测试活动${++activitySeq}`,
        description: '测试用的志愿活动',
        place: '联通社区党群服务中心',
        startsAt: iso(day, from),
        endsAt: iso(day, to),
        capacity: 10,
        skills: ['general'],
        ...over,
      }
    },
    /** Publishes an activity through the staff API and returns it. */
    async newActivity(staff: As, communityId: number, day: string, from: string, to: string, over: Partial<CreateActivityRequest> = {}): Promise<Activity> {
      const res = await w.post('/api/staff/activities', staff, world.activityBody(communityId, day, from, to, over))
      const { items } = ok<{ items: Activity[] }>(res, 201)
      expect(items).toHaveLength(1)
      return items[0]!
    },
    signUp: (as: As, activityId: number, headers: Record<string, string> = {}) => w.post(`/api/activities/${activityId}/signup`, as, {}, headers),
    cancel: (as: As, activityId: number) => w.post(`/api/activities/${activityId}/cancel-signup`, as, {}),
    detail: async (as: As, activityId: number) => ok<Activity>(await w.get(`/api/activities/${activityId}`, as)),
    roster: async (staff: As, activityId: number) => ok<Roster>(await w.get(`/api/staff/activities/${activityId}/roster`, staff)),
    /** The organiser's code as the screen shows it now. */
    async qr(staff: As, activityId: number): Promise<string> {
      return ok<ActivityQr>(await w.get(`/api/staff/activities/${activityId}/qr`, staff)).code
    },
    scan: (as: As, code: string, position: { latitude?: number; longitude?: number } = {}) => w.post('/api/volunteer/scan', as, { code, ...position }),
    /** Scans the organiser's current code at a China day and time (moves the clock there). */
    async scanAt(staff: As, as: As, activityId: number, day: string, clock: string, position: { latitude?: number; longitude?: number } = {}) {
      t.clock.now = new Date(iso(day, clock))
      return w.post('/api/volunteer/scan', as, { code: await world.qr(staff, activityId), ...position })
    },
    async scanned(staff: As, as: As, activityId: number, day: string, clock: string): Promise<ScanResult> {
      return ok<ScanResult>(await world.scanAt(staff, as, activityId, day, clock))
    },
    setClock(day: string, clock: string) {
      t.clock.now = new Date(iso(day, clock))
    },
    async signupRow(activityId: number, userId: number) {
      const [row] = await t.handle.db.select().from(activitySignups).where(and(eq(activitySignups.activityId, activityId), eq(activitySignups.userId, userId))).orderBy(asc(activitySignups.id))
      return row!
    },
    async signupRows(activityId: number) {
      return t.handle.db.select().from(activitySignups).where(eq(activitySignups.activityId, activityId)).orderBy(asc(activitySignups.id))
    },
    async activityRow(activityId: number) {
      const [row] = await t.handle.db.select().from(activities).where(eq(activities.id, activityId))
      return row!
    },
    async adjustmentsOf(signupId: number) {
      return t.handle.db.select().from(hourAdjustments).where(eq(hourAdjustments.signupId, signupId)).orderBy(asc(hourAdjustments.id))
    },
    async householdOf(personId: number) {
      const [row] = await t.handle.db.select({ householdId: persons.householdId }).from(persons).where(eq(persons.id, personId))
      return row!.householdId!
    },
    async teamId(communityId: number, name: string) {
      const [row] = await t.handle.db.select({ id: volunteerTeams.id }).from(volunteerTeams).where(and(eq(volunteerTeams.communityId, communityId), eq(volunteerTeams.name, name)))
      return row!.id
    },
  }
  return world
}

/** A registration body: typed phone, skills, availability and the consent. */
export function registration(over: Record<string, unknown> = {}) {
  return { realName: '测试志愿者', phone: '13900000000', skills: ['general'], availability: ['weekend'], consent: true, ...over }
}
