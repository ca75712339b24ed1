import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HomeResponse } from '../../types/api/org'
import { startWeapp, type Weapp } from './harness'

let w: Weapp
let home: HomeResponse
beforeAll(async () => {
  w = await startWeapp()
  const session = await w.loginAs('resident')
  // What the server says her home page holds, to compare the rendered page against.
  const res = await w.backend.app.inject({ method: 'GET', url: '/api/home', headers: { authorization: `Bearer ${session.token}` } })
  home = res.json() as HomeResponse
})
afterAll(() => w?.close())

describe('首页, logged in as the resident persona', () => {
  it('shows her community, its stations and this month\'s events', async () => {
    const page = await w.open('/pages/index/index')
    await page.waitForText('联通社区党群服务中心')

    expect(page.byClass('home-header__community').map((el) => el.textContent)).toEqual(['联通社区'])
    expect(page.text()).toContain('您好，张秀兰')
    expect(page.text()).toContain('联通社区第三网格党群服务驿站')
    // A resident placed in a community cannot switch to another.
    expect(page.text()).not.toContain('切换社区')

    // The events section: its title counts the month's events and each one has a card.
    expect(home.events.length).toBeGreaterThan(0)
    const [year, month] = home.month.split('-')
    const titles = page.byClass('section-title').map((el) => el.textContent)
    expect(titles).toEqual(['服务阵地', `${year}年${Number(month)}月活动（${home.events.length}场）`])
    expect(page.byClass('event-item__title').map((el) => el.textContent)).toEqual(home.events.map((e) => e.title))
    expect(w.missingTemplates).toEqual([])
    // Besides the page's own two, the 订阅消息 template ids are fetched once for the whole app (PageShell).
    expect(w.requests.map((r) => `${r.method} ${r.path} ${r.status}`).sort()).toEqual(['GET /api/home 200', 'GET /api/me 200', 'GET /api/reminders/templates 200'])
  })
})
