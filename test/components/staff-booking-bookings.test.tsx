import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import StaffBookingsPage from '../../src/packages/staff/bookings/index'
import type { Booking } from '../../types/api/booking'
import { booking, staffMember, staffStation } from './staff-booking-fixtures'
import { json, me, renderPage, useFakeApi } from './support'

const PATH = '/packages/staff/bookings/index'
const api = useFakeApi()

beforeEach(() => {
  // "Today" for the day view.
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-18T10:00:00+08:00') })
})

function answerModal(confirm: boolean) {
  return vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm, cancel: !confirm, errMsg: 'showModal:ok' } as never)
}

/** The card of the booking with this purpose. */
function card(purpose: string) {
  return screen.getByText(`用途：${purpose}`).closest('.staff-booking') as HTMLElement
}

/** Serves the staff: the stations, the approval queue and the day lists (by date). */
function serve(queue: Booking[], days: Record<string, Booking[]> = {}) {
  api.on('GET /api/me', () => json(staffMember))
  api.on('GET /api/staff/stations', () => json({ items: [staffStation(), staffStation({ id: 2, name: '第三网格党群服务驿站', kind: 'grid_station', rooms: [], tools: [] })] }))
  api.on('GET /api/staff/bookings', (call) => json({ items: call.query.get('view') === 'pending' ? queue : (days[call.query.get('date') ?? ''] ?? []) }))
}

