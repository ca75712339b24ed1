import { randomInt } from 'node:crypto'
import type { z } from 'zod'
import type {
  Activity,
  ActivityPage,
  ActivityQr,
  ActivitySummary,
  Certificate,
  CertificateVerification,
  MySignup,
  Roster,
  ServiceRecord,
  VolunteerProfile,
  VolunteerSummary,
  ZActivityFields,
  ZUpdateActivityRequest,
  ZActivityListQuery,
  ZConfirmHoursRequest,
  ZCreateActivityRequest,
  ZCreateProjectRequest,
  ZCreateTeamRequest,
  ZRegisterVolunteerRequest,
} from '../../../../types/api/volunteer'
import { VOLUNTEER_CONSENT_VERSION } from '../../../../types/api/volunteer'
import type { VolunteerSkill, AvailabilitySlot } from '../../../../types/api/labels'
import { chinaTime, toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import { sqlState, type Db, type Queryable, type Tx } from '../../db/client'
import { sweepInBatches } from '../../db/sweep-in-batches'
import { AppError } from '../../http/app-error'
import { decodeStartCursor, encodeStartCursor } from '../../http/keyset-cursor'
import type { Principal } from '../../http/principal'
import { findCommunityRef } from '../auth/auth.repository'
import { distanceMeters, eventPhase, nameForOthers } from '../org/org.domain'
import { communityExists, findPersonRef } from '../people/people.api'
import { recordPersonalDataAccess } from '../privacy/access-log'
import { awardPointsByRule, loadSettings, staffCommunity } from '../points/points.service'
import {
  activityActions,
  cancelDeadline,
  certificateNumber,
  CHECK_OUT_GRACE_MINUTES,
  checkInOpen,
  halfMaskName,
  hoursOf,
  parseQrPayload,
  rosterActions,
  qrPayload,
  QR_WINDOW_SECONDS,
  serviceMinutes,
  starLevel,
  verificationCode,
  verifyQr,
} from './volunteer.domain'
import * as repo from './volunteer.repository'
import { remindActivityCancelled, remindWaitlistPromoted } from '../reminders/reminders.service'

const MINUTE = 60_000
/** A second scan this soon after checking in repeats the check-in instead of checking out. */
const REPEAT_SCAN_MINUTES = 5
const CERTIFICATE_PREFIX = '爱辉志证'

/* ----------------------------------------------------------------- registration and teams */

export async function getProfile(ctx: AppContext, principal: Principal): Promise<VolunteerProfile> {
  const [profile, teams] = await Promise.all([repo.findProfile(ctx.db, principal.userId), repo.teamsOfUser(ctx.db, principal.userId)])
  return {
    registered: profile !== null,
    realName: profile?.realName ?? null,
    phone: ctx.personalData.openPhone(profile?.phoneCipher ?? null),
    skills: (profile?.skills ?? []) as VolunteerSkill[],
    availability: (profile?.availability ?? []) as AvailabilitySlot[],
    consentVersion: profile?.consentVersion ?? null,
    consentedAt: profile ? toApiInstant(profile.consentedAt) : null,
    teams,
  }
}

/**
 * Registers the caller as a volunteer (or updates the registration): a real resident of the district, with the
 * consent recorded and the phone either typed or verified by WeChat's phone button. Grants the volunteer role.
 */
export async function registerVolunteer(ctx: AppContext, principal: Principal, input: z.output<typeof ZRegisterVolunteerRequest>): Promise<VolunteerProfile> {
  if (principal.personId === null) throw new AppError('VOLUNTEER_PERSON_REQUIRED')
  const person = await findPersonRef(ctx.db, principal.personId)
  if (!person) throw new AppError('VOLUNTEER_PERSON_REQUIRED')
  const phone = input.phoneCode ? await ctx.wechat.phoneNumber(input.phoneCode) : input.phone!
  // Sealed at rest (no 尾号 column here: volunteers are found through their person, not by phone).
  const { phoneCipher, phoneHash } = ctx.personalData.sealPhone(phone)
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    await repo.upsertProfile(tx, {
      userId: principal.userId,
      personId: person.id,
      communityId: person.communityId,
      realName: input.realName,
      phoneCipher,
      phoneHash,
      skills: [...new Set(input.skills)],
      availability: [...new Set(input.availability)],
      consentVersion: VOLUNTEER_CONSENT_VERSION,
      consentedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    await repo.grantVolunteerRole(tx, principal.userId)
  })
  return getProfile(ctx, principal)
}

async function requireProfile(db: Queryable, principal: Principal) {
  const profile = await repo.findProfile(db, principal.userId)
  if (!profile) throw new AppError('VOLUNTEER_NOT_REGISTERED')
  return profile
}

export async function listTeams(ctx: AppContext, principal: Principal, communityId?: number) {
  const id = communityId ?? principal.communityId
  if (!id) throw new AppError('COMMUNITY_REQUIRED')
  return { items: await repo.listTeams(ctx.db, id, principal.userId) }
}

export async function joinTeam(ctx: AppContext, principal: Principal, teamId: number) {
  await requireProfile(ctx.db, principal)
  const team = await repo.findTeam(ctx.db, teamId)
  if (!team) throw new AppError('NOT_FOUND')
  await repo.joinTeam(ctx.db, { teamId, userId: principal.userId, communityId: team.communityId, joinedAt: ctx.now() })
  return listTeams(ctx, principal, team.communityId)
}

export async function leaveTeam(ctx: AppContext, principal: Principal, teamId: number) {
  const team = await repo.findTeam(ctx.db, teamId)
  if (!team) throw new AppError('NOT_FOUND')
  await repo.leaveTeam(ctx.db, teamId, principal.userId)
  return listTeams(ctx, principal, team.communityId)
}

/* ----------------------------------------------------------------- activity views */

/** Points per hour of 志愿服务 in each community asked about (one lookup per community). */
async function pointsPerHour(db: Queryable, communityIds: number[]) {
  const rates = new Map<number, number>()
  for (const id of new Set(communityIds)) {
    const settings = await loadSettings(db, id)
    rates.set(id, settings.rules.find((r) => r.rule === 'volunteer_hour')?.points ?? 0)
  }
  return rates
}

function durationHours(a: repo.ActivityRow): number {
  return hoursOf((a.endsAt.getTime() - a.startsAt.getTime()) / MINUTE)
}

function toSummary(view: NonNullable<repo.ActivityView>, rate: number, mine: repo.SignupRow | null, positions: Map<number, number>, now: Date): ActivitySummary {
  const a = view.activity
  const hours = durationHours(a)
  return {
    id: a.id,
    communityId: a.communityId,
    communityName: view.communityName,
    title: a.title,
    teamName: view.teamName,
    projectName: view.projectName,
    place: a.place,
    startsAt: toApiInstant(a.startsAt),
    endsAt: toApiInstant(a.endsAt),
    skills: a.skills as VolunteerSkill[],
    capacity: a.capacity,
    signedUp: a.signedUp,
    waitlisted: view.waitlisted,
    hours,
    points: Math.round(rate * hours),
    cancelled: a.cancelledAt !== null,
    phase: eventPhase({ startsAt: a.startsAt, endsAt: a.endsAt, cancelled: a.cancelledAt !== null }, now),
    mySignup: mine ? { id: mine.id, status: mine.status, waitlistPosition: positions.get(mine.id) ?? null } : null,
  }
}

async function activityDetail(ctx: AppContext, principal: Principal, id: number, now: Date): Promise<Activity> {
  const db = ctx.db
  const view = await repo.findActivityView(db, id)
  if (!view || (!view.activity.published && !principal.isStaffOf(view.activity.communityId))) throw new AppError('NOT_FOUND')
  const a = view.activity
  const [mine, rates] = await Promise.all([repo.findMySignup(db, id, principal.userId), pointsPerHour(db, [a.communityId])])
  const positions = await repo.waitlistPositions(db, [id])
  const state = { startsAt: a.startsAt.getTime(), endsAt: a.endsAt.getTime(), cancelled: a.cancelledAt !== null, capacity: a.capacity, signedUp: a.signedUp, cancelDeadlineHours: a.cancelDeadlineHours }
  const signupState = mine ? { status: mine.status, checkedInAt: mine.checkedInAt?.getTime() ?? null, checkedOutAt: mine.checkedOutAt?.getTime() ?? null } : null
  return {
    ...toSummary(view, rates.get(a.communityId)!, mine, positions, now),
    teamId: a.teamId,
    projectId: a.projectId,
    stationId: a.stationId,
    cancelDeadlineHours: a.cancelDeadlineHours,
    cancelReason: a.cancelReason,
    seriesId: a.seriesId,
    description: a.description,
    stationName: view.stationName,
    latitude: a.latitude,
    longitude: a.longitude,
    geofenceMeters: a.geofenceMeters,
    organiserName: view.organiserName,
    organiserPhone: mine?.status === 'accepted' || principal.isStaffOf(a.communityId) ? ctx.personalData.openPhone(view.organiserPhoneCipher) : null,
    cancelDeadline: toApiInstant(cancelDeadline(state)),
    mySignup: mine
      ? {
          id: mine.id,
          status: mine.status,
          waitlistPosition: positions.get(mine.id) ?? null,
          checkedInAt: mine.checkedInAt ? toApiInstant(mine.checkedInAt) : null,
          checkedOutAt: mine.checkedOutAt ? toApiInstant(mine.checkedOutAt) : null,
          confirmedHours: mine.confirmedMinutes === null ? null : hoursOf(mine.confirmedMinutes),
        }
      : null,
    actions: activityActions(state, signupState, { isOrganiser: principal.isStaffOf(a.communityId) }, now.getTime()),
  }
}

export async function getActivity(ctx: AppContext, principal: Principal, id: number): Promise<Activity> {
  return activityDetail(ctx, principal, id, ctx.now())
}

/** Instants of years 0001–9999 (what an ISO string and PostgreSQL both write): a cursor outside is tampered with. */
const ACTIVITY_CURSOR_RANGE = { earliest: Date.parse('0001-01-01T00:00:00Z'), latest: Date.parse('9999-12-31T23:59:59.999Z') }

/** 活动 tab: published activities of my community (or the district) from a day on, with filters. */
export async function listActivities(ctx: AppContext, principal: Principal, q: z.output<typeof ZActivityListQuery>): Promise<ActivityPage> {
  // An account not yet placed in a community sees the district's activities, as it sees its stations.
  const communityId = q.scope === 'district' ? null : (q.communityId ?? principal.communityId ?? null)
  const now = ctx.now()
  const from = q.from ? chinaTime(`${q.from}T00:00:00+08:00`).toDate() : chinaTime(now).startOf('day').toDate()
  const rows = await repo.listActivities(ctx.db, { communityId, from, now, skill: q.skill, teamId: q.teamId, hasPlaces: q.hasPlaces, after: decodeStartCursor(q.cursor, ACTIVITY_CURSOR_RANGE), limit: q.limit })
  const page = rows.slice(0, q.limit)
  const ids = page.map((r) => r.activity.id)
  const [rates, mine, positions] = await Promise.all([pointsPerHour(ctx.db, page.map((r) => r.activity.communityId)), repo.mySignupsFor(ctx.db, ids, principal.userId), repo.waitlistPositions(ctx.db, ids)])
  const last = page.at(-1)
  return {
    items: page.map((r) => toSummary(r, rates.get(r.activity.communityId)!, mine.find((s) => s.activityId === r.activity.id) ?? null, positions, now)),
    nextCursor: rows.length > q.limit && last ? encodeStartCursor(last.activity) : null,
  }
}

/* ----------------------------------------------------------------- signing up */

/**
 * Signs the caller up: a place is taken by one conditional UPDATE of the activity's count (so capacity holds
 * however many press at once) and the sign-up row is inserted in the same transaction; when no place is left the
 * caller joins the waitlist. A volunteer's accepted sign-ups cannot overlap (checked first for a clear answer,
 * and by the EXCLUDE constraint in the database).
 */
export async function signUp(ctx: AppContext, principal: Principal, activityId: number): Promise<Activity> {
  const profile = await requireProfile(ctx.db, principal)
  const now = ctx.now()
  const view = await repo.findActivityView(ctx.db, activityId)
  if (!view || !view.activity.published) throw new AppError('NOT_FOUND')
  const a = view.activity
  if (a.cancelledAt || now >= a.startsAt) throw new AppError('ACTIVITY_SIGNUP_CLOSED')
  const existing = await repo.findMySignup(ctx.db, activityId, principal.userId)
  if (existing && (existing.status === 'accepted' || existing.status === 'waitlisted')) throw new AppError('ACTIVITY_ALREADY_SIGNED_UP')
  for (let attempt = 1; ; attempt++) {
    if ((await repo.overlappingAccepted(ctx.db, principal.userId, a.startsAt, a.endsAt, activityId)).length) throw new AppError('ACTIVITY_OVERLAP')
    try {
      await signUpOnce(ctx.db, a, principal.userId, profile.personId, now)
      break
    } catch (err) {
      // Two overlapping sign-ups of one volunteer in flight wait on each other at the overlap constraint, and
      // PostgreSQL aborts one: this one, rolled back whole, looks again (and now sees the other's answer).
      if (sqlState(err) === '40P01' && attempt < 3) continue
      if (sqlState(err) === '23P01') throw new AppError('ACTIVITY_OVERLAP', { cause: err })
      if (sqlState(err) === '23505') throw new AppError('ACTIVITY_ALREADY_SIGNED_UP', { cause: err })
      throw err
    }
  }
  return activityDetail(ctx, principal, activityId, now)
}

/** One try at taking a place (or joining the waitlist) and writing the sign-up, in one transaction. */
async function signUpOnce(db: Db, a: repo.ActivityRow, userId: number, personId: number, now: Date) {
  await db.transaction(async (tx) => {
    let accepted = await repo.takePlace(tx, a.id)
    if (!accepted) {
      // Full, as far as that statement saw: it does not wait for a cancellation that is freeing a place right
      // now, and the cancellation promotes only the waitlist it can see. Queue on the activity's lock (held by a
      // cancellation until it commits) and look again, so nobody joins the waitlist beside a free place.
      const locked = await repo.lockActivity(tx, a.id)
      if (!locked || locked.cancelledAt) throw new AppError('ACTIVITY_SIGNUP_CLOSED')
      accepted = await repo.takePlace(tx, a.id)
    }
    await repo.insertSignup(tx, {
      activityId: a.id,
      communityId: a.communityId,
      userId,
      personId,
      status: accepted ? 'accepted' : 'waitlisted',
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      createdAt: now,
    })
  })
}

/**
 * Gives places to the waitlist in order, while places are free. A waiting volunteer who meanwhile took another
 * activity at the same time is passed over (the overlap constraint refuses the move inside a savepoint).
 * Runs under the activity's lock (lock order everywhere: activity, then sign-ups).
 */
async function promoteWaitlist(tx: Tx, activityId: number, now: Date): Promise<number> {
  let promoted = 0
  for (const waiting of await repo.lockWaitlist(tx, activityId, 20)) {
    const took = await repo.takePlace(tx, activityId)
    if (!took) break
    try {
      await tx.transaction((sp) => repo.updateSignup(sp, waiting.id, ['waitlisted'], { status: 'accepted', promotedAt: now }))
      promoted++
      await remindWaitlistPromoted(tx, [waiting.id], now)
    } catch (err) {
      // 23P01: they hold an overlapping activity. 40P01: their sign-up for one is in flight and waits on this
      // promotion as it waits on theirs — PostgreSQL aborted this side. Either way they are passed over; the
      // savepoint rolled the move back, and the place goes to the next in line.
      if (sqlState(err) !== '23P01' && sqlState(err) !== '40P01') throw err
      await repo.releasePlace(tx, activityId)
    }
  }
  return promoted
}

/** Cancels the caller's sign-up before the deadline (a waitlist place until the start); the next in line moves up. */
export async function cancelSignup(ctx: AppContext, principal: Principal, activityId: number): Promise<Activity> {
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    // Lock order everywhere: activity, then sign-ups.
    const a = await repo.lockActivity(tx, activityId)
    if (!a) throw new AppError('NOT_FOUND')
    const mine = await repo.findMySignup(tx, activityId, principal.userId)
    if (!mine || (mine.status !== 'accepted' && mine.status !== 'waitlisted')) throw new AppError('SIGNUP_STATE_CONFLICT')
    const deadline = mine.status === 'waitlisted' ? a.startsAt.getTime() : cancelDeadline({ startsAt: a.startsAt.getTime(), cancelDeadlineHours: a.cancelDeadlineHours })
    if (now.getTime() >= deadline) throw new AppError('SIGNUP_CANCEL_TOO_LATE')
    const cancelled = await repo.updateSignup(tx, mine.id, [mine.status], { status: 'cancelled', cancelledAt: now })
    if (!cancelled) throw new AppError('SIGNUP_STATE_CONFLICT')
    if (mine.status === 'accepted') {
      await repo.releasePlace(tx, activityId)
      await promoteWaitlist(tx, activityId, now)
    }
  })
  return activityDetail(ctx, principal, activityId, now)
}

