import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test, vi } from 'vitest'
import MePage from '../../src/pages/me/index'
import { elderMode } from '../../src/stores/preferences'
import { apiError, deferred, json, me, pullDownToRefresh, renderPage, session, useFakeApi } from './support'
import { serveOverview } from './workbench-fixtures'

const PATH = '/pages/me/index'
const api = useFakeApi()

describe('我的', () => {
  test('shows a skeleton while loading, then the profile', async () => {
    const reply = deferred<Response>()
    api.on('GET /api/me', () => reply.promise)
    Taro.setStorageSync('doorstep.session-token', 'token-1')
    const page = renderPage(MePage, PATH)

    expect(page.container.querySelector('[aria-busy="true"] .nut-skeleton')).not.toBeNull()
    expect(screen.queryByText('王秀兰')).toBeNull()

    reply.resolve(json(me()))
    await screen.findByText('王秀兰')
    expect(page.container.querySelector('[aria-busy="true"]')).toBeNull()
    // The profile was asked for with the stored session.
    expect(api.calls('GET /api/me')[0]!.headers.authorization).toBe('Bearer token-1')
  })

  test('shows name, role badges, household address and the masked phone', async () => {
    api.on('GET /api/me', () => json(me({ roles: ['resident', 'volunteer'] })))
    renderPage(MePage, PATH)

    await screen.findByText('王秀兰')
    expect(screen.getByText('居民')).toBeTruthy()
    expect(screen.getByText('志愿者')).toBeTruthy()
    expect(screen.queryByText('党员')).toBeNull()
    expect(screen.queryByText('未认证居民')).toBeNull()
    expect(screen.getByText('联通社区 第三网格 联通小区 3号楼 2单元 301')).toBeTruthy()
    expect(cellExtra('手机号')).toBe('138****5678')
    expect(cellExtra('所在社区')).toBe('东风街道 联通社区')
    expect(cellExtra('我的家庭')).toBe('3人 ›')
    fireEvent.click(screen.getByText('我的家庭'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/account/household/index' })
    // Verified: no 住户认证 entry.
    expect(screen.queryByText('住户认证')).toBeNull()
  })

  test('an account with no roles, household or phone says so instead of showing blanks', async () => {
    api.on('GET /api/me', () => json(me({ roles: [], household: null, community: null, phoneMasked: null })))
    renderPage(MePage, PATH)

    await screen.findByText('王秀兰')
    expect(screen.getByText('未认证居民')).toBeTruthy()
    expect(cellExtra('所在社区')).toBe('未加入社区')
    expect(cellExtra('手机号')).toBe('未绑定')
    expect(screen.queryByText('家庭住址')).toBeNull()
  })

  test("an error shows the server's message and 重试 fetches again", async () => {
    api.once('GET /api/me', () => apiError(429, 'RATE_LIMITED', '操作太频繁，请稍后再试'))
    api.on('GET /api/me', () => json(me()))
    renderPage(MePage, PATH)

    expect(await screen.findByText('操作太频繁，请稍后再试')).toBeTruthy()
    expect(screen.getByText('加载失败')).toBeTruthy()
    expect(api.calls('GET /api/me')).toHaveLength(1)

    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('王秀兰')
    expect(api.calls('GET /api/me')).toHaveLength(2)
    expect(screen.queryByText('加载失败')).toBeNull()
  })

  test('a 401 with no remembered demo persona asks to log in', async () => {
    Taro.setStorageSync('doorstep.session-token', 'expired')
    api.on('GET /api/me', () => apiError(401, 'SESSION_EXPIRED', '登录已过期，请重新登录'))
    renderPage(MePage, PATH)

    expect(await screen.findByText('请先登录')).toBeTruthy()
    expect(screen.queryByText('加载失败')).toBeNull()
    // No persona to log in with, so no silent login was tried, and the dead token is gone.
    expect(api.calls('POST /api/auth/demo')).toHaveLength(0)
    expect(Taro.getStorageSync('doorstep.session-token')).toBe('')

    fireEvent.click(screen.getByText('去登录'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/account/login/index' })
  })

  test('a 401 with a remembered demo persona logs in again silently and shows the profile', async () => {
    Taro.setStorageSync('doorstep.session-token', 'expired')
    Taro.setStorageSync('doorstep.demo-persona', 'volunteer')
    api.on('GET /api/me', (call) =>
      call.headers.authorization === 'Bearer fresh' ? json(me()) : apiError(401, 'SESSION_EXPIRED', '登录已过期，请重新登录'),
    )
    api.on('POST /api/auth/demo', () => json(session('fresh')))
    renderPage(MePage, PATH)

    await screen.findByText('王秀兰')
    expect(screen.queryByText('请先登录')).toBeNull()
    expect(api.calls('POST /api/auth/demo').map((c) => c.body)).toEqual([{ persona: 'volunteer' }])
  })

  test('pulling down refetches the profile and then closes the refresh indicator', async () => {
    api.once('GET /api/me', () => json(me({ name: '王秀兰' })))
    api.on('GET /api/me', () => json(me({ name: '王秀兰（已更新）' })))
    renderPage(MePage, PATH)
    await screen.findByText('王秀兰')

    pullDownToRefresh()
    await screen.findByText('王秀兰（已更新）')
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalledTimes(1))
  })
})

describe('长辈模式', () => {
  test('the switch puts page--elder on the page root, persists it, and a fresh render starts in it', async () => {
    api.on('GET /api/me', () => json(me()))
    const first = renderPage(MePage, PATH)
    await screen.findByText('王秀兰')
    expect(first.pageRoot().classList.contains('page--elder')).toBe(false)

    fireEvent.click(screen.getByLabelText('长辈模式'))
    expect(first.pageRoot().classList.contains('page--elder')).toBe(true)
    expect(Taro.getStorageSync('doorstep.elder-mode')).toBe('on')
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已开启长辈模式' }))
    first.unmount()

    // As after a restart: the store forgets its in-memory copy and must read storage again.
    elderMode.reset()
    const second = renderPage(MePage, PATH)
    expect(second.pageRoot().classList.contains('page--elder')).toBe(true)
  })

  test('switching it off again removes the class and the stored preference says off', async () => {
    Taro.setStorageSync('doorstep.elder-mode', true)
    api.on('GET /api/me', () => json(me()))
    const page = renderPage(MePage, PATH)
    expect(page.pageRoot().classList.contains('page--elder')).toBe(true)

    fireEvent.click(screen.getByLabelText('长辈模式'))
    expect(page.pageRoot().classList.contains('page--elder')).toBe(false)
    expect(Taro.getStorageSync('doorstep.elder-mode')).toBe('off')
    await screen.findByText('王秀兰')
  })
})

describe('我的: 住户认证 and the 社区工作台 entry', () => {
  test('an account without a household is offered 住户认证, a unit’s account too, which shows its unit', async () => {
    api.on('GET /api/me', () => json(me({ roles: [], household: null })))
    const page = renderPage(MePage, PATH)
    fireEvent.click(await screen.findByText('住户认证'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/account/residency/index' })
    expect(screen.queryByText('我的家庭')).toBeNull()
    page.unmount()

    api.on('GET /api/me', () => json(me({ name: '黑河市税务局', roles: ['unit'], household: null, unit: { id: 4, name: '黑河市税务局', role: 'admin' } })))
    renderPage(MePage, PATH)
    await screen.findByText('黑河市税务局', { selector: '.profile__name' })
    // The unit's account is someone's WeChat too: they may verify where they live.
    expect(screen.getByText('住户认证')).toBeTruthy()
    expect(document.querySelector('.me-unit')?.textContent).toContain('黑河市税务局')
  })

  test('staff see the total of what waits in their community on the one 社区工作台 entry, which opens the 工作台', async () => {
    api.on('GET /api/me', () => json(me({ roles: ['resident', 'staff'], staffCommunityIds: [7] })))
    serveOverview(api, () => ({ residencyApplications: 3, partyReports: 1, wishesToReview: 0, bookingsToApprove: 2, redemptionsToHandOut: 1, activitiesToday: 4 }))
    renderPage(MePage, PATH)
    await screen.findByText('社区工作台')
    // Today's activities are on the 工作台, not to do.
    await waitFor(() => expect(cellExtra('社区工作台')).toBe('7件待办 ›'))
    expect(api.calls('GET /api/staff/overview').map((c) => c.query.get('communityId'))).toEqual(['7'])
    // The pages themselves are on the 工作台 now.
    for (const title of ['住户认证审核', '双报到审核', '心愿审核', '预约管理', '住户管理', '核销取货', '积分超市管理']) expect(screen.queryByText(title)).toBeNull()
    fireEvent.click(screen.getByText('社区工作台'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/workbench/index/index' })
  })

  test('nothing waiting: 进入; residents have no 社区工作台 and ask for no counts', async () => {
    api.on('GET /api/me', () => json(me({ roles: ['resident', 'staff'], staffCommunityIds: [7] })))
    serveOverview(api, () => ({ activitiesToday: 2 }))
    const page = renderPage(MePage, PATH)
    await screen.findByText('社区工作台')
    await waitFor(() => expect(api.calls('GET /api/staff/overview')).toHaveLength(1))
    await waitFor(() => expect(cellExtra('社区工作台')).toBe('进入 ›'))
    page.unmount()

    api.on('GET /api/me', () => json(me()))
    renderPage(MePage, PATH)
    await screen.findByText('王秀兰')
    expect(screen.queryByText('社区工作台')).toBeNull()
    expect(api.calls('GET /api/staff/overview')).toHaveLength(1)
  })

  test('an admin opens the 工作台 from 我的 too; 全区管理 is there, not here', async () => {
    api.on('GET /api/me', () => json(me({ roles: ['admin'], community: null, household: null, staffCommunityIds: [7, 9] })))
    serveOverview(api)
    renderPage(MePage, PATH)
    fireEvent.click(await screen.findByText('社区工作台'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/workbench/index/index' })
    expect(screen.queryByText('全区管理')).toBeNull()
    expect(screen.queryByText('街道和社区')).toBeNull()
  })
})

describe('我的: 双报到', () => {
  test('everyone is offered 在职党员报到 and 驻区单位, which open their pages', async () => {
    api.on('GET /api/me', () => json(me()))
    renderPage(MePage, PATH)
    await screen.findByText('双报到')
    expect(cellExtra('在职党员报到')).toBe('去报到 ›')
    expect(cellExtra('驻区单位')).toBe('单位报到 ›')
    fireEvent.click(screen.getByText('在职党员报到'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/account/party-report/index' })
    fireEvent.click(screen.getByText('驻区单位'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/account/unit/index' })
  })

  test('a party member reads 已报到, a unit’s member their unit; in 长辈模式 too', async () => {
    api.on('GET /api/me', () => json(me({ roles: ['resident', 'party_member', 'unit'], unit: { id: 4, name: '黑河市第一人民医院', role: 'member' } })))
    const page = renderPage(MePage, PATH)
    await screen.findByText('双报到')
    // The role badge says 驻区单位 too.
    expect(screen.getByText('驻区单位', { selector: '.role-badge' })).toBeTruthy()
    expect(entryExtra('在职党员报到')).toBe('已报到 ›')
    expect(entryExtra('驻区单位')).toBe('黑河市第一人民医院 ›')
    page.unmount()

    elderMode.set('on')
    renderPage(MePage, PATH)
    await screen.findByText('双报到')
    expect(entryExtra('在职党员报到')).toBe('已报到 ›')
    expect(entryExtra('驻区单位')).toBe('黑河市第一人民医院 ›')
    fireEvent.click(screen.getByText('驻区单位', { selector: '.nut-cell-title' }))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/account/unit/index' })
  })
})

describe('我的: the holiday calendar', () => {
  test('is not asked for on 我的 (the 工作台 says when a year is missing), by staff or residents', async () => {
    api.on('GET /api/me', () => json(me({ roles: ['resident', 'staff'], staffCommunityIds: [7] })))
    serveOverview(api)
    const page = renderPage(MePage, PATH)
    await screen.findByText('社区工作台')
    await waitFor(() => expect(api.calls('GET /api/staff/overview')).toHaveLength(1))
    page.unmount()
    api.on('GET /api/me', () => json(me()))
    renderPage(MePage, PATH)
    await screen.findByText('王秀兰')
    expect(api.calls('GET /api/calendar/status')).toHaveLength(0)
    expect(document.querySelector('.calendar-notice')).toBeNull()
  })
})

describe('退出登录', () => {
  const answer = (confirm: boolean) => vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm, cancel: !confirm, errMsg: 'showModal:ok' } as never)
  const signedIn = () => {
    Taro.setStorageSync('doorstep.session-token', 'token-1')
    Taro.setStorageSync('doorstep.refresh-token', 'refresh-1')
    api.on('GET /api/me', () => json(me()))
    // The mini-program's pages ask which 订阅消息 they may offer.
    api.on('GET /api/reminders/templates', () => json({ templates: {} }))
  }

  test('in the mini-program 退出登录 asks first; 再想想 keeps the session', async () => {
    vi.stubEnv('TARO_ENV', 'weapp')
    signedIn()
    const modal = answer(false)
    renderPage(MePage, PATH)
    fireEvent.click(await screen.findByText('退出登录'))
    await waitFor(() => expect(modal).toHaveBeenCalledWith(expect.objectContaining({ title: '退出登录' })))
    expect(api.calls('POST /api/auth/logout')).toHaveLength(0)
    expect(Taro.getStorageSync('doorstep.session-token')).toBe('token-1')
    expect(Taro.navigateTo).not.toHaveBeenCalledWith({ url: '/packages/account/login/index' })
  })

  test('confirmed, it ends the session on the server, forgets both tokens and opens the login', async () => {
    vi.stubEnv('TARO_ENV', 'weapp')
    signedIn()
    answer(true)
    api.on('POST /api/auth/logout', () => new Response(null, { status: 204 }))
    renderPage(MePage, PATH)
    fireEvent.click(await screen.findByText('退出登录'))
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/account/login/index' }))
    expect(api.calls('POST /api/auth/logout')[0]!.headers.authorization).toBe('Bearer token-1')
    expect(Taro.getStorageSync('doorstep.session-token')).toBe('')
    expect(Taro.getStorageSync('doorstep.refresh-token')).toBe('')
  })

  test('退出所有设备 asks, ends every session of the account and says so', async () => {
    vi.stubEnv('TARO_ENV', 'weapp')
    signedIn()
    const modal = answer(true)
    api.on('POST /api/auth/logout-all', () => json({ ended: 3 }))
    renderPage(MePage, PATH)
    fireEvent.click(await screen.findByText('退出所有设备'))
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/account/login/index' }))
    expect(modal).toHaveBeenCalledWith(expect.objectContaining({ title: '退出所有设备' }))
    expect(api.calls('POST /api/auth/logout-all')[0]!.headers.authorization).toBe('Bearer token-1')
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已退出所有设备' }))
    expect(Taro.getStorageSync('doorstep.refresh-token')).toBe('')
  })

  test('退出所有设备 that fails says why and keeps this session', async () => {
    vi.stubEnv('TARO_ENV', 'weapp')
    signedIn()
    answer(true)
    api.on('POST /api/auth/logout-all', () => apiError(503, 'SERVICE_UNAVAILABLE', '服务繁忙，请稍后再试'))
    renderPage(MePage, PATH)
    fireEvent.click(await screen.findByText('退出所有设备'))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '服务繁忙，请稍后再试' })))
    expect(Taro.getStorageSync('doorstep.session-token')).toBe('token-1')
    expect(Taro.navigateTo).not.toHaveBeenCalledWith({ url: '/packages/account/login/index' })
  })

  test('in the H5 demo 切换演示身份 ends the session without asking, and all devices are not offered', async () => {
    signedIn()
    const modal = answer(true)
    api.on('POST /api/auth/logout', () => new Response(null, { status: 204 }))
    renderPage(MePage, PATH)
    fireEvent.click(await screen.findByText('切换演示身份'))
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/account/login/index' }))
    expect(api.calls('POST /api/auth/logout')).toHaveLength(1)
    expect(modal).not.toHaveBeenCalled()
    expect(screen.queryByText('退出所有设备')).toBeNull()
  })
})

/** The right-hand text of the NutUI Cell titled `title`. */
function cellExtra(title: string) {
  return screen.getByText(title).closest('.nut-cell')?.querySelector('.nut-cell-extra')?.textContent
}

/** The right-hand text of the NutUI Cell titled `title` (where a badge may say the same words). */
function entryExtra(title: string) {
  return screen.getByText(title, { selector: '.nut-cell-title' }).closest('.nut-cell')?.querySelector('.nut-cell-extra')?.textContent
}
