import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { RoomWeek, Slot } from '../../types/api/booking'
import { BOOKING_STATUS_LABELS } from '../../types/api/labels'
import { chinaTime } from '../../types/time'
import { runningClock } from '../support/clock'
import { createTestApp, type TestApp } from '../support/test-app'
import { acceptModal, button, cell, chromiumAvailable, launchPhone, logInAs, nextScanReads, settledOn, shown, visit } from './browser'

const H5_DIR = path.resolve(__dirname, '../../dist-h5')
const SHOTS = path.resolve(__dirname, '../../test-results')

/** The pages of the journey (src/app.config.ts). */
const HOME = '/pages/index/index'
const STATION = '/packages/booking/station/index'
const ROOM = '/packages/booking/room/index'
const DETAIL = '/packages/booking/detail/index'
const STAFF_BOOKINGS = '/packages/staff/bookings/index'

/** Demo personas of 联通社区 (server/src/db/seed/demo.ts). */
const RESIDENT = '张秀兰'
const NEIGHBOUR = '李建国'
const STAFF = '刘晓燕'
const CENTRE = '联通社区党群服务中心'
const ROOM_NAME = '会议培训室' // needs approval (demo seed)
const PURPOSE = '3号楼楼长议事会'

const clock = (iso: string) => iso.slice(11, 16)
const monthDay = (iso: string) => `${Number(iso.slice(5, 7))}/${Number(iso.slice(8, 10))}`

