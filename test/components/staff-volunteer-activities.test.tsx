import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import StaffActivitiesPage from '../../src/packages/staff/activities/index'
import type { ActivitySummary, Project, Team } from '../../types/api/volunteer'
import { activity, activitySummary, project, staffMember, staffStation, team } from './staff-volunteer-fixtures'
import { apiError, json, me, renderPage, useFakeApi } from './support'

const PATH = '/packages/staff/activities/index'
const api = useFakeApi()

beforeEach(() => {
  // "Now" for what is over and for the new activity's default day (tomorrow, 2026-11-19).
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-18T10:00:00+08:00') })
})

function answerModal(confirm: boolean) {
  return vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm, cancel: !confirm, errMsg: 'showModal:ok' } as never)
}

/** Types into the text box with this placeholder, as the keyboard would. */
function type(placeholder: string, value: string) {
  const input = document.querySelector<HTMLInputElement>(`input[placeholder="${placeholder}"]`)
  if (!input) throw new Error(`no field ${placeholder}`)
  fireEvent.input(input, { target: { value } })
}

/** Types into a Textarea (a web component that answers `input` events with the value in detail). */
async function typeArea(placeholder: string, value: string) {
  const area = document.querySelector(`taro-textarea-core[placeholder="${placeholder}"]`)!
  await waitFor(() => expect(area.querySelector('textarea')).not.toBeNull())
  act(() => void area.dispatchEvent(new CustomEvent('input', { detail: { value }, bubbles: true })))
}

/** The chosen button's text in a row of choices. */
const chosen = (row: string) => document.querySelector(`.${row} .choice-buttons__item--chosen`)?.textContent

function card(title: string) {
  return screen.getByText(title).closest('.staff-activity') as HTMLElement
}

type Served = { activities: ActivitySummary[]; teams: Team[]; projects: Project[] }

/** Serves a staff member of 联通社区: its activities, teams, projects and stations; `served` changes as the server would. */
function serve(served: Partial<Served> = {}) {
  const s: Served = {
    activities: [activitySummary()],
    teams: [team(), team({ id: 4, name: '法律服务队' })],
    projects: [project()],
    ...served,
  }
  api.on('GET /api/me', () => json(staffMember))
  api.on('GET /api/staff/activities', () => json({ items: s.activities }))
  api.on('GET /api/volunteer/teams', () => json({ items: s.teams }))
  api.on('GET /api/staff/projects', () => json({ items: s.projects }))
  api.on('GET /api/staff/stations', () => json({ items: [staffStation()] }))
  return s
}

