import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test } from 'vitest'
import PointsPage from '../../src/packages/points/index/index'
import { apiError, json, pullDownToRefresh, renderPage, useFakeApi } from './support'
import { entry, ledgerPage, summary } from './points-fixtures'

const PATH = '/packages/points/index/index'
const api = useFakeApi()

describe('我的积分', () => {
  test('shows the household balance big, what the family and I earned this year, and how to earn', async () => {
    api.on('GET /api/points/me', () => json(summary()))
    api.on('GET /api/points/history', () => json(ledgerPage(3, 3, null)))
    renderPage(PointsPage, PATH)

    await screen.findByText('我家积分')
    expect(document.querySelector('.points-hero__balance')?.textContent).toBe('320')
    expect(screen.getByText('联通社区 第三网格 联通小区 3号楼 2单元 301')).toBeTruthy()
    const figures = [...document.querySelectorAll('.points-hero__figure')].map((el) => el.textContent)
    expect(figures).toEqual(['450全家今年获得', '120我今年获得'])
    // The earning rules, as the server reports them for this community.
    const rule = screen.getByText('志愿服务').closest('.nut-cell')!
    expect(rule.textContent).toContain('每小时')
    expect(rule.querySelector('.nut-cell-extra')?.textContent).toBe('5分')
    expect(screen.queryByText(/到期/)).toBeNull()
  })

  test('warns before points expire, with the date and amount the server gives', async () => {
    api.on('GET /api/points/me', () => json(summary({ expiry: { date: '2026-12-31', amount: 180 } })))
    api.on('GET /api/points/history', () => json(ledgerPage(1, 1, null)))
    renderPage(PointsPage, PATH)

    const banner = await waitFor(() => {
      const el = document.querySelector('.points-expiry')
      expect(el).not.toBeNull()
      return el!
    })
    expect(banner.textContent).toContain('您家有 180 积分将于 2026年12月31日 到期')
    fireEvent.click(screen.getByText('去积分超市兑换'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/points/shop/index' })
  })

  test('the history shows reasons, ± amounts and the balance after each, and 加载更多 fetches the page before the last row', async () => {
    api.on('GET /api/points/me', () => json(summary()))
    api.on('GET /api/points/history', (call) => {
      if (!call.query.has('cursor')) {
        return json({ items: [entry(50, { title: '兑换：义剪一次', amount: -50, householdBalanceAfter: 320 }), ...ledgerPage(49, 19, null).items], nextCursor: '31' })
      }
      expect(call.query.get('cursor')).toBe('31')
      return json({ items: [entry(30, { title: '社区奖励：清雪', amount: 20, personName: '李建国', householdBalanceAfter: 200 })], nextCursor: null })
    })
    renderPage(PointsPage, PATH)

    const spend = (await screen.findByText('兑换：义剪一次')).closest('.ledger-row')!
    expect(spend.querySelector('.ledger-row__amount')?.textContent).toBe('-50')
    expect(spend.querySelector('.ledger-row__amount')?.className).toContain('ledger-row__amount--minus')
    expect(spend.textContent).toContain('余 320')
    expect(spend.textContent).toContain('王秀兰 · 5月16日 09:30')
    expect(document.querySelectorAll('.ledger-row')).toHaveLength(20)
    expect(api.calls('GET /api/points/history')[0]!.query.get('limit')).toBe('20')
    expect(screen.queryByText('没有更多了')).toBeNull()

    fireEvent.click(screen.getByText('加载更多'))

    const award = (await screen.findByText('社区奖励：清雪')).closest('.ledger-row')!
    expect(award.querySelector('.ledger-row__amount')?.textContent).toBe('+20')
    expect(award.textContent).toContain('李建国')
    expect(award.textContent).toContain('余 200')
    expect(document.querySelectorAll('.ledger-row')).toHaveLength(21)
    expect(screen.getByText('没有更多了')).toBeTruthy()
    expect(screen.queryByText('加载更多')).toBeNull()
    expect(api.calls('GET /api/points/history')).toHaveLength(2)
  })

  test('links to 积分超市, 我的兑换, 月度账单 and 积分排行', async () => {
    api.on('GET /api/points/me', () => json(summary()))
    api.on('GET /api/points/history', () => json(ledgerPage(1, 1, null)))
    renderPage(PointsPage, PATH)

    for (const [title, url] of [
      ['积分超市', '/packages/points/shop/index'],
      ['我的兑换', '/packages/points/redemptions/index'],
      ['月度账单', '/packages/points/statement/index'],
      ['积分排行', '/packages/points/leaderboard/index'],
    ] as const) {
      fireEvent.click(await screen.findByText(title))
      expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url })
    }
  })

  test('a resident without a household is told points belong to a household, and no history is asked for', async () => {
    api.on('GET /api/points/me', () => json(summary({ household: null, myEarnedThisYear: 0 })))
    renderPage(PointsPage, PATH)

    expect(await screen.findByText('积分以家庭为单位')).toBeTruthy()
    expect(screen.getByText(/您还没有登记家庭住址/)).toBeTruthy()
    expect(screen.getByText('帮助兑现微心愿')).toBeTruthy()
    expect(document.querySelector('.points-hero')).toBeNull()
    expect(screen.queryByText('积分明细')).toBeNull()
    expect(api.calls('GET /api/points/history')).toHaveLength(0)
  })

  test('an empty history says how to earn; a failed one offers 重试', async () => {
    api.on('GET /api/points/me', () => json(summary()))
    api.once('GET /api/points/history', () => apiError(429, 'RATE_LIMITED', '操作太频繁，请稍后再试'))
    api.on('GET /api/points/history', () => json({ items: [], nextCursor: null }))
    renderPage(PointsPage, PATH)

    expect(await screen.findByText('操作太频繁，请稍后再试')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('还没有积分记录')).toBeTruthy()
  })

  test('pulling down refetches the balance and the history', async () => {
    api.once('GET /api/points/me', () => json(summary()))
    api.on('GET /api/points/me', () => json(summary({ household: { ...summary().household!, balance: 400 } })))
    api.on('GET /api/points/history', () => json(ledgerPage(1, 1, null)))
    renderPage(PointsPage, PATH)
    await screen.findByText('320')

    pullDownToRefresh()
    await screen.findByText('400')
    await waitFor(() => expect(api.calls('GET /api/points/history')).toHaveLength(2))
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalled())
  })
})
