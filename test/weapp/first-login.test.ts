import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWeapp, waitFor, type Weapp } from './harness'

let w: Weapp
beforeAll(async () => {
  w = await startWeapp()
})
afterAll(() => w?.close())

describe('a first-time WeChat user (nothing stored on the phone)', () => {
  it('is logged in silently through wx.login, picks 联通社区 and sees its home', async () => {
    w.wechatUser.openid = 'openid-first-visit'
    expect(w.storage.size).toBe(0)

    const page = await w.open('/pages/index/index')
    await page.waitForText('请选择您所在的社区')

    // 401 without a session → wx.login → the code goes to the server, which asks (fake) WeChat for the openid.
    // (The 订阅消息 template ids, public, are fetched alongside.)
    const calls = w.requests.map((r) => `${r.method} ${r.path} ${r.status}`).filter((c) => c !== 'GET /api/reminders/templates 200')
    expect(calls.slice(0, 3)).toEqual(['GET /api/me 401', 'POST /api/auth/wechat 200', 'GET /api/me 200'])
    expect(w.backend.wechat.calls.map((c) => c.query.js_code)).toEqual(['weapp-code-1'])
    expect(w.storage.get('doorstep.session-token')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)

    // A brand-new account belongs to no community, so the page offers them all.
    await page.waitForText('联通社区')
    expect(w.requests.some((r) => r.path === '/api/communities' && r.status === 200)).toBe(true)
    expect(page.text()).not.toContain('联通社区党群服务中心')
    expect(w.missingTemplates).toEqual([])

    await page.tap('联通社区')
    await page.waitForText('联通社区党群服务中心')

    const home = w.requests.filter((r) => r.path.startsWith('/api/home')).at(-1)!
    expect(home.path).toMatch(/^\/api\/home\?communityId=\d+$/)
    const communityId = Number(home.path.split('=')[1])
    // The choice is remembered on the phone.
    expect(w.storage.get('doorstep.community')).toBe(communityId)
    expect(page.byClass('home-header__community').map((el) => el.textContent)).toEqual(['联通社区'])
    expect(page.text()).toContain('您好，微信用户')
    // A visitor who only browses may switch community again.
    expect(page.text()).toContain('切换社区 ›')
    await waitFor(() => page.byClass('section-title').length === 2, () => page.text())
    expect(page.byClass('section-title')[1]!.textContent).toMatch(/^\d{4}年\d{1,2}月活动（\d+场）$/)
    // Still one login for the whole journey.
    expect(w.backend.wechat.calls).toHaveLength(1)
  })
})
