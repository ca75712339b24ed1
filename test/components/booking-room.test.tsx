import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import RoomPage from '../../src/packages/booking/room/index'
import { apiError, deferred, json, renderPage, useFakeApi } from './support'
import { booking, gridDay, roomWeek, toolWeek, WEEK_DAYS, WEEK_START } from './booking-fixtures'

const PATH = '/packages/booking/room/index'
const api = useFakeApi()

function openRoom(id = '5') {
  Current.router = { params: { id }, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
  return renderPage(RoomPage, PATH)
}

const shownDay = () => document.querySelector('.day-panel') as HTMLElement
/** The cell of the shown day starting at HH:MM. */
function cell(clock: string): HTMLElement {
  const found = [...shownDay().querySelectorAll<HTMLElement>('.slot')].find((el) => el.querySelector('.slot__time')?.textContent?.startsWith(clock))
  if (!found) throw new Error(`no cell at ${clock}`)
  return found
}
const stateOf = (el: HTMLElement) => [...el.classList].find((c) => /^slot--(free|taken|mine|closed|past)$/.test(c))?.slice('slot--'.length)
const labelOf = (el: HTMLElement) => el.querySelector('.slot__state')?.textContent
const selected = () => [...document.querySelectorAll<HTMLElement>('.slot--selected')].map((el) => el.querySelector('.slot__time')?.firstChild?.textContent ?? el.querySelector('.tool-day__name')?.textContent)

function pickDay(stripDate: string) {
  const tab = [...document.querySelectorAll<HTMLElement>('.day-tab')].find((el) => el.querySelector('.day-tab__date')?.textContent === stripDate)
  if (!tab) throw new Error(`no day ${stripDate}`)
  fireEvent.click(tab)
}

async function typeArea(label: string, value: string) {
  const area = document.querySelector(`taro-textarea-core[aria-label="${label}"]`) ?? document.querySelector('taro-textarea-core')
  await waitFor(() => expect(area!.querySelector('textarea')).not.toBeNull())
  act(() => void area!.dispatchEvent(new CustomEvent('input', { detail: { value }, bubbles: true })))
}

const toasts = () => (Taro.showToast as unknown as { mock: { calls: [{ title: string }][] } }).mock.calls.map((c) => c[0].title)

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

describe('预约场地: the week grid', () => {
  test('shows a skeleton while loading, then the day strip with holidays, closures and the shown day\'s cells in their states', async () => {
    const held = deferred<Response>()
    api.once('GET /api/rooms/5/week', () => held.promise)
    openRoom()
    expect(document.querySelector('.query-view__loading')).not.toBeNull()
    held.resolve(json(roomWeek()))

    await screen.findByText('文体活动室')
    expect(api.calls('GET /api/rooms/5/week')[0]!.query.has('date')).toBe(false)
    expect(document.querySelector('.switcher__label')?.textContent).toBe('11月16日–11月22日')
    // The strip: weekday, date, what is left, and the official calendar's marks.
    const tabs = [...document.querySelectorAll<HTMLElement>('.day-tab')]
    expect(tabs.map((t) => t.querySelector('.day-tab__weekday')?.textContent)).toEqual(['周一', '周二', '周三', '周四', '周五', '周六', '周日'])
    expect(tabs.map((t) => t.querySelector('.day-tab__status')?.textContent)).toEqual(['已过', '可约13段', '可约19段', '可约15段', '可约17段', '可约19段', '可约16段'])
    expect(tabs[5]!.querySelector('.day-kind')?.textContent).toBe('元旦 · 调休上班')
    expect(tabs[6]!.querySelector('.day-kind')?.textContent).toBe('元旦 · 节假日')
    expect(tabs[3]!.querySelector('.day-kind')).toBeNull()
    // The first day with a free cell is shown: Tuesday, whose morning is over.
    expect(shownDay().querySelector('.day-panel__date')?.textContent).toBe('11月17日 周二')
    expect(shownDay().querySelector('.day-panel__hours')?.textContent).toBe('开放时间 08:30–11:30、13:30–20:00')
    expect(stateOf(cell('08:30'))).toBe('past')
    expect(labelOf(cell('08:30'))).toBe('已过')
    // 10:00 has not begun: it is inside the hour's notice, and says so.
    expect(stateOf(cell('10:00'))).toBe('closed')
    expect(labelOf(cell('10:00'))).toBe('需提前1小时')
    expect(stateOf(cell('13:30'))).toBe('free')
    fireEvent.click(cell('09:00'))
    expect(toasts().at(-1)).toBe('这个时段已开始或已过，不能预约')
    fireEvent.click(cell('10:30'))
    expect(toasts().at(-1)).toBe('需至少提前1小时预约，这个时段来不及了，请选更晚的时段')
    expect(selected()).toEqual([])

    pickDay('11/19')
    expect(shownDay().querySelector('.day-panel__date')?.textContent).toBe('11月19日 周四')
    expect([stateOf(cell('13:30')), stateOf(cell('14:00')), stateOf(cell('16:00'))]).toEqual(['free', 'taken', 'mine'])
    expect([labelOf(cell('13:30')), labelOf(cell('14:00')), labelOf(cell('16:00'))]).toEqual(['可约', '已约满', '我的'])

    pickDay('11/20')
    expect(shownDay().querySelector('.day-panel__closure')?.textContent).toBe('临时关闭：消防检查')
    expect(stateOf(cell('13:30'))).toBe('closed')
    expect(labelOf(cell('13:30'))).toBe('闭馆')
    fireEvent.click(cell('13:30'))
    expect(toasts().at(-1)).toBe('这个时段临时关闭：消防检查')

    // The rules, before anything is sent.
    const rules = document.querySelector('.booking-rules')!.textContent
    expect(rules).toContain('预约时长30分钟–4小时')
    expect(rules).toContain('最多提前14天，至少提前1小时')
    expect(rules).toContain('即时确认，无需审核')
    expect(rules).toContain('开始前2小时可自行取消')
    expect(rules).toContain('开始后15分钟未签到记爽约，60天内3次爽约暂停预约30天')
    expect(rules).toContain('缓冲时间无')
  })

  test('a start and a later end on the same day make the range; a third tap starts again; tapping the start alone clears it', async () => {
    api.on('GET /api/rooms/5/week', () => json(roomWeek()))
    openRoom()
    await screen.findByText('文体活动室')
    pickDay('11/19')
    expect(document.querySelector('.booking-form')).toBeNull()

    fireEvent.click(cell('09:00'))
    expect(labelOf(cell('09:00'))).toBe('开始')
    expect(document.querySelector('.room-summary__time')?.textContent).toBe('11月19日 周四 09:00–09:30（30分钟）')
    fireEvent.click(cell('10:00'))
    expect(selected()).toEqual(['09:00', '09:30', '10:00'])
    expect(document.querySelector('.room-summary__time')?.textContent).toBe('11月19日 周四 09:00–10:30（1.5小时）')
    expect(document.querySelector('.booking-form')).not.toBeNull()

    fireEvent.click(cell('13:30'))
    expect(selected()).toEqual(['13:30'])
    fireEvent.click(cell('13:30'))
    expect(selected()).toEqual([])
    expect(document.querySelector('.room-summary')).toBeNull()

    // Another day starts afresh.
    fireEvent.click(cell('08:30'))
    pickDay('11/18')
    expect(selected()).toEqual([])
  })

  test('a range across a taken cell or the lunch closure is refused with the reason, and the start stays', async () => {
    api.on('GET /api/rooms/5/week', () => json(roomWeek()))
    openRoom()
    await screen.findByText('文体活动室')
    pickDay('11/19')

    fireEvent.click(cell('13:30'))
    fireEvent.click(cell('15:00'))
    expect(toasts().at(-1)).toBe('14:00不能预约，所选时间要连续可约，请重新选择结束时间')
    expect(selected()).toEqual(['13:30'])

    fireEvent.click(cell('14:00'))
    expect(toasts().at(-1)).toBe('这个时段已被预约，请选其他时段')
    expect(selected()).toEqual(['13:30'])

    fireEvent.click(cell('10:00'))
    expect(selected()).toEqual(['10:00'])
    fireEvent.click(cell('13:30'))
    expect(toasts().at(-1)).toBe('中间有闭馆时间，不能连着预约，请分开预约')
    expect(selected()).toEqual(['10:00'])
    expect(api.calls('POST /api/bookings')).toHaveLength(0)
  })

  test('the week switcher goes forward and back, never before the current week', async () => {
    api.on('GET /api/rooms/5/week', (call) => {
      const date = call.query.get('date')
      return json(roomWeek(date === '2026-11-23' ? { weekStart: '2026-11-23', days: roomWeek().days.map((d, i) => ({ ...gridDay(`2026-11-${23 + i}`, [['08:30', '11:30']]) })) } : {}))
    })
    openRoom()
    await screen.findByText('文体活动室')
    const prev = () => screen.getByText('上一周').closest('.nut-button') as HTMLElement
    expect(prev().className).toContain('nut-button-disabled')
    fireEvent.click(prev())
    expect(api.calls('GET /api/rooms/5/week')).toHaveLength(1)

    fireEvent.click(screen.getByText('下一周'))
    await waitFor(() => expect(document.querySelector('.switcher__label')?.textContent).toBe('11月23日–11月29日'))
    expect(api.calls('GET /api/rooms/5/week').map((c) => c.query.get('date'))).toEqual([null, '2026-11-23'])
    expect(prev().className).not.toContain('nut-button-disabled')

    fireEvent.click(prev())
    await waitFor(() => expect(document.querySelector('.switcher__label')?.textContent).toBe('11月16日–11月22日'))
    expect(api.calls('GET /api/rooms/5/week').at(-1)!.query.get('date')).toBe(WEEK_START)
    // Waited for: one CI run saw it still enabled here (not reproduced since); what counts is the settled page,
    // and that a tap there fetches nothing.
    await waitFor(() => expect(prev().className).toContain('nut-button-disabled'))
    fireEvent.click(prev())
    expect(api.calls('GET /api/rooms/5/week')).toHaveLength(3)
  })

  test('opens on the week of the next bookable day: on Sunday evening, with nothing left this week, next week', async () => {
    // Sunday 22 November 15:50 by the page's clock: the week of the 16th is over, its last cells inside the notice.
    vi.setSystemTime(new Date('2026-11-22T15:50:00+08:00'))
    const spent = roomWeek({
      days: roomWeek().days.map((d) => ({ ...d, slots: d.slots.map((c) => ({ ...c, state: c.startsAt >= '2026-11-22T16:00' ? ('closed' as const) : ('past' as const), reason: c.startsAt >= '2026-11-22T16:00' ? ('notice' as const) : ('past' as const) })) })),
    })
    const next = roomWeek({ weekStart: '2026-11-23', days: WEEK_DAYS.map((_, i) => gridDay(`2026-11-${23 + i}`, [['08:30', '11:30']], i === 0 ? { '08:30': 'taken' } : {})) })
    api.on('GET /api/rooms/5/week', (call) => json(call.query.get('date') === '2026-11-23' ? next : spent))
    openRoom()
    await waitFor(() => expect(document.querySelector('.switcher__label')?.textContent).toBe('11月23日–11月29日'))
    expect(api.calls('GET /api/rooms/5/week').map((c) => c.query.get('date'))).toEqual([null, '2026-11-23'])
    // Monday, its first free cell after a taken one; and back to this week stays possible.
    expect(shownDay().querySelector('.day-panel__date')?.textContent).toBe('11月23日 周一')
    expect(labelOf(cell('08:30'))).toBe('已约满')
    expect(labelOf(cell('09:00'))).toBe('可约')
    const prev = screen.getByText('上一周').closest('.nut-button') as HTMLElement
    expect(prev.className).not.toContain('nut-button-disabled')
    fireEvent.click(prev)
    await waitFor(() => expect(document.querySelector('.switcher__label')?.textContent).toBe('11月16日–11月22日'))
    // Looked at on purpose, a spent week stays: the page does not jump on again.
    expect(api.calls('GET /api/rooms/5/week').map((c) => c.query.get('date'))).toEqual([null, '2026-11-23', WEEK_START])
    expect(shownDay().querySelector('.day-panel__date')?.textContent).toBe('11月22日 周日')
    expect([labelOf(cell('15:30')), labelOf(cell('16:30'))]).toEqual(['已过', '需提前1小时'])
  })

  test('does not open beyond how far ahead one may book: a spent week on the last bookable day stays', async () => {
    // Tuesday 17th 10:00, bookable only until tomorrow: the next week is out of reach, so this one is shown.
    const spent = roomWeek()
    spent.room.rules.advanceDays = 1
    spent.days = spent.days.map((d) => ({ ...d, slots: d.slots.map((c) => ({ ...c, state: 'taken' as const, reason: 'booked' as const })) }))
    api.on('GET /api/rooms/5/week', () => json(spent))
    openRoom()
    await screen.findByText('文体活动室')
    expect(document.querySelector('.switcher__label')?.textContent).toBe('11月16日–11月22日')
    expect(api.calls('GET /api/rooms/5/week')).toHaveLength(1)
  })

  test('picking a slot brings the choice, what to do next and the form into view', async () => {
    api.on('GET /api/rooms/5/week', () => json(roomWeek()))
    const scroll = vi.spyOn(Taro, 'pageScrollTo')
    openRoom()
    await screen.findByText('文体活动室')
    // Before a pick: how to pick, above the grid; no form.
    const how = document.querySelector('.room-how')!
    expect(how.textContent).toBe('先点选开始的时段，再点选结束的时段（只约30分钟点一次即可）')
    expect(how.compareDocumentPosition(shownDay()) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(scroll).not.toHaveBeenCalled()

    pickDay('11/19')
    fireEvent.click(cell('09:00'))
    await waitFor(() => expect(scroll).toHaveBeenCalledWith(expect.objectContaining({ selector: '#room-booking' })))
    // The anchor holds the choice with the next step, then the form, in that order.
    const anchor = document.querySelector('#room-booking')!
    expect([...anchor.children].map((el) => el.className.split(' ').find((c) => c === 'room-summary' || c === 'booking-form'))).toEqual(['room-summary', 'booking-form'])
    expect(anchor.querySelector('.room-summary__next')?.textContent).toBe('要约更长时间：在上方再点选结束的时段。确认无误，请在下面填写预约信息。')
    fireEvent.click(cell('10:00'))
    await waitFor(() => expect(scroll).toHaveBeenCalledTimes(2))
    expect(anchor.querySelector('.room-summary__next')?.textContent).toBe('要改时间：在上方重新点选。确认无误，请在下面填写预约信息。')
    // 回到上方改选 goes back to the week and its days.
    fireEvent.click(screen.getByText('↑ 回到上方改选'))
    expect(scroll).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '#room-grid' }))
    expect(document.querySelector('#room-grid')?.className).toContain('switcher')
    // Clearing the pick does not scroll.
    fireEvent.click(cell('13:30'))
    fireEvent.click(cell('13:30'))
    await waitFor(() => expect(document.querySelector('.room-summary')).toBeNull())
    expect(scroll.mock.calls.filter(([o]) => (o as { selector?: string }).selector === '#room-booking')).toHaveLength(3)
  })

  test('a failed load says why and 重试 loads it again; a week without any cell says so', async () => {
    api.once('GET /api/rooms/5/week', () => apiError(404, 'NOT_FOUND', '没有找到这个场地'))
    // Shut all week, and the next week is beyond how far ahead one may book: the page stays on this one.
    const shortWindow = roomWeek().room
    shortWindow.rules.advanceDays = 3
    api.once('GET /api/rooms/5/week', () => json(roomWeek({ room: shortWindow, days: roomWeek().days.map((d) => ({ ...d, hours: null, slots: [] })) })))
    openRoom()
    expect(await screen.findByText('没有找到这个场地')).toBeTruthy()
    expect(screen.getByText('加载失败')).toBeTruthy()

    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('这一周不开放预约')).toBeTruthy()
    expect(document.querySelector('.day-panel')).toBeNull()
    // The switcher stays, to look at another week.
    expect(screen.getByText('下一周')).toBeTruthy()
  })

  test('a bad link says so without calling the API', async () => {
    openRoom('abc')
    expect(await screen.findByText('找不到这个场地')).toBeTruthy()
    expect(api.calls('GET /api/rooms/abc/week')).toHaveLength(0)
  })
})

