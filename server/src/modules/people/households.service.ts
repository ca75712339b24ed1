import { randomBytes } from 'node:crypto'
import type { z } from 'zod'
import type { HouseholdInvite, HouseholdInvitePreview, HouseholdMember, MyHousehold, StaffHousehold, ZAcceptHouseholdInviteRequest } from '../../../../types/api/people'
import type { HouseholdRelationship } from '../../../../types/api/labels'
import { toApiInstant } from '../../../../types/time'
import type { AppContext, RequestContext } from '../../context'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { recordPersonalDataAccess } from '../privacy/access-log'
import { recordAudit } from '../audit/audit.service'
import { maskPhone, nameForOthers } from '../org/org.domain'
import { buildingLabel, INVITE_VALID_DAYS } from './people.domain'
import * as repo from './people.repository'
import { householdAddress, phoneOf } from './people.shared'

/* ----------------------------------------------------------------- my household */

export async function getMyHousehold(ctx: AppContext, principal: Principal): Promise<MyHousehold> {
  if (principal.householdId === null) return { household: null }
  return householdAsMemberSees(ctx, principal.householdId, principal.personId)
}

/** A household as one of its members sees it: everyone's name (children's shortened), masked phones. */
async function householdAsMemberSees(ctx: AppContext, householdId: number, myPersonId: number | null): Promise<MyHousehold> {
  const [household, members] = await Promise.all([repo.findHousehold(ctx.db, householdId), repo.householdMembers(ctx.db, [householdId])])
  const now = ctx.now()
  return {
    household: {
      id: household!.id,
      communityId: household!.communityId,
      address: householdAddress(household!),
      members: members.map(
        (m): HouseholdMember => ({
          personId: m.personId,
          name: m.personId === myPersonId ? m.name : nameForOthers({ name: m.name, birthYear: m.birthYear }, now),
          relationship: m.relationship,
          phoneMasked: maskPhone(ctx.personalData.openPhone(m.phoneCipher)),
          hasAccount: m.userId !== null,
          isMe: m.personId === myPersonId,
        }),
      ),
    },
  }
}

/** A member invites a family member: a code for a share card, valid a week, used once. */
export async function inviteToHousehold(ctx: AppContext, principal: Principal): Promise<HouseholdInvite> {
  if (principal.householdId === null) throw new AppError('HOUSEHOLD_REQUIRED')
  const household = (await repo.findHousehold(ctx.db, principal.householdId))!
  const now = ctx.now()
  const invite = await repo.insertInvite(ctx.db, {
    householdId: household.id,
    communityId: household.communityId,
    code: randomBytes(18).toString('base64url'),
    invitedByUserId: principal.userId,
    expiresAt: new Date(now.getTime() + INVITE_VALID_DAYS * 86_400_000),
    createdAt: now,
  })
  return { code: invite.code, expiresAt: toApiInstant(invite.expiresAt), path: `packages/account/join/index?code=${invite.code}` }
}

/** An invitation's use, if it can be used now. */
function usableInvite(invite: repo.InviteRow | null, now: Date): repo.InviteRow {
  if (!invite) throw new AppError('INVITE_INVALID')
  if (invite.usedAt) throw new AppError('INVITE_USED')
  if (invite.expiresAt <= now) throw new AppError('INVITE_EXPIRED')
  return invite
}

export async function previewInvite(ctx: AppContext, code: string): Promise<HouseholdInvitePreview> {
  const invite = usableInvite(await repo.findInvite(ctx.db, code), ctx.now())
  const household = (await repo.findHousehold(ctx.db, invite.householdId))!
  const inviter = await repo.nameOfUser(ctx.db, invite.invitedByUserId)
  return {
    communityName: household.communityName,
    building: buildingLabel({ estate: household.estate, name: household.building }),
    inviterName: inviter ?? '家人',
    expiresAt: toApiInstant(invite.expiresAt),
  }
}

/**
 * Joining a household by a family member's invitation, without a second staff check (staff still see the members
 * and can remove one). A person already in another household moves: one household at a time, and the points stay
 * with the household they were earned for.
 */
