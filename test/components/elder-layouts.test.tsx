import { fireEvent, screen, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import ActivitiesPage from '../../src/pages/activities/index'
import HomePage from '../../src/pages/index/index'
import MePage from '../../src/pages/me/index'
import WishesPage from '../../src/pages/wishes/index'
import { elderMode } from '../../src/stores/preferences'
import { apiError, event, home, json, me, renderPage, station, useFakeApi } from './support'
import { activityPage, activitySummary } from './volunteer-fixtures'
import { page, summary, wall } from './wish-fixtures'

/*
 * The simple layouts of the four tab pages in 长辈模式: fewer, larger things, every feature still reachable, and
 * the loading, empty and error states kept. Each is compared with the same page in the normal mode.
 */
const api = useFakeApi()
const classes = (name: string) => [...document.querySelectorAll(`.${name}`)]
const texts = (selector: string) => [...document.querySelectorAll(selector)].map((el) => el.textContent?.trim())

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-19T10:00:00+08:00') })
  api.on('GET /api/me', () => json(me()))
})

describe('首页', () => {
  beforeEach(() => {
    api.on('GET /api/home', () => json(home({ stations: [station(), station({ id: 2, name: '第三网格驿站' })], events: [event(), event({ id: 2, title: '垃圾分类宣讲' })] })))
    api.on('GET /api/wishes/wall', () => json(wall()))
  })

  test('normal: the entry grid, upcoming events and the stations; no tiles', async () => {
    renderPage(HomePage, '/pages/index/index')
    await screen.findByText('第三网格驿站')
    expect(classes('home-tiles')).toEqual([])
    expect(texts('.home-grid__label')).toEqual(['发心愿', '预约场地', '志愿活动', '我的积分', '心愿墙', '活动预告', '我的预约', '积分超市'])
    expect(classes('event-item')).toHaveLength(2)
  })

  test('长辈模式: four big labelled tiles for the main jobs, events as one entry, the station list left out', async () => {
    elderMode.set('on')
    const view = renderPage(HomePage, '/pages/index/index')
    await screen.findByText('发心愿')
    expect(view.pageRoot().classList.contains('page--elder')).toBe(true)
    expect(texts('.home-tiles__label')).toEqual(['发心愿', '预约场地', '志愿活动', '我的积分'])
    // Each tile is a labelled target, with a hint under its name.
    for (const tile of classes('home-tiles__tile')) {
      expect(tile.classList.contains('tap-target')).toBe(true)
      expect(tile.querySelector('.home-tiles__hint')?.textContent).toBeTruthy()
    }
    expect(screen.queryByText('第三网格驿站')).toBeNull()
    expect(classes('event-item')).toEqual([])
    expect(classes('home-grid')).toEqual([])
    expect(screen.getByText('2026年5月共2场活动 ›')).toBeTruthy()
    expect(screen.getByText('您好，王秀兰')).toBeTruthy()
  })

  test('长辈模式: every tile and the events entry lead somewhere (nothing became unreachable)', async () => {
    elderMode.set('on')
    renderPage(HomePage, '/pages/index/index')
    fireEvent.click(await screen.findByText('发心愿'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/wish/post/index' })
    fireEvent.click(screen.getByText('预约场地'))
    // The stations the normal home lists are all on the stations page.
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/stations/index' })
    fireEvent.click(screen.getByText('志愿活动'))
    expect(Taro.switchTab).toHaveBeenLastCalledWith({ url: '/pages/activities/index' })
    fireEvent.click(screen.getByText('我的积分'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/points/index/index' })
    fireEvent.click(screen.getByText('活动预告'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/calendar/index' })
  })

  test('长辈模式 keeps the error state with its retry', async () => {
    api.on('GET /api/home', () => apiError(404, 'COMMUNITY_NOT_FOUND', '没有找到这个社区'))
    elderMode.set('on')
    renderPage(HomePage, '/pages/index/index')
    expect(await screen.findByText('没有找到这个社区')).toBeTruthy()
    expect(screen.getByText('重试')).toBeTruthy()
  })
})

describe('心愿', () => {
  beforeEach(() => {
    const recent = [1, 2, 3, 4].map((n) => ({ ...wall().recent[0]!, id: n, thanks: `第${n}条感谢` }))
    api.on('GET /api/wishes/wall', () => json(wall({ recent })))
    api.on('GET /api/wishes', () => json(page([summary(), summary({ id: 43, title: '希望有人陪我聊聊天', wisherName: '刘**', location: '联通小区 5号楼' })])))
  })

  test('normal: cards name the wisher and place, the filters show, three thanks show', async () => {
    renderPage(WishesPage, '/pages/wishes/index')
    await screen.findByText('希望有人陪我聊聊天')
    expect(texts('.wish-card__who')).toEqual(['张** · 联通小区 3号楼', '刘** · 联通小区 5号楼'])
    expect(classes('wishes-filter')).toHaveLength(1)
    expect(classes('wishes-sort')).toHaveLength(1)
    expect(await screen.findAllByText(/^“第\d条感谢”$/)).toHaveLength(3)
  })

  test('长辈模式: simple cards in one column, the wall without its thanks, the filters folded behind one button', async () => {
    elderMode.set('on')
    renderPage(WishesPage, '/pages/wishes/index')
    await screen.findByText('希望有人陪我聊聊天')
    expect(classes('wish-card').every((c) => c.classList.contains('wish-card--simple'))).toBe(true)
    expect(classes('wish-card__who')).toEqual([])
    // The card keeps what decides: category, title, value and date.
    const card = screen.getByText('希望有人陪我聊聊天').closest('.wish-card') as HTMLElement
    expect(card.querySelector('.wish-category')).not.toBeNull()
    expect(card.querySelector('.wish-card__value')).not.toBeNull()

    await screen.findByText('心愿墙 · 已兑现心愿')
    expect(classes('wish-wall__thanks')).toEqual([])
    fireEvent.click(screen.getByText('看感谢留言（共4条）'))
    expect(classes('wish-wall__thanks')).toHaveLength(4)

    expect(classes('wishes-filter')).toEqual([])
    fireEvent.click(screen.getByText('筛选：全部类别 · 最新发布'))
    fireEvent.click(within(document.querySelector('.wishes-filter') as HTMLElement).getByText('助老'))
    fireEvent.click(within(document.querySelector('.wishes-sort') as HTMLElement).getByText('即将到期'))
    fireEvent.click(screen.getByText('收起筛选'))
    expect(screen.getByText('筛选：助老 · 即将到期')).toBeTruthy()
    const last = api.calls('GET /api/wishes').at(-1)!
    expect([last.query.get('category'), last.query.get('sort')]).toEqual(['elderly_care', 'deadline'])
  })

  test('长辈模式 keeps the empty state', async () => {
    api.on('GET /api/wishes', () => json(page([])))
    elderMode.set('on')
    renderPage(WishesPage, '/pages/wishes/index')
    expect(await screen.findByText('暂时没有待认领的心愿')).toBeTruthy()
  })
})

describe('活动', () => {
  beforeEach(() => {
    api.on('GET /api/activities', () => json(activityPage([activitySummary(), activitySummary({ id: 22, title: '义剪进社区', mySignup: { id: 9, status: 'waitlisted', waitlistPosition: 2 } })])))
  })

  test('normal: three buttons, cards with team, skills and reward', async () => {
    renderPage(ActivitiesPage, '/pages/activities/index')
    await screen.findByText('义剪进社区')
    expect(texts('.activities-links .nut-button')).toEqual(['筛选', '活动预告', '我的志愿'])
    expect(classes('activity-card__team').length).toBeGreaterThan(0)
    expect(classes('skill-tag').length).toBeGreaterThan(0)
    expect(classes('activity-card__reward')).toHaveLength(2)
  })

  test('长辈模式: two large buttons; cards keep title, my status, time, place and places left', async () => {
    elderMode.set('on')
    renderPage(ActivitiesPage, '/pages/activities/index')
    await screen.findByText('义剪进社区')
    expect(texts('.activities-links .nut-button')).toEqual(['筛选', '我的志愿'])
    expect(classes('activity-card').every((c) => c.classList.contains('activity-card--simple'))).toBe(true)
    expect(classes('activity-card__team')).toEqual([])
    expect(classes('skill-tag')).toEqual([])
    expect(classes('activity-card__reward')).toEqual([])
    const card = screen.getByText('义剪进社区').closest('.activity-card') as HTMLElement
    expect(card.querySelector('.activity-card__time')).not.toBeNull()
    expect(card.querySelector('.activity-card__place')).not.toBeNull()
    expect(card.querySelector('.activity-card__places')).not.toBeNull()
    expect(card.querySelector('.signup-status')?.textContent).toBe('候补第2位')
  })

  test('长辈模式 on 全区 still names each activity\'s community', async () => {
    elderMode.set('on')
    renderPage(ActivitiesPage, '/pages/activities/index')
    await screen.findByText('义剪进社区')
    fireEvent.click(screen.getByText('全区'))
    await screen.findByText('义剪进社区')
    expect(texts('.activity-card__team').every((t) => t === activitySummary().communityName)).toBe(true)
    expect(classes('activity-card__team')).toHaveLength(2)
  })
})

describe('我的', () => {
  test('normal: 微心愿 and 积分 groups with descriptions', async () => {
    renderPage(MePage, '/pages/me/index')
    await screen.findByText('王秀兰')
    expect(texts('.section-title')).toEqual(expect.arrayContaining(['微心愿', '积分']))
    expect(screen.getByText('我发布的心愿和进展')).toBeTruthy()
    expect(classes('me-entries--elder')).toEqual([])
  })

  test('长辈模式: the most used entries first as large cells without descriptions, the rest under 更多', async () => {
    elderMode.set('on')
    renderPage(MePage, '/pages/me/index')
    await screen.findByText('王秀兰')
    const [first, more] = classes('me-entries--elder')
    const titles = (group: Element) => [...group.querySelectorAll('.nut-cell-title')].map((el) => el.textContent)
    expect(titles(first!)).toEqual(['我的积分', '我的预约', '我的心愿', '我的志愿', '积分超市'])
    expect(titles(more!)).toEqual(['我的认领', '我的兑换'])
    expect(screen.queryByText('我发布的心愿和进展')).toBeNull()
    // They come before the profile's details.
    const order = [...document.querySelectorAll('.me-entries--elder, .section-title')].map((el) => el.textContent?.slice(0, 4))
    expect(order.slice(0, 2)).toEqual(['我的积分', '我的信息'])
    // Every entry still opens its page.
    fireEvent.click(screen.getByText('我的兑换'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/points/redemptions/index' })
    fireEvent.click(screen.getByText('我的预约'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/mine/index' })
  })
})