/* ----------------------------------------------------------------- check-in and check-out */

/**
 * The volunteer scans the organiser's rotating code: the first scan checks in, a later one checks out. The code
 * must be genuine (HMAC), current (this or the previous 30-second window) and — when the organiser enabled the
 * geofence — scanned near the place.
 */
export async function scan(ctx: AppContext, principal: Principal, input: { code: string; latitude?: number; longitude?: number }) {
  const parsed = parseQrPayload(input.code)
  if (!parsed) throw new AppError('ACTIVITY_CODE_INVALID')
  const view = await repo.findActivityView(ctx.db, parsed.activityId)
  if (!view) throw new AppError('ACTIVITY_CODE_INVALID')
  const a = view.activity
  const now = ctx.now()
  const verdict = verifyQr(parsed, a.qrSecret, now.getTime())
  if (verdict === 'forged') throw new AppError('ACTIVITY_CODE_INVALID')
  if (verdict === 'expired') throw new AppError('ACTIVITY_CODE_EXPIRED')
  const mine = await repo.findMySignup(ctx.db, a.id, principal.userId)
  if (!mine || mine.status !== 'accepted' || a.cancelledAt) throw new AppError('ACTIVITY_NOT_SIGNED_UP')
  if (a.geofenceMeters !== null && a.latitude !== null && a.longitude !== null) {
    if (input.latitude === undefined || input.longitude === undefined) throw new AppError('LOCATION_REQUIRED')
    if (distanceMeters({ latitude: a.latitude, longitude: a.longitude }, { latitude: input.latitude, longitude: input.longitude }) > a.geofenceMeters) throw new AppError('LOCATION_TOO_FAR')
  }
  const action = await ctx.db.transaction(async (tx) => {
    const signup = await repo.lockSignup(tx, mine.id)
    if (!signup || signup.status !== 'accepted') throw new AppError('ACTIVITY_NOT_SIGNED_UP')
    if (signup.checkedInAt === null) {
      const open = checkInOpen({ startsAt: a.startsAt.getTime(), endsAt: a.endsAt.getTime() }, now.getTime())
      if (open === 'early') throw new AppError('ACTIVITY_CHECK_IN_NOT_OPEN')
      if (open === 'over') throw new AppError('ACTIVITY_CHECK_IN_CLOSED')
      await repo.updateSignup(tx, signup.id, ['accepted'], { checkedInAt: now })
      return 'checked_in' as const
    }
    if (signup.checkedOutAt !== null) throw new AppError('ACTIVITY_ALREADY_CHECKED_OUT')
    if (now.getTime() - signup.checkedInAt.getTime() < REPEAT_SCAN_MINUTES * MINUTE) return 'checked_in' as const
    if (now.getTime() > a.endsAt.getTime() + CHECK_OUT_GRACE_MINUTES * MINUTE) throw new AppError('ACTIVITY_CHECK_IN_CLOSED')
    await repo.updateSignup(tx, signup.id, ['accepted'], { checkedOutAt: now, checkedOutBy: 'volunteer' })
    return 'checked_out' as const
  })
  return { action, activity: await activityDetail(ctx, principal, a.id, now) }
}