export async function acceptInvite(ctx: AppContext, principal: Principal, code: string, input: z.output<typeof ZAcceptHouseholdInviteRequest>): Promise<MyHousehold> {
  const phone = await phoneOf(ctx, input)
  const now = ctx.now()
  const joined = await ctx.db.transaction(async (tx) => {
    const invite = usableInvite(await repo.lockInvite(tx, code), now)
    const user = (await repo.lockUser(tx, principal.userId))!
    const current = user.personId === null ? null : await repo.lockPerson(tx, user.personId)
    if (current?.householdId === invite.householdId) throw new AppError('ALREADY_RESIDENT')
    const identity = { name: input.name, relationship: input.relationship as HouseholdRelationship, ...ctx.personalData.sealPhone(phone) }
    let personId: number
    if (current) {
      personId = current.id
      await repo.updatePerson(tx, personId, { ...identity, communityId: invite.communityId, householdId: invite.householdId, birthYear: input.birthYear ?? current.birthYear })
    } else {
      personId = await repo.insertPerson(tx, { ...identity, communityId: invite.communityId, householdId: invite.householdId, birthYear: input.birthYear ?? null })
    }
    await repo.setUserPerson(tx, principal.userId, personId, invite.communityId)
    await repo.grantResident(tx, principal.userId)
    await repo.markInviteUsed(tx, invite.id, principal.userId, now)
    await recordAudit(tx, { actorUserId: principal.userId, action: 'household.join', communityId: invite.communityId, subjectType: 'household', subjectId: invite.householdId, detail: { personId, inviteId: invite.id, invitedByUserId: invite.invitedByUserId, fromHouseholdId: current?.householdId ?? null }, at: now })
    return { householdId: invite.householdId, personId }
  })
  return householdAsMemberSees(ctx, joined.householdId, joined.personId)
}

/** Leaving the household: the person stays a resident of the community, without a household (and its points). */
export async function leaveHousehold(ctx: AppContext, principal: Principal): Promise<MyHousehold> {
  if (principal.householdId === null || principal.personId === null) throw new AppError('HOUSEHOLD_REQUIRED')
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    await repo.lockUser(tx, principal.userId)
    await repo.updatePerson(tx, principal.personId!, { householdId: null })
    await recordAudit(tx, { actorUserId: principal.userId, action: 'household.leave', communityId: principal.communityId, subjectType: 'household', subjectId: principal.householdId!, detail: { personId: principal.personId }, at: now })
  })
  return { household: null }
}

/* ----------------------------------------------------------------- staff: households */

export async function getStaffHousehold(ctx: RequestContext, principal: Principal, id: number): Promise<StaffHousehold> {
  const household = await repo.findHousehold(ctx.db, id)
  if (!household) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(household.communityId)
  const members = await repo.householdMembers(ctx.db, [id])
  await recordPersonalDataAccess(ctx.db, { actorUserId: principal.userId, subjectPersonIds: members.map((m) => m.personId).filter((p) => p !== principal.personId), purpose: 'household_members', at: ctx.now(), route: ctx.route })
  return {
    id: household.id,
    communityId: household.communityId,
    address: householdAddress(household),
    members: members.map((m) => {
      const phone = ctx.personalData.openPhone(m.phoneCipher)
      return { personId: m.personId, name: m.name, relationship: m.relationship, phone, phoneMasked: maskPhone(phone), hasAccount: m.userId !== null }
    }),
  }
}

/** Staff remove a member from a household (moved away, registered by mistake): never from their own household. */
export async function removeHouseholdMember(ctx: RequestContext, principal: Principal, householdId: number, personId: number): Promise<StaffHousehold> {
  const household = await repo.findHousehold(ctx.db, householdId)
  if (!household) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(household.communityId)
  principal.assertNotSelfDealing({ householdId })
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const person = await repo.lockPerson(tx, personId)
    if (!person || person.householdId !== householdId) throw new AppError('NOT_FOUND')
    await repo.updatePerson(tx, personId, { householdId: null })
    await recordAudit(tx, { actorUserId: principal.userId, action: 'household.remove_member', communityId: household.communityId, subjectType: 'household', subjectId: householdId, detail: { personId }, at: now })
  })
  return getStaffHousehold(ctx, principal, householdId)
}
