import type { z } from 'zod'
import type { MyPartyReport, PartyReport, PartyReportQueue, StaffPartyReport, ZPartyReportRequest } from '../../../../types/api/dual-reporting'
import type { PartyReportStatus } from '../../../../types/api/labels'
import { toApiInstant } from '../../../../types/time'
import type { AppContext, RequestContext } from '../../context'
import type { Tx } from '../../db/client'
import { AppError } from '../../http/app-error'
import { idKey, keysetCursor, pageOf } from '../../http/keyset-cursor'
import type { Principal } from '../../http/principal'
import { recordPersonalDataAccess } from '../privacy/access-log'
import { recordAudit } from '../audit/audit.service'
import { remindPartyReportResult } from '../reminders/reminders.service'
import { checkUploads, findUploads } from '../uploads/uploads.service'
import { partyReportActions, serviceTotals } from './people.domain'
import * as people from './people.repository'
import { householdAddress } from './people.shared'
import * as repo from './reporting.repository'

/*
 * 在职党员报到: a party member who lives in the community reports to it (工作单位, 所在党组织, optionally a photo of
 * the 党员证); staff of the community confirm, and the account holds the 党员 role from then on, until staff end it.
 */

/** The staff queue pages by the last row's id. */
const QUEUE = keysetCursor(idKey)

function toReport(principal: Principal, r: repo.PartyReportRow, name: string): PartyReport {
  return {
    id: r.id,
    communityId: r.communityId,
    communityName: r.communityName,
    name,
    workplace: r.workplace,
    partyOrganisation: r.partyOrganisation,
    hasCard: r.cardUploadId !== null,
    status: r.status,
    reason: r.reason,
    createdAt: toApiInstant(r.createdAt),
    decidedAt: r.decidedAt ? toApiInstant(r.decidedAt) : null,
    actions: partyReportActions(r.status, { isMember: r.userId === principal.userId, isStaff: principal.isStaffOf(r.communityId) }),
  }
}

/** Reporting needs a verified resident: the community where the member lives is the one they report to. */
export async function reportAsPartyMember(ctx: AppContext, principal: Principal, input: z.output<typeof ZPartyReportRequest>): Promise<MyPartyReport> {
  if (principal.personId === null || principal.householdId === null) throw new AppError('HOUSEHOLD_REQUIRED', { message: '请先完成住户认证，再向居住地社区报到' })
  if (input.cardPhotoId !== undefined) await checkUploads(ctx.db, [input.cardPhotoId], 'party_card', principal.userId)
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    await people.lockUser(tx, principal.userId)
    await repo.insertPartyReport(tx, {
      userId: principal.userId,
      personId: principal.personId!,
      communityId: principal.communityId!,
      workplace: input.workplace,
      partyOrganisation: input.partyOrganisation,
      cardUploadId: input.cardPhotoId ?? null,
      createdAt: now,
    })
  })
  return getMyPartyReport(ctx, principal)
}

export async function getMyPartyReport(ctx: AppContext, principal: Principal): Promise<MyPartyReport> {
  const [row, name] = await Promise.all([repo.latestPartyReportOf(ctx.db, principal.userId), people.displayNameOf(ctx.db, principal.userId)])
  // Read from the database, not the principal: a report approved a moment ago counts at once.
  const isPartyMember = (await people.rolesOf(ctx.db, principal.userId)).includes('party_member')
  const totals = isPartyMember ? serviceTotals((await repo.totalsOfUsers(ctx.db, [principal.userId])).get(principal.userId)!) : null
  return { report: row ? toReport(principal, row, name) : null, isPartyMember, totals }
}

export async function withdrawPartyReport(ctx: AppContext, principal: Principal, id: number): Promise<MyPartyReport> {
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const r = await repo.lockPartyReport(tx, id)
    if (!r || r.userId !== principal.userId) throw new AppError('NOT_FOUND')
    if (!(await repo.settlePartyReport(tx, id, ['pending'], { status: 'withdrawn', decidedAt: now }))) throw new AppError('REPORT_STATE_CONFLICT')
  })
  return getMyPartyReport(ctx, principal)
}

/* ----------------------------------------------------------------- staff */

export async function listPartyReports(
  ctx: RequestContext,
  principal: Principal,
  q: { communityId: number; status: PartyReportStatus; cursor?: string; limit: number },
): Promise<PartyReportQueue> {
  principal.assertStaffOf(q.communityId)
  const afterId = QUEUE.decode(q.cursor)?.[0] ?? null
  const { rows, nextCursor } = pageOf(await repo.listPartyReports(ctx.db, { communityId: q.communityId, status: q.status, afterId, limit: q.limit }), q.limit, (r) => QUEUE.encode(r.id))
  return { items: await staffViews(ctx, principal, rows), nextCursor }
}

