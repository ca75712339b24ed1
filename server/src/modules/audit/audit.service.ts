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
  | 'wish.approve'
  | 'wish.reject'
  | 'wish.recategorise'
  | 'wish.confirm_for_wisher'
  | 'wish.post_for_resident'
  | 'booking.approve'
  | 'booking.reject'
  | 'booking.check_in'
  | 'booking.cancel'
  | 'station.create'
  | 'station.update'
  | 'station.hours'
  | 'station.closure_add'
  | 'station.closure_remove'
  | 'station.rules'
  | 'room.create'
  | 'room.update'
  | 'tool.create'
  | 'tool.update'
  | 'activity.publish'
  | 'activity.update'
  | 'activity.cancel'
  | 'activity.team_change'
  | 'attendance.confirm'
  | 'attendance.no_show'
  | 'points.award'
  | 'points.deduct'
  | 'shop.item_create'
  | 'shop.item_update'
  | 'shop.stock_change'
  | 'redemption.hand_out'
  | 'redemption.cancel'
  | 'export.masked'
  | 'export.full'

/** What an audit row is about; its id goes into subject_id. */
export type AuditSubjectType =
  | 'residency_application'
  | 'household'
  | 'user'
  | 'staff_invite'
  | 'community'
  | 'subdistrict'
  | 'grid'
  | 'building'
  | 'party_report'
  | 'unit'
  | 'wish'
  | 'booking'
  | 'station'
  | 'room'
  | 'tool'
  | 'activity'
  | 'team'
  | 'signup'
  | 'ledger_entry'
  | 'adjustment'
  | 'shop_item'
  | 'redemption'
  | 'export'

export type AuditEntry = {
  actorUserId: number
  action: AuditAction
  communityId: number | null
  subjectType: AuditSubjectType
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