describe('志愿活动管理 · 列表', () => {
  test('what is to come first (soonest first), what is over after it and greyed; cancelled ones marked; each opens its roster', async () => {
    serve({
      activities: [
        activitySummary({ id: 43, title: '上周环境整治', startsAt: '2026-11-14T09:00:00+08:00', endsAt: '2026-11-14T11:00:00+08:00', phase: 'ended' }),
        activitySummary({ id: 42, title: '智能手机课堂', startsAt: '2026-11-25T14:00:00+08:00', endsAt: '2026-11-25T16:00:00+08:00', skills: ['digital'] }),
        activitySummary(),
        activitySummary({ id: 44, title: '楼道清理', cancelled: true, phase: 'cancelled', startsAt: '2026-11-22T09:00:00+08:00', endsAt: '2026-11-22T10:00:00+08:00' }),
        activitySummary({ id: 45, title: '前天的义诊', startsAt: '2026-11-16T09:00:00+08:00', endsAt: '2026-11-16T11:00:00+08:00', phase: 'ended' }),
      ],
    })
    renderPage(StaffActivitiesPage, PATH)

    await screen.findByText('重阳节敬老义剪')
    expect(api.calls('GET /api/staff/activities')[0]!.query.get('communityId')).toBe('7')
    expect([...document.querySelectorAll('.staff-activity__title')].map((el) => el.textContent)).toEqual([
      '重阳节敬老义剪',
      '楼道清理',
      '智能手机课堂',
      '前天的义诊',
      '上周环境整治',
    ])
    const c = card('重阳节敬老义剪')
    expect(c.textContent).toContain('11月21日 周六 09:00–11:30')
    expect(c.textContent).toContain('党群服务中心一楼大厅')
    expect(c.textContent).toContain('银发理发队 · 周末义剪')
    expect(c.querySelector('.staff-activity__counts')?.textContent).toBe('已报名 4/6 · 候补 2')
    expect([...c.querySelectorAll('.skill-tags .tag')].map((el) => el.textContent)).toEqual(['义剪', '助老服务'])
    expect(c.classList.contains('staff-activity--past')).toBe(false)
    expect(within(c).getByText('编辑')).toBeTruthy()

    expect(card('楼道清理').querySelector('.activity-state--cancelled')?.textContent).toBe('已取消')
    expect(within(card('楼道清理')).queryByText('取消活动')).toBeNull()
    const over = card('前天的义诊')
    expect(over.classList.contains('staff-activity--past')).toBe(true)
    expect(over.querySelector('.activity-state--over')?.textContent).toBe('已结束')
    expect(within(over).queryByText('编辑')).toBeNull()

    fireEvent.click(within(over).getByText('名单与签到'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/staff/roster/index?id=45' })
  })

  test('no activities yet: says so and offers 发布活动', async () => {
    serve({ activities: [] })
    renderPage(StaffActivitiesPage, PATH)
    expect(await screen.findByText('还没有活动')).toBeTruthy()
    expect(screen.getByText('发布活动')).toBeTruthy()
  })

  test('a failed list offers 重试, which asks again', async () => {
    serve()
    api.once('GET /api/staff/activities', () => apiError(403, 'FORBIDDEN', '您没有权限进行这个操作'))
    renderPage(StaffActivitiesPage, PATH)
    fireEvent.click(await screen.findByText('重试'))
    expect(await screen.findByText('重阳节敬老义剪')).toBeTruthy()
  })

  test('not for residents', async () => {
    api.on('GET /api/me', () => json(me()))
    renderPage(StaffActivitiesPage, PATH)
    expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
    expect(api.calls('GET /api/staff/activities')).toHaveLength(0)
  })
})

describe('志愿活动管理 · 发布活动', () => {
  test('sends exactly the contract body (times with +08:00, skills, position, repeatWeeks); a VALIDATION_FAILED detail lands under its field', async () => {
    const s = serve()
    api.once('POST /api/staff/activities', () =>
      json({ code: 'VALIDATION_FAILED', message: '提交的内容有误：开始时间已经过去', details: [{ path: 'body.startsAt', message: '开始时间已经过去' }] }, 400),
    )
    api.on('POST /api/staff/activities', () => {
      const created = [0, 1, 2, 3].map((i) => activity({ id: 50 + i, title: '周末义剪' }))
      s.activities = [...s.activities, ...created.map((a) => activitySummary({ id: a.id, title: `周末义剪 第${a.id - 49}场` }))]
      return json({ items: created }, 201)
    })
    renderPage(StaffActivitiesPage, PATH)
    fireEvent.click(await screen.findByText('发布活动'))
    await screen.findByText('发布活动', { selector: '.activity-form__title' })

    // The defaults: tomorrow 09:00–11:00, 24 hours to cancel, once, no team, project or station.
    expect(document.querySelector('.activity-form__date')?.textContent).toBe('2026年11月19日 周四')
    expect(document.querySelector('.activity-form__start')?.textContent).toBe('09:00')
    expect(document.querySelector('.activity-form__end')?.textContent).toBe('11:00')
    expect(chosen('activity-form__teams')).toBe('不属于服务队')
    // No station chosen, and H5 has no map to pick from: the position is typed.
    expect(screen.queryByText('在地图上选点')).toBeNull()

    type('例如：重阳节敬老义剪', ' 周末义剪 ')
    await typeArea('做什么、需要带什么、注意事项', '为社区老人免费理发')
    fireEvent.click(within(document.querySelector('.activity-form__teams')!).getByText('银发理发队'))
    fireEvent.click(within(document.querySelector('.activity-form__projects')!).getByText('周末义剪'))
    fireEvent.click(within(document.querySelector('.activity-form__stations')!).getByText('联通社区党群服务中心'))
    // Choosing a station fills an empty place with its name; the organiser makes it precise.
    expect((document.querySelector('input[placeholder="例如：党群服务中心二楼活动室"]') as HTMLInputElement).value).toBe('联通社区党群服务中心')
    type('例如：党群服务中心二楼活动室', '党群服务中心一楼大厅')
    type('例如：4', '4')
    type('例如：10', '6')
    fireEvent.click(screen.getByText('义剪'))
    fireEvent.click(screen.getByText('助老服务'))
    fireEvent.click(screen.getByText('法律咨询'))
    fireEvent.click(screen.getByText('法律咨询'))
    type('例如：24', '12')
    fireEvent.click(screen.getByText('使用「联通社区党群服务中心」的位置'))
    type('例如：200', '200')
    fireEvent.click(screen.getByText('发布', { selector: '.activity-form__submit, .activity-form__submit *' }))

    await waitFor(() => expect(document.querySelector('.form-error--time')?.textContent).toBe('开始时间已经过去'))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '提交的内容有误：开始时间已经过去' }))
    const [first] = api.calls('POST /api/staff/activities')
    expect(first!.body).toEqual({
      communityId: 7,
      title: '周末义剪',
      description: '为社区老人免费理发',
      teamId: 3,
      projectId: 5,
      stationId: 1,
      place: '党群服务中心一楼大厅',
      latitude: 36.0662,
      longitude: 120.3826,
      geofenceMeters: 200,
      startsAt: '2026-11-19T09:00:00+08:00',
      endsAt: '2026-11-19T11:00:00+08:00',
      capacity: 6,
      skills: ['elderly_care', 'haircut'],
      cancelDeadlineHours: 12,
      photoId: null,
      repeatWeeks: 4,
    })
    expect(first!.headers['idempotency-key']).toBeTruthy()

    fireEvent.click(screen.getByText('发布', { selector: '.activity-form__submit, .activity-form__submit *' }))
    await waitFor(() => expect(api.calls('POST /api/staff/activities')).toHaveLength(2))
    expect(await screen.findByText('周末义剪 第4场')).toBeTruthy()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已发布4场活动' }))
  })

  test('what cannot be read is pointed out at its field and nothing is sent', async () => {
    serve()
    api.on('POST /api/staff/activities', () => json({ items: [activity()] }, 201))
    renderPage(StaffActivitiesPage, PATH)
    fireEvent.click(await screen.findByText('发布活动'))
    await screen.findByText('发布活动', { selector: '.activity-form__title' })

    type('例如：24', '')
    type('纬度，例如 36.0662', '36.06')
    type('例如：4', '13')
    fireEvent.click(screen.getByText('发布', { selector: '.activity-form__submit, .activity-form__submit *' }))

    expect(document.querySelector('.form-error--title')?.textContent).toBe('请填写活动名称')
    expect(document.querySelector('.form-error--place')?.textContent).toBe('请填写地点')
    expect(document.querySelector('.form-error--capacity')?.textContent).toBe('请填写名额（整数，至少1人）')
    expect(document.querySelector('.form-error--cancelDeadline')).not.toBeNull()
    expect(document.querySelector('.form-error--location')).not.toBeNull()
    expect(document.querySelector('.form-error--repeatWeeks')?.textContent).toBe('请填写1到12之间的整数，只办一次填1')
    expect(api.calls('POST /api/staff/activities')).toHaveLength(0)
  })

  test('新建服务队 and 新建服务项目 send their bodies and the new ones are offered in the activity form', async () => {
    const s = serve({ teams: [team()], projects: [] })
    api.on('POST /api/staff/teams', (call) => {
      const body = call.body as { name: string; description: string }
      s.teams = [...s.teams, team({ id: 4, name: body.name, description: body.description })]
      return json({ items: s.teams })
    })
    api.on('POST /api/staff/projects', (call) => {
      const body = call.body as { name: string; teamId: number | null }
      s.projects = [project({ id: 6, name: body.name, teamId: body.teamId })]
      return json({ items: s.projects })
    })
    renderPage(StaffActivitiesPage, PATH)

    fireEvent.click(await screen.findByText('新建服务队'))
    type('例如：银发理发队', ' 法律服务队 ')
    await typeArea('做什么、面向谁', '律师志愿者每月坐诊')
    fireEvent.click(screen.getByText('新建'))
    await waitFor(() => expect(api.calls('POST /api/staff/teams')).toHaveLength(1))
    expect(api.calls('POST /api/staff/teams')[0]!.body).toEqual({ communityId: 7, name: '法律服务队', description: '律师志愿者每月坐诊' })
    expect(await screen.findByText('新建服务项目')).toBeTruthy()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已新建服务队' }))

    fireEvent.click(screen.getByText('新建服务项目'))
    fireEvent.click(await screen.findByText('法律服务队'))
    type('例如：周末义剪', '法律咨询进社区')
    fireEvent.click(screen.getByText('新建'))
    await waitFor(() => expect(api.calls('POST /api/staff/projects')).toHaveLength(1))
    expect(api.calls('POST /api/staff/projects')[0]!.body).toEqual({ communityId: 7, teamId: 4, name: '法律咨询进社区', description: '' })

    fireEvent.click(await screen.findByText('发布活动'))
    await screen.findByText('发布活动', { selector: '.activity-form__title' })
    expect(within(document.querySelector('.activity-form__projects') as HTMLElement).getByText('法律咨询进社区')).toBeTruthy()
    expect(within(document.querySelector('.activity-form__teams') as HTMLElement).getByText('法律服务队')).toBeTruthy()
  })

  test('a team name the server refuses is said under the name', async () => {
    serve()
    api.on('POST /api/staff/teams', () =>
      json({ code: 'VALIDATION_FAILED', message: '提交的内容有误：已有同名的志愿服务队', details: [{ path: 'body.name', message: '已有同名的志愿服务队' }] }, 400),
    )
    renderPage(StaffActivitiesPage, PATH)
    fireEvent.click(await screen.findByText('新建服务队'))
    fireEvent.click(screen.getByText('新建'))
    expect(document.querySelector('.form-error--name')?.textContent).toBe('请填写服务队名称')
    expect(api.calls('POST /api/staff/teams')).toHaveLength(0)

    type('例如：银发理发队', '银发理发队')
    fireEvent.click(screen.getByText('新建'))
    await waitFor(() => expect(document.querySelector('.form-error--name')?.textContent).toBe('已有同名的志愿服务队'))
  })
})

