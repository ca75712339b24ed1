import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import UnitPage from '../../src/packages/account/unit/index'
import JoinUnitPage from '../../src/packages/account/unit-join/index'
import type { MyUnit, Unit, UnitMember } from '../../types/api/dual-reporting'
import type { CommunityChoice } from '../../types/api/people'
import { apiError, heping, json, lianTong, me, renderPage, useFakeApi } from './support'

const PATH = '/packages/account/unit/index'
const api = useFakeApi()

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

const communities: CommunityChoice[] = [
  { ...heping, address: '和平路8号', distanceMeters: null },
  { ...lianTong, address: '联通路12号', distanceMeters: null },
]

function unit(over: Partial<Unit> = {}): Unit {
  return {
    id: 4,
    communityId: 7,
    communityName: '联通社区',
    name: '黑河市第一人民医院',
    creditCode: '91350100M000100Y43',
    contactName: '孙志强',
    contactPhone: '139****0001',
    status: 'pending',
    rejectReason: null,
    createdAt: '2026-11-17T09:30:00+08:00',
    decidedAt: null,
    actions: ['withdraw'],
    ...over,
  }
}
const member = (over: Partial<UnitMember> = {}): UnitMember => ({ userId: 1, name: '王秀兰', role: 'admin', joinedAt: '2026-11-10T10:00:00+08:00', isMe: true, ...over })
const mine = (over: Partial<MyUnit> = {}): MyUnit => ({ unit: null, role: null, members: [], totals: null, ...over })
const approved = (role: 'admin' | 'member'): MyUnit =>
  mine({
    unit: unit({ status: 'approved', actions: [], decidedAt: '2026-11-18T10:00:00+08:00' }),
    role,
    members: [
      member({ role: 'admin', isMe: role === 'admin' }),
      member({ userId: 2, name: '李建国', role: 'member', joinedAt: '2026-11-12T10:00:00+08:00', isMe: false }),
      member({ userId: 3, name: '赵丽', role: 'member', joinedAt: '2026-11-13T10:00:00+08:00', isMe: role === 'member' }),
    ],
    totals: { wishesFulfilled: 5, activities: 8, hours: 21.5 },
  })

function serve(profile = me(), latest: MyUnit = mine()) {
  api.on('GET /api/me', () => json(profile))
  api.on('GET /api/units/mine', () => json(latest))
  api.on('GET /api/communities', () => json({ items: communities }))
}

const errors = () => [...document.querySelectorAll('.unit-form .form-error')].map((el) => el.textContent)
const type = (placeholder: string, value: string) => fireEvent.input(screen.getByPlaceholderText(placeholder), { target: { value } })
const NAME = '与营业执照或登记证书一致'
const CODE = '18位，见营业执照或登记证书'
const CONTACT = '联系人姓名'
const PHONE = '请输入11位手机号'
const confirmModal = () => vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)

