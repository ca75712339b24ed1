import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test, vi } from 'vitest'
import StaffPointsPage from '../../src/packages/staff/points/index'
import type { PointsAdjustment } from '../../types/api/points'
import { apiError, json, me, renderPage, useFakeApi } from './support'
import { entry, households, ledgerPage } from './points-fixtures'

const PATH = '/packages/staff/points/index'
const api = useFakeApi()
const staff = me({ name: '赵敏', roles: ['staff'], staffCommunityIds: [7] })

function answerModal(confirm: boolean) {
  return vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm, cancel: !confirm, errMsg: 'showModal:ok' } as never)
}

function type(label: string, value: string) {
  fireEvent.input(document.querySelector(`input[placeholder="${label}"]`)!, { target: { value } })
}

/** The messages the adjustment form shows under its fields. */
function formErrors() {
  return [...document.querySelectorAll('.adjust-form .form-error')].map((el) => el.textContent)
}

/** A large adjustment waiting for a second staff member, as the API describes it to the caller. */
function pending(id: number, over: Partial<PointsAdjustment> = {}): PointsAdjustment {
  return {
    id,
    status: 'pending',
    amount: 300,
    reason: '年度优秀志愿家庭',
    personName: '王秀兰',
    householdId: 11,
    householdAddress: '联通社区 第一网格 联通小区 3号楼 2单元 301',
    requestedByName: '李工作人员',
    mine: false,
    canDecide: true,
    rejectReason: null,
    createdAt: '2026-11-17T09:30:00+08:00',
    decidedAt: null,
    ...over,
  }
}

/** Searches for 王秀兰 and opens her household. */
async function openHousehold() {
  api.on('GET /api/me', () => json(staff))
  api.on('GET /api/staff/points/adjustments', () => json({ items: [] }))
  api.on('GET /api/staff/households', () => json(households()))
  api.on('GET /api/staff/households/11/points', () => json(ledgerPage(5, 5, null)))
  renderPage(StaffPointsPage, PATH)
  await screen.findByText('查找住户')
  type('姓名、手机号后四位或门牌', '王秀兰')
  fireEvent.click(screen.getByText('搜索'))
  fireEvent.click(await screen.findByText('选择这户'))
  await screen.findByText('调整积分')
}

