import type { Queryable } from '../../db/client'
import * as repo from './audit.repository'

/** What the audit trail records: every grant, revocation, approval and removal made by staff or an admin. */
export type AuditAction =
  | 'residency.approve'
  | 'residency.reject'
  | 'household.join'
  | 'household.leave'
  | 'household.remove_member'
  | 'staff.invite'
  | 'staff.grant'
  | 'staff.revoke'
  | 'ledger.import'
  | 'org.change'
  | 'party.approve'
  | 'party.reject'
  | 'party.revoke'
  | 'unit.approve'
  | 'unit.reject'
  | 'unit.join'
  | 'unit.remove_member'

export type AuditEntry = {
  actorUserId: number
  action: AuditAction
  communityId: number | null
  subjectType: 'residency_application' | 'household' | 'user' | 'staff_invite' | 'community' | 'subdistrict' | 'grid' | 'building' | 'party_report' | 'unit'
  subjectId: number
  detail?: Record<string, unknown>
  at: Date
}

/**
 * Writes one row of the audit trail, in the transaction of the change it records (so it exists exactly when the
 * change does). The table refuses UPDATE, DELETE and TRUNCATE.
 */
export async function recordAudit(tx: Queryable, e: AuditEntry): Promise<void> {
  await repo.insertAuditRow(tx, {
    actorUserId: e.actorUserId,
    action: e.action,
    communityId: e.communityId,
    subjectType: e.subjectType,
    subjectId: String(e.subjectId),
    detail: e.detail ?? {},
    createdAt: e.at,
  })
}
