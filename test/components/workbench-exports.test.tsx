import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import ExportsPage from '../../src/packages/workbench/exports/index'
import { elderMode } from '../../src/stores/preferences'
import { apiError, json, me, networkFailure, renderPage, useFakeApi } from './support'

const PATH = '/packages/workbench/exports/index'
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const api = useFakeApi()

function open(params: Record<string, string> = {}) {
  Current.router = { params, path: PATH, $taroPath: PATH, onReady: '', onHide: '', onShow: '' }
  return renderPage(ExportsPage, PATH)
}

const xlsx = () => new Response('xlsx-bytes', { status: 200, headers: { 'content-type': XLSX_TYPE } })
/** The query of each export asked for, as the server read it. */
const asked = (kind: string) => api.calls(`GET /api/staff/exports/${kind}`).map((c) => Object.fromEntries(c.query))

/** The browser's download: the link the page clicks, its file name. */
function catchDownloads() {
  const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:export', revokeObjectURL: () => undefined }))
  return () => clicks.mock.contexts.map((a) => (a as HTMLAnchorElement).download)
}

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
  api.on('GET /api/me', () => json(me({ name: '刘晓燕', roles: ['resident', 'staff'], staffCommunityIds: [7] })))
})

describe('导出台账', () => {
  test('the masked 微心愿台账 of this month downloads with the session, under a name that says what and when', async () => {
    api.on('GET /api/staff/exports/wishes', xlsx)
    const downloads = catchDownloads()
    open({ communityId: '7' })
    // TEST_NOW is 17 November 2026: 本月 runs from the 1st to today.
    expect(await screen.findByText('2026年11月1日 至 2026年11月17日')).toBeTruthy()
    fireEvent.click(screen.getByText('导出', { selector: '.nut-button-children' }))
    await waitFor(() => expect(downloads()).toEqual(['微心愿台账_2026-11-01至2026-11-17.xlsx']))
    expect(asked('wishes')).toEqual([{ communityId: '7', from: '2026-11-01', to: '2026-11-17', full: '0' }])
    expect(api.calls('GET /api/staff/exports/wishes')[0]!.headers.authorization).toBe('Bearer token-1')
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已开始下载' }))
  })

  test('the kind and the range chosen are what is asked for: 上月, 今年', async () => {
    api.on('GET /api/staff/exports/points-ledger', xlsx)
    api.on('GET /api/staff/exports/service-records', xlsx)
    const downloads = catchDownloads()
    open()
    fireEvent.click(await screen.findByText('积分明细'))
    fireEvent.click(screen.getByText('上月'))
    expect(screen.getByText('2026年10月1日 至 2026年10月31日')).toBeTruthy()
    fireEvent.click(screen.getByText('导出', { selector: '.nut-button-children' }))
    await waitFor(() => expect(asked('points-ledger')).toEqual([{ communityId: '7', from: '2026-10-01', to: '2026-10-31', full: '0' }]))

    fireEvent.click(screen.getByText('志愿服务记录'))
    fireEvent.click(screen.getByText('今年'))
    fireEvent.click(screen.getByText('导出', { selector: '.nut-button-children' }))
    await waitFor(() => expect(asked('service-records')).toEqual([{ communityId: '7', from: '2026-01-01', to: '2026-11-17', full: '0' }]))
    expect(downloads()).toEqual(['积分明细_2026-10-01至2026-10-31.xlsx', '志愿服务记录_2026-01-01至2026-11-17.xlsx'])
  })

  test('自定义 offers the two days to pick', async () => {
    open()
    fireEvent.click(await screen.findByText('自定义'))
    expect(screen.getByLabelText('开始日期').textContent).toBe('2026年11月1日')
    expect(screen.getByLabelText('结束日期').textContent).toBe('2026年11月17日')
  })

  test('完整导出 says it is logged and needs a reason of at least 4 characters, which is sent', async () => {
    api.on('GET /api/staff/exports/rosters', xlsx)
    catchDownloads()
    open()
    fireEvent.click(await screen.findByText('志愿活动名单及时长'))
    fireEvent.click(screen.getByText('完整导出', { selector: '.choice-buttons__item .nut-button-children' }))
    expect(document.querySelector('.exports-note--warning')?.textContent).toContain('导出人、时间和原因会记入操作记录')
    const submit = () => fireEvent.click(document.querySelector('.exports-submit')!)

    submit()
    expect(screen.getByText('完整导出请填写原因（至少4个字）')).toBeTruthy()
    fireEvent.input(screen.getByPlaceholderText('例如：街道年度考核需报送服务对象名单'), { target: { value: ' 报送 ' } })
    submit()
    expect(screen.getByText('完整导出请填写原因（至少4个字）')).toBeTruthy()
    expect(asked('rosters')).toEqual([])

    fireEvent.input(screen.getByPlaceholderText('例如：街道年度考核需报送服务对象名单'), { target: { value: '街道年度考核' } })
    submit()
    await waitFor(() => expect(asked('rosters')).toEqual([{ communityId: '7', from: '2026-11-01', to: '2026-11-17', full: '1', reason: '街道年度考核' }]))
    expect(screen.queryByText('完整导出请填写原因（至少4个字）')).toBeNull()

    // Back to 隐藏个人信息: no reason is sent.
    fireEvent.click(screen.getByText('隐藏个人信息'))
    submit()
    await waitFor(() => expect(asked('rosters')).toHaveLength(2))
    expect(asked('rosters')[1]).toEqual({ communityId: '7', from: '2026-11-01', to: '2026-11-17', full: '0' })
  })

  test('above the row cap the server’s message is shown, and nothing downloads', async () => {
    api.on('GET /api/staff/exports/wishes', () => apiError(422, 'EXPORT_TOO_LARGE', '导出的数据超过单次上限，请缩短日期范围后再导出'))
    const downloads = catchDownloads()
    open()
    fireEvent.click(await screen.findByText('导出', { selector: '.nut-button-children' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe('导出的数据超过单次上限，请缩短日期范围后再导出')
    // Not a network failure: no 重试, the range must change.
    expect(screen.queryByText('重试')).toBeNull()
    expect(downloads()).toEqual([])
  })

  test('a network failure says so and 重试 asks again', async () => {
    api.once('GET /api/staff/exports/wishes', networkFailure)
    api.on('GET /api/staff/exports/wishes', xlsx)
    const downloads = catchDownloads()
    open()
    fireEvent.click(await screen.findByText('导出', { selector: '.nut-button-children' }))
    expect(await screen.findByText('网络不太好，请检查网络后重试')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    await waitFor(() => expect(downloads()).toEqual(['微心愿台账_2026-11-01至2026-11-17.xlsx']))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  test('while the file is made the page says so and 导出 waits', async () => {
    let answer!: (r: Response) => void
    api.on('GET /api/staff/exports/wishes', () => new Promise<Response>((r) => (answer = r)))
    catchDownloads()
    open()
    fireEvent.click(await screen.findByText('导出', { selector: '.nut-button-children' }))
    expect(await screen.findByText('正在导出…')).toBeTruthy()
    expect(screen.getByRole('status').textContent).toContain('正在生成微心愿台账')
    answer(xlsx())
    await waitFor(() => expect(screen.queryByText('正在导出…')).toBeNull())
  })

  test('in the mini-program WeChat downloads it with the session and opens it in its document viewer', async () => {
    vi.stubEnv('TARO_ENV', 'weapp')
    api.on('GET /api/reminders/templates', () => json({ templates: {} }))
    const download = vi.spyOn(Taro, 'downloadFile').mockResolvedValue({ statusCode: 200, tempFilePath: 'wxfile://tmp/export.xlsx', errMsg: 'downloadFile:ok' } as never)
    const openDocument = vi.spyOn(Taro, 'openDocument').mockResolvedValue({ errMsg: 'openDocument:ok' } as never)
    open()
    fireEvent.click(await screen.findByText('导出', { selector: '.nut-button-children' }))
    await waitFor(() => expect(openDocument).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/export.xlsx', fileType: 'xlsx', showMenu: true }))
    expect(download).toHaveBeenCalledWith({
      url: expect.stringMatching(/\/api\/staff\/exports\/wishes\?communityId=7&from=2026-11-01&to=2026-11-17&full=0$/),
      header: { authorization: 'Bearer token-1' },
    })
  })

  test('in the mini-program a refused export shows the server’s words, which WeChat wrote into the file', async () => {
    vi.stubEnv('TARO_ENV', 'weapp')
    api.on('GET /api/reminders/templates', () => json({ templates: {} }))
    vi.spyOn(Taro, 'downloadFile').mockResolvedValue({ statusCode: 422, tempFilePath: 'wxfile://tmp/refusal', errMsg: 'downloadFile:ok' } as never)
    const body = JSON.stringify({ code: 'EXPORT_TOO_LARGE', message: '共 123456 行，超过单次导出上限 100000 行，请缩短日期范围后再导出' })
    const readFile = vi.fn(({ filePath, success }: { filePath: string; success: (r: { data: string }) => void }) => {
      expect(filePath).toBe('wxfile://tmp/refusal')
      success({ data: body })
    })
    vi.spyOn(Taro, 'getFileSystemManager').mockReturnValue({ readFile } as never)
    const openDocument = vi.spyOn(Taro, 'openDocument')
    open()
    fireEvent.click(await screen.findByText('导出', { selector: '.nut-button-children' }))
    expect(await screen.findByText(/共 123456 行，超过单次导出上限/)).toBeTruthy()
    expect(openDocument).not.toHaveBeenCalled()
  })

  test('residents are told the page is for staff', async () => {
    api.on('GET /api/me', () => json(me()))
    open()
    expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
  })

  test('in 长辈模式 the page is the same form, larger', async () => {
    elderMode.set('on')
    const page = open()
    await screen.findByText('导出什么')
    expect(page.pageRoot().classList.contains('page--elder')).toBe(true)
    expect(screen.getByText('隐藏个人信息')).toBeTruthy()
  })
})
