/** API fixtures of 志愿服务, typed by the contract in types/api/volunteer.ts. */
import type {
  Activity,
  ActivityPage,
  ActivitySummary,
  Certificate,
  CertificateVerification,
  MySignup,
  ServiceRecord,
  Team,
  VolunteerProfile,
  VolunteerSummary,
} from '../../types/api/volunteer'

/** An activity as GET /api/activities/:id answers it: open, with places, seen by a registered volunteer. */
export function activity(overrides: Partial<Activity> = {}): Activity {
  return {
    id: 21,
    communityId: 7,
    communityName: '联通社区',
    title: '敬老院陪老人包饺子',
    teamId: 3,
    projectId: 5,
    stationId: null,
    cancelDeadlineHours: 24,
    cancelReason: null,
    seriesId: null,
    teamName: '联通社区助老服务队',
    projectName: '银龄陪伴',
    place: '爱辉区福寿敬老院 二楼活动室',
    startsAt: '2026-11-21T09:00:00+08:00',
    endsAt: '2026-11-21T12:00:00+08:00',
    skills: ['elderly_care', 'general'],
    capacity: 10,
    signedUp: 7,
    waitlisted: 0,
    hours: 3,
    points: 30,
    cancelled: false,
    phase: 'upcoming',
    description: '陪老人包饺子、聊天，请穿方便活动的衣服。',
    stationName: null,
    latitude: null,
    longitude: null,
    geofenceMeters: null,
    organiserName: '刘书记',
    organiserPhone: '0456-8200777',
    cancelDeadline: '2026-11-20T09:00:00+08:00',
    mySignup: null,
    actions: ['sign_up'],
    photo: null,
    imageUrl: '/api/pictures/activity-elderly_care.png',
    thumbnailUrl: '/api/pictures/activity-elderly_care.thumb.png',
    ...overrides,
  }
}

/** My sign-up as the detail carries it. */
export function detailSignup(overrides: Partial<NonNullable<Activity['mySignup']>> = {}): NonNullable<Activity['mySignup']> {
  return { id: 301, status: 'accepted', waitlistPosition: null, checkedInAt: null, checkedOutAt: null, confirmedHours: null, ...overrides }
}

/** A row of the 活动 tab. */
export function activitySummary(overrides: Partial<ActivitySummary> = {}): ActivitySummary {
  const { description: _d, stationName: _s, latitude: _la, longitude: _lo, geofenceMeters: _g, organiserName: _on, organiserPhone: _op, cancelDeadline: _c, actions: _a, mySignup: _m, ...rest } = activity()
  return { ...rest, mySignup: null, ...overrides }
}

export function activityPage(items: ActivitySummary[], nextCursor: string | null = null): ActivityPage {
  return { items, nextCursor }
}

export function profile(overrides: Partial<VolunteerProfile> = {}): VolunteerProfile {
  return {
    registered: true,
    realName: '李志强',
    phone: '13912345678',
    skills: ['elderly_care', 'repair'],
    availability: ['weekend'],
    consentVersion: '2026-11',
    consentedAt: '2026-11-01T10:00:00+08:00',
    teams: [{ id: 3, name: '联通社区助老服务队' }],
    ...overrides,
  }
}

export const unregistered = (): VolunteerProfile =>
  profile({ registered: false, realName: null, phone: null, skills: [], availability: [], consentVersion: null, consentedAt: null, teams: [] })

export function mySignup(overrides: Partial<MySignup> = {}): MySignup {
  const { mySignup: _m, ...summaryRest } = activitySummary()
  return {
    signupId: 301,
    status: 'accepted',
    waitlistPosition: null,
    activity: summaryRest,
    checkedInAt: null,
    checkedOutAt: null,
    confirmedHours: null,
    ...overrides,
  }
}

export function volunteerSummary(overrides: Partial<VolunteerSummary> = {}): VolunteerSummary {
  return { profile: profile(), totalHours: 150, stars: 1, nextStarHours: 300, activityCount: 42, upcoming: [mySignup()], ...overrides }
}

export function record(overrides: Partial<ServiceRecord> = {}): ServiceRecord {
  return {
    signupId: 201,
    activityId: 11,
    activityTitle: '清扫楼道小广告',
    organiser: '联通社区',
    date: '2026-10-12',
    checkedInAt: '2026-10-12T08:55:00+08:00',
    checkedOutAt: '2026-10-12T11:05:00+08:00',
    hours: 2,
    confirmedBy: '刘书记',
    confirmedAt: '2026-10-12T12:00:00+08:00',
    points: 20,
    ...overrides,
  }
}

export function certificate(overrides: Partial<Certificate> = {}): Certificate {
  return {
    id: 5,
    number: '爱辉志证〔2026〕第000005号',
    verificationCode: 'K7QM-3XPA-9RTD',
    holderName: '李志强',
    issuer: '爱辉区东风街道联通社区',
    issuedAt: '2026-11-19T10:00:00+08:00',
    totalHours: 4.5,
    records: [record(), record({ signupId: 202, activityId: 12, activityTitle: '助老理发', date: '2026-11-02', hours: 2.5, confirmedBy: '王干事', points: 25 })],
    pdfUrl: '/api/volunteer/certificates/5/pdf',
    ...overrides,
  }
}

export function team(overrides: Partial<Team> = {}): Team {
  return { id: 3, communityId: 7, name: '联通社区助老服务队', description: '上门陪伴、代购、助浴', memberCount: 18, joined: false, ...overrides }
}

export function verification(overrides: Partial<CertificateVerification> = {}): CertificateVerification {
  return { valid: true, number: '爱辉志证〔2026〕第000005号', holderName: '李*强', issuer: '爱辉区东风街道联通社区', issuedAt: '2026-11-19T10:00:00+08:00', totalHours: 4.5, recordCount: 2, ...overrides }
}
