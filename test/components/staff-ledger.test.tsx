import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import LedgerPage from '../../src/packages/staff/ledger/index'
import type { LedgerImportReport } from '../../types/api/people'
import { json, renderPage, useFakeApi } from './support'
import { staffMember } from './staff-booking-fixtures'

const PATH = '/packages/staff/ledger/index'
const api = useFakeApi()

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
  api.on('GET /api/me', () => json(staffMember))
})

function report(over: Partial<LedgerImportReport> = {}): LedgerImportReport {
  return {
    communityId: 7,
    dryRun: true,
    imported: false,
    rows: 4,
    grids: { created: 1, existing: 0 },
    buildings: { created: 2, existing: 0 },
    households: { created: 3, existing: 0 },
    persons: { created: 3, updated: 0, unchanged: 0 },
    problems: [],
    problemCount: 0,
    ...over,
  }
}

/** The browser's file chooser picks `name`; uploads answer with the reports given, in turn. */
function pickAndAnswer(name: string, ...answers: LedgerImportReport[]) {
  vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (this: HTMLInputElement) {
    Object.defineProperty(this, 'files', { value: [new File(['xlsx'], name)] })
    this.onchange?.(new Event('change'))
  })
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:ledger-1' }))
  return vi.spyOn(Taro, 'uploadFile').mockImplementation(() => {
    const answer = Promise.resolve({ statusCode: 200, data: JSON.stringify(answers.shift()), errMsg: 'uploadFile:ok' })
    return Object.assign(answer, { progress: () => undefined }) as never
  })
}

describe('台账导入', () => {
  test('a chosen file is checked first; its counts are shown; 确认导入 sends it again to be written', async () => {
    const uploads = pickAndAnswer('联通社区台账.xlsx', report(), report({ dryRun: false, imported: true }))
    renderPage(LedgerPage, PATH)
    fireEvent.click(await screen.findByText('选择表格'))
    expect(await screen.findByText('检查通过，可以导入')).toBeTruthy()
    expect(screen.getByText('联通社区台账.xlsx')).toBeTruthy()
    const counts = [...document.querySelectorAll('.ledger-count')].map((c) => c.textContent)
    expect(counts).toEqual(['网格新增 1，已有 0', '楼栋新增 2，已有 0', '户新增 3，已有 0', '居民新增 3，已有 0'])
    expect(uploads.mock.calls[0]![0]).toMatchObject({ url: '/api/staff/ledger/import?communityId=7&dryRun=true', filePath: 'blob:ledger-1', name: 'file' })

    fireEvent.click(screen.getByText('确认导入4行'))
    expect(await screen.findByText('已导入')).toBeTruthy()
    expect(uploads.mock.calls[1]![0]).toMatchObject({ url: '/api/staff/ledger/import?communityId=7&dryRun=false' })
    expect(screen.queryByText('确认导入4行')).toBeNull()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '台账已导入' }))
  })

  test('a file with problems lists each by row and column and offers no import', async () => {
    pickAndAnswer('台账.xlsx', report({ problemCount: 2, problems: [{ row: 3, column: '楼栋', message: '楼栋不能为空' }, { row: 4, column: '手机号', message: '手机号应为11位数字' }] }))
    renderPage(LedgerPage, PATH)
    fireEvent.click(await screen.findByText('选择表格'))
    expect(await screen.findByText('发现2处问题，未导入')).toBeTruthy()
    expect([...document.querySelectorAll('.ledger-problem')].map((p) => p.textContent)).toEqual(['第3行「楼栋」：楼栋不能为空', '第4行「手机号」：手机号应为11位数字'])
    expect(screen.queryByText(/^确认导入/)).toBeNull()
    expect(screen.getByText('重新选择表格')).toBeTruthy()
  })

  test('下载模板 fetches it with the session and saves it', async () => {
    api.on('GET /api/staff/ledger/template', () => new Response('xlsx-bytes', { status: 200, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }))
    const clicks = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:template', revokeObjectURL: () => undefined }))
    renderPage(LedgerPage, PATH)
    fireEvent.click(await screen.findByText('下载模板'))
    await waitFor(() => expect(clicks).toHaveBeenCalled())
    expect(api.calls('GET /api/staff/ledger/template')[0]!.headers.authorization).toBe('Bearer token-1')
    expect((clicks.mock.contexts[0] as HTMLAnchorElement).download).toBe('台账导入模板.xlsx')
  })
})
