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

    // The choice is kept on the server: the account now belongs to 联通社区 (until 住户认证 places it at an address),
    // and its home is its own community's.
    const put = w.requests.find((r) => r.method === 'PUT' && r.path === '/api/me/community')!
    expect(put.status).toBe(204)
    const session = w.storage.get('doorstep.session-token') as string
    const me = (await w.backend.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${session}` } })).json() as { community: { id: number; name: string } }
    expect(me.community.name).toBe('联通社区')
    await waitFor(() => w.requests.some((r) => r.path === '/api/home' && r.status === 200), () => w.requests.map((r) => r.path).join(' '))
    // And on the phone, for browsing.
    expect(w.storage.get('doorstep.community')).toBe(me.community.id)
    expect(page.byClass('home-header__community').map((el) => el.textContent)).toEqual(['联通社区'])
    expect(page.text()).toContain('您好，微信用户')
    // Not yet verified at an address: the community may still be changed.
    expect(page.text()).toContain('切换社区 ›')
    await waitFor(() => page.byClass('section-title').length === 2, () => page.text())
    expect(page.byClass('section-title').map((el) => el.textContent)).toEqual(['近期活动全部活动预告 ›', '服务阵地'])
    expect(page.byClass('home-grid__item')).toHaveLength(8)
    // Still one login for the whole journey.
    expect(w.backend.wechat.calls).toHaveLength(1)
  })
})
