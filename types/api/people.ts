import { z } from 'zod'
import { ZInstant, ZPage, ZPageQuery, ZPositiveId, ZId, ZText } from './common'
import { HOUSEHOLD_RELATIONSHIPS, RESIDENCY_STATUSES } from './labels'

/*
 * Real people joining the product: choosing a community, 住户认证 (an application staff check against their 台账),
 * a household and its members, and family invitations.
 */

export const ZHouseholdRelationship = z.enum(HOUSEHOLD_RELATIONSHIPS, { error: '请选择与户主的关系' })
export const ZResidencyStatus = z.enum(RESIDENCY_STATUSES)

/** Who someone is, as an application or an invitation takes it: the phone typed, or from WeChat's phone button. */
const ZIdentityFields = z.object({
  name: ZText().trim().min(2, '请填写真实姓名（至少2个字）').max(20, '姓名最多20个字'),
  phone: ZText().trim().regex(/^1[3-9]\d{9}$/, '请填写11位手机号').optional(),
  /** The code of `<button open-type="getPhoneNumber">`: the server asks WeChat for the number. */
  phoneCode: ZText().trim().min(1).max(200).optional(),
  birthYear: z.number().int().min(1900, '出生年份不正确').max(2100, '出生年份不正确').optional(),
  relationship: ZHouseholdRelationship,
})
const hasPhone = (b: { phone?: string; phoneCode?: string }) => Boolean(b.phone || b.phoneCode)
const PHONE_MISSING = { message: '请填写手机号，或用微信手机号一键填写', path: ['phone'] }

/* ----------------------------------------------------------------- choosing a community */

export const ZCommunityChoiceQuery = z.object({
  /** Where the phone is (gcj02, with the user's consent): the list comes nearest first. */
  latitude: z.coerce.number().min(-90).max(90).optional(),
  longitude: z.coerce.number().min(-180).max(180).optional(),
})

export const ZCommunityChoice = z.object({
  id: z.number().int(),
  name: z.string(),
  subdistrictName: z.string(),
  districtName: z.string(),
  address: z.string(),
  /** From the phone to the community's nearest station, when a position was given. */
  distanceMeters: z.number().int().nullable(),
})
export const ZCommunityChoiceList = z.object({ items: z.array(ZCommunityChoice) })

export const ZChooseCommunityRequest = z.object({ communityId: ZId })

/** A community's own buildings as the address picker offers them: 小区 › 楼栋 › 单元 › 门牌. */
export const ZAddressBook = z.object({
  communityId: z.number().int(),
  buildings: z.array(
    z.object({
      id: z.number().int(),
      estate: z.string(),
      name: z.string(),
      gridName: z.string(),
      units: z.array(z.object({ unitNo: z.string(), roomNos: z.array(z.string()) })),
    }),
  ),
})

/* ----------------------------------------------------------------- 住户认证 */

export const ZResidencyApplicationRequest = ZIdentityFields.extend({
  communityId: ZId,
  buildingId: ZId,
  unitNo: ZText().trim().min(1, '请选择单元').max(20),
  roomNo: ZText().trim().min(1, '请选择门牌号').max(20),
}).refine(hasPhone, PHONE_MISSING)

export const ZResidencyApplication = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  communityName: z.string(),
  /** 联通社区 第三网格 联通小区 3号楼 2单元 301 */
  address: z.string(),
  name: z.string(),
  /** The applicant sees 138****5678; staff of the community see the number in clear (and the access is logged). */
  phone: z.string(),
  birthYear: z.number().int().nullable(),
  relationship: ZHouseholdRelationship,
  status: ZResidencyStatus,
  rejectReason: z.string().nullable(),
  createdAt: ZInstant,
  decidedAt: ZInstant.nullable(),
  /** withdraw for the applicant while pending; approve / reject for staff of the community. */
  actions: z.array(z.enum(['withdraw', 'approve', 'reject'])),
})

/** What staff check an application against: who already lives at that address in the 台账. */
export const ZStaffResidencyApplication = ZResidencyApplication.extend({
  household: z
    .object({
      id: z.number().int(),
      members: z.array(
        z.object({
          personId: z.number().int(),
          name: z.string(),
          relationship: ZHouseholdRelationship.nullable(),
          birthYear: z.number().int().nullable(),
          /** Already linked to an account: cannot be claimed by another. */
          hasAccount: z.boolean(),
          /** Same name as the applicant: most likely them. */
          sameName: z.boolean(),
        }),
      ),
    })
    .nullable(),
})

export const ZMyResidency = z.object({ application: ZResidencyApplication.nullable() })

export const ZResidencyQueueQuery = ZPageQuery.extend({
  communityId: ZPositiveId.optional(),
  status: ZResidencyStatus.default('pending'),
})
export const ZResidencyQueue = ZPage(ZStaffResidencyApplication)