/* ----------------------------------------------------------------- my service */

function toMySignup(row: Awaited<ReturnType<typeof repo.signupsOfUser>>[number], rate: number, positions: Map<number, number>, now: Date): MySignup {
  const s = row.signup
  const { mySignup: _m, ...activity } = toSummary(row, rate, s, positions, now)
  return {
    signupId: s.id,
    status: s.status,
    waitlistPosition: positions.get(s.id) ?? null,
    activity,
    checkedInAt: s.checkedInAt ? toApiInstant(s.checkedInAt) : null,
    checkedOutAt: s.checkedOutAt ? toApiInstant(s.checkedOutAt) : null,
    confirmedHours: s.confirmedMinutes === null ? null : hoursOf(s.confirmedMinutes),
  }
}

export async function listMySignups(ctx: AppContext, principal: Principal, scope: 'upcoming' | 'history'): Promise<{ items: MySignup[] }> {
  const now = ctx.now()
  const rows = await repo.signupsOfUser(ctx.db, principal.userId, scope, now)
  const [rates, positions] = await Promise.all([pointsPerHour(ctx.db, rows.map((r) => r.activity.communityId)), repo.waitlistPositions(ctx.db, rows.map((r) => r.activity.id))])
  return { items: rows.map((r) => toMySignup(r, rates.get(r.activity.communityId)!, positions, now)) }
}

