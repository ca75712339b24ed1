import { randomInt } from 'node:crypto'
import type { Certificate, CertificateVerification, VolunteerSummary } from '../../../../types/api/volunteer'
import { chinaTime, toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import type { Queryable } from '../../db/client'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { findCommunityRef } from '../people/people.api'
import * as repo from './certificates.repository'
import { getProfile, requireProfile } from './profile.service'
import { listMySignups } from './signups.service'
import { certificateNumber, halfMaskName, hoursOf, starLevel, verificationCode } from './volunteer.domain'
import { toCertificate, toCertificateItem, toRecord } from './volunteer.mapper'

/* What a volunteer's service adds up to: the confirmed records, 我的志愿's totals, certificates and their public check. */

const CERTIFICATE_PREFIX = '爱辉志证'

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

/** A certificate with the records it covers (those confirmed when it was issued). */
async function withRecords(db: Queryable, c: repo.CertificateRow): Promise<Certificate> {
  return toCertificate(c, await repo.confirmedRecords(db, c.userId, c.signupIds))
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
  return withRecords(ctx.db, (await repo.findCertificate(ctx.db, id))!)
}

/** The caller's certificates, newest first: the list shows no records, so none are read. */
export async function listCertificates(ctx: AppContext, principal: Principal) {
  const rows = await repo.certificatesOfUser(ctx.db, principal.userId)
  return { items: rows.map(toCertificateItem) }
}

/** A certificate, to its holder and the staff of its community. */
export async function getCertificate(ctx: AppContext, principal: Principal, id: number): Promise<Certificate> {
  const c = await repo.findCertificate(ctx.db, id)
  if (!c || (c.userId !== principal.userId && !principal.isStaffOf(c.communityId))) throw new AppError('NOT_FOUND')
  return withRecords(ctx.db, c)
}

/** Public: whether a verification code belongs to a certificate, and what it says (the name half masked). */
export async function verifyCertificate(ctx: AppContext, code: string): Promise<CertificateVerification> {
  const c = await repo.findCertificateByCode(ctx.db, code.trim().toUpperCase())
  if (!c) throw new AppError('CERTIFICATE_NOT_FOUND')
  return { valid: true, number: c.number, holderName: halfMaskName(c.holderName), issuer: c.issuer, issuedAt: toApiInstant(c.issuedAt), totalHours: hoursOf(c.totalMinutes), recordCount: c.signupIds.length }
}
