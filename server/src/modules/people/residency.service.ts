import type { z } from 'zod'
import type { MyResidency, ResidencyApplication, ResidencyQueue, StaffResidencyApplication, ZResidencyApplicationRequest } from '../../../../types/api/people'
import type { ResidencyStatus } from '../../../../types/api/labels'
import { toApiInstant } from '../../../../types/time'
import type { AppContext } from '../../context'
import type { Tx } from '../../db/client'
import { AppError } from '../../http/app-error'
import { idKey, keysetCursor, pageOf } from '../../http/keyset-cursor'
import type { Principal } from '../../http/principal'
import { recordAudit } from '../audit/audit.service'
import { maskPhone } from '../org/org.domain'
import { remindResidencyResult } from '../reminders/reminders.service'
import { residencyActions } from './people.domain'
import * as repo from './people.repository'
import { addressOf, phoneOf, type Building } from './people.shared'

/** The staff queue pages by the last row's id. */
const QUEUE = keysetCursor(idKey)

/* ----------------------------------------------------------------- 住户认证 */

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

/**
 * 住户认证: an account asks to be the resident at an address of the community's own buildings. Staff of that
 * community decide. One application at a time per account (a unique index, so two taps make one).
 */
export async function applyForResidency(ctx: AppContext, principal: Principal, input: z.output<typeof ZResidencyApplicationRequest>): Promise<ResidencyApplication> {
  const building = await repo.findBuilding(ctx.db, input.buildingId)
  if (!building || building.communityId !== input.communityId) throw AppError.field('buildingId', '请从本社区的楼栋中选择')
  if (principal.householdId !== null && (await repo.findHouseholdAt(ctx.db, input.buildingId, input.unitNo, input.roomNo)) === principal.householdId) {
    throw new AppError('ALREADY_RESIDENT')
  }
  const phone = await phoneOf(ctx, input)
  const now = ctx.now()
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
  const afterId = QUEUE.decode(q.cursor)?.[0] ?? null
  const { rows, nextCursor } = pageOf(await repo.listApplications(ctx.db, { communityId: q.communityId, status: q.status, afterId, limit: q.limit }), q.limit, (a) => QUEUE.encode(a.id))
  return { items: await staffViews(ctx, principal, rows), nextCursor }
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
  const decided = await ctx.db.transaction((tx) => approveIn(tx, principal, id, input, now))
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
    if (!person || person.householdId !== householdId || person.anonymisedAt) throw AppError.field('personId', '这位居民不在申请的住址')
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
