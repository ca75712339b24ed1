import type { z } from 'zod'
import type {
  ActivityQr,
  Roster,
  ZActivityFields,
  ZCreateActivityRequest,
  ZCreateProjectRequest,
  ZCreateTeamRequest,
  ZUpdateActivityRequest,
} from '../../../../types/api/volunteer'
import type { VolunteerSkill } from '../../../../types/api/labels'
import { chinaDayStart, DAY_MS, HOUR_MS, startOfChinaDay, toApiInstant } from '../../../../types/time'
import type { AppContext, RequestContext } from '../../context'
import type { Queryable } from '../../db/client'
import { AppError } from '../../http/app-error'
import { recordAudit } from '../audit/audit.service'
import type { Principal } from '../../http/principal'
import { communityExists } from '../people/people.api'
import { recordPersonalDataAccess } from '../privacy/access-log'
import { staffCommunity } from '../points/points.api'
import { remindActivityCancelled } from '../reminders/reminders.service'
import { checkUploads } from '../uploads/uploads.service'
import { activityDetail } from './activities.service'
import { listTeams } from './profile.service'
import { promoteWaitlist } from './signups.service'
import { qrPayload, QR_WINDOW_SECONDS } from './volunteer.domain'
import { toRosterEntry, toSummary } from './volunteer.mapper'
import * as repo from './volunteer.repository'

/* What the community's staff set up and run: teams, projects, activities, the roster and the check-in code. */

/** Staff act in their community; an admin may name any, and one that does not exist is not found. */
async function assertStaffOfExisting(db: Queryable, principal: Principal, communityId: number) {
  principal.assertStaffOf(communityId)
  if (!(await communityExists(db, communityId))) throw new AppError('COMMUNITY_NOT_FOUND')
}

export async function createTeam(ctx: AppContext, principal: Principal, input: z.output<typeof ZCreateTeamRequest>) {
  await assertStaffOfExisting(ctx.db, principal, input.communityId)
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const row = await repo.insertTeam(tx, { ...input, createdAt: now })
    if (!row) throw AppError.field('name', '已有同名的志愿服务队')
    await recordAudit(tx, { actorUserId: principal.userId, action: 'activity.team_create', communityId: input.communityId, subjectType: 'team', subjectId: row.id, detail: { name: input.name }, at: now })
  })
  return listTeams(ctx, principal, input.communityId)
}

export async function listProjects(ctx: AppContext, principal: Principal, communityId?: number) {
  return { items: await repo.listProjects(ctx.db, staffCommunity(principal, communityId)) }
}

export async function createProject(ctx: AppContext, principal: Principal, input: z.output<typeof ZCreateProjectRequest>) {
  await assertStaffOfExisting(ctx.db, principal, input.communityId)
  if (input.teamId !== null && (await repo.findTeam(ctx.db, input.teamId))?.communityId !== input.communityId) throw AppError.field('teamId', '志愿服务队不存在')
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const row = await repo.insertProject(tx, { ...input, createdAt: now })
    if (!row) throw AppError.field('name', '已有同名的志愿服务项目')
    await recordAudit(tx, { actorUserId: principal.userId, action: 'activity.project_create', communityId: input.communityId, subjectType: 'project', subjectId: row.id, detail: { name: input.name }, at: now })
  })
  return listProjects(ctx, principal, input.communityId)
}

/**
 * The references of an activity must belong to its community; times must make sense. A new photo must be the
 * caller's own activity_photo upload (an id guessed from elsewhere attaches nothing); the one it has may stay.
 */
async function checkActivityFields(db: Queryable, principal: Principal, communityId: number, input: z.output<typeof ZActivityFields>, now: Date, currentPhotoId: number | null = null) {
  const starts = Date.parse(input.startsAt)
  const ends = Date.parse(input.endsAt)
  if (ends <= starts) throw AppError.field('endsAt', '结束时间应晚于开始时间')
  if (ends - starts > 24 * HOUR_MS) throw AppError.field('endsAt', '一次活动最长24小时')
  if (input.teamId !== null && (await repo.findTeam(db, input.teamId))?.communityId !== communityId) throw AppError.field('teamId', '志愿服务队不存在')
  if (input.projectId !== null && (await repo.findProject(db, input.projectId))?.communityId !== communityId) throw AppError.field('projectId', '志愿服务项目不存在')
  if (input.stationId !== null && (await repo.findStationCommunity(db, input.stationId)) !== communityId) throw AppError.field('stationId', '党群服务阵地不存在')
  if (input.geofenceMeters !== null && (input.latitude === null || input.longitude === null)) throw AppError.field('geofenceMeters', '开启现场签到范围须先设置活动位置')
  if (input.photoId !== null && input.photoId !== currentPhotoId) await checkUploads(db, [input.photoId], 'activity_photo', principal.userId)
  return { starts, ends, inPast: starts < now.getTime() }
}

