import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import qrcode from 'qrcode-generator'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import StaffStationsPage from '../../src/packages/staff/stations/index'
import type { Room } from '../../types/api/booking'
import { room, rules, staffMember, staffStation, tool } from './staff-booking-fixtures'
import { json, me, renderPage, useFakeApi } from './support'

const PATH = '/packages/staff/stations/index'
const api = useFakeApi()

beforeEach(() => {
  // "Tomorrow" for the closure form's defaults.
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-18T10:00:00+08:00') })
})

function answerModal(confirm: boolean) {
  return vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm, cancel: !confirm, errMsg: 'showModal:ok' } as never)
}

function serveStations(stations = [staffStation({ tools: [tool(), tool({ id: 22, name: '轮椅', active: false })] })]) {
  api.on('GET /api/me', () => json(staffMember))
  api.on('GET /api/staff/stations', () => json({ items: stations }))
}

/** The row of a room or tool in the list. */
function roomRow(name: string) {
  return screen.getByText(name).closest('.room-admin') as HTMLElement
}

/** Types into the text box with this placeholder, as the keyboard would. */
function type(placeholder: string, value: string) {
  const input = document.querySelector<HTMLInputElement>(`input[placeholder="${placeholder}"]`)
  if (!input) throw new Error(`no field ${placeholder}`)
  fireEvent.input(input, { target: { value } })
}

function day(d: number) {
  return document.querySelector(`.hours-editor__day--${d}`) as HTMLElement
}

