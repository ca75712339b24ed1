import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import StaffRosterPage from '../../src/packages/staff/roster/index'
import type { Roster, RosterEntry } from '../../types/api/volunteer'
import { apiError, json, me, renderPage, useFakeApi } from './support'
import { activity, roster, staffMember } from './staff-volunteer-fixtures'

const PATH = '/packages/staff/roster/index'
const api = useFakeApi()

beforeEach(() => {
  Current.router = { params: { id: '41' }, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
})

function answerModal(confirm: boolean) {
  return vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm, cancel: !confirm, errMsg: 'showModal:ok' } as never)
}

/** Serves the roster; `state.roster` changes as the server's would. */
function serve(initial: Roster = roster()) {
  const state = { roster: initial }
  api.on('GET /api/me', () => json(staffMember))
  api.on('GET /api/staff/activities/41/roster', () => json(state.roster))
  return state
}

/** The roster with one entry changed, as the server answers a write. */
function changed(state: { roster: Roster }, signupId: number, change: Partial<RosterEntry>): Roster {
  state.roster = { ...state.roster, entries: state.roster.entries.map((e) => (e.signupId === signupId ? { ...e, ...change } : e)) }
  return state.roster
}

function entryCard(name: string) {
  return screen.getByText(name).closest('.roster-entry') as HTMLElement
}

const names = (group: string) => [...document.querySelectorAll(`.roster-group--${group} .roster-entry__name`)].map((el) => el.textContent)

async function openRoster() {
  const page = renderPage(StaffRosterPage, PATH)
  await screen.findByText('李志强')
  return page
}

