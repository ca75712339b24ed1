import type { z } from 'zod'
import type { VolunteerSkill } from '../../types/api/labels'
import type {
  Activity,
  ActivityPage,
  Certificate,
  CertificateVerification,
  MySignup,
  RegisterVolunteerRequest,
  ScanResult,
  Team,
  VolunteerProfile,
  VolunteerSummary,
  ZActivityListQuery,
  ZCertificateList,
  ZMySignupsQuery,
  ZScanRequest,
  ZServiceRecordList,
} from '../../types/api/volunteer'
import { openApiDocument, PDF } from './documents'
import { request } from './http'

/** Activities per page of the 活动 tab. */
const ACTIVITY_PAGE_SIZE = 20

export type ActivityScope = z.infer<typeof ZActivityListQuery>['scope']
/** 即将参加 or 历史, as GET /api/volunteer/signups calls them. */
export type SignupScope = z.infer<typeof ZMySignupsQuery>['scope']

/** The 活动 tab's filters; null means "not filtered". */
export type ActivityFilters = {
  scope: ActivityScope
  /** The community a visitor chose to browse (an account placed in one sends none: the server knows it). */
  communityId: number | null
  /** YYYY-MM-DD: activities starting on or after it (the server's default is today). */
  from: string | null
  skill: VolunteerSkill | null
  teamId: number | null
  hasPlaces: boolean
}

type ScanRequest = z.input<typeof ZScanRequest>

/**
 * Query keys. What a volunteer sees of activities starts with 'activities', their own volunteering with
 * 'volunteer': the organiser pages invalidate by these prefixes after a write, and so do the pages here.
 */
export const activityKeys = {
  all: ['activities'] as const,
  list: (filters: ActivityFilters) => ['activities', 'list', filters] as const,
  detail: (id: number) => ['activities', 'detail', id] as const,
}

export const volunteerKeys = {
  all: ['volunteer'] as const,
  profile: ['volunteer', 'profile'] as const,
  summary: ['volunteer', 'summary'] as const,
  signups: (scope: SignupScope) => ['volunteer', 'signups', scope] as const,
  records: ['volunteer', 'records'] as const,
  teams: (communityId: number | null) => ['volunteer', 'teams', communityId] as const,
  certificates: ['volunteer', 'certificates'] as const,
  certificate: (id: number) => ['volunteer', 'certificate', id] as const,
  /** Public: anyone's look-up of a verification code. */
  verification: (code: string) => ['certificate-verification', code] as const,
}

/* ----------------------------------------------------------------- registration, summary, teams */

export function getVolunteerProfile() {
  return request<VolunteerProfile>('/api/volunteer/profile')
}

export function registerVolunteer(body: RegisterVolunteerRequest, idempotencyKey?: string) {
  return request<VolunteerProfile>('/api/volunteer/profile', { method: 'PUT', body, idempotencyKey })
}

export function getVolunteerSummary() {
  return request<VolunteerSummary>('/api/volunteer/summary')
}

export function listMySignups(scope: SignupScope) {
  return request<{ items: MySignup[] }>('/api/volunteer/signups', { query: { scope } })
}

export function listServiceRecords() {
  return request<z.infer<typeof ZServiceRecordList>>('/api/volunteer/records')
}

export function listTeams(communityId: number | null) {
  return request<{ items: Team[] }>('/api/volunteer/teams', { query: { communityId: communityId ?? undefined } })
}

export function joinTeam(id: number, idempotencyKey?: string) {
  return request<{ items: Team[] }>(`/api/volunteer/teams/${id}/join`, { method: 'POST', body: {}, idempotencyKey })
}

export function leaveTeam(id: number, idempotencyKey?: string) {
  return request<{ items: Team[] }>(`/api/volunteer/teams/${id}/leave`, { method: 'POST', body: {}, idempotencyKey })
}

/* ----------------------------------------------------------------- activities */

export function listActivities(filters: ActivityFilters, cursor?: string) {
  return request<ActivityPage>('/api/activities', {
    query: {
      scope: filters.scope,
      communityId: filters.scope === 'community' ? (filters.communityId ?? undefined) : undefined,
      from: filters.from ?? undefined,
      skill: filters.skill ?? undefined,
      teamId: filters.teamId ?? undefined,
      hasPlaces: filters.hasPlaces ? 'true' : undefined,
      cursor,
      limit: ACTIVITY_PAGE_SIZE,
    },
  })
}

export function getActivity(id: number) {
  return request<Activity>(`/api/activities/${id}`)
}

/** 报名, or 候补 when no place is left: the server decides and answers the activity as it is now. */
export function signUp(id: number, idempotencyKey?: string) {
  return request<Activity>(`/api/activities/${id}/signup`, { method: 'POST', body: {}, idempotencyKey })
}

export function cancelSignup(id: number, idempotencyKey?: string) {
  return request<Activity>(`/api/activities/${id}/cancel-signup`, { method: 'POST', body: {}, idempotencyKey })
}

/** The organiser's rotating QR code, read by the camera: checks in, or out when already in. */
export function scanActivityCode(body: ScanRequest, idempotencyKey?: string) {
  return request<ScanResult>('/api/volunteer/scan', { method: 'POST', body, idempotencyKey })
}

/* ----------------------------------------------------------------- certificates */

export function listCertificates() {
  return request<z.infer<typeof ZCertificateList>>('/api/volunteer/certificates')
}

export function issueCertificate(idempotencyKey?: string) {
  return request<Certificate>('/api/volunteer/certificates', { method: 'POST', body: {}, idempotencyKey })
}

export function getCertificate(id: number) {
  return request<Certificate>(`/api/volunteer/certificates/${id}`)
}

/** Public: anyone may check a code, logged in or not, so the call carries no session. */
export function verifyCertificate(code: string) {
  return request<CertificateVerification>(`/api/certificates/${encodeURIComponent(code)}`, { auth: false })
}

const PDF_FAILED = '证明文件暂时无法下载，请稍后再试'

/** Opens the certificate's PDF, which the API serves only with the holder's session (services/documents.ts). */
export function openCertificatePdf(pdfUrl: string, fileName: string): Promise<void> {
  return openApiDocument(pdfUrl, PDF, fileName, PDF_FAILED)
}
