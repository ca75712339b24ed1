import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import AdminCalendarPage from '../../src/packages/staff/calendar/index'
import type { CalendarDay } from '../../types/api/booking'
import { staffMember } from './staff-booking-fixtures'
import { json, me, renderPage, useFakeApi } from './support'

const PATH = '/packages/staff/calendar/index'
const api = useFakeApi()
const admin = me({ name: '区管理员', roles: ['admin'], staffCommunityIds: [7, 9] })

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-09-28T10:00:00+08:00') })
})

/** Serves the calendar by year; the test changes `years` as the server would. */
function serve(years: Record<string, CalendarDay[]>) {
  api.on('GET /api/me', () => json(admin))
  api.on('GET /api/admin/calendar', (call) => json({ items: years[call.query.get('year') ?? ''] ?? [] }))
}

function row(date: string) {
  return screen.getByText(date).closest('.calendar-day') as HTMLElement
}

const national: CalendarDay[] = [
  { day: '2026-10-01', kind: 'holiday', name: '国庆节' },
  { day: '2026-09-27', kind: 'workday', name: '国庆节调休' },
]

describe('节假日与调休', () => {
  test("lists the year's days in order with their kind and name; the year switcher asks for another year", async () => {
    serve({ '2026': national, '2027': [{ day: '2027-01-01', kind: 'holiday', name: '元旦' }] })
    renderPage(AdminCalendarPage, PATH)

    await screen.findByText('10月1日 周四')
    expect(api.calls('GET /api/admin/calendar')[0]!.query.get('year')).toBe('2026')
    expect(screen.getByText('节假日全天开放（按周末时间），调休上班日按工作日时间开放。')).toBeTruthy()
    expect([...document.querySelectorAll('.calendar-day__date')].map((el) => el.textContent)).toEqual(['9月27日 周日', '10月1日 周四'])
    expect(row('9月27日 周日').textContent).toContain('调休上班')
    expect(row('9月27日 周日').textContent).toContain('国庆节调休')
    expect(row('10月1日 周四').querySelector('.tag')?.textContent).toBe('节假日')

    fireEvent.click(screen.getByText('下一年'))
    expect(await screen.findByText('1月1日 周五')).toBeTruthy()
    expect(screen.getByText('2027年')).toBeTruthy()
    expect(api.calls('GET /api/admin/calendar').at(-1)!.query.get('year')).toBe('2027')
    fireEvent.click(screen.getByText('上一年'))
    fireEvent.click(screen.getByText('上一年'))
    expect(await screen.findByText('2025年还没有设置')).toBeTruthy()
  })

  test('adds a day with its kind and name, and the list shows it', async () => {
    const days = [...national]
    serve({ '2026': days })
    api.on('PUT /api/admin/calendar/2026-09-28', (call) => {
      const saved = { day: '2026-09-28', ...(call.body as { kind: 'holiday' | 'workday'; name: string }) }
      days.push(saved)
      return json(saved)
    })
    renderPage(AdminCalendarPage, PATH)
    await screen.findByText('10月1日 周四')

    // The form starts on today.
    expect(document.querySelector('.calendar-form__date')!.textContent).toBe('2026年9月28日 周一')
    fireEvent.click(screen.getByText('调休上班', { selector: '.choice-buttons__item, .choice-buttons__item *' }))
    fireEvent.input(document.querySelector('input[placeholder="例如：国庆节"]')!, { target: { value: ' 中秋节调休 ' } })
    fireEvent.click(screen.getByText('保存'))

    await waitFor(() => expect(api.calls('PUT /api/admin/calendar/2026-09-28')).toHaveLength(1))
    expect(api.calls('PUT /api/admin/calendar/2026-09-28')[0]!.body).toEqual({ kind: 'workday', name: '中秋节调休' })
    expect(api.calls('PUT /api/admin/calendar/2026-09-28')[0]!.headers['idempotency-key']).toBeTruthy()
    expect(await screen.findByText('9月28日 周一')).toBeTruthy()
    expect(row('9月28日 周一').textContent).toContain('中秋节调休')
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已设置9月28日 周一为调休上班' }))
  })

  test('修改 fills the form with the day, and saving changes it', async () => {
    const days = [...national]
    serve({ '2026': days })
    api.on('PUT /api/admin/calendar/2026-10-01', (call) => {
      days[0] = { day: '2026-10-01', ...(call.body as { kind: 'holiday' | 'workday'; name: string }) }
      return json(days[0])
    })
    renderPage(AdminCalendarPage, PATH)
    await screen.findByText('10月1日 周四')

    fireEvent.click(within(row('10月1日 周四')).getByText('修改'))
    expect(document.querySelector('.calendar-form__date')!.textContent).toBe('2026年10月1日 周四')
    expect(screen.getByText('这一天已设为节假日（国庆节），保存将修改它')).toBeTruthy()
    fireEvent.input(document.querySelector('input[placeholder="例如：国庆节"]')!, { target: { value: '国庆节、中秋节' } })
    fireEvent.click(screen.getByText('保存'))

    await waitFor(() => expect(api.calls('PUT /api/admin/calendar/2026-10-01')).toHaveLength(1))
    expect(api.calls('PUT /api/admin/calendar/2026-10-01')[0]!.body).toEqual({ kind: 'holiday', name: '国庆节、中秋节' })
    expect(await screen.findByText('国庆节、中秋节')).toBeTruthy()
  })

  test('删除 asks, removes the day, and it leaves the list', async () => {
    const days = [...national]
    serve({ '2026': days })
    api.on('DELETE /api/admin/calendar/2026-09-27', () => {
      days.splice(1, 1)
      return new Response(null, { status: 204 })
    })
    const modal = vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    renderPage(AdminCalendarPage, PATH)
    await screen.findByText('9月27日 周日')

    fireEvent.click(within(row('9月27日 周日')).getByText('删除'))
    await waitFor(() => expect(api.calls('DELETE /api/admin/calendar/2026-09-27')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '删除这一天', confirmText: '删除' })
    expect(modal.mock.calls[0]![0]!.content).toContain('按星期几正常开放')
    await waitFor(() => expect(screen.queryByText('9月27日 周日')).toBeNull())
    expect(screen.getByText('10月1日 周四')).toBeTruthy()
  })

  test('删除 answered 取消 removes nothing', async () => {
    serve({ '2026': [...national] })
    vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: false, cancel: true, errMsg: 'showModal:ok' } as never)
    renderPage(AdminCalendarPage, PATH)
    await screen.findByText('9月27日 周日')

    fireEvent.click(within(row('9月27日 周日')).getByText('删除'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled())
    expect(api.calls('DELETE /api/admin/calendar/2026-09-27')).toHaveLength(0)
    expect(screen.getByText('9月27日 周日')).toBeTruthy()
  })

  test('community staff who are not admins are told the page is not theirs', async () => {
    api.on('GET /api/me', () => json(staffMember))
    renderPage(AdminCalendarPage, PATH)
    expect(await screen.findByText('仅限管理员使用')).toBeTruthy()
    expect(api.calls('GET /api/admin/calendar')).toHaveLength(0)
  })
})
