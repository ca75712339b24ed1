import type { z } from 'zod'
import type { AuditActors, AuditPage, ZAuditQuery } from '../../../../types/api/reports'
import { addDays, chinaDayStart } from '../../../../types/time'
import type { AppContext } from '../../context'
import type { Queryable } from '../../db/client'
import { AppError } from '../../http/app-error'
import { type CursorKey, idKey, instantKey, keysetCursor, pageOf } from '../../http/keyset-cursor'
import type { Principal } from '../../http/principal'
import { changeToEntry, familiesOfKind, readToEntry } from './audit.mapper'
import * as repo from './audit.repository'
import type { TrailSource } from './audit.repository'

/**
 * What the audit trail records: every change a staff member or an admin makes — grants, revocations, approvals,
 * removals, the keeping of stations, activities, points and the shop, and exports of the 台账.
 */
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
  | 'calendar.set_day'
  | 'calendar.remove_day'
  | 'party.approve'
  | 'party.reject'
  | 'party.revoke'
  | 'unit.approve'
  | 'unit.reject'
  | 'unit.join'
  | 'unit.remove_member'
  | 'wish.approve'
  | 'wish.reject'
  | 'wish.confirm_for_wisher'
  | 'wish.post_for_resident'
  | 'wish.settings'
  | 'booking.approve'
  | 'booking.reject'
  | 'booking.check_in'
  | 'booking.cancel'
  | 'station.create'
  | 'station.update'
  | 'station.room_create'
  | 'station.room_update'
  | 'station.closure_add'
  | 'station.closure_remove'
  | 'activity.publish'
  | 'activity.update'
  | 'activity.cancel'
  | 'activity.team_create'
  | 'activity.project_create'
  | 'attendance.check_in'
  | 'attendance.check_out'
  | 'attendance.confirm'
  | 'attendance.no_show'
  | 'points.award'
  | 'points.deduct'
  | 'points.request'
  | 'points.approve'
  | 'points.reject'
  | 'points.rule_award'
  | 'points.settings'
  | 'shop.item_create'
  | 'shop.item_update'
  | 'shop.stock_change'
  | 'redemption.hand_out'
  | 'export.masked'
  | 'export.full'

/** What an audit row is about; its id (a calendar day's date) goes into subject_id. */
export type AuditSubjectType =
  | 'residency_application'
  | 'household'
  | 'user'
  | 'staff_invite'
  | 'community'
  | 'subdistrict'
  | 'calendar_day'
  | 'grid'
  | 'building'
  | 'party_report'
  | 'unit'
  | 'wish'
  | 'booking'
  | 'station'
  | 'room'
  | 'activity'
  | 'team'
  | 'project'
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
  subjectId: number | string
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

/* ----------------------------------------------------------------- browsing the trail */

/** The trail pages by (time, source, id): rows are written from 2020 on, by the server's clock. */
const sourceKey: CursorKey<TrailSource> = { write: (s) => s, read: (text) => (text === 'a' || text === 'p' ? text : undefined) }
const TRAIL_CURSOR = keysetCursor(instantKey({ earliest: Date.UTC(2020, 0, 1), latest: Date.UTC(2100, 0, 1) - 1 }), sourceKey, idKey)

/**
 * Whose trail a request reads: staff their community's (the one asked for, else their first); an admin one
 * community, or the whole district (null) without one.
 */
function trailScope(principal: Principal, requested: number | undefined): number | null {
  if (principal.isAdmin && requested === undefined) return null
  return principal.staffScope(requested)
}

/**
 * The audit page: changes (audit_log) and reads of personal data (personal_data_access) merged, newest first.
 * Each source gives at most a page and one more past the cursor; the merge keeps the first page and one.
 */
export async function listAudit(ctx: AppContext, principal: Principal, query: z.output<typeof ZAuditQuery>): Promise<AuditPage> {
  const communityId = trailScope(principal, query.communityId)
  const cursor = TRAIL_CURSOR.decode(query.cursor)
  const after = cursor && { at: cursor[0], source: cursor[1], id: cursor[2] }
  if (query.from && query.to && query.from > query.to) throw AppError.field('querystring.to', '开始日期不能晚于结束日期')
  const filter = {
    communityId,
    actorUserId: query.actorUserId,
    from: query.from ? chinaDayStart(query.from).toDate() : undefined,
    to: query.to ? chinaDayStart(addDays(query.to, 1)).toDate() : undefined,
  }
  const wantsChanges = query.kind !== 'personal_data'
  const wantsReads = query.kind === undefined || query.kind === 'personal_data'
  const [changes, reads] = await Promise.all([
    wantsChanges ? repo.listChanges(ctx.db, filter, query.kind ? familiesOfKind(query.kind) : null, after, query.limit + 1) : [],
    wantsReads ? repo.listReads(ctx.db, filter, after, query.limit + 1) : [],
  ])
  const merged = [
    ...changes.map((r) => ({ source: 'a' as const, at: r.createdAt, id: r.id, entry: () => changeToEntry(r) })),
    ...reads.map((r) => ({ source: 'p' as const, at: r.createdAt, id: r.id, entry: () => readToEntry(r) })),
  ].sort((x, y) => y.at.getTime() - x.at.getTime() || (x.source === y.source ? y.id - x.id : x.source === 'p' ? -1 : 1))
  const { rows, nextCursor } = pageOf(merged.slice(0, query.limit + 1), query.limit, (last) => TRAIL_CURSOR.encode(last.at, last.source, last.id))
  return { items: rows.map((r) => r.entry()), nextCursor }
}

/** The people who appear in the trail the caller may read, for the page's person filter. */
export async function listAuditActors(ctx: AppContext, principal: Principal, requested: number | undefined): Promise<AuditActors> {
  const rows = await repo.listActors(ctx.db, trailScope(principal, requested))
  return { items: rows.map((r) => ({ userId: r.userId, name: r.name ?? `用户${r.userId}` })) }
}