describe('驻区单位: registering', () => {
  test('a wrong 统一社会信用代码 is caught before sending; a right one goes uppercase with the rest, to the account’s community', async () => {
    serve()
    api.on('POST /api/units', () => json(mine({ unit: unit() }), 201))
    renderPage(UnitPage, PATH)
    await screen.findByText('提交单位报到')
    expect(document.querySelector('.unit-form__community')?.textContent).toBe('东风街道 联通社区')

    fireEvent.click(screen.getByText('提交单位报到'))
    expect(errors()).toEqual(['请填写单位全称（至少4个字）', '请填写联系人姓名（至少2个字）', '请填写手机号或使用微信手机号'])

    type(NAME, '黑河市第一人民医院')
    // The last character is not the check character of the first 17.
    type(CODE, '91350100m000100y44')
    expect((screen.getByPlaceholderText(CODE) as HTMLInputElement).value).toBe('91350100M000100Y44')
    type(CONTACT, '孙志强')
    type(PHONE, '13955550001')
    fireEvent.click(screen.getByText('提交单位报到'))
    expect(errors()).toEqual(['统一社会信用代码不正确，请核对营业执照或登记证书上的18位代码'])
    expect(api.calls('POST /api/units')).toHaveLength(0)

    type(CODE, '91350100m000100y43')
    fireEvent.click(screen.getByText('提交单位报到'))
    await waitFor(() => expect(api.calls('POST /api/units')).toHaveLength(1))
    const [call] = api.calls('POST /api/units')
    expect(call!.body).toEqual({ communityId: 7, name: '黑河市第一人民医院', creditCode: '91350100M000100Y43', contactName: '孙志强', phone: '13955550001' })
    expect(call!.headers['idempotency-key']).toBeTruthy()
    // Sent: the registration waits for the community.
    expect(await screen.findByText('待社区审核')).toBeTruthy()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已提交，等待社区审核' }))
  })

  test('without a code, none is sent; an account with no community chooses the one the unit reports to', async () => {
    serve(me({ community: null, household: null }))
    api.on('POST /api/units', () => json(mine({ unit: unit({ communityId: 9, communityName: '和平社区', creditCode: null }) }), 201))
    renderPage(UnitPage, PATH)
    await screen.findByText('提交单位报到')
    type(NAME, '黑河市第一人民医院')
    type(CONTACT, '孙志强')
    type(PHONE, '13955550001')
    fireEvent.click(screen.getByText('提交单位报到'))
    expect(errors()).toEqual(['请选择单位报到的社区'])

    fireEvent.click(screen.getByText('请选择社区'))
    fireEvent.click(await screen.findByText('确定'))
    await screen.findByText('和平街道 和平社区')
    fireEvent.click(screen.getByText('提交单位报到'))
    await waitFor(() => expect(api.calls('POST /api/units')).toHaveLength(1))
    expect(api.calls('POST /api/units')[0]!.body).toEqual({ communityId: 9, name: '黑河市第一人民医院', contactName: '孙志强', phone: '13955550001' })
  })

  test('the server’s refusals land on their fields or above the button', async () => {
    serve()
    api.once('POST /api/units', () =>
      json({ code: 'VALIDATION_FAILED', message: '提交的内容有误', details: [{ path: 'body.creditCode', message: '统一社会信用代码不正确，请核对营业执照或登记证书上的18位代码' }] }, 400),
    )
    api.once('POST /api/units', () => apiError(409, 'UNIT_REGISTRATION_EXISTS', '这个单位已经报到或正在审核，请联系单位管理员邀请您加入'))
    renderPage(UnitPage, PATH)
    await screen.findByText('提交单位报到')
    type(NAME, '黑河市第一人民医院')
    type(CODE, '91110000100017643K')
    type(CONTACT, '孙志强')
    type(PHONE, '13955550001')
    fireEvent.click(screen.getByText('提交单位报到'))
    await waitFor(() => expect(document.querySelector('.form-error--creditCode')?.textContent).toBe('统一社会信用代码不正确，请核对营业执照或登记证书上的18位代码'))
    expect(document.querySelector('.form-error--name')).toBeNull()
    fireEvent.click(screen.getByText('提交单位报到'))
    await waitFor(() => expect(document.querySelector('.dual-form__error')?.textContent).toBe('这个单位已经报到或正在审核，请联系单位管理员邀请您加入'))
  })

  test('waiting: what was sent, and 撤回 asks first', async () => {
    serve(me(), mine({ unit: unit() }))
    api.on('POST /api/units/4/withdraw', () => json(mine({ unit: unit({ status: 'withdrawn', actions: [] }) })))
    const modal = confirmModal()
    renderPage(UnitPage, PATH)
    expect(await screen.findByText('待社区审核')).toBeTruthy()
    const facts = document.querySelector('.unit-status')!.textContent
    for (const text of ['黑河市第一人民医院', '联通社区', '91350100M000100Y43', '孙志强', '139****0001', '11月17日 09:30']) expect(facts).toContain(text)
    fireEvent.click(screen.getByText('撤回登记'))
    await waitFor(() => expect(api.calls('POST /api/units/4/withdraw')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '撤回登记', confirmText: '撤回' })
    // Withdrawn: the form again, filled with what was sent.
    expect(await screen.findByText('提交单位报到')).toBeTruthy()
    expect((screen.getByPlaceholderText(NAME) as HTMLInputElement).value).toBe('黑河市第一人民医院')
  })

  test('rejected: the reason, and the form to register again', async () => {
    serve(me(), mine({ unit: unit({ status: 'rejected', rejectReason: '请填写单位全称', actions: [] }) }))
    renderPage(UnitPage, PATH)
    expect(await screen.findByText('上次登记未通过')).toBeTruthy()
    expect(screen.getByText('原因：请填写单位全称')).toBeTruthy()
    expect((await screen.findByPlaceholderText(CODE) as HTMLInputElement).value).toBe('91350100M000100Y43')
  })
})

