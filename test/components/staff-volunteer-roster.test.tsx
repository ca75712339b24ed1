import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import StaffRosterPage from '../../src/packages/staff/roster/index'
import type { BatchAttendanceResult, Roster, RosterEntry } from '../../types/api/volunteer'
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

function answerSheet(tapIndex: number) {
  return vi.spyOn(Taro, 'showActionSheet').mockResolvedValue({ tapIndex, errMsg: 'showActionSheet:ok' } as never)
}

function entryCard(name: string) {
  return screen.getByText(name).closest('.roster-entry') as HTMLElement
}

/** The names in the list, top to bottom. */
const names = () => [...document.querySelectorAll('.roster-entry__name')].map((el) => el.textContent)
const stateOf = (name: string) => entryCard(name).querySelector('.roster-entry__state')?.textContent
const buttonsOf = (name: string) => [...entryCard(name).querySelectorAll('.roster-entry__actions .nut-button')].map((el) => el.textContent)
const tabs = () => [...document.querySelectorAll('.roster-filters__tab')].map((el) => el.textContent)
const tab = (label: string) => [...document.querySelectorAll('.roster-filters__tab')].find((el) => el.textContent!.startsWith(label)) as HTMLElement
const search = () => screen.getByPlaceholderText('搜索姓名或手机尾号') as HTMLInputElement
const pick = (name: string) => fireEvent.click(entryCard(name).querySelector('.roster-entry__pick')!)
const chosenCount = () => document.querySelector('.roster-batch__count')?.textContent

async function openRoster() {
  const page = renderPage(StaffRosterPage, PATH)
  await screen.findByText('李志强')
  return page
}

