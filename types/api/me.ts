import { z } from 'zod'
import { ZRole } from './common'
import { UNIT_MEMBER_ROLES } from './labels'

export const ZCommunityRef = z.object({
  id: z.number().int(),
  name: z.string(),
  subdistrictName: z.string(),
  districtName: z.string(),
})

export const ZHouseholdRef = z.object({
  id: z.number().int(),
  /** 社区 › 网格 › 小区 › 楼栋 › 单元 › 户, joined for display: 联通社区 第三网格 联通小区 3号楼 2单元 301 */
  address: z.string(),
  gridName: z.string(),
  memberCount: z.number().int(),
})

export const ZMe = z.object({
  id: z.number().int(),
  name: z.string(),
  /** 138****5678, or null when no phone is on file. */
  phoneMasked: z.string().nullable(),
  roles: z.array(ZRole),
  community: ZCommunityRef.nullable(),
  household: ZHouseholdRef.nullable(),
  /** The 驻区单位 the account belongs to (双报到), with its place in it. */
  unit: z.object({ id: z.number().int(), name: z.string(), role: z.enum(UNIT_MEMBER_ROLES) }).nullable(),
  /** Communities this account may act in as staff (all of them for an admin). */
  staffCommunityIds: z.array(z.number().int()),
})

export type CommunityRef = z.infer<typeof ZCommunityRef>
export type HouseholdRef = z.infer<typeof ZHouseholdRef>
export type Me = z.infer<typeof ZMe>