describe('预约管理 · 待审核', () => {
  test('lists the queue of my community with the booker, a phone to call, room, time, purpose and attendees', async () => {
    serve([booking()])
    const call = vi.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' })
    renderPage(StaffBookingsPage, PATH)

    await screen.findByText('用途：楼道议事会')
    const [list] = api.calls('GET /api/staff/bookings')
    expect(list!.query.get('communityId')).toBe('7')
    expect(list!.query.get('view')).toBe('pending')
    expect(list!.query.get('stationId')).toBeNull()
    const c = card('楼道议事会')
    expect(c.textContent).toContain('11月18日 周三 14:00–16:00')
    expect(c.textContent).toContain('会议培训室 · 联通社区党群服务中心')
    expect(c.textContent).toContain('人数：12人')
    expect(c.textContent).toContain('预约人：王秀兰')
    expect(c.querySelector('.booking-status')?.textContent).toBe('待审核')

    fireEvent.click(within(c).getByText('拨打 138****5678'))
    expect(call).toHaveBeenCalledWith({ phoneNumber: '13812345678' })
  })

  test('通过 asks, sends the approval once with an Idempotency-Key, and the booking leaves the queue', async () => {
    const queue = [booking(), booking({ id: 502, purpose: '书法小组练习', bookerName: '李建国' })]
    serve(queue)
    api.on('POST /api/staff/bookings/501/approve', () => {
      queue.splice(0, 1)
      return json(booking({ status: 'confirmed', actions: ['staff_cancel'] }))
    })
    const modal = answerModal(true)
    renderPage(StaffBookingsPage, PATH)
    await screen.findByText('用途：楼道议事会')

    fireEvent.click(within(card('楼道议事会')).getByText('通过'))
    await waitFor(() => expect(api.calls('POST /api/staff/bookings/501/approve')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '通过预约', confirmText: '通过' })
    const [approve] = api.calls('POST /api/staff/bookings/501/approve')
    expect(approve!.body).toEqual({})
    expect(approve!.headers['idempotency-key']).toBeTruthy()
    await waitFor(() => expect(screen.queryByText('用途：楼道议事会')).toBeNull())
    expect(screen.getByText('用途：书法小组练习')).toBeTruthy()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已通过，预约已生效' }))
  })

  test('通过 answered 取消 in the modal sends nothing', async () => {
    serve([booking()])
    answerModal(false)
    renderPage(StaffBookingsPage, PATH)
    await screen.findByText('用途：楼道议事会')

    fireEvent.click(within(card('楼道议事会')).getByText('通过'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled())
    expect(api.calls('POST /api/staff/bookings/501/approve')).toHaveLength(0)
  })

  test('拒绝 needs a reason of at least 2 characters, then sends it and the booking leaves the queue', async () => {
    const queue = [booking()]
    serve(queue)
    api.on('POST /api/staff/bookings/501/reject', (call) => {
      queue.length = 0
      return json(booking({ status: 'rejected', rejectReason: (call.body as { reason: string }).reason, actions: [] }))
    })
    renderPage(StaffBookingsPage, PATH)
    await screen.findByText('用途：楼道议事会')

    fireEvent.click(within(card('楼道议事会')).getByText('拒绝'))
    const reason = document.querySelector('input[placeholder="例如：当天场地另有安排，请改约其他时间"]')!
    fireEvent.input(reason, { target: { value: '满' } })
    fireEvent.click(screen.getByText('确认拒绝'))
    expect(screen.getByText('请写明原因（至少2个字）')).toBeTruthy()
    expect(api.calls('POST /api/staff/bookings/501/reject')).toHaveLength(0)

    fireEvent.input(reason, { target: { value: ' 当天已有党员大会 ' } })
    fireEvent.click(screen.getByText('确认拒绝'))
    await waitFor(() => expect(api.calls('POST /api/staff/bookings/501/reject')).toHaveLength(1))
    expect(api.calls('POST /api/staff/bookings/501/reject')[0]!.body).toEqual({ reason: '当天已有党员大会' })
    expect(await screen.findByText('没有待审核的预约')).toBeTruthy()
    expect(api.calls('POST /api/staff/bookings/501/approve')).toHaveLength(0)
  })

  test('only the actions the server offers are shown', async () => {
    serve([booking({ actions: ['reject'] })])
    renderPage(StaffBookingsPage, PATH)
    await screen.findByText('用途：楼道议事会')
    const c = card('楼道议事会')
    expect(within(c).queryByText('通过')).toBeNull()
    expect(within(c).getByText('拒绝')).toBeTruthy()
    expect(within(c).queryByText('签到')).toBeNull()
  })

  test('the station filter asks for that station only', async () => {
    serve([booking()])
    renderPage(StaffBookingsPage, PATH)
    fireEvent.click(await screen.findByText('第三网格党群服务驿站'))
    await waitFor(() => expect(api.calls('GET /api/staff/bookings').at(-1)!.query.get('stationId')).toBe('2'))
    expect(api.calls('GET /api/staff/bookings').at(-1)!.query.get('view')).toBe('pending')
  })
})

describe('预约管理 · 按日查看', () => {
  const morning = booking({ id: 601, purpose: '太极拳晨练', status: 'confirmed', startsAt: '2026-11-18T08:30:00+08:00', endsAt: '2026-11-18T09:30:00+08:00', actions: ['staff_check_in', 'staff_cancel'] })
  const afternoon = booking({ id: 602, purpose: '老年大学书法课', status: 'checked_in', checkedInAt: '2026-11-18T13:55:00+08:00', actions: [] })
  const ladder = booking({
    id: 603,
    purpose: '换灯泡',
    status: 'confirmed',
    room: { id: 21, name: '人字梯', kind: 'tool' },
    startsAt: '2026-11-18T00:00:00+08:00',
    endsAt: '2026-11-20T00:00:00+08:00',
    actions: ['staff_check_in'],
  })

  test('shows every booking of the day by start time with its status; 前一天 / 后一天 / 今天 switch the day', async () => {
    serve([], { '2026-11-18': [afternoon, morning, ladder], '2026-11-17': [] })
    renderPage(StaffBookingsPage, PATH)
    fireEvent.click(await screen.findByText('按日查看'))

    await screen.findByText('用途：太极拳晨练')
    expect(api.calls('GET /api/staff/bookings').at(-1)!.query.get('date')).toBe('2026-11-18')
    expect(screen.getByText('11月18日 周三（今天）')).toBeTruthy()
    const times = [...document.querySelectorAll('.staff-booking')].map((el) => el.querySelector('.staff-booking__time')?.textContent)
    expect(times).toEqual(['11月18日 周三 至 11月19日 周四（2天）', '11月18日 周三 08:30–09:30', '11月18日 周三 14:00–16:00'])
    expect(card('太极拳晨练').querySelector('.booking-status')?.textContent).toBe('已确认')
    expect(card('老年大学书法课').querySelector('.booking-status')?.textContent).toBe('已签到')
    expect(card('老年大学书法课').textContent).toContain('11月18日 13:55 签到')

    fireEvent.click(screen.getByText('前一天'))
    expect(await screen.findByText('这一天没有预约')).toBeTruthy()
    expect(api.calls('GET /api/staff/bookings').at(-1)!.query.get('date')).toBe('2026-11-17')
    fireEvent.click(screen.getByText('后一天'))
    fireEvent.click(screen.getByText('后一天'))
    await waitFor(() => expect(api.calls('GET /api/staff/bookings').at(-1)!.query.get('date')).toBe('2026-11-19'))
    fireEvent.click(screen.getByText('今天'))
    expect(await screen.findByText('用途：太极拳晨练')).toBeTruthy()
  })

  test('签到 asks, checks the booker in and shows the new status', async () => {
    const day = [morning]
    serve([], { '2026-11-18': day })
    api.on('POST /api/staff/bookings/601/check-in', () => {
      day[0] = { ...morning, status: 'checked_in', checkedInAt: '2026-11-18T10:00:00+08:00', actions: [] }
      return json(day[0])
    })
    const modal = answerModal(true)
    renderPage(StaffBookingsPage, PATH)
    fireEvent.click(await screen.findByText('按日查看'))
    await screen.findByText('用途：太极拳晨练')

    fireEvent.click(within(card('太极拳晨练')).getByText('签到'))
    await waitFor(() => expect(api.calls('POST /api/staff/bookings/601/check-in')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '到场签到', confirmText: '签到' })
    expect(api.calls('POST /api/staff/bookings/601/check-in')[0]!.body).toEqual({})
    await waitFor(() => expect(card('太极拳晨练').querySelector('.booking-status')?.textContent).toBe('已签到'))
    expect(within(card('太极拳晨练')).queryByText('签到')).toBeNull()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已签到' }))
  })

  test('取消预约 needs a reason, then cancels with it', async () => {
    const day = [morning]
    serve([], { '2026-11-18': day })
    api.on('POST /api/staff/bookings/601/cancel', (call) => {
      day[0] = { ...morning, status: 'cancelled', cancelReason: (call.body as { reason: string }).reason, actions: [] }
      return json(day[0])
    })
    renderPage(StaffBookingsPage, PATH)
    fireEvent.click(await screen.findByText('按日查看'))
    await screen.findByText('用途：太极拳晨练')

    fireEvent.click(within(card('太极拳晨练')).getByText('取消预约'))
    fireEvent.click(screen.getByText('确认取消'))
    expect(screen.getByText('请写明原因（至少2个字）')).toBeTruthy()
    expect(api.calls('POST /api/staff/bookings/601/cancel')).toHaveLength(0)

    fireEvent.input(document.querySelector('input[placeholder="例如：临时停电，场地无法使用"]')!, { target: { value: '临时停电' } })
    fireEvent.click(screen.getByText('确认取消'))
    await waitFor(() => expect(api.calls('POST /api/staff/bookings/601/cancel')).toHaveLength(1))
    expect(api.calls('POST /api/staff/bookings/601/cancel')[0]!.body).toEqual({ reason: '临时停电' })
    await waitFor(() => expect(card('太极拳晨练').querySelector('.booking-status')?.textContent).toBe('已取消'))
    expect(card('太极拳晨练').textContent).toContain('取消原因：临时停电')
  })

  test("a refused action shows the server's message and fetches the day again", async () => {
    serve([], { '2026-11-18': [morning] })
    api.on('POST /api/staff/bookings/601/check-in', () => json({ code: 'BOOKING_STATE_CONFLICT', message: '预约当前的状态不能进行这个操作，请刷新后再看' }, 409))
    answerModal(true)
    renderPage(StaffBookingsPage, PATH)
    fireEvent.click(await screen.findByText('按日查看'))
    await screen.findByText('用途：太极拳晨练')
    const before = api.calls('GET /api/staff/bookings').length

    fireEvent.click(within(card('太极拳晨练')).getByText('签到'))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '预约当前的状态不能进行这个操作，请刷新后再看' })))
    await waitFor(() => expect(api.calls('GET /api/staff/bookings').length).toBeGreaterThan(before))
  })
})

test('not for residents: the staff gate, and no staff call', async () => {
  api.on('GET /api/me', () => json(me()))
  renderPage(StaffBookingsPage, PATH)
  expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
  expect(api.calls('GET /api/staff/bookings')).toHaveLength(0)
  expect(api.calls('GET /api/staff/stations')).toHaveLength(0)
})