describe('报名名单', () => {
  test('the header, then one line per volunteer: accepted, the waitlist in order, the others; state, hours and the next step', async () => {
    serve()
    await openRoster()

    const head = document.querySelector('.roster-head')!
    expect(head.querySelector('.roster-head__title')?.textContent).toBe('重阳节敬老义剪')
    expect(head.textContent).toContain('11月21日 周六 09:00–11:30')
    expect(head.textContent).toContain('党群服务中心一楼大厅 · 联通社区党群服务中心')
    expect(head.querySelector('.roster-head__counts')?.textContent).toBe('名额 6 · 已报名 4 · 候补 2 · 已确认时长 1')
    expect(head.querySelector('.roster-head__cancel-reason')).toBeNull()

    expect(names()).toEqual(['李志强', '王秀兰', '张建国', '陈桂芳', '孙强', '周丽', '刘洋', '赵磊'])
    expect(['李志强', '王秀兰', '张建国', '陈桂芳', '孙强', '周丽', '刘洋', '赵磊'].map(stateOf)).toEqual([
      '未签到',
      '08:52 签到',
      '11:20 签退',
      '已确认',
      '候补第1位',
      '候补第2位',
      '已取消',
      '未到场',
    ])
    expect(entryCard('张建国').querySelector('.roster-entry__hours')?.textContent).toBe('2小时')
    expect(entryCard('陈桂芳').querySelector('.roster-entry__hours')?.textContent).toBe('2.5小时')
    expect(entryCard('李志强').querySelector('.roster-entry__hours')?.textContent).toBe('')

    // Each row has its one next step; 记未到场 and the phone are under 更多; nothing for the waitlist and the others.
    expect(buttonsOf('李志强')).toEqual(['签到', '更多'])
    expect(buttonsOf('王秀兰')).toEqual(['签退', '更多'])
    expect(buttonsOf('张建国')).toEqual(['确认时长'])
    expect(buttonsOf('陈桂芳')).toEqual(['更多'])
    expect(buttonsOf('孙强')).toEqual(['更多'])
  })

  test('更多 calls the volunteer', async () => {
    serve()
    const call = vi.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' })
    const sheet = answerSheet(0)
    await openRoster()

    fireEvent.click(within(entryCard('王秀兰')).getByText('更多'))
    await waitFor(() => expect(call).toHaveBeenCalledWith({ phoneNumber: '13833334444' }))
    expect(sheet.mock.calls[0]![0]).toMatchObject({ itemList: ['拨打 138****4444'] })
  })

  test('filter tabs count 全部 / 未签到 / 已签到 / 已签退 and show only those', async () => {
    serve()
    await openRoster()

    expect(tabs()).toEqual(['全部 8', '未签到 1', '已签到 1', '已签退 2'])
    fireEvent.click(tab('已签退'))
    await waitFor(() => expect(names()).toEqual(['张建国', '陈桂芳']))
    fireEvent.click(tab('未签到'))
    await waitFor(() => expect(names()).toEqual(['李志强']))
    fireEvent.click(tab('已签到'))
    await waitFor(() => expect(names()).toEqual(['王秀兰']))
    fireEvent.click(tab('全部'))
    await waitFor(() => expect(names()).toHaveLength(8))
  })

  test('search finds by name or by the last digits of the phone', async () => {
    serve()
    await openRoster()

    fireEvent.input(search(), { target: { value: '王' } })
    await waitFor(() => expect(names()).toEqual(['王秀兰']))
    fireEvent.input(search(), { target: { value: '0000' } })
    await waitFor(() => expect(names()).toEqual(['孙强']))
    // The middle of a number is not its tail.
    fireEvent.input(search(), { target: { value: '3333' } })
    expect(await screen.findByText('没有找到“3333”')).toBeTruthy()
    expect(names()).toEqual([])
    // Search and tab together.
    fireEvent.input(search(), { target: { value: '张' } })
    fireEvent.click(tab('未签到'))
    await waitFor(() => expect(screen.getByText('没有找到“张”')).toBeTruthy())
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
    expect(screen.queryByText('批量签到')).toBeNull()
    expect(screen.queryByText('签到')).toBeNull()
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

  test('a roster that cannot be loaded offers to try again', async () => {
    api.on('GET /api/me', () => json(staffMember))
    api.once('GET /api/staff/activities/41/roster', () => apiError(404, 'NOT_FOUND', '找不到这个活动'))
    api.on('GET /api/staff/activities/41/roster', () => json(roster()))
    renderPage(StaffRosterPage, PATH)
    expect(await screen.findByText('找不到这个活动')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('李志强')).toBeTruthy()
  })

  test('not for residents', async () => {
    api.on('GET /api/me', () => json(me()))
    renderPage(StaffRosterPage, PATH)
    expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
  })
})

describe('报名名单 · 批量签到和批量签退', () => {
  const results = (...rs: [number, BatchAttendanceResult['results'][number]['outcome'], string | null][]) => rs.map(([signupId, outcome, message]) => ({ signupId, outcome, message }))

  test('only those with a check-in or check-out to do can be chosen; 全选 takes the shown ones', async () => {
    serve()
    await openRoster()

    expect(chosenCount()).toBe('已选 0 人')
    expect(screen.queryByText('批量签到')).toBeNull()
    expect(screen.getByText('勾选后可批量签到、签退')).toBeTruthy()
    pick('张建国') // checked out already: nothing to choose
    pick('孙强')
    expect(chosenCount()).toBe('已选 0 人')
    fireEvent.click(document.querySelector('.roster-batch__all')!)
    await waitFor(() => expect(chosenCount()).toBe('已选 2 人'))
    expect(entryCard('李志强').className).toContain('roster-entry--chosen')
    expect(entryCard('王秀兰').className).toContain('roster-entry--chosen')
    fireEvent.click(document.querySelector('.roster-batch__all')!)
    await waitFor(() => expect(chosenCount()).toBe('已选 0 人'))
    // Under a tab, 全选 takes that tab's.
    fireEvent.click(tab('未签到'))
    fireEvent.click(document.querySelector('.roster-batch__all')!)
    await waitFor(() => expect(chosenCount()).toBe('已选 1 人'))
    expect(entryCard('李志强').className).toContain('roster-entry--chosen')
  })

  test('批量签退 asks first, sends the chosen in one request, and reports who could not be checked out', async () => {
    const state = serve()
    const modal = answerModal(true)
    api.on('POST /api/staff/activities/41/attendance', () => {
      changed(state, 902, { checkedOutAt: '2026-11-21T11:31:00+08:00', computedHours: 2.5, actions: ['confirm'] })
      return json({ results: results([901, 'refused', '还没签到，无法签退'], [902, 'done', null]), roster: state.roster })
    })
    await openRoster()

    pick('李志强')
    pick('王秀兰')
    expect(chosenCount()).toBe('已选 2 人')
    fireEvent.click(screen.getByText('批量签退'))
    await waitFor(() => expect(api.calls('POST /api/staff/activities/41/attendance')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '批量签退', content: '为李志强、王秀兰签退？签退时间记为现在。', confirmText: '签退' })
    const [call] = api.calls('POST /api/staff/activities/41/attendance')
    expect(call!.body).toEqual({ action: 'check_out', signupIds: [901, 902] })
    expect(call!.headers['idempotency-key']).toBeTruthy()

    // Someone was left out: said in a dialog, not a passing toast.
    await waitFor(() => expect(modal).toHaveBeenCalledTimes(2))
    expect(modal.mock.calls[1]![0]).toMatchObject({ title: '批量签退结果', content: '1人已签退，1人还没签到，无法签退', showCancel: false })
    await waitFor(() => expect(stateOf('王秀兰')).toBe('11:31 签退'))
    expect(chosenCount()).toBe('已选 0 人')
  })

  test('批量签到 of everyone chosen says so briefly; answering 取消 sends nothing', async () => {
    const many = roster({ entries: [1, 2, 3, 4, 5].map((i) => ({ ...roster().entries[0]!, signupId: 910 + i, userId: 300 + i, name: `志愿者${i}`, phone: `1380000000${i}` })) })
    const state = serve(many)
    const modal = answerModal(false)
    api.on('POST /api/staff/activities/41/attendance', (c) => {
      const ids = (c.body as { signupIds: number[] }).signupIds
      for (const id of ids) changed(state, id, { checkedInAt: '2026-11-21T09:00:00+08:00', actions: ['check_out'] })
      return json({ results: results(...ids.map((id) => [id, 'done', null] as [number, 'done', null])), roster: state.roster })
    })
    renderPage(StaffRosterPage, PATH)
    await screen.findByText('志愿者1')

    fireEvent.click(document.querySelector('.roster-batch__all')!)
    fireEvent.click(screen.getByText('批量签到'))
    await waitFor(() => expect(modal).toHaveBeenCalledTimes(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '批量签到', content: '为志愿者1、志愿者2、志愿者3等5人签到？签到时间记为现在。' })
    expect(api.calls('POST /api/staff/activities/41/attendance')).toHaveLength(0)

    modal.mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    fireEvent.click(screen.getByText('批量签到'))
    await waitFor(() => expect(api.calls('POST /api/staff/activities/41/attendance')).toHaveLength(1))
    expect(api.calls('POST /api/staff/activities/41/attendance')[0]!.body).toEqual({ action: 'check_in', signupIds: [911, 912, 913, 914, 915] })
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '5人已签到' })))
    expect(modal).toHaveBeenCalledTimes(2)
    await waitFor(() => expect(tabs()).toEqual(['全部 5', '未签到 0', '已签到 5', '已签退 0']))
  })
})