export const ZApproveResidencyRequest = z.object({
  /** The person of the 台账 at that address the applicant is (one without an account); absent: a new person. */
  personId: ZPositiveId.optional(),
})
export const ZRejectResidencyRequest = z.object({
  reason: ZText().trim().min(2, '请写明不通过的原因（至少2个字）').max(100, '原因最多100个字'),
})

/* ----------------------------------------------------------------- my household and its members */

export const ZHouseholdMember = z.object({
  personId: z.number().int(),
  /** Full names within the household; a child's shortened as everywhere. */
  name: z.string(),
  relationship: ZHouseholdRelationship.nullable(),
  phoneMasked: z.string().nullable(),
  hasAccount: z.boolean(),
  isMe: z.boolean(),
})

export const ZMyHousehold = z.object({
  household: z
    .object({
      id: z.number().int(),
      communityId: z.number().int(),
      address: z.string(),
      members: z.array(ZHouseholdMember),
    })
    .nullable(),
})

export const ZHouseholdInvite = z.object({
  code: z.string(),
  expiresAt: ZInstant,
  /** The page a share card opens (no leading slash), with the code. */
  path: z.string(),
})

/** What the invited person sees before joining. */
export const ZHouseholdInvitePreview = z.object({
  communityName: z.string(),
  /** Down to the building only: 联通小区 3号楼. */
  building: z.string(),
  inviterName: z.string(),
  expiresAt: ZInstant,
})

export const ZAcceptHouseholdInviteRequest = ZIdentityFields.refine(hasPhone, PHONE_MISSING)

export const ZCodeParam = z.object({ code: ZText().trim().min(8).max(64) })

/* ----------------------------------------------------------------- staff: households */

export const ZStaffHousehold = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  address: z.string(),
  members: z.array(ZHouseholdMember.omit({ isMe: true }).extend({ phone: z.string().nullable() })),
})

/* ----------------------------------------------------------------- staff of a community (the admin grants) */

export const ZCreateStaffInviteRequest = z.object({
  communityId: ZId,
  /** Whom it is for: 刘晓燕，第三网格网格员. */
  note: ZText().trim().max(40, '说明最多40个字').default(''),
})
export const ZStaffInvite = z.object({
  code: z.string(),
  communityId: z.number().int(),
  note: z.string(),
  expiresAt: ZInstant,
  /** The page a share card opens (no leading slash), with the code. */
  path: z.string(),
})
export const ZStaffMember = z.object({
  userId: z.number().int(),
  name: z.string(),
  phoneMasked: z.string().nullable(),
  grantedAt: ZInstant,
})
export const ZCommunityStaff = z.object({
  communityId: z.number().int(),
  communityName: z.string(),
  staff: z.array(ZStaffMember),
  /** Invitations not yet accepted and not expired. */
  invites: z.array(ZStaffInvite),
})
export const ZStaffInvitePreview = z.object({ communityName: z.string(), inviterName: z.string(), note: z.string(), expiresAt: ZInstant })
export const ZStaffRevokeParams = z.object({ id: ZPositiveId, userId: ZPositiveId })

/* ----------------------------------------------------------------- the organisation: 街道 › 社区 › 网格 › 楼栋 › 户 */

const ZOrgName = (what: string) => ZText().trim().min(1, `请填写${what}`).max(30, `${what}最多30个字`)

/** The district defaults to the one the existing 街道 belong to: the product serves one district. */
export const ZSubdistrictRequest = z.object({ district: ZOrgName('区').optional(), name: ZOrgName('街道名称') })
export const ZRenameSubdistrictRequest = z.object({ name: ZOrgName('街道名称') })
export const ZCommunityRequest = z.object({ subdistrictId: ZId, name: ZOrgName('社区名称'), address: ZText().trim().min(2, '请填写社区地址').max(60, '地址最多60个字') })
export const ZUpdateCommunityRequest = ZCommunityRequest.omit({ subdistrictId: true })

/** The district as the admin manages it: each 街道 with its 社区 and how much is recorded in each. */
export const ZDistrictOrg = z.object({
  subdistricts: z.array(
    z.object({
      id: z.number().int(),
      district: z.string(),
      name: z.string(),
      communities: z.array(
        z.object({ id: z.number().int(), name: z.string(), address: z.string(), grids: z.number().int(), buildings: z.number().int(), households: z.number().int(), staff: z.number().int() }),
      ),
    }),
  ),
})

