import { randomBytes } from 'node:crypto'
import type { z } from 'zod'
import type { MyUnit, StaffUnit, Unit, UnitInvite, UnitInvitePreview, UnitQueue, ZUnitRegistrationRequest } from '../../../../types/api/dual-reporting'
import type { UnitStatus } from '../../../../types/api/labels'
import { toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import type { Queryable, Tx } from '../../db/client'
import { AppError } from '../../http/app-error'
import { idKey, keysetCursor, pageOf } from '../../http/keyset-cursor'
import type { Principal } from '../../http/principal'
import { recordAudit } from '../audit/audit.service'
import { maskPhone } from '../org/org.domain'
import { remindUnitRegistrationResult } from '../reminders/reminders.service'
import { serviceTotals, UNIT_INVITE_VALID_DAYS, unitActions } from './people.domain'
import * as people from './people.repository'
import { phoneOf } from './people.shared'
import * as repo from './reporting.repository'

/*
 * 驻区单位报到: someone of a unit registers it with the community it is paired with; staff of that community approve
 * it, and the one who registered it becomes its admin. The admin invites the unit's people, who join with their own
 * WeChat; a wish claimed "as the unit" is the unit's, and the unit sees what it and its people have done.
 */

/** The staff queue pages by the last row's id. */
const QUEUE = keysetCursor(idKey)

function toUnit(ctx: AppContext, principal: Principal, u: repo.UnitRow): Unit {
  const isStaff = principal.isStaffOf(u.communityId)
  const phone = ctx.personalData.openPhone(u.contactPhoneCipher)
  return {
    id: u.id,
    communityId: u.communityId,
    communityName: u.communityName,
    name: u.name,
    creditCode: u.creditCode,
    contactName: u.contactName,
    contactPhone: isStaff ? phone : maskPhone(phone),
    status: u.status,
    rejectReason: u.rejectReason,
    createdAt: toApiInstant(u.createdAt),
    decidedAt: u.decidedAt ? toApiInstant(u.decidedAt) : null,
    actions: unitActions(u.status, { isRegistrant: u.registeredByUserId === principal.userId, isStaff }),
  }
}

export async function registerUnit(ctx: AppContext, principal: Principal, input: z.output<typeof ZUnitRegistrationRequest>): Promise<MyUnit> {
  if (!(await people.communityExists(ctx.db, input.communityId))) throw AppError.field('communityId', '请选择单位报到的社区')
  const phone = await phoneOf(ctx, input)
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    await people.lockUser(tx, principal.userId)
    if (await repo.membershipOf(tx, principal.userId)) throw new AppError('ALREADY_IN_UNIT')
    const pending = await repo.latestRegistrationOf(tx, principal.userId)
    if (pending?.status === 'pending') throw new AppError('UNIT_REGISTRATION_EXISTS', { message: '您登记的单位正在审核，请等待社区审核结果' })
    await repo.insertUnit(tx, {
      communityId: input.communityId,
      name: input.name,
      creditCode: input.creditCode ?? null,
      contactName: input.contactName,
      ...sealedContact(ctx, phone),
      registeredByUserId: principal.userId,
      createdAt: now,
    })
  })
  return getMyUnit(ctx, principal)
}

function sealedContact(ctx: AppContext, phone: string) {
  const sealed = ctx.personalData.sealPhone(phone)
  return { contactPhoneCipher: sealed.phoneCipher, contactPhoneHash: sealed.phoneHash, contactPhoneTail: sealed.phoneTail }
}

/** The unit the account belongs to (with its members and totals), else the registration it made last. */
export async function getMyUnit(ctx: AppContext, principal: Principal): Promise<MyUnit> {
  const membership = await repo.membershipOf(ctx.db, principal.userId)
  if (!membership) {
    // A registration approved long ago is no longer theirs once they left the unit.
    const registration = await repo.latestRegistrationOf(ctx.db, principal.userId)
    const shown = registration && registration.status !== 'approved' ? registration : null
    return { unit: shown ? toUnit(ctx, principal, shown) : null, role: null, members: [], totals: null }
  }
  const [unit, members, totals] = await Promise.all([repo.findUnit(ctx.db, membership.unitId), repo.membersOf(ctx.db, membership.unitId), repo.totalsOfUnits(ctx.db, [membership.unitId])])
  return {
    unit: toUnit(ctx, principal, unit!),
    role: membership.role,
    members: members.map((m) => ({ userId: m.userId, name: m.name, role: m.role, joinedAt: toApiInstant(m.joinedAt), isMe: m.userId === principal.userId })),
    totals: serviceTotals(totals.get(membership.unitId)!),
  }
}

