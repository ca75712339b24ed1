import { z } from 'zod'
import { ZInstant, ZPositiveId, ZText, ZPage, ZPageQuery } from './common'
import { OPEN_COMMITMENTS, PERSONAL_DATA_PURPOSES, REMINDER_EVENTS } from './labels'

/*
 * 个人信息 (PIPL): a person exports what the service holds about them and deletes their account; staff sightings of
 * personal data are logged; the mini-program learns the 订阅消息 template ids it may ask the user to accept.
 */

/** One row of the staff-access log, as the person and the admin see it. */
export const ZPersonalDataAccessEntry = z.object({
  id: z.number().int(),
  /** The staff member who looked. */
  actorName: z.string(),
  /** Whose data: full for the admin, the person themself in their export. */
  subjectName: z.string(),
  purpose: z.enum(PERSONAL_DATA_PURPOSES),
  route: z.string(),
  at: ZInstant,
})

export const ZPersonalDataAccessQuery = ZPageQuery.extend({
  /** Only sightings of this person's data. */
  personId: ZPositiveId.optional(),
  /** The admin reads the log in longer pages. */
  limit: z.coerce.number().int().min(1).max(100).default(30),
})

export const ZPersonalDataAccessPage = ZPage(ZPersonalDataAccessEntry)

/**
 * Everything the service holds about the signed-in person, in clear (their own phone included), as one JSON
 * document (PIPL art. 45). Each section is a list of plain records with the fields of the tables they come from.
 */
export const ZPersonalDataExport = z.object({
  format: z.literal('doorstep-personal-data/1'),
  exportedAt: ZInstant,
  account: z.object({
    id: z.number().int(),
    displayName: z.string(),
    roles: z.array(z.string()),
    createdAt: ZInstant,
    lastLoginAt: ZInstant.nullable(),
    /** Whether a WeChat identity is linked (the openid itself is WeChat's, and is not shown). */
    wechatLinked: z.boolean(),
  }),
  person: z
    .object({ id: z.number().int(), name: z.string(), phone: z.string().nullable(), birthYear: z.number().int().nullable(), community: z.string(), address: z.string().nullable() })
    .nullable(),
  volunteer: z
    .object({ realName: z.string(), phone: z.string().nullable(), skills: z.array(z.string()), availability: z.array(z.string()), consentVersion: z.string(), consentedAt: ZInstant })
    .nullable(),
  sections: z.object({
    wishes: z.array(z.record(z.string(), z.unknown())),
    claims: z.array(z.record(z.string(), z.unknown())),
    bookings: z.array(z.record(z.string(), z.unknown())),
    signups: z.array(z.record(z.string(), z.unknown())),
    certificates: z.array(z.record(z.string(), z.unknown())),
    pointsLedger: z.array(z.record(z.string(), z.unknown())),
    redemptions: z.array(z.record(z.string(), z.unknown())),
    reminders: z.array(z.record(z.string(), z.unknown())),
    uploads: z.array(z.record(z.string(), z.unknown())),
    /** 住户认证 applications, with the name and number given. */
    residencyApplications: z.array(z.record(z.string(), z.unknown())),
    /** 双报到: party member reports, the 驻区单位 the account belongs to and the registrations it made. */
    partyReports: z.array(z.record(z.string(), z.unknown())),
    units: z.array(z.record(z.string(), z.unknown())),
  }),
  /** When staff saw this person's data in clear, and why. */
  staffAccess: z.array(ZPersonalDataAccessEntry),
})

export const ZOpenCommitment = z.object({ kind: z.enum(OPEN_COMMITMENTS), label: z.string(), count: z.number().int() })

/**
 * What stands between the user and deleting the account (empty: it can be deleted now). DELETE /api/me answers
 * 409 ACCOUNT_HAS_OPEN_COMMITMENTS with the same list in the error's `details`, one entry per kind:
 * `{ path: 'openCommitments.<kind>', message: '<label> <count> 项' }`.
 */
export const ZAccountDeletionCheck = z.object({ openCommitments: z.array(ZOpenCommitment) })

export const ZDeleteAccountRequest = z.object({
  /**
   * The user types 确认注销: a deletion is never one stray tap. Anything else (or nothing) is answered
   * 400 DELETION_NOT_CONFIRMED by the server, which compares it.
   */
  confirmation: ZText().max(50).default(''),
})

/** The 订阅消息 templates configured on the server, by reminder; a reminder without a template is not offered. */
export const ZReminderTemplates = z.object({ templates: z.partialRecord(z.enum(REMINDER_EVENTS), z.string()) })

/** For the admin: how the outbox is doing. */
export const ZReminderOutboxSummary = z.object({
  counts: z.array(z.object({ event: z.enum(REMINDER_EVENTS), status: z.enum(['pending', 'sending', 'sent', 'refused', 'failed', 'skipped']), count: z.number().int() })),
  recentFailures: z.array(z.object({ id: z.number().int(), event: z.enum(REMINDER_EVENTS), status: z.string(), attempts: z.number().int(), lastError: z.string().nullable(), createdAt: ZInstant })),
})

export type PersonalDataAccessEntry = z.infer<typeof ZPersonalDataAccessEntry>
export type PersonalDataAccessPage = z.infer<typeof ZPersonalDataAccessPage>
export type PersonalDataExport = z.infer<typeof ZPersonalDataExport>
export type OpenCommitment = z.infer<typeof ZOpenCommitment>
export type AccountDeletionCheck = z.infer<typeof ZAccountDeletionCheck>
export type DeleteAccountRequest = z.infer<typeof ZDeleteAccountRequest>
export type ReminderTemplates = z.infer<typeof ZReminderTemplates>
export type ReminderOutboxSummary = z.infer<typeof ZReminderOutboxSummary>
