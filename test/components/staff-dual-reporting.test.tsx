import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import StaffDualReportingPage from '../../src/packages/staff/dual-reporting/index'
import type { StaffPartyReport, StaffUnit } from '../../types/api/dual-reporting'
import { apiError, heping, json, lianTong, me, pullDownToRefresh, renderPage, useFakeApi } from './support'
import { staffMember } from './staff-booking-fixtures'

const PATH = '/packages/staff/dual-reporting/index'
const api = useFakeApi()

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

function report(over: Partial<StaffPartyReport> = {}): StaffPartyReport {
  return {
    id: 12,
    communityId: 7,
    communityName: '联通社区',
    name: '孙桂芳',
    workplace: '爱辉区人民检察院',
    partyOrganisation: '爱辉区人民检察院机关党支部',
    hasCard: true,
    status: 'pending',
    reason: null,
    createdAt: '2026-11-17T09:30:00+08:00',
    decidedAt: null,
    actions: ['approve', 'reject'],
    address: '联通社区 第三网格 联通小区 3号楼 2单元 301',
    phone: '13955550001',
    totals: null,
    ...over,
  }
}
function unit(over: Partial<StaffUnit> = {}): StaffUnit {
  return {
    id: 4,
    communityId: 7,
    communityName: '联通社区',
    name: '黑河学院后勤服务中心',
    creditCode: '91350100M000100Y43',
    contactName: '孙志强',
    contactPhone: '13945671234',
    status: 'pending',
    rejectReason: null,
    createdAt: '2026-11-16T14:00:00+08:00',
    decidedAt: null,
    actions: ['approve', 'reject'],
    members: 0,
    totals: null,
    ...over,
  }
}

const inForce = report({ id: 13, name: '刘建华', status: 'approved', hasCard: false, actions: ['revoke'], decidedAt: '2026-11-18T10:00:00+08:00', totals: { wishesFulfilled: 2, activities: 3, hours: 4.5 } })
const approvedUnit = unit({ id: 5, name: '黑河市中医院', status: 'approved', actions: [], decidedAt: '2026-08-01T10:00:00+08:00', members: 3, totals: { wishesFulfilled: 6, activities: 11, hours: 30 } })

function serve({ reports = [report()], units = [unit()], profile = staffMember }: { reports?: StaffPartyReport[]; units?: StaffUnit[]; profile?: ReturnType<typeof me> } = {}) {
  api.on('GET /api/me', () => json(profile))
  api.on('GET /api/staff/party-reports', (call) => json({ items: call.query.get('status') === 'approved' ? [inForce] : reports, nextCursor: null }))
  api.on('GET /api/staff/units', (call) => json({ items: call.query.get('status') === 'approved' ? [approvedUnit] : units, nextCursor: null }))
}
const card = (name: string) => screen.getByText(name, { selector: '.dual-item__name' }).closest('.dual-item') as HTMLElement
const confirmModal = () => vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)