describe.skipIf(!chromiumAvailable)('阵地预约 in Chromium: booked, refused to a second resident, approved, checked in by the door code', () => {
  let t: TestApp
  let base: string
  let phones: Awaited<ReturnType<typeof launchPhone>>[] = []
  let page: Page
  let roomId: number
  /** The two adjacent free half hours the journey books, and whether they are next week. */
  let first: Slot
  let second: Slot
  let nextWeek: boolean
  let bookingUrl: string

  /**
   * On the room page: the week, the day, then the two cells — the first tap starts the range, the second ends it.
   * The page opens on the week of the next bookable day, so next week's slots may already be in sight.
   */
  async function pickSlots(p: Page) {
    const day = p.locator('.day-tab').filter({ hasText: monthDay(first.startsAt) })
    await shown(p.locator('.day-tab').first()).waitFor()
    if (nextWeek && (await day.count()) === 0) await shown(button(p, /下一周/)).click()
    await shown(day).click()
    for (const slot of [first, second]) {
      await shown(p.locator('.day-panel .tap-target').filter({ hasText: new RegExp(`^${clock(slot.startsAt)}–${clock(slot.endsAt)}`) })).click()
    }
    await shown(p.locator('.room-summary')).waitFor()
    // Choosing slots scrolls the page to the form (Taro.pageScrollTo, 300 ms, later under load): act only once it
    // has come to rest, or a tap can land on whatever the scroll brings under the pointer.
    await p.waitForFunction(`new Promise((resolve) => {
      const where = () => [window.scrollY, ...[...document.querySelectorAll('.taro_page')].map((e) => e.scrollTop)].join()
      const before = where()
      setTimeout(() => resolve(where() === before), 400)
    })`, undefined, { timeout: 10_000 })
  }

  async function fillForm(p: Page, purpose: string, attendees: string) {
    await shown(p.locator('textarea[placeholder="例如：老年书法小组练字"]')).fill(purpose)
    await shown(p.locator('input[placeholder="最多30人"]')).fill(attendees)
  }

  const shot = (p: Page, name: string) => p.screenshot({ path: path.join(SHOTS, `e2e-booking-${name}.png`) })

  beforeAll(async () => {
    if (!existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('dist-h5 is missing: run `npm run build:h5` first (npm test does)')
    t = await createTestApp({ clock: runningClock(), env: { H5_DIR } })
    base = await t.app.listen({ host: '127.0.0.1', port: 0 })
    mkdirSync(SHOTS, { recursive: true })

    // The slots to book: the first two adjacent free half hours from tomorrow on, this week or the next.
    const resident = await t.headersAs('resident')
    const stations = (await t.app.inject({ method: 'GET', url: '/api/stations', headers: resident })).json() as { items: { id: number; name: string }[] }
    const centre = (await t.app.inject({ method: 'GET', url: `/api/stations/${stations.items.find((s) => s.name === CENTRE)!.id}`, headers: resident })).json() as { rooms: { id: number; name: string }[] }
    roomId = centre.rooms.find((r) => r.name === ROOM_NAME)!.id
    const today = chinaTime(t.clock.now)
    const tomorrow = today.add(1, 'day').format('YYYY-MM-DD')
    for (const [offset, date] of [[false, undefined], [true, today.add(7, 'day').format('YYYY-MM-DD')]] as const) {
      const week = (await t.app.inject({ method: 'GET', url: `/api/rooms/${roomId}/week${date ? `?date=${date}` : ''}`, headers: resident })).json() as RoomWeek
      for (const day of week.days.filter((d) => d.date >= tomorrow)) {
        const i = day.slots.findIndex((s, j) => s.state === 'free' && day.slots[j + 1]?.state === 'free' && day.slots[j + 1]!.startsAt === s.endsAt)
        if (i >= 0) {
          ;[first, second, nextWeek] = [day.slots[i]!, day.slots[i + 1]!, offset]
          return
        }
      }
    }
    throw new Error('no two adjacent free half hours in the next two weeks')
  }, 60_000)
  afterAll(async () => {
    for (const phone of phones) await phone.close()
    await t?.close()
  })

  let neighbour: Page
  it('two residents open the same room; the first books two half hours, waiting for approval', async () => {
    phones = [await launchPhone(), await launchPhone()]
    page = await phones[0]!.context.newPage()
    neighbour = await phones[1]!.context.newPage()

    // The neighbour already has the week on screen with the same half hours picked.
    await logInAs(neighbour, base, NEIGHBOUR)
    await visit(neighbour, base, `${ROOM}?id=${roomId}`)
    await pickSlots(neighbour)
    await fillForm(neighbour, '志愿者例会', '8')

    // The resident goes 首页 → the centre → the room.
    await logInAs(page, base, RESIDENT)
    await visit(page, base, HOME)
    await cell(page, CENTRE).click()
    await settledOn(page, STATION)
    await shown(page.locator('.room-card').filter({ hasText: ROOM_NAME })).click()
    await settledOn(page, ROOM)
    await pickSlots(page)
    await fillForm(page, PURPOSE, '15')
    await shot(page, 'picked')
    await shown(button(page, '提交预约申请')).click()
    await settledOn(page, DETAIL)
    await shown(page.getByText(PURPOSE)).waitFor()
    await shown(page.getByText(BOOKING_STATUS_LABELS.pending).first()).waitFor()
    bookingUrl = new URL(page.url()).hash.slice(1)
    expect(bookingUrl).toMatch(/^\/packages\/booking\/detail\/index\?id=\d+$/)
    await shot(page, 'pending')
  })

  it('the neighbour, a moment late, is refused the same half hours and sees them taken', async () => {
    await shown(button(neighbour, '提交预约申请')).click()
    await shown(neighbour.getByText('这个时段刚被别人预约了，请换个时段').first()).waitFor()
    const taken = neighbour.locator('.day-panel .tap-target').filter({ hasText: new RegExp(`^${clock(first.startsAt)}–${clock(first.endsAt)}`), visible: true })
    await expect.poll(async () => (await taken.first().textContent()) ?? '').toContain('已约')
    await shot(neighbour, 'refused')
    // Exactly one booking holds the time.
    const held = (await t.app.inject({ method: 'GET', url: `/api/bookings/mine`, headers: await t.headersAs('volunteer') })).json() as { items: unknown[] }
    expect(held.items.filter((b) => (b as { purpose: string }).purpose === '志愿者例会')).toHaveLength(0)
  })

  it('staff approve it from the 工作台’s 预约审批', async () => {
    await logInAs(page, base, STAFF)
    await shown(cell(page, '社区工作台')).click()
    await settledOn(page, '/packages/workbench/index/index')
    await shown(page.locator('.workbench-tile').filter({ hasText: '预约审批' })).click()
    await settledOn(page, STAFF_BOOKINGS)
    const card = shown(page.locator('.card').filter({ hasText: PURPOSE }))
    await card.waitFor()
    await shown(card.locator('taro-button-core').filter({ hasText: /^通过$/ })).click()
    await acceptModal(page)
    await expect.poll(async () => page.locator('.card').filter({ hasText: PURPOSE, visible: true }).count()).toBe(0)
    await shot(page, 'approved')
  })

  it('at the room, the resident scans the code on the door and is checked in', async () => {
    const code = (await t.app.inject({ method: 'GET', url: `/api/staff/rooms/${roomId}/check-in-code`, headers: await t.headersAs('staff') })).json().code as string
    // Five minutes before the start: check-in is open.
    t.clock.now = new Date(Date.parse(first.startsAt) - 5 * 60_000)
    await logInAs(page, base, RESIDENT)
    await visit(page, base, bookingUrl)
    await shown(page.getByText(BOOKING_STATUS_LABELS.confirmed).first()).waitFor()
    // The phone's camera reads the door's code.
    await nextScanReads(page, code)
    await shown(button(page, '扫码签到')).click()
    await shown(page.getByText(BOOKING_STATUS_LABELS.checked_in).first()).waitFor()
    await shot(page, 'checked-in')
    const id = Number(new URLSearchParams(bookingUrl.split('?')[1]).get('id'))
    const booking = (await t.app.inject({ method: 'GET', url: `/api/bookings/${id}`, headers: await t.headersAs('resident') })).json()
    expect(booking).toMatchObject({ status: 'checked_in', purpose: PURPOSE, startsAt: first.startsAt, endsAt: second.endsAt })
  })
})
