import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import jsQR from 'jsqr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Activity } from '../../types/api/volunteer'
import { runningClock } from '../support/clock'
import { createTestApp, type TestApp } from '../support/test-app'
import { acceptModal, button, cell, chromiumAvailable, launchPhone, logInAs, nextScanReads, reopen, settledOn, shown, tab, visit } from './browser'

const H5_DIR = path.resolve(__dirname, '../../dist-h5')
const SHOTS = path.resolve(__dirname, '../../test-results')

/** The pages of the journey (src/app.config.ts). */
const ACTIVITIES = '/pages/activities/index'
const DETAIL = '/packages/volunteer/detail/index'
const MINE = '/packages/volunteer/mine/index'
const RECORDS = '/packages/volunteer/records/index'
const CERTIFICATE = '/packages/volunteer/certificate/index'
const STAFF_ACTIVITIES = '/packages/staff/activities/index'
const ROSTER = '/packages/staff/roster/index'
const QR = '/packages/staff/activity-qr/index'

/** Demo personas of 联通社区 (server/src/db/seed/demo.ts); 李建国 has 104 confirmed hours from the seed. */
const STAFF = '刘晓燕'
const VOLUNTEER = '李建国'
const TITLE = '楼道清雪小分队'


describe.skipIf(!chromiumAvailable)('志愿服务 in Chromium: published, signed up, checked in and out with the organiser’s code, confirmed, certified', () => {
  let t: TestApp
  let base: string
  let phones: Awaited<ReturnType<typeof launchPhone>>[] = []
  let organiser: Page
  let volunteer: Page
  let activity: Activity

  const field = (p: Page, placeholder: string) => shown(p.locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`))
  const shot = (p: Page, name: string) => p.screenshot({ path: path.join(SHOTS, `e2e-volunteer-${name}.png`) })

  /** What the organiser's screen shows: the QR picture's pixels, decoded as a phone camera would. */
  async function codeOnOrganiserScreen(): Promise<string> {
    await reopen(organiser, base, `${QR}?id=${activity.id}`)
    const img = shown(organiser.locator('.activity-qr__code img, img.activity-qr__code'))
    await img.waitFor()
    const pixels = await img.evaluate((el: HTMLImageElement) => {
      const canvas = document.createElement('canvas')
      canvas.width = el.naturalWidth
      canvas.height = el.naturalHeight
      const ctx = canvas.getContext('2d')!
      ctx.drawImage(el, 0, 0)
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height)
      return { width: data.width, height: data.height, data: Array.from(data.data) }
    })
    const decoded = jsQR(Uint8ClampedArray.from(pixels.data), pixels.width, pixels.height)
    expect(decoded, 'the organiser page shows a readable QR code').not.toBeNull()
    return decoded!.data
  }

  /** The volunteer's phone camera reads `code`, and the volunteer presses the scan button. */
  async function scanOnVolunteerPhone(code: string, label: RegExp) {
    await nextScanReads(volunteer, code)
    await shown(button(volunteer, label)).click()
  }

  beforeAll(async () => {
    if (!existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('dist-h5 is missing: run `npm run build:h5` first (npm test does)')
    t = await createTestApp({ clock: runningClock(), env: { H5_DIR } })
    base = await t.app.listen({ host: '127.0.0.1', port: 0 })
    mkdirSync(SHOTS, { recursive: true })
    phones = [await launchPhone(), await launchPhone()]
    organiser = await phones[0]!.context.newPage()
    volunteer = await phones[1]!.context.newPage()
  }, 60_000)
  afterAll(async () => {
    for (const phone of phones) await phone.close()
    await t?.close()
  })

  it('the organiser publishes an activity for tomorrow morning', async () => {
    await logInAs(organiser, base, STAFF)
    await shown(cell(organiser, '社区工作台')).click()
    await settledOn(organiser, '/packages/workbench/index/index')
    await shown(cell(organiser, '志愿活动管理')).click()
    await settledOn(organiser, STAFF_ACTIVITIES)
    await shown(button(organiser, '发布活动')).click()
    await field(organiser, '例如：重阳节敬老义剪').fill(TITLE)
    await field(organiser, '例如：党群服务中心二楼活动室').fill('联通小区3号楼')
    await field(organiser, '例如：10').fill('6')
    // The form's defaults: tomorrow, 09:00–11:00.
    await shown(button(organiser, '发布')).click()
    await shown(organiser.locator('.staff-activity').filter({ hasText: TITLE })).waitFor()
    await shot(organiser, 'published')
    const list = (await t.app.inject({ method: 'GET', url: '/api/activities', headers: await t.headersAs('volunteer') })).json() as { items: Activity[] }
    activity = list.items.find((a) => a.title === TITLE)!
    expect(activity).toMatchObject({ capacity: 6, signedUp: 0, place: '联通小区3号楼', hours: 2 })
  })

  it('the volunteer finds it in the 活动 tab and signs up', async () => {
    await logInAs(volunteer, base, VOLUNTEER)
    await shown(tab(volunteer, '活动')).click()
    await settledOn(volunteer, ACTIVITIES)
    await shown(volunteer.locator('.activity-card').filter({ hasText: TITLE })).click()
    await settledOn(volunteer, DETAIL)
    await shown(button(volunteer, '我要报名')).click()
    await shown(volunteer.getByText('报名成功').first()).waitFor()
    await shot(volunteer, 'signed-up')
  })

  it('on site, the volunteer checks in and later out by scanning the organiser’s rotating code', async () => {
    const start = Date.parse(activity.startsAt)
    const end = Date.parse(activity.endsAt)
    t.clock.now = new Date(start - 10 * 60_000)
    const code = await codeOnOrganiserScreen()
    expect(code).toMatch(new RegExp(`^doorstep:vol:${activity.id}:`))
    await shot(organiser, 'qr')
    await reopen(volunteer, base, `${DETAIL}?id=${activity.id}`)
    await scanOnVolunteerPhone(code, /^扫码签到$/)
    await shown(volunteer.getByText('签到成功').first()).waitFor()

    // After the end the code has changed: the one scanned on arrival no longer works, the organiser's new one does.
    t.clock.now = new Date(end + 5 * 60_000)
    await reopen(volunteer, base, `${DETAIL}?id=${activity.id}`)
    await scanOnVolunteerPhone(code, /^扫码签退$/)
    await shown(volunteer.getByText('签到码已过期，请扫描组织者手机上刚刷新的签到码').first()).waitFor()
    const fresh = await codeOnOrganiserScreen()
    expect(fresh).not.toBe(code)
    await reopen(volunteer, base, `${DETAIL}?id=${activity.id}`)
    await scanOnVolunteerPhone(fresh, /^扫码签退$/)
    await shown(volunteer.getByText('签退成功').first()).waitFor()
    await shot(volunteer, 'checked-out')
  })

  it('the organiser confirms the two hours in the roster', async () => {
    await reopen(organiser, base, `${ROSTER}?id=${activity.id}`)
    const entry = shown(organiser.locator('.roster-entry').filter({ hasText: VOLUNTEER }))
    await entry.waitFor()
    await shown(entry.locator('taro-button-core').filter({ hasText: '确认时长' })).click()
    await shown(organiser.locator('.confirm-hours__submit')).click()
    await shown(organiser.getByText(`已确认${VOLUNTEER}的服务时长2小时`).first()).waitFor()
    await shot(organiser, 'confirmed')
  })

  it('the volunteer sees the hours and issues a certificate anyone can verify', async () => {
    await reopen(volunteer, base, MINE)
    await shown(volunteer.getByText('106').first()).waitFor()
    await visit(volunteer, base, RECORDS)
    await shown(volunteer.locator('.card').filter({ hasText: TITLE })).waitFor()
    await shown(button(volunteer, '开具志愿服务证明')).click()
    await acceptModal(volunteer)
    await settledOn(volunteer, CERTIFICATE)
    await shown(volunteer.locator('.certificate-paper__hours').filter({ hasText: '106' })).waitFor()
    const code = (await shown(volunteer.locator('.certificate-verify__code')).textContent())!.trim()
    await shot(volunteer, 'certificate')
    const verified = await t.app.inject({ method: 'GET', url: `/api/certificates/${code}` })
    expect(verified.json()).toMatchObject({ valid: true, holderName: '李*国', totalHours: 106, recordCount: 53 })
  })
})
