import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test } from 'vitest'
import type { PersonalDataAccessEntry } from '../../types/api/privacy'
import AccessLogPage from '../../src/packages/staff/access-log/index'
import { elderMode } from '../../src/stores/preferences'
import { apiError, json, me, pullDownToRefresh, renderPage, useFakeApi } from './support'

const PATH = '/packages/staff/access-log/index'
const api = useFakeApi()

const admin = () => me({ name: '赵磊', roles: ['admin'], staffCommunityIds: [7, 9] })

function entry(id: number, overrides: Partial<PersonalDataAccessEntry> = {}): PersonalDataAccessEntry {
  return {
    id,
    actorName: '刘晓燕',
    subjectName: '张秀兰',
    purpose: 'booking_desk',
    route: 'GET /api/staff/bookings?date=2026-11-20',
    at: `2026-11-${String(30 - (id % 20)).padStart(2, '0')}T09:1${id % 10}:00+08:00`,
    ...overrides,
  }
}

function open(params: Record<string, string> = {}) {
  Current.router = { params, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
  return renderPage(AccessLogPage, PATH)
}

const rows = () => [...document.querySelectorAll<HTMLElement>('.access-row')]

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

describe('个人信息访问记录', () => {
  test('each row says when, who looked at whose data, why and through which route; 加载更多 follows the cursor', async () => {
    api.on('GET /api/me', () => json(admin()))
    api.on('GET /api/admin/personal-data-access', (call) =>
      call.query.get('cursor') === 'c-2'
        ? json({ items: [entry(3, { actorName: '王主任', subjectName: '李建国', purpose: 'roster', route: 'GET /api/staff/activities/21/roster' })], nextCursor: null })
        : json({ items: [entry(1), entry(2, { purpose: 'wish_contact', subjectName: '王红梅', route: 'GET /api/wishes/12' })], nextCursor: 'c-2' }),
    )
    open()
    await waitFor(() => expect(rows()).toHaveLength(2))
    expect(rows()[0]!.querySelector('.access-row__time')?.textContent).toBe('11月29日 09:11')
    expect(rows()[0]!.querySelector('.access-row__purpose')?.textContent).toBe('预约登记')
    expect(rows()[0]!.querySelector('.access-row__who')?.textContent).toBe('刘晓燕 查看了 张秀兰 的信息')
    expect(rows()[0]!.querySelector('.access-row__route')?.textContent).toBe('GET /api/staff/bookings?date=2026-11-20')
    expect(rows()[1]!.querySelector('.access-row__purpose')?.textContent).toBe('心愿联系方式')
    const first = api.calls('GET /api/admin/personal-data-access')[0]!
    expect(first.query.get('cursor')).toBeNull()
    expect(first.query.get('limit')).toBe('30')
    expect(first.query.has('personId')).toBe(false)

    fireEvent.click(screen.getByText('加载更多'))
    await waitFor(() => expect(rows()).toHaveLength(3))
    expect(api.calls('GET /api/admin/personal-data-access')[1]!.query.get('cursor')).toBe('c-2')
    expect(rows()[2]!.textContent).toContain('王主任 查看了 李建国 的信息')
    expect(rows()[2]!.querySelector('.access-row__purpose')?.textContent).toBe('活动名单')
    expect(await screen.findByText('没有更多了')).toBeTruthy()
    expect(screen.queryByText('加载更多')).toBeNull()

    pullDownToRefresh()
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalled())
  })

  test('?personId= narrows the log to one person', async () => {
    api.on('GET /api/me', () => json(admin()))
    api.on('GET /api/admin/personal-data-access', () => json({ items: [entry(1)], nextCursor: null }))
    open({ personId: '42' })
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(api.calls('GET /api/admin/personal-data-access')[0]!.query.get('personId')).toBe('42')
  })

  test('an empty log says so', async () => {
    api.on('GET /api/me', () => json(admin()))
    api.on('GET /api/admin/personal-data-access', () => json({ items: [], nextCursor: null }))
    open()
    expect(await screen.findByText('暂无访问记录')).toBeTruthy()
  })

  test('a failure says so with 重试', async () => {
    api.on('GET /api/me', () => json(admin()))
    api.once('GET /api/admin/personal-data-access', () => apiError(403, 'FORBIDDEN', '没有权限'))
    api.on('GET /api/admin/personal-data-access', () => json({ items: [entry(1)], nextCursor: null }))
    open()
    expect(await screen.findByText('没有权限')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    await waitFor(() => expect(rows()).toHaveLength(1))
  })

  test('staff who are not admins are told the page is not for them, and nothing is asked', async () => {
    api.on('GET /api/me', () => json(me({ name: '刘晓燕', roles: ['staff'], staffCommunityIds: [7] })))
    open()
    expect(await screen.findByText('仅限管理员使用')).toBeTruthy()
    expect(api.calls('GET /api/admin/personal-data-access')).toHaveLength(0)
  })

  test('长辈模式 renders the log on the enlarged page', async () => {
    elderMode.set('on')
    api.on('GET /api/me', () => json(admin()))
    api.on('GET /api/admin/personal-data-access', () => json({ items: [entry(1)], nextCursor: null }))
    const page = open()
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(page.pageRoot().classList.contains('page--elder')).toBe(true)
  })
})
