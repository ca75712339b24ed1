import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import StaffInvitePage from '../../src/packages/account/staff-invite/index'
import StaffAdminPage from '../../src/packages/staff/staff-admin/index'
import type { CommunityStaff } from '../../types/api/people'
import { apiError, heping, json, lianTong, me, renderPage, useFakeApi } from './support'
import { staffMember } from './staff-booking-fixtures'

const api = useFakeApi()
const PATH = '/packages/staff/staff-admin/index'
const admin = me({ name: '区管理员', roles: ['admin'], staffCommunityIds: [7, 9] })

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

const lianTongStaff: CommunityStaff = {
  communityId: 7,
  communityName: '联通社区',
  staff: [{ userId: 41, name: '刘晓燕', phoneMasked: '139****2468', grantedAt: '2026-10-08T09:00:00+08:00' }],
  invites: [{ code: 'inv-old', communityId: 7, note: '第五网格网格员', expiresAt: '2026-11-20T10:00:00+08:00', path: 'packages/account/staff-invite/index?code=inv-old' }],
}

function serve(staff: CommunityStaff = lianTongStaff) {
  api.on('GET /api/me', () => json(admin))
  api.on('GET /api/communities', () => json({ items: [{ ...lianTong, address: '联通路12号', distanceMeters: null }, { ...heping, address: '和平路1号', distanceMeters: null }] }))
  api.on('GET /api/admin/communities/7/staff', () => json(staff))
  api.on('GET /api/admin/communities/9/staff', () => json({ communityId: 9, communityName: '和平社区', staff: [], invites: [] }))
}

describe('工作人员管理', () => {
  test('a community’s staff and open invitations; another community is picked from the list', async () => {
    serve()
    renderPage(StaffAdminPage, PATH)
    expect(await screen.findByText('联通社区的工作人员（1人）')).toBeTruthy()
    const member = document.querySelector('.staff-admin__member')!
    expect(member.textContent).toContain('刘晓燕')
    expect(member.textContent).toContain('139****2468 · 10月8日 09:00加入')
    expect(screen.getByText('第五网格网格员 · 11月20日 10:00前有效')).toBeTruthy()
    // What WeChat's picker reports when the second community is chosen (H5 scrolls a wheel no test can turn).
    fireEvent.click(screen.getByText('和平社区'))
    expect(await screen.findByText('和平社区的工作人员（0人）')).toBeTruthy()
    expect(document.querySelector('.staff-admin__communities .choice-buttons__item--chosen')!.textContent).toBe('和平社区')
    expect(screen.getByText('还没有工作人员，请在下面邀请。')).toBeTruthy()
  })

  test('生成邀请 sends whom it is for; the link to send is shown', async () => {
    serve()
    api.on('POST /api/admin/staff-invites', () => json({ code: 'inv-new', communityId: 7, note: '第三网格网格员 王芳', expiresAt: '2026-11-24T10:00:00+08:00', path: 'packages/account/staff-invite/index?code=inv-new' }, 201))
    renderPage(StaffAdminPage, PATH)
    await screen.findByText('联通社区的工作人员（1人）')
    fireEvent.input(screen.getByPlaceholderText('例如：第三网格网格员 王芳'), { target: { value: ' 第三网格网格员 王芳 ' } })
    fireEvent.click(screen.getByText('生成邀请'))
    await waitFor(() => expect(api.calls('POST /api/admin/staff-invites')).toHaveLength(1))
    expect(api.calls('POST /api/admin/staff-invites')[0]!.body).toEqual({ communityId: 7, note: '第三网格网格员 王芳' })
    expect(await screen.findByText('给第三网格网格员 王芳的邀请已生成，11月24日 10:00前有效')).toBeTruthy()
    expect(document.querySelector('.invite-share__link')!.textContent).toMatch(/#\/packages\/account\/staff-invite\/index\?code=inv-new$/)
  })

  test('取消身份 asks first, then revokes', async () => {
    serve()
    api.on('POST /api/admin/communities/7/staff/41/revoke', () => json({ ...lianTongStaff, staff: [] }))
    const modal = vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    renderPage(StaffAdminPage, PATH)
    await screen.findByText('联通社区的工作人员（1人）')
    fireEvent.click(within(document.querySelector('.staff-admin__member') as HTMLElement).getByText('取消身份'))
    await waitFor(() => expect(api.calls('POST /api/admin/communities/7/staff/41/revoke')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]!.content).toBe('刘晓燕将不能再处理这个社区的事务。')
    expect(await screen.findByText('联通社区的工作人员（0人）')).toBeTruthy()
  })

  test('staff who are not admins are told the page is not theirs', async () => {
    api.on('GET /api/me', () => json(staffMember))
    renderPage(StaffAdminPage, PATH)
    expect(await screen.findByText('仅限管理员使用')).toBeTruthy()
  })
})

describe('工作人员邀请 (from the admin’s card)', () => {
  const INVITE = '/packages/account/staff-invite/index'
  const open = (code: string) => {
    Current.router = { params: { code }, path: INVITE, $taroPath: INVITE, onReady: '', onHide: '', onShow: '' }
    return renderPage(StaffInvitePage, INVITE)
  }

  test('says which community and who invites; 接受邀请 makes the account staff and opens 我的', async () => {
    api.on('GET /api/staff-invites/inv-new', () => json({ communityName: '联通社区', inviterName: '赵磊', note: '第三网格网格员 王芳', expiresAt: '2026-11-24T10:00:00+08:00' }))
    api.on('POST /api/staff-invites/inv-new/accept', () => json({ communityId: 7 }))
    open('inv-new')
    expect(await screen.findByText('赵磊邀请您成为联通社区的工作人员')).toBeTruthy()
    fireEvent.click(screen.getByText('接受邀请'))
    await waitFor(() => expect(api.calls('POST /api/staff-invites/inv-new/accept')).toHaveLength(1))
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/me/index' }))
  })

  test('a refusal is said in the server’s words; a spent invitation offers nothing', async () => {
    api.on('GET /api/staff-invites/inv-self', () => json({ communityName: '联通社区', inviterName: '赵磊', note: '', expiresAt: '2026-11-24T10:00:00+08:00' }))
    api.on('POST /api/staff-invites/inv-self/accept', () => apiError(403, 'SELF_APPROVAL_FORBIDDEN', '不能接受自己发出的邀请，请把它发给要邀请的工作人员'))
    const page = open('inv-self')
    fireEvent.click(await screen.findByText('接受邀请'))
    expect(await screen.findByText('不能接受自己发出的邀请，请把它发给要邀请的工作人员')).toBeTruthy()
    page.unmount()

    api.on('GET /api/staff-invites/inv-used', () => apiError(409, 'INVITE_USED', '这个邀请已经用过了，请让对方重新分享'))
    open('inv-used')
    expect(await screen.findByText('邀请已失效')).toBeTruthy()
    expect(screen.queryByText('接受邀请')).toBeNull()
  })
})
