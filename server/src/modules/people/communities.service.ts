import type { AddressBook, CommunityChoice } from '../../../../types/api/people'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { nearestCommunities } from './people.domain'
import * as repo from './people.repository'

/* ----------------------------------------------------------------- choosing a community */

/** Every community of the district, nearest first when the phone's position is given. */
export async function listCommunityChoices(ctx: AppContext, from: { latitude?: number; longitude?: number }): Promise<{ items: CommunityChoice[] }> {
  const rows = await repo.listCommunitiesWithStations(ctx.db)
  const position = from.latitude !== undefined && from.longitude !== undefined ? { latitude: from.latitude, longitude: from.longitude } : null
  return { items: nearestCommunities(rows, position) }
}

/**
 * "我住在这个社区": where a new account belongs before 住户认证 (its home, stations and activities). A verified
 * resident's community is their household's; moving is a new 住户认证.
 */
export async function chooseCommunity(ctx: AppContext, principal: Principal, communityId: number): Promise<void> {
  if (!(await repo.communityExists(ctx.db, communityId))) throw new AppError('COMMUNITY_NOT_FOUND')
  if (principal.householdId !== null) throw new AppError('COMMUNITY_FIXED_BY_HOUSEHOLD')
  await ctx.db.transaction(async (tx) => {
    await repo.lockUser(tx, principal.userId)
    await repo.setUserCommunity(tx, principal.userId, communityId)
    // A person without a household (one who left it) belongs where they say they live.
    if (principal.personId !== null) await repo.updatePerson(tx, principal.personId, { communityId })
  })
}

/** The community's buildings, units and flats as the 台账 knows them: what the address picker offers. */
export async function getAddressBook(ctx: AppContext, communityId: number): Promise<AddressBook> {
  if (!(await repo.communityExists(ctx.db, communityId))) throw new AppError('COMMUNITY_NOT_FOUND')
  const { buildingRows, flatRows } = await repo.addressBookRows(ctx.db, communityId)
  const units = new Map<number, Map<string, string[]>>()
  for (const f of flatRows) {
    const byUnit = units.get(f.buildingId) ?? new Map<string, string[]>()
    byUnit.set(f.unitNo, [...(byUnit.get(f.unitNo) ?? []), f.roomNo])
    units.set(f.buildingId, byUnit)
  }
  return {
    communityId,
    buildings: buildingRows.map((b) => ({
      ...b,
      units: [...(units.get(b.id) ?? new Map<string, string[]>())].map(([unitNo, roomNos]) => ({ unitNo, roomNos })),
    })),
  }
}
