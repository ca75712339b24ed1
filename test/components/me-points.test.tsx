import { fireEvent, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test } from 'vitest'
import MePage from '../../src/pages/me/index'
import WorkbenchPage from '../../src/packages/workbench/index/index'
import { json, me, renderPage, useFakeApi } from './support'
import { serveOverview } from './workbench-fixtures'

const PATH = '/pages/me/index'
const api = useFakeApi()

describe('我的: 积分 and 社区工作台', () => {
  test('every resident gets the 积分 section, which opens the points pages', async () => {
    api.on('GET /api/me', () => json(me()))
    renderPage(MePage, PATH)

    await screen.findByText('王秀兰')
    for (const [title, url] of [
      ['我的积分', '/packages/points/index/index'],
      ['积分超市', '/packages/points/shop/index'],
      ['我的兑换', '/packages/points/redemptions/index'],
    ] as const) {
      fireEvent.click(screen.getByText(title))
      expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url })
    }
    // Not staff: no workbench.
    expect(screen.queryByText('社区工作台')).toBeNull()
    expect(screen.queryByText('核销取货')).toBeNull()
  })

  test('staff also get 社区工作台, whose page has 核销取货, 积分管理 and 积分超市管理', async () => {
    api.on('GET /api/me', () => json(me({ name: '赵敏', roles: ['staff'], staffCommunityIds: [7] })))
    serveOverview(api)
    const mine = renderPage(MePage, PATH)
    fireEvent.click(await screen.findByText('社区工作台'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/workbench/index/index' })
    mine.unmount()

    renderPage(WorkbenchPage, '/packages/workbench/index/index')
    await screen.findByText('积分超市管理')
    for (const [title, url] of [
      ['核销取货', '/packages/staff/verify/index'],
      ['积分管理', '/packages/staff/points/index'],
      ['积分超市管理', '/packages/staff/shop/index'],
    ] as const) {
      fireEvent.click(screen.getByText(title))
      expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url })
    }
  })
})
