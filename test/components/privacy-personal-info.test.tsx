import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { PersonalDataAccessEntry, PersonalDataExport } from '../../types/api/privacy'
import PersonalInfoPage from '../../src/packages/account/privacy/index'
import { elderMode } from '../../src/stores/preferences'
import { apiError, json, me, renderPage, useFakeApi } from './support'

const PATH = '/packages/account/privacy/index'
const FILE_NAME = '家门口-个人信息.json'
const api = useFakeApi()

function access(id: number, at: string, overrides: Partial<PersonalDataAccessEntry> = {}): PersonalDataAccessEntry {
  return { id, actorName: '刘晓燕', subjectName: '王秀兰', purpose: 'booking_desk', route: 'GET /api/staff/bookings', at, ...overrides }
}

/** Everything held about 王秀兰, as GET /api/me/personal-data answers it. */
function personalData(overrides: Partial<PersonalDataExport> = {}): PersonalDataExport {
  return {
    format: 'doorstep-personal-data/1',
    exportedAt: '2026-11-23T10:00:00+08:00',
    account: { id: 1, displayName: '王秀兰', roles: ['resident', 'volunteer'], createdAt: '2026-01-05T09:00:00+08:00', lastLoginAt: '2026-11-23T09:58:00+08:00', wechatLinked: true },
    person: { id: 5, name: '王秀兰', phone: '13845675678', birthYear: 1956, community: '联通社区', address: '联通社区 第三网格 联通小区 3号楼 2单元 301' },
    volunteer: {
      realName: '王秀兰',
      phone: '13845675678',
      skills: ['elderly_care'],
      availability: ['weekend'],
      consentVersion: '2026-10',
      consentedAt: '2026-10-02T09:30:00+08:00',
    },
    sections: {
      wishes: [{ id: 1, title: '想要一台收音机' }, { id: 2, title: '请人帮忙修水龙头' }],
      claims: [],
      bookings: [{ id: 3 }],
      signups: [{ id: 4 }, { id: 5 }, { id: 6 }],
      certificates: [],
      pointsLedger: [{ id: 7 }, { id: 8 }, { id: 9 }, { id: 10 }],
      redemptions: [{ id: 11 }],
      reminders: [],
      uploads: [{ key: 'a1.jpg' }],
      residencyApplications: [], partyReports: [], units: [],
    },
    staffAccess: [
      access(1, '2026-11-01T09:00:00+08:00'),
      access(2, '2026-11-20T15:30:00+08:00', { actorName: '赵磊', purpose: 'household_members' }),
      access(3, '2026-11-05T10:00:00+08:00', { purpose: 'wish_contact' }),
      access(4, '2026-11-06T10:00:00+08:00', { purpose: 'roster' }),
      access(5, '2026-11-07T10:00:00+08:00', { purpose: 'volunteer_profile' }),
      access(6, '2026-11-08T10:00:00+08:00'),
    ],
    ...overrides,
  }
}

const empty: PersonalDataExport['sections'] = { wishes: [], claims: [], bookings: [], signups: [], certificates: [], pointsLedger: [], redemptions: [], reminders: [], uploads: [], residencyApplications: [], partyReports: [], units: [] }

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
  api.on('GET /api/me', () => json(me()))
})

async function openPage() {
  const page = renderPage(PersonalInfoPage, PATH)
  await screen.findByText('您在家门口的记录')
  return page
}

const card = (selector: string) => document.querySelector(selector) as HTMLElement
const records = () => [...document.querySelectorAll('.personal-info__record')].map((r) => r.textContent)

