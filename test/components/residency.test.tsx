import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import ResidencyPage from '../../src/packages/account/residency/index'
import type { AddressBook, ResidencyApplication } from '../../types/api/people'
import { apiError, json, lianTong, me, renderPage, useFakeApi } from './support'

const PATH = '/packages/account/residency/index'
const api = useFakeApi()

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

const newcomer = me({ name: '微信用户', roles: [], household: null, phoneMasked: null })
const book: AddressBook = {
  communityId: 7,
  buildings: [
    { id: 31, estate: '联通小区', name: '3号楼', gridName: '第三网格', units: [{ unitNo: '1单元', roomNos: ['101', '102'] }, { unitNo: '2单元', roomNos: ['301'] }] },
    { id: 32, estate: '电业小区', name: '5号楼', gridName: '第五网格', units: [{ unitNo: '1单元', roomNos: ['201'] }] },
  ],
}
function application(over: Partial<ResidencyApplication> = {}): ResidencyApplication {
  return {
    id: 12,
    communityId: 7,
    communityName: '联通社区',
    address: '联通社区 第三网格 联通小区 3号楼 2单元 301',
    name: '孙桂芳',
    phone: '139****0001',
    birthYear: 1962,
    relationship: 'head',
    status: 'pending',
    rejectReason: null,
    createdAt: '2026-11-17T09:30:00+08:00',
    decidedAt: null,
    actions: ['withdraw'],
    ...over,
  }
}

function serve(profile = newcomer, latest: ResidencyApplication | null = null) {
  api.on('GET /api/me', () => json(profile))
  api.on('GET /api/residency/mine', () => json({ application: latest }))
  api.on('GET /api/communities/7/address-book', () => json(book))
  api.on('GET /api/reminders/templates', () => json({ templates: {} }))
}

const errors = () => [...document.querySelectorAll('.residency-form .form-error')].map((el) => el.textContent)
const type = (placeholder: string, value: string) => fireEvent.input(screen.getByPlaceholderText(placeholder), { target: { value } })
const choose = (container: string, label: string) => fireEvent.click(within(document.querySelector(container) as HTMLElement).getByText(label))

async function pickBuilding() {
  fireEvent.click(screen.getByText('请选择楼栋'))
  fireEvent.click(await screen.findByText('确定'))
  await screen.findByText('联通小区 3号楼')
}