async function staffViews(ctx: RequestContext, principal: Principal, rows: repo.StaffReportRow[]): Promise<StaffPartyReport[]> {
  const inForce = rows.filter((r) => r.status === 'approved').map((r) => r.userId)
  const [totals, addresses] = await Promise.all([
    repo.totalsOfUsers(ctx.db, inForce),
    Promise.all(rows.map((r) => (r.householdId === null ? null : people.findHousehold(ctx.db, r.householdId)))),
  ])
  await recordPersonalDataAccess(ctx.db, { actorUserId: principal.userId, subjectPersonIds: rows.map((r) => r.personId).filter((p) => p !== principal.personId), purpose: 'party_reports', at: ctx.now(), route: ctx.route })
  return rows.map((r, i) => ({
    ...toReport(principal, r, r.personName),
    address: addresses[i] ? householdAddress(addresses[i]) : null,
    phone: ctx.personalData.openPhone(r.phoneCipher),
    totals: totals.has(r.userId) ? serviceTotals(totals.get(r.userId)!) : null,
  }))
}

async function staffView(ctx: RequestContext, principal: Principal, id: number): Promise<StaffPartyReport> {
  return (await staffViews(ctx, principal, [(await repo.findStaffPartyReport(ctx.db, id))!]))[0]!
}

/** The report, locked, if this staff member may decide it now (nobody decides their own). */
async function decidable(tx: Tx, principal: Principal, id: number, from: PartyReportStatus) {
  const r = await repo.lockPartyReport(tx, id)
  if (!r) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(r.communityId)
  if (r.userId === principal.userId) throw new AppError('SELF_APPROVAL_FORBIDDEN')
  if (r.status !== from) throw new AppError('REPORT_STATE_CONFLICT')
  return r
}

export async function approvePartyReport(ctx: RequestContext, principal: Principal, id: number): Promise<StaffPartyReport> {
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const r = await decidable(tx, principal, id, 'pending')
    const user = await people.lockUser(tx, r.userId)
    if (!user || user.deletedAt) throw new AppError('REPORT_STATE_CONFLICT')
    await repo.grantPartyMember(tx, r.userId)
    if (!(await repo.settlePartyReport(tx, id, ['pending'], { status: 'approved', decidedByUserId: principal.userId, decidedAt: now }))) throw new AppError('REPORT_STATE_CONFLICT')
    await recordAudit(tx, { actorUserId: principal.userId, action: 'party.approve', communityId: r.communityId, subjectType: 'party_report', subjectId: id, detail: { userId: r.userId }, at: now })
    await remindPartyReportResult(tx, { userId: r.userId, reportId: id, outcome: 'approved', communityName: (await people.findCommunity(tx, r.communityId))!.name, decidedAt: now, note: '已成为社区报到党员，可认领微心愿、参加志愿服务' })
  })
  return staffView(ctx, principal, id)
}

export async function rejectPartyReport(ctx: RequestContext, principal: Principal, id: number, reason: string): Promise<StaffPartyReport> {
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const r = await decidable(tx, principal, id, 'pending')
    if (!(await repo.settlePartyReport(tx, id, ['pending'], { status: 'rejected', reason, decidedByUserId: principal.userId, decidedAt: now }))) throw new AppError('REPORT_STATE_CONFLICT')
    await recordAudit(tx, { actorUserId: principal.userId, action: 'party.reject', communityId: r.communityId, subjectType: 'party_report', subjectId: id, detail: { reason }, at: now })
    await remindPartyReportResult(tx, { userId: r.userId, reportId: id, outcome: 'rejected', communityName: (await people.findCommunity(tx, r.communityId))!.name, decidedAt: now, note: reason })
  })
  return staffView(ctx, principal, id)
}

/** Staff end a report in force (moved away, 组织关系 transferred): the 党员 role goes with it. */
export async function revokePartyReport(ctx: RequestContext, principal: Principal, id: number, reason: string): Promise<StaffPartyReport> {
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const r = await decidable(tx, principal, id, 'approved')
    await people.lockUser(tx, r.userId)
    await repo.revokePartyMember(tx, r.userId)
    if (!(await repo.settlePartyReport(tx, id, ['approved'], { status: 'revoked', reason, decidedByUserId: principal.userId, decidedAt: now }))) throw new AppError('REPORT_STATE_CONFLICT')
    await recordAudit(tx, { actorUserId: principal.userId, action: 'party.revoke', communityId: r.communityId, subjectType: 'party_report', subjectId: id, detail: { userId: r.userId, reason }, at: now })
  })
  return staffView(ctx, principal, id)
}

/** The 党员证 photo of a report: for the member, and for staff of the community (the view is logged). */
export async function openPartyCard(ctx: RequestContext, principal: Principal, id: number) {
  const r = await repo.findPartyReport(ctx.db, id)
  if (!r || (r.userId !== principal.userId && !principal.isStaffOf(r.communityId))) throw new AppError('NOT_FOUND')
  const [upload] = r.cardUploadId === null ? [] : await findUploads(ctx.db, [r.cardUploadId])
  const file = upload ? await ctx.storage.open(upload.storageKey) : null
  if (!upload || !file) throw new AppError('NOT_FOUND', { message: '没有上传党员证照片' })
  if (r.userId !== principal.userId) await recordPersonalDataAccess(ctx.db, { actorUserId: principal.userId, subjectPersonIds: [r.personId], purpose: 'party_reports', at: ctx.now(), route: ctx.route })
  return { mimeType: upload.mimeType, size: file.size, stream: file.stream }
}