export async function withdrawUnitRegistration(ctx: AppContext, principal: Principal, id: number): Promise<MyUnit> {
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const u = await repo.lockUnit(tx, id)
    if (!u || u.registeredByUserId !== principal.userId) throw new AppError('NOT_FOUND')
    if (!(await repo.settleUnit(tx, id, { status: 'withdrawn', decidedAt: now }))) throw new AppError('REPORT_STATE_CONFLICT')
  })
  return getMyUnit(ctx, principal)
}

/* ----------------------------------------------------------------- members */

/** The 驻区单位 an account belongs to and the community it reports to, for other modules (a claim made as the unit). */
export async function unitOfMember(db: Queryable, userId: number): Promise<{ unitId: number; communityId: number } | null> {
  const membership = await repo.membershipOf(db, userId)
  const unit = membership ? await repo.findUnit(db, membership.unitId) : null
  return unit ? { unitId: unit.id, communityId: unit.communityId } : null
}

async function myMembership(db: AppContext['db'], principal: Principal, opts: { admin: boolean }) {
  const membership = await repo.membershipOf(db, principal.userId)
  if (!membership) throw new AppError('UNIT_REQUIRED')
  if (opts.admin && membership.role !== 'admin') throw new AppError('UNIT_ADMIN_REQUIRED')
  return membership
}

/** The unit's admin makes a share card for the unit's people: good for a week, for any number of them. */
export async function inviteToUnit(ctx: AppContext, principal: Principal): Promise<UnitInvite> {
  const membership = await myMembership(ctx.db, principal, { admin: true })
  const now = ctx.now()
  const invite = await repo.insertUnitInvite(ctx.db, {
    unitId: membership.unitId,
    code: randomBytes(18).toString('base64url'),
    invitedByUserId: principal.userId,
    expiresAt: new Date(now.getTime() + UNIT_INVITE_VALID_DAYS * 86_400_000),
    createdAt: now,
  })
  return { code: invite.code, expiresAt: toApiInstant(invite.expiresAt), path: `packages/account/unit-join/index?code=${invite.code}` }
}

async function usableInvite(db: AppContext['db'] | Tx, code: string, now: Date) {
  const invite = await repo.findUnitInvite(db, code)
  if (!invite || invite.revokedAt) throw new AppError('INVITE_INVALID')
  if (invite.expiresAt <= now) throw new AppError('INVITE_EXPIRED')
  const unit = (await repo.findUnit(db, invite.unitId))!
  if (unit.status !== 'approved') throw new AppError('INVITE_INVALID')
  return { invite, unit }
}

export async function previewUnitInvite(ctx: AppContext, code: string): Promise<UnitInvitePreview> {
  const { invite, unit } = await usableInvite(ctx.db, code, ctx.now())
  return { unitName: unit.name, communityName: unit.communityName, inviterName: await people.displayNameOf(ctx.db, invite.invitedByUserId), expiresAt: toApiInstant(invite.expiresAt) }
}

/** Joining by the unit's invitation, under the name one goes by there: one unit per account, the unit's role. */
export async function acceptUnitInvite(ctx: AppContext, principal: Principal, code: string, name: string): Promise<MyUnit> {
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const { invite, unit } = await usableInvite(tx, code, now)
    await people.lockUser(tx, principal.userId)
    const current = await repo.membershipOf(tx, principal.userId)
    if (current?.unitId === unit.id) throw new AppError('ALREADY_IN_UNIT', { message: '您已是这个单位的成员' })
    if (current) throw new AppError('ALREADY_IN_UNIT')
    await repo.insertMember(tx, { unitId: unit.id, userId: principal.userId, name, role: 'member', joinedAt: now })
    await repo.grantUnitRole(tx, principal.userId)
    await recordAudit(tx, { actorUserId: principal.userId, action: 'unit.join', communityId: unit.communityId, subjectType: 'unit', subjectId: unit.id, detail: { inviteId: invite.id, invitedByUserId: invite.invitedByUserId }, at: now })
  })
  return getMyUnit(ctx, principal)
}

/** The admin removes a member, or a member leaves (userId = their own). */
export async function removeUnitMember(ctx: AppContext, principal: Principal, userId: number): Promise<MyUnit> {
  const membership = await myMembership(ctx.db, principal, { admin: userId !== principal.userId })
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    await people.lockUser(tx, userId)
    await leaveIn(tx, membership.unitId, userId)
    const unit = (await repo.findUnit(tx, membership.unitId))!
    await recordAudit(tx, { actorUserId: principal.userId, action: 'unit.remove_member', communityId: unit.communityId, subjectType: 'unit', subjectId: unit.id, detail: { userId }, at: now })
  })
  return getMyUnit(ctx, principal)
}

/**
 * Takes an account out of its unit, with the unit's role. A unit is never left without an admin while it has
 * members: when its last admin goes, its longest-standing member becomes admin.
 */
