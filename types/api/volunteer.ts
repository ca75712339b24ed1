import { z } from 'zod'
import { ZDay, ZEventPhase, ZInstant, ZInstantInput, ZPositiveId, ZId, ZText, patchOf, ZPage, ZPageQuery, ZPictureFields } from './common'
import { ACTIVITY_ACTIONS, ROSTER_ACTIONS, AVAILABILITY_SLOTS, SIGNUP_STATUSES, VOLUNTEER_SKILLS } from './labels'

/*
 * 志愿服务: volunteers register (real name, phone, skills, consent), join teams, sign up for activities (capacity
 * and no-overlap held under concurrency, a waitlist promoted in order), check in and out with the organiser's
 * rotating QR code, and earn confirmed service hours — a record per 《志愿服务记录与证明出具办法》, a certificate
 * anyone can verify, and points through the points ledger.
 */

export const ZSkill = z.enum(VOLUNTEER_SKILLS)
export const ZAvailability = z.enum(AVAILABILITY_SLOTS)
export const ZSignupStatus = z.enum(SIGNUP_STATUSES)
export const ZActivityAction = z.enum(ACTIVITY_ACTIONS)


/** The consent text shown at registration; its version is recorded with the consent. */
export const VOLUNTEER_CONSENT_VERSION = '2026-11'

/* ----------------------------------------------------------------- registration and teams */

export const ZVolunteerProfile = z.object({
  registered: z.boolean(),
  realName: z.string().nullable(),
  /** The full number, to its owner only. */
  phone: z.string().nullable(),
  skills: z.array(ZSkill),
  availability: z.array(ZAvailability),
  consentVersion: z.string().nullable(),
  consentedAt: ZInstant.nullable(),
  teams: z.array(z.object({ id: z.number().int(), name: z.string() })),
})

export const ZRegisterVolunteerRequest = z
  .object({
    realName: ZText().trim().min(2, '请填写真实姓名').max(20, '姓名最多20个字'),
    /** Typed by hand … */
    phone: ZText().trim().regex(/^1\d{10}$/, '请填写11位手机号').optional(),
    /** … or the code from WeChat's 手机号快速验证 button (getPhoneNumber), exchanged by the server. */
    phoneCode: ZText().trim().min(1).max(200).optional(),
    skills: z.array(ZSkill).min(1, '请至少选择一项服务技能').max(12),
    availability: z.array(ZAvailability).min(1, '请选择您方便的服务时间').max(3),
    consent: z.literal(true, { error: '请阅读并同意《志愿者服务承诺与个人信息使用说明》' }),
  })
  .refine((r) => r.phone || r.phoneCode, { message: '请填写手机号或使用微信手机号', path: ['phone'] })

export const ZTeam = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  name: z.string(),
  description: z.string(),
  memberCount: z.number().int(),
  joined: z.boolean(),
})
export const ZTeamList = z.object({ items: z.array(ZTeam) })
export const ZTeamQuery = z.object({ communityId: ZPositiveId.optional() })

/* ----------------------------------------------------------------- activities */

export const ZActivitySummary = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  communityName: z.string(),
  title: z.string(),
  teamName: z.string().nullable(),
  projectName: z.string().nullable(),
  place: z.string(),
  startsAt: ZInstant,
  endsAt: ZInstant,
  skills: z.array(ZSkill),
  capacity: z.number().int(),
  signedUp: z.number().int(),
  waitlisted: z.number().int(),
  /** Service hours credited when attended the whole time. */
  hours: z.number(),
  /** Points for the whole time (the community's 志愿服务 rule × hours). */
  points: z.number().int(),
  cancelled: z.boolean(),
  /** Not begun, under way, ended or cancelled, at the server's now: places are offered only while upcoming. */
  phase: ZEventPhase,
  mySignup: z.object({ id: z.number().int(), status: ZSignupStatus, waitlistPosition: z.number().int().nullable() }).nullable(),
  /** Its photo, or a default picture after its first skill. */
  ...ZPictureFields,
})

export const ZActivityListQuery = ZPageQuery.extend({
  /** community: the caller's (or the one asked for); district: every community. */
  scope: z.enum(['community', 'district']).default('community'),
  communityId: ZPositiveId.optional(),
  /** Activities starting on or after this day (default today); those that have already ended are left out. */
  from: ZDay.optional(),
  skill: ZSkill.optional(),
  teamId: ZPositiveId.optional(),
  hasPlaces: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
})
export const ZActivityPage = ZPage(ZActivitySummary)

export const ZActivity = ZActivitySummary.extend({
  teamId: z.number().int().nullable(),
  projectId: z.number().int().nullable(),
  stationId: z.number().int().nullable(),
  cancelDeadlineHours: z.number().int(),
  /** Why the organiser cancelled it, when cancelled. */
  cancelReason: z.string().nullable(),
  /** Activities published together as a weekly series share this id. */
  seriesId: z.number().int().nullable(),
  description: z.string(),
  stationName: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  /** Check-in must happen within this many metres of the place, when set. */
  geofenceMeters: z.number().int().nullable(),
  organiserName: z.string().nullable(),
  organiserPhone: z.string().nullable(),
  /** Cancelling a sign-up is possible until then. */
  cancelDeadline: ZInstant,
  mySignup: z
    .object({
      id: z.number().int(),
      status: ZSignupStatus,
      waitlistPosition: z.number().int().nullable(),
      checkedInAt: ZInstant.nullable(),
      checkedOutAt: ZInstant.nullable(),
      confirmedHours: z.number().nullable(),
    })
    .nullable(),
  actions: z.array(ZActivityAction),
})