describe('双报到审核: 党员报到', () => {
  test('each report waiting with the address, the number in clear (to call), the workplace and the 党组织', async () => {
    serve()
    const call = vi.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' })
    renderPage(StaffDualReportingPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.dual-item__name' })
    const [first] = api.calls('GET /api/staff/party-reports')
    expect([first!.query.get('communityId'), first!.query.get('status')]).toEqual(['7', 'pending'])
    const c = card('孙桂芳')
    for (const text of ['待社区确认', '联通社区 第三网格 联通小区 3号楼 2单元 301', '工作单位：爱辉区人民检察院', '所在党组织：爱辉区人民检察院机关党支部', '提交于11月17日 09:30']) {
      expect(c.textContent).toContain(text)
    }
    fireEvent.click(within(c).getByText('拨打 139****0001'))
    expect(call).toHaveBeenCalledWith({ phoneNumber: '13955550001' })
  })

  test('查看党员证 downloads the photo with the session and previews it', async () => {
    serve()
    api.on('GET /api/party-reports/12/card', () => new Response(new Uint8Array([137, 80, 78, 71]), { status: 200, headers: { 'content-type': 'image/png' } }))
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:card-12'), revokeObjectURL: vi.fn() })
    const preview = vi.spyOn(Taro, 'previewImage').mockResolvedValue({ errMsg: 'previewImage:ok' })
    renderPage(StaffDualReportingPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.dual-item__name' })
    fireEvent.click(within(card('孙桂芳')).getByText('查看党员证'))
    await waitFor(() => expect(preview).toHaveBeenCalledWith({ urls: ['blob:card-12'], current: 'blob:card-12' }))
    const [download] = api.calls('GET /api/party-reports/12/card')
    expect(download!.headers.authorization).toBe('Bearer token-1')
    const blob = (URL.createObjectURL as unknown as { mock: { calls: [Blob][] } }).mock.calls[0]![0]
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array([137, 80, 78, 71]))
  })

  test('in WeChat the photo is downloaded with the session to a temporary file and previewed from there', async () => {
    serve()
    vi.stubEnv('TARO_ENV', 'weapp')
    vi.spyOn(Taro, 'onNeedPrivacyAuthorization').mockImplementation(() => undefined)
    api.on('GET /api/reminders/templates', () => json({ templates: {} }))
    const download = vi.spyOn(Taro, 'downloadFile').mockResolvedValue({ statusCode: 200, tempFilePath: 'wxfile://tmp/card.png', errMsg: 'downloadFile:ok' } as never)
    const preview = vi.spyOn(Taro, 'previewImage').mockResolvedValue({ errMsg: 'previewImage:ok' })
    renderPage(StaffDualReportingPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.dual-item__name' })
    fireEvent.click(within(card('孙桂芳')).getByText('查看党员证'))
    await waitFor(() => expect(preview).toHaveBeenCalledWith({ urls: ['wxfile://tmp/card.png'], current: 'wxfile://tmp/card.png' }))
    expect(download.mock.calls[0]![0]).toMatchObject({ url: expect.stringMatching(/\/api\/party-reports\/12\/card$/), header: { authorization: 'Bearer token-1' } })
  })

  test('a photo the server will not give is said in its words', async () => {
    serve()
    api.on('GET /api/party-reports/12/card', () => apiError(404, 'NOT_FOUND', '您要找的内容不存在'))
    const preview = vi.spyOn(Taro, 'previewImage').mockResolvedValue({ errMsg: 'previewImage:ok' })
    renderPage(StaffDualReportingPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.dual-item__name' })
    fireEvent.click(within(card('孙桂芳')).getByText('查看党员证'))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '您要找的内容不存在' })))
    expect(preview).not.toHaveBeenCalled()
  })

  test('通过 after saying so: the lists and the 工作台’s counts are read again', async () => {
    serve()
    api.on('POST /api/staff/party-reports/12/approve', () => json(report({ status: 'approved', actions: ['revoke'] })))
    const modal = confirmModal()
    renderPage(StaffDualReportingPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.dual-item__name' })
    fireEvent.click(within(card('孙桂芳')).getByText('通过'))
    await waitFor(() => expect(api.calls('POST /api/staff/party-reports/12/approve')).toHaveLength(1))
    expect(api.calls('POST /api/staff/party-reports/12/approve')[0]!.headers['idempotency-key']).toBeTruthy()
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '确认党员报到', confirmText: '确认' })
    await waitFor(() => expect(api.calls('GET /api/staff/party-reports').length).toBeGreaterThan(1))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已确认孙桂芳的党员报到' }))
  })

  test('不通过 needs a reason, which is sent', async () => {
    serve()
    api.on('POST /api/staff/party-reports/12/reject', () => json(report({ status: 'rejected', reason: '党组织名称与组织关系不符', actions: [] })))
    renderPage(StaffDualReportingPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.dual-item__name' })
    fireEvent.click(within(card('孙桂芳')).getByText('不通过'))
    fireEvent.click(screen.getByText('确认不通过'))
    expect(await screen.findByText('请写明原因（至少2个字）')).toBeTruthy()
    expect(api.calls('POST /api/staff/party-reports/12/reject')).toHaveLength(0)
    fireEvent.input(screen.getByPlaceholderText('例如：所在党组织与组织关系不符，请核对后重新报到'), { target: { value: '党组织名称与组织关系不符' } })
    fireEvent.click(screen.getByText('确认不通过'))
    await waitFor(() => expect(api.calls('POST /api/staff/party-reports/12/reject')).toHaveLength(1))
    expect(api.calls('POST /api/staff/party-reports/12/reject')[0]!.body).toEqual({ reason: '党组织名称与组织关系不符' })
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已退回，报到人会收到原因' }))
  })

  test('已报到: each member in force with what they have done, and 结束报到 with a reason', async () => {
    serve()
    api.on('POST /api/staff/party-reports/13/revoke', () => json({ ...inForce, status: 'revoked', reason: '组织关系已转出本区', actions: [] }))
    renderPage(StaffDualReportingPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.dual-item__name' })
    fireEvent.click(screen.getByText('已报到'))
    await screen.findByText('刘建华', { selector: '.dual-item__name' })
    expect(api.calls('GET /api/staff/party-reports').at(-1)!.query.get('status')).toBe('approved')
    const c = card('刘建华')
    expect(c.textContent).toContain('认领完成心愿2个 · 参加活动3次 · 服务4.5小时')
    expect(c.textContent).toContain('未上传党员证照片')
    expect(within(c).queryByText('通过')).toBeNull()
    fireEvent.click(within(c).getByText('结束报到'))
    fireEvent.input(screen.getByPlaceholderText('例如：已迁出本社区，或组织关系已转出'), { target: { value: '组织关系已转出本区' } })
    fireEvent.click(screen.getByText('确认结束报到'))
    await waitFor(() => expect(api.calls('POST /api/staff/party-reports/13/revoke')).toHaveLength(1))
    expect(api.calls('POST /api/staff/party-reports/13/revoke')[0]!.body).toEqual({ reason: '组织关系已转出本区' })
  })

  test('a decision someone else made first is said in the server’s words and the list read again', async () => {
    serve()
    api.on('POST /api/staff/party-reports/12/approve', () => apiError(409, 'REPORT_STATE_CONFLICT', '当前的状态不能进行这个操作，请刷新后再看'))
    confirmModal()
    renderPage(StaffDualReportingPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.dual-item__name' })
    fireEvent.click(within(card('孙桂芳')).getByText('通过'))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '当前的状态不能进行这个操作，请刷新后再看' })))
    await waitFor(() => expect(api.calls('GET /api/staff/party-reports').length).toBeGreaterThan(1))
  })

  test('my own report offers me nothing to decide; an empty list says so', async () => {
    serve({ reports: [report({ actions: [] })] })
    const page = renderPage(StaffDualReportingPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.dual-item__name' })
    expect(within(card('孙桂芳')).queryByText('通过')).toBeNull()
    expect(card('孙桂芳').textContent).toContain('这是您自己的报到，请由其他工作人员审核。')
    page.unmount()

    serve({ reports: [] })
    renderPage(StaffDualReportingPage, PATH)
    expect(await screen.findByText('没有待审核的党员报到')).toBeTruthy()
  })
})