function toRecord(r: Awaited<ReturnType<typeof repo.confirmedRecords>>[number]): ServiceRecord {
  const s = r.signup
  return {
    signupId: s.id,
    activityId: s.activityId,
    activityTitle: r.title,
    organiser: r.organiser,
    date: chinaTime(s.startsAt).format('YYYY-MM-DD'),
    checkedInAt: s.checkedInAt ? toApiInstant(s.checkedInAt) : null,
    checkedOutAt: s.checkedOutAt ? toApiInstant(s.checkedOutAt) : null,
    hours: hoursOf(s.confirmedMinutes ?? 0),
    confirmedBy: r.confirmedBy,
    confirmedAt: toApiInstant(s.confirmedAt!),
    points: s.pointsAwarded,
  }
}

/** 志愿服务记录: every confirmed record of the caller, newest first, and the total. */
export async function listRecords(ctx: AppContext, principal: Principal) {
  const rows = await repo.confirmedRecords(ctx.db, principal.userId)
  const items = rows.map(toRecord)
  return { items, totalHours: hoursOf(rows.reduce((t, r) => t + (r.signup.confirmedMinutes ?? 0), 0)) }
}

/** 我的志愿: registration, total confirmed hours and star level, and what is coming up. */
export async function getSummary(ctx: AppContext, principal: Principal): Promise<VolunteerSummary> {
  const [profile, total, upcoming] = await Promise.all([getProfile(ctx, principal), repo.totalConfirmedMinutes(ctx.db, principal.userId), listMySignups(ctx, principal, 'upcoming')])
  const totalHours = hoursOf(total.minutes)
  return { profile, totalHours, ...starLevel(totalHours), activityCount: total.count, upcoming: upcoming.items }
}

