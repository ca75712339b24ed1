import type { z } from 'zod'
import type { VolunteerProfile, ZRegisterVolunteerRequest } from '../../../../types/api/volunteer'
import { VOLUNTEER_CONSENT_VERSION } from '../../../../types/api/volunteer'
import type { VolunteerSkill, AvailabilitySlot } from '../../../../types/api/labels'
import { toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import type { Queryable } from '../../db/client'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { findPersonRef } from '../people/people.api'
import * as repo from './volunteer.repository'

/* Who the volunteer is: the registration (登记) and the teams they belong to. */

export async function getProfile(ctx: AppContext, principal: Principal): Promise<VolunteerProfile> {
  const [profile, teams] = await Promise.all([repo.findProfile(ctx.db, principal.userId), repo.teamsOfUser(ctx.db, principal.userId)])
  return {
    registered: profile !== null,
    realName: profile?.realName ?? null,
    phone: ctx.personalData.openPhone(profile?.phoneCipher ?? null),
    skills: (profile?.skills ?? []) as VolunteerSkill[],
    availability: (profile?.availability ?? []) as AvailabilitySlot[],
    consentVersion: profile?.consentVersion ?? null,
    consentedAt: profile ? toApiInstant(profile.consentedAt) : null,
    teams,
  }
}

/**
 * Registers the caller as a volunteer (or updates the registration): a real resident of the district, with the
 * consent recorded and the phone either typed or verified by WeChat's phone button. Grants the volunteer role.
 */
export async function registerVolunteer(ctx: AppContext, principal: Principal, input: z.output<typeof ZRegisterVolunteerRequest>): Promise<VolunteerProfile> {
  if (principal.personId === null) throw new AppError('VOLUNTEER_PERSON_REQUIRED')
  const person = await findPersonRef(ctx.db, principal.personId)
  if (!person) throw new AppError('VOLUNTEER_PERSON_REQUIRED')
  const phone = input.phoneCode ? await ctx.wechat.phoneNumber(input.phoneCode) : input.phone!
  // Sealed at rest (no 尾号 column here: volunteers are found through their person, not by phone).
  const { phoneCipher, phoneHash } = ctx.personalData.sealPhone(phone)
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    await repo.upsertProfile(tx, {
      userId: principal.userId,
      personId: person.id,
      communityId: person.communityId,
      realName: input.realName,
      phoneCipher,
      phoneHash,
      skills: [...new Set(input.skills)],
      availability: [...new Set(input.availability)],
      consentVersion: VOLUNTEER_CONSENT_VERSION,
      consentedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    await repo.grantVolunteerRole(tx, principal.userId)
  })
  return getProfile(ctx, principal)
}

/** The caller's registration; what only a registered volunteer may do asks for it first. */
export async function requireProfile(db: Queryable, principal: Principal) {
  const profile = await repo.findProfile(db, principal.userId)
  if (!profile) throw new AppError('VOLUNTEER_NOT_REGISTERED')
  return profile
}

export async function listTeams(ctx: AppContext, principal: Principal, communityId?: number) {
  const id = communityId ?? principal.communityId
  if (!id) throw new AppError('COMMUNITY_REQUIRED')
  return { items: await repo.listTeams(ctx.db, id, principal.userId) }
}

export async function joinTeam(ctx: AppContext, principal: Principal, teamId: number) {
  await requireProfile(ctx.db, principal)
  const team = await repo.findTeam(ctx.db, teamId)
  if (!team) throw new AppError('NOT_FOUND')
  await repo.joinTeam(ctx.db, { teamId, userId: principal.userId, communityId: team.communityId, joinedAt: ctx.now() })
  return listTeams(ctx, principal, team.communityId)
}

export async function leaveTeam(ctx: AppContext, principal: Principal, teamId: number) {
  const team = await repo.findTeam(ctx.db, teamId)
  if (!team) throw new AppError('NOT_FOUND')
  await repo.leaveTeam(ctx.db, teamId, principal.userId)
  return listTeams(ctx, principal, team.communityId)
}
