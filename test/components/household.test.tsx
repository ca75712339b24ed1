import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import HouseholdPage from '../../src/packages/account/household/index'
import JoinHouseholdPage from '../../src/packages/account/join/index'
import type { MyHousehold } from '../../types/api/people'
import { apiError, json, renderPage, useFakeApi } from './support'

const api = useFakeApi()

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

const household: MyHousehold = {
  household: {
    id: 301,
    communityId: 7,
    address: '联通社区 第三网格 联通小区 3号楼 2单元 301',
    members: [
      { personId: 901, name: '周建华', relationship: 'head', phoneMasked: '139****9999', hasAccount: true, isMe: true },
      { personId: 902, name: '孙桂芳', relationship: 'spouse', phoneMasked: null, hasAccount: false, isMe: false },
      { personId: 903, name: '周*', relationship: 'grandchild', phoneMasked: null, hasAccount: false, isMe: false },
    ],
  },
}

describe('我的家庭', () => {
  test('the address and everyone in it, with who has joined on their own phone', async () => {
    api.on('GET /api/household', () => json(household))
    renderPage(HouseholdPage, '/packages/account/household/index')
    expect(await screen.findByText('联通社区 第三网格 联通小区 3号楼 2单元 301')).toBeTruthy()
    expect(screen.getByText('家庭成员（3人）')).toBeTruthy()
    const rows = [...document.querySelectorAll('.household-member')].map((r) => r.textContent)
    expect(rows).toEqual(['周建华我户主 · 139****9999已加入', '孙桂芳配偶未加入', '周*孙子女未加入'])
  })

  test('邀请家人 makes an invitation; on H5 its link is shown to copy', async () => {
    api.on('GET /api/household', () => json(household))
    api.on('POST /api/household/invites', () => json({ code: 'inv-8f2a9c01', expiresAt: '2026-11-24T10:00:00+08:00', path: 'packages/account/join/index?code=inv-8f2a9c01' }, 201))
    const copy = vi.spyOn(Taro, 'setClipboardData').mockResolvedValue({ errMsg: 'setClipboardData:ok' } as never)
    renderPage(HouseholdPage, '/packages/account/household/index')
    fireEvent.click(await screen.findByText('邀请家人加入'))
    expect(await screen.findByText('邀请11月24日 10:00前有效，只能用一次')).toBeTruthy()
    expect(api.calls('POST /api/household/invites')[0]!.headers['idempotency-key']).toBeTruthy()
    const link = document.querySelector('.invite-share__link')!.textContent!
    expect(link).toMatch(/#\/packages\/account\/join\/index\?code=inv-8f2a9c01$/)
    fireEvent.click(screen.getByText('复制邀请链接'))
    expect(copy).toHaveBeenCalledWith({ data: link })
  })

  test('退出家庭 asks first, then leaves', async () => {
    let mine: MyHousehold = household
    api.on('GET /api/household', () => json(mine))
    api.on('POST /api/household/leave', () => {
      mine = { household: null }
      return json(mine)
    })
    const modal = vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    renderPage(HouseholdPage, '/packages/account/household/index')
    fireEvent.click(await screen.findByText('退出家庭'))
    await waitFor(() => expect(api.calls('POST /api/household/leave')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]!.content).toContain('积分留在这个家庭')
    expect(await screen.findByText('您还没有加入家庭')).toBeTruthy()
  })

  test('without a household: the way to 住户认证', async () => {
    api.on('GET /api/household', () => json({ household: null }))
    renderPage(HouseholdPage, '/packages/account/household/index')
    fireEvent.click(await screen.findByText('去住户认证'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/account/residency/index' })
  })
})

describe('加入家庭 (from a share card)', () => {
  const PATH = '/packages/account/join/index'
  const open = (code: string) => {
    Current.router = { params: { code }, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
    return renderPage(JoinHouseholdPage, PATH)
  }

  test('says who invites to where, and joins with the person’s name, phone and relationship', async () => {
    api.on('GET /api/household-invites/inv-8f2a9c01', () => json({ communityName: '联通社区', building: '联通小区 3号楼', inviterName: '周建华', expiresAt: '2026-11-24T10:00:00+08:00' }))
    api.on('POST /api/household-invites/inv-8f2a9c01/accept', () => json(household))
    open('inv-8f2a9c01')
    expect(await screen.findByText('周建华邀请您加入家庭')).toBeTruthy()
    expect(screen.getByText('联通社区 联通小区 3号楼')).toBeTruthy()
    fireEvent.click(screen.getByText('加入家庭'))
    expect([...document.querySelectorAll('.join .form-error')].map((e) => e.textContent)).toEqual(['请填写真实姓名（至少2个字）', '请填写手机号或使用微信手机号', '请选择与户主的关系'])
    fireEvent.input(screen.getByPlaceholderText('与户口本一致'), { target: { value: '周小雨' } })
    fireEvent.input(screen.getByPlaceholderText('请输入11位手机号'), { target: { value: '13955558888' } })
    fireEvent.click(screen.getByText('子女'))
    fireEvent.click(screen.getByText('加入家庭'))
    await waitFor(() => expect(api.calls('POST /api/household-invites/inv-8f2a9c01/accept')).toHaveLength(1))
    expect(api.calls('POST /api/household-invites/inv-8f2a9c01/accept')[0]!.body).toEqual({ name: '周小雨', phone: '13955558888', relationship: 'child' })
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/account/household/index' }))
  })

  test('a spent or expired invitation says so, and offers no form', async () => {
    api.on('GET /api/household-invites/inv-used0001', () => apiError(409, 'INVITE_USED', '这个邀请已经用过了，请让家人重新分享'))
    open('inv-used0001')
    expect(await screen.findByText('邀请已失效')).toBeTruthy()
    expect(screen.getByText('这个邀请已经用过了，请让家人重新分享')).toBeTruthy()
    expect(screen.queryByText('加入家庭')).toBeNull()
  })
})