describe('积分管理', () => {
  test('finds households by what staff type, in their community, and opens one with its ledger', async () => {
    await openHousehold()

    const [search] = api.calls('GET /api/staff/households')
    expect(search!.query.get('q')).toBe('王秀兰')
    expect(search!.query.get('communityId')).toBe('7')
    expect(document.querySelector('.household__balance')?.textContent).toBe('当前积分 320')
    expect(screen.getByText(/王秀兰（138\*\*\*\*5678）、李建国/)).toBeTruthy()
    await waitFor(() => expect(document.querySelectorAll('.ledger-row')).toHaveLength(5))
  })

  test('an empty search is refused on the spot', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/points/adjustments', () => json({ items: [] }))
    renderPage(StaffPointsPage, PATH)
    fireEvent.click(await screen.findByText('搜索'))
    expect(await screen.findByText('请输入姓名、手机号后四位或门牌')).toBeTruthy()
    expect(api.calls('GET /api/staff/households')).toHaveLength(0)
  })

  test('the adjustment form says what is missing or wrong, field by field, and sends nothing until it is right', async () => {
    await openHousehold()
    const modal = answerModal(true)

    fireEvent.click(screen.getByText('确认加分'))
    expect(formErrors()).toEqual(['请选择居民', '请填写积分', '请写明原因（至少2个字）'])

    fireEvent.click(screen.getByText('王秀兰'))
    type('1 到 1000', '0')
    type('例如：参加清雪志愿服务', ' 扫 ')
    fireEvent.click(screen.getByText('确认加分'))
    await waitFor(() => expect(formErrors()).toEqual(['积分不能为0', '请写明原因（至少2个字）']))

    type('1 到 1000', '1001')
    type('例如：参加清雪志愿服务', '清雪')
    fireEvent.click(screen.getByText('确认加分'))
    await waitFor(() => expect(formErrors()).toEqual(['单次调整不超过1000分']))

    expect(modal).not.toHaveBeenCalled()
    expect(api.calls('POST /api/staff/points/adjustments')).toHaveLength(0)
  })

  test('a valid deduction is confirmed, sent with a negative amount, and the ledger and balance are fetched again', async () => {
    api.on('POST /api/staff/points/adjustments', () => json(entry(60, { amount: -20, reason: 'staff_deduction', title: '社区扣减：违规停车' }), 201))
    await openHousehold()
    const modal = answerModal(true)

    fireEvent.click(screen.getByText('李建国'))
    fireEvent.click(screen.getByText('扣分'))
    type('1 到 1000', '20')
    type('例如：参加清雪志愿服务', '  违规停车 ')
    fireEvent.click(screen.getByText('确认扣分'))

    await waitFor(() => expect(api.calls('POST /api/staff/points/adjustments')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '确认扣分', content: '扣除李建国 20 分，原因：违规停车' })
    const [call] = api.calls('POST /api/staff/points/adjustments')
    expect(call!.body).toEqual({ personId: 102, amount: -20, reason: '违规停车' })
    expect(call!.headers['idempotency-key']).toBeTruthy()
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已扣20分' })))
    await waitFor(() => expect(api.calls('GET /api/staff/households/11/points')).toHaveLength(2))
    await waitFor(() => expect(api.calls('GET /api/staff/households')).toHaveLength(2))
    // The form is cleared for the next adjustment.
    expect((document.querySelector('input[placeholder="1 到 1000"]') as HTMLInputElement).value).toBe('')
    expect(formErrors()).toEqual([])
  })

  test("the server's field messages are shown under the form", async () => {
    api.on('POST /api/staff/points/adjustments', () =>
      json({ code: 'VALIDATION_FAILED', message: '提交的内容有误，请检查后再试', details: [{ path: 'body.reason', message: '原因最多100个字' }] }, 400),
    )
    await openHousehold()
    answerModal(true)

    fireEvent.click(screen.getByText('王秀兰'))
    type('1 到 1000', '10')
    type('例如：参加清雪志愿服务', '清雪')
    fireEvent.click(screen.getByText('确认加分'))

    await waitFor(() => expect(formErrors()).toEqual(['原因最多100个字']))
  })

  test('staff of another community get OUT_OF_COMMUNITY in the server\'s words', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/points/adjustments', () => json({ items: [] }))
    api.on('GET /api/staff/households', () => apiError(403, 'OUT_OF_COMMUNITY', '只能处理本社区的事务'))
    renderPage(StaffPointsPage, PATH)
    await screen.findByText('查找住户')
    type('姓名、手机号后四位或门牌', '王')
    fireEvent.click(screen.getByText('搜索'))
    expect(await screen.findByText('只能处理本社区的事务')).toBeTruthy()
  })
})

