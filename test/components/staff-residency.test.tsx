import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import StaffResidencyPage from '../../src/packages/staff/residency/index'
import type { StaffResidencyApplication } from '../../types/api/people'
import { apiError, json, renderPage, useFakeApi } from './support'
import { staffMember } from './staff-booking-fixtures'

const PATH = '/packages/staff/residency/index'
const api = useFakeApi()

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

function item(over: Partial<StaffResidencyApplication> = {}): StaffResidencyApplication {
  return {
    id: 12,
    communityId: 7,
    communityName: '联通社区',
    address: '联通社区 第三网格 联通小区 3号楼 2单元 301',
    name: '孙桂芳',
    phone: '13955550001',
    birthYear: 1962,
    relationship: 'spouse',
    status: 'pending',
    rejectReason: null,
    createdAt: '2026-11-17T09:30:00+08:00',
    decidedAt: null,
    actions: ['approve', 'reject'],
    household: {
      id: 301,
      members: [
        { personId: 901, name: '周建国', relationship: 'head', birthYear: 1960, hasAccount: true, sameName: false },
        { personId: 902, name: '孙桂芳', relationship: 'spouse', birthYear: 1962, hasAccount: false, sameName: true },
        { personId: 903, name: '周小明', relationship: 'child', birthYear: 1990, hasAccount: false, sameName: false },
      ],
    },
    ...over,
  }
}

function serve(items: StaffResidencyApplication[]) {
  api.on('GET /api/me', () => json(staffMember))
  api.on('GET /api/staff/residency/applications', (call) => json({ items: call.query.get('status') === 'pending' ? items : [], nextCursor: null }))
}
const card = (name: string) => screen.getByText(name, { selector: '.residency-item__name' }).closest('.residency-item') as HTMLElement
const confirmModal = () => vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)

describe('住户认证审核', () => {
  test('each application with the number in clear and who the 台账 has at that address; the same name is chosen', async () => {
    serve([item()])
    renderPage(StaffResidencyPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.residency-item__name' })
    expect(api.calls('GET /api/staff/residency/applications')[0]!.query.get('communityId')).toBe('7')
    const c = card('孙桂芳')
    expect(c.textContent).toContain('手机号：13955550001')
    expect(c.textContent).toContain('与户主关系：配偶')
    expect(c.querySelector('.residency-item__ledger')!.textContent).toContain('周建国（户主） · 已绑定微信')
    // Who the applicant may be: the members without an account, or a new person; the same name chosen first.
    const options = [...c.querySelectorAll('.residency-item__who .choice-buttons__item')].map((b) => b.textContent)
    expect(options).toEqual(['孙桂芳', '周小明', '都不是，新建成员'])
    expect(c.querySelector('.choice-buttons__item--chosen')?.textContent).toBe('孙桂芳')
  })

  test('通过 binds the chosen person of the 台账, after saying so; the queue is read again', async () => {
    serve([item()])
    api.on('POST /api/staff/residency/applications/12/approve', () => json(item({ status: 'approved', actions: [] })))
    const modal = confirmModal()
    renderPage(StaffResidencyPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.residency-item__name' })
    fireEvent.click(within(card('孙桂芳')).getByText('通过'))
    await waitFor(() => expect(api.calls('POST /api/staff/residency/applications/12/approve')).toHaveLength(1))
    expect(api.calls('POST /api/staff/residency/applications/12/approve')[0]!.body).toEqual({ personId: 902 })
    expect(modal.mock.calls[0]![0]!.content).toBe('孙桂芳即台账中的“孙桂芳”，将绑定这位居民。')
    await waitFor(() => expect(api.calls('GET /api/staff/residency/applications').length).toBeGreaterThan(1))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已通过孙桂芳的住户认证' }))
  })

  test('通过 as a new person when none of them is the applicant, and a new household when the 台账 has none', async () => {
    serve([item(), item({ id: 13, name: '吴丽娟', household: null })])
    api.on('POST /api/staff/residency/applications/12/approve', () => json(item({ status: 'approved', actions: [] })))
    api.on('POST /api/staff/residency/applications/13/approve', () => json(item({ id: 13, status: 'approved', actions: [] })))
    const modal = confirmModal()
    renderPage(StaffResidencyPage, PATH)
    await screen.findByText('吴丽娟', { selector: '.residency-item__name' })
    fireEvent.click(within(card('孙桂芳')).getByText('都不是，新建成员'))
    fireEvent.click(within(card('孙桂芳')).getByText('通过'))
    await waitFor(() => expect(api.calls('POST /api/staff/residency/applications/12/approve')).toHaveLength(1))
    expect(api.calls('POST /api/staff/residency/applications/12/approve')[0]!.body).toEqual({})
    expect(modal.mock.calls[0]![0]!.content).toBe('将为孙桂芳建立居民档案，加入这一户。')

    expect(card('吴丽娟').textContent).toContain('台账中没有这个门牌：通过后将新建这一户。')
    fireEvent.click(within(card('吴丽娟')).getByText('通过'))
    await waitFor(() => expect(api.calls('POST /api/staff/residency/applications/13/approve')).toHaveLength(1))
    expect(modal.mock.calls[1]![0]!.content).toBe('将为吴丽娟建立居民档案，并在台账中新建这一户。')
  })

  test('不通过 needs a reason, which is sent', async () => {
    serve([item()])
    api.on('POST /api/staff/residency/applications/12/reject', () => json(item({ status: 'rejected', rejectReason: '信息与台账不符', actions: [] })))
    renderPage(StaffResidencyPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.residency-item__name' })
    fireEvent.click(within(card('孙桂芳')).getByText('不通过'))
    fireEvent.click(screen.getByText('确认不通过'))
    expect(await screen.findByText('请写明原因（至少2个字）')).toBeTruthy()
    fireEvent.input(screen.getByPlaceholderText('例如：台账中没有这户，请带户口本到党群服务中心'), { target: { value: '信息与台账不符' } })
    fireEvent.click(screen.getByText('确认不通过'))
    await waitFor(() => expect(api.calls('POST /api/staff/residency/applications/12/reject')).toHaveLength(1))
    expect(api.calls('POST /api/staff/residency/applications/12/reject')[0]!.body).toEqual({ reason: '信息与台账不符' })
  })

  test('a decision someone else made first is said in the server’s words and the queue read again', async () => {
    serve([item()])
    api.on('POST /api/staff/residency/applications/12/approve', () => apiError(409, 'RESIDENCY_STATE_CONFLICT', '申请当前的状态不能进行这个操作，请刷新后再看'))
    confirmModal()
    renderPage(StaffResidencyPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.residency-item__name' })
    fireEvent.click(within(card('孙桂芳')).getByText('通过'))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '申请当前的状态不能进行这个操作，请刷新后再看' })))
    await waitFor(() => expect(api.calls('GET /api/staff/residency/applications').length).toBeGreaterThan(1))
  })

  test('my own application offers me nothing to decide; an empty queue says so', async () => {
    serve([item({ actions: ['withdraw'] })])
    const page = renderPage(StaffResidencyPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.residency-item__name' })
    expect(within(card('孙桂芳')).queryByText('通过')).toBeNull()
    expect(card('孙桂芳').textContent).toContain('这是您自己的申请，请由其他工作人员审核。')
    page.unmount()

    serve([])
    renderPage(StaffResidencyPage, PATH)
    expect(await screen.findByText('没有待审核的申请')).toBeTruthy()
  })
})