describe('双报到审核: 驻区单位', () => {
  test('units waiting: name, credit code, contact to call, when; 通过 after saying so', async () => {
    serve()
    api.on('POST /api/staff/units/4/approve', () => json(unit({ status: 'approved', actions: [], members: 1 })))
    const modal = confirmModal()
    const call = vi.spyOn(Taro, 'makePhoneCall').mockResolvedValue({ errMsg: 'makePhoneCall:ok' })
    renderPage(StaffDualReportingPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.dual-item__name' })
    fireEvent.click(screen.getByText('驻区单位'))
    await screen.findByText('黑河学院后勤服务中心', { selector: '.dual-item__name' })
    const [first] = api.calls('GET /api/staff/units')
    expect([first!.query.get('communityId'), first!.query.get('status')]).toEqual(['7', 'pending'])
    const c = card('黑河学院后勤服务中心')
    for (const text of ['待社区审核', '统一社会信用代码：91350100M000100Y43', '联系人：孙志强', '提交于11月16日 14:00']) expect(c.textContent).toContain(text)
    fireEvent.click(within(c).getByText('拨打 139****1234'))
    expect(call).toHaveBeenCalledWith({ phoneNumber: '13945671234' })

    fireEvent.click(within(c).getByText('通过'))
    await waitFor(() => expect(api.calls('POST /api/staff/units/4/approve')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]!.content).toContain('登记人成为单位管理员')
    await waitFor(() => expect(api.calls('GET /api/staff/units').length).toBeGreaterThan(1))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已通过黑河学院后勤服务中心的报到' }))
  })

  test('不通过 a unit with a reason; 已报到 units show their members and totals', async () => {
    serve()
    api.on('POST /api/staff/units/4/reject', () => json(unit({ status: 'rejected', rejectReason: '请填写单位全称', actions: [] })))
    renderPage(StaffDualReportingPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.dual-item__name' })
    fireEvent.click(screen.getByText('驻区单位'))
    await screen.findByText('黑河学院后勤服务中心', { selector: '.dual-item__name' })
    fireEvent.click(within(card('黑河学院后勤服务中心')).getByText('不通过'))
    fireEvent.input(screen.getByPlaceholderText('例如：单位名称与营业执照不一致，请填写全称'), { target: { value: '请填写单位全称' } })
    fireEvent.click(screen.getByText('确认不通过'))
    await waitFor(() => expect(api.calls('POST /api/staff/units/4/reject')).toHaveLength(1))
    expect(api.calls('POST /api/staff/units/4/reject')[0]!.body).toEqual({ reason: '请填写单位全称' })

    fireEvent.click(screen.getByText('已报到'))
    await screen.findByText('黑河市中医院', { selector: '.dual-item__name' })
    expect(card('黑河市中医院').textContent).toContain('成员3人 · 认领完成心愿6个 · 参加活动11次 · 服务30小时')
    expect(within(card('黑河市中医院')).queryByText('通过')).toBeNull()
  })
})

describe('双报到审核: who and which community', () => {
  test('not staff: the page is not for them, and nothing is asked', async () => {
    api.on('GET /api/me', () => json(me()))
    renderPage(StaffDualReportingPage, PATH)
    expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
    expect(api.calls('GET /api/staff/party-reports')).toHaveLength(0)
  })

  test('the admin chooses the community', async () => {
    serve({ profile: me({ roles: ['admin'], community: null, staffCommunityIds: [7, 9] }) })
    api.on('GET /api/communities', () => json({ items: [{ ...lianTong, address: '联通路12号', distanceMeters: null }, { ...heping, address: '和平路8号', distanceMeters: null }] }))
    renderPage(StaffDualReportingPage, PATH)
    await screen.findByText('孙桂芳', { selector: '.dual-item__name' })
    // The community picker appears once the communities are read, which may be after the list.
    const picker = await waitFor(() => {
      const element = document.querySelector<HTMLElement>('.staff-gate__communities')
      if (!element) throw new Error('no community picker yet')
      return element
    })
    fireEvent.click(await within(picker).findByText('和平社区'))
    await waitFor(() => expect(api.calls('GET /api/staff/party-reports').map((c) => c.query.get('communityId'))).toEqual(['7', '9']))
  })

  test('a failed list says so and 重试 asks again; pulling down reads it again', async () => {
    serve()
    api.once('GET /api/staff/party-reports', () => apiError(429, 'RATE_LIMITED', '操作太频繁，请稍后再试'))
    renderPage(StaffDualReportingPage, PATH)
    expect(await screen.findByText('操作太频繁，请稍后再试')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('孙桂芳', { selector: '.dual-item__name' })
    const reads = api.calls('GET /api/staff/party-reports').length
    pullDownToRefresh()
    await waitFor(() => expect(api.calls('GET /api/staff/party-reports').length).toBeGreaterThan(reads))
    await waitFor(() => expect(Taro.stopPullDownRefresh).toHaveBeenCalled())
  })
})