describe('积分管理: large adjustments 待审批', () => {
  const approveRoute = 'POST /api/staff/points/adjustments/41/approve'
  const rejectRoute = 'POST /api/staff/points/adjustments/41/reject'

  test('loading, then an empty list says there is nothing to decide', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/points/adjustments', () => json({ items: [] }))
    renderPage(StaffPointsPage, PATH)
    expect(await screen.findByText('没有待审批的积分调整')).toBeTruthy()
    expect(api.calls('GET /api/staff/points/adjustments')[0]!.query.get('communityId')).toBe('7')
  })

  test('a failed load offers 重试, which loads the list', async () => {
    api.on('GET /api/me', () => json(staff))
    // A client error, which the query client does not retry on its own.
    api.once('GET /api/staff/points/adjustments', () => apiError(403, 'OUT_OF_COMMUNITY', '只能处理本社区的事务'))
    api.on('GET /api/staff/points/adjustments', () => json({ items: [pending(41)] }))
    renderPage(StaffPointsPage, PATH)
    expect(await screen.findByText('只能处理本社区的事务')).toBeTruthy()
    expect(screen.getByText('加载失败')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('王秀兰 加 300 分')).toBeTruthy()
    expect(screen.getByText('原因：年度优秀志愿家庭')).toBeTruthy()
  })

  test('a colleague approves with 通过 after confirming, once, and the list is fetched again', async () => {
    api.on('GET /api/me', () => json(staff))
    api.once('GET /api/staff/points/adjustments', () => json({ items: [pending(41)] }))
    api.on('GET /api/staff/points/adjustments', () => json({ items: [] }))
    api.on(approveRoute, () => json(pending(41, { status: 'applied', canDecide: false })))
    const modal = answerModal(true)
    renderPage(StaffPointsPage, PATH)
    fireEvent.click(await screen.findByText('通过'))
    await waitFor(() => expect(api.calls(approveRoute)).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '通过积分调整', content: '为王秀兰加 300 分，原因：年度优秀志愿家庭' })
    expect(api.calls(approveRoute)[0]!.headers['idempotency-key']).toBeTruthy()
    expect(await screen.findByText('没有待审批的积分调整')).toBeTruthy()
    expect(api.calls(rejectRoute)).toHaveLength(0)
  })

  test('不通过 asks for a reason and sends it', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/points/adjustments', () => json({ items: [pending(41)] }))
    api.on(rejectRoute, () => json(pending(41, { status: 'rejected', canDecide: false, rejectReason: '情况已核实，不予奖励' })))
    renderPage(StaffPointsPage, PATH)
    fireEvent.click(await screen.findByText('不通过'))
    fireEvent.input(document.querySelector('input[placeholder="例如：情况已核实，不予奖励"], textarea[placeholder="例如：情况已核实，不予奖励"]')!, { target: { value: '情况已核实，不予奖励' } })
    fireEvent.click(screen.getByText('确认不通过'))
    await waitFor(() => expect(api.calls(rejectRoute)).toHaveLength(1))
    expect(api.calls(rejectRoute)[0]!.body).toEqual({ reason: '情况已核实，不予奖励' })
    expect(api.calls(approveRoute)).toHaveLength(0)
  })

  test('the requester sees their large adjustment 待审批, without buttons; so does the family of the beneficiary', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/points/adjustments', () =>
      json({ items: [pending(41, { mine: true, canDecide: false }), pending(42, { personName: '赵敏', canDecide: false, amount: -250, reason: '违规占用公共区域' })] }),
    )
    renderPage(StaffPointsPage, PATH)
    expect(await screen.findByText('您提交的调整，等待其他工作人员审批后记入积分。')).toBeTruthy()
    expect(screen.getByText('赵敏 扣 250 分')).toBeTruthy()
    expect(screen.getByText('这是您家人的事项，请由其他工作人员审批。')).toBeTruthy()
    expect(screen.getAllByText('待审批')).toHaveLength(2)
    expect(screen.queryByText('通过')).toBeNull()
    expect(screen.queryByText('不通过')).toBeNull()
  })

  test('an adjustment above the threshold is answered 待审批: the toast says so and the list is fetched again', async () => {
    api.on('POST /api/staff/points/adjustments', () => json(pending(43, { mine: true, canDecide: false }), 202))
    await openHousehold()
    answerModal(true)
    fireEvent.click(screen.getByText('王秀兰'))
    type('1 到 1000', '300')
    type('例如：参加清雪志愿服务', '年度优秀志愿家庭')
    fireEvent.click(screen.getByText('确认加分'))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '超过审批门槛，已提交待审批' })))
    await waitFor(() => expect(api.calls('GET /api/staff/points/adjustments')).toHaveLength(2))
  })
})