describe('住户认证: applying', () => {
  test('an empty form says under each field what is missing and sends nothing', async () => {
    serve()
    renderPage(ResidencyPage, PATH)
    await screen.findByText('提交认证申请')
    expect(document.querySelector('.residency-form__community')?.textContent).toBe('联通社区')
    fireEvent.click(screen.getByText('提交认证申请'))
    expect(errors()).toEqual(['请选择楼栋', '请填写真实姓名（至少2个字）', '请填写手机号或使用微信手机号', '请选择与户主的关系'])
    expect(api.calls('POST /api/residency/applications')).toHaveLength(0)
  })

  test('楼栋 › 单元 › 门牌 from the community’s own buildings, then the person: the contract’s body, once', async () => {
    serve()
    api.on('POST /api/residency/applications', () => json(application(), 201))
    renderPage(ResidencyPage, PATH)
    await screen.findByText('提交认证申请')
    await pickBuilding()
    choose('.residency-form__units', '2单元')
    choose('.residency-form__rooms', '301')
    type('与户口本一致', ' 孙桂芳 ')
    type('请输入11位手机号', '13955550001')
    choose('.residency-form__relationship', '户主')
    type('如1958', '1962')
    fireEvent.click(screen.getByText('提交认证申请'))

    await waitFor(() => expect(api.calls('POST /api/residency/applications')).toHaveLength(1))
    const [call] = api.calls('POST /api/residency/applications')
    expect(call!.body).toEqual({ communityId: 7, buildingId: 31, unitNo: '2单元', roomNo: '301', name: '孙桂芳', phone: '13955550001', relationship: 'head', birthYear: 1962 })
    expect(call!.headers['idempotency-key']).toBeTruthy()
    // Sent: the page now shows the application waiting.
    expect(await screen.findByText('审核中')).toBeTruthy()
    expect(document.querySelector('.residency-status')!.textContent).toContain('联通社区 第三网格 联通小区 3号楼 2单元 301')
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已提交，等待社区审核' }))
  })

  test('a flat the 台账 lacks is typed in; a bad birth year is caught', async () => {
    serve()
    api.on('POST /api/residency/applications', () => json(application(), 201))
    renderPage(ResidencyPage, PATH)
    await screen.findByText('提交认证申请')
    await pickBuilding()
    fireEvent.click(screen.getByText('列表里没有我家？手动填写单元和门牌号 ›'))
    type('单元，如3单元', '3单元')
    type('门牌号，如502', '602')
    type('与户口本一致', '孙桂芳')
    type('请输入11位手机号', '13955550001')
    choose('.residency-form__relationship', '配偶')
    type('如1958', '62')
    fireEvent.click(screen.getByText('提交认证申请'))
    expect(errors()).toEqual(['请填写4位出生年份，如1958'])
    type('如1958', '')
    fireEvent.click(screen.getByText('提交认证申请'))
    await waitFor(() => expect(api.calls('POST /api/residency/applications')).toHaveLength(1))
    expect(api.calls('POST /api/residency/applications')[0]!.body).toEqual({ communityId: 7, buildingId: 31, unitNo: '3单元', roomNo: '602', name: '孙桂芳', phone: '13955550001', relationship: 'spouse' })
  })

  test('the server’s refusals land on their fields or above the button', async () => {
    serve()
    api.once('POST /api/residency/applications', () =>
      json({ code: 'VALIDATION_FAILED', message: '提交的内容有误：请从本社区的楼栋中选择', details: [{ path: 'body.buildingId', message: '请从本社区的楼栋中选择' }] }, 400),
    )
    api.once('POST /api/residency/applications', () => apiError(409, 'RESIDENCY_PENDING', '您已提交住户认证申请，请等待社区审核'))
    renderPage(ResidencyPage, PATH)
    await screen.findByText('提交认证申请')
    await pickBuilding()
    choose('.residency-form__units', '1单元')
    choose('.residency-form__rooms', '101')
    type('与户口本一致', '孙桂芳')
    type('请输入11位手机号', '13955550001')
    choose('.residency-form__relationship', '户主')
    fireEvent.click(screen.getByText('提交认证申请'))
    await waitFor(() => expect(errors()).toEqual(['请从本社区的楼栋中选择']))
    fireEvent.click(screen.getByText('提交认证申请'))
    await waitFor(() => expect(document.querySelector('.residency-form__error')?.textContent).toBe('您已提交住户认证申请，请等待社区审核'))
  })

  test('an account not yet in a community chooses one first, and the choice is kept on the server', async () => {
    let profile = me({ name: '微信用户', roles: [], household: null, community: null })
    api.on('GET /api/me', () => json(profile))
    api.on('GET /api/residency/mine', () => json({ application: null }))
    api.on('GET /api/communities', () => json({ items: [{ ...lianTong, address: '联通路12号', distanceMeters: null }] }))
    api.on('PUT /api/me/community', () => {
      profile = { ...profile, community: lianTong }
      return new Response(null, { status: 204 })
    })
    api.on('GET /api/communities/7/address-book', () => json(book))
    api.on('GET /api/reminders/templates', () => json({ templates: {} }))
    renderPage(ResidencyPage, PATH)
    fireEvent.click(await screen.findByText('联通社区'))
    await waitFor(() => expect(api.calls('PUT /api/me/community')).toHaveLength(1))
    expect(api.calls('PUT /api/me/community')[0]!.body).toEqual({ communityId: 7 })
    expect(await screen.findByText('提交认证申请')).toBeTruthy()
  })
})

describe('住户认证: where it stands', () => {
  test('waiting: the application as sent, and 撤回 asks first', async () => {
    serve(newcomer, application())
    api.on('POST /api/residency/applications/12/withdraw', () => json(application({ status: 'withdrawn', actions: [] })))
    const modal = vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    renderPage(ResidencyPage, PATH)
    expect(await screen.findByText('审核中')).toBeTruthy()
    const facts = document.querySelector('.residency-status')!.textContent
    for (const text of ['孙桂芳', '139****0001', '户主', '11月17日 09:30']) expect(facts).toContain(text)
    fireEvent.click(screen.getByText('撤回申请'))
    await waitFor(() => expect(api.calls('POST /api/residency/applications/12/withdraw')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '撤回申请', confirmText: '撤回' })
    // Withdrawn: the form again, to apply anew.
    expect(await screen.findByText('提交认证申请')).toBeTruthy()
  })

  test('rejected: the reason, and the form with the name kept', async () => {
    serve(newcomer, application({ status: 'rejected', rejectReason: '台账中没有这户，请带户口本到党群服务中心', actions: [] }))
    renderPage(ResidencyPage, PATH)
    expect(await screen.findByText('上次申请未通过')).toBeTruthy()
    expect(screen.getByText('原因：台账中没有这户，请带户口本到党群服务中心')).toBeTruthy()
    expect(((await screen.findByPlaceholderText('与户口本一致')) as HTMLInputElement).value).toBe('孙桂芳')
  })

  test('verified: the household, a way to it, and 搬家 to apply for another address', async () => {
    serve(me())
    renderPage(ResidencyPage, PATH)
    expect(await screen.findByText('您已完成住户认证')).toBeTruthy()
    expect(screen.getByText('联通社区 第三网格 联通小区 3号楼 2单元 301')).toBeTruthy()
    fireEvent.click(screen.getByText('我的家庭'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/account/household/index' })
    fireEvent.click(screen.getByText('搬家了，重新认证住址'))
    expect(await screen.findByText('提交认证申请')).toBeTruthy()
    expect(document.querySelector('.residency-intro')!.textContent).toContain('原家庭的积分留在原家庭')
  })
})