describe('驻区单位: a member', () => {
  test('the admin sees the unit, its totals and members, and invites colleagues (the link on H5)', async () => {
    serve(me({ unit: { id: 4, name: '黑河市第一人民医院', role: 'admin' } }), approved('admin'))
    api.on('POST /api/units/mine/invites', () => json({ code: 'unit-inv-8f2a9c01', expiresAt: '2026-11-24T10:00:00+08:00', path: 'packages/account/unit-join/index?code=unit-inv-8f2a9c01' }, 201))
    const copy = vi.spyOn(Taro, 'setClipboardData').mockResolvedValue({ errMsg: 'setClipboardData:ok' } as never)
    renderPage(UnitPage, PATH)
    expect(await screen.findByText('黑河市第一人民医院')).toBeTruthy()
    const card = document.querySelector('.unit-card')!.textContent
    for (const text of ['管理员', '联通社区', '91350100M000100Y43', '孙志强 139****0001']) expect(card).toContain(text)
    expect(screen.getByText('认领完成心愿5个 · 参加活动8次 · 服务21.5小时')).toBeTruthy()
    expect(screen.getByText('单位成员（3人）')).toBeTruthy()
    const rows = [...document.querySelectorAll('.unit-member')]
    expect(rows.map((r) => r.querySelector('.unit-member__name')?.textContent)).toEqual(['王秀兰我', '李建国', '赵丽'])
    // The admin may remove the others, not themself (they leave instead).
    expect(rows.map((r) => r.querySelector('.unit-member__remove') !== null)).toEqual([false, true, true])

    fireEvent.click(screen.getByText('邀请同事加入'))
    expect(await screen.findByText('邀请11月24日 10:00前有效，可以发给多位同事')).toBeTruthy()
    expect(api.calls('POST /api/units/mine/invites')[0]!.headers['idempotency-key']).toBeTruthy()
    const link = document.querySelector('.invite-share__link')!.textContent!
    expect(link).toMatch(/#\/packages\/account\/unit-join\/index\?code=unit-inv-8f2a9c01$/)
    fireEvent.click(screen.getByText('复制邀请链接'))
    expect(copy).toHaveBeenCalledWith({ data: link })
  })

  test('the admin removes a member after saying so', async () => {
    const after = approved('admin')
    serve(me({ unit: { id: 4, name: '黑河市第一人民医院', role: 'admin' } }), approved('admin'))
    api.on('POST /api/units/mine/members/2/remove', () => json({ ...after, members: after.members.filter((m) => m.userId !== 2) }))
    const modal = confirmModal()
    renderPage(UnitPage, PATH)
    await screen.findByText('单位成员（3人）')
    const row = screen.getByText('李建国').closest('.unit-member') as HTMLElement
    fireEvent.click(within(row).getByText('移出'))
    await waitFor(() => expect(api.calls('POST /api/units/mine/members/2/remove')).toHaveLength(1))
    expect(api.calls('POST /api/units/mine/members/2/remove')[0]!.headers['idempotency-key']).toBeTruthy()
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '移出成员', confirmText: '移出' })
    expect(modal.mock.calls[0]![0]!.content).toContain('李建国将不再是黑河市第一人民医院的成员')
    expect(await screen.findByText('单位成员（2人）')).toBeTruthy()
    expect(screen.queryByText('李建国')).toBeNull()
  })

  test('a member neither invites nor removes, and leaves with their own id; the profile is read again', async () => {
    let profile = me({ id: 3, unit: { id: 4, name: '黑河市第一人民医院', role: 'member' } })
    serve()
    api.on('GET /api/me', () => json(profile))
    api.on('GET /api/units/mine', () => json(approved('member')))
    api.on('POST /api/units/mine/members/3/remove', () => {
      profile = { ...profile, unit: null }
      return json(mine())
    })
    const modal = confirmModal()
    renderPage(UnitPage, PATH)
    await screen.findByText('单位成员（3人）')
    expect(document.querySelector('.unit-card')!.textContent).toContain('成员')
    expect(screen.queryByText('邀请同事加入')).toBeNull()
    expect(document.querySelectorAll('.unit-member__remove')).toHaveLength(0)

    const profileReads = api.calls('GET /api/me').length
    fireEvent.click(screen.getByText('退出单位'))
    await waitFor(() => expect(api.calls('POST /api/units/mine/members/3/remove')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '退出单位', confirmText: '退出' })
    // Out of the unit: the form to register one, and 我的 will show no unit.
    expect(await screen.findByText('提交单位报到')).toBeTruthy()
    await waitFor(() => expect(api.calls('GET /api/me').length).toBeGreaterThan(profileReads))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已退出单位' }))
  })
})

