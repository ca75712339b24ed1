import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, eq } from 'drizzle-orm'
import { auditLog, partyReports, roleGrants, unitMembers, units } from '../../server/src/db/schema'
import type { SessionResponse } from '../../types/api/auth'
import type { MyPartyReport, MyUnit, UnitInvite } from '../../types/api/dual-reporting'
import { demoLookup } from '../support/demo-lookup'
import { createTestApp, type TestApp } from '../support/test-app'
import { onPostgres } from '../support/test-database'

/*
 * 双报到 under real concurrency: PostgreSQL only (PGlite runs one transaction at a time). A report or a registration
 * is decided once however many staff press at once; a party member reports once however often they tap; an account
 * joins one unit even when it opens two units' invitations at once; and a unit whose admins all leave at once still
 * has one.
 */
describe.runIf(onPostgres)('双报到 under concurrency on PostgreSQL', () => {
  type As = { authorization: string }
  let t: TestApp
  let look: ReturnType<typeof demoLookup>
  let staffs: As[]
  let lianTong: number
  let seq = 0

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 10 })
    look = demoLookup(t.handle.db)
    lianTong = await look.communityId('联通社区')
    const people = await look.peopleWithoutAccount(lianTong)
    staffs = []
    for (const p of people.slice(0, 10)) staffs.push(await t.actAsPerson(p.id, [{ role: 'resident' }, { role: 'staff', communityId: lianTong }]))
    residents = people.slice(10)
  }, 120_000)
  afterAll(() => t?.close())
  let residents: Awaited<ReturnType<typeof look.peopleWithoutAccount>>

  const post = (url: string, as: As, payload: object = {}) => t.app.inject({ method: 'POST', url, headers: as, payload })
  const codesOf = (answers: { statusCode: number; json: () => { code?: string } }[]) => answers.map((r) => (r.statusCode < 300 ? r.statusCode : r.json().code))

  async function newcomer(): Promise<As & { userId: number }> {
    const n = ++seq
    t.wechat.codes.set(`code-dual-rush-${n}`, `openid-dual-rush-${n}`)
    const session = (await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: `code-dual-rush-${n}` } })).json() as SessionResponse
    return { authorization: `Bearer ${session.token}`, userId: session.me.id }
  }
  const resident = async () => t.actAsPerson(residents.shift()!.id)
  let unitSeq = 0
  async function approvedUnit() {
    const admin = await newcomer()
    const registered = (await post('/api/units', admin, { communityId: lianTong, name: `并发测试单位${++unitSeq}`, contactName: '孙志强', phone: '13945670000' })).json() as MyUnit
    expect((await post(`/api/staff/units/${registered.unit!.id}/approve`, staffs[0]!)).statusCode).toBe(200)
    return { unitId: registered.unit!.id, admin }
  }

  it('ten staff confirming one party member’s report at once: confirmed once, one role, one audit row', async () => {
    const member = await resident()
    const sent = (await post('/api/party-reports', member, { workplace: '爱辉区人民法院', partyOrganisation: '爱辉区人民法院机关党支部' })).json() as MyPartyReport
    const codes = codesOf(await Promise.all(staffs.map((s) => post(`/api/staff/party-reports/${sent.report!.id}/approve`, s))))
    console.log(`[party rush] 10 confirmations of one report: ${codes.filter((c) => c === 200).length} × 200, ${codes.filter((c) => c === 'REPORT_STATE_CONFLICT').length} × 409`)
    expect(codes.filter((c) => c === 200)).toHaveLength(1)
    expect(codes.filter((c) => c === 'REPORT_STATE_CONFLICT')).toHaveLength(9)
    expect(await t.handle.db.select().from(roleGrants).where(and(eq(roleGrants.userId, member.userId), eq(roleGrants.role, 'party_member')))).toHaveLength(1)
    expect(await t.handle.db.select().from(auditLog).where(and(eq(auditLog.action, 'party.approve'), eq(auditLog.subjectId, String(sent.report!.id))))).toHaveLength(1)
  })

  it('a member tapping 报到 twenty times at once: one report', async () => {
    const member = await resident()
    const codes = codesOf(await Promise.all(Array.from({ length: 20 }, () => post('/api/party-reports', member, { workplace: '爱辉区人民法院', partyOrganisation: '爱辉区人民法院机关党支部' }))))
    expect(codes.filter((c) => c === 201)).toHaveLength(1)
    expect(codes.filter((c) => c === 'PARTY_REPORT_EXISTS')).toHaveLength(19)
    expect(await t.handle.db.select().from(partyReports).where(eq(partyReports.userId, member.userId))).toHaveLength(1)
  })

  it('ten staff approving one unit at once, and ten colleagues registering one name: one unit, one admin', async () => {
    const registrant = await newcomer()
    const registered = (await post('/api/units', registrant, { communityId: lianTong, name: '并发测试医院', contactName: '孙志强', phone: '13945670000' })).json() as MyUnit
    const codes = codesOf(await Promise.all(staffs.map((s) => post(`/api/staff/units/${registered.unit!.id}/approve`, s))))
    expect(codes.filter((c) => c === 200)).toHaveLength(1)
    expect(await t.handle.db.select().from(unitMembers).where(eq(unitMembers.unitId, registered.unit!.id))).toHaveLength(1)

    const colleagues = await Promise.all(Array.from({ length: 10 }, () => newcomer()))
    const named = codesOf(await Promise.all(colleagues.map((c) => post('/api/units', c, { communityId: lianTong, name: '并发测试学校', contactName: '孙志强', phone: '13945670000' }))))
    console.log(`[unit rush] 10 registrations of one name: ${named.filter((c) => c === 201).length} × 201, ${named.filter((c) => c === 'UNIT_REGISTRATION_EXISTS').length} × 409`)
    expect(named.filter((c) => c === 201)).toHaveLength(1)
    expect(named.filter((c) => c === 'UNIT_REGISTRATION_EXISTS')).toHaveLength(9)
    expect(await t.handle.db.select().from(units).where(eq(units.name, '并发测试学校'))).toHaveLength(1)
  })

  it('one account opening two units’ invitations ten times at once: a member of exactly one', async () => {
    const [a, b] = [await approvedUnit(), await approvedUnit()]
    const invites = await Promise.all([a, b].map(async (u) => ((await post('/api/units/mine/invites', u.admin)).json() as UnitInvite).code))
    const joiner = await newcomer()
    const codes = codesOf(await Promise.all(Array.from({ length: 10 }, (_, i) => post(`/api/unit-invites/${invites[i % 2]}/accept`, joiner, { name: '并发同事' }))))
    expect(codes.filter((c) => c === 200)).toHaveLength(1)
    expect(codes.filter((c) => c === 'ALREADY_IN_UNIT')).toHaveLength(9)
    expect(await t.handle.db.select().from(unitMembers).where(eq(unitMembers.userId, joiner.userId))).toHaveLength(1)
  })

  it('every admin of a unit leaving at once: the unit keeps exactly one admin among those who stay', async () => {
    const { unitId, admin } = await approvedUnit()
    const code = ((await post('/api/units/mine/invites', admin)).json() as UnitInvite).code
    const people = await Promise.all(Array.from({ length: 6 }, () => newcomer()))
    for (const p of people) expect((await post(`/api/unit-invites/${code}/accept`, p, { name: '单位同事' })).statusCode).toBe(200)
    // Three more admins (made directly: the product promotes only when the last admin goes).
    const admins = [admin, ...people.slice(0, 3)]
    for (const p of people.slice(0, 3)) await t.handle.db.update(unitMembers).set({ role: 'admin' }).where(eq(unitMembers.userId, p.userId))
    const codes = codesOf(await Promise.all(admins.map((a) => post(`/api/units/mine/members/${a.userId}/remove`, a))))
    expect(codes.every((c) => c === 200)).toBe(true)
    const left = await t.handle.db.select().from(unitMembers).where(eq(unitMembers.unitId, unitId))
    expect(left).toHaveLength(3)
    expect(left.filter((m) => m.role === 'admin')).toHaveLength(1)
  })
})