describe('阵地管理', () => {
  test('lists the stations of my community with rooms and tools, inactive ones marked 暂停预约', async () => {
    serveStations()
    renderPage(StaffStationsPage, PATH)

    await screen.findByText('联通社区党群服务中心')
    expect(api.calls('GET /api/staff/stations')[0]!.query.get('communityId')).toBe('7')
    expect(screen.getByText('开放时间：周一至周五 08:30–11:30、13:30–20:00；周六、周日 09:00–17:00')).toBeTruthy()
    expect(roomRow('会议培训室').textContent).toContain('容纳30人 · 每段30分钟 · 每次0.5小时–4小时 · 可提前14天预约')
    expect(roomRow('会议培训室').textContent).toContain('需审核')
    expect(roomRow('会议培训室').textContent).not.toContain('暂停预约')
    expect(roomRow('人字梯').textContent).toContain('按天借用 · 每次1–3天')
    expect(roomRow('轮椅').querySelector('.tag--warn')?.textContent).toBe('暂停预约')
    expect(screen.getByText('场地（1）')).toBeTruthy()
    expect(screen.getByText('共享工具（2）')).toBeTruthy()
  })

  test('the admin manages the stations of any community: the community is chosen at the top', async () => {
    api.on('GET /api/me', () => json(me({ roles: ['admin'], community: null, staffCommunityIds: [7, 9] })))
    api.on('GET /api/communities', () => json({ items: [7, 9].map((id) => ({ id, name: id === 7 ? '联通社区' : '福龙社区', subdistrictName: '花园街道', districtName: '爱辉区', address: '', distanceMeters: null })) }))
    api.on('GET /api/staff/stations', (call) => json({ items: call.query.get('communityId') === '9' ? [staffStation({ id: 5, communityId: 9, name: '福龙社区党群服务中心' })] : [staffStation()] }))
    renderPage(StaffStationsPage, PATH)
    await screen.findByText('联通社区党群服务中心')
    // The community picker appears once the communities are read, which may be after the list.
    const picker = await waitFor(() => {
      const element = document.querySelector<HTMLElement>('.staff-gate__communities')
      if (!element) throw new Error('no community picker yet')
      return element
    })
    fireEvent.click(await within(picker).findByText('福龙社区'))
    await screen.findByText('福龙社区党群服务中心')
    expect(api.calls('GET /api/staff/stations').map((c) => c.query.get('communityId'))).toEqual(['7', '9'])
  })

  test('the opening hours editor sends the week as edited, and keeps the photos', async () => {
    serveStations()
    api.on('PATCH /api/staff/stations/1', (call) => json(staffStation(call.body as object)))
    renderPage(StaffStationsPage, PATH)
    fireEvent.click(await screen.findByText('编辑阵地信息和开放时间'))

    // 周日 closes; 周二 is emptied and then copied from 周一 with the rest of the week; 周三 afternoon closes
    // after that; 周六 gets an evening hour.
    fireEvent.click(within(day(7)).getByText('删除'))
    expect(within(day(7)).getByText('不开放')).toBeTruthy()
    fireEvent.click(within(day(2)).getAllByText('删除')[0]!)
    fireEvent.click(within(day(2)).getAllByText('删除')[0]!)
    expect(within(day(2)).getByText('不开放')).toBeTruthy()
    fireEvent.click(screen.getByText('周一时间复制到周二至周五'))
    expect(within(day(2)).queryByText('不开放')).toBeNull()
    fireEvent.click(within(day(3)).getAllByText('删除')[1]!)
    fireEvent.click(within(day(6)).getByText('添加时段'))
    expect(day(6).textContent).toContain('17:00–18:00')
    type('例如：0456-8200777', '0456-8200999')

    fireEvent.click(screen.getByText('保存'))
    await waitFor(() => expect(api.calls('PATCH /api/staff/stations/1')).toHaveLength(1))
    const both = (d: number) => [
      { dayOfWeek: d, opens: '08:30', closes: '11:30' },
      { dayOfWeek: d, opens: '13:30', closes: '20:00' },
    ]
    expect(api.calls('PATCH /api/staff/stations/1')[0]!.body).toEqual({
      name: '联通社区党群服务中心',
      kind: 'center',
      address: '联通路12号',
      phone: '0456-8200999',
      latitude: 36.0662,
      longitude: 120.3826,
      weeklyHours: [
        ...both(1),
        ...both(2),
        { dayOfWeek: 3, opens: '08:30', closes: '11:30' },
        ...both(4),
        ...both(5),
        { dayOfWeek: 6, opens: '09:00', closes: '17:00' },
        { dayOfWeek: 6, opens: '17:00', closes: '18:00' },
      ],
      photoIds: [301],
    })
    expect(api.calls('PATCH /api/staff/stations/1')[0]!.headers['idempotency-key']).toBeTruthy()
    // Back to the list, asked for again.
    await waitFor(() => expect(api.calls('GET /api/staff/stations').length).toBeGreaterThanOrEqual(2))
    expect(await screen.findByText('编辑阵地信息和开放时间')).toBeTruthy()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' }))
  })

  test('a day without hours gets 09:00–17:00 from 添加时段, and 周一 copies to the working days', async () => {
    serveStations([staffStation({ weeklyHours: [] })])
    api.on('PATCH /api/staff/stations/1', (call) => json(staffStation(call.body as object)))
    renderPage(StaffStationsPage, PATH)
    fireEvent.click(await screen.findByText('编辑阵地信息和开放时间'))

    fireEvent.click(within(day(1)).getByText('添加时段'))
    fireEvent.click(screen.getByText('周一时间复制到周二至周五'))
    fireEvent.click(screen.getByText('保存'))
    await waitFor(() => expect(api.calls('PATCH /api/staff/stations/1')).toHaveLength(1))
    expect((api.calls('PATCH /api/staff/stations/1')[0]!.body as { weeklyHours: unknown }).weeklyHours).toEqual(
      [1, 2, 3, 4, 5].map((d) => ({ dayOfWeek: d, opens: '09:00', closes: '17:00' })),
    )
  })

  test('overlapping intervals are pointed out and not sent until one goes', async () => {
    serveStations([
      staffStation({
        weeklyHours: [
          { dayOfWeek: 1, opens: '08:00', closes: '12:00' },
          { dayOfWeek: 1, opens: '11:00', closes: '14:00' },
        ],
      }),
    ])
    api.on('PATCH /api/staff/stations/1', (call) => json(staffStation(call.body as object)))
    renderPage(StaffStationsPage, PATH)
    fireEvent.click(await screen.findByText('编辑阵地信息和开放时间'))

    expect(within(day(1)).getByText('周一：时段不能重叠')).toBeTruthy()
    fireEvent.click(screen.getByText('保存'))
    expect(screen.getByText('开放时间有误，请按上面的提示修改')).toBeTruthy()
    expect(api.calls('PATCH /api/staff/stations/1')).toHaveLength(0)

    fireEvent.click(within(day(1)).getAllByText('删除')[1]!)
    expect(within(day(1)).queryByText('周一：时段不能重叠')).toBeNull()
    fireEvent.click(screen.getByText('保存'))
    await waitFor(() => expect(api.calls('PATCH /api/staff/stations/1')).toHaveLength(1))
    expect((api.calls('PATCH /api/staff/stations/1')[0]!.body as { weeklyHours: unknown }).weeklyHours).toEqual([{ dayOfWeek: 1, opens: '08:00', closes: '12:00' }])
  })

  test('a new room sends its rules in minutes; a VALIDATION_FAILED detail is shown at its field', async () => {
    serveStations()
    api.once('POST /api/staff/rooms', () =>
      json({ code: 'VALIDATION_FAILED', message: '提交的内容有误：最长时长不能短于最短时长', details: [{ path: 'body.rules.maxDurationMinutes', message: '最长时长不能短于最短时长' }] }, 400),
    )
    api.on('POST /api/staff/rooms', (call) => json(room({ id: 12, ...(call.body as Partial<Room>) }), 201))
    renderPage(StaffStationsPage, PATH)
    await screen.findByText('联通社区党群服务中心')
    fireEvent.click(screen.getByText('新增场地'))

    fireEvent.click(screen.getByText('保存'))
    expect(document.querySelector('.form-error--name')?.textContent).toBe('名称至少2个字')
    expect(api.calls('POST /api/staff/rooms')).toHaveLength(0)

    type('例如：会议培训室', '书法活动室')
    type('例如：会议培训、图书阅览、文体活动', '文体活动')
    type('例如：30人', '24')
    type('投影仪，麦克风，白板', '书法桌，毛毡、砚台')
    fireEvent.click(screen.getByText('每段1小时'))
    type('例如：0.5小时', '3')
    type('例如：4小时', '1')
    type('例如：14天', '7')
    type('例如：1小时', '1.5')
    fireEvent.click(screen.getByText('需工作人员审核'))
    type('例如：10分钟', '30')
    type('例如：2个', '1')
    type('例如：2小时', '24')
    type('例如：15分钟', '20')
    fireEvent.click(screen.getByText('保存'))

    await waitFor(() => expect(document.querySelector('.form-error--maxDuration')?.textContent).toBe('最长时长不能短于最短时长'))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '提交的内容有误：最长时长不能短于最短时长' }))
    const [first] = api.calls('POST /api/staff/rooms')
    expect(first!.body).toEqual({
      stationId: 1,
      kind: 'room',
      name: '书法活动室',
      category: '文体活动',
      capacity: 24,
      facilities: ['书法桌', '毛毡', '砚台'],
      description: '',
      photoIds: [],
      active: true,
      rules: {
        slotMinutes: 60,
        minDurationMinutes: 180,
        maxDurationMinutes: 60,
        advanceDays: 7,
        minNoticeMinutes: 90,
        requiresApproval: true,
        bufferMinutes: 30,
        maxActivePerPerson: 1,
        cancelDeadlineMinutes: 1440,
        noShowAfterMinutes: 20,
      },
    })

    type('例如：0.5小时', '1')
    type('例如：4小时', '3')
    fireEvent.click(screen.getByText('保存'))
    await waitFor(() => expect(api.calls('POST /api/staff/rooms')).toHaveLength(2))
    expect((api.calls('POST /api/staff/rooms')[1]!.body as { rules: object }).rules).toMatchObject({ minDurationMinutes: 60, maxDurationMinutes: 180 })
    expect(await screen.findByText('新增场地')).toBeTruthy()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已新增' }))
  })

  test('editing a tool counts its loan in days, is booked by the day, and can be paused', async () => {
    serveStations()
    api.on('PATCH /api/staff/rooms/21', (call) => json(tool(call.body as Partial<Room>)))
    renderPage(StaffStationsPage, PATH)
    await screen.findByText('人字梯')
    fireEvent.click(within(roomRow('人字梯')).getByText('编辑'))

    expect((document.querySelector('input[placeholder="例如：3天"]') as HTMLInputElement).value).toBe('3')
    expect(screen.queryByText('时段长度')).toBeNull()
    type('例如：3天', '5')
    fireEvent.click(screen.getByText('暂停预约'))
    fireEvent.click(screen.getByText('保存'))

    await waitFor(() => expect(api.calls('PATCH /api/staff/rooms/21')).toHaveLength(1))
    expect(api.calls('PATCH /api/staff/rooms/21')[0]!.body).toEqual({
      kind: 'tool',
      name: '人字梯',
      category: '共享工具',
      capacity: 1,
      facilities: [],
      description: '在驿站开放时间内领取和归还。',
      photoIds: [],
      active: false,
      rules: rules({ slotMinutes: 1440, minDurationMinutes: 1440, maxDurationMinutes: 5 * 1440, minNoticeMinutes: 30, requiresApproval: false, maxActivePerPerson: 1, cancelDeadlineMinutes: 0 }),
    })
  })

  test('a closure warns that bookings inside it are cancelled, then says how many were', async () => {
    serveStations()
    const closures = [{ id: 71, roomId: 11, startsAt: '2026-11-25T08:00:00+08:00', endsAt: '2026-11-25T12:00:00+08:00', reason: '消防检查' }]
    api.on('GET /api/staff/rooms/11/closures', () => json({ items: closures }))
    api.on('POST /api/staff/rooms/11/closures', (call) => {
      const created = { id: 72, roomId: 11, ...(call.body as { startsAt: string; endsAt: string; reason: string }) }
      closures.push(created)
      return json({ ...created, cancelledBookings: 2 }, 201)
    })
    const modal = answerModal(true)
    renderPage(StaffStationsPage, PATH)
    await screen.findByText('会议培训室')
    fireEvent.click(within(roomRow('会议培训室')).getByText('临时关闭'))

    expect(await screen.findByText('11月25日 08:00 至 11月25日 12:00')).toBeTruthy()
    expect(screen.getByText('原因：消防检查')).toBeTruthy()
    fireEvent.click(screen.getByText('临时关闭'))
    expect(screen.getByText('请写明关闭原因（至少2个字）')).toBeTruthy()
    expect(modal).not.toHaveBeenCalled()

    type('例如：线路检修停电', '线路检修停电')
    fireEvent.click(screen.getByText('临时关闭'))
    await waitFor(() => expect(api.calls('POST /api/staff/rooms/11/closures')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]!.content).toContain('这段时间内已有的预约将被取消')
    expect(modal.mock.calls[0]![0]!.content).toContain('2026年11月19日 08:00 至 2026年11月19日 20:00')
    expect(api.calls('POST /api/staff/rooms/11/closures')[0]!.body).toEqual({ startsAt: '2026-11-19T08:00:00+08:00', endsAt: '2026-11-19T20:00:00+08:00', reason: '线路检修停电' })
    expect(await screen.findByText('已设置临时关闭，已取消2个预约')).toBeTruthy()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已取消2个预约' }))
    expect(await screen.findByText('11月19日 08:00 至 11月19日 20:00')).toBeTruthy()
  })

  test('取消关闭 asks, deletes the closure and it leaves the list', async () => {
    serveStations()
    let closures = [{ id: 71, roomId: 11, startsAt: '2026-11-25T08:00:00+08:00', endsAt: '2026-11-25T12:00:00+08:00', reason: '消防检查' }]
    api.on('GET /api/staff/rooms/11/closures', () => json({ items: closures }))
    api.on('DELETE /api/staff/closures/71', () => {
      closures = []
      return new Response(null, { status: 204 })
    })
    const modal = answerModal(true)
    renderPage(StaffStationsPage, PATH)
    await screen.findByText('会议培训室')
    fireEvent.click(within(roomRow('会议培训室')).getByText('临时关闭'))

    fireEvent.click(await screen.findByText('取消关闭'))
    await waitFor(() => expect(api.calls('DELETE /api/staff/closures/71')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '取消临时关闭', confirmText: '恢复开放' })
    expect(await screen.findByText('没有关闭安排')).toBeTruthy()
  })

  test("签到码 shows the room's check-in code as a QR with the room's name", async () => {
    serveStations()
    api.on('GET /api/staff/rooms/11/check-in-code', () => json({ roomId: 11, code: 'doorstep:checkin:11:ab12cd34ef56ab78' }))
    renderPage(StaffStationsPage, PATH)
    await screen.findByText('会议培训室')
    fireEvent.click(within(roomRow('会议培训室')).getByText('签到码'))

    await waitFor(() => expect(document.querySelector('.check-in-poster__qr img')).not.toBeNull())
    const expected = qrcode(0, 'M')
    expected.addData('doorstep:checkin:11:ab12cd34ef56ab78')
    expected.make()
    expect(document.querySelector('.check-in-poster__qr img')!.getAttribute('src')).toBe(expected.createDataURL(10, 4))
    expect(document.querySelector('.check-in-poster__room')?.textContent).toBe('会议培训室')
    expect(document.querySelector('.check-in-poster__station')?.textContent).toBe('联通社区党群服务中心')

    fireEvent.click(screen.getByText('返回'))
    expect(await screen.findByText('编辑阵地信息和开放时间')).toBeTruthy()
  })

  test('not for residents', async () => {
    api.on('GET /api/me', () => json(me()))
    renderPage(StaffStationsPage, PATH)
    expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
    expect(api.calls('GET /api/staff/stations')).toHaveLength(0)
  })
})