describe('个人信息与隐私: what is held', () => {
  test('my profile, the volunteer registration (phone masked), my records counted, and staff sightings newest first', async () => {
    api.on('GET /api/me/personal-data', () => json(personalData()))
    await openPage()

    const held = card('.personal-info__held').textContent
    expect(held).toContain('王秀兰')
    expect(held).toContain('138****5678')
    expect(held).toContain('联通社区 第三网格 联通小区 3号楼 2单元 301')
    await screen.findByText('志愿者登记信息')
    expect(card('.personal-info__volunteer').textContent).toContain('实名：王秀兰，手机号：138****5678')
    expect(card('.personal-info__volunteer').textContent).not.toContain('13845675678')
    expect(card('.personal-info__volunteer').textContent).toContain('10月2日 09:30同意了志愿者个人信息使用说明（版本 2026-10）')
    expect(records()).toEqual([
      '发布的心愿2条',
      '认领的心愿0次',
      '场地和工具预约1次',
      '志愿活动报名3次',
      '志愿服务证明0份',
      '积分记录4条',
      '积分兑换1次',
      '消息提醒0条',
      '上传的照片1张',
      '住户认证申请0次',
    ])
    const rows = [...document.querySelectorAll('.personal-info__access-row')].map((r) => r.textContent)
    expect(rows).toEqual(['11月20日 15:30 赵磊（家庭成员）', '11月8日 10:00 刘晓燕（预约登记）', '11月7日 10:00 刘晓燕（志愿者资料）', '11月6日 10:00 刘晓燕（活动名单）', '11月5日 10:00 刘晓燕（心愿联系方式）'])
    expect(card('.personal-info__access').textContent).toContain('共6条，导出的文件里有全部记录')
  })

  test('nothing held yet: an empty state instead of a list of zeros', async () => {
    api.on('GET /api/me/personal-data', () => json(personalData({ volunteer: null, sections: empty, staffAccess: [] })))
    await openPage()
    expect(await screen.findByText('还没有记录')).toBeTruthy()
    expect(document.querySelector('.personal-info__records')).toBeNull()
  })

  test('a failed load says so with 重试, which loads again', async () => {
    api.once('GET /api/me/personal-data', () => apiError(503, 'SERVICE_UNAVAILABLE', '服务繁忙，请稍后再试'))
    api.once('GET /api/me/personal-data', () => apiError(503, 'SERVICE_UNAVAILABLE', '服务繁忙，请稍后再试'))
    api.once('GET /api/me/personal-data', () => apiError(503, 'SERVICE_UNAVAILABLE', '服务繁忙，请稍后再试'))
    api.on('GET /api/me/personal-data', () => json(personalData()))
    await openPage()
    expect(await screen.findByText('服务繁忙，请稍后再试', {}, { timeout: 8000 })).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    await waitFor(() => expect(records()).toHaveLength(10))
  }, 15_000)

  test('not logged in: the way to log in', async () => {
    api.on('GET /api/me', () => apiError(401, 'UNAUTHENTICATED', '请先登录'))
    Taro.removeStorageSync('doorstep.session-token')
    renderPage(PersonalInfoPage, PATH)
    fireEvent.click(await screen.findByText('去登录'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/account/login/index' })
    expect(api.calls('GET /api/me/personal-data')).toHaveLength(0)
  })

  test('长辈模式 renders the page enlarged, with everything on it', async () => {
    elderMode.set('on')
    api.on('GET /api/me/personal-data', () => json(personalData()))
    const page = await openPage()
    expect(page.pageRoot().classList.contains('page--elder')).toBe(true)
    await waitFor(() => expect(records()).toHaveLength(10))
    for (const title of ['导出我的数据', '位置信息', '注销账号', '隐私政策']) expect(page.pageRoot().textContent).toContain(title)
  })
})

describe('导出我的数据', () => {
  const USER_DATA_PATH = 'wxfile://usr'
  const env = Taro.env as Record<string, unknown>

  // jsdom has no object URLs: the web test lends them, and takes them back here.
  const { createObjectURL, revokeObjectURL } = URL as unknown as Record<string, unknown>

  afterEach(() => {
    delete env.USER_DATA_PATH
    Object.assign(URL, { createObjectURL, revokeObjectURL })
  })

  test('in WeChat: fetched afresh, written as JSON to the user folder, then sent to a chat with a second tap', async () => {
    vi.stubEnv('TARO_ENV', 'weapp')
    vi.spyOn(Taro, 'onNeedPrivacyAuthorization').mockImplementation(() => undefined)
    api.on('GET /api/reminders/templates', () => json({ templates: {} }))
    env.USER_DATA_PATH = USER_DATA_PATH
    const fresh = personalData({ exportedAt: '2026-11-23T10:05:00+08:00' })
    api.once('GET /api/me/personal-data', () => json(personalData()))
    api.on('GET /api/me/personal-data', () => json(fresh))
    const writes: { filePath: string; data: string; encoding: string }[] = []
    vi.spyOn(Taro, 'getFileSystemManager').mockReturnValue({
      writeFile: (o: { filePath: string; data: string; encoding: string; success: () => void }) => {
        writes.push({ filePath: o.filePath, data: o.data, encoding: o.encoding })
        o.success()
      },
    } as never)
    const share = vi.spyOn(Taro, 'shareFileMessage').mockImplementation(((o: { success: () => void }) => o.success()) as never)
    await openPage()
    await waitFor(() => expect(records()).toHaveLength(10))

    fireEvent.click(screen.getByText('导出我的数据'))
    await screen.findByText(`文件已生成：${FILE_NAME}`)
    // Asked again for the export of now, not the copy the page opened with.
    expect(api.calls('GET /api/me/personal-data')).toHaveLength(2)
    expect(writes).toHaveLength(1)
    expect(writes[0]!.filePath).toBe(`${USER_DATA_PATH}/${FILE_NAME}`)
    expect(writes[0]!.encoding).toBe('utf8')
    expect(JSON.parse(writes[0]!.data)).toEqual(fresh)
    // WeChat lets a file be sent only from a tap: not yet.
    expect(share).not.toHaveBeenCalled()

    fireEvent.click(screen.getByText('发送到微信聊天（如文件传输助手）'))
    expect(share).toHaveBeenCalledTimes(1)
    expect(share.mock.calls[0]![0]).toMatchObject({ filePath: `${USER_DATA_PATH}/${FILE_NAME}`, fileName: FILE_NAME })
  })

  test('in WeChat: a file that cannot be written is said, and nothing is offered to send', async () => {
    vi.stubEnv('TARO_ENV', 'weapp')
    vi.spyOn(Taro, 'onNeedPrivacyAuthorization').mockImplementation(() => undefined)
    api.on('GET /api/reminders/templates', () => json({ templates: {} }))
    env.USER_DATA_PATH = USER_DATA_PATH
    api.on('GET /api/me/personal-data', () => json(personalData()))
    vi.spyOn(Taro, 'getFileSystemManager').mockReturnValue({
      writeFile: (o: { fail: (e: unknown) => void }) => o.fail({ errMsg: 'writeFile:fail the maximum size of the file storage limit is exceeded' }),
    } as never)
    await openPage()
    fireEvent.click(screen.getByText('导出我的数据'))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '文件保存失败，请稍后再试' })))
    expect(screen.queryByText('发送到微信聊天（如文件传输助手）')).toBeNull()
  })

  test('on the web: the browser downloads the JSON file', async () => {
    api.on('GET /api/me/personal-data', () => json(personalData()))
    const blobs: Blob[] = []
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        blobs.push(blob)
        return 'blob:export-1'
      },
      revokeObjectURL: () => undefined,
    })
    const clicked: { href: string; download: string }[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download })
    })
    await openPage()

    fireEvent.click(screen.getByText('导出我的数据'))
    await waitFor(() => expect(clicked).toEqual([{ href: 'blob:export-1', download: FILE_NAME }]))
    expect(blobs[0]!.type).toBe('application/json;charset=utf-8')
    expect(JSON.parse(await blobs[0]!.text())).toEqual(personalData())
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: `已下载「${FILE_NAME}」` }))
  })
})

