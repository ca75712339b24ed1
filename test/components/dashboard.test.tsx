import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test } from 'vitest'
import type { CommunityChoice } from '../../types/api/people'
import type { CommunityHeadline, Dashboard, TrendMonth } from '../../types/api/reports'
import DashboardPage from '../../src/packages/workbench/dashboard/index'
import { axisTop, labelLayout } from '../../src/packages/workbench/charts/chart-canvas'
import { withEnd } from '../../src/packages/workbench/dashboard/range'
import { elderMode } from '../../src/stores/preferences'
import { apiError, deferred, json, me, pullDownToRefresh, renderPage, useFakeApi, type ApiCall } from './support'

const PATH = '/packages/workbench/dashboard/index'
const api = useFakeApi()

const staff = () => me({ name: '刘晓燕', roles: ['resident', 'staff'], staffCommunityIds: [7] })
const admin = () => me({ name: '赵磊', roles: ['admin'], staffCommunityIds: [7, 9] })

/** Twelve months ending with November 2026, each with its own figures (month n: n wishes posted …). */
function trend(last = '2026-11'): TrendMonth[] {
  const [y, m] = last.split('-').map(Number) as [number, number]
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 12 + i, 1))
    const month = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
    return { month, wishesPosted: i + 1, wishesFulfilled: i, bookings: 2 * i, bookedHours: 3 * i, attendances: 10 + i, confirmedHours: 20 + i / 2, pointsIssued: 100 * i, pointsRedeemed: 40 * i }
  })
}

function dashboard(call: ApiCall | null, overrides: Partial<Dashboard> = {}): Dashboard {
  const from = call?.query.get('from') ?? '2026-11-01'
  const to = call?.query.get('to') ?? '2026-11-30'
  return {
    communityId: 7,
    scopeName: '联通社区',
    from,
    to,
    figures: {
      wishes: {
        posted: 12,
        fulfilled: 9,
        completionRate: 0.75,
        averageDaysToFulfil: 4.5,
        byCategory: [
          { category: 'elderly_care', posted: 7, fulfilled: 6 },
          { category: 'education', posted: 5, fulfilled: 3 },
          { category: 'health', posted: 0, fulfilled: 0 },
        ],
      },
      bookings: {
        bookings: 31,
        bookedHours: 62.5,
        openHours: 250,
        utilisation: 0.25,
        noShows: 2,
        byRoom: [
          { stationId: 1, stationName: '联通社区党群服务中心', roomId: 11, roomName: '会议培训室', bookings: 20, bookedHours: 45, openHours: 100, utilisation: 0.45 },
          { stationId: 1, stationName: '联通社区党群服务中心', roomId: 12, roomName: '书画室', bookings: 11, bookedHours: 17.5, openHours: 150, utilisation: 0.1167 },
        ],
      },
      volunteering: { activities: 6, signups: 80, attendances: 71, noShows: 4, confirmedHours: 142.5, newVolunteers: 5, starsReached: [{ stars: 1, volunteers: 3 }, { stars: 2, volunteers: 1 }] },
      points: { issuedByRule: 1200, issuedByStaff: 300, redeemed: 800, expired: 50, activeHouseholds: 64, byRule: [{ rule: 'wish_fulfilled', label: '帮助实现微心愿', points: 900 }, { rule: 'activity_hours', label: '志愿服务时长', points: 300 }] },
      dualReporting: { partyMembers: 18, units: [{ unitId: 3, name: '青岛联通分公司', members: 12 }] },
    },
    trend: trend(to.slice(0, 7)),
    communities: [],
    ...overrides,
  }
}

const emptyFigures = (): Dashboard['figures'] => ({
  wishes: { posted: 0, fulfilled: 0, completionRate: null, averageDaysToFulfil: null, byCategory: [] },
  bookings: { bookings: 0, bookedHours: 0, openHours: 120, utilisation: 0, noShows: 0, byRoom: [] },
  volunteering: { activities: 0, signups: 0, attendances: 0, noShows: 0, confirmedHours: 0, newVolunteers: 0, starsReached: [] },
  points: { issuedByRule: 0, issuedByStaff: 0, redeemed: 0, expired: 0, activeHouseholds: 0, byRule: [] },
  dualReporting: { partyMembers: 0, units: [] },
})

