import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StaffOverview } from '../../types/api/people'
import type { WishPage } from '../../types/api/wishes'
import { startWeapp, waitFor, type PageHandle, type Weapp } from './harness'

/*
 * The 社区工作台 on the compiled mini-program, as the staff persona (刘晓燕, 联通社区) of the demo district against the
 * real server: 我的 has one entry with the total waiting, which opens the 工作台 with each count the server gives;
 * 操作记录 shows the trail, including a wish the staff member just approved, and narrows it by kind.
 */

let w: Weapp
let staff: { authorization: string }
let lianTong = 0
let overview: StaffOverview

async function api<T>(url: string, method: 'GET' | 'POST' = 'GET', payload?: object): Promise<T> {
  const res = await w.backend.app.inject({ method, url, headers: staff, payload })
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300)
  return res.json() as T
}

beforeAll(async () => {
  w = await startWeapp()
  staff = { authorization: (await w.backend.loginAs('staff')).authorization }
  const communities = (await w.backend.app.inject({ method: 'GET', url: '/api/communities' })).json() as { items: { id: number; name: string }[] }
  lianTong = communities.items.find((c) => c.name === '联通社区')!.id
  // Something the trail records: the staff member approves one wish waiting for review (through the API).
  const queue = await api<WishPage>(`/api/staff/wishes?communityId=${lianTong}`)
  expect(queue.items.length).toBeGreaterThan(0)
  await api(`/api/staff/wishes/${queue.items[0]!.id}/approve`, 'POST', {})
  overview = await api<StaffOverview>(`/api/staff/overview?communityId=${lianTong}`)
  await w.loginAs('staff')
})
afterAll(() => w?.close())

const waiting = (o: StaffOverview) => o.residencyApplications + o.partyReports + o.unitRegistrations + o.wishesToReview + o.bookingsToApprove + o.redemptionsToHandOut

describe('社区工作台 on the phone', () => {
  let home: PageHandle

  it('我的 has one 社区工作台 entry with the total waiting, and opens it', async () => {
    const me = await w.open('/pages/me/index')
    await me.waitForText('社区工作台')
    const total = waiting(overview)
    await me.waitForText(total > 0 ? `${total}件待办 ›` : '进入 ›')
    // The pages themselves are on the 工作台.
    expect(me.text()).not.toContain('住户认证审核')
    expect(me.text()).not.toContain('积分超市管理')
    await me.tap('社区工作台')
    await waitFor(() => w.currentPage().route === 'packages/workbench/index/index', () => `still on ${w.currentPage().route}`)
    home = w.currentPage()
    await home.waitForText('待办事项')
    expect(w.missingTemplates).toEqual([])
  })

  it('shows each count the server gives, one tap from its list', async () => {
    await waitFor(() => home.byClass('workbench-tile').length === 6, () => home.text())
    const tiles = Object.fromEntries(home.byClass('workbench-tile').map((t) => [t.querySelector('[class*="workbench-tile__label"]')!.textContent, t.querySelector('[class*="workbench-tile__number"]')!.textContent]))
    expect(tiles).toEqual({
      住户认证: String(overview.residencyApplications),
      双报到: String(overview.partyReports + overview.unitRegistrations),
      心愿审核: String(overview.wishesToReview),
      预约审批: String(overview.bookingsToApprove),
      待核销: String(overview.redemptionsToHandOut),
      今日活动: String(overview.activitiesToday),
    })
    await home.tap(home.byClass('workbench-tile')[2]!)
    await waitFor(() => w.currentPage().route === 'packages/staff/wish-review/index', () => `still on ${w.currentPage().route}`)
    expect(w.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/packages/staff/wish-review/index' })
  })

  it('操作记录 shows the trail of 联通社区, with the approval just made, and narrows it by kind', async () => {
    const audit = await w.open(`/packages/workbench/audit/index?communityId=${lianTong}`)
    await waitFor(() => audit.byClass('audit-row').length > 0, () => audit.text())
    expect(audit.byClass('audit-row__who').map((el) => el.textContent)).toContain('刘晓燕')
    const first = w.requests.filter((r) => r.path.startsWith('/api/staff/audit?'))
    expect(first.map((r) => r.status)).toEqual([200])
    expect(new URLSearchParams(first[0]!.path.split('?')[1]).get('communityId')).toBe(String(lianTong))

    await audit.tap(audit.byClass('audit-filter__row')[0]!)
    await audit.waitForText('收起')
    await audit.tap('微心愿')
    await waitFor(() => w.requests.some((r) => r.path.startsWith('/api/staff/audit?') && r.path.includes('kind=wish')), () => JSON.stringify(w.requests.slice(-3)))
    // The approval is of that kind.
    await waitFor(() => audit.byClass('audit-row__who').some((el) => el.textContent === '刘晓燕'), () => audit.text())
    expect(w.requests.filter((r) => r.path.startsWith('/api/staff/audit')).every((r) => r.status === 200)).toBe(true)
    expect(w.missingTemplates).toEqual([])
  })
})
