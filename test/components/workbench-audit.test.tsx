import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test } from 'vitest'
import type { AuditEntry } from '../../types/api/reports'
import AuditPage from '../../src/packages/workbench/audit/index'
import { elderMode } from '../../src/stores/preferences'
import { apiError, heping, json, lianTong, me, pullDownToRefresh, renderPage, useFakeApi } from './support'

const PATH = '/packages/workbench/audit/index'
const api = useFakeApi()

function entry(n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `a${n}`,
    at: `2026-11-${String(17 - (n % 10)).padStart(2, '0')}T09:3${n % 10}:00+08:00`,
    actor: { userId: 21, name: '刘晓燕' },
    kind: 'wish',
    action: 'wish.approve',
    actionLabel: '通过心愿审核',
    communityId: 7,
    communityName: '联通社区',
    subjectType: 'wish',
    subjectId: String(100 + n),
    summary: `心愿「想要一台收音机」#${n}`,
    ...overrides,
  }
}

function open(params: Record<string, string> = {}) {
  Current.router = { params, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
  return renderPage(AuditPage, PATH)
}

const rows = () => [...document.querySelectorAll<HTMLElement>('.audit-row')]
/** The filters of each request for the trail, as the server read them. */
const asked = () => api.calls('GET /api/staff/audit').map((c) => Object.fromEntries([...c.query].filter(([k]) => k !== 'limit')))
const staff = () => me({ name: '刘晓燕', roles: ['resident', 'staff'], staffCommunityIds: [7] })

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
  api.on('GET /api/staff/audit/actors', () => json({ items: [{ userId: 21, name: '刘晓燕' }, { userId: 22, name: '王建军' }] }))
})

