import { randomBytes } from 'node:crypto'
import type { z } from 'zod'
import type {
  AddressBook,
  CommunityChoice,
  HouseholdInvite,
  HouseholdInvitePreview,
  HouseholdMember,
  MyHousehold,
  MyResidency,
  ResidencyApplication,
  ResidencyQueue,
  StaffHousehold,
  StaffOverview,
  StaffResidencyApplication,
  ZAcceptHouseholdInviteRequest,
  ZResidencyApplicationRequest,
} from '../../../../types/api/people'
import type { HouseholdRelationship, ResidencyStatus } from '../../../../types/api/labels'
import { toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import { sqlState, type Tx } from '../../db/client'
import { AppError } from '../../http/app-error'
import type { Principal } from '../../http/principal'
import { recordPersonalDataAccess } from '../../privacy/access-log'
import { recordAudit } from '../audit/audit.service'
import { formatAddress, maskPhone, nameForOthers } from '../org/org.domain'
import { countBookingsToApprove } from '../booking/booking.service'
import { remindResidencyResult } from '../reminders/reminders.service'
import { countWishesToReview } from '../wishes/wishes.service'
import { buildingLabel, INVITE_VALID_DAYS, nearestCommunities, residencyActions } from './people.domain'
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
  if (principal.has('unit')) throw new AppError('UNIT_ACCOUNT_NOT_RESIDENT')
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

/* ----------------------------------------------------------------- 住户认证 */

type Building = NonNullable<Awaited<ReturnType<typeof repo.findBuilding>>>

function addressOf(b: Building, a: { unitNo: string; roomNo: string }): string {
  return formatAddress({ community: b.communityName, grid: b.gridName, estate: b.estate, building: b.name, unitNo: a.unitNo, roomNo: a.roomNo })
}

function toApplication(ctx: AppContext, principal: Principal, a: repo.ApplicationRow, building: Building): ResidencyApplication {
  const isApplicant = a.userId === principal.userId
  const isStaff = principal.isStaffOf(a.communityId)
  const phone = ctx.personalData.openPhone(a.phoneCipher) ?? ''
  return {
    id: a.id,
    communityId: a.communityId,
    communityName: building.communityName,
    address: addressOf(building, a),
    name: a.name,
    phone: isStaff && !isApplicant ? phone : (maskPhone(phone) ?? ''),
    birthYear: a.birthYear,
    relationship: a.relationship,
    status: a.status,
    rejectReason: a.rejectReason,
    createdAt: toApiInstant(a.createdAt),
    decidedAt: a.decidedAt ? toApiInstant(a.decidedAt) : null,
    actions: residencyActions(a.status, { isApplicant, isStaff }),
  }
}

/** The number an applicant or a joining family member gives: typed, or from WeChat's phone button. */
async function phoneOf(ctx: AppContext, input: { phone?: string; phoneCode?: string }): Promise<string> {
  return input.phoneCode ? ctx.wechat.phoneNumber(input.phoneCode) : input.phone!
}

function fieldError(field: string, message: string) {
  return new AppError('VALIDATION_FAILED', { message: `提交的内容有误：${message}`, details: [{ path: `body.${field}`, message }] })
}

/**
 * 住户认证: an account asks to be the resident at an address of the community's own buildings. Staff of that
 * community decide. One application at a time per account (a unique index, so two taps make one).
 */
export async function applyForResidency(ctx: AppContext, principal: Principal, input: z.output<typeof ZResidencyApplicationRequest>): Promise<ResidencyApplication> {
  if (principal.has('unit')) throw new AppError('UNIT_ACCOUNT_NOT_RESIDENT')
  const building = await repo.findBuilding(ctx.db, input.buildingId)
  if (!building || building.communityId !== input.communityId) throw fieldError('buildingId', '请从本社区的楼栋中选择')
  if (principal.householdId !== null && (await repo.findHouseholdAt(ctx.db, input.buildingId, input.unitNo, input.roomNo)) === principal.householdId) {
    throw new AppError('ALREADY_RESIDENT')
  }
  const phone = await phoneOf(ctx, input)
  const now = ctx.now()
  try {
    const row = await ctx.db.transaction(async (tx) => {
      await repo.lockUser(tx, principal.userId)
      const created = await repo.insertApplication(tx, {
        userId: principal.userId,
        communityId: input.communityId,
        buildingId: input.buildingId,
        unitNo: input.unitNo,
        roomNo: input.roomNo,
        name: input.name,
        ...ctx.personalData.sealPhone(phone),
        birthYear: input.birthYear ?? null,
        relationship: input.relationship,
        createdAt: now,
      })
      // Until the decision, the account belongs where it applied (its home shows that community).
      if (principal.householdId === null) await repo.setUserCommunity(tx, principal.userId, input.communityId)
      return created
    })
    return toApplication(ctx, principal, row, building)
  } catch (err) {
    if (sqlState(err) === '23505') throw new AppError('RESIDENCY_PENDING', { cause: err })
    throw err
  }
}

export async function getMyResidency(ctx: AppContext, principal: Principal): Promise<MyResidency> {
  const row = await repo.latestApplicationOf(ctx.db, principal.userId)
  if (!row) return { application: null }
  const building = (await repo.findBuilding(ctx.db, row.buildingId))!
  return { application: toApplication(ctx, principal, row, building) }
}

export async function withdrawResidency(ctx: AppContext, principal: Principal, id: number): Promise<ResidencyApplication> {
  const now = ctx.now()
  const row = await ctx.db.transaction(async (tx) => {
    const a = await repo.lockApplication(tx, id)
    if (!a || a.userId !== principal.userId) throw new AppError('NOT_FOUND')
    if (a.status !== 'pending') throw new AppError('RESIDENCY_STATE_CONFLICT')
    if (!(await repo.settleApplication(tx, id, { status: 'withdrawn', decidedAt: now }))) throw new AppError('RESIDENCY_STATE_CONFLICT')
    return { ...a, status: 'withdrawn' as const, decidedAt: now }
  })
  return toApplication(ctx, principal, row, (await repo.findBuilding(ctx.db, row.buildingId))!)
}

/** Staff's queue: a community's applications in one status, each with who the 台账 has at that address. */
export async function listResidencyQueue(
  ctx: AppContext,
  principal: Principal,
  q: { communityId: number; status: ResidencyStatus; cursor?: string; limit: number },
): Promise<ResidencyQueue> {
  principal.assertStaffOf(q.communityId)
  const afterId = q.cursor ? Number(q.cursor) : null
  const rows = await repo.listApplications(ctx.db, { communityId: q.communityId, status: q.status, afterId, limit: q.limit })
  const page = rows.slice(0, q.limit)
  const items = await staffViews(ctx, principal, page)
  return { items, nextCursor: rows.length > q.limit ? String(page.at(-1)!.id) : null }
}

async function staffViews(ctx: AppContext, principal: Principal, rows: repo.ApplicationRow[]): Promise<StaffResidencyApplication[]> {
  const [buildingMap, householdRows] = await Promise.all([repo.buildingsById(ctx.db, rows.map((r) => r.buildingId)), repo.householdsAt(ctx.db, rows)])
  const householdOf = (a: repo.ApplicationRow) => householdRows.find((h) => h.buildingId === a.buildingId && h.unitNo === a.unitNo && h.roomNo === a.roomNo)?.id ?? null
  const members = await repo.householdMembers(ctx.db, [...new Set(rows.map(householdOf).filter((id): id is number => id !== null))])
  return rows.map((a) => {
    const householdId = householdOf(a)
    return {
      ...toApplication(ctx, principal, a, buildingMap.get(a.buildingId)!),
      household:
        householdId === null
          ? null
          : {
              id: householdId,
              members: members
                .filter((m) => m.householdId === householdId)
                .map((m) => ({ personId: m.personId, name: m.name, relationship: m.relationship, birthYear: m.birthYear, hasAccount: m.userId !== null, sameName: m.name === a.name })),
            },
    }
  })
}

/**
 * Staff approve an application: the applicant becomes the person of the 台账 they are (`personId`, one without an
 * account), or a new person; in the household at that address (created if the 台账 has none). An applicant who
 * already is a person (moving house) moves, leaving their points with the household they lived in. The applicant
 * is told by 订阅消息; the approval is in the audit trail.
 */
export async function approveResidency(ctx: AppContext, principal: Principal, id: number, input: { personId?: number }): Promise<StaffResidencyApplication> {
  const now = ctx.now()
  const decided = await ctx.db.transaction((tx) => approveIn(tx, principal, id, input, now)).catch((err: unknown) => {
    // One account per person (users.person_id is unique): the person lock makes this a safety net only.
    if (sqlState(err) === '23505') throw new AppError('PERSON_HAS_ACCOUNT', { cause: err })
    throw err
  })
  return (await staffViews(ctx, principal, [decided]))[0]!
}

/** The approval, in its transaction. */
async function approveIn(tx: Tx, principal: Principal, id: number, input: { personId?: number }, now: Date) {
  const a = await decidable(tx, principal, id)
  // Lock order: the application, then the applicant's account, then a person.
  const user = (await repo.lockUser(tx, a.userId))!
  // An account deleted (注销) since it applied is nobody to bind.
  if (user.deletedAt) throw new AppError('RESIDENCY_STATE_CONFLICT')
  const building = (await repo.findBuilding(tx, a.buildingId))!
  const householdId = (await repo.findHouseholdAt(tx, a.buildingId, a.unitNo, a.roomNo)) ?? (await repo.insertHousehold(tx, { communityId: a.communityId, buildingId: a.buildingId, unitNo: a.unitNo, roomNo: a.roomNo }))
  const identity = { name: a.name, phoneCipher: a.phoneCipher, phoneHash: a.phoneHash, phoneTail: a.phoneTail, relationship: a.relationship }
  let personId: number
  if (input.personId !== undefined) {
    if (user.personId !== null) throw new AppError('RESIDENCY_PERSON_CONFLICT')
    const person = await repo.lockPerson(tx, input.personId)
    if (!person || person.householdId !== householdId || person.anonymisedAt) throw fieldError('personId', '这位居民不在申请的住址')
    if ((await repo.accountOfPerson(tx, person.id)) !== null) throw new AppError('PERSON_HAS_ACCOUNT')
    await repo.updatePerson(tx, person.id, { ...identity, birthYear: a.birthYear ?? person.birthYear })
    personId = person.id
  } else if (user.personId !== null) {
    personId = user.personId
    await repo.updatePerson(tx, personId, { ...identity, communityId: a.communityId, householdId, birthYear: a.birthYear })
  } else {
    personId = await repo.insertPerson(tx, { ...identity, communityId: a.communityId, householdId, birthYear: a.birthYear })
  }
  await repo.setUserPerson(tx, a.userId, personId, a.communityId)
  await repo.grantResident(tx, a.userId)
  if (!(await repo.settleApplication(tx, a.id, { status: 'approved', decidedByUserId: principal.userId, decidedAt: now, personId }))) throw new AppError('RESIDENCY_STATE_CONFLICT')
  await recordAudit(tx, { actorUserId: principal.userId, action: 'residency.approve', communityId: a.communityId, subjectType: 'residency_application', subjectId: a.id, detail: { personId, householdId, boundExisting: input.personId !== undefined }, at: now })
  await remindResidencyResult(tx, { userId: a.userId, applicationId: a.id, outcome: 'approved', communityName: building.communityName, address: `${building.estate}${building.name}${a.unitNo}${a.roomNo}`, decidedAt: now, note: '积分、志愿服务和场地预约已可使用' })
  return { ...a, status: 'approved' as const, decidedAt: now, decidedByUserId: principal.userId, personId }
}

export async function rejectResidency(ctx: AppContext, principal: Principal, id: number, reason: string): Promise<StaffResidencyApplication> {
  const now = ctx.now()
  const decided = await ctx.db.transaction(async (tx) => {
    const a = await decidable(tx, principal, id)
    const building = (await repo.findBuilding(tx, a.buildingId))!
    if (!(await repo.settleApplication(tx, a.id, { status: 'rejected', rejectReason: reason, decidedByUserId: principal.userId, decidedAt: now }))) throw new AppError('RESIDENCY_STATE_CONFLICT')
    await recordAudit(tx, { actorUserId: principal.userId, action: 'residency.reject', communityId: a.communityId, subjectType: 'residency_application', subjectId: a.id, detail: { reason }, at: now })
    await remindResidencyResult(tx, { userId: a.userId, applicationId: a.id, outcome: 'rejected', communityName: building.communityName, address: `${building.estate}${building.name}${a.unitNo}${a.roomNo}`, decidedAt: now, note: reason })
    return { ...a, status: 'rejected' as const, rejectReason: reason, decidedAt: now, decidedByUserId: principal.userId }
  })
  return (await staffViews(ctx, principal, [decided]))[0]!
}

/** The application, locked, if this staff member may decide it now. */
async function decidable(tx: Tx, principal: Principal, id: number): Promise<repo.ApplicationRow> {
  const a = await repo.lockApplication(tx, id)
  if (!a) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(a.communityId)
  if (a.userId === principal.userId) throw new AppError('SELF_APPROVAL_FORBIDDEN')
  if (a.status !== 'pending') throw new AppError('RESIDENCY_STATE_CONFLICT')
  return a
}

/* ----------------------------------------------------------------- my household */

function householdAddress(h: NonNullable<Awaited<ReturnType<typeof repo.findHousehold>>>): string {
  return formatAddress({ community: h.communityName, grid: h.gridName, estate: h.estate, building: h.building, unitNo: h.unitNo, roomNo: h.roomNo })
}

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
  if (principal.has('unit')) throw new AppError('UNIT_ACCOUNT_NOT_RESIDENT')
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

export async function getStaffHousehold(ctx: AppContext, principal: Principal, id: number): Promise<StaffHousehold> {
  const household = await repo.findHousehold(ctx.db, id)
  if (!household) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(household.communityId)
  const members = await repo.householdMembers(ctx.db, [id])
  await recordPersonalDataAccess(ctx.db, { actorUserId: principal.userId, subjectPersonIds: members.map((m) => m.personId).filter((p) => p !== principal.personId), purpose: 'household_members', at: ctx.now() })
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
export async function removeHouseholdMember(ctx: AppContext, principal: Principal, householdId: number, personId: number): Promise<StaffHousehold> {
  const household = await repo.findHousehold(ctx.db, householdId)
  if (!household) throw new AppError('NOT_FOUND')
  principal.assertStaffOf(household.communityId)
  if (principal.householdId === householdId) throw new AppError('SELF_APPROVAL_FORBIDDEN', { message: '不能处理自己家庭的成员，请由其他工作人员处理' })
  const now = ctx.now()
  await ctx.db.transaction(async (tx) => {
    const person = await repo.lockPerson(tx, personId)
    if (!person || person.householdId !== householdId) throw new AppError('NOT_FOUND')
    await repo.updatePerson(tx, personId, { householdId: null })
    await recordAudit(tx, { actorUserId: principal.userId, action: 'household.remove_member', communityId: household.communityId, subjectType: 'household', subjectId: householdId, detail: { personId }, at: now })
  })
  return getStaffHousehold(ctx, principal, householdId)
}

/* ----------------------------------------------------------------- 社区工作台 */

/** The counts on the 工作台's entries: applications, wishes to review, bookings to approve. */
export async function getStaffOverview(ctx: AppContext, principal: Principal, requested?: number): Promise<StaffOverview> {
  const communityId = principal.staffScope(requested)
  const [residencyApplications, wishesToReview, bookingsToApprove] = await Promise.all([
    repo.countPendingApplications(ctx.db, communityId),
    countWishesToReview(ctx.db, communityId),
    countBookingsToApprove(ctx.db, communityId, ctx.now()),
  ])
  return { communityId, residencyApplications, wishesToReview, bookingsToApprove }
}

/* ----------------------------------------------------------------- personal data (PIPL) */

/** The account's 住户认证 applications as its data export lists them: the number in clear (it is the person's own). */
export async function residencyApplicationsForExport(ctx: AppContext, userId: number): Promise<Record<string, unknown>[]> {
  const rows = await repo.applicationsOf(ctx.db, userId)
  const buildingMap = await repo.buildingsById(ctx.db, rows.map((r) => r.buildingId))
  return rows.map((a) => ({
    id: a.id,
    address: addressOf(buildingMap.get(a.buildingId)!, a),
    name: a.name,
    phone: ctx.personalData.openPhone(a.phoneCipher),
    birthYear: a.birthYear,
    relationship: a.relationship,
    status: a.status,
    rejectReason: a.rejectReason,
    createdAt: toApiInstant(a.createdAt),
    decidedAt: a.decidedAt ? toApiInstant(a.decidedAt) : null,
  }))
}

/** 注销: the account's applications lose the name and number they carried; one still pending is withdrawn. */
export async function eraseResidencyApplications(tx: Tx, userId: number, anonymisedName: string, now: Date): Promise<void> {
  await repo.eraseApplicationsOf(tx, userId, anonymisedName, now)
}
