import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SessionResponse } from '../../types/api/auth'
import type { Me } from '../../types/api/me'
import type { AddressBook } from '../../types/api/people'
import { confirmModals, startWeapp, tapChoice, waitFor, type ModalOptions, type Weapp } from './harness'

/*
 * 住户认证审核 on the compiled mini-program, on the staff persona's phone: a first-time WeChat user applied (through
 * the API, as residency-apply.test.ts does on the page); the 工作台 counts it on its tile, the queue shows it with the
 * 台账's members at that flat, and approving makes the applicant a resident of that household.
 */

let w: Weapp
const modals: ModalOptions[] = []
let applicantToken = ''

async function api<T>(url: string, token: string): Promise<T> {
  const res = await w.backend.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as T
}
const posts = () => w.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path} ${r.status}`)

beforeAll(async () => {
  w = await startWeapp()
  confirmModals(modals)
  // A newcomer's application to 联通社区, at the third building's 2单元 201.
  w.backend.wechat.codes.set('code-applicant', 'openid-applicant')
  const session = (await w.backend.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'code-applicant' } })).json() as SessionResponse
  applicantToken = session.token
  const communities = (await w.backend.app.inject({ method: 'GET', url: '/api/communities' })).json() as { items: { id: number; name: string }[] }
  const lianTong = communities.items.find((c) => c.name === '联通社区')!.id
  const book = await api<AddressBook>(`/api/communities/${lianTong}/address-book`, applicantToken)
  const applied = await w.backend.app.inject({
    method: 'POST',
    url: '/api/residency/applications',
    headers: { authorization: `Bearer ${applicantToken}` },
    payload: { communityId: lianTong, buildingId: book.buildings[2]!.id, unitNo: '2单元', roomNo: '201', name: '孙桂芳', phone: '13955550001', relationship: 'head' },
  })
  expect(applied.statusCode, applied.body).toBe(201)
  await w.loginAs('staff')
})
afterAll(() => w?.close())

describe('住户认证审核 on the phone', () => {
  it('staff find it in the queue, with who the 台账 has at that flat, and approve it as a new member', async () => {
    const me = await w.open('/pages/me/index')
    await me.waitForText('社区工作台')
    await waitFor(() => /\d+件待办/.test(me.text()), () => me.text())
    await me.tap('社区工作台')
    await waitFor(() => w.currentPage().route === 'packages/workbench/index/index', () => `still on ${w.currentPage().route}`)
    // The 工作台 counts the application on its tile.
    const workbench = w.currentPage()
    await waitFor(() => workbench.byClass('workbench-tile').length > 0, () => workbench.text())
    const tile = workbench.byClass('workbench-tile')[0]!
    expect(tile.textContent).toBe('住户认证1件待审核')
    await workbench.tap(tile)
    await waitFor(() => w.currentPage().route === 'packages/staff/residency/index', () => `still on ${w.currentPage().route}`)
    const queue = w.currentPage()
    await queue.waitForText('孙桂芳')
    expect(queue.text()).toContain('手机号：13955550001')
    expect(queue.text()).toContain('台账中这一户')
    expect(queue.text()).toContain('都不是，新建成员')
    await tapChoice(queue, 'residency-item__who', '都不是，新建成员')
    await queue.tap('通过')
    await queue.waitForText('没有待审核的申请')
    expect(modals.at(-1)).toMatchObject({ title: '通过住户认证' })
    expect(modals.at(-1)!.content).toBe('将为孙桂芳建立居民档案，加入这一户。')
    expect(posts().at(-1)).toMatch(/^POST \/api\/staff\/residency\/applications\/\d+\/approve 200$/)
    expect(w.missingTemplates).toEqual([])
  })

  it('the applicant is a resident of that household now', async () => {
    const me = await api<Me>('/api/me', applicantToken)
    expect(me).toMatchObject({ name: '孙桂芳', roles: ['resident'] })
    expect(me.household!.address).toContain('2单元 201')
    expect(me.household!.memberCount).toBeGreaterThan(1)
  })
})
