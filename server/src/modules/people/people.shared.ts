import type { AppContext } from '../../context'
import { formatAddress } from './people.domain'
import type * as repo from './people.repository'

/* What the people module's use cases share. */

export type Building = NonNullable<Awaited<ReturnType<typeof repo.findBuilding>>>
export type HouseholdAddress = NonNullable<Awaited<ReturnType<typeof repo.findHousehold>>>

/** 联通社区 第三网格 联通小区 3号楼 2单元 301 */
export function addressOf(b: Building, flat: { unitNo: string; roomNo: string }): string {
  return formatAddress({ community: b.communityName, grid: b.gridName, estate: b.estate, building: b.name, unitNo: flat.unitNo, roomNo: flat.roomNo })
}

export function householdAddress(h: HouseholdAddress): string {
  return formatAddress({ community: h.communityName, grid: h.gridName, estate: h.estate, building: h.building, unitNo: h.unitNo, roomNo: h.roomNo })
}

/** The number a person gives: typed, or from WeChat's phone button (the server asks WeChat for it). */
export async function phoneOf(ctx: AppContext, input: { phone?: string; phoneCode?: string }): Promise<string> {
  return input.phoneCode ? ctx.wechat.phoneNumber(input.phoneCode) : input.phone!
}