/** The text of the organiser's rotating QR code, read by `Taro.scanCode`, and where the volunteer is. */
export const ZScanRequest = z.object({
  code: ZText().trim().min(1, '请扫描组织者出示的签到码').max(300),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
})
export const ZScanResult = z.object({
  action: z.enum(['checked_in', 'checked_out']),
  activity: ZActivity,
})

/* ----------------------------------------------------------------- my service */

export const ZServiceRecord = z.object({
  signupId: z.number().int(),
  activityId: z.number().int(),
  activityTitle: z.string(),
  organiser: z.string(),
  date: z.string(),
  checkedInAt: ZInstant.nullable(),
  checkedOutAt: ZInstant.nullable(),
  hours: z.number(),
  confirmedBy: z.string(),
  confirmedAt: ZInstant,
  points: z.number().int(),
})

export const ZMySignup = z.object({
  signupId: z.number().int(),
  status: ZSignupStatus,
  waitlistPosition: z.number().int().nullable(),
  activity: ZActivitySummary.omit({ mySignup: true }),
  checkedInAt: ZInstant.nullable(),
  checkedOutAt: ZInstant.nullable(),
  confirmedHours: z.number().nullable(),
})

export const ZVolunteerSummary = z.object({
  profile: ZVolunteerProfile,
  totalHours: z.number(),
  /** 0 (not yet 100 h) … 5 (1500 h and more). */
  stars: z.number().int(),
  nextStarHours: z.number().nullable(),
  activityCount: z.number().int(),
  upcoming: z.array(ZMySignup),
})

export const ZMySignupsQuery = z.object({ scope: z.enum(['upcoming', 'history']).default('upcoming') })
export const ZMySignupList = z.object({ items: z.array(ZMySignup) })
export const ZServiceRecordList = z.object({ items: z.array(ZServiceRecord), totalHours: z.number() })

/* ----------------------------------------------------------------- certificates */

export const ZCertificate = z.object({
  id: z.number().int(),
  /** 证明编号, e.g. 爱辉志证〔2026〕第000012号 */
  number: z.string(),
  /** The code anyone may check at GET /api/certificates/:code. */
  verificationCode: z.string(),
  holderName: z.string(),
  issuer: z.string(),
  issuedAt: ZInstant,
  totalHours: z.number(),
  records: z.array(ZServiceRecord),
  pdfUrl: z.string(),
})
export const ZCertificateList = z.object({ items: z.array(ZCertificate.omit({ records: true })) })

/** What the public verification shows: enough to match the paper, nothing more (the name half masked). */
export const ZCertificateVerification = z.object({
  valid: z.literal(true),
  number: z.string(),
  holderName: z.string(),
  issuer: z.string(),
  issuedAt: ZInstant,
  totalHours: z.number(),
  recordCount: z.number().int(),
})
export const ZCertificateCodeParam = z.object({ code: ZText().trim().min(4).max(40) })

/* ----------------------------------------------------------------- organiser (staff) */

export const ZCreateTeamRequest = z.object({
  communityId: ZId,
  name: ZText().trim().min(2, '名称至少2个字').max(30),
  description: ZText().trim().max(300).default(''),
})
export const ZProject = z.object({ id: z.number().int(), communityId: z.number().int(), teamId: z.number().int().nullable(), name: z.string(), description: z.string() })
export const ZProjectList = z.object({ items: z.array(ZProject) })
export const ZCreateProjectRequest = z.object({
  communityId: ZId,
  teamId: ZId.nullable().default(null),
  name: ZText().trim().min(2, '名称至少2个字').max(40),
  description: ZText().trim().max(500).default(''),
})