/** Publishes an activity, or the same activity every week for several weeks (a series). */
export async function createActivity(ctx: AppContext, principal: Principal, input: z.output<typeof ZCreateActivityRequest>) {
  await assertStaffOfExisting(ctx.db, principal, input.communityId)
  const now = ctx.now()
  const { starts, ends, inPast } = await checkActivityFields(ctx.db, principal, input.communityId, input, now)
  if (inPast) throw AppError.field('startsAt', '开始时间已经过去')
  const { repeatWeeks, startsAt: _s, endsAt: _e, ...fields } = input
  const week = 7 * DAY_MS
  const ids = await ctx.db.transaction(async (tx) => {
    const created: number[] = []
    for (let i = 0; i < repeatWeeks; i++) {
      const row = await repo.insertActivity(tx, { ...fields, organiserUserId: principal.userId, startsAt: new Date(starts + i * week), endsAt: new Date(ends + i * week), seriesId: created[0] ?? null, createdAt: now })
      if (i === 0 && repeatWeeks > 1) await repo.updateActivity(tx, row.id, { seriesId: row.id })
      created.push(row.id)
    }
    await recordAudit(tx, {
      actorUserId: principal.userId, action: 'activity.publish', communityId: input.communityId, subjectType: 'activity', subjectId: created[0]!,
      detail: { title: input.title, startsAt: new Date(starts).toISOString(), ...(repeatWeeks > 1 ? { weeks: repeatWeeks } : {}) }, at: now,
    })
    return created
  })
  return { items: await Promise.all(ids.map((id) => activityDetail(ctx, principal, id, now))) }
}

/** An activity of the caller's community (staff only); any other is not found or forbidden. */
export async function staffActivity(db: Queryable, principal: Principal, id: number) {
  const a = await repo.findActivity(db, id)
  if (!a) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(a.communityId)
  return a
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
    skills: c.skills as VolunteerSkill[], cancelDeadlineHours: c.cancelDeadlineHours, photoId: c.photoId,
    ...patch,
  }
  const { starts, ends } = await checkActivityFields(ctx.db, principal, current.communityId, input, now, current.photoId)
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
    await recordAudit(tx, { actorUserId: principal.userId, action: 'activity.update', communityId: a.communityId, subjectType: 'activity', subjectId: id, detail: { title: input.title, fields: Object.keys(patch) }, at: now })
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
    await recordAudit(tx, { actorUserId: principal.userId, action: 'activity.cancel', communityId: a.communityId, subjectType: 'activity', subjectId: id, detail: { title: a.title, reason, signupsEnded: ended.length }, at: now })
  })
  return activityDetail(ctx, principal, id, now)
}

/** The community's activities, cancelled ones included, from a day on (a week ago unless asked). */
export async function listStaffActivities(ctx: AppContext, principal: Principal, query: { communityId?: number; from?: string }) {
  const communityId = staffCommunity(principal, query.communityId)
  const now = ctx.now()
  const from = query.from ? chinaDayStart(query.from).toDate() : startOfChinaDay(now.getTime() - 7 * DAY_MS)
  const rows = await repo.listCommunityActivities(ctx.db, communityId, from)
  return { items: rows.map((r) => toSummary(r, null, new Map(), now)) }
}

/** The organiser's list: who signed up, the waitlist in order, check-in times and the hours confirming would credit. */
export async function getRoster(ctx: RequestContext, principal: Principal, id: number): Promise<Roster> {
  const a = await staffActivity(ctx.db, principal, id)
  const now = ctx.now()
  const [rows, positions, activity] = await Promise.all([repo.roster(ctx.db, id), repo.waitlistPositions(ctx.db, [id]), activityDetail(ctx, principal, id, now)])
  // The organiser sees each volunteer's phone in clear: logged (活动名单), except their own line.
  const subjectPersonIds = rows.filter((r) => r.phoneCipher !== null && r.signup.personId !== principal.personId).map((r) => r.signup.personId)
  await recordPersonalDataAccess(ctx.db, { actorUserId: principal.userId, subjectPersonIds, purpose: 'roster', at: now, route: ctx.route })
  return { activity, entries: rows.map((row) => toRosterEntry(row, a, positions, principal, ctx.personalData, now)) }
}

/** The code the organiser shows full-screen; the page asks again before it expires. */
export async function getQr(ctx: AppContext, principal: Principal, id: number): Promise<ActivityQr> {
  const a = await staffActivity(ctx.db, principal, id)
  const { code, expiresAt } = qrPayload(a.qrSecret, a.id, ctx.now().getTime())
  return { code, expiresAt: toApiInstant(expiresAt), refreshAfterSeconds: QR_WINDOW_SECONDS }
}
