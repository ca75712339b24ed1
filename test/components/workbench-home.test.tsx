import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test } from 'vitest'
import WorkbenchPage from '../../src/packages/workbench/index/index'
import { elderMode } from '../../src/stores/preferences'
import { apiError, heping, json, lianTong, me, pullDownToRefresh, renderPage, useFakeApi } from './support'
import { serveOverview } from './workbench-fixtures'

const PATH = '/packages/workbench/index/index'
const api = useFakeApi()

function open(params: Record<string, string> = {}) {
  Current.router = { params, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
  return renderPage(WorkbenchPage, PATH)
}

const tile = (label: string) => screen.getByText(label, { selector: '.workbench-tile__label' }).closest('.workbench-tile') as HTMLElement
const tileCount = (label: string) => `${tile(label).querySelector('.workbench-tile__number')?.textContent}${tile(label).querySelector('.workbench-tile__unit')?.textContent}`
const staff = () => me({ name: '刘晓燕', roles: ['resident', 'staff'], staffCommunityIds: [7] })

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

describe('社区工作台', () => {
  test('shows what waits in the community, each count one tap from its list', async () => {
    api.on('GET /api/me', () => json(staff()))
    serveOverview(api, () => ({ residencyApplications: 3, partyReports: 2, unitRegistrations: 1, wishesToReview: 4, bookingsToApprove: 0, redemptionsToHandOut: 5, activitiesToday: 2 }))
    open()
    await screen.findByText('住户认证', { selector: '.workbench-tile__label' })
    expect(tileCount('住户认证')).toBe('3件待审核')
    // 双报到: the party members' reports and the units' registrations together.
    expect(tileCount('双报到')).toBe('3件待审核')
    expect(tileCount('心愿审核')).toBe('4件待审核')
    expect(tileCount('预约审批')).toBe('0件待审批')
    expect(tileCount('待核销')).toBe('5件待交付')
    expect(tileCount('今日活动')).toBe('2场')
    // What waits stands out; nothing waiting does not.
    expect(tile('住户认证').classList.contains('workbench-tile--waiting')).toBe(true)
    expect(tile('预约审批').classList.contains('workbench-tile--waiting')).toBe(false)
    expect(tile('待核销').getAttribute('aria-label')).toBe('待核销，5件待交付')
    expect(api.calls('GET /api/staff/overview').map((c) => c.query.get('communityId'))).toEqual(['7'])

    for (const [label, url] of [
      ['住户认证', '/packages/staff/residency/index'],
      ['双报到', '/packages/staff/dual-reporting/index'],
      ['心愿审核', '/packages/staff/wish-review/index'],
      ['预约审批', '/packages/staff/bookings/index'],
      ['待核销', '/packages/staff/verify/index'],
      ['今日活动', '/packages/staff/activities/index'],
    ] as const) {
      fireEvent.click(tile(label))
      expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url })
    }
  })

  test('数据看板, 导出台账 and 操作记录 open in the community shown; every management page is one tap away', async () => {
    api.on('GET /api/me', () => json(staff()))
    serveOverview(api)
    open()
    await screen.findByText('数据看板')
    for (const [title, url] of [
      ['数据看板', '/packages/workbench/dashboard/index?communityId=7'],
      ['导出台账', '/packages/workbench/exports/index?communityId=7'],
      ['操作记录', '/packages/workbench/audit/index?communityId=7'],
      ['住户管理', '/packages/staff/households/index'],
      ['台账导入', '/packages/staff/ledger/index'],
      ['网格与楼栋', '/packages/staff/buildings/index'],
      ['代居民发布心愿', '/packages/staff/wish-post/index'],
      ['志愿活动管理', '/packages/staff/activities/index'],
      ['阵地管理', '/packages/staff/stations/index'],
      ['核销取货', '/packages/staff/verify/index'],
      ['积分管理', '/packages/staff/points/index'],
      ['积分超市管理', '/packages/staff/shop/index'],
    ] as const) {
      fireEvent.click(screen.getByText(title, { selector: '.nut-cell-title' }))
      expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url })
    }
    // 全区管理 is the admin's.
    expect(screen.queryByText('全区管理')).toBeNull()
    expect(screen.queryByText('街道和社区')).toBeNull()
  })

  test('an admin picks the community, whose counts are read, and has 全区管理', async () => {
    api.on('GET /api/me', () => json(me({ name: '赵磊', roles: ['admin'], community: null, household: null, staffCommunityIds: [7, 9] })))
    api.on('GET /api/communities', () => json({ items: [{ ...lianTong, distanceMeters: null }, { ...heping, distanceMeters: null }] }))
    serveOverview(api, (id) => ({ wishesToReview: id === 9 ? 6 : 1 }))
    open()
    await waitFor(() => expect(tileCount('心愿审核')).toBe('1件待审核'))
    fireEvent.click(screen.getByText('和平社区'))
    await waitFor(() => expect(tileCount('心愿审核')).toBe('6件待审核'))
    expect(api.calls('GET /api/staff/overview').map((c) => c.query.get('communityId'))).toEqual(['7', '9'])
    fireEvent.click(screen.getByText('导出台账', { selector: '.nut-cell-title' }))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/workbench/exports/index?communityId=9' })
    for (const [title, url] of [
      ['街道和社区', '/packages/staff/org/index'],
      ['工作人员管理', '/packages/staff/staff-admin/index'],
      ['节假日与调休', '/packages/staff/calendar/index'],
      ['个人信息访问记录', '/packages/staff/access-log/index'],
    ] as const) {
      fireEvent.click(screen.getByText(title))
      expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url })
    }
  })

  test('a missing year of the holiday calendar is said above the management pages; the admin’s notice opens the calendar', async () => {
    const missing = { missingYear: 2027, notice: '系统里还没有2027年的法定节假日和调休安排。' }
    api.on('GET /api/me', () => json(staff()))
    serveOverview(api)
    api.on('GET /api/calendar/status', () => json(missing))
    const page = open()
    const notice = (await screen.findByText('节假日安排待录入')).closest('.calendar-notice') as HTMLElement
    expect(notice.textContent).toContain(missing.notice)
    expect(notice.textContent).not.toContain('去设置')
    const order = [...document.querySelectorAll('.section-title, .calendar-notice')].map((el) => el.textContent)
    expect(order.indexOf('社区管理') + 1).toBe(order.findIndex((t) => t?.startsWith('节假日安排待录入')))
    page.unmount()

    api.on('GET /api/me', () => json(me({ roles: ['admin'], staffCommunityIds: [7] })))
    open()
    fireEvent.click(await screen.findByText('去设置 ›'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/staff/calendar/index' })
  })

  test('pulling down reads the counts again', async () => {
    let waiting = 1
    api.on('GET /api/me', () => json(staff()))
    serveOverview(api, () => ({ bookingsToApprove: waiting }))
    open()
    await waitFor(() => expect(tileCount('预约审批')).toBe('1件待审批'))
    waiting = 0
    pullDownToRefresh()
    await waitFor(() => expect(tileCount('预约审批')).toBe('0件待审批'))
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalled())
  })

  test('the counts that fail to load say so, with 重试; the entries stay usable', async () => {
    api.on('GET /api/me', () => json(staff()))
    serveOverview(api)
    // A 5xx is tried once more by itself before the page says so.
    for (const _ of [1, 2]) api.once('GET /api/staff/overview', () => apiError(503, 'SERVICE_UNAVAILABLE', '服务繁忙，请稍后再试'))
    open()
    expect(await screen.findByText('服务繁忙，请稍后再试')).toBeTruthy()
    fireEvent.click(screen.getByText('导出台账'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/workbench/exports/index?communityId=7' })
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('住户认证', { selector: '.workbench-tile__label' })
  })

  test('residents are told the page is for staff, and nothing of the community is asked for', async () => {
    api.on('GET /api/me', () => json(me()))
    open()
    expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
    expect(api.calls('GET /api/staff/overview')).toHaveLength(0)
  })

  test('in 长辈模式 the tiles and entries are there, without the descriptions', async () => {
    elderMode.set('on')
    api.on('GET /api/me', () => json(staff()))
    serveOverview(api, () => ({ wishesToReview: 2 }))
    const page = open()
    await waitFor(() => expect(tileCount('心愿审核')).toBe('2件待审核'))
    expect(page.pageRoot().classList.contains('page--elder')).toBe(true)
    const entry = screen.getByText('住户管理').closest('.nut-cell') as HTMLElement
    expect(within(entry).queryByText('查找住户，查看家庭成员，移出已搬走的成员')).toBeNull()
  })
})
