import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import ActivitiesPage from '../../src/pages/activities/index'
import { chosenCommunity, elderMode } from '../../src/stores/preferences'
import { apiError, json, me, pullDownToRefresh, renderPage, useFakeApi } from './support'
import { activityPage, activitySummary, team } from './volunteer-fixtures'

const PATH = '/pages/activities/index'
const api = useFakeApi()

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-19T10:00:00+08:00') })
})

const titles = () => [...document.querySelectorAll('.activity-card__title')].map((el) => el.textContent)
const lastListCall = () => api.calls('GET /api/activities').at(-1)!
const card = (title: string) => screen.getByText(title).closest('.activity-card') as HTMLElement
const filterPanel = () => document.querySelector('.activities-filter') as HTMLElement

describe('活动 tab', () => {
  test('lists my community\'s activities: team, time, place, skills, places left, hours and points, and my status', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/activities', () =>
      json(
        activityPage([
          activitySummary(),
          activitySummary({ id: 22, title: '义剪进社区', teamName: null, projectName: null, skills: ['haircut'], capacity: 5, signedUp: 5, waitlisted: 2, hours: 2.5, points: 25, mySignup: { id: 9, status: 'waitlisted', waitlistPosition: 2 } }),
          activitySummary({ id: 23, title: '清理小广告', skills: [], mySignup: { id: 10, status: 'accepted', waitlistPosition: null } }),
        ]),
      ),
    )
    renderPage(ActivitiesPage, PATH)

    await screen.findByText('敬老院陪老人包饺子')
    expect(titles()).toEqual(['敬老院陪老人包饺子', '义剪进社区', '清理小广告'])
    const first = card('敬老院陪老人包饺子')
    expect(first.querySelector('.activity-card__team')?.textContent).toBe('联通社区助老服务队 · 银龄陪伴')
    expect(first.querySelector('.activity-card__time')?.textContent).toBe('11月21日 周六 09:00–12:00')
    expect(first.querySelector('.activity-card__place')?.textContent).toBe('爱辉区福寿敬老院 二楼活动室')
    expect([...first.querySelectorAll('.skill-tag')].map((el) => el.textContent)).toEqual(['助老服务', '综合服务'])
    expect(first.querySelector('.activity-card__places')?.textContent).toBe('余3个名额')
    expect(first.querySelector('.activity-card__reward')?.textContent).toBe('3小时 · 30积分')
    expect(first.querySelector('.signup-status')).toBeNull()

    const full = card('义剪进社区')
    expect(full.querySelector('.activity-card__places')?.textContent).toBe('已满·可候补')
    expect(full.querySelector('.activity-card__reward')?.textContent).toBe('2.5小时 · 25积分')
    expect(full.querySelector('.signup-status')?.textContent).toBe('候补第2位')
    expect(full.querySelector('.activity-card__team')).toBeNull()
    expect(card('清理小广告').querySelector('.signup-status')?.textContent).toBe('已报名')

    // My own community: the server knows it; no filter is sent.
    const call = lastListCall()
    expect(call.query.get('scope')).toBe('community')
    for (const name of ['communityId', 'from', 'skill', 'teamId', 'hasPlaces', 'cursor']) expect(call.query.get(name), name).toBeNull()
  })

  test('an activity under way says so instead of its places, greyed like a full one', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/activities', () => json(activityPage([activitySummary({ phase: 'ongoing', signedUp: 2 }), activitySummary({ id: 24, title: '取消的活动', phase: 'cancelled', cancelled: true })])))
    renderPage(ActivitiesPage, PATH)
    await screen.findByText('敬老院陪老人包饺子')
    const places = (title: string) => card(title).querySelector('.activity-card__places')!
    expect(places('敬老院陪老人包饺子').textContent).toBe('进行中')
    expect(places('敬老院陪老人包饺子').classList.contains('activity-card__places--full')).toBe(true)
    expect(places('取消的活动').textContent).toBe('活动已取消')
  })

  test('a card opens its activity; 活动预告 keeps the month calendar reachable; 我的志愿 opens mine', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/activities', () => json(activityPage([activitySummary()])))
    renderPage(ActivitiesPage, PATH)

    fireEvent.click(await screen.findByText('敬老院陪老人包饺子'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/detail/index?id=21' })
    fireEvent.click(screen.getByText('活动预告'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/calendar/index' })
    fireEvent.click(screen.getByText('我的志愿'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/mine/index' })
  })

  test('全区 asks for the district and names each activity\'s community', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/activities', (call) =>
      json(activityPage(call.query.get('scope') === 'district' ? [activitySummary({ id: 40, title: '和平社区义诊', communityId: 9, communityName: '和平社区', teamName: null, projectName: null })] : [activitySummary()])),
    )
    renderPage(ActivitiesPage, PATH)
    await screen.findByText('敬老院陪老人包饺子')

    fireEvent.click(screen.getByText('全区'))
    await waitFor(() => expect(titles()).toEqual(['和平社区义诊']))
    expect(lastListCall().query.get('scope')).toBe('district')
    expect(card('和平社区义诊').querySelector('.activity-card__team')?.textContent).toBe('和平社区')
  })

  test('the filters ask the server for exactly that list: skill, team, 只看有名额 and a start day; 清除筛选 drops them', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/volunteer/teams', () => json({ items: [team(), team({ id: 4, name: '平安巡逻队' })] }))
    api.on('GET /api/activities', (call) => json(activityPage([call.query.get('skill') ? activitySummary({ id: 30, title: '义剪进社区' }) : activitySummary()])))
    renderPage(ActivitiesPage, PATH)
    await screen.findByText('敬老院陪老人包饺子')
    expect(api.calls('GET /api/volunteer/teams')).toHaveLength(0)

    fireEvent.click(screen.getByText('筛选'))
    fireEvent.click(within(filterPanel()).getByText('义剪'))
    await waitFor(() => expect(lastListCall().query.get('skill')).toBe('haircut'))

    fireEvent.click(await within(filterPanel()).findByText('平安巡逻队'))
    await waitFor(() => expect(lastListCall().query.get('teamId')).toBe('4'))
    expect(lastListCall().query.get('skill')).toBe('haircut')

    fireEvent.click(within(filterPanel()).getByText('只看有名额'))
    await waitFor(() => expect(lastListCall().query.get('hasPlaces')).toBe('true'))

    // The date picker opens on today; 确定 takes it.
    fireEvent.click(within(filterPanel()).getByText('从今天起（点此选择日期）'))
    fireEvent.click(await screen.findByText('确定'))
    await waitFor(() => expect(lastListCall().query.get('from')).toBe('2026-11-19'))
    expect(within(filterPanel()).getByText('2026年11月19日起')).toBeTruthy()
    expect(screen.getByText('筛选（4）')).toBeTruthy()

    await waitFor(() => expect(titles()).toEqual(['义剪进社区']))

    // Back to the unfiltered list (still fresh in the cache, so not asked again).
    fireEvent.click(within(filterPanel()).getByText('清除筛选'))
    await waitFor(() => expect(titles()).toEqual(['敬老院陪老人包饺子']))
    expect(screen.getByText('筛选')).toBeTruthy()
    expect(within(filterPanel()).getByText('全部技能').closest('.choice-buttons__item')!.className).toContain('choice-buttons__item--chosen')
  })

  test('more activities come page by page with the cursor the server gave', async () => {
    api.on('GET /api/me', () => json(me()))
    api.once('GET /api/activities', () => json(activityPage([activitySummary({ id: 1, title: '第一页的活动' })], '1763690400000_1')))
    api.once('GET /api/activities', () => json(activityPage([activitySummary({ id: 2, title: '第二页的活动' })], null)))
    renderPage(ActivitiesPage, PATH)

    await screen.findByText('第一页的活动')
    fireEvent.click(screen.getByText('加载更多'))
    await screen.findByText('第二页的活动')
    expect(titles()).toEqual(['第一页的活动', '第二页的活动'])
    expect(lastListCall().query.get('cursor')).toBe('1763690400000_1')
    expect(screen.getByText('没有更多了')).toBeTruthy()
  })

  test('empty: says so, and offers 清除筛选 when filters hid everything', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/activities', () => json(activityPage([])))
    renderPage(ActivitiesPage, PATH)

    expect(await screen.findByText('近期暂无志愿活动')).toBeTruthy()
    expect(screen.getByText('看看全区的活动吧')).toBeTruthy()
    expect(document.querySelector('.empty-state img')).not.toBeNull()

    api.on('GET /api/volunteer/teams', () => json({ items: [] }))
    fireEvent.click(screen.getByText('筛选'))
    fireEvent.click(within(filterPanel()).getByText('只看有名额'))
    expect(await screen.findByText('没有符合条件的活动')).toBeTruthy()
    expect(lastListCall().query.get('hasPlaces')).toBe('true')
    fireEvent.click(within(document.querySelector('.empty-state') as HTMLElement).getByText('清除筛选'))
    expect(await screen.findByText('近期暂无志愿活动')).toBeTruthy()
    expect(screen.getByText('筛选')).toBeTruthy()
  })

  test("a failure shows the server's message and 重试 fetches again; pulling down refreshes", async () => {
    api.on('GET /api/me', () => json(me()))
    api.once('GET /api/activities', () => apiError(429, 'RATE_LIMITED', '操作太频繁，请稍后再试'))
    api.on('GET /api/activities', () => json(activityPage([activitySummary()])))
    renderPage(ActivitiesPage, PATH)

    expect(await screen.findByText('操作太频繁，请稍后再试')).toBeTruthy()
    expect(screen.getByText('加载失败')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('敬老院陪老人包饺子')

    const before = api.calls('GET /api/activities').length
    pullDownToRefresh()
    await waitFor(() => expect(api.calls('GET /api/activities').length).toBe(before + 1))
  })

  test('an account not yet placed in a community picks one, and sees that community\'s activities', async () => {
    api.on('GET /api/me', () => json(me({ community: null, household: null })))
    api.on('GET /api/communities', () => json({ items: [{ id: 9, name: '和平社区', subdistrictName: '和平街道', districtName: '东城区' }] }))
    api.on('GET /api/activities', () => json(activityPage([activitySummary()])))
    renderPage(ActivitiesPage, PATH)

    fireEvent.click(await screen.findByText('和平社区'))
    await screen.findByText('敬老院陪老人包饺子')
    expect(chosenCommunity.get()).toBe(9)
    expect(lastListCall().query.get('communityId')).toBe('9')
  })

  test('长辈模式 scales the tab', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/activities', () => json(activityPage([activitySummary()])))
    elderMode.set('on')
    const page = renderPage(ActivitiesPage, PATH)
    await screen.findByText('敬老院陪老人包饺子')
    expect(page.pageRoot().className).toContain('page--elder')
  })
})

describe('活动 tab for a visitor (not logged in)', () => {
  test('lists the chosen community’s activities without a session', async () => {
    chosenCommunity.set(9)
    api.on('GET /api/me', () => apiError(401, 'UNAUTHENTICATED', '请先登录'))
    api.on('GET /api/activities', () => json(activityPage([activitySummary()])))
    renderPage(ActivitiesPage, PATH)

    await screen.findByText('敬老院陪老人包饺子')
    expect(lastListCall().query.get('communityId')).toBe('9')
    expect(lastListCall().headers.authorization).toBeUndefined()
    expect(screen.queryByText('去登录')).toBeNull()
  })
})
