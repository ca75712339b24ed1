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
  it('shows her community, the entry grid, the events still to come, its stations and the 心愿墙', async () => {
    const page = await w.open('/pages/index/index')
    await page.waitForText('联通社区党群服务中心')

    expect(page.byClass('home-header__community').map((el) => el.textContent)).toEqual(['联通社区'])
    expect(page.text()).toContain('您好，张秀兰')
    expect(page.text()).toContain('联通社区第三网格党群服务驿站')
    // A resident placed in a community cannot switch to another.
    expect(page.text()).not.toContain('切换社区')

    // The entry grid: every job one tap away.
    expect(page.byClass('home-grid__label').map((el) => el.textContent)).toEqual(['发心愿', '预约场地', '志愿活动', '我的积分', '心愿墙', '活动预告', '我的预约', '积分超市'])
    // 近期活动: what has not ended yet, at most three, in the server's order; the month's list is under 活动预告.
    const coming = home.events.filter((e) => e.phase === 'upcoming' || e.phase === 'ongoing')
    expect(page.byClass('section-title').map((el) => el.textContent)).toEqual(['近期活动全部活动预告 ›', '服务阵地'])
    expect(page.byClass('event-item__title').map((el) => el.textContent)).toEqual(coming.slice(0, 3).map((e) => e.title))
    // The 心愿墙's figures of her community.
    await page.waitForText('本月圆梦')
    expect(w.missingTemplates).toEqual([])
    // Besides the page's own three, the 订阅消息 template ids are fetched once for the whole app (PageShell).
    expect(w.requests.map((r) => `${r.method} ${r.path} ${r.status}`).sort()).toEqual(['GET /api/home 200', 'GET /api/me 200', 'GET /api/reminders/templates 200', 'GET /api/wishes/wall 200'])
  })
})