describe('预约场地: booking', () => {
  async function pickThursdayMorning() {
    openRoom()
    await screen.findByText('文体活动室')
    pickDay('11/19')
    fireEvent.click(cell('09:00'))
    fireEvent.click(cell('10:00'))
    await waitFor(() => expect(document.querySelector('taro-textarea-core textarea')).not.toBeNull())
  }

  test('sends the range, purpose, attendees and 公开 with an Idempotency-Key, then opens the booking', async () => {
    api.on('GET /api/rooms/5/week', () => json(roomWeek()))
    api.on('POST /api/bookings', () => json(booking({ id: 77, status: 'confirmed' }), 201))
    await pickThursdayMorning()

    await typeArea('用途', '  老年书法小组练字 ')
    fireEvent.input(screen.getByPlaceholderText('最多40人'), { target: { value: '8' } })
    expect(screen.getByText('这个场地最多容纳40人')).toBeTruthy()
    fireEvent.click(document.querySelector('.booking-form .nut-switch')!)
    fireEvent.click(screen.getByText('确认预约'))

    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/booking/detail/index?id=77' }))
    const [call] = api.calls('POST /api/bookings')
    expect(call!.body).toEqual({ roomId: 5, startsAt: '2026-11-19T09:00:00+08:00', endsAt: '2026-11-19T10:30:00+08:00', purpose: '老年书法小组练字', attendees: 8, isPublic: true })
    expect(call!.headers['idempotency-key']).toMatch(/^[a-z0-9]+-[0-9a-f]{16}$/)
    expect(toasts()).toContain('已预约')
  })

  test('a room that needs approval says 已提交，等待审核', async () => {
    api.on('GET /api/rooms/5/week', () => json(roomWeek({ room: { ...roomWeek().room, rules: { ...roomWeek().room.rules, requiresApproval: true } } })))
    api.on('POST /api/bookings', () => json(booking({ id: 78, status: 'pending', actions: ['cancel'] }), 201))
    await pickThursdayMorning()
    expect(document.querySelector('.room-tag')?.textContent).toBe('需审核')
    expect(document.querySelector('.booking-rules')!.textContent).toContain('需社区审核，通过后生效')

    await typeArea('用途', '楼道议事')
    fireEvent.input(screen.getByPlaceholderText('最多40人'), { target: { value: '12' } })
    fireEvent.click(screen.getByText('提交预约申请'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/booking/detail/index?id=78' }))
    expect(toasts()).toContain('已提交，等待审核')
    expect(api.calls('POST /api/bookings')[0]!.body).toMatchObject({ isPublic: false, attendees: 12 })
  })

  test('the server\'s word on a field goes under that field; no number of people is not sent at all', async () => {
    api.on('GET /api/rooms/5/week', () => json(roomWeek()))
    api.once('POST /api/bookings', () => json({ code: 'VALIDATION_FAILED', message: '提交的内容有误', details: [{ path: 'body.purpose', message: '请填写用途（至少2个字）' }] }, 400))
    api.once('POST /api/bookings', () => apiError(400, 'BOOKING_CAPACITY_EXCEEDED', '参加人数超过了场地的容纳人数'))
    await pickThursdayMorning()

    fireEvent.click(screen.getByText('确认预约'))
    expect(document.querySelector('.form-error--attendees')?.textContent).toBe('请填写参加人数（整数）')
    expect(api.calls('POST /api/bookings')).toHaveLength(0)

    fireEvent.input(screen.getByPlaceholderText('最多40人'), { target: { value: '8' } })
    fireEvent.click(screen.getByText('确认预约'))
    await waitFor(() => expect(document.querySelector('.form-error--purpose')?.textContent).toBe('请填写用途（至少2个字）'))

    await typeArea('用途', '合唱排练')
    fireEvent.input(screen.getByPlaceholderText('最多40人'), { target: { value: '80' } })
    fireEvent.click(screen.getByText('确认预约'))
    await waitFor(() => expect(document.querySelector('.form-error--attendees')?.textContent).toBe('参加人数超过了场地的容纳人数'))
    expect(api.calls('POST /api/bookings')).toHaveLength(2)
    expect(Taro.redirectTo).not.toHaveBeenCalled()
  })

  test('BOOKING_CONFLICT: the message is shown, the week is fetched again and shows the cells taken', async () => {
    api.once('GET /api/rooms/5/week', () => json(roomWeek()))
    api.on('GET /api/rooms/5/week', () => {
      const week = roomWeek()
      week.days[3] = gridDay('2026-11-19', [['08:30', '11:30'], ['13:30', '20:00']], { '09:00': 'taken', '09:30': 'taken', '14:00': 'taken', '14:30': 'taken', '16:00': 'mine', '16:30': 'mine' })
      return json(week)
    })
    api.on('POST /api/bookings', () => apiError(409, 'BOOKING_CONFLICT', '这个时段刚被别人预约了，请换个时段'))
    await pickThursdayMorning()

    await typeArea('用途', '老年书法小组练字')
    fireEvent.input(screen.getByPlaceholderText('最多40人'), { target: { value: '8' } })
    fireEvent.click(screen.getByText('确认预约'))

    await waitFor(() => expect(document.querySelector('.room-notice')?.textContent).toBe('这个时段刚被别人预约了，请换个时段'))
    expect(toasts()).toContain('这个时段刚被别人预约了，请换个时段')
    await waitFor(() => expect(api.calls('GET /api/rooms/5/week')).toHaveLength(2))
    await waitFor(() => expect(stateOf(cell('09:00'))).toBe('taken'))
    // Still Thursday, nothing picked: she chooses again.
    expect(shownDay().querySelector('.day-panel__date')?.textContent).toBe('11月19日 周四')
    expect(selected()).toEqual([])
    expect(document.querySelector('.booking-form')).toBeNull()
    expect(Taro.redirectTo).not.toHaveBeenCalled()
  })

  test('canBook false: the server\'s reason is shown, cells cannot be picked and there is no form', async () => {
    api.on('GET /api/rooms/5/week', () => json(roomWeek({ canBook: false, cannotBookReason: '因多次预约未到，您的预约权限暂停至2026-12-10' })))
    openRoom()
    await screen.findByText('文体活动室')
    expect(document.querySelector('.room-cannot-book')?.textContent).toBe('因多次预约未到，您的预约权限暂停至2026-12-10')
    pickDay('11/19')
    fireEvent.click(cell('09:00'))
    expect(selected()).toEqual([])
    expect(document.querySelector('.booking-form')).toBeNull()
    expect(document.querySelector('.room-how')).toBeNull()
  })
})

describe('借用共享工具', () => {
  test('days are the cells: a start day and an end day across the week; no attendees, no 公开; sent as whole days', async () => {
    api.on('GET /api/rooms/9/week', () => json(toolWeek()))
    api.on('POST /api/bookings', () => json(booking({ id: 80, room: { id: 9, name: '人字梯', kind: 'tool' } }), 201))
    openRoom('9')
    await screen.findByText('人字梯')
    expect(document.querySelector('.day-strip')).toBeNull()
    const days = [...document.querySelectorAll<HTMLElement>('.tool-day')]
    expect(days).toHaveLength(7)
    expect(days[6]!.className).toContain('tool-day--none')
    expect(days[6]!.textContent).toContain('闭馆')
    expect(days.slice(0, 6).map((d) => labelOf(d))).toEqual(['已过', '可约', '可约', '可约', '已约满', '可约'])
    expect(document.querySelector('.booking-rules')!.textContent).toContain('领取当天未签到记爽约')
    expect(document.querySelector('.booking-rules')!.textContent).toContain('预约时长1天–3天')

    // Across the taken Friday: refused.
    fireEvent.click(days[3]!)
    fireEvent.click(days[5]!)
    expect(toasts().at(-1)).toBe('11月20日不能预约，所选时间要连续可约，请重新选择结束时间')
    fireEvent.click(days[3]!)
    fireEvent.click(days[1]!)
    fireEvent.click(days[3]!)
    expect(selected()).toEqual(['11月17日 周二', '11月18日 周三', '11月19日 周四'])
    expect(document.querySelector('.room-summary__time')?.textContent).toBe('11月17日 周二 至 11月19日 周四（3天）')
    expect(screen.queryByPlaceholderText(/最多\d+人/)).toBeNull()
    expect(document.querySelector('.booking-form .nut-switch')).toBeNull()

    await typeArea('用途', '家里换灯泡')
    fireEvent.click(screen.getByText('确认预约'))
    await waitFor(() => expect(api.calls('POST /api/bookings')).toHaveLength(1))
    expect(api.calls('POST /api/bookings')[0]!.body).toEqual({
      roomId: 9,
      startsAt: '2026-11-17T00:00:00+08:00',
      endsAt: '2026-11-20T00:00:00+08:00',
      purpose: '家里换灯泡',
      attendees: 1,
      isPublic: false,
    })
  })
})
