import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import AdminCalendarPage from '../../src/packages/staff/calendar/index'
import type { CalendarDay, CalendarStatus } from '../../types/api/org'
import { staffMember } from './staff-booking-fixtures'
import { json, me, renderPage, useFakeApi } from './support'

const PATH = '/packages/staff/calendar/index'
const api = useFakeApi()
const admin = me({ name: '区管理员', roles: ['admin'], staffCommunityIds: [7, 9] })

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-09-28T10:00:00+08:00') })
})

const complete: CalendarStatus = { missingYear: null, notice: null }

/** Serves the calendar by year; the test changes `years` as the server would. */
function serve(years: Record<string, CalendarDay[]>, status: CalendarStatus = complete) {
  api.on('GET /api/me', () => json(admin))
  api.on('GET /api/admin/calendar', (call) => json({ items: years[call.query.get('year') ?? ''] ?? [] }))
  api.on('GET /api/calendar/status', () => json(status))
}

function row(date: string) {
  return screen.getByText(date).closest('.calendar-day') as HTMLElement
}

const official = (day: string, kind: 'holiday' | 'workday', name: string): CalendarDay => ({ day, kind, name, source: 'official', overrides: null })
const ours = (day: string, kind: 'holiday' | 'workday', name: string, overrides: CalendarDay['overrides'] = null): CalendarDay => ({ day, kind, name, source: 'admin', overrides })

const national: CalendarDay[] = [official('2026-10-01', 'holiday', '国庆节'), ours('2026-09-27', 'workday', '国庆节调休')]

describe('节假日与调休', () => {
  test("lists the year's days in order with their kind and name; the year switcher asks for another year", async () => {
    serve({ '2026': national, '2027': [official('2027-01-01', 'holiday', '元旦')] })
    renderPage(AdminCalendarPage, PATH)

    await screen.findByText('10月1日 周四')
    expect(api.calls('GET /api/admin/calendar')[0]!.query.get('year')).toBe('2026')
    expect(document.querySelector('.calendar-rule')!.textContent).toContain('节假日全天开放（按周末时间），调休上班日按工作日时间开放。')
    expect([...document.querySelectorAll('.calendar-day__date')].map((el) => el.textContent)).toEqual(['9月27日 周日', '10月1日 周四'])
    expect(row('9月27日 周日').textContent).toContain('调休上班')
    expect(row('9月27日 周日').textContent).toContain('国庆节调休')
    expect(row('9月27日 周日').querySelector('.calendar-day__source')?.textContent).toBe('本区设置')
    expect(row('10月1日 周四').querySelector('.tag')?.textContent).toBe('节假日')
    expect(row('10月1日 周四').querySelector('.calendar-day__source')?.textContent).toBe('国务院公布')
    // An official day can be changed (overridden) but not deleted; the admin's own day can be deleted.
    expect(within(row('10月1日 周四')).queryByText('删除')).toBeNull()
    expect(within(row('10月1日 周四')).getByText('修改')).toBeTruthy()
    expect(within(row('9月27日 周日')).getByText('删除')).toBeTruthy()
    // Nothing is missing: no notice.
    expect(document.querySelector('.calendar-notice')).toBeNull()

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
      const body = call.body as { kind: 'holiday' | 'workday'; name: string }
      const saved = ours('2026-09-28', body.kind, body.name)
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

  test('修改 on an official day fills the form, says it will be overridden, and the saved override names what it replaces', async () => {
    const days = [...national]
    serve({ '2026': days })
    api.on('PUT /api/admin/calendar/2026-10-01', (call) => {
      const body = call.body as { kind: 'holiday' | 'workday'; name: string }
      days[0] = ours('2026-10-01', body.kind, body.name, { kind: 'holiday', name: '国庆节' })
      return json(days[0])
    })
    renderPage(AdminCalendarPage, PATH)
    await screen.findByText('10月1日 周四')

    fireEvent.click(within(row('10月1日 周四')).getByText('修改'))
    expect(document.querySelector('.calendar-form__date')!.textContent).toBe('2026年10月1日 周四')
    expect(screen.getByText('国务院公布这一天为节假日（国庆节），保存将以本区的设置代替它')).toBeTruthy()
    fireEvent.click(screen.getByText('调休上班', { selector: '.choice-buttons__item, .choice-buttons__item *' }))
    fireEvent.input(document.querySelector('input[placeholder="例如：国庆节"]')!, { target: { value: '值班开放' } })
    fireEvent.click(screen.getByText('保存'))

    await waitFor(() => expect(api.calls('PUT /api/admin/calendar/2026-10-01')).toHaveLength(1))
    expect(api.calls('PUT /api/admin/calendar/2026-10-01')[0]!.body).toEqual({ kind: 'workday', name: '值班开放' })
    expect(await screen.findByText('值班开放')).toBeTruthy()
    expect(row('10月1日 周四').querySelector('.calendar-day__overrides')?.textContent).toBe('代替国务院公布的节假日（国庆节）')
    expect(row('10月1日 周四').querySelector('.calendar-day__source')?.textContent).toBe('本区设置')
    expect(within(row('10月1日 周四')).getByText('恢复')).toBeTruthy()
  })

  test('修改 on the admin’s own day says saving changes it', async () => {
    serve({ '2026': [...national] })
    renderPage(AdminCalendarPage, PATH)
    await screen.findByText('9月27日 周日')
    fireEvent.click(within(row('9月27日 周日')).getByText('修改'))
    expect(screen.getByText('这一天已设为调休上班（国庆节调休），保存将修改它')).toBeTruthy()
  })

  test('恢复 puts the official arrangement back in the list', async () => {
    const days = [ours('2026-10-01', 'workday', '值班开放', { kind: 'holiday', name: '国庆节' })]
    serve({ '2026': days })
    api.on('DELETE /api/admin/calendar/2026-10-01', () => {
      days[0] = official('2026-10-01', 'holiday', '国庆节')
      return json({ restored: days[0] })
    })
    const modal = vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    renderPage(AdminCalendarPage, PATH)
    await screen.findByText('值班开放')

    fireEvent.click(within(row('10月1日 周四')).getByText('恢复'))
    await waitFor(() => expect(api.calls('DELETE /api/admin/calendar/2026-10-01')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '恢复官方安排', confirmText: '恢复' })
    expect(modal.mock.calls[0]![0]!.content).toBe('2026年10月1日（值班开放）将不再按本区的设置，恢复为国务院公布的节假日（国庆节）。')
    await waitFor(() => expect(row('10月1日 周四').querySelector('.calendar-day__source')?.textContent).toBe('国务院公布'))
    expect(screen.queryByText('值班开放')).toBeNull()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已恢复国务院公布的安排' }))
  })

  test('a missing year is said at the top of the page', async () => {
    serve({ '2026': [...national] }, { missingYear: 2027, notice: '系统里还没有2027年的法定节假日和调休安排' })
    renderPage(AdminCalendarPage, PATH)
    expect(await screen.findByText('节假日安排待录入')).toBeTruthy()
    expect(document.querySelector('.calendar-notice')!.textContent).toContain('系统里还没有2027年的法定节假日和调休安排')
  })

  test('删除 asks, removes the day, and it leaves the list', async () => {
    const days = [...national]
    serve({ '2026': days })
    api.on('DELETE /api/admin/calendar/2026-09-27', () => {
      days.splice(1, 1)
      return json({ restored: null })
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
