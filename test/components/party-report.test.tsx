import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import PartyReportPage from '../../src/packages/account/party-report/index'
import type { MyPartyReport, PartyReport } from '../../types/api/dual-reporting'
import { apiError, json, me, renderPage, useFakeApi } from './support'
import { pickFromAlbum } from './wish-fixtures'

const PATH = '/packages/account/party-report/index'
const api = useFakeApi()

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

function report(over: Partial<PartyReport> = {}): PartyReport {
  return {
    id: 12,
    communityId: 7,
    communityName: '联通社区',
    name: '王秀兰',
    workplace: '爱辉区人民检察院',
    partyOrganisation: '爱辉区人民检察院机关党支部',
    hasCard: false,
    status: 'pending',
    reason: null,
    createdAt: '2026-11-17T09:30:00+08:00',
    decidedAt: null,
    actions: ['withdraw'],
    ...over,
  }
}
const mine = (over: Partial<MyPartyReport> = {}): MyPartyReport => ({ report: null, isPartyMember: false, totals: null, ...over })

function serve(profile = me(), latest: MyPartyReport = mine()) {
  api.on('GET /api/me', () => json(profile))
  api.on('GET /api/party-reports/mine', () => json(latest))
}

const errors = () => [...document.querySelectorAll('.party-report-form .form-error')].map((el) => el.textContent)
const type = (placeholder: string, value: string) => fireEvent.input(screen.getByPlaceholderText(placeholder), { target: { value } })
const WORKPLACE = '如：爱辉区人民检察院'
const ORGANISATION = '如：爱辉区人民检察院机关党支部'

/** Taro.uploadFile answers each picture with the next upload's id. */
function fakeUploads(...ids: number[]) {
  return vi.spyOn(Taro, 'uploadFile').mockImplementation(() => {
    const answer = Promise.resolve({ statusCode: 201, data: JSON.stringify({ id: ids.shift(), url: null }), errMsg: 'uploadFile:ok' })
    return Object.assign(answer, { progress: () => undefined }) as never
  })
}

