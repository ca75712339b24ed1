import { fireEvent, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test } from 'vitest'
import HomePage from '../../src/pages/index/index'
import { apiError, event, heping, home, json, lianTong, me, renderPage, station, useFakeApi } from './support'

const PATH = '/pages/index/index'
const api = useFakeApi()

describe('首页', () => {
  test("shows the account's community, its stations with today's hours, and this month's events", async () => {
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

    expect(screen.getByText('2026年5月活动（2场）')).toBeTruthy()
    expect(screen.getByText('重阳节敬老包饺子')).toBeTruthy()
    expect(screen.getAllByText('5月16日 周六 09:00–11:00')).toHaveLength(2)
    expect(screen.getByText('余18个名额')).toBeTruthy()
    expect(screen.getByText('名额已满')).toBeTruthy()

    // A placed account's home is its own community: no communityId is sent and no picker is offered.
    expect(api.calls('GET /api/home').map((c) => c.query.has('communityId'))).toEqual([false])
    expect(screen.queryByText('切换社区 ›')).toBeNull()
  })

  test('what is under way, over or cancelled says so instead of offering places, as the server tells it', async () => {
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
    await screen.findByText('上午的义诊')
    const card = (title: string) => screen.getByText(title).closest('.event-item') as HTMLElement
    const phase = (title: string) => card(title).querySelector('.event-item__phase')?.textContent ?? null
    expect(phase('上午的义诊')).toBe('已结束')
    expect(phase('正在进行的课堂')).toBe('进行中')
    expect(phase('取消的清雪')).toBe('已取消')
    expect(phase('社区合唱团排练')).toBe('已结束')
    expect(phase('下周的义剪')).toBeNull()
    // Places only for what has not begun.
    for (const title of ['上午的义诊', '正在进行的课堂', '取消的清雪']) expect(card(title).textContent).not.toContain('名额')
    expect(card('下周的义剪').textContent).toContain('余16个名额')
  })

  test('a station opens its page; 全部阵地 and 活动预告 open the booking pages', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/home', () => json(home({ stations: [station({ id: 1 }), station({ id: 2, name: '第三网格驿站' })] })))
    renderPage(HomePage, PATH)

    fireEvent.click(await screen.findByText('第三网格驿站'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/station/index?id=2' })
    fireEvent.click(screen.getByText('全部阵地'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/stations/index' })
    fireEvent.click(screen.getByText('活动预告'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/calendar/index' })
  })

  test('a month without events says 本月暂无活动', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/home', () => json(home({ events: [] })))
    renderPage(HomePage, PATH)

    expect(await screen.findByText('本月暂无活动')).toBeTruthy()
    expect(screen.getByText('2026年5月活动（0场）')).toBeTruthy()
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

/** The right-hand text of the station row named `name`. */
function stationHours(name: string) {
  return screen.getByText(name).closest('.nut-cell')?.querySelector('.nut-cell-extra')?.textContent
}