describe('操作记录', () => {
  test('each row says when, who and what, in the community; 加载更多 follows the cursor', async () => {
    api.on('GET /api/me', () => json(staff()))
    api.on('GET /api/staff/audit', (call) =>
      call.query.get('cursor') === 'c-2'
        ? json({ items: [entry(3, { actor: { userId: 22, name: '王建军' }, kind: 'personal_data', action: 'personal_data.view', actionLabel: '查看个人信息', summary: '张** 的手机号（预约登记）' })], nextCursor: null })
        : json({ items: [entry(1), entry(2, { kind: 'booking', action: 'booking.reject', actionLabel: '拒绝预约', summary: '原因：当天场地另有安排' })], nextCursor: 'c-2' }),
    )
    open({ communityId: '7' })
    await waitFor(() => expect(rows()).toHaveLength(2))
    expect(rows()[0]!.querySelector('.audit-row__time')?.textContent).toBe('11月16日 09:31')
    expect(rows()[0]!.querySelector('.audit-row__action')?.textContent).toBe('通过心愿审核')
    expect(rows()[0]!.querySelector('.audit-row__who')?.textContent).toBe('刘晓燕')
    expect(rows()[0]!.querySelector('.audit-row__summary')?.textContent).toBe('心愿「想要一台收音机」#1')
    expect(rows()[1]!.querySelector('.audit-row__summary')?.textContent).toBe('原因：当天场地另有安排')
    // Staff look at their community: no community on each row.
    expect(document.querySelector('.audit-row__community')).toBeNull()
    expect(asked()).toEqual([{ communityId: '7' }])
    expect(api.calls('GET /api/staff/audit')[0]!.query.get('limit')).toBe('30')

    fireEvent.click(screen.getByText('加载更多'))
    await waitFor(() => expect(rows()).toHaveLength(3))
    expect(asked()[1]).toEqual({ communityId: '7', cursor: 'c-2' })
    expect(rows()[2]!.querySelector('.audit-row__action')?.textContent).toBe('查看个人信息')
    expect(screen.getByText('没有更多了')).toBeTruthy()
  })

  test('the kind, the person and the dates filter the trail, each a new first page', async () => {
    api.on('GET /api/me', () => json(staff()))
    api.on('GET /api/staff/audit', () => json({ items: [entry(1)], nextCursor: null }))
    open()
    await waitFor(() => expect(rows()).toHaveLength(1))

    fireEvent.click(screen.getByLabelText('类型：全部类型'))
    fireEvent.click(screen.getByText('场地预约'))
    await waitFor(() => expect(asked().at(-1)).toEqual({ communityId: '7', kind: 'booking' }))
    // Chosen, the choices close and the row says it.
    expect(screen.getByLabelText('类型：场地预约')).toBeTruthy()
    expect(screen.queryByText('积分超市')).toBeNull()

    fireEvent.click(screen.getByLabelText('人员：全部人员'))
    fireEvent.click(await screen.findByText('王建军'))
    await waitFor(() => expect(asked().at(-1)).toEqual({ communityId: '7', kind: 'booking', actorUserId: '22' }))
    expect(api.calls('GET /api/staff/audit/actors')[0]!.query.get('communityId')).toBe('7')

    fireEvent.click(screen.getByLabelText('日期：全部时间'))
    fireEvent.click(screen.getByText('上月'))
    await waitFor(() => expect(asked().at(-1)).toEqual({ communityId: '7', kind: 'booking', actorUserId: '22', from: '2026-10-01', to: '2026-10-31' }))
    expect(screen.getByLabelText('日期：2026年10月1日 至 2026年10月31日')).toBeTruthy()

    // Back to all kinds: the other filters stay.
    fireEvent.click(screen.getByLabelText('类型：场地预约'))
    fireEvent.click(screen.getByText('全部类型', { selector: '.choice-buttons__item .nut-button-children' }))
    await waitFor(() => expect(asked().at(-1)).toEqual({ communityId: '7', actorUserId: '22', from: '2026-10-01', to: '2026-10-31' }))
  })

  test('nothing matching says so and how to widen it; an empty trail says what will appear', async () => {
    api.on('GET /api/me', () => json(staff()))
    api.on('GET /api/staff/audit', () => json({ items: [], nextCursor: null }))
    open()
    expect(await screen.findByText('暂无操作记录')).toBeTruthy()
    fireEvent.click(screen.getByLabelText('类型：全部类型'))
    fireEvent.click(screen.getByText('数据导出'))
    expect(await screen.findByText('没有符合条件的记录')).toBeTruthy()
  })

  test('a failed load says so and 重试 reads again', async () => {
    api.on('GET /api/me', () => json(staff()))
    api.once('GET /api/staff/audit', () => apiError(403, 'FORBIDDEN', '没有权限查看'))
    api.on('GET /api/staff/audit', () => json({ items: [entry(1)], nextCursor: null }))
    open()
    expect(await screen.findByText('没有权限查看')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    await waitFor(() => expect(rows()).toHaveLength(1))
  })

  test('an admin looks at one community or the whole district, where each row names its community', async () => {
    api.on('GET /api/me', () => json(me({ name: '赵磊', roles: ['admin'], staffCommunityIds: [7, 9] })))
    api.on('GET /api/communities', () => json({ items: [{ ...lianTong, distanceMeters: null }, { ...heping, distanceMeters: null }] }))
    api.on('GET /api/staff/audit', (call) =>
      json({ items: [entry(1, call.query.get('communityId') ? {} : { communityId: 9, communityName: '和平社区' })], nextCursor: null }),
    )
    open({ communityId: '9' })
    await waitFor(() => expect(asked()).toEqual([{ communityId: '9' }]))
    fireEvent.click(screen.getByText('全区'))
    await waitFor(() => expect(asked().at(-1)).toEqual({}))
    await waitFor(() => expect(document.querySelector('.audit-row__community')?.textContent).toBe('和平社区'))
    expect(api.calls('GET /api/staff/audit/actors').map((c) => c.query.get('communityId'))).toEqual(['9', null])
  })

  test('pulling down reads the trail again', async () => {
    api.on('GET /api/me', () => json(staff()))
    api.once('GET /api/staff/audit', () => json({ items: [entry(1)], nextCursor: null }))
    api.on('GET /api/staff/audit', () => json({ items: [entry(2), entry(1)], nextCursor: null }))
    open()
    await waitFor(() => expect(rows()).toHaveLength(1))
    pullDownToRefresh()
    await waitFor(() => expect(rows()).toHaveLength(2))
  })

  test('residents are told the page is for staff and nothing is asked for', async () => {
    api.on('GET /api/me', () => json(me()))
    open()
    expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
    expect(api.calls('GET /api/staff/audit')).toHaveLength(0)
  })

  test('in 长辈模式 the rows are there, larger', async () => {
    elderMode.set('on')
    api.on('GET /api/me', () => json(staff()))
    api.on('GET /api/staff/audit', () => json({ items: [entry(1)], nextCursor: null }))
    const page = open()
    await waitFor(() => expect(rows()).toHaveLength(1))
    expect(page.pageRoot().classList.contains('page--elder')).toBe(true)
  })
})
