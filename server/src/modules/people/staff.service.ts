import { randomBytes } from 'node:crypto'
import type { CommunityStaff, StaffInvite, StaffInvitePreview } from '../../../../types/api/people'
import { toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { recordAudit } from '../audit/audit.service'
import { maskPhone } from '../org/org.domain'
import { INVITE_VALID_DAYS } from './people.domain'
import * as repo from './people.repository'

/*
 * Staff of a community. Only an admin grants or revokes (the routes are admin-only): by an invitation the
 * invitee accepts with their own WeChat, so nobody becomes staff without their phone, and nobody grants
 * themselves anything. Every invitation, grant and revocation is in the audit trail.
 */

function toInvite(i: repo.StaffInviteRow): StaffInvite {
  return { code: i.code, communityId: i.communityId, note: i.note, expiresAt: toApiInstant(i.expiresAt), path: `packages/account/staff-invite/index?code=${i.code}` }
}

export async function inviteStaff(ctx: AppContext, principal: Principal, input: { communityId: number; note: string }): Promise<StaffInvite> {
  if (!(await repo.findCommunity(ctx.db, input.communityId))) throw new AppError('COMMUNITY_NOT_FOUND')
  const now = ctx.now()
  const invite = await ctx.db.transaction(async (tx) => {
    const row = await repo.insertStaffInvite(tx, {
      communityId: input.communityId,
      code: randomBytes(18).toString('base64url'),
      note: input.note,
      invitedByUserId: principal.userId,
      expiresAt: new Date(now.getTime() + INVITE_VALID_DAYS * 86_400_000),
      createdAt: now,
    })
    await recordAudit(tx, { actorUserId: principal.userId, action: 'staff.invite', communityId: input.communityId, subjectType: 'staff_invite', subjectId: row.id, detail: { note: input.note }, at: now })
    return row
  })
  return toInvite(invite)
}

/** A community's staff and its open invitations, for the admin. */
export async function getCommunityStaff(ctx: AppContext, communityId: number): Promise<CommunityStaff> {
  const community = await repo.findCommunity(ctx.db, communityId)
  if (!community) throw new AppError('COMMUNITY_NOT_FOUND')
  const [staff, invites] = await Promise.all([repo.staffOf(ctx.db, communityId), repo.openStaffInvites(ctx.db, communityId, ctx.now())])
  return {
    communityId,
    communityName: community.name,
    staff: staff.map((s) => ({
      userId: s.userId,
      name: s.personName ?? s.displayName,
      phoneMasked: maskPhone(ctx.personalData.openPhone(s.phoneCipher)),
      grantedAt: toApiInstant(s.grantedAt),
    })),
    invites: invites.map(toInvite),
  }
}

export async function revokeStaff(ctx: AppContext, principal: Principal, communityId: number, userId: number): Promise<CommunityStaff> {
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    await repo.lockUser(tx, userId)
    if (!(await repo.revokeStaff(tx, userId, communityId))) throw new AppError('NOT_FOUND')
    await recordAudit(tx, { actorUserId: principal.userId, action: 'staff.revoke', communityId, subjectType: 'user', subjectId: userId, at: now })
  })
  return getCommunityStaff(ctx, communityId)
}

function usableInvite(invite: repo.StaffInviteRow | null, now: Date): repo.StaffInviteRow {
  if (!invite) throw new AppError('INVITE_INVALID')
  if (invite.acceptedAt) throw new AppError('INVITE_USED')
  if (invite.expiresAt <= now) throw new AppError('INVITE_EXPIRED')
  return invite
}

export async function previewStaffInvite(ctx: AppContext, code: string): Promise<StaffInvitePreview> {
  const invite = usableInvite(await repo.findStaffInvite(ctx.db, code), ctx.now())
  const community = (await repo.findCommunity(ctx.db, invite.communityId))!
  return { communityName: community.name, inviterName: await repo.displayNameOf(ctx.db, invite.invitedByUserId), note: invite.note, expiresAt: toApiInstant(invite.expiresAt) }
}

/** The invitee accepts with their own account: staff of that community from now on. */
export async function acceptStaffInvite(ctx: AppContext, principal: Principal, code: string): Promise<{ communityId: number }> {
  const now = ctx.now()
  return ctx.db.transaction(async (tx) => {
    const invite = usableInvite(await repo.lockStaffInvite(tx, code), now)
    // Nobody grants themselves anything: the admin who made the invitation cannot accept it.
    if (invite.invitedByUserId === principal.userId) throw new AppError('SELF_APPROVAL_FORBIDDEN', { message: '不能接受自己发出的邀请，请把它发给要邀请的工作人员' })
    await repo.lockUser(tx, principal.userId)
    if (!(await repo.grantStaff(tx, principal.userId, invite.communityId, now))) throw new AppError('ALREADY_STAFF')
    await repo.markStaffInviteAccepted(tx, invite.id, principal.userId, now)
    await recordAudit(tx, { actorUserId: principal.userId, action: 'staff.grant', communityId: invite.communityId, subjectType: 'user', subjectId: principal.userId, detail: { inviteId: invite.id, invitedByUserId: invite.invitedByUserId }, at: now })
    return { communityId: invite.communityId }
  })
}