function headline(communityId: number, name: string, overrides: Partial<CommunityHeadline> = {}): CommunityHeadline {
  return { communityId, name, wishesPosted: 12, wishesFulfilled: 9, completionRate: 0.75, bookings: 31, utilisation: 0.25, attendances: 71, confirmedHours: 142.5, pointsIssued: 1500, pointsRedeemed: 800, activeHouseholds: 64, ...overrides }
}

const communities: CommunityChoice[] = [
  { id: 7, name: '联通社区', subdistrictName: '东风街道', districtName: '东城区', address: '联通路 12 号', distanceMeters: null },
  { id: 9, name: '和平社区', subdistrictName: '和平街道', districtName: '东城区', address: '和平路 3 号', distanceMeters: null },
]

function open() {
  Current.router = { params: {}, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
  return renderPage(DashboardPage, PATH)
}

const sent = () => api.calls('GET /api/staff/dashboard').map((c) => ({ communityId: c.query.get('communityId'), from: c.query.get('from'), to: c.query.get('to') }))
const lastSent = () => sent()[sent().length - 1]!
const tile = (label: string) => screen.getByText(label, { selector: '.dashboard-tile__label' }).closest('.dashboard-tile')!.querySelector('.dashboard-tile__value')!.textContent
const table = (caption: string) => screen.getByRole('table', { name: caption })
const tableRows = (caption: string) => within(table(caption)).getAllByRole('row').map((r) => [...r.children].map((c) => c.textContent))

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

describe('数据看板', () => {
  test('staff see their community this month: the headline tiles of every section', async () => {
    api.on('GET /api/me', () => json(staff()))
    api.on('GET /api/staff/dashboard', (call) => json(dashboard(call)))
    open()
    expect(await screen.findByText('联通社区 · 2026年11月1日至2026年11月30日')).toBeTruthy()
    // 本月 by the phone's clock (17 November 2026), for the staff member's own community.
    expect(sent()).toEqual([{ communityId: '7', from: '2026-11-01', to: '2026-11-30' }])
    expect(tile('发布心愿')).toBe('12个')
    expect(tile('实现心愿')).toBe('9个')
    expect(tile('办结率')).toBe('75%')
    expect(tile('平均实现用时')).toBe('4.5天')
    expect(tile('预约')).toBe('31次')
    expect(tile('使用时长')).toBe('62.5小时')
    expect(tile('使用率')).toBe('25%')
    expect(tile('参与人次')).toBe('71')
    expect(tile('确认服务时长')).toBe('142.5小时')
    expect(tile('新志愿者')).toBe('5人')
    expect(tile('按规则发放')).toBe('1200分')
    expect(tile('工作人员奖励')).toBe('300分')
    expect(tile('兑换')).toBe('800分')
    expect(tile('过期')).toBe('50分')
    expect(tile('活跃家庭')).toBe('64户')
    expect(tile('报到党员')).toBe('18人')
    expect(tile('驻区单位')).toBe('1家')
    // A single community: no scope choice, no side-by-side table.
    expect(screen.queryByText('全区')).toBeNull()
    expect(screen.queryByRole('table', { name: '各社区对比' })).toBeNull()
    expect(screen.queryByText('这段时间暂无数据')).toBeNull()
  })

  test('the breakdowns are tables: rooms with their use, rules with their share, stars, units', async () => {
    api.on('GET /api/me', () => json(staff()))
    api.on('GET /api/staff/dashboard', (call) => json(dashboard(call)))
    open()
    await screen.findByText('联通社区 · 2026年11月1日至2026年11月30日')
    expect(tableRows('各场地使用情况')).toEqual([
      ['场地', '预约', '时长', '使用率'],
      ['会议培训室联通社区党群服务中心', '20次', '45小时', '45%'],
      ['书画室联通社区党群服务中心', '11次', '17.5小时', '12%'],
    ])
    // Each room's bar is as long as its share.
    const bars = [...table('各场地使用情况').querySelectorAll<HTMLElement>('.share-bar__fill')].map((b) => b.style.width)
    expect(bars).toEqual(['45%', '12%'])
    expect(tableRows('按规则发放')).toEqual([
      ['规则', '积分', '占比'],
      ['帮助实现微心愿', '900分', '60%'],
      ['志愿服务时长', '300分', '20%'],
    ])
    expect(tableRows('新达到星级的志愿者')).toEqual([
      ['星级', '人数'],
      ['一星志愿者', '3人'],
      ['二星志愿者', '1人'],
    ])
    expect(tableRows('驻区单位及成员')).toEqual([
      ['单位', '成员'],
      ['青岛联通分公司', '12人'],
    ])
  })

  test('each chart has its table: hidden beside the chart for screen readers, shown by 表格; the canvas says what it shows', async () => {
    api.on('GET /api/me', () => json(staff()))
    api.on('GET /api/staff/dashboard', (call) => json(dashboard(call)))
    open()
    await screen.findByText('联通社区 · 2026年11月1日至2026年11月30日')
    // Categories with nothing in the range are left out of the chart and its table.
    expect(tableRows('按类别')).toEqual([
      ['类别', '发布', '实现'],
      ['助老', '7', '6'],
      ['助学', '5', '3'],
    ])
    const wishTrend = tableRows('近12个月心愿')
    expect(wishTrend[0]).toEqual(['月份', '发布', '实现'])
    expect(wishTrend[1]).toEqual(['2025年12月', '1', '0'])
    expect(wishTrend[12]).toEqual(['2026年11月', '12', '11'])
    expect(tableRows('近12个月参与')[12]).toEqual(['2026年11月', '21', '25.5'])
    expect(tableRows('近12个月参与')[0]).toEqual(['月份', '参与人次', '服务时长（小时）'])
    expect(tableRows('近12个月积分')[12]).toEqual(['2026年11月', '1100', '440'])

    const card = table('近12个月心愿').closest('.chart-card') as HTMLElement
    const canvas = within(card).getByRole('img')
    expect(canvas.getAttribute('aria-label')).toBe('近12个月心愿，2025年12月至2026年11月：发布共78，实现共66；2026年11月发布12，实现11')
    expect(canvas.querySelector('#chart-wish-trend')).toBeTruthy()
    expect(table('近12个月心愿').classList.contains('chart-card__table--hidden')).toBe(true)

    fireEvent.click(within(card).getByText('表格'))
    await waitFor(() => expect(within(card).queryByRole('img')).toBeNull())
    expect(table('近12个月心愿').classList.contains('chart-card__table--hidden')).toBe(false)
    expect(within(card).getByText('图表').closest('[aria-pressed]')?.getAttribute('aria-pressed')).toBe('true')
    fireEvent.click(within(card).getByText('图表'))
    await waitFor(() => expect(within(card).getByRole('img')).toBeTruthy())
  })

  test('上月, ‹ 上月 / 下月 ›, 今年 and 自定义 change the days asked for', async () => {
    api.on('GET /api/me', () => json(staff()))
    api.on('GET /api/staff/dashboard', (call) => json(dashboard(call)))
    open()
    await screen.findByText('联通社区 · 2026年11月1日至2026年11月30日')
    // No stepping past this month.
    expect(screen.getByText('下月 ›').closest('.nut-button')!.classList.contains('nut-button-disabled')).toBe(true)

    fireEvent.click(screen.getByText('上月'))
    await screen.findByText('联通社区 · 2026年10月1日至2026年10月31日')
    expect(lastSent()).toEqual({ communityId: '7', from: '2026-10-01', to: '2026-10-31' })
    expect(screen.getByText('2026年10月', { selector: '.dashboard-period__label' })).toBeTruthy()

    fireEvent.click(screen.getByText('‹ 上月'))
    await screen.findByText('联通社区 · 2026年9月1日至2026年9月30日')
    expect(lastSent()).toEqual({ communityId: '7', from: '2026-09-01', to: '2026-09-30' })
    // A month that is neither this nor last lights no choice.
    expect(document.querySelector('.dashboard-period__choices .choice-buttons__item--chosen')).toBeNull()

    fireEvent.click(screen.getByText('下月 ›'))
    await screen.findByText('联通社区 · 2026年10月1日至2026年10月31日')
    expect(document.querySelector('.dashboard-period__choices .choice-buttons__item--chosen')!.textContent).toBe('上月')

    fireEvent.click(screen.getByText('今年'))
    await screen.findByText('联通社区 · 2026年1月1日至2026年11月17日')
    expect(lastSent()).toEqual({ communityId: '7', from: '2026-01-01', to: '2026-11-17' })
    expect(screen.queryByText('‹ 上月')).toBeNull()

    // 自定义 starts from the days shown, each end on its own picker.
    fireEvent.click(screen.getByText('自定义'))
    expect(screen.getByText('开始日期')).toBeTruthy()
    expect(screen.getByText('结束日期')).toBeTruthy()
    expect(screen.getByLabelText('开始日期：2026年1月1日，点此更改')).toBeTruthy()
    expect(screen.getByLabelText('结束日期：2026年11月17日，点此更改')).toBeTruthy()

    // Back to 本月: the figures already read are shown again.
    fireEvent.click(screen.getByText('本月'))
    expect(await screen.findByText('联通社区 · 2026年11月1日至2026年11月30日')).toBeTruthy()
    expect(screen.getByText('2026年11月', { selector: '.dashboard-period__label' })).toBeTruthy()
  }, 20_000)

  test('a custom range never turns round or exceeds a year: the other end follows', () => {
    expect(withEnd({ from: '2026-03-01', to: '2026-05-31' }, 'from', '2026-04-01')).toEqual({ kind: 'custom', from: '2026-04-01', to: '2026-05-31' })
    expect(withEnd({ from: '2026-03-01', to: '2026-05-31' }, 'from', '2026-06-10')).toEqual({ kind: 'custom', from: '2026-06-10', to: '2026-06-10' })
    expect(withEnd({ from: '2026-03-01', to: '2026-05-31' }, 'to', '2026-02-01')).toEqual({ kind: 'custom', from: '2026-02-01', to: '2026-02-01' })
    expect(withEnd({ from: '2025-01-01', to: '2025-02-01' }, 'to', '2026-11-17')).toEqual({ kind: 'custom', from: '2025-11-17', to: '2026-11-17' })
    expect(withEnd({ from: '2025-06-01', to: '2026-11-17' }, 'from', '2024-01-01')).toEqual({ kind: 'custom', from: '2024-01-01', to: '2024-12-31' })
  })

  test('the value axis splits into four whole steps', () => {
    expect([[0], [3], [4], [11], [66], [1100, 440], [142.5]].map(axisTop)).toEqual([4, 4, 4, 12, 80, 1200, 200])
  })

  test('crowded labels: months are thinned from the latest back, categories turn', () => {
    const months = ['12月', '1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月']
    const categories = ['生活物资', '助学', '助老', '医疗健康', '家电维修', '陪伴关爱']
    // 390 px (a 340 px chart): every month at 8 px type, every other at 11 px; the categories fit as they are.
    expect(labelLayout(months, 340, 8, true)).toEqual({ step: 1, rotate: false })
    expect(labelLayout(months, 340, 11, true)).toEqual({ step: 2, rotate: false })
    expect(labelLayout(categories, 340, 11, false)).toEqual({ step: 1, rotate: false })
    // 320 px in 长辈模式 (263 px, 14 px type): months every other; categories, which must all show, turn.
    expect(labelLayout(months, 263, 14, true)).toEqual({ step: 2, rotate: false })
    expect(labelLayout(categories, 263, 14, false)).toEqual({ step: 1, rotate: true })
  })

  test('an admin sees the district with each community side by side, and opens one', async () => {
    api.on('GET /api/me', () => json(admin()))
    api.on('GET /api/communities', () => json({ items: communities }))
    api.on('GET /api/staff/dashboard', (call) =>
      json(
        call.query.get('communityId') === '9'
          ? dashboard(call, { communityId: 9, scopeName: '和平社区' })
          : dashboard(call, { communityId: null, scopeName: '东城区', communities: [headline(7, '联通社区'), headline(9, '和平社区', { wishesPosted: 3, completionRate: null, utilisation: 0.6, confirmedHours: 12, activeHouseholds: 20 })] }),
      ),
    )
    open()
    expect(await screen.findByText('东城区 · 2026年11月1日至2026年11月30日')).toBeTruthy()
    // The district: no communityId sent.
    expect(sent()[0]).toEqual({ communityId: null, from: '2026-11-01', to: '2026-11-30' })
    expect(tableRows('各社区对比')).toEqual([
      ['社区', '发布心愿', '实现心愿', '办结率', '预约', '使用率', '参与人次', '服务时长', '发放积分', '兑换积分', '活跃家庭'],
      ['联通社区 ›', '12', '9', '75%', '31', '25%', '71', '142.5小时', '1500', '800', '64户'],
      ['和平社区 ›', '3', '9', '—', '31', '60%', '71', '12小时', '1500', '800', '20户'],
    ])
    // Wide tables scroll sideways inside their box instead of widening the page.
    expect(table('各社区对比').closest('.figure-table__scroll')).toBeTruthy()

    fireEvent.click(screen.getByText('和平社区 ›'))
    expect(await screen.findByText('和平社区 · 2026年11月1日至2026年11月30日')).toBeTruthy()
    expect(lastSent()).toEqual({ communityId: '9', from: '2026-11-01', to: '2026-11-30' })
    expect(screen.queryByRole('table', { name: '各社区对比' })).toBeNull()
    expect(document.querySelector('.dashboard__communities .choice-buttons__item--chosen')!.textContent).toBe('和平社区')

    fireEvent.click(screen.getByText('全区'))
    expect(await screen.findByText('东城区 · 2026年11月1日至2026年11月30日')).toBeTruthy()
  })

  test('loading shows a skeleton; a failure says so with 重试; pull-down refreshes', async () => {
    api.on('GET /api/me', () => json(staff()))
    const held = deferred<Response>()
    api.once('GET /api/staff/dashboard', () => held.promise)
    api.on('GET /api/staff/dashboard', (call) => json(dashboard(call)))
    open()
    await waitFor(() => expect(document.querySelector('.query-view__loading[aria-busy="true"]')).toBeTruthy())
    held.resolve(apiError(403, 'FORBIDDEN', '没有权限查看该社区的数据'))
    expect(await screen.findByText('没有权限查看该社区的数据')).toBeTruthy()
    expect(screen.getByText('加载失败')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('联通社区 · 2026年11月1日至2026年11月30日')).toBeTruthy()
    const before = api.calls('GET /api/staff/dashboard').length
    pullDownToRefresh()
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalled())
    expect(api.calls('GET /api/staff/dashboard').length).toBe(before + 1)
  })

  test('a range with nothing in it says so, and the trend is still there', async () => {
    api.on('GET /api/me', () => json(staff()))
    api.on('GET /api/staff/dashboard', (call) => json(dashboard(call, { figures: emptyFigures() })))
    open()
    expect(await screen.findByText('这段时间暂无数据')).toBeTruthy()
    expect(tile('发布心愿')).toBe('0个')
    expect(tile('办结率')).toBe('—')
    expect(tile('平均实现用时')).toBe('—')
    expect(screen.queryByRole('table', { name: '按类别' })).toBeNull()
    expect(screen.queryByRole('table', { name: '各场地使用情况' })).toBeNull()
    expect(tableRows('近12个月心愿')).toHaveLength(13)
  })

  test('长辈模式 shows each chart as its table first; the chart is one tap away', async () => {
    elderMode.set('on')
    api.on('GET /api/me', () => json(staff()))
    api.on('GET /api/staff/dashboard', (call) => json(dashboard(call)))
    const page = open()
    await screen.findByText('联通社区 · 2026年11月1日至2026年11月30日')
    expect(page.pageRoot().classList.contains('page--elder')).toBe(true)
    expect(screen.queryAllByRole('img')).toHaveLength(0)
    expect(document.querySelectorAll('.chart-card__table--hidden')).toHaveLength(0)
    expect(screen.getAllByText('图表')).toHaveLength(4)
    const card = table('近12个月积分').closest('.chart-card') as HTMLElement
    fireEvent.click(within(card).getByText('图表'))
    await waitFor(() => expect(within(card).getByRole('img').getAttribute('aria-label')).toMatch(/^近12个月积分，2025年12月至2026年11月：发放共6600，兑换共2640；/))
  })

  test('residents are told the page is not for them, and nothing is asked', async () => {
    api.on('GET /api/me', () => json(me()))
    open()
    expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
    expect(api.calls('GET /api/staff/dashboard')).toHaveLength(0)
  })
})