/* ----------------------------------------------------------------- certificates */

async function toCertificate(db: Queryable, c: NonNullable<Awaited<ReturnType<typeof repo.findCertificate>>>): Promise<Certificate> {
  const records = await repo.confirmedRecords(db, c.userId, c.signupIds)
  return {
    id: c.id,
    number: c.number,
    verificationCode: c.verificationCode,
    holderName: c.holderName,
    issuer: c.issuer,
    issuedAt: toApiInstant(c.issuedAt),
    totalHours: hoursOf(c.totalMinutes),
    records: records.map(toRecord),
    pdfUrl: `/api/volunteer/certificates/${c.id}/pdf`,
  }
}

/**
 * Issues a 志愿服务证明 of every confirmed record so far: a snapshot (the records it covers, the total) with a
 * number and a verification code anyone can check.
 */
export async function issueCertificate(ctx: AppContext, principal: Principal): Promise<Certificate> {
  const profile = await requireProfile(ctx.db, principal)
  const records = await repo.confirmedRecords(ctx.db, principal.userId)
  if (!records.length) throw new AppError('NO_CONFIRMED_HOURS')
  const community = await findCommunityRef(ctx.db, profile.communityId)
  const now = ctx.now()
  const id = await ctx.db.transaction(async (tx) => {
    const row = await repo.insertCertificate(tx, {
      communityId: profile.communityId,
      userId: principal.userId,
      number: `pending-${verificationCode(randomInt)}`,
      verificationCode: verificationCode(randomInt),
      holderName: profile.realName,
      issuer: community ? `${community.districtName}${community.subdistrictName}${community.name}` : '',
      totalMinutes: records.reduce((t, r) => t + (r.signup.confirmedMinutes ?? 0), 0),
      signupIds: records.map((r) => r.signup.id),
      issuedAt: now,
    })
    await repo.setCertificateNumber(tx, row.id, certificateNumber(CERTIFICATE_PREFIX, chinaTime(now).year(), row.id))
    return row.id
  })
  return toCertificate(ctx.db, (await repo.findCertificate(ctx.db, id))!)
}

export async function listCertificates(ctx: AppContext, principal: Principal) {
  const rows = await repo.certificatesOfUser(ctx.db, principal.userId)
  return { items: await Promise.all(rows.map(async (c) => { const { records: _r, ...rest } = await toCertificate(ctx.db, c); return rest })) }
}

/** A certificate, to its holder and the staff of its community. */
export async function getCertificate(ctx: AppContext, principal: Principal, id: number): Promise<Certificate> {
  const c = await repo.findCertificate(ctx.db, id)
  if (!c || (c.userId !== principal.userId && !principal.isStaffOf(c.communityId))) throw new AppError('NOT_FOUND')
  return toCertificate(ctx.db, c)
}

/** Public: whether a verification code belongs to a certificate, and what it says (the name half masked). */
export async function verifyCertificate(ctx: AppContext, code: string): Promise<CertificateVerification> {
  const c = await repo.findCertificateByCode(ctx.db, code.trim().toUpperCase())
  if (!c) throw new AppError('CERTIFICATE_NOT_FOUND')
  return { valid: true, number: c.number, holderName: halfMaskName(c.holderName), issuer: c.issuer, issuedAt: toApiInstant(c.issuedAt), totalHours: hoursOf(c.totalMinutes), recordCount: c.signupIds.length }
}

/* ----------------------------------------------------------------- organiser: teams, projects, activities */

/** Staff act in their community; an admin may name any, and one that does not exist is not found. */
async function assertStaffOfExisting(db: Queryable, principal: Principal, communityId: number) {
  principal.assertStaffOf(communityId)
  if (!(await communityExists(db, communityId))) throw new AppError('COMMUNITY_NOT_FOUND')
}

export async function createTeam(ctx: AppContext, principal: Principal, input: z.output<typeof ZCreateTeamRequest>) {
  await assertStaffOfExisting(ctx.db, principal, input.communityId)
  const row = await repo.insertTeam(ctx.db, { ...input, createdAt: ctx.now() })
  if (!row) throw new AppError('VALIDATION_FAILED', { message: '提交的内容有误：已有同名的志愿服务队', details: [{ path: 'body.name', message: '已有同名的志愿服务队' }] })
  return listTeams(ctx, principal, input.communityId)
}

export async function listProjects(ctx: AppContext, principal: Principal, communityId?: number) {
  return { items: await repo.listProjects(ctx.db, staffCommunity(principal, communityId)) }
}

export async function createProject(ctx: AppContext, principal: Principal, input: z.output<typeof ZCreateProjectRequest>) {
  await assertStaffOfExisting(ctx.db, principal, input.communityId)
  if (input.teamId !== null && (await repo.findTeam(ctx.db, input.teamId))?.communityId !== input.communityId) throw fieldError('teamId', '志愿服务队不存在')
  const row = await repo.insertProject(ctx.db, { ...input, createdAt: ctx.now() })
  if (!row) throw fieldError('name', '已有同名的志愿服务项目')
  return listProjects(ctx, principal, input.communityId)
}

