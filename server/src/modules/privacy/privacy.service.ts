import { OPEN_COMMITMENT_LABELS, OPEN_COMMITMENTS, type PersonalDataPurpose } from '../../../../types/api/labels'
import type { AccountDeletionCheck, OpenCommitment, PersonalDataAccessEntry, PersonalDataAccessPage, PersonalDataExport } from '../../../../types/api/privacy'
import { DELETION_CONFIRMATION } from '../../../../types/api/labels'
import { toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import { idKey, instantKey, keysetCursor, pageOf } from '../../http/keyset-cursor'
import type { Principal } from '../../http/principal'
import { lockAccount, personWithAddress } from '../people/people.api'
import { dualReportingForExport, eraseDualReporting } from '../people/dual-reporting.privacy'
import { eraseResidencyApplications, residencyApplicationsForExport } from '../people/residency.service'
import { erasePicturesOf, fileUrl } from '../uploads/uploads.service'
import { endSessionsOfDeletedAccount } from '../auth/sessions.service'
import * as repo from './privacy.repository'

/*
 * 个人信息 (PIPL arts. 45 and 47): a person exports everything held about them and deletes their account. Deletion
 * erases or anonymises what identifies them but keeps the rows the ledgers point at, so household balances and
 * the community's history stay whole. The admin reads the log of staff access to personal data.
 */

const instant = (d: Date | null) => (d ? toApiInstant(d) : null)

/** The audit rows as the API shows them; purposes outside the list (older rows) are left out rather than break it. */
function toAccessEntries(rows: Awaited<ReturnType<typeof repo.listAccess>>): PersonalDataAccessEntry[] {
  return rows.map((r) => ({ id: r.id, actorName: r.actorName, subjectName: r.subjectName, purpose: r.purpose as PersonalDataPurpose, route: r.route, at: toApiInstant(r.createdAt) }))
}

/* ----------------------------------------------------------------- export */

export async function exportPersonalData(ctx: AppContext, principal: Principal): Promise<PersonalDataExport> {
  const found = await repo.findAccount(ctx.db, principal.userId)
  if (!found) throw new AppError('UNAUTHENTICATED')
  const { user, roles } = found
  const personId = user.personId
  const db = ctx.db
  const none = async () => [] as never[]
  const [person, volunteer, wishes, claims, bookings, signups, certificates, ledger, redemptions, reminders, uploads, residency, dualReporting, access] = await Promise.all([
    personId !== null ? personWithAddress(db, personId) : null,
    repo.findVolunteerProfile(db, user.id),
    personId !== null ? repo.wishesOf(db, personId) : none(),
    repo.claimsOf(db, user.id),
    repo.bookingsOf(db, user.id),
    repo.signupsOf(db, user.id),
    repo.certificatesOf(db, user.id),
    personId !== null ? repo.ledgerOf(db, personId) : none(),
    personId !== null ? repo.redemptionsOf(db, personId) : none(),
    repo.notificationsOf(db, user.id),
    repo.uploadsOf(db, user.id),
    residencyApplicationsForExport(ctx, user.id),
    dualReportingForExport(ctx, user.id),
    // Every sighting, however many: the person is owed the whole list.
    personId !== null ? repo.listAccess(db, { subjectPersonId: personId }, null, 100_000) : none(),
  ])
  return {
    format: 'doorstep-personal-data/1',
    exportedAt: toApiInstant(ctx.now()),
    account: {
      id: user.id,
      displayName: user.displayName,
      roles,
      createdAt: toApiInstant(user.createdAt),
      lastLoginAt: instant(user.lastLoginAt),
      wechatLinked: user.openid !== null,
    },
    person: person
      ? {
          id: person.person.id,
          name: person.person.name,
          phone: ctx.personalData.openPhone(person.person.phoneCipher),
          birthYear: person.person.birthYear,
          community: person.communityName,
          address: person.address?.text ?? null,
        }
      : null,
    volunteer: volunteer
      ? {
          realName: volunteer.realName,
          phone: ctx.personalData.openPhone(volunteer.phoneCipher),
          skills: volunteer.skills,
          availability: volunteer.availability,
          consentVersion: volunteer.consentVersion,
          consentedAt: toApiInstant(volunteer.consentedAt),
        }
      : null,
    sections: {
      wishes: wishes.map((w) => ({
        id: w.id,
        category: w.category,
        title: w.title,
        description: w.description,
        valueYuan: w.valueYuan,
        contactPreference: w.contactPreference,
        neededBy: w.neededBy,
        status: w.status,
        postedOnBehalf: w.postedOnBehalf,
        rejectReason: w.rejectReason,
        createdAt: toApiInstant(w.createdAt),
        fulfilledAt: instant(w.fulfilledAt),
        confirmedAt: instant(w.confirmedAt),
      })),
      claims: claims.map(({ claim: c, wishTitle }) => ({
        id: c.id,
        wishId: c.wishId,
        wishTitle,
        status: c.status,
        claimedAt: toApiInstant(c.claimedAt),
        deadline: toApiInstant(c.deadline),
        fulfilledAt: instant(c.fulfilledAt),
        fulfilNote: c.fulfilNote,
        giveUpReason: c.giveUpReason,
        thanks: c.thanks,
        rating: c.rating,
      })),
      bookings: bookings.map(({ booking: b, roomName, stationName }) => ({
        id: b.id,
        station: stationName,
        room: roomName,
        startsAt: toApiInstant(b.startsAt),
        endsAt: toApiInstant(b.endsAt),
        purpose: b.purpose,
        attendees: b.attendees,
        isPublic: b.isPublic,
        status: b.status,
        rejectReason: b.rejectReason,
        cancelReason: b.cancelReason,
        checkedInAt: instant(b.checkedInAt),
        noShowAt: instant(b.noShowAt),
        createdAt: toApiInstant(b.createdAt),
      })),
      signups: signups.map(({ signup: s, activityTitle, place }) => ({
        id: s.id,
        activityId: s.activityId,
        activity: activityTitle,
        place,
        status: s.status,
        startsAt: toApiInstant(s.startsAt),
        endsAt: toApiInstant(s.endsAt),
        checkedInAt: instant(s.checkedInAt),
        checkedOutAt: instant(s.checkedOutAt),
        confirmedHours: s.confirmedMinutes === null ? null : s.confirmedMinutes / 60,
        confirmedAt: instant(s.confirmedAt),
        pointsAwarded: s.pointsAwarded,
        createdAt: toApiInstant(s.createdAt),
      })),
      certificates: certificates.map((c) => ({
        number: c.number,
        verificationCode: c.verificationCode,
        holderName: c.holderName,
        issuer: c.issuer,
        totalHours: c.totalMinutes / 60,
        recordCount: c.signupIds.length,
        issuedAt: toApiInstant(c.issuedAt),
      })),
      pointsLedger: ledger.map((l) => ({
        id: l.id,
        householdId: l.householdId,
        amount: l.amount,
        reason: l.reason,
        rule: l.rule,
        title: l.title,
        householdBalanceAfter: l.householdBalanceAfter,
        createdAt: toApiInstant(l.createdAt),
      })),
      redemptions: redemptions.map(({ redemption: r, itemName }) => ({
        id: r.id,
        item: itemName,
        points: r.points,
        status: r.status,
        pickupCode: r.pickupCode,
        month: r.month,
        expiresAt: toApiInstant(r.expiresAt),
        pickedUpAt: instant(r.pickedUpAt),
        createdAt: toApiInstant(r.createdAt),
      })),
      reminders: reminders.map((n) => ({ id: n.id, event: n.event, status: n.status, createdAt: toApiInstant(n.createdAt), sentAt: instant(n.sentAt) })),
      uploads: uploads.map((u) => ({
        id: u.id,
        purpose: u.purpose,
        url: fileUrl(u.storageKey),
        mimeType: u.mimeType,
        byteSize: u.byteSize,
        moderation: u.moderation,
        createdAt: toApiInstant(u.createdAt),
      })),
      residencyApplications: residency,
      partyReports: dualReporting.partyReports,
      units: dualReporting.units,
    },
    staffAccess: toAccessEntries(access),
  }
}

/* ----------------------------------------------------------------- deletion */

function openCommitments(counts: Record<OpenCommitment['kind'], number>): OpenCommitment[] {
  return OPEN_COMMITMENTS.filter((kind) => counts[kind] > 0).map((kind) => ({ kind, label: OPEN_COMMITMENT_LABELS[kind], count: counts[kind] }))
}

export async function checkAccountDeletion(ctx: AppContext, principal: Principal): Promise<AccountDeletionCheck> {
  return { openCommitments: openCommitments(await repo.countOpenCommitments(ctx.db, principal.userId, principal.personId, ctx.now())) }
}

/**
 * 注销: refused while anything is still open (409 with the list in `details`); otherwise, in one transaction on the
 * locked account row, the account and its person are anonymised (see repo.anonymiseAccount) and their pictures
 * deleted, rows and files (uploads.service erasePicturesOf), so their addresses answer 404. The session stops
 * working at once (loadPrincipal refuses a deleted account); a later WeChat login starts a new account.
 */
export async function deleteAccount(ctx: AppContext, principal: Principal, confirmation: string): Promise<void> {
  if (confirmation.trim() !== DELETION_CONFIRMATION) throw new AppError('DELETION_NOT_CONFIRMED')
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const user = await lockAccount(tx, principal.userId)
    // Deleted by a request that got the lock first: the same outcome.
    if (!user || user.deletedAt) return
    // Counted under the lock, so a claim (which locks the account row too) cannot slip in between.
    const open = openCommitments(await repo.countOpenCommitments(tx, user.id, user.personId, now))
    if (open.length) {
      throw new AppError('ACCOUNT_HAS_OPEN_COMMITMENTS', {
        details: open.map((c) => ({ path: `openCommitments.${c.kind}`, message: `${c.label} ${c.count} 项` })),
      })
    }
    await repo.anonymiseAccount(tx, { userId: user.id, personId: user.personId }, now)
    await eraseResidencyApplications(tx, user.id, repo.ANONYMISED_NAME, now)
    await eraseDualReporting(tx, user.id, now)
    // Every session of the account ends with it, refresh tokens included.
    await endSessionsOfDeletedAccount(tx, user.id, now)
    // Last: the files go only once everything else held.
    await erasePicturesOf(tx, ctx.storage, user.id, user.personId)
  })
}

/* ----------------------------------------------------------------- the access log (admin) */

/** The log pages by (time, id); rows are written from 2020 on, by the server's clock: a cursor outside is tampered with. */
const ACCESS_CURSOR = keysetCursor(instantKey({ earliest: Date.UTC(2020, 0, 1), latest: Date.UTC(2100, 0, 1) - 1 }), idKey)

export async function listPersonalDataAccess(ctx: AppContext, query: { personId?: number; cursor?: string; limit: number }): Promise<PersonalDataAccessPage> {
  const after = ACCESS_CURSOR.decode(query.cursor)
  const fetched = await repo.listAccess(ctx.db, { subjectPersonId: query.personId }, after && { startsAt: after[0], id: after[1] }, query.limit + 1)
  const { rows, nextCursor } = pageOf(fetched, query.limit, (r) => ACCESS_CURSOR.encode(r.createdAt, r.id))
  return { items: toAccessEntries(rows), nextCursor }
}
