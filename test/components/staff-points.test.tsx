import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test, vi } from 'vitest'
import StaffPointsPage from '../../src/packages/staff/points/index'
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

/** Searches for 王秀兰 and opens her household. */
async function openHousehold() {
  api.on('GET /api/me', () => json(staff))
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
    api.on('GET /api/staff/households', () => apiError(403, 'OUT_OF_COMMUNITY', '只能处理本社区的事务'))
    renderPage(StaffPointsPage, PATH)
    await screen.findByText('查找住户')
    type('姓名、手机号后四位或门牌', '王')
    fireEvent.click(screen.getByText('搜索'))
    expect(await screen.findByText('只能处理本社区的事务')).toBeTruthy()
  })
})