function fieldError(field: string, message: string) {
  return new AppError('VALIDATION_FAILED', { message: `提交的内容有误：${message}`, details: [{ path: `body.${field}`, message }] })
}

/** The references of an activity must belong to its community; times must make sense. */
async function checkActivityFields(db: Queryable, communityId: number, input: z.output<typeof ZActivityFields>, now: Date) {
  const starts = Date.parse(input.startsAt)
  const ends = Date.parse(input.endsAt)
  if (ends <= starts) throw fieldError('endsAt', '结束时间应晚于开始时间')
  if (ends - starts > 24 * 60 * MINUTE) throw fieldError('endsAt', '一次活动最长24小时')
  if (input.teamId !== null && (await repo.findTeam(db, input.teamId))?.communityId !== communityId) throw fieldError('teamId', '志愿服务队不存在')
  if (input.projectId !== null && (await repo.findProject(db, input.projectId))?.communityId !== communityId) throw fieldError('projectId', '志愿服务项目不存在')
  if (input.stationId !== null && (await repo.findStationCommunity(db, input.stationId)) !== communityId) throw fieldError('stationId', '党群服务阵地不存在')
  if (input.geofenceMeters !== null && (input.latitude === null || input.longitude === null)) throw fieldError('geofenceMeters', '开启现场签到范围须先设置活动位置')
  return { starts, ends, inPast: starts < now.getTime() }
}

/** Publishes an activity, or the same activity every week for several weeks (a series). */
export async function createActivity(ctx: AppContext, principal: Principal, input: z.output<typeof ZCreateActivityRequest>) {
  await assertStaffOfExisting(ctx.db, principal, input.communityId)
  const now = ctx.now()
  const { starts, ends, inPast } = await checkActivityFields(ctx.db, input.communityId, input, now)
  if (inPast) throw fieldError('startsAt', '开始时间已经过去')
  const { repeatWeeks, startsAt: _s, endsAt: _e, ...fields } = input
  const week = 7 * 24 * 60 * MINUTE
  const ids = await ctx.db.transaction(async (tx) => {
    const created: number[] = []
    for (let i = 0; i < repeatWeeks; i++) {
      const row = await repo.insertActivity(tx, { ...fields, organiserUserId: principal.userId, startsAt: new Date(starts + i * week), endsAt: new Date(ends + i * week), seriesId: created[0] ?? null, createdAt: now })
      if (i === 0 && repeatWeeks > 1) await repo.updateActivity(tx, row.id, { seriesId: row.id })
      created.push(row.id)
    }
    return created
  })
  return { items: await Promise.all(ids.map((id) => activityDetail(ctx, principal, id, now))) }
}

async function staffActivity(db: Queryable, principal: Principal, id: number) {
  const view = await repo.findActivityView(db, id)
  if (!view) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(view.activity.communityId)
  return view.activity
}

/**
 * Changes an activity. Its time is fixed once anyone signed up (their sign-ups hold that time); the capacity
 * cannot drop below the accepted sign-ups, and a raised capacity promotes the waitlist at once.
 */
export async function updateActivity(ctx: AppContext, principal: Principal, id: number, patch: z.output<typeof ZUpdateActivityRequest>) {
  const current = await staffActivity(ctx.db, principal, id)
  const now = ctx.now()
  // A PATCH: the fields sent change, the others keep their value (and all are checked together).
  const c = current
  const input: z.output<typeof ZActivityFields> = {
    title: c.title, description: c.description, teamId: c.teamId, projectId: c.projectId, stationId: c.stationId, place: c.place, latitude: c.latitude,
    longitude: c.longitude, geofenceMeters: c.geofenceMeters, startsAt: c.startsAt.toISOString(), endsAt: c.endsAt.toISOString(), capacity: c.capacity,
    skills: c.skills as VolunteerSkill[], cancelDeadlineHours: c.cancelDeadlineHours,
    ...patch,
  }
  const { starts, ends } = await checkActivityFields(ctx.db, current.communityId, input, now)
  await ctx.db.transaction(async (tx) => {
    const a = (await repo.lockActivity(tx, id))!
    if (a.cancelledAt) throw new AppError('ACTIVITY_SIGNUP_CLOSED')
    const retimed = starts !== a.startsAt.getTime() || ends !== a.endsAt.getTime()
    const anyone = a.signedUp > 0 || (await repo.lockWaitlist(tx, id, 1)).length > 0
    if (retimed && anyone) throw new AppError('ACTIVITY_TIME_LOCKED')
    if (input.capacity < a.signedUp) throw new AppError('ACTIVITY_CAPACITY_BELOW_SIGNUPS')
    const { startsAt: _s, endsAt: _e, ...fields } = input
    await repo.updateActivity(tx, id, { ...fields, startsAt: new Date(starts), endsAt: new Date(ends) })
    if (input.capacity > a.signedUp) await promoteWaitlist(tx, id, now)
  })
  return activityDetail(ctx, principal, id, now)
}

