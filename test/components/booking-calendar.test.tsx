import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import EventCalendarPage from '../../src/packages/booking/calendar/index'
import { chosenCommunity } from '../../src/stores/preferences'
import { apiError, event, json, me, renderPage, useFakeApi } from './support'
import { stationItem } from './booking-fixtures'

const PATH = '/packages/booking/calendar/index'
const api = useFakeApi()

function openCalendar(params: Record<string, string> = {}) {
  Current.router = { params, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
  return renderPage(EventCalendarPage, PATH)
}

const NOVEMBER = [
  event({ id: 1, title: '长者智能手机课堂', startsAt: '2026-11-18T09:30:00+08:00', endsAt: '2026-11-18T11:30:00+08:00' }),
  event({ id: 7, kind: 'booking', title: '社区合唱团排练', place: '文体活动室', startsAt: '2026-11-18T14:00:00+08:00', endsAt: '2026-11-18T16:00:00+08:00', capacity: null, signedUp: null }),
  event({ id: 1, kind: 'booking', title: '亲子绘本共读', place: '图书阅览室', startsAt: '2026-11-24T15:00:00+08:00', endsAt: '2026-11-24T16:30:00+08:00', capacity: null, signedUp: null }),
]

const STATIONS = [stationItem(), stationItem({ id: 3, name: '联通社区第三网格党群服务驿站' }), stationItem({ id: 4, name: '联通社区第十一网格党群服务驿站' })]

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-17T10:00:00+08:00') })
  api.on('GET /api/me', () => json(me()))
  api.on('GET /api/stations', () => json({ items: STATIONS }))
})

const dayCell = (n: number) => [...document.querySelectorAll<HTMLElement>('.month-grid__day')].find((el) => el.querySelector('.month-grid__number')?.textContent === String(n))!
const dotted = () => [...document.querySelectorAll<HTMLElement>('.month-grid__day')].filter((el) => el.querySelector('.month-grid__dot')).map((el) => Number(el.querySelector('.month-grid__number')!.textContent))
const titles = () => [...document.querySelectorAll('.event-item__title')].map((el) => el.textContent)

describe('活动预告', () => {
  test('a month grid starting on Monday, dots on the days with events, today chosen; a day shows its events', async () => {
    api.on('GET /api/events', () => json({ month: '2026-11', items: NOVEMBER }))
    openCalendar()
    await screen.findByText('2026年11月')

    // November 2026 begins on a Sunday: six blanks before the 1st.
    expect(document.querySelectorAll('.month-grid__blank').length).toBeGreaterThanOrEqual(6)
    const grid = [...document.querySelector('.month-grid')!.children]
    expect(grid.slice(0, 7).map((el) => el.textContent)).toEqual(['一', '二', '三', '四', '五', '六', '日'])
    expect(grid.slice(7, 14).map((el) => el.className.includes('blank'))).toEqual([true, true, true, true, true, true, false])
    expect(dotted()).toEqual([18, 24])
    expect(dayCell(17).className).toContain('month-grid__day--picked')
    expect(document.querySelector('.calendar-day-title')?.textContent).toBe('11月17日 周二')
    expect(screen.getByText('这一天没有活动')).toBeTruthy()
    expect(document.querySelector('.calendar-count')?.textContent).toContain('本月共3场活动')

    fireEvent.click(dayCell(18))
    expect(document.querySelector('.calendar-day-title')?.textContent).toBe('11月18日 周三（2场）')
    expect(titles()).toEqual(['长者智能手机课堂', '社区合唱团排练'])
    fireEvent.click(dayCell(24))
    expect(titles()).toEqual(['亲子绘本共读'])
    // The community's events, the server's current month.
    expect(api.calls('GET /api/events').map((c) => [c.query.get('month'), c.query.get('stationId'), c.query.get('communityId')])).toEqual([[null, null, null]])
  })

  test('opened from a station it asks for that station; the filter switches stations and back to all', async () => {
    api.on('GET /api/events', (call) => json({ month: '2026-11', items: call.query.get('stationId') === '3' ? [NOVEMBER[0]!] : call.query.get('stationId') === '4' ? [] : NOVEMBER }))
    openCalendar({ stationId: '3', communityId: '7' })
    await screen.findByText('2026年11月')
    await screen.findByText('联通社区第三网格党群服务驿站')

    expect(api.calls('GET /api/events')[0]!.query.get('stationId')).toBe('3')
    expect(api.calls('GET /api/events')[0]!.query.get('communityId')).toBe('7')
    expect(api.calls('GET /api/stations')[0]!.query.get('communityId')).toBe('7')
    const chosen = () => document.querySelector('.choice-buttons__item--chosen')?.textContent
    expect(chosen()).toBe('联通社区第三网格党群服务驿站')
    expect(dotted()).toEqual([18])

    fireEvent.click(screen.getByText('联通社区第十一网格党群服务驿站'))
    await waitFor(() => expect(dotted()).toEqual([]))
    expect(api.calls('GET /api/events').at(-1)!.query.get('stationId')).toBe('4')

    fireEvent.click(screen.getByText('全部阵地'))
    await waitFor(() => expect(dotted()).toEqual([18, 24]))
    expect(api.calls('GET /api/events').at(-1)!.query.has('stationId')).toBe(false)
  })

  test('下个月 asks for the next month by name and shows its days', async () => {
    api.on('GET /api/events', (call) =>
      json(call.query.get('month') === '2026-12' ? { month: '2026-12', items: [event({ id: 9, title: '冬至包饺子', startsAt: '2026-12-21T09:00:00+08:00', endsAt: '2026-12-21T11:00:00+08:00' })] } : { month: '2026-11', items: NOVEMBER }),
    )
    openCalendar()
    await screen.findByText('2026年11月')
    fireEvent.click(screen.getByText('下个月'))
    await screen.findByText('2026年12月')
    expect(dotted()).toEqual([21])
    // Today is not in December: the first day with an event is shown.
    expect(titles()).toEqual(['冬至包饺子'])
    expect(api.calls('GET /api/events').at(-1)!.query.get('month')).toBe('2026-12')
  })
})

describe('活动预告 for a visitor (not logged in)', () => {
  test('shows the month of the community picked to browse', async () => {
    chosenCommunity.set(9)
    api.on('GET /api/me', () => apiError(401, 'UNAUTHENTICATED', '请先登录'))
    api.on('GET /api/events', () => json({ month: '2026-11', items: NOVEMBER }))
    renderPage(EventCalendarPage, '/packages/booking/calendar/index')

    await screen.findByText('2026年11月')
    expect(document.querySelector('.calendar-count')?.textContent).toContain('本月共3场活动')
    expect(api.calls('GET /api/events').at(-1)!.query.get('communityId')).toBe('9')
    expect(screen.queryByText('去登录')).toBeNull()
  })
})
