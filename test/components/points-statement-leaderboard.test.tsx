import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test } from 'vitest'
import LeaderboardPage from '../../src/packages/points/leaderboard/index'
import StatementPage from '../../src/packages/points/statement/index'
import { currentMonth, shiftMonth } from '../../src/utils/format'
import { json, renderPage, useFakeApi } from './support'
import { leaderboard, statement, summary } from './points-fixtures'

const api = useFakeApi()

describe('月度账单', () => {
  test("opens on this month's statement, steps back a month, and cannot step into the future", async () => {
    const thisMonth = currentMonth()
    const lastMonth = shiftMonth(thisMonth, -1)
    api.on('GET /api/points/statement', (call) => json(statement({ month: call.query.get('month')!, opening: call.query.get('month') === thisMonth ? 200 : 90 })))
    renderPage(StatementPage, '/packages/points/statement/index')

    await waitFor(() => expect(document.querySelector('.statement-figure--opening .statement-figure__value')?.textContent).toBe('200'))
    expect(document.querySelector('.statement-figure--earned .statement-figure__value')?.textContent).toBe('+170')
    expect(document.querySelector('.statement-figure--spent .statement-figure__value')?.textContent).toBe('-50')
    expect(document.querySelector('.statement-figure--closing .statement-figure__value')?.textContent).toBe('320')
    expect(screen.getByText('本月明细（2笔）')).toBeTruthy()
    expect(screen.getByText('兑换：义剪一次')).toBeTruthy()
    expect(screen.getByText('下个月 ›').closest('.nut-button')?.className).toContain('nut-button-disabled')

    fireEvent.click(screen.getByText('‹ 上个月'))
    await waitFor(() => expect(document.querySelector('.statement-figure--opening .statement-figure__value')?.textContent).toBe('90'))
    expect(api.calls('GET /api/points/statement').map((c) => c.query.get('month'))).toEqual([thisMonth, lastMonth])
    expect(screen.getByText('下个月 ›').closest('.nut-button')?.className).not.toContain('nut-button-disabled')
  })

  test('a month without changes says so', async () => {
    api.on('GET /api/points/statement', () => json(statement({ earned: 0, spent: 0, entries: [] })))
    renderPage(StatementPage, '/packages/points/statement/index')
    expect(await screen.findByText('本月没有积分变动')).toBeTruthy()
  })
})

describe('积分排行', () => {
  test('shows my rank and the ranking; the tabs ask for grid and year', async () => {
    api.on('GET /api/points/leaderboard', (call) =>
      json(leaderboard({ scope: call.query.get('scope') as 'grid', period: call.query.get('period') as 'year', scopeName: call.query.get('scope') === 'grid' ? '联通社区 第三网格' : '联通社区' })),
    )
    api.on('GET /api/points/me', () => json(summary()))
    renderPage(LeaderboardPage, '/packages/points/leaderboard/index')

    expect(await screen.findByText('我家排第 2 名，60 分')).toBeTruthy()
    expect(document.querySelector('.leaderboard-row--mine')?.textContent).toContain('联通小区3号楼 王**（我家）')
    expect([...document.querySelectorAll('.leaderboard-row__label')].map((el) => el.textContent)).toEqual(['联通小区1号楼 李**', '联通小区3号楼 王**（我家）', '匿名'])

    fireEvent.click(screen.getByText('网格排行'))
    await screen.findByText('联通社区 第三网格 · 本月')
    fireEvent.click(screen.getByText('今年'))
    await screen.findByText('联通社区 第三网格 · 今年')
    expect(api.calls('GET /api/points/leaderboard').map((c) => `${c.query.get('scope')}/${c.query.get('period')}`)).toEqual([
      'community/month',
      'grid/month',
      'grid/year',
    ])
  })

  test('a household not ranked yet is told so', async () => {
    api.on('GET /api/points/leaderboard', () => json(leaderboard({ entries: [], mine: null })))
    api.on('GET /api/points/me', () => json(summary()))
    renderPage(LeaderboardPage, '/packages/points/leaderboard/index')
    expect(await screen.findByText('我家本月还没有获得积分')).toBeTruthy()
    expect(screen.getByText('本月还没有家庭获得积分')).toBeTruthy()
  })

  test('在排行榜显示我家 switched off sends the choice and shows the state the server returns', async () => {
    api.on('GET /api/points/leaderboard', () => json(leaderboard()))
    api.on('GET /api/points/me', () => json(summary()))
    api.on('PUT /api/points/leaderboard-visibility', (call) =>
      json(summary({ household: { ...summary().household!, showOnLeaderboard: (call.body as { showOnLeaderboard: boolean }).showOnLeaderboard } })),
    )
    renderPage(LeaderboardPage, '/packages/points/leaderboard/index')

    const toggle = await screen.findByLabelText('在排行榜显示我家')
    expect(toggle.className).not.toContain('nut-switch-close')
    fireEvent.click(toggle)

    await waitFor(() => expect(api.calls('PUT /api/points/leaderboard-visibility').map((c) => c.body)).toEqual([{ showOnLeaderboard: false }]))
    await waitFor(() => expect(screen.getByLabelText('在排行榜显示我家').className).toContain('nut-switch-close'))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '排行榜上我家显示为匿名' }))
    // The ranking is fetched again with the new choice.
    await waitFor(() => expect(api.calls('GET /api/points/leaderboard')).toHaveLength(2))
  })
})
