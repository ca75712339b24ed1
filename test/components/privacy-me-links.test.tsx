import { fireEvent, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test } from 'vitest'
import MePage from '../../src/pages/me/index'
import { elderMode } from '../../src/stores/preferences'
import WorkbenchPage from '../../src/packages/workbench/index/index'
import { json, me, renderPage, useFakeApi } from './support'
import { serveOverview } from './workbench-fixtures'

const api = useFakeApi()

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

describe('我的: the privacy links', () => {
  test('everyone has 个人信息与隐私; only an admin has 个人信息访问记录', async () => {
    api.on('GET /api/me', () => json(me({ roles: ['resident'], staffCommunityIds: [] })))
    renderPage(MePage, '/pages/me/index')
    fireEvent.click(await screen.findByText('个人信息与隐私'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/account/privacy/index' })
    expect(screen.queryByText('个人信息访问记录')).toBeNull()
  })

  test('staff who are not admins do not see the access log, on 我的 or the 工作台', async () => {
    api.on('GET /api/me', () => json(me({ roles: ['staff'], staffCommunityIds: [7] })))
    serveOverview(api)
    const mine = renderPage(MePage, '/pages/me/index')
    await screen.findByText('个人信息与隐私')
    expect(screen.queryByText('个人信息访问记录')).toBeNull()
    mine.unmount()
    renderPage(WorkbenchPage, '/packages/workbench/index/index')
    await screen.findByText('社区管理')
    expect(screen.queryByText('个人信息访问记录')).toBeNull()
  })

  test('an admin opens the access log from the 工作台’s 全区管理', async () => {
    api.on('GET /api/me', () => json(me({ roles: ['admin'], staffCommunityIds: [7] })))
    serveOverview(api)
    renderPage(WorkbenchPage, '/packages/workbench/index/index')
    fireEvent.click(await screen.findByText('个人信息访问记录'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/staff/access-log/index' })
  })

  test('in 长辈模式 the link is there too', async () => {
    elderMode.set('on')
    api.on('GET /api/me', () => json(me()))
    renderPage(MePage, '/pages/me/index')
    fireEvent.click(await screen.findByText('个人信息与隐私'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/account/privacy/index' })
  })
})
