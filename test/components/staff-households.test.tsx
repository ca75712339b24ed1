import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test, vi } from 'vitest'
import StaffHouseholdsPage from '../../src/packages/staff/households/index'
import type { StaffHousehold } from '../../types/api/people'
import { apiError, json, me, renderPage, useFakeApi } from './support'
import { households } from './points-fixtures'

const PATH = '/packages/staff/households/index'
const api = useFakeApi()
const staff = me({ name: '赵敏', roles: ['staff'], staffCommunityIds: [7] })

function household(over: Partial<StaffHousehold> = {}): StaffHousehold {
  return {
    id: 11,
    communityId: 7,
    address: '联通社区 第三网格 联通小区 3号楼 2单元 301',
    members: [
      { personId: 21, name: '王秀兰', relationship: 'head', phone: '13845675678', phoneMasked: '138****5678', hasAccount: true },
      { personId: 22, name: '李明', relationship: 'child', phone: null, phoneMasked: null, hasAccount: false },
    ],
    ...over,
  }
}

/** Searches for 王秀兰 and opens her household's members. */
async function openHousehold() {
  api.on('GET /api/me', () => json(staff))
  api.on('GET /api/staff/households', () => json(households()))
  api.on('GET /api/staff/households/11', () => json(household()))
  renderPage(StaffHouseholdsPage, PATH)
  await screen.findByText('查找住户')
  fireEvent.input(document.querySelector('input[placeholder="姓名、手机号后四位或门牌"]')!, { target: { value: '王秀兰' } })
  fireEvent.click(screen.getByText('搜索'))
  fireEvent.click(await screen.findByText('选择这户'))
  await screen.findByText('成员（2人）')
}

describe('住户管理', () => {
  test('finds a household and shows who lives there: relationship, phone to call, whether WeChat is bound', async () => {
    await openHousehold()
    const cards = [...document.querySelectorAll('.households-member')].map((c) => c.textContent)
    expect(cards[0]).toContain('王秀兰户主已绑定微信')
    expect(cards[1]).toContain('李明子女未绑定微信（台账登记）未登记手机号')
    const call = vi.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' } as never)
    fireEvent.click(screen.getByText('拨打 138****5678'))
    expect(call).toHaveBeenCalledWith({ phoneNumber: '13845675678' })
  })

  test('移出 asks first, removes with an Idempotency-Key, and shows the household as it is now', async () => {
    await openHousehold()
    const modal = vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    api.on('POST /api/staff/households/11/members/22/remove', () => json(household({ members: household().members.slice(0, 1) })))
    fireEvent.click(screen.getAllByText('移出这一户')[1]!)
    await screen.findByText('成员（1人）')
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '移出这一户', confirmText: '移出' })
    expect(api.calls('POST /api/staff/households/11/members/22/remove')[0]!.headers['idempotency-key']).toBeTruthy()
    expect(screen.queryByText('李明')).toBeNull()
  })

  test('a refusal says why (staff do not remove from their own household) and nothing changes', async () => {
    await openHousehold()
    vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    api.on('POST /api/staff/households/11/members/21/remove', () => apiError(403, 'SELF_DEALING_FORBIDDEN', '不能处理自己或家人的事项，请由其他工作人员处理'))
    fireEvent.click(screen.getAllByText('移出这一户')[0]!)
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '不能处理自己或家人的事项，请由其他工作人员处理' })))
    expect(screen.getByText('成员（2人）')).toBeTruthy()
  })

  test('a household that cannot be read says so and 重试 reads it again; 重新选择住户 goes back to the search', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/households', () => json(households()))
    api.once('GET /api/staff/households/11', () => apiError(429, 'RATE_LIMITED', '操作太频繁，请稍后再试'))
    api.on('GET /api/staff/households/11', () => json(household()))
    renderPage(StaffHouseholdsPage, PATH)
    fireEvent.input((await screen.findAllByPlaceholderText('姓名、手机号后四位或门牌'))[0]!, { target: { value: '301' } })
    fireEvent.click(screen.getByText('搜索'))
    fireEvent.click(await screen.findByText('选择这户'))
    expect(await screen.findByText('操作太频繁，请稍后再试')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('成员（2人）')
    fireEvent.click(screen.getByText('重新选择住户'))
    expect(await screen.findByText('查找住户')).toBeTruthy()
  })

  test('is for staff only', async () => {
    api.on('GET /api/me', () => json(me({ roles: ['resident'], staffCommunityIds: [] })))
    renderPage(StaffHouseholdsPage, PATH)
    expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
  })
})