describe('加入驻区单位 (from a share card)', () => {
  const JOIN = '/packages/account/unit-join/index'
  const open = (code: string) => {
    Current.router = { params: { code }, path: JOIN, $taroPath: JOIN, onReady: '', onHide: '', onShow: '' }
    return renderPage(JoinUnitPage, JOIN)
  }
  const preview = { unitName: '黑河市第一人民医院', communityName: '联通社区', inviterName: '王秀兰', expiresAt: '2026-11-24T10:00:00+08:00' }

  test('says who invites to which unit, joins under the resident’s own name, and opens the unit', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/unit-invites/unit-inv-8f2a9c01', () => json(preview))
    api.on('POST /api/unit-invites/unit-inv-8f2a9c01/accept', () => json(approved('member')))
    open('unit-inv-8f2a9c01')
    expect(await screen.findByText('王秀兰邀请您加入驻区单位')).toBeTruthy()
    expect(screen.getByText('黑河市第一人民医院')).toBeTruthy()
    expect(screen.getByText('报到社区：联通社区')).toBeTruthy()
    expect(document.querySelector('.unit-join__invite')!.textContent).toContain('邀请11月24日 10:00前有效')
    await waitFor(() => expect(((screen.getByPlaceholderText('单位同事看到的姓名')) as HTMLInputElement).value).toBe('王秀兰'))
    fireEvent.click(screen.getByText('加入单位'))
    await waitFor(() => expect(api.calls('POST /api/unit-invites/unit-inv-8f2a9c01/accept')).toHaveLength(1))
    expect(api.calls('POST /api/unit-invites/unit-inv-8f2a9c01/accept')[0]!.body).toEqual({ name: '王秀兰' })
    expect(api.calls('POST /api/unit-invites/unit-inv-8f2a9c01/accept')[0]!.headers['idempotency-key']).toBeTruthy()
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/account/unit/index' }))
  })

  test('a new account gives the name it goes by; someone in another unit is told to leave it first', async () => {
    api.on('GET /api/me', () => json(me({ name: '微信用户', roles: [], household: null, community: null })))
    api.on('GET /api/unit-invites/unit-inv-8f2a9c01', () => json(preview))
    api.on('POST /api/unit-invites/unit-inv-8f2a9c01/accept', () => apiError(409, 'ALREADY_IN_UNIT', '您已是一个驻区单位的成员，请先退出原单位'))
    open('unit-inv-8f2a9c01')
    fireEvent.click(await screen.findByText('加入单位'))
    expect(await screen.findByText('请填写您的姓名（至少2个字）')).toBeTruthy()
    expect(api.calls('POST /api/unit-invites/unit-inv-8f2a9c01/accept')).toHaveLength(0)
    fireEvent.input(screen.getByPlaceholderText('单位同事看到的姓名'), { target: { value: '钱晓梅' } })
    fireEvent.click(screen.getByText('加入单位'))
    await waitFor(() => expect(api.calls('POST /api/unit-invites/unit-inv-8f2a9c01/accept')[0]?.body).toEqual({ name: '钱晓梅' }))
    expect(await screen.findByText('您已是一个驻区单位的成员，请先退出原单位')).toBeTruthy()
    expect(Taro.redirectTo).not.toHaveBeenCalled()
    fireEvent.click(screen.getByText('查看我的单位'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/account/unit/index' })
  })

  test('an expired or unknown invitation says so, and offers nothing to join', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/unit-invites/unit-inv-expired1', () => apiError(409, 'INVITE_EXPIRED', '邀请已过期，请让对方重新分享'))
    const page = open('unit-inv-expired1')
    expect(await screen.findByText('邀请已失效')).toBeTruthy()
    expect(screen.getByText('邀请已过期，请让对方重新分享')).toBeTruthy()
    expect(screen.queryByText('加入单位')).toBeNull()
    page.unmount()

    api.on('GET /api/unit-invites/no-such-invite', () => apiError(404, 'INVITE_INVALID', '邀请不存在，请让对方重新分享'))
    open('no-such-invite')
    expect(await screen.findByText('邀请不存在，请让对方重新分享')).toBeTruthy()
    expect(screen.queryByText('加入单位')).toBeNull()
  })
})
