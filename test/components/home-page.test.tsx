import { fireEvent, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test } from 'vitest'
import HomePage from '../../src/pages/index/index'
import { apiError, event, heping, home, json, lianTong, me, renderPage, station, useFakeApi } from './support'
import { wall } from './wish-fixtures'

const PATH = '/pages/index/index'
const api = useFakeApi()

beforeEach(() => {
  api.on('GET /api/wishes/wall', () => json(wall({ totals: { thisMonth: 3, thisYear: 41, allTime: 160 } })))
})

describe('首页', () => {
  test("shows the account's community, the entry grid, upcoming events, its stations with today's hours and the 心愿墙's figures", async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/home', () =>
      json(
        home({
          stations: [
            station({ id: 1, name: '联通社区党群服务中心', kind: 'center', hoursToday: '08:30–20:00' }),
            station({ id: 2, name: '第三网格驿站', kind: 'grid_station', hoursToday: null }),
          ],
          month: '2026-05',
          events: [
            event({ id: 1, title: '重阳节敬老包饺子', capacity: 30, signedUp: 12 }),
            event({ id: 2, title: '垃圾分类宣讲', place: '联通小区 东门广场', stationName: null, capacity: 20, signedUp: 20 }),
          ],
        }),
      ),
    )
    renderPage(HomePage, PATH)

    expect(await screen.findByText('联通社区')).toBeTruthy()
    expect(screen.getByText('您好，王秀兰')).toBeTruthy()
    expect(stationHours('联通社区党群服务中心')).toBe('今日 08:30–20:00')
    expect(stationHours('第三网格驿站')).toBe('今日闭馆')

    expect([...document.querySelectorAll('.home-grid__label')].map((el) => el.textContent)).toEqual(['发心愿', '预约场地', '志愿活动', '我的积分', '心愿墙', '活动预告', '我的预约', '积分超市'])
    expect(screen.getByText('重阳节敬老包饺子')).toBeTruthy()
    expect(screen.getAllByText('5月16日 周六 09:00–11:00')).toHaveLength(2)
    expect(screen.getByText('余18个名额')).toBeTruthy()
    expect(screen.getByText('名额已满')).toBeTruthy()

    // A placed account's home is its own community: no communityId is sent and no picker is offered.
    expect(api.calls('GET /api/home').map((c) => c.query.has('communityId'))).toEqual([false])
    expect(screen.queryByText('切换社区 ›')).toBeNull()
    expect(screen.queryByText('登录')).toBeNull()
    expect((await screen.findByText('心愿墙', { selector: '.home-wall__title' })).closest('.home-wall')!.textContent).toBe('心愿墙本月圆梦 3 个 · 今年 41 个 ›')
  })

  test('首页 shows what has not ended — at most three, under way first as the server orders them — the rest is under 活动预告', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/home', () =>
      json(
        home({
          events: [
            event({ id: 1, title: '上午的义诊', capacity: 30, signedUp: 12, phase: 'ended' }),
            event({ id: 2, title: '正在进行的课堂', capacity: 30, signedUp: 3, phase: 'ongoing' }),
            event({ id: 3, title: '取消的清雪', capacity: 40, signedUp: 5, phase: 'cancelled' }),
            event({ id: 4, kind: 'booking', title: '社区合唱团排练', capacity: null, signedUp: null, phase: 'ended' }),
            event({ id: 5, title: '下周的义剪', capacity: 20, signedUp: 4, phase: 'upcoming' }),
          ],
        }),
      ),
    )
    renderPage(HomePage, PATH)
    await screen.findByText('正在进行的课堂')
    const card = (title: string) => screen.getByText(title).closest('.event-item') as HTMLElement
    expect([...document.querySelectorAll('.event-item__title')].map((el) => el.textContent)).toEqual(['正在进行的课堂', '下周的义剪'])
    expect(card('正在进行的课堂').querySelector('.event-item__phase')?.textContent).toBe('进行中')
    // Places only for what has not begun.
    expect(card('正在进行的课堂').textContent).not.toContain('名额')
    expect(card('下周的义剪').textContent).toContain('余16个名额')
    fireEvent.click(screen.getByText('全部活动预告 ›'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/calendar/index' })
  })

  test('a station opens its page; each entry of the grid opens its job', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/home', () => json(home({ stations: [station({ id: 1 }), station({ id: 2, name: '第三网格驿站' })] })))
    renderPage(HomePage, PATH)

    fireEvent.click(await screen.findByText('第三网格驿站'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/station/index?id=2' })
    const entry = (label: string) => screen.getByText(label, { selector: '.home-grid__label' })
    for (const [label, url] of [
      ['发心愿', '/packages/wish/post/index'],
      ['预约场地', '/packages/booking/stations/index'],
      ['我的积分', '/packages/points/index/index'],
      ['活动预告', '/packages/booking/calendar/index'],
      ['我的预约', '/packages/booking/mine/index'],
      ['积分超市', '/packages/points/shop/index'],
    ]) {
      fireEvent.click(entry(label!))
      expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url })
    }
    fireEvent.click(entry('志愿活动'))
    expect(Taro.switchTab).toHaveBeenLastCalledWith({ url: '/pages/activities/index' })
    fireEvent.click(entry('心愿墙'))
    expect(Taro.switchTab).toHaveBeenLastCalledWith({ url: '/pages/wishes/index' })
  })

  test('a month with nothing still to come says so', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/home', () => json(home({ events: [event({ phase: 'ended' })] })))
    renderPage(HomePage, PATH)

    expect(await screen.findByText('2026年5月暂无即将开始的活动')).toBeTruthy()
    expect(document.querySelector('.event-item')).toBeNull()
  })

  test('a visitor (not logged in) is welcomed, picks a community and browses it, with 登录 at hand', async () => {
    api.on('GET /api/me', () => apiError(401, 'UNAUTHENTICATED', '请先登录'))
    api.on('GET /api/communities', () => json({ items: [{ ...lianTong, address: '联通路12号', distanceMeters: null }, { ...heping, address: '和平路1号', distanceMeters: null }] }))
    api.on('GET /api/home', () => json(home({ community: heping })))
    renderPage(HomePage, PATH)

    expect(await screen.findByText('欢迎使用家门口')).toBeTruthy()
    expect(screen.getByText('请选择您所在的社区')).toBeTruthy()
    expect(screen.queryByText('去登录')).toBeNull()
    fireEvent.click(await screen.findByText('和平社区'))

    expect(await screen.findByText('您好，欢迎来到')).toBeTruthy()
    expect(document.querySelector('.home-header__community')?.textContent).toBe('和平社区')
    expect(api.calls('GET /api/home').map((c) => c.query.get('communityId'))).toEqual(['9'])
    expect(api.calls('GET /api/home')[0]!.headers.authorization).toBeUndefined()
    expect(document.querySelectorAll('.home-grid__item')).toHaveLength(8)
    fireEvent.click(screen.getByText('登录'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/account/login/index' })
  })

  test('an account outside any community picks one first, and the home of that community loads', async () => {
    api.on('GET /api/me', () => json(me({ community: null, household: null })))
    api.on('GET /api/communities', () => json({ items: [{ ...lianTong, address: '联通路12号', distanceMeters: null }, { ...heping, address: '和平路1号', distanceMeters: null }] }))
    api.on('GET /api/home', (call) => json(home({ community: call.query.get('communityId') === '9' ? heping : lianTong })))
    renderPage(HomePage, PATH)

    expect(await screen.findByText('和平街道 · 和平路1号')).toBeTruthy()
    expect(screen.getByText('请选择您所在的社区')).toBeTruthy()
    // Nothing to show until a community is chosen.
    expect(api.calls('GET /api/home')).toHaveLength(0)

    fireEvent.click(screen.getByText('和平社区'))
    expect(await screen.findByText('切换社区 ›')).toBeTruthy()
    expect(document.querySelector('.home-header__community')?.textContent).toBe('和平社区')
    expect(api.calls('GET /api/home').map((c) => c.query.get('communityId'))).toEqual(['9'])
    // The choice is remembered for the next visit.
    expect(Taro.getStorageSync('doorstep.community')).toBe(9)

    // 切换社区 brings the picker back.
    fireEvent.click(screen.getByText('切换社区 ›'))
    expect(await screen.findByText('请选择您所在的社区')).toBeTruthy()
  })

  test('a community chosen earlier is browsed straight away', async () => {
    Taro.setStorageSync('doorstep.community', 9)
    api.on('GET /api/me', () => json(me({ community: null, household: null })))
    api.on('GET /api/home', () => json(home({ community: heping })))
    renderPage(HomePage, PATH)

    expect(await screen.findByText('和平社区')).toBeTruthy()
    expect(screen.queryByText('请选择您所在的社区')).toBeNull()
    expect(api.calls('GET /api/home').map((c) => c.query.get('communityId'))).toEqual(['9'])
  })

  test("a failing home shows the server's message under the loaded profile", async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/home', () => apiError(404, 'COMMUNITY_NOT_FOUND', '没有找到这个社区'))
    renderPage(HomePage, PATH)

    expect(await screen.findByText('没有找到这个社区')).toBeTruthy()
    expect(screen.getByText('重试')).toBeTruthy()
  })
})

/** Today's hours on the station row named `name`. */
function stationHours(name: string) {
  return screen.getByText(name).closest('.nut-cell')?.querySelector('.home-station__hours')?.textContent
}
