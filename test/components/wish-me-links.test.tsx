import { fireEvent, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test } from 'vitest'
import MePage from '../../src/pages/me/index'
import WorkbenchPage from '../../src/packages/workbench/index/index'
import { json, me, renderPage, useFakeApi } from './support'
import { serveOverview } from './workbench-fixtures'

const PATH = '/pages/me/index'
const api = useFakeApi()

describe('我的: 微心愿', () => {
  test('every resident gets 我的心愿 and 我的认领; only staff get 心愿审核 and 代居民发布心愿', async () => {
    api.on('GET /api/me', () => json(me()))
    renderPage(MePage, PATH)

    await screen.findByText('王秀兰')
    for (const [title, url] of [
      ['我的心愿', '/packages/wish/mine/index'],
      ['我的认领', '/packages/wish/claims/index'],
    ] as const) {
      fireEvent.click(screen.getByText(title))
      expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url })
    }
    expect(screen.queryByText('心愿审核')).toBeNull()
    expect(screen.queryByText('代居民发布心愿')).toBeNull()
  })

  test('staff find 心愿审核 and 代居民发布心愿 on the 社区工作台, not on 我的', async () => {
    api.on('GET /api/me', () => json(me({ name: '赵敏', roles: ['staff'], staffCommunityIds: [7] })))
    serveOverview(api, () => ({ wishesToReview: 2 }))
    const mine = renderPage(MePage, PATH)
    await screen.findByText('社区工作台')
    expect(screen.queryByText('心愿审核')).toBeNull()
    expect(screen.queryByText('代居民发布心愿')).toBeNull()
    mine.unmount()

    renderPage(WorkbenchPage, '/packages/workbench/index/index')
    fireEvent.click(await screen.findByText('心愿审核'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/staff/wish-review/index' })
    fireEvent.click(screen.getByText('代居民发布心愿'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/staff/wish-post/index' })
  })
})
