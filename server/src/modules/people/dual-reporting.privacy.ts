import { toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import type { Tx } from '../../db/client'
import * as repo from './reporting.repository'
import { leaveIn } from './units.service'

/* PIPL for 双报到: what the account's data export lists, and what 注销 erases. */

const instant = (d: Date | null) => (d ? toApiInstant(d) : null)

export async function dualReportingForExport(ctx: AppContext, userId: number): Promise<{ partyReports: Record<string, unknown>[]; units: Record<string, unknown>[] }> {
  const [reports, membership, registrations] = await Promise.all([repo.partyReportsOf(ctx.db, userId), repo.membershipOf(ctx.db, userId), repo.registrationsOf(ctx.db, userId)])
  const memberOf = membership ? await repo.findUnit(ctx.db, membership.unitId) : null
  return {
    partyReports: reports.map((r) => ({
      id: r.id,
      community: r.communityName,
      workplace: r.workplace,
      partyOrganisation: r.partyOrganisation,
      cardPhotoId: r.cardUploadId,
      status: r.status,
      reason: r.reason,
      createdAt: toApiInstant(r.createdAt),
      decidedAt: instant(r.decidedAt),
    })),
    units: [
      ...(memberOf && membership ? [{ unit: memberOf.name, community: memberOf.communityName, role: membership.role, joinedAt: toApiInstant(membership.joinedAt) }] : []),
      ...registrations.map((u) => ({
        registeredUnit: u.name,
        community: u.communityName,
        creditCode: u.creditCode,
        contactName: u.contactName,
        contactPhone: ctx.personalData.openPhone(u.contactPhoneCipher),
        status: u.status,
        rejectReason: u.rejectReason,
        createdAt: toApiInstant(u.createdAt),
        decidedAt: instant(u.decidedAt),
      })),
    ],
  }
}

/**
 * 注销: the account's reports lose what they said of the person (a pending one is withdrawn), the account leaves its
 * unit (another member becomes admin if it was the last), and a registration still pending is withdrawn with its
 * contact erased. Approved units keep their contact: it is the unit's, not the account's.
 */
export async function eraseDualReporting(tx: Tx, userId: number, now: Date): Promise<void> {
  await repo.erasePartyReportsOf(tx, userId, now)
  const membership = await repo.membershipOf(tx, userId)
  if (membership) await leaveIn(tx, membership.unitId, userId)
  await repo.withdrawPendingRegistrationsOf(tx, userId, now)
}