describe('报名名单', () => {
  test('the header: time, place and counts; entries grouped 已报名 / 候补 in order / 其他, with times and hours', async () => {
    serve()
    const call = vi.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' })
    await openRoster()

    const head = document.querySelector('.roster-head')!
    expect(head.querySelector('.roster-head__title')?.textContent).toBe('重阳节敬老义剪')
    expect(head.textContent).toContain('11月21日 周六 09:00–11:30')
    expect(head.textContent).toContain('党群服务中心一楼大厅 · 联通社区党群服务中心')
    expect([...head.querySelectorAll('.roster-count')].map((el) => el.textContent)).toEqual(['6名额', '4已报名', '2候补'])
    expect(head.querySelector('.roster-head__progress')?.textContent).toBe('已签到 3 人 · 已签退 2 人 · 已确认时长 1 人')
    expect(head.querySelector('.roster-head__cancel-reason')).toBeNull()

    expect(names('accepted')).toEqual(['李志强', '王秀兰', '张建国', '陈桂芳'])
    expect(screen.getByText('已报名（4）')).toBeTruthy()
    expect(names('waitlisted')).toEqual(['孙强', '周丽'])
    expect(entryCard('孙强').querySelector('.roster-entry__position')?.textContent).toBe('候补第1位')
    expect(entryCard('周丽').querySelector('.roster-entry__position')?.textContent).toBe('候补第2位')
    expect(names('others')).toEqual(['刘洋', '赵磊'])
    expect(entryCard('刘洋').querySelector('.roster-entry__status')?.textContent).toBe('已取消')
    expect(entryCard('赵磊').querySelector('.roster-entry__status')?.textContent).toBe('未到场')

    expect(entryCard('王秀兰').querySelector('.roster-entry__times')?.textContent).toBe('08:52 签到 · 未签退')
    expect(entryCard('张建国').querySelector('.roster-entry__times')?.textContent).toBe('09:05 签到 · 11:20 签退')
    expect(entryCard('张建国').querySelector('.roster-entry__hours')?.textContent).toBe('按签到计算 2小时')
    expect(entryCard('陈桂芳').querySelector('.roster-entry__hours')?.textContent).toBe('按签到计算 2.5小时 · 已确认 2.5小时')

    // Each state has its one next step; the waitlist and the others have none.
    const buttons = (name: string) => [...entryCard(name).querySelectorAll('.roster-entry__actions .nut-button')].map((el) => el.textContent)
    expect(buttons('李志强')).toEqual(['手动签到', '记未到场'])
    expect(buttons('王秀兰')).toEqual(['手动签退'])
    expect(buttons('张建国')).toEqual(['确认时长'])
    expect(buttons('陈桂芳')).toEqual([])
    expect(buttons('孙强')).toEqual([])
    expect(buttons('赵磊')).toEqual([])
    expect(within(entryCard('张建国')).queryByText(/^拨打/)).toBeNull()

    fireEvent.click(within(entryCard('王秀兰')).getByText('拨打 13833334444'))
    expect(call).toHaveBeenCalledWith({ phoneNumber: '13833334444' })
  })

  test('出示签到码 opens the QR page of this activity', async () => {
    serve()
    await openRoster()
    fireEvent.click(screen.getByText('出示签到码'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/staff/activity-qr/index?id=41' })
  })

  test('a cancelled activity shows why, and has no code to show and nothing to do', async () => {
    // The server offers nothing to do with the sign-ups of a cancelled activity.
    serve(roster({ activity: activity({ cancelled: true, phase: 'cancelled', cancelReason: '暴雨预警，改期举行' }), entries: roster().entries.map((e) => ({ ...e, actions: [] })) }))
    await openRoster()
    expect(document.querySelector('.roster-head .activity-state--cancelled')?.textContent).toBe('已取消')
    expect(document.querySelector('.roster-head__cancel-reason')?.textContent).toBe('取消原因：暴雨预警，改期举行')
    expect(screen.queryByText('出示签到码')).toBeNull()
    expect(screen.queryByText('全部签退')).toBeNull()
    expect(screen.queryByText('手动签到')).toBeNull()
  })

  test('长辈模式 reaches the roster', async () => {
    Taro.setStorageSync('doorstep.elder-mode', true)
    serve()
    const page = await openRoster()
    expect(page.pageRoot().classList.contains('page--elder')).toBe(true)
  })

  test('nobody yet', async () => {
    serve(roster({ activity: activity({ signedUp: 0, waitlisted: 0 }), entries: [] }))
    renderPage(StaffRosterPage, PATH)
    expect(await screen.findByText('还没有人报名')).toBeTruthy()
  })

  test('not for residents', async () => {
    api.on('GET /api/me', () => json(me()))
    renderPage(StaffRosterPage, PATH)
    expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
  })
})

describe('报名名单 · 签到签退', () => {
  test('手动签到 asks, sends POST …/check-in with an Idempotency-Key, and shows the roster the server answers', async () => {
    const state = serve()
    api.on('POST /api/staff/signups/901/check-in', () => json(changed(state, 901, { checkedInAt: '2026-11-21T09:10:00+08:00', actions: ['check_out'] })))
    const modal = answerModal(true)
    await openRoster()

    fireEvent.click(within(entryCard('李志强')).getByText('手动签到'))
    await waitFor(() => expect(api.calls('POST /api/staff/signups/901/check-in')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '手动签到', confirmText: '签到' })
    const [call] = api.calls('POST /api/staff/signups/901/check-in')
    expect(call!.body).toEqual({})
    expect(call!.headers['idempotency-key']).toBeTruthy()
    await waitFor(() => expect(entryCard('李志强').querySelector('.roster-entry__times')?.textContent).toBe('09:10 签到 · 未签退'))
    expect(within(entryCard('李志强')).getByText('手动签退')).toBeTruthy()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已签到' }))
  })

  test('手动签退 sends POST …/check-out', async () => {
    const state = serve()
    api.on('POST /api/staff/signups/902/check-out', () => json(changed(state, 902, { checkedOutAt: '2026-11-21T11:31:00+08:00', computedHours: 2.5, actions: ['confirm'] })))
    const modal = answerModal(true)
    await openRoster()

    fireEvent.click(within(entryCard('王秀兰')).getByText('手动签退'))
    await waitFor(() => expect(api.calls('POST /api/staff/signups/902/check-out')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '手动签退', confirmText: '签退' })
    expect(api.calls('POST /api/staff/signups/902/check-out')[0]!.body).toEqual({})
    await waitFor(() => expect(within(entryCard('王秀兰')).getByText('确认时长')).toBeTruthy())
    expect(entryCard('王秀兰').querySelector('.roster-entry__hours')?.textContent).toBe('按签到计算 2.5小时')
  })

  test('记未到场 sends POST …/no-show and the volunteer moves to 其他; answering 取消 sends nothing', async () => {
    const state = serve()
    api.on('POST /api/staff/signups/901/no-show', () => json(changed(state, 901, { status: 'no_show', actions: [] })))
    const modal = answerModal(false)
    await openRoster()

    fireEvent.click(within(entryCard('李志强')).getByText('记未到场'))
    await waitFor(() => expect(modal).toHaveBeenCalledTimes(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '记为未到场', confirmText: '未到场' })
    expect(api.calls('POST /api/staff/signups/901/no-show')).toHaveLength(0)

    modal.mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    fireEvent.click(within(entryCard('李志强')).getByText('记未到场'))
    await waitFor(() => expect(api.calls('POST /api/staff/signups/901/no-show')).toHaveLength(1))
    expect(api.calls('POST /api/staff/signups/901/no-show')[0]!.body).toEqual({})
    await waitFor(() => expect(names('others')).toEqual(['李志强', '刘洋', '赵磊']))
    expect(api.calls('POST /api/staff/signups/901/check-in')).toHaveLength(0)
  })

  test('a refusal shows the server’s message and the roster is fetched again', async () => {
    serve()
    api.on('POST /api/staff/signups/901/check-in', () => apiError(409, 'ACTIVITY_CHECK_IN_NOT_OPEN', '活动开始前30分钟起才能签到'))
    answerModal(true)
    await openRoster()

    fireEvent.click(within(entryCard('李志强')).getByText('手动签到'))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '活动开始前30分钟起才能签到' })))
    await waitFor(() => expect(api.calls('GET /api/staff/activities/41/roster')).toHaveLength(2))
  })
})