/** Cancels an activity before it begins: every live sign-up ends with it (and frees its volunteers' time). */
export async function cancelActivity(ctx: AppContext, principal: Principal, id: number, reason: string) {
  await staffActivity(ctx.db, principal, id)
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const a = (await repo.lockActivity(tx, id))!
    if (a.cancelledAt) throw new AppError('ACTIVITY_SIGNUP_CLOSED')
    // Once it has begun, people have come and their hours are owed: an activity is cancelled only beforehand.
    if (now >= a.startsAt) throw new AppError('ACTIVITY_ALREADY_STARTED')
    await repo.updateActivity(tx, id, { cancelledAt: now, cancelReason: reason, signedUp: 0 })
    const ended: number[] = []
    for (const s of await repo.roster(tx, id)) {
      if (s.signup.status === 'accepted' || s.signup.status === 'waitlisted') {
        await repo.updateSignup(tx, s.signup.id, [s.signup.status], { status: 'cancelled', cancelledAt: now })
        ended.push(s.signup.id)
      }
    }
    await remindActivityCancelled(tx, ended, now)
  })
  return activityDetail(ctx, principal, id, now)
}

export async function listStaffActivities(ctx: AppContext, principal: Principal, query: { communityId?: number; from?: string }) {
  const communityId = staffCommunity(principal, query.communityId)
  const now = ctx.now()
  const from = query.from ? chinaTime(`${query.from}T00:00:00+08:00`).toDate() : chinaTime(now).subtract(7, 'day').startOf('day').toDate()
  const rows = await repo.listCommunityActivities(ctx.db, communityId, from)
  const [rates, positions] = await Promise.all([pointsPerHour(ctx.db, [communityId]), repo.waitlistPositions(ctx.db, [])])
  return { items: rows.map((r) => toSummary(r, rates.get(communityId)!, null, positions, now)) }
}

/** The organiser's list: who signed up, the waitlist in order, check-in times and the hours confirming would credit. */
export async function getRoster(ctx: AppContext, principal: Principal, id: number): Promise<Roster> {
  const a = await staffActivity(ctx.db, principal, id)
  const now = ctx.now()
  const [rows, positions, activity] = await Promise.all([repo.roster(ctx.db, id), repo.waitlistPositions(ctx.db, [id]), activityDetail(ctx, principal, id, now)])
  // The organiser sees each volunteer's phone in clear: logged (活动名单), except their own line.
  const subjectPersonIds = rows.filter((r) => r.phoneCipher !== null && r.signup.personId !== principal.personId).map((r) => r.signup.personId)
  await recordPersonalDataAccess(ctx.db, { actorUserId: principal.userId, subjectPersonIds, purpose: 'roster', at: now })
  return {
    activity,
    entries: rows.map(({ signup: s, name, birthYear, householdId, phoneCipher }) => ({
      signupId: s.id,
      userId: s.userId,
      name: s.personId === principal.personId ? name : nameForOthers({ name, birthYear }, now),
      phone: ctx.personalData.openPhone(phoneCipher),
      status: s.status,
      waitlistPosition: positions.get(s.id) ?? null,
      checkedInAt: s.checkedInAt ? toApiInstant(s.checkedInAt) : null,
      checkedOutAt: s.checkedOutAt ? toApiInstant(s.checkedOutAt) : null,
      computedHours: s.checkedInAt && s.checkedOutAt ? hoursOf(serviceMinutes(s.checkedInAt.getTime(), s.checkedOutAt.getTime(), a.startsAt.getTime(), a.endsAt.getTime())) : null,
      confirmedHours: s.confirmedMinutes === null ? null : hoursOf(s.confirmedMinutes),
      confirmedAt: s.confirmedAt ? toApiInstant(s.confirmedAt) : null,
      // Nothing to do on one's own or a family member's line: another staff member confirms it.
      actions: principal.isSelfDealing({ userId: s.userId, personId: s.personId, householdId })
        ? []
        : rosterActions(
            { startsAt: a.startsAt.getTime(), cancelled: a.cancelledAt !== null },
            { status: s.status, checkedInAt: s.checkedInAt?.getTime() ?? null, checkedOutAt: s.checkedOutAt?.getTime() ?? null, confirmed: s.confirmedAt !== null },
            now.getTime(),
          ),
    })),
  }
}

/** The code the organiser shows full-screen; the page asks again before it expires. */
export async function getQr(ctx: AppContext, principal: Principal, id: number): Promise<ActivityQr> {
  const a = await staffActivity(ctx.db, principal, id)
  const { code, expiresAt } = qrPayload(a.qrSecret, a.id, ctx.now().getTime())
  return { code, expiresAt: toApiInstant(expiresAt), refreshAfterSeconds: QR_WINDOW_SECONDS }
}

/**
 * A sign-up of an activity the caller organises, locked, with its activity. Never the caller's own or a family
 * member's (separation of duties): their check-in, check-out, hours and no-show are for another staff member.
 */
async function staffSignup(tx: Tx, principal: Principal, signupId: number) {
  const signup = await repo.lockSignup(tx, signupId)
  if (!signup) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(signup.communityId)
  principal.assertNotSelfDealing({ userId: signup.userId, personId: signup.personId, householdId: (await findPersonRef(tx, signup.personId))?.householdId })
  const a = (await repo.findActivityView(tx, signup.activityId))!.activity
  return { signup, a }
}

/** Manual check-in for someone whose phone fails; the time is now (or the start, if earlier than the start). */
export async function staffCheckIn(ctx: AppContext, principal: Principal, signupId: number) {
  const now = ctx.now()
  const activityId = await ctx.db.transaction(async (tx) => {
    const { signup, a } = await staffSignup(tx, principal, signupId)
    if (signup.status !== 'accepted' || signup.checkedInAt) throw new AppError('SIGNUP_STATE_CONFLICT')
    if (checkInOpen({ startsAt: a.startsAt.getTime(), endsAt: a.endsAt.getTime() }, now.getTime()) === 'early') throw new AppError('ACTIVITY_CHECK_IN_NOT_OPEN')
    await repo.updateSignup(tx, signupId, ['accepted'], { checkedInAt: now })
    return a.id
  })
  return getRoster(ctx, principal, activityId)
}

