import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test } from 'vitest'
import MyBookingsPage from '../../src/packages/booking/mine/index'
import { json, pullDownToRefresh, renderPage, useFakeApi } from './support'
import { booking } from './booking-fixtures'

const PATH = '/packages/booking/mine/index'
const api = useFakeApi()

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

const cards = () => [...document.querySelectorAll<HTMLElement>('.booking-item')]
const rooms = () => cards().map((c) => c.querySelector('.booking-item__room')?.textContent)

describe('我的预约', () => {
  test('即将到来 first, with status tags; 历史 asks for the past; each card opens its booking', async () => {
    api.on('GET /api/bookings/mine', (call) =>
      json(
        call.query.get('scope') === 'past'
          ? { items: [booking({ id: 2, room: { id: 5, name: '文体活动室', kind: 'room' }, status: 'no_show', actions: [] }), booking({ id: 3, room: { id: 6, name: '图书阅览室', kind: 'room' }, status: 'checked_in', actions: [] })], nextCursor: null }
          : {
              items: [
                booking({ id: 31, status: 'confirmed' }),
                booking({ id: 32, room: { id: 7, name: '会议培训室', kind: 'room' }, status: 'pending', startsAt: '2026-11-21T14:30:00+08:00', endsAt: '2026-11-21T16:00:00+08:00' }),
                booking({ id: 33, room: { id: 9, name: '人字梯', kind: 'tool' }, startsAt: '2026-11-19T00:00:00+08:00', endsAt: '2026-11-21T00:00:00+08:00' }),
              ],
              nextCursor: null,
            },
      ),
    )
    renderPage(MyBookingsPage, PATH)
    await screen.findByText('会议培训室')

    expect(rooms()).toEqual(['文体活动室', '会议培训室', '人字梯'])
    expect(cards().map((c) => c.querySelector('.booking-status')?.textContent)).toEqual(['已确认', '待审核', '已确认'])
    expect(cards().map((c) => c.querySelector('.booking-item__time')?.textContent)).toEqual(['11月19日 周四 09:00–10:30', '11月21日 周六 14:30–16:00', '11月19日 周四 至 11月20日 周五'])
    expect(cards()[2]!.textContent).toContain('联通社区党群服务中心 · 共享工具')
    expect(api.calls('GET /api/bookings/mine')[0]!.query.get('scope')).toBe('upcoming')

    fireEvent.click(cards()[1]!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/detail/index?id=32' })

    fireEvent.click(screen.getByText('历史'))
    await waitFor(() => expect(rooms()).toEqual(['文体活动室', '图书阅览室']))
    expect(cards().map((c) => c.querySelector('.booking-status')?.textContent)).toEqual(['爽约', '已签到'])
    expect(api.calls('GET /api/bookings/mine').map((c) => c.query.get('scope'))).toEqual(['upcoming', 'past'])
    expect(screen.getByText('没有更多了')).toBeTruthy()
  })

  test('加载更多 asks for the next page with the cursor; pull-to-refresh reloads', async () => {
    api.on('GET /api/bookings/mine', (call) =>
      json(
        call.query.get('cursor') === 'c-2'
          ? { items: [booking({ id: 40, room: { id: 6, name: '图书阅览室', kind: 'room' } })], nextCursor: null }
          : { items: [booking({ id: 31 })], nextCursor: 'c-2' },
      ),
    )
    renderPage(MyBookingsPage, PATH)
    await screen.findByText('文体活动室')
    expect(api.calls('GET /api/bookings/mine')[0]!.query.get('limit')).toBe('20')

    fireEvent.click(screen.getByText('加载更多'))
    await screen.findByText('图书阅览室')
    expect(rooms()).toEqual(['文体活动室', '图书阅览室'])
    expect(api.calls('GET /api/bookings/mine').map((c) => c.query.get('cursor'))).toEqual([null, 'c-2'])
    expect(screen.getByText('没有更多了')).toBeTruthy()

    const before = api.calls('GET /api/bookings/mine').length
    pullDownToRefresh()
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalled())
    expect(api.calls('GET /api/bookings/mine').length).toBeGreaterThan(before)
  })

  test('nothing coming up: an empty state offers 去预约', async () => {
    api.on('GET /api/bookings/mine', () => json({ items: [], nextCursor: null }))
    renderPage(MyBookingsPage, PATH)
    expect(await screen.findByText('还没有要去的预约')).toBeTruthy()
    fireEvent.click(screen.getByText('去预约'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/stations/index' })
  })
})