describe('报名名单 · 确认时长', () => {
  test('accepting the computed hours sends {}', async () => {
    const state = serve()
    api.on('POST /api/staff/signups/903/confirm', () => json(changed(state, 903, { confirmedHours: 2, confirmedAt: '2026-11-21T11:45:00+08:00', actions: [] })))
    await openRoster()

    fireEvent.click(within(entryCard('张建国')).getByText('确认时长'))
    const sheet = document.querySelector('.confirm-hours') as HTMLElement
    expect(sheet.querySelector('.sheet__title')?.textContent).toBe('确认「张建国」的服务时长')
    expect(sheet.querySelector('.choice-buttons__item--chosen')?.textContent).toBe('按签到计算 2小时')
    fireEvent.click(within(sheet).getByText('确认时长'))

    await waitFor(() => expect(api.calls('POST /api/staff/signups/903/confirm')).toHaveLength(1))
    const [call] = api.calls('POST /api/staff/signups/903/confirm')
    expect(call!.body).toEqual({})
    expect(call!.headers['idempotency-key']).toBeTruthy()
    await waitFor(() => expect(document.querySelector('.confirm-hours')).toBeNull())
    expect(entryCard('张建国').querySelector('.roster-entry__hours')?.textContent).toBe('按签到计算 2小时 · 已确认 2小时')
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已确认张建国的服务时长2小时' }))
  })

  test('an adjustment needs half hours and a reason; it sends {hours, reason}', async () => {
    const state = serve()
    api.on('POST /api/staff/signups/903/confirm', (call) => {
      const { hours } = call.body as { hours: number }
      return json(changed(state, 903, { confirmedHours: hours, confirmedAt: '2026-11-21T11:45:00+08:00', actions: [] }))
    })
    await openRoster()

    fireEvent.click(within(entryCard('张建国')).getByText('确认时长'))
    const sheet = document.querySelector('.confirm-hours') as HTMLElement
    fireEvent.click(within(sheet).getByText('调整时长'))
    const hours = sheet.querySelector('input[placeholder="例如：2.5"]')!
    const reason = sheet.querySelector('input[placeholder="例如：提前到场布置场地"]')!

    fireEvent.input(hours, { target: { value: '3' } })
    fireEvent.click(within(sheet).getByText('确认时长'))
    expect(sheet.querySelector('.form-error--reason')?.textContent).toBe('调整时长须写明原因（至少2个字）')
    fireEvent.input(hours, { target: { value: '2.7' } })
    fireEvent.input(reason, { target: { value: '  ' } })
    fireEvent.click(within(sheet).getByText('确认时长'))
    expect(sheet.querySelector('.form-error--hours')?.textContent).toBe('请填写时长，以半小时为单位，例如 2 或 2.5（最多24小时）')
    expect(sheet.querySelector('.form-error--reason')).not.toBeNull()
    expect(api.calls('POST /api/staff/signups/903/confirm')).toHaveLength(0)

    fireEvent.input(hours, { target: { value: '3' } })
    fireEvent.input(reason, { target: { value: ' 提前半小时到场布置场地 ' } })
    fireEvent.click(within(sheet).getByText('确认时长'))
    await waitFor(() => expect(api.calls('POST /api/staff/signups/903/confirm')).toHaveLength(1))
    expect(api.calls('POST /api/staff/signups/903/confirm')[0]!.body).toEqual({ hours: 3, reason: '提前半小时到场布置场地' })
    await waitFor(() => expect(entryCard('张建国').querySelector('.roster-entry__hours')?.textContent).toBe('按签到计算 2小时 · 已确认 3小时'))
  })
})

describe('报名名单 · 全部签退和全部确认', () => {
  test('全部签退 asks, sends the request and says how many were checked out', async () => {
    serve()
    api.on('POST /api/staff/activities/41/check-out-all', () => json({ affected: 1 }))
    const modal = answerModal(true)
    await openRoster()

    fireEvent.click(screen.getByText('全部签退'))
    await waitFor(() => expect(api.calls('POST /api/staff/activities/41/check-out-all')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '全部签退', confirmText: '全部签退' })
    expect(api.calls('POST /api/staff/activities/41/check-out-all')[0]!.headers['idempotency-key']).toBeTruthy()
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已为1人签退' })))
    // The roster is fetched again to show the new times.
    await waitFor(() => expect(api.calls('GET /api/staff/activities/41/roster')).toHaveLength(2))
  })

  test('全部确认 asks, sends the request and says how many were confirmed; answering 取消 sends nothing', async () => {
    serve()
    api.on('POST /api/staff/activities/41/confirm-all', () => json({ affected: 2 }))
    const modal = answerModal(false)
    await openRoster()

    fireEvent.click(screen.getByText('全部确认'))
    await waitFor(() => expect(modal).toHaveBeenCalledTimes(1))
    expect(api.calls('POST /api/staff/activities/41/confirm-all')).toHaveLength(0)

    modal.mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    fireEvent.click(screen.getByText('全部确认'))
    await waitFor(() => expect(api.calls('POST /api/staff/activities/41/confirm-all')).toHaveLength(1))
    expect(modal.mock.calls[1]![0]).toMatchObject({ title: '全部确认', confirmText: '全部确认' })
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已确认2人的服务时长' })))
  })
})