export async function staffCheckOut(ctx: AppContext, principal: Principal, signupId: number) {
  const now = ctx.now()
  const activityId = await ctx.db.transaction(async (tx) => {
    const { signup, a } = await staffSignup(tx, principal, signupId)
    if (signup.status !== 'accepted' || !signup.checkedInAt || signup.checkedOutAt) throw new AppError('SIGNUP_STATE_CONFLICT')
    await repo.updateSignup(tx, signupId, ['accepted'], { checkedOutAt: now < signup.checkedInAt ? signup.checkedInAt : now, checkedOutBy: 'organiser' })
    return a.id
  })
  return getRoster(ctx, principal, activityId)
}

/** Checks out everyone still checked in, at now (or at the end, if the activity is over). */
export async function checkOutEveryone(ctx: AppContext, principal: Principal, activityId: number) {
  const a = await staffActivity(ctx.db, principal, activityId)
  const now = ctx.now()
  const at = now > a.endsAt ? a.endsAt : now
  const affected = await ctx.db.transaction((tx) => repo.checkOutAll(tx, activityId, at, 'organiser'))
  return { affected }
}

/**
 * Confirms a volunteer's hours: the computed service time, or the organiser's figure with a reason (logged).
 * Confirmation awards the points of 志愿服务 through the ledger in the same transaction — once per sign-up,
 * enforced by the ledger's unique event key as well as the conditional update here.
 */
async function confirmOne(tx: Tx, principal: Principal, signupId: number, input: { hours?: number; reason?: string }, now: Date) {
  const { signup, a } = await staffSignup(tx, principal, signupId)
  if (signup.confirmedAt) throw new AppError('HOURS_ALREADY_CONFIRMED')
  if (signup.status !== 'accepted' || !signup.checkedInAt || !signup.checkedOutAt) throw new AppError('HOURS_NOT_READY')
  const computed = serviceMinutes(signup.checkedInAt.getTime(), signup.checkedOutAt.getTime(), a.startsAt.getTime(), a.endsAt.getTime())
  const minutes = input.hours === undefined ? computed : Math.round(input.hours * 60)
  if (minutes !== computed) {
    await repo.insertAdjustment(tx, { signupId, communityId: signup.communityId, computedMinutes: computed, confirmedMinutes: minutes, reason: input.reason!, actorUserId: principal.userId, createdAt: now })
  }
  const person = await findPersonRef(tx, signup.personId)
  const award = person?.householdId && minutes > 0
    ? await awardPointsByRule(tx, { communityId: a.communityId, personId: signup.personId, rule: 'volunteer_hour', sourceType: 'activity_signup', sourceId: signup.id, title: `志愿服务：${a.title}`, quantity: minutes / 60, actorUserId: principal.userId, now })
    : { amount: 0 }
  const done = await repo.updateSignup(tx, signupId, ['accepted'], { confirmedMinutes: minutes, confirmedByUserId: principal.userId, confirmedAt: now, pointsAwarded: award.amount })
  if (!done) throw new AppError('SIGNUP_STATE_CONFLICT')
  return a.id
}

export async function confirmHours(ctx: AppContext, principal: Principal, signupId: number, input: z.output<typeof ZConfirmHoursRequest>) {
  const now = ctx.now()
  const activityId = await ctx.db.transaction((tx) => confirmOne(tx, principal, signupId, input, now))
  return getRoster(ctx, principal, activityId)
}

/**
 * Confirms the computed hours of everyone checked out and not yet confirmed — except the caller's own and their
 * family's, which stay for another staff member (separation of duties).
 */
export async function confirmAll(ctx: AppContext, principal: Principal, activityId: number) {
  await staffActivity(ctx.db, principal, activityId)
  const now = ctx.now()
  const rows = await repo.roster(ctx.db, activityId)
  let affected = 0
  await ctx.db.transaction(async (tx) => {
    for (const { signup: s, householdId } of rows) {
      if (s.status !== 'accepted' || !s.checkedOutAt || s.confirmedAt) continue
      if (principal.isSelfDealing({ userId: s.userId, personId: s.personId, householdId })) continue
      await confirmOne(tx, principal, s.id, {}, now)
      affected++
    }
  })
  return { affected }
}

/** Records that a volunteer did not come (after the activity, never checked in). */
export async function markNoShow(ctx: AppContext, principal: Principal, signupId: number) {
  const now = ctx.now()
  const activityId = await ctx.db.transaction(async (tx) => {
    const { signup, a } = await staffSignup(tx, principal, signupId)
    if (signup.status !== 'accepted' || signup.checkedInAt || now < a.startsAt) throw new AppError('SIGNUP_STATE_CONFLICT')
    await repo.updateSignup(tx, signupId, ['accepted'], { status: 'no_show' })
    return a.id
  })
  return getRoster(ctx, principal, activityId)
}

/* ----------------------------------------------------------------- sweeps */

/**
 * Closes forgotten check-outs at the scheduled end (or at the check-in, for someone the organiser checked in by
 * hand after the end: a check-out never precedes its check-in). Safe on any number of instances (SKIP LOCKED,
 * conditional).
 */
export async function closeForgottenCheckOuts(db: Db, now: Date): Promise<number> {
  return sweepInBatches(db, 100, async (tx, size) => {
    const rows = await repo.lockForgottenCheckOuts(tx, now, size)
    for (const r of rows) {
      const at = r.checkedInAt && r.checkedInAt > r.endsAt ? r.checkedInAt : r.endsAt
      await repo.updateSignup(tx, r.id, ['accepted'], { checkedOutAt: at, checkedOutBy: 'sweep' })
    }
    return rows.length
  })
}
