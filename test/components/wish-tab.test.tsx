import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test } from 'vitest'
import WishesPage from '../../src/pages/wishes/index'
import { chosenCommunity } from '../../src/stores/preferences'
import { apiError, json, me, pullDownToRefresh, renderPage, useFakeApi } from './support'
import { page, summary, wall } from './wish-fixtures'

const PATH = '/pages/wishes/index'
const api = useFakeApi()

const titles = () => [...document.querySelectorAll('.wish-card__title')].map((el) => el.textContent)
const lastListCall = () => api.calls('GET /api/wishes').at(-1)!
/** A button of the category filter. */
const filter = (label: string) => within(document.querySelector('.wishes-filter') as HTMLElement).getByText(label)

function standardApi() {
  api.on('GET /api/me', () => json(me()))
  api.on('GET /api/wishes/wall', () => json(wall()))
}

describe('心愿 tab', () => {
  test('shows the open wishes of my community as cards, and the wall with its totals and latest thanks', async () => {
    standardApi()
    api.on('GET /api/wishes', () =>
      json(page([summary(), summary({ id: 43, category: 'companionship', title: '希望有人陪我聊聊天', valueYuan: 0, neededBy: null, wisherName: '刘**', location: '联通小区 5号楼' })])),
    )
    renderPage(WishesPage, PATH)

    await screen.findByText('想要一台助听器')
    expect(titles()).toEqual(['想要一台助听器', '希望有人陪我聊聊天'])
    const first = screen.getByText('想要一台助听器').closest('.wish-card') as HTMLElement
    expect(first.querySelector('.wish-category')?.textContent).toBe('医疗健康')
    expect(first.textContent).toContain('张** · 联通小区 3号楼')
    expect(first.querySelector('.wish-card__value')?.textContent).toBe('价值约 ¥280')
    expect(first.textContent).toContain('希望2026年12月1日前')
    const second = screen.getByText('希望有人陪我聊聊天').closest('.wish-card') as HTMLElement
    expect(second.querySelector('.wish-card__value')?.textContent).toBe('无需花费')
    expect(second.textContent).not.toContain('希望20')
    // My own community: the server knows it, the page does not name one.
    expect(lastListCall().query.get('communityId')).toBeNull()
    expect(lastListCall().query.get('sort')).toBe('newest')
    expect(lastListCall().query.get('category')).toBeNull()

    await screen.findByText('心愿墙 · 已兑现心愿')
    expect([...document.querySelectorAll('.wish-wall__figure')].map((el) => el.textContent)).toEqual(['3本月已兑现', '41本年已兑现', '2617累计已兑现'])
    expect(document.querySelector('.wish-wall__quote')?.textContent).toBe('“大米收到了，谢谢志愿者冒雪送来！”')
    expect(document.querySelector('.wish-wall__thanks')?.textContent).toContain('王** 感谢 李** · 需要一袋大米 ★★★★★ 5星')
  })

  test('the wall shows the three latest thanks, and all of them on request', async () => {
    api.on('GET /api/me', () => json(me()))
    const recent = [1, 2, 3, 4, 5].map((n) => ({ ...wall().recent[0]!, id: n, thanks: `第${n}条感谢` }))
    api.on('GET /api/wishes/wall', () => json(wall({ recent })))
    api.on('GET /api/wishes', () => json(page([])))
    renderPage(WishesPage, PATH)

    await screen.findByText('“第1条感谢”')
    const quotes = () => [...document.querySelectorAll('.wish-wall__quote')].map((el) => el.textContent)
    expect(quotes()).toEqual(['“第1条感谢”', '“第2条感谢”', '“第3条感谢”'])
    fireEvent.click(screen.getByText('查看更多感谢（共5条）'))
    expect(quotes()).toHaveLength(5)
    fireEvent.click(screen.getByText('收起'))
    expect(quotes()).toHaveLength(3)
  })

  test('a card opens its wish; 发布心愿, 我的心愿 and 我的认领 open their pages', async () => {
    standardApi()
    api.on('GET /api/wishes', () => json(page([summary()])))
    renderPage(WishesPage, PATH)

    fireEvent.click(await screen.findByText('想要一台助听器'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/wish/detail/index?id=42' })
    fireEvent.click(screen.getByText('发布心愿'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/wish/post/index' })
    fireEvent.click(screen.getByText('我的心愿'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/wish/mine/index' })
    fireEvent.click(screen.getByText('我的认领'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/wish/claims/index' })
  })

  test('the category buttons and the sort ask the server for exactly that list', async () => {
    standardApi()
    api.on('GET /api/wishes', (call) => {
      const category = call.query.get('category')
      if (category === 'elderly_care') return json(page([summary({ id: 50, category: 'elderly_care', title: '代买降压药' })]))
      return json(page([summary()]))
    })
    renderPage(WishesPage, PATH)
    await screen.findByText('想要一台助听器')

    fireEvent.click(filter('助老'))
    await waitFor(() => expect(titles()).toEqual(['代买降压药']))
    expect(lastListCall().query.get('category')).toBe('elderly_care')
    expect(filter('助老').closest('.choice-buttons__item')!.className).toContain('choice-buttons__item--chosen')

    fireEvent.click(screen.getByText('即将到期'))
    await waitFor(() => expect(lastListCall().query.get('sort')).toBe('deadline'))
    expect(lastListCall().query.get('category')).toBe('elderly_care')

    fireEvent.click(filter('全部'))
    await waitFor(() => expect(titles()).toEqual(['想要一台助听器']))
    expect(lastListCall().query.get('category')).toBeNull()
    expect(lastListCall().query.get('sort')).toBe('deadline')
  })

  test('an empty list says so, naming the category when one is chosen', async () => {
    standardApi()
    api.on('GET /api/wishes', () => json(page([])))
    renderPage(WishesPage, PATH)

    expect(await screen.findByText('暂时没有待认领的心愿')).toBeTruthy()
    fireEvent.click(filter('家电维修'))
    expect(await screen.findByText('「家电维修」类暂时没有待认领的心愿')).toBeTruthy()
    expect(document.querySelector('.empty-state img')).not.toBeNull()
  })

  test('more wishes come page by page with the cursor the server gave', async () => {
    standardApi()
    api.once('GET /api/wishes', () => json(page([summary({ id: 1, title: '第一页的心愿' })], 'cursor-2')))
    api.once('GET /api/wishes', () => json(page([summary({ id: 2, title: '第二页的心愿' })], null)))
    renderPage(WishesPage, PATH)

    await screen.findByText('第一页的心愿')
    fireEvent.click(screen.getByText('加载更多'))
    await screen.findByText('第二页的心愿')
    expect(titles()).toEqual(['第一页的心愿', '第二页的心愿'])
    expect(lastListCall().query.get('cursor')).toBe('cursor-2')
    expect(screen.getByText('没有更多了')).toBeTruthy()
  })

  test("a failure shows the server's message and 重试 fetches again; pulling down refreshes list and wall", async () => {
    standardApi()
    api.once('GET /api/wishes', () => apiError(429, 'RATE_LIMITED', '操作太频繁，请稍后再试'))
    api.on('GET /api/wishes', () => json(page([summary()])))
    renderPage(WishesPage, PATH)

    expect(await screen.findByText('操作太频繁，请稍后再试')).toBeTruthy()
    expect(screen.getByText('加载失败')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('想要一台助听器')

    const lists = api.calls('GET /api/wishes').length
    const walls = api.calls('GET /api/wishes/wall').length
    pullDownToRefresh()
    await waitFor(() => expect(api.calls('GET /api/wishes').length).toBe(lists + 1))
    await waitFor(() => expect(api.calls('GET /api/wishes/wall').length).toBe(walls + 1))
  })

  test('an account not yet placed in a community sees the community it chose', async () => {
    api.on('GET /api/me', () => json(me({ community: null, household: null })))
    api.on('GET /api/wishes/wall', () => json(wall()))
    api.on('GET /api/wishes', () => json(page([summary()])))
    chosenCommunity.set(9)
    renderPage(WishesPage, PATH)

    await screen.findByText('想要一台助听器')
    expect(lastListCall().query.get('communityId')).toBe('9')
    expect(api.calls('GET /api/wishes/wall').at(-1)!.query.get('communityId')).toBe('9')
  })
})

describe('心愿 tab for a visitor (not logged in)', () => {
  test('shows the chosen community’s 心愿墙, and asks to log in for the wishes waiting to be claimed', async () => {
    chosenCommunity.set(9)
    api.on('GET /api/me', () => apiError(401, 'UNAUTHENTICATED', '请先登录'))
    api.on('GET /api/wishes/wall', () => json(wall()))
    renderPage(WishesPage, PATH)

    expect(await screen.findByText('登录后查看和认领邻居的心愿')).toBeTruthy()
    expect(document.querySelector('[data-state="logged-out"]')).not.toBeNull()
    await waitFor(() => expect(api.calls('GET /api/wishes/wall').map((c) => c.query.get('communityId'))).toEqual(['9']))
    expect(document.querySelector('.wishes-filter')).toBeNull()
    expect(api.calls('GET /api/wishes')).toHaveLength(0)
    fireEvent.click(screen.getByText('去登录'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/account/login/index' })
  })
})
