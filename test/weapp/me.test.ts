import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classesOf, closestWithClass, startWeapp, waitFor, type Weapp } from './harness'

let w: Weapp
beforeAll(async () => {
  w = await startWeapp()
  await w.loginAs('resident')
})
afterAll(() => w?.close())

describe('我的, logged in as the resident persona', () => {
  it('shows her profile and switches 长辈模式 on for good', async () => {
    const me = await w.open('/pages/me/index')
    await me.waitForText('张秀兰')

    expect(me.byClass('profile__name').map((el) => el.textContent)).toEqual(['张秀兰'])
    expect(me.byClass('profile__roles').map((el) => el.textContent)).toEqual(['居民'])
    expect(closestWithClass(me.byText('家庭住址'), 'nut-cell')?.textContent).toMatch(/^家庭住址联通社区 第三网格 .+3号楼 2单元 301$/)
    expect(me.text()).toContain('手机号138****5678')
    // The full number never reaches the page.
    expect(me.text()).not.toContain('13845675678')
    expect(w.missingTemplates).toEqual([])

    const [pageRoot] = me.byClass('page')
    expect(classesOf(pageRoot!)).not.toContain('page--elder')
    const [elderSwitch] = me.byClass('nut-switch')
    expect(classesOf(elderSwitch!)).toContain('nut-switch-close')

    await me.tap(elderSwitch!)
    await waitFor(() => classesOf(pageRoot!).includes('page--elder'), () => `no page--elder on ${pageRoot!.outerHTML.slice(0, 200)}`)
    expect(classesOf(elderSwitch!)).not.toContain('nut-switch-close')
    expect(w.storage.get('doorstep.elder-mode')).toBe('on')
    expect(w.toasts).toContain('已开启长辈模式')
  })

  it('退出登录 forgets the session and opens the login subpackage, which offers 微信一键登录', async () => {
    const me = w.currentPage()
    expect(me.route).toBe('pages/me/index')

    await me.tap('退出登录')
    await waitFor(() => w.pages().length === 2, () => `the page stack is ${w.pages().map((p) => p.route).join(', ')}`)

    expect(w.navigations).toEqual([{ api: 'navigateTo', url: '/packages/account/login/index' }])
    expect(w.storage.has('doorstep.session-token')).toBe(false)
    const login = w.currentPage()
    expect(login.route).toBe('packages/account/login/index')
    await login.waitForText('微信一键登录')
    expect(closestWithClass(login.byText('微信一键登录'), 'nut-button-primary')).not.toBeNull()
    // 长辈模式 is a preference of the phone, not of the session: it outlives the logout.
    expect(classesOf(login.byClass('page')[0]!)).toContain('page--elder')
  })

  it('微信一键登录 logs in with wx.login and 我的 then shows that account, not the previous one', async () => {
    w.wechatUser.openid = 'openid-after-logout'
    const login = w.currentPage()
    await login.tap('微信一键登录')
    await waitFor(() => w.currentPage().route === 'pages/me/index', () => `still on ${w.currentPage().route}`)

    expect(w.navigations.at(-1)).toEqual({ api: 'switchTab', url: '/pages/me/index' })
    expect(w.backend.wechat.calls.at(-1)?.query.js_code).toMatch(/^weapp-code-\d+$/)
    expect(w.storage.get('doorstep.session-token')).toBeTruthy()
    const me = w.currentPage()
    await me.waitForText('未加入社区')
    expect(me.byClass('profile__name').map((el) => el.textContent)).toEqual(['微信用户'])
    expect(me.text()).not.toContain('张秀兰')
  })
})