describe('在职党员报到: reporting', () => {
  test('without a household: 住户认证 comes first', async () => {
    serve(me({ household: null, roles: [] }))
    renderPage(PartyReportPage, PATH)
    expect(await screen.findByText('请先完成住户认证')).toBeTruthy()
    expect(screen.queryByText('提交报到')).toBeNull()
    fireEvent.click(screen.getByText('去住户认证'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/account/residency/index' })
  })

  test('an empty form says under each field what is missing and sends nothing', async () => {
    serve()
    renderPage(PartyReportPage, PATH)
    fireEvent.click(await screen.findByText('提交报到'))
    expect(errors()).toEqual(['请填写工作单位（至少2个字）', '请填写所在党组织（至少2个字）'])
    type(WORKPLACE, '检'.repeat(41))
    type(ORGANISATION, '支部')
    fireEvent.click(screen.getByText('提交报到'))
    expect(errors()).toEqual(['工作单位最多40个字'])
    expect(api.calls('POST /api/party-reports')).toHaveLength(0)
  })

  test('工作单位, 党组织 and a private photo of the 党员证: the contract’s body, once; then it waits for the community', async () => {
    serve()
    api.on('POST /api/party-reports', () => json(mine({ report: report({ hasCard: true }) }), 201))
    pickFromAlbum('blob:card')
    const uploads = fakeUploads(55)
    renderPage(PartyReportPage, PATH)
    await screen.findByText('提交报到')
    expect(document.querySelector('.dual-form__community')?.textContent).toBe('联通社区')
    // Only the community's staff see it: the form says so.
    expect(screen.getByText('照片只有本社区的工作人员可以查看，仅用于核对党员身份，不会公开。')).toBeTruthy()
    type(WORKPLACE, ' 爱辉区人民检察院 ')
    type(ORGANISATION, '爱辉区人民检察院机关党支部')
    fireEvent.click(screen.getByText('上传照片（还可添加1张）'))
    await waitFor(() => expect(document.querySelectorAll('.photo-picker__remove')).toHaveLength(1))
    expect(uploads.mock.calls[0]![0]).toMatchObject({ url: '/api/uploads?purpose=party_card' })
    // The private picture has no URL: its tile shows the file picked on the phone; one photo at most.
    expect(document.querySelector('.photo-picker__image img')?.getAttribute('src')).toBe('blob:card')
    expect(screen.queryByText(/还可添加/)).toBeNull()
    fireEvent.click(screen.getByText('提交报到'))

    await waitFor(() => expect(api.calls('POST /api/party-reports')).toHaveLength(1))
    const [call] = api.calls('POST /api/party-reports')
    expect(call!.body).toEqual({ workplace: '爱辉区人民检察院', partyOrganisation: '爱辉区人民检察院机关党支部', cardPhotoId: 55 })
    expect(call!.headers['idempotency-key']).toBeTruthy()
    expect(await screen.findByText('待社区确认')).toBeTruthy()
    expect(document.querySelector('.party-report-status')!.textContent).toContain('已上传')
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已提交，等待社区确认' }))
  })

  test('the server’s refusals land on their fields or above the button', async () => {
    serve()
    api.once('POST /api/party-reports', () =>
      json({ code: 'VALIDATION_FAILED', message: '提交的内容有误', details: [{ path: 'body.partyOrganisation', message: '党组织名称最多60个字' }] }, 400),
    )
    api.once('POST /api/party-reports', () => apiError(409, 'PARTY_REPORT_EXISTS', '您已向社区报到，请等待社区确认'))
    renderPage(PartyReportPage, PATH)
    await screen.findByText('提交报到')
    type(WORKPLACE, '爱辉区人民检察院')
    type(ORGANISATION, '爱辉区人民检察院机关党支部')
    fireEvent.click(screen.getByText('提交报到'))
    await waitFor(() => expect(document.querySelector('.form-error--partyOrganisation')?.textContent).toBe('党组织名称最多60个字'))
    expect(document.querySelector('.form-error--workplace')).toBeNull()
    fireEvent.click(screen.getByText('提交报到'))
    await waitFor(() => expect(document.querySelector('.dual-form__error')?.textContent).toBe('您已向社区报到，请等待社区确认'))
    // Reported already: the page reads where it stands again.
    await waitFor(() => expect(api.calls('GET /api/party-reports/mine').length).toBeGreaterThan(1))
  })
})

describe('在职党员报到: where it stands', () => {
  test('waiting: what was sent, the photo opened with the session, and 撤回 asks first', async () => {
    serve(me(), mine({ report: report({ hasCard: true }) }))
    api.on('GET /api/party-reports/12/card', () => new Response(new Uint8Array([137, 80, 78, 71]), { status: 200, headers: { 'content-type': 'image/png' } }))
    api.on('POST /api/party-reports/12/withdraw', () => json(mine({ report: report({ status: 'withdrawn', actions: [] }) })))
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:card-12'), revokeObjectURL: vi.fn() })
    const preview = vi.spyOn(Taro, 'previewImage').mockResolvedValue({ errMsg: 'previewImage:ok' })
    const modal = vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    renderPage(PartyReportPage, PATH)
    expect(await screen.findByText('待社区确认')).toBeTruthy()
    const facts = document.querySelector('.party-report-status')!.textContent
    for (const text of ['联通社区', '爱辉区人民检察院', '爱辉区人民检察院机关党支部', '已上传', '11月17日 09:30']) expect(facts).toContain(text)

    fireEvent.click(screen.getByText('查看'))
    await waitFor(() => expect(preview).toHaveBeenCalledWith({ urls: ['blob:card-12'], current: 'blob:card-12' }))
    expect(api.calls('GET /api/party-reports/12/card')[0]!.headers.authorization).toBe('Bearer token-1')

    fireEvent.click(screen.getByText('撤回报到'))
    await waitFor(() => expect(api.calls('POST /api/party-reports/12/withdraw')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '撤回报到', confirmText: '撤回' })
    // Withdrawn: the form again, filled with what was sent.
    expect(await screen.findByText('提交报到')).toBeTruthy()
    expect((screen.getByPlaceholderText(WORKPLACE) as HTMLInputElement).value).toBe('爱辉区人民检察院')
  })

  test('a report without a photo says 未上传', async () => {
    serve(me(), mine({ report: report() }))
    renderPage(PartyReportPage, PATH)
    await screen.findByText('待社区确认')
    expect(document.querySelector('.party-report-status')!.textContent).toContain('未上传')
    expect(screen.queryByText('查看')).toBeNull()
  })

  test('confirmed: 已报到 with the community and what the member has done', async () => {
    serve(
      me({ roles: ['resident', 'party_member'] }),
      mine({ report: report({ status: 'approved', actions: [], decidedAt: '2026-11-18T10:00:00+08:00' }), isPartyMember: true, totals: { wishesFulfilled: 2, activities: 3, hours: 4.5 } }),
    )
    renderPage(PartyReportPage, PATH)
    expect(await screen.findByText('已向联通社区报到')).toBeTruthy()
    expect(screen.getByText('已报到')).toBeTruthy()
    expect(screen.getByText('认领完成心愿2个 · 参加活动3次 · 服务4.5小时')).toBeTruthy()
    expect(screen.queryByText('提交报到')).toBeNull()
    fireEvent.click(screen.getByText('去认领心愿'))
    expect(Taro.switchTab).toHaveBeenLastCalledWith({ url: '/pages/wishes/index' })
  })

  test('rejected or ended: the reason, and the form to report again', async () => {
    serve(me(), mine({ report: report({ status: 'rejected', reason: '党组织名称与组织关系不符', actions: [] }) }))
    const page = renderPage(PartyReportPage, PATH)
    expect(await screen.findByText('上次报到未通过')).toBeTruthy()
    expect(screen.getByText('原因：党组织名称与组织关系不符')).toBeTruthy()
    expect((screen.getByPlaceholderText(ORGANISATION) as HTMLInputElement).value).toBe('爱辉区人民检察院机关党支部')
    page.unmount()

    serve(me(), mine({ report: report({ status: 'revoked', reason: '组织关系已转出本区', actions: [] }) }))
    renderPage(PartyReportPage, PATH)
    expect(await screen.findByText('您的报到已结束')).toBeTruthy()
    expect(screen.getByText('原因：组织关系已转出本区')).toBeTruthy()
    expect(screen.getByText('提交报到')).toBeTruthy()
  })

  test('a failure to load says so, and 重试 asks again', async () => {
    serve()
    api.once('GET /api/party-reports/mine', () => apiError(429, 'RATE_LIMITED', '操作太频繁，请稍后再试'))
    renderPage(PartyReportPage, PATH)
    expect(await screen.findByText('操作太频繁，请稍后再试')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('提交报到')).toBeTruthy()
  })
})
