import type { z } from 'zod'
import type { QueryClient } from '@tanstack/react-query'
import type {
  Activity,
  ActivityQr,
  ActivitySummary,
  CreateActivityRequest,
  Project,
  BatchAttendanceRequest,
  BatchAttendanceResult,
  Roster,
  Team,
  ZBulkResult,
  ZConfirmHoursRequest,
  ZCreateProjectRequest,
  ZCreateTeamRequest,
  ZActivityFields,
  ZUpdateActivityRequest,
} from '../../../types/api/volunteer'
import type { RosterAction } from '../../../types/api/labels'
import { request } from '../http'

/** Every field of an activity, as the form edits them. */
export type ActivityFields = z.input<typeof ZActivityFields>
/** What PATCH /api/staff/activities/:id takes: the fields sent change, the others keep their value. */
type ActivityPatch = z.input<typeof ZUpdateActivityRequest>
export type CreateTeamInput = z.input<typeof ZCreateTeamRequest>
export type CreateProjectInput = z.input<typeof ZCreateProjectRequest>
/** How many sign-ups a page-level action (全部签退, 全部确认) changed. */
type BulkResult = z.infer<typeof ZBulkResult>
/** 确认时长: `{}` credits the computed hours; `{ hours, reason }` the organiser's figure, logged with the reason. */
export type ConfirmHoursInput = z.input<typeof ZConfirmHoursRequest>

/** The organiser's writes to one sign-up from the roster. */
export type SignupAction = Exclude<RosterAction, 'confirm'>

/**
 * Query keys. Everything organisers see of 志愿服务 starts with 'staff-volunteer', so one invalidation after a
 * write refreshes every organiser page.
 */
export const staffVolunteerKeys = {
  all: ['staff-volunteer'] as const,
  activities: (communityId: number) => ['staff-volunteer', 'activities', communityId] as const,
  activity: (activityId: number) => ['staff-volunteer', 'activity', activityId] as const,
  roster: (activityId: number) => ['staff-volunteer', 'roster', activityId] as const,
  qr: (activityId: number) => ['staff-volunteer', 'qr', activityId] as const,
  teams: (communityId: number) => ['staff-volunteer', 'teams', communityId] as const,
  projects: (communityId: number) => ['staff-volunteer', 'projects', communityId] as const,
}

/**
 * After an organiser's write: every organiser page, and what volunteers and residents see of it — activity lists
 * and details ('activities'), a volunteer's sign-ups, hours and teams ('volunteer'), the calendars of 活动预告
 * ('events', 'home') and, once hours are confirmed, the points they earned ('points').
 */
export function refreshAfterVolunteerWrite(queryClient: QueryClient) {
  for (const queryKey of [staffVolunteerKeys.all, ['activities'], ['volunteer'], ['events'], ['home'], ['points']]) {
    void queryClient.invalidateQueries({ queryKey })
  }
}

/* ----------------------------------------------------------------- teams and projects */

/** The community's 志愿服务队 (the volunteers' route, open to staff). */
export async function listTeams(communityId: number): Promise<Team[]> {
  return (await request<{ items: Team[] }>('/api/volunteer/teams', { query: { communityId } })).items
}

/** Creates a team; answers the community's teams with the new one. */
export async function createTeam(input: CreateTeamInput, idempotencyKey?: string): Promise<Team[]> {
  return (await request<{ items: Team[] }>('/api/staff/teams', { method: 'POST', body: input, idempotencyKey })).items
}

export async function listProjects(communityId: number): Promise<Project[]> {
  return (await request<{ items: Project[] }>('/api/staff/projects', { query: { communityId } })).items
}

/** Creates a project; answers the community's projects with the new one. */
export async function createProject(input: CreateProjectInput, idempotencyKey?: string): Promise<Project[]> {
  return (await request<{ items: Project[] }>('/api/staff/projects', { method: 'POST', body: input, idempotencyKey })).items
}

/* ----------------------------------------------------------------- activities */

/** The community's activities from a week ago on, cancelled ones included. */
export async function listStaffActivities(communityId: number): Promise<ActivitySummary[]> {
  return (await request<{ items: ActivitySummary[] }>('/api/staff/activities', { query: { communityId } })).items
}

/** Publishes an activity, or with repeatWeeks > 1 the same activity every week: answers each one created. */
export async function createActivity(input: CreateActivityRequest, idempotencyKey?: string): Promise<Activity[]> {
  return (await request<{ items: Activity[] }>('/api/staff/activities', { method: 'POST', body: input, idempotencyKey })).items
}

/**
 * The whole activity — its team, project and station ids, the cancelling deadline in hours, the description and
 * the position — as GET /api/activities/:id answers it to the community's staff too: what 编辑 starts from.
 */
export function getStaffActivity(id: number) {
  return request<Activity>(`/api/activities/${id}`)
}

export function updateActivity(id: number, patch: ActivityPatch, idempotencyKey?: string) {
  return request<Activity>(`/api/staff/activities/${id}`, { method: 'PATCH', body: patch, idempotencyKey })
}

/** Cancels an activity with the reason its volunteers read; every sign-up ends with it. */
export function cancelActivity(id: number, reason: string, idempotencyKey?: string) {
  return request<Activity>(`/api/staff/activities/${id}/cancel`, { method: 'POST', body: { reason }, idempotencyKey })
}

/* ----------------------------------------------------------------- on the day */

/** The activity with everyone who signed up, the waitlist, check-in times and hours. */
export function getRoster(activityId: number) {
  return request<Roster>(`/api/staff/activities/${activityId}/roster`)
}

/** The current text of the rotating check-in QR code. */
export function getActivityQr(activityId: number) {
  return request<ActivityQr>(`/api/staff/activities/${activityId}/qr`)
}

export function checkOutEveryone(activityId: number, idempotencyKey?: string) {
  return request<BulkResult>(`/api/staff/activities/${activityId}/check-out-all`, { method: 'POST', body: {}, idempotencyKey })
}

export function confirmAllHours(activityId: number, idempotencyKey?: string) {
  return request<BulkResult>(`/api/staff/activities/${activityId}/confirm-all`, { method: 'POST', body: {}, idempotencyKey })
}

/** 批量签到 / 批量签退: each chosen volunteer's result, and the roster as it is now. */
export function attendInBatch(activityId: number, body: BatchAttendanceRequest, idempotencyKey?: string) {
  return request<BatchAttendanceResult>(`/api/staff/activities/${activityId}/attendance`, { method: 'POST', body, idempotencyKey })
}

const SIGNUP_PATHS: Record<SignupAction, string> = { check_in: 'check-in', check_out: 'check-out', no_show: 'no-show' }

/** 手动签到, 手动签退, 记未到场: answers the roster as it is now. */
export function actOnSignup(signupId: number, action: SignupAction, idempotencyKey?: string) {
  return request<Roster>(`/api/staff/signups/${signupId}/${SIGNUP_PATHS[action]}`, { method: 'POST', body: {}, idempotencyKey })
}

/** 确认时长: answers the roster as it is now. */
export function confirmHours(signupId: number, input: ConfirmHoursInput, idempotencyKey?: string) {
  return request<Roster>(`/api/staff/signups/${signupId}/confirm`, { method: 'POST', body: input, idempotencyKey })
}