describe('报名名单 · 签到签退', () => {
  test('签到 asks, sends POST …/check-in with an Idempotency-Key, and shows the roster the server answers', async () => {
    const state = serve()
    api.on('POST /api/staff/signups/901/check-in', () => json(changed(state, 901, { checkedInAt: '2026-11-21T09:10:00+08:00', actions: ['check_out'] })))
    const modal = answerModal(true)
    await openRoster()

    fireEvent.click(within(entryCard('李志强')).getByText('签到'))
    await waitFor(() => expect(api.calls('POST /api/staff/signups/901/check-in')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '手动签到', confirmText: '签到' })
    const [call] = api.calls('POST /api/staff/signups/901/check-in')
    expect(call!.body).toEqual({})
    expect(call!.headers['idempotency-key']).toBeTruthy()
    await waitFor(() => expect(stateOf('李志强')).toBe('09:10 签到'))
    expect(buttonsOf('李志强')).toEqual(['签退', '更多'])
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已签到' }))
  })

  test('签退 sends POST …/check-out', async () => {
    const state = serve()
    api.on('POST /api/staff/signups/902/check-out', () => json(changed(state, 902, { checkedOutAt: '2026-11-21T11:31:00+08:00', computedHours: 2.5, actions: ['confirm'] })))
    const modal = answerModal(true)
    await openRoster()

    fireEvent.click(within(entryCard('王秀兰')).getByText('签退'))
    await waitFor(() => expect(api.calls('POST /api/staff/signups/902/check-out')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '手动签退', confirmText: '签退' })
    expect(api.calls('POST /api/staff/signups/902/check-out')[0]!.body).toEqual({})
    await waitFor(() => expect(within(entryCard('王秀兰')).getByText('确认时长')).toBeTruthy())
    expect(entryCard('王秀兰').querySelector('.roster-entry__hours')?.textContent).toBe('2.5小时')
  })

  test('记为未到场 (under 更多) asks and sends POST …/no-show; the volunteer moves down among the others', async () => {
    const state = serve()
    api.on('POST /api/staff/signups/901/no-show', () => json(changed(state, 901, { status: 'no_show', actions: [] })))
    const modal = answerModal(false)
    const sheet = answerSheet(0)
    await openRoster()

    fireEvent.click(within(entryCard('李志强')).getByText('更多'))
    await waitFor(() => expect(modal).toHaveBeenCalledTimes(1))
    expect(sheet.mock.calls[0]![0]).toMatchObject({ itemList: ['记为未到场', '拨打 138****2222'] })
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '记为未到场', confirmText: '未到场' })
    expect(api.calls('POST /api/staff/signups/901/no-show')).toHaveLength(0)

    modal.mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    fireEvent.click(within(entryCard('李志强')).getByText('更多'))
    await waitFor(() => expect(api.calls('POST /api/staff/signups/901/no-show')).toHaveLength(1))
    await waitFor(() => expect(names()).toEqual(['王秀兰', '张建国', '陈桂芳', '孙强', '周丽', '李志强', '刘洋', '赵磊']))
    expect(stateOf('李志强')).toBe('未到场')
    expect(api.calls('POST /api/staff/signups/901/check-in')).toHaveLength(0)
  })

  test('a refusal shows the server’s message and the roster is fetched again', async () => {
    serve()
    api.on('POST /api/staff/signups/901/check-in', () => apiError(409, 'ACTIVITY_CHECK_IN_NOT_OPEN', '活动开始前30分钟起才能签到'))
    answerModal(true)
    await openRoster()

    fireEvent.click(within(entryCard('李志强')).getByText('签到'))
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
    expect(entryCard('张建国').querySelector('.roster-entry__hours')?.textContent).toBe('2小时')
    expect(stateOf('张建国')).toBe('已确认')
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
    await waitFor(() => expect(entryCard('张建国').querySelector('.roster-entry__hours')?.textContent).toBe('3小时'))
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
