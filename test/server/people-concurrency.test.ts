import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq, inArray } from 'drizzle-orm'
import { auditLog, householdInvites, households, persons, users } from '../../server/src/db/schema'
import type { SessionResponse } from '../../types/api/auth'
import type { AddressBook, HouseholdInvite, ResidencyApplication } from '../../types/api/people'
import { demoLookup } from '../support/demo-lookup'
import { createTestApp, type TestApp } from '../support/test-app'
import { onPostgres } from '../support/test-database'

/*
 * 住户认证 and family invitations under real concurrency: PostgreSQL only (PGlite runs one transaction at a time).
 * An application is decided once however many staff press at once; a person of the 台账 is bound to one account;
 * an invitation lets one person in; one account applies once.
 */
describe.runIf(onPostgres)('people under concurrency on PostgreSQL', () => {
  type As = { authorization: string }
  let t: TestApp
  let staffs: As[]
  let lianTong: number
  let building: number
  let seq = 0

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 10 })
    const look = demoLookup(t.handle.db)
    lianTong = await look.communityId('联通社区')
    // Ten staff members of 联通社区.
    const people = await look.peopleWithoutAccount(lianTong)
    staffs = []
    for (const p of people.slice(0, 10)) staffs.push(await t.actAsPerson(p.id, [{ role: 'resident' }, { role: 'staff', communityId: lianTong }]))
    building = ((await get('/api/communities/' + lianTong + '/address-book', staffs[0]!)).json() as AddressBook).buildings[0]!.id
  }, 120_000)
  afterAll(() => t?.close())

  const get = (url: string, as: As) => t.app.inject({ method: 'GET', url, headers: as })
  const post = (url: string, as: As, payload: object = {}) => t.app.inject({ method: 'POST', url, headers: as, payload })

  async function newcomer(): Promise<As & { userId: number }> {
    const n = ++seq
    t.wechat.codes.set(`code-rush-${n}`, `openid-rush-${n}`)
    const session = (await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: `code-rush-${n}` } })).json() as SessionResponse
    return { authorization: `Bearer ${session.token}`, userId: session.me.id }
  }
  const apply = (as: As, over: Record<string, unknown> = {}) =>
    post('/api/residency/applications', as, { communityId: lianTong, buildingId: building, unitNo: '5单元', roomNo: `9${String(seq).padStart(2, '0')}`, name: '并发测试', phone: '13966660000', relationship: 'head', ...over })

  it('ten staff approving one application at once: approved once, one person, one audit row', async () => {
    const applicant = await newcomer()
    const app = (await apply(applicant)).json() as ResidencyApplication
    const answers = await Promise.all(staffs.map((s) => post(`/api/staff/residency/applications/${app.id}/approve`, s)))
    const codes = answers.map((r) => (r.statusCode === 200 ? 200 : r.json().code))
    console.log(`[residency rush] 10 approvals of one application: ${codes.filter((c) => c === 200).length} × 200, ${codes.filter((c) => c === 'RESIDENCY_STATE_CONFLICT').length} × 409`)
    expect(codes.filter((c) => c === 200)).toHaveLength(1)
    expect(codes.filter((c) => c === 'RESIDENCY_STATE_CONFLICT')).toHaveLength(9)
    const [account] = await t.handle.db.select().from(users).where(eq(users.id, applicant.userId))
    expect(await t.handle.db.select().from(persons).where(eq(persons.id, account!.personId!))).toHaveLength(1)
    expect(await t.handle.db.select().from(auditLog).where(eq(auditLog.subjectId, String(app.id)))).toHaveLength(1)
  })

  it('twenty accounts claiming one person of the 台账 at once: bound to exactly one', async () => {
    const look = demoLookup(t.handle.db)
    const [who] = await look.peopleWithoutAccount(lianTong)
    const [household] = await t.handle.db.select().from(persons).where(eq(persons.id, who!.id))
    const [address] = await t.handle.db.select().from(households).where(eq(households.id, household!.householdId!))
    const applicants = await Promise.all(Array.from({ length: 20 }, () => newcomer()))
    const apps = await Promise.all(applicants.map(async (a) => (await apply(a, { buildingId: address!.buildingId, unitNo: address!.unitNo, roomNo: address!.roomNo, name: who!.name })).json() as ResidencyApplication))
    const answers = await Promise.all(apps.map((a, i) => post(`/api/staff/residency/applications/${a.id}/approve`, staffs[i % staffs.length]!, { personId: who!.id })))
    const codes = answers.map((r) => (r.statusCode === 200 ? 200 : r.json().code))
    console.log(`[residency rush] 20 accounts for one person: ${codes.filter((c) => c === 200).length} × 200, ${codes.filter((c) => c === 'PERSON_HAS_ACCOUNT').length} × 409`)
    expect(codes.filter((c) => c === 200)).toHaveLength(1)
    expect(codes.filter((c) => c === 'PERSON_HAS_ACCOUNT')).toHaveLength(19)
    expect(await t.handle.db.select().from(users).where(eq(users.personId, who!.id))).toHaveLength(1)
  })

  it('one invitation accepted by twenty at once: one joins', async () => {
    const head = await newcomer()
    const app = (await apply(head)).json() as ResidencyApplication
    expect((await post(`/api/staff/residency/applications/${app.id}/approve`, staffs[0]!)).statusCode).toBe(200)
    const invite = (await post('/api/household/invites', head)).json() as HouseholdInvite
    const relatives = await Promise.all(Array.from({ length: 20 }, () => newcomer()))
    const answers = await Promise.all(relatives.map((r, i) => post(`/api/household-invites/${invite.code}/accept`, r, { name: `家人${i}`, phone: '13966661111', relationship: 'child' })))
    const codes = answers.map((r) => (r.statusCode === 200 ? 200 : r.json().code))
    expect(codes.filter((c) => c === 200)).toHaveLength(1)
    expect(codes.filter((c) => c === 'INVITE_USED')).toHaveLength(19)
    const joined = await t.handle.db.select().from(users).where(inArray(users.id, relatives.map((r) => r.userId)))
    expect(joined.filter((u) => u.personId !== null)).toHaveLength(1)
    const [spent] = await t.handle.db.select().from(householdInvites).where(eq(householdInvites.code, invite.code))
    expect(spent!.usedByUserId).toBe(joined.find((u) => u.personId !== null)!.id)
  })

  it('one account pressing 提交 ten times at once: one application', async () => {
    const applicant = await newcomer()
    const answers = await Promise.all(Array.from({ length: 10 }, () => apply(applicant)))
    const codes = answers.map((r) => (r.statusCode === 201 ? 201 : r.json().code))
    expect(codes.filter((c) => c === 201)).toHaveLength(1)
    expect(codes.filter((c) => c === 'RESIDENCY_PENDING')).toHaveLength(9)
  })
})