describe('位置信息', () => {
  test('shows whether the position may be used; 撤回同意 withdraws it, 同意使用位置 asks with the explanation', async () => {
    api.on('GET /api/me/personal-data', () => json(personalData()))
    Taro.setStorageSync('doorstep.location-consent', 'granted')
    await openPage()
    expect(card('.personal-info__location-state').textContent).toBe('使用位置：已同意')

    fireEvent.click(screen.getByText('撤回同意'))
    expect(card('.personal-info__location-state').textContent).toBe('使用位置：未同意')
    expect(Taro.getStorageSync('doorstep.location-consent')).toBe('denied')

    const modal = vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    fireEvent.click(screen.getByText('同意使用位置'))
    await waitFor(() => expect(card('.personal-info__location-state').textContent).toBe('使用位置：已同意'))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '使用您的位置', confirmText: '同意', cancelText: '不同意' })
    expect(Taro.getStorageSync('doorstep.location-consent')).toBe('granted')
  })
})

describe('注销账号', () => {
  test('open commitments block it: each is listed with its label and count, and opens the page where it is settled', async () => {
    api.on('GET /api/me/personal-data', () => json(personalData()))
    api.on('GET /api/me/account-deletion', () =>
      json({
        openCommitments: [
          { kind: 'bookings', label: '未结束的预约', count: 2 },
          { kind: 'claims', label: '认领中的心愿', count: 1 },
          { kind: 'redemptions', label: '待领取的兑换', count: 1 },
        ],
      }),
    )
    await openPage()
    expect(api.calls('GET /api/me/account-deletion')).toHaveLength(0)

    fireEvent.click(screen.getByText('注销账号', { selector: '.personal-info__delete-start, .personal-info__delete-start *' }))
    await screen.findByText('您还有下面这些事项没有处理完，处理完才能注销：')
    const items = [...document.querySelectorAll<HTMLElement>('.personal-info__open-item')]
    expect(items.map((i) => [i.querySelector('.nut-cell-title')?.textContent, i.querySelector('.nut-cell-description')?.textContent])).toEqual([
      ['未结束的预约', '2项'],
      ['认领中的心愿', '1项'],
      ['待领取的兑换', '1项'],
    ])
    // No way to confirm while anything is open.
    expect(document.querySelector('.personal-info__delete-confirm')).toBeNull()

    fireEvent.click(items[0]!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/booking/mine/index' })
    fireEvent.click(items[1]!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/wish/claims/index' })
    fireEvent.click(items[2]!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/points/redemptions/index' })
    expect(api.calls('DELETE /api/me')).toHaveLength(0)
  })

  test('nothing open: what deletion does is explained; only the typed 确认注销 deletes, then the session is gone and home is shown', async () => {
    Taro.setStorageSync('doorstep.demo-persona', 'resident')
    api.on('GET /api/me/personal-data', () => json(personalData()))
    api.on('GET /api/me/account-deletion', () => json({ openCommitments: [] }))
    api.on('DELETE /api/me', () => new Response(null, { status: 204 }))
    await openPage()

    fireEvent.click(screen.getByText('注销账号', { selector: '.personal-info__delete-start, .personal-info__delete-start *' }))
    await screen.findByText('注销后：')
    const consequences = card('.personal-info__consequences').textContent
    expect(consequences).toContain('姓名、手机号、家庭住址和志愿者登记信息会被删除，不能恢复')
    expect(consequences).toContain('积分记录会保留，但不再显示您的名字')
    expect(consequences).toContain('注销不能撤销')

    const confirm = () => card('.personal-info__delete-confirm')
    const input = document.querySelector<HTMLInputElement>('input[placeholder="请输入：确认注销"]')!
    expect(confirm().className).toContain('nut-button-disabled')
    fireEvent.input(input, { target: { value: '注销' } })
    expect(confirm().className).toContain('nut-button-disabled')
    fireEvent.click(confirm())
    await new Promise((r) => setTimeout(r, 30))
    expect(api.calls('DELETE /api/me')).toHaveLength(0)

    fireEvent.input(input, { target: { value: ' 确认注销 ' } })
    expect(confirm().className).not.toContain('nut-button-disabled')
    fireEvent.click(confirm())

    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' }))
    const [call] = api.calls('DELETE /api/me')
    expect(api.calls('DELETE /api/me')).toHaveLength(1)
    expect(call!.body).toEqual({ confirmation: '确认注销' })
    expect(call!.headers['idempotency-key']).toBeTruthy()
    expect(call!.headers.authorization).toBe('Bearer token-1')
    // The session (and the H5 demo persona that would log in again) is gone.
    expect(Taro.getStorageSync('doorstep.session-token')).toBe('')
    expect(Taro.getStorageSync('doorstep.demo-persona')).toBe('')
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '账号已注销' }))
  })

  test('something opened meanwhile (409): the page asks again and lists it instead of the confirmation', async () => {
    let openNow: { kind: string; label: string; count: number }[] = []
    api.on('GET /api/me/personal-data', () => json(personalData()))
    api.on('GET /api/me/account-deletion', () => json({ openCommitments: openNow }))
    api.on('DELETE /api/me', () => {
      openNow = [{ kind: 'signups', label: '未开始的活动报名', count: 1 }]
      // The server's 409 names what is open in `details` as field issues; the list itself comes from the check.
      return json({ code: 'ACCOUNT_HAS_OPEN_COMMITMENTS', message: '您还有进行中的事项，请先处理后再注销', details: [{ path: 'openCommitments.signups', message: '未开始的活动报名 1 项' }] }, 409)
    })
    await openPage()
    fireEvent.click(screen.getByText('注销账号', { selector: '.personal-info__delete-start, .personal-info__delete-start *' }))
    await screen.findByText('注销后：')
    fireEvent.input(document.querySelector<HTMLInputElement>('input[placeholder="请输入：确认注销"]')!, { target: { value: '确认注销' } })
    fireEvent.click(card('.personal-info__delete-confirm'))

    await screen.findByText('您还有下面这些事项没有处理完，处理完才能注销：')
    expect([...document.querySelectorAll('.personal-info__open-item .nut-cell-title')].map((t) => t.textContent)).toEqual(['未开始的活动报名'])
    fireEvent.click(document.querySelector('.personal-info__open-item')!)
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/mine/index' })
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '您还有进行中的事项，请先处理后再注销' }))
    // Still signed in.
    expect(Taro.getStorageSync('doorstep.session-token')).toBe('token-1')
    expect(Taro.switchTab).not.toHaveBeenCalled()
  })
})
