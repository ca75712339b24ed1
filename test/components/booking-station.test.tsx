import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import StationPage from '../../src/packages/booking/station/index'
import StationsPage from '../../src/packages/booking/stations/index'
import { chosenCommunity } from '../../src/stores/preferences'
import { apiError, json, me, pullDownToRefresh, renderPage, useFakeApi } from './support'
import { stationDetail, stationItem } from './booking-fixtures'

const STATION = '/packages/booking/station/index'
const STATIONS = '/packages/booking/stations/index'
const api = useFakeApi()

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

function openStation(id = '3') {
  Current.router = { params: { id }, path: STATION, $taroPath: STATION, onReady: '', onHide: '', onShow: '' }
  return renderPage(StationPage, STATION)
}

describe('阵地详情', () => {
  test('opening hours are one line — open now and today\'s hours — and the rooms come right after; 展开 shows the week', async () => {
    api.on('GET /api/stations/3', () => json(stationDetail()))
    openStation()
    await screen.findByText('联通社区第三网格党群服务驿站')

    const summary = document.querySelector('.station-hours__summary') as HTMLElement
    expect(summary.querySelector('.open-now')?.textContent).toBe('开放中')
    expect(summary.querySelector('.station-hours__today')?.textContent).toBe('今日 09:00–11:30、14:00–19:00')
    // Each window is one unbreakable piece: a line breaks between windows, never inside 14:00–19:00.
    expect([...summary.querySelectorAll('.station-hours__window')].map((el) => el.textContent)).toEqual(['09:00–11:30、', '14:00–19:00'])
    expect(summary.querySelector('.station-hours__toggle')?.textContent).toBe('展开 ▾')
    // Collapsed: no day list, a word that the holidays change the hours, and the rooms follow the station card.
    expect(document.querySelector('.station-day')).toBeNull()
    expect(document.querySelector('.station-week')).toBeNull()
    expect(document.querySelector('.station-hours__special')?.textContent).toBe('近7天有国庆节，开放时间有调整，点“展开”查看')
    const main = document.querySelector('.station-main')!
    expect(main.nextElementSibling?.querySelector('.section-title')?.textContent).toBe('可预约场地（1）')

    fireEvent.click(summary)
    expect(summary.querySelector('.station-hours__toggle')?.textContent).toBe('收起 ▴')
    expect(document.querySelector('.station-hours__special')).toBeNull()

    const days = [...document.querySelectorAll<HTMLElement>('.station-day')]
    expect(days.map((d) => d.querySelector('.station-day__date')?.textContent)).toEqual(['今天 周三', '10月1日 周四', '10月2日 周五', '10月3日 周六', '10月4日 周日', '10月5日 周一', '10月10日 周六'])
    expect(days.map((d) => d.querySelector('.day-kind')?.textContent ?? null)).toEqual([null, '国庆节 · 节假日', '国庆节 · 节假日', '国庆节 · 节假日', null, null, '国庆节 · 调休上班'])
    expect(days.map((d) => d.querySelector('.station-day__hours')?.textContent)).toEqual([
      '09:00–11:30、14:00–19:00',
      '09:00–16:00',
      '09:00–16:00',
      '09:00–16:00',
      '闭馆',
      '09:00–11:30、14:00–19:00',
      '09:00–11:30、14:00–19:00',
    ])
    const week = [...document.querySelectorAll<HTMLElement>('.station-week__row')].map((r) => r.textContent)
    expect(week).toEqual(['周一09:00–11:30、14:00–19:00', '周二09:00–11:30、14:00–19:00', '周三09:00–11:30、14:00–19:00', '周四09:00–11:30、14:00–19:00', '周五09:00–11:30、14:00–19:00', '周六09:00–16:00', '周日闭馆'])
    expect(document.querySelector('.station-main')?.textContent).toContain('地址：联通路第三网格联通小区门口')

    fireEvent.click(summary)
    expect(document.querySelector('.station-day')).toBeNull()
  })

  test('a station closed today says 今日闭馆 and not open; without special days there is no holiday line', async () => {
    const detail = stationDetail({ openNow: false, hoursToday: null })
    detail.nextDays = detail.nextDays.map((d) => ({ ...d, dayKind: 'workday', holidayName: null }))
    api.on('GET /api/stations/3', () => json(detail))
    openStation()
    await screen.findByText('联通社区第三网格党群服务驿站')
    expect(document.querySelector('.station-hours__summary')?.textContent).toBe('已闭馆今日闭馆展开 ▾')
    expect(document.querySelector('.station-hours__special')).toBeNull()
  })

  test('rooms say 需审核 or 即时确认 and open the room; the 共享工具 shelf lists the tools, each opening its days', async () => {
    api.on('GET /api/stations/3', () => json(stationDetail()))
    openStation()
    await screen.findByText('议事室')

    const roomCard = screen.getByText('议事室').closest('.room-card') as HTMLElement
    expect(roomCard.textContent).toContain('会议培训 · 容纳12人')
    expect(roomCard.textContent).toContain('设施：茶水、桌椅')
    expect(roomCard.querySelector('.room-tag')?.textContent).toBe('需审核')
    fireEvent.click(roomCard)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/room/index?id=6' })

    expect(screen.getByText('共享工具（2）')).toBeTruthy()
    const shelf = [...document.querySelectorAll<HTMLElement>('.tool-shelf__item')]
    expect(shelf.map((t) => t.querySelector('.tool-shelf__name')?.textContent)).toEqual(['人字梯', '轮椅'])
    expect(shelf[0]!.textContent).toContain('按天借用')
    expect(shelf[0]!.querySelector('.room-tag')?.textContent).toBe('即时确认')
    fireEvent.click(shelf[1]!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/room/index?id=10' })

    fireEvent.click(screen.getByText('活动预告').closest('.station-events')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/calendar/index?stationId=3&communityId=7' })
  })

  test('a station without tools has no shelf; the phone is one tap from a call; photos are shown in a swiper', async () => {
    api.on('GET /api/stations/3', () =>
      json(stationDetail({ tools: [], photos: [{ id: 1, url: '/api/files/a1.jpg' }, { id: 2, url: '/api/files/b2.jpg' }], phone: '0456-8200777' })),
    )
    const call = vi.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' })
    openStation()
    await screen.findByText('议事室')
    expect(screen.queryByText(/共享工具（/)).toBeNull()
    expect(document.querySelector('.tool-shelf')).toBeNull()
    expect([...document.querySelectorAll('.station-photos__image img')].map((img) => img.getAttribute('src'))).toEqual(['/api/files/a1.jpg', '/api/files/b2.jpg'])

    fireEvent.click(screen.getByText('拨打电话 0456-8200777'))
    expect(call).toHaveBeenCalledWith({ phoneNumber: '0456-8200777' })
  })

  test('an unknown station says so, with 重试', async () => {
    api.on('GET /api/stations/3', () => apiError(404, 'NOT_FOUND', '没有找到'))
    openStation()
    expect(await screen.findByText('没有找到')).toBeTruthy()
    expect(screen.getByText('重试')).toBeTruthy()
  })
})

describe('服务阵地 list', () => {
  test('my community\'s stations with 开放中/已闭馆, today\'s hours, rooms and tools; 全区 asks with communityId 0', async () => {
    vi.spyOn(Taro, 'getLocation').mockRejectedValue({ errMsg: 'getLocation:fail auth deny' })
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/stations', (call) =>
      json({
        items:
          call.query.get('communityId') === '0'
            ? [stationItem(), stationItem({ id: 20, communityId: 9, communityName: '和平社区', name: '和平社区党群服务中心', openNow: false, hoursToday: null })]
            : [stationItem(), stationItem({ id: 3, name: '联通社区第三网格党群服务驿站', openNow: false, hoursToday: null, roomCount: 1, toolCount: 3 })],
      }),
    )
    renderPage(StationsPage, STATIONS)
    await screen.findByText('联通社区第三网格党群服务驿站')

    const cards = [...document.querySelectorAll<HTMLElement>('.station-card')]
    expect(cards.map((c) => c.querySelector('.open-now')?.textContent)).toEqual(['开放中', '已闭馆'])
    expect(cards[0]!.textContent).toContain('今日 08:30–11:30、13:30–20:00')
    expect(cards[1]!.textContent).toContain('今日闭馆')
    expect(cards[1]!.textContent).toContain('场地1个 · 共享工具3件')
    expect(cards[0]!.textContent).not.toContain('共享工具')
    // Location refused: no distances, no message, no position sent.
    expect(document.querySelector('.station-card__distance')).toBeNull()
    expect(api.calls('GET /api/stations').map((c) => [c.query.get('communityId'), c.query.get('latitude')])).toEqual([[null, null]])
    // Never asked for: the user has not agreed to the use of the position (privacy-location tests).
    expect(Taro.getLocation).not.toHaveBeenCalled()
    expect(screen.queryByText('加载失败')).toBeNull()

    fireEvent.click(cards[1]!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/station/index?id=3' })

    fireEvent.click(screen.getByText('全区'))
    await screen.findByText('和平社区党群服务中心')
    expect(api.calls('GET /api/stations').at(-1)!.query.get('communityId')).toBe('0')
    // In the district view each station says its community.
    expect((screen.getByText('和平社区党群服务中心').closest('.station-card') as HTMLElement).textContent).toContain('和平社区')
  })

  test('with the phone\'s position the list is asked again with it and shows distances, nearest first as the server sorts', async () => {
    // The user agreed to the use of the position on an earlier visit.
    Taro.setStorageSync('doorstep.location-consent', 'granted')
    vi.spyOn(Taro, 'getLocation').mockResolvedValue({ latitude: 50.241, longitude: 127.501, errMsg: 'getLocation:ok' } as never)
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/stations', (call) =>
      json({
        items: call.query.has('latitude')
          ? [stationItem({ id: 3, name: '第三网格驿站', distanceMeters: 350 }), stationItem({ distanceMeters: 1240 })]
          : [stationItem(), stationItem({ id: 3, name: '第三网格驿站' })],
      }),
    )
    renderPage(StationsPage, STATIONS)
    await waitFor(() => expect(document.querySelectorAll('.station-card__distance')).toHaveLength(2))
    expect([...document.querySelectorAll('.station-card__distance')].map((el) => el.textContent)).toEqual(['距您350米', '距您1.2公里'])
    const located = api.calls('GET /api/stations').find((c) => c.query.has('latitude'))!
    expect([located.query.get('latitude'), located.query.get('longitude')]).toEqual(['50.241', '127.501'])
    expect(Taro.getLocation).toHaveBeenCalledWith({ type: 'gcj02' })

    pullDownToRefresh()
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalled())
  })

  test('no stations: an empty state', async () => {
    vi.spyOn(Taro, 'getLocation').mockRejectedValue({ errMsg: 'getLocation:fail' })
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/stations', () => json({ items: [] }))
    renderPage(StationsPage, STATIONS)
    expect(await screen.findByText('暂无服务阵地')).toBeTruthy()
  })
})

describe('服务阵地 for a visitor (not logged in)', () => {
  test('lists the stations of the community picked to browse, without a session', async () => {
    vi.spyOn(Taro, 'getLocation').mockRejectedValue({ errMsg: 'getLocation:fail auth deny' })
    chosenCommunity.set(9)
    api.on('GET /api/me', () => apiError(401, 'UNAUTHENTICATED', '请先登录'))
    api.on('GET /api/stations', () => json({ items: [stationItem({ id: 20, communityId: 9, communityName: '和平社区', name: '和平社区党群服务中心' })] }))
    renderPage(StationsPage, STATIONS)

    expect(await screen.findByText('和平社区党群服务中心')).toBeTruthy()
    const call = api.calls('GET /api/stations').at(-1)!
    expect(call.query.get('communityId')).toBe('9')
    expect(call.headers.authorization).toBeUndefined()
    expect(screen.queryByText('去登录')).toBeNull()
  })
})