describe('志愿活动管理 · 编辑和取消', () => {
  test('编辑 starts from the activity as it is (its team, project and station by id, its deadline in hours) and sends every field; a refused time change shows the server’s message', async () => {
    serve()
    // The team was renamed since: the activity still belongs to it by id (the summary's name is the old one).
    api.on('GET /api/activities/41', () =>
      json(
        activity({
          teamId: 3,
          teamName: '理发队（旧名）',
          projectId: 5,
          stationId: 1,
          startsAt: '2026-11-21T14:00:00+08:00',
          endsAt: '2026-11-21T16:30:00+08:00',
          cancelDeadlineHours: 48,
          cancelDeadline: '2026-11-19T14:00:00+08:00',
        }),
      ),
    )
    api.once('PATCH /api/staff/activities/41', () => apiError(409, 'ACTIVITY_TIME_LOCKED', '已有人报名，不能再修改活动时间；如需改期请取消后重新发布'))
    api.on('PATCH /api/staff/activities/41', (call) => json(activity(call.body as object)))
    renderPage(StaffActivitiesPage, PATH)
    await screen.findByText('重阳节敬老义剪')
    fireEvent.click(within(card('重阳节敬老义剪')).getByText('编辑'))

    await screen.findByText('编辑「重阳节敬老义剪」')
    expect(chosen('activity-form__teams')).toBe('银发理发队')
    expect(chosen('activity-form__projects')).toBe('周末义剪')
    expect(chosen('activity-form__stations')).toBe('联通社区党群服务中心')
    expect(document.querySelector('.activity-form__date')?.textContent).toBe('2026年11月21日 周六')
    expect(document.querySelector('.activity-form__start')?.textContent).toBe('14:00')
    expect(document.querySelector('.activity-form__end')?.textContent).toBe('16:30')
    expect((document.querySelector('input[placeholder="例如：24"]') as HTMLInputElement).value).toBe('48')
    // The whole activity comes from its detail, not from the roster.
    expect(api.calls('GET /api/activities/41')).toHaveLength(1)
    expect(api.calls('GET /api/staff/activities/41/roster')).toHaveLength(0)
    // Editing changes one activity: no weekly repeat.
    expect(document.querySelector('input[placeholder="例如：4"]')).toBeNull()

    type('例如：10', '8')
    fireEvent.click(screen.getByText('保存'))
    await waitFor(() => expect(document.querySelector('.form-error--time')?.textContent).toBe('已有人报名，不能再修改活动时间；如需改期请取消后重新发布'))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已有人报名，不能再修改活动时间；如需改期请取消后重新发布' }))
    expect(api.calls('PATCH /api/staff/activities/41')[0]!.body).toEqual({
      title: '重阳节敬老义剪',
      description: '为社区60岁以上老人免费理发，请自带理发工具。',
      teamId: 3,
      projectId: 5,
      stationId: 1,
      place: '党群服务中心一楼大厅',
      latitude: 36.0662,
      longitude: 120.3826,
      geofenceMeters: 200,
      startsAt: '2026-11-21T14:00:00+08:00',
      endsAt: '2026-11-21T16:30:00+08:00',
      capacity: 8,
      skills: ['haircut', 'elderly_care'],
      cancelDeadlineHours: 48,
      photoId: null,
    })

    fireEvent.click(screen.getByText('保存'))
    await waitFor(() => expect(api.calls('PATCH /api/staff/activities/41')).toHaveLength(2))
    expect(await screen.findByText('发布活动')).toBeTruthy()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存' }))

    // Opening 编辑 again asks for the activity again: the form starts from what the server has now.
    await new Promise((r) => setTimeout(r, 30))
    const asked = api.calls('GET /api/activities/41').length
    fireEvent.click(within(card('重阳节敬老义剪')).getByText('编辑'))
    await screen.findByText('编辑「重阳节敬老义剪」')
    expect(api.calls('GET /api/activities/41')).toHaveLength(asked + 1)
  })

  test('an activity under way can still be edited but no longer cancelled (the server cancels only before the start)', async () => {
    serve({
      activities: [
        activitySummary(),
        activitySummary({ id: 46, title: '上午的义诊', startsAt: '2026-11-18T09:00:00+08:00', endsAt: '2026-11-18T12:00:00+08:00', phase: 'ongoing' }),
      ],
    })
    renderPage(StaffActivitiesPage, PATH)
    await screen.findByText('上午的义诊')
    const underWay = card('上午的义诊')
    expect(underWay.classList.contains('staff-activity--past')).toBe(false)
    expect(within(underWay).getByText('名单与签到')).toBeTruthy()
    expect(within(underWay).getByText('编辑')).toBeTruthy()
    expect(within(underWay).queryByText('取消活动')).toBeNull()
    expect(within(card('重阳节敬老义剪')).getByText('取消活动')).toBeTruthy()
  })

  test('取消活动 needs a reason, asks, then sends the reason; answering 再想想 sends nothing', async () => {
    const s = serve()
    // The first try comes too late (the page was left open past the start): the server's reason is shown.
    api.once('POST /api/staff/activities/41/cancel', () => apiError(409, 'ACTIVITY_ALREADY_STARTED', '活动已经开始，不能取消'))
    api.on('POST /api/staff/activities/41/cancel', (call) => {
      s.activities = [activitySummary({ cancelled: true, phase: 'cancelled', signedUp: 0, waitlisted: 0 })]
      return json(activity({ cancelled: true, phase: 'cancelled', signedUp: 0, waitlisted: 0, ...(call.body as object) }))
    })
    const modal = answerModal(false)
    renderPage(StaffActivitiesPage, PATH)
    await screen.findByText('重阳节敬老义剪')

    fireEvent.click(within(card('重阳节敬老义剪')).getByText('取消活动'))
    const reason = document.querySelector('input[placeholder="例如：天气原因改期，具体时间另行通知"]')!
    fireEvent.click(screen.getByText('确认取消'))
    expect(screen.getByText('请写明原因（至少2个字）')).toBeTruthy()
    expect(modal).not.toHaveBeenCalled()

    fireEvent.input(reason, { target: { value: ' 暴雨预警，改期举行 ' } })
    fireEvent.click(screen.getByText('确认取消'))
    await waitFor(() => expect(modal).toHaveBeenCalledTimes(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '取消活动', confirmText: '取消活动' })
    expect(modal.mock.calls[0]![0]!.content).toContain('已报名和候补的6人将一并取消')
    expect(api.calls('POST /api/staff/activities/41/cancel')).toHaveLength(0)

    modal.mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    fireEvent.click(screen.getByText('确认取消'))
    await waitFor(() => expect(card('重阳节敬老义剪').querySelector('.form-error')?.textContent).toBe('活动已经开始，不能取消'))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '活动已经开始，不能取消' }))
    // A 409: the list is asked again, to show the activities as they are now.
    await waitFor(() => expect(api.calls('GET /api/staff/activities')).toHaveLength(2))

    fireEvent.click(screen.getByText('确认取消'))
    await waitFor(() => expect(api.calls('POST /api/staff/activities/41/cancel')).toHaveLength(2))
    expect(api.calls('POST /api/staff/activities/41/cancel')[1]!.body).toEqual({ reason: '暴雨预警，改期举行' })
    expect(api.calls('POST /api/staff/activities/41/cancel')[1]!.headers['idempotency-key']).toBeTruthy()
    await waitFor(() => expect(card('重阳节敬老义剪').querySelector('.activity-state--cancelled')).not.toBeNull())
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '活动已取消' }))
  })
})