/** What the organiser sets on an activity, without defaults: a PATCH changes only the fields it sends. */
export const ZActivityFields = z.object({
  title: ZText().trim().min(2, '标题至少2个字').max(40, '标题最多40个字'),
  description: ZText().trim().max(1000),
  teamId: ZId.nullable(),
  projectId: ZId.nullable(),
  stationId: ZId.nullable(),
  place: ZText().trim().min(2, '请填写地点').max(60),
  latitude: z.number().min(-90).max(90).nullable(),
  longitude: z.number().min(-180).max(180).nullable(),
  geofenceMeters: z.number().int().min(50, '范围至少50米').max(5000).nullable(),
  startsAt: ZInstantInput('开始时间格式不正确'),
  endsAt: ZInstantInput('结束时间格式不正确'),
  capacity: z.number().int().min(1, '名额至少1人').max(5000),
  skills: z.array(ZSkill).max(12),
  /** Hours before the start until which a volunteer may cancel. */
  cancelDeadlineHours: z.number().int().min(0).max(168),
  /** An upload of purpose activity_photo; null: a default picture after the first skill. */
  photoId: ZId.nullable(),
})
export const ZCreateActivityRequest = ZActivityFields.extend({
  description: ZActivityFields.shape.description.default(''),
  teamId: ZActivityFields.shape.teamId.default(null),
  projectId: ZActivityFields.shape.projectId.default(null),
  stationId: ZActivityFields.shape.stationId.default(null),
  latitude: ZActivityFields.shape.latitude.default(null),
  longitude: ZActivityFields.shape.longitude.default(null),
  geofenceMeters: ZActivityFields.shape.geofenceMeters.default(null),
  skills: ZActivityFields.shape.skills.default([]),
  cancelDeadlineHours: ZActivityFields.shape.cancelDeadlineHours.default(24),
  photoId: ZActivityFields.shape.photoId.default(null),
  communityId: ZId,
  /** 1 = one-off; up to 12 = the same time every week. */
  repeatWeeks: z.number().int().min(1).max(12).default(1),
})
export const ZCreatedActivities = z.object({ items: z.array(ZActivity) })
/** PATCH /api/staff/activities/:id: only the fields sent change. */
export const ZUpdateActivityRequest = patchOf(ZActivityFields)

export const ZStaffActivityQuery = z.object({
  communityId: ZPositiveId.optional(),
  from: ZDay.optional(),
})

export const ZRosterEntry = z.object({
  signupId: z.number().int(),
  userId: z.number().int(),
  name: z.string(),
  phone: z.string().nullable(),
  status: ZSignupStatus,
  waitlistPosition: z.number().int().nullable(),
  checkedInAt: ZInstant.nullable(),
  checkedOutAt: ZInstant.nullable(),
  /** Checked-in time inside the scheduled window, in hours (what confirming would credit). */
  computedHours: z.number().nullable(),
  confirmedHours: z.number().nullable(),
  confirmedAt: ZInstant.nullable(),
  /** What the organiser may do with this sign-up now (manual check-in/out, no-show, confirm hours). */
  actions: z.array(z.enum(ROSTER_ACTIONS)),
})
export const ZRoster = z.object({ activity: ZActivity, entries: z.array(ZRosterEntry) })

export const ZActivityQr = z.object({
  code: z.string(),
  /** The code stops working after this; the page fetches a new one before then. */
  expiresAt: ZInstant,
  refreshAfterSeconds: z.number().int(),
})

export const ZConfirmHoursRequest = z
  .object({
    /** Omitted: the computed hours. Otherwise the organiser's figure, with a reason. */
    hours: z.number().min(0).max(24).multipleOf(0.5, '时长以半小时为单位').optional(),
    reason: ZText().trim().max(200).optional(),
  })
  .refine((r) => r.hours === undefined || (r.reason && r.reason.length >= 2), { message: '调整时长须写明原因', path: ['reason'] })

export const ZBulkResult = z.object({ affected: z.number().int() })
/** 批量签到 / 批量签退: the organiser's single action applied to each chosen sign-up, each on its own. */
export const ZBatchAttendanceRequest = z.object({
  action: z.enum(['check_in', 'check_out']),
  signupIds: z.array(ZId).min(1, '请选择志愿者').max(200, '一次最多200人'),
})
export const ZBatchAttendanceResult = z.object({
  /** One per sign-up asked for, in the order asked: done now, already so (unchanged), or refused with why. */
  results: z.array(
    z.object({
      signupId: z.number().int(),
      outcome: z.enum(['done', 'unchanged', 'refused']),
      /** Why it was refused, to follow 「N人」: 还没签到，无法签退. */
      message: z.string().nullable(),
    }),
  ),
  roster: ZRoster,
})
export const ZCancelActivityRequest = z.object({ reason: ZText().trim().min(2, '请写明取消原因').max(200) })

export type VolunteerProfile = z.infer<typeof ZVolunteerProfile>
export type RegisterVolunteerRequest = z.input<typeof ZRegisterVolunteerRequest>
export type Team = z.infer<typeof ZTeam>
export type ActivitySummary = z.infer<typeof ZActivitySummary>
export type ActivityPage = z.infer<typeof ZActivityPage>
export type Activity = z.infer<typeof ZActivity>
export type ScanResult = z.infer<typeof ZScanResult>
export type ServiceRecord = z.infer<typeof ZServiceRecord>
export type MySignup = z.infer<typeof ZMySignup>
export type VolunteerSummary = z.infer<typeof ZVolunteerSummary>
export type Certificate = z.infer<typeof ZCertificate>
export type CertificateVerification = z.infer<typeof ZCertificateVerification>
export type Project = z.infer<typeof ZProject>
export type CreateActivityRequest = z.input<typeof ZCreateActivityRequest>
export type RosterEntry = z.infer<typeof ZRosterEntry>
export type Roster = z.infer<typeof ZRoster>
export type BatchAttendanceRequest = z.infer<typeof ZBatchAttendanceRequest>
export type BatchAttendanceResult = z.infer<typeof ZBatchAttendanceResult>
export type ActivityQr = z.infer<typeof ZActivityQr>