export const ZGridRequest = z.object({ communityId: ZId, name: ZOrgName('网格名称') })
export const ZRenameGridRequest = z.object({ name: ZOrgName('网格名称') })
const ZFlatsFields = z.object({
  unitNo: ZText().trim().min(1, '请填写单元').max(20, '单元最多20个字'),
  roomNos: z.array(ZText().trim().min(1, '门牌号不能为空').max(20, '门牌号最多20个字')).min(1, '请至少填写一个门牌号').max(200, '一个单元最多200户'),
})
export const ZBuildingRequest = z.object({
  communityId: ZId,
  gridId: ZId,
  estate: ZOrgName('小区名称'),
  name: ZOrgName('楼栋名称'),
  units: z.array(ZFlatsFields).max(50, '一栋楼最多50个单元').default([]),
})
export const ZUpdateBuildingRequest = ZBuildingRequest.pick({ gridId: true, estate: true, name: true })
export const ZAddFlatsRequest = ZFlatsFields

/** One community's grids and buildings, for its staff. */
export const ZCommunityOrg = z.object({
  communityId: z.number().int(),
  communityName: z.string(),
  grids: z.array(z.object({ id: z.number().int(), name: z.string(), buildings: z.number().int() })),
  buildings: z.array(
    z.object({ id: z.number().int(), gridId: z.number().int(), gridName: z.string(), estate: z.string(), name: z.string(), units: z.number().int(), households: z.number().int(), residents: z.number().int() }),
  ),
})
export const ZCommunityOrgQuery = z.object({ communityId: ZPositiveId.optional() })

/* ----------------------------------------------------------------- 台账导入 */

export const ZLedgerImportQuery = z.object({
  communityId: ZPositiveId.optional(),
  /** true: check the file and say what it would do, writing nothing. */
  dryRun: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
})
const ZCreatedExisting = z.object({ created: z.number().int(), existing: z.number().int() })
export const ZLedgerImportReport = z.object({
  communityId: z.number().int(),
  dryRun: z.boolean(),
  /** Written: only without problems, and not a dry run. */
  imported: z.boolean(),
  /** Rows read (empty rows left out). */
  rows: z.number().int(),
  grids: ZCreatedExisting,
  buildings: ZCreatedExisting,
  households: ZCreatedExisting,
  persons: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }),
  /** Every problem by row and column (the first 200; problemCount says how many). */
  problems: z.array(z.object({ row: z.number().int(), column: z.string().nullable(), message: z.string() })),
  problemCount: z.number().int(),
})

/* ----------------------------------------------------------------- 社区工作台 */

export const ZStaffOverviewQuery = z.object({ communityId: ZPositiveId.optional() })
/** What waits for staff of a community: the counts on the 工作台's entries. */
export const ZStaffOverview = z.object({
  communityId: z.number().int(),
  residencyApplications: z.number().int(),
  /** 双报到 waiting for staff: party members' reports and units' registrations. */
  partyReports: z.number().int(),
  unitRegistrations: z.number().int(),
  wishesToReview: z.number().int(),
  bookingsToApprove: z.number().int(),
  /** 积分超市 redemptions reserved and waiting to be handed out. */
  redemptionsToHandOut: z.number().int(),
  /** The community's published activities that take place today (China day), not cancelled. */
  activitiesToday: z.number().int(),
})

export type StaffOverview = z.infer<typeof ZStaffOverview>
export type LedgerImportReport = z.infer<typeof ZLedgerImportReport>
export type DistrictOrg = z.infer<typeof ZDistrictOrg>
export type CommunityOrg = z.infer<typeof ZCommunityOrg>
export type BuildingRequest = z.input<typeof ZBuildingRequest>
export type StaffInvite = z.infer<typeof ZStaffInvite>
export type StaffMember = z.infer<typeof ZStaffMember>
export type CommunityStaff = z.infer<typeof ZCommunityStaff>
export type StaffInvitePreview = z.infer<typeof ZStaffInvitePreview>
export type CreateStaffInviteRequest = z.input<typeof ZCreateStaffInviteRequest>
export type CommunityChoice = z.infer<typeof ZCommunityChoice>
export type AddressBook = z.infer<typeof ZAddressBook>
export type ResidencyApplicationRequest = z.input<typeof ZResidencyApplicationRequest>
export type ResidencyApplication = z.infer<typeof ZResidencyApplication>
export type StaffResidencyApplication = z.infer<typeof ZStaffResidencyApplication>
export type MyResidency = z.infer<typeof ZMyResidency>
export type ResidencyQueue = z.infer<typeof ZResidencyQueue>
export type HouseholdMember = z.infer<typeof ZHouseholdMember>
export type MyHousehold = z.infer<typeof ZMyHousehold>
export type HouseholdInvite = z.infer<typeof ZHouseholdInvite>
export type HouseholdInvitePreview = z.infer<typeof ZHouseholdInvitePreview>
export type AcceptHouseholdInviteRequest = z.input<typeof ZAcceptHouseholdInviteRequest>
export type StaffHousehold = z.infer<typeof ZStaffHousehold>