export async function leaveIn(tx: Tx, unitId: number, userId: number): Promise<void> {
  // The unit's row first: two admins leaving at once must not both see the other still there.
  await repo.lockUnit(tx, unitId)
  if (!(await repo.deleteMember(tx, unitId, userId))) throw new AppError('NOT_FOUND')
  await repo.revokeUnitRole(tx, userId)
  await repo.promoteSuccessorIfNoAdmin(tx, unitId)
}

/* ----------------------------------------------------------------- staff */

export async function listUnits(ctx: AppContext, principal: Principal, q: { communityId: number; status: UnitStatus; cursor?: string; limit: number }): Promise<UnitQueue> {
  principal.assertStaffOf(q.communityId)
  const afterId = QUEUE.decode(q.cursor)?.[0] ?? null
  const { rows, nextCursor } = pageOf(await repo.listUnits(ctx.db, { communityId: q.communityId, status: q.status, afterId, limit: q.limit }), q.limit, (u) => QUEUE.encode(u.id))
  return { items: await staffViews(ctx, principal, rows), nextCursor }
}

async function staffViews(ctx: AppContext, principal: Principal, rows: repo.UnitRow[]): Promise<StaffUnit[]> {
  const approved = rows.filter((u) => u.status === 'approved').map((u) => u.id)
  const [members, totals] = await Promise.all([repo.memberCounts(ctx.db, rows.map((u) => u.id)), repo.totalsOfUnits(ctx.db, approved)])
  return rows.map((u) => ({ ...toUnit(ctx, principal, u), members: members.get(u.id) ?? 0, totals: totals.has(u.id) ? serviceTotals(totals.get(u.id)!) : null }))
}

async function decidable(tx: Tx, principal: Principal, id: number) {
  const u = await repo.lockUnit(tx, id)
  if (!u) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(u.communityId)
  if (u.registeredByUserId === principal.userId) throw new AppError('SELF_APPROVAL_FORBIDDEN')
  if (u.status !== 'pending') throw new AppError('REPORT_STATE_CONFLICT')
  return u
}

/** Staff approve a registration: whoever registered it becomes the unit's admin (if they are in no unit by now). */
export async function approveUnit(ctx: AppContext, principal: Principal, id: number): Promise<StaffUnit> {
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const u = await decidable(tx, principal, id)
    const registrant = u.registeredByUserId === null ? null : await people.lockUser(tx, u.registeredByUserId)
    if (!registrant || registrant.deletedAt) throw new AppError('REPORT_STATE_CONFLICT', { message: '登记这个单位的账号已注销，请让单位重新登记' })
    // Named as the person the account stands for, else as the unit's contact (who most often registered it).
    const name = (registrant.personId === null ? null : (await people.findPerson(tx, registrant.personId))?.name) ?? u.contactName ?? registrant.displayName
    if (!(await repo.insertMember(tx, { unitId: id, userId: registrant.id, name, role: 'admin', joinedAt: now }))) {
      throw new AppError('REPORT_STATE_CONFLICT', { message: '登记人已加入其他驻区单位，请让单位换一位联系人重新登记' })
    }
    await repo.grantUnitRole(tx, registrant.id)
    if (!(await repo.settleUnit(tx, id, { status: 'approved', decidedByUserId: principal.userId, decidedAt: now }))) throw new AppError('REPORT_STATE_CONFLICT')
    await recordAudit(tx, { actorUserId: principal.userId, action: 'unit.approve', communityId: u.communityId, subjectType: 'unit', subjectId: id, detail: { adminUserId: registrant.id }, at: now })
    const community = (await people.findCommunity(tx, u.communityId))!
    await remindUnitRegistrationResult(tx, { userId: registrant.id, unitId: id, unitName: u.name, outcome: 'approved', communityName: community.name, decidedAt: now, note: '您是单位管理员，可邀请单位同事加入' })
  })
  return staffView(ctx, principal, id)
}

export async function rejectUnit(ctx: AppContext, principal: Principal, id: number, reason: string): Promise<StaffUnit> {
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const u = await decidable(tx, principal, id)
    if (!(await repo.settleUnit(tx, id, { status: 'rejected', rejectReason: reason, decidedByUserId: principal.userId, decidedAt: now }))) throw new AppError('REPORT_STATE_CONFLICT')
    await recordAudit(tx, { actorUserId: principal.userId, action: 'unit.reject', communityId: u.communityId, subjectType: 'unit', subjectId: id, detail: { reason }, at: now })
    const community = (await people.findCommunity(tx, u.communityId))!
    if (u.registeredByUserId !== null) await remindUnitRegistrationResult(tx, { userId: u.registeredByUserId, unitId: id, unitName: u.name, outcome: 'rejected', communityName: community.name, decidedAt: now, note: reason })
  })
  return staffView(ctx, principal, id)
}

async function staffView(ctx: AppContext, principal: Principal, id: number): Promise<StaffUnit> {
  return (await staffViews(ctx, principal, [(await repo.findUnit(ctx.db, id))!]))[0]!
}
