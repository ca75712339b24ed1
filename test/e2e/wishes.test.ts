import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { WISH_STATUS_LABELS } from '../../types/api/labels'
import { runningClock } from '../support/clock'
import { createTestApp, type TestApp } from '../support/test-app'
import { acceptModal as acceptDialog, button, chromiumAvailable, launchPhone, logInAs as logInAsPersona, settledOn, shown, visit as visitPage } from './browser'

const H5_DIR = path.resolve(__dirname, '../../dist-h5')
const SHOTS = path.resolve(__dirname, '../../test-results')

/** The pages of the journey (src/app.config.ts). */
const POST = '/packages/wish/post/index'
const DETAIL = '/packages/wish/detail/index'
const REVIEW = '/packages/staff/wish-review/index'
const POINTS = '/packages/points/index/index'

/** The demo personas of 联通社区 (server/src/db/seed/demo.ts). */
const RESIDENT = '张秀兰'
const STAFF = '刘晓燕'
const VOLUNTEER = '李建国'

const TITLE = '想请人帮忙贴春联'
// A 1×1 PNG: the proof photo the volunteer uploads through the browser's file picker.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')


describe.skipIf(!chromiumAvailable)('微心愿 in Chromium: posted, approved, claimed, fulfilled, confirmed — and the claimer is paid', () => {
  let t: TestApp
  let base: string
  let browser: Awaited<ReturnType<typeof launchPhone>>
  let page: Page
  let wishUrl: string

  /** The native field inside Taro's <taro-input-core> / <taro-textarea-core>, found by its placeholder. */
  const field = (placeholder: string) => shown(page.locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`))
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `e2e-wish-${name}.png`) })

  const visit = (route: string) => visitPage(page, base, route)
  const logInAs = (name: string) => logInAsPersona(page, base, name)
  const acceptModal = () => acceptDialog(page)

  beforeAll(async () => {
    if (!existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('dist-h5 is missing: run `npm run build:h5` first (npm test does)')
    t = await createTestApp({ clock: runningClock(), env: { H5_DIR } })
    base = await t.app.listen({ host: '127.0.0.1', port: 0 })
    browser = await launchPhone()
    page = await browser.context.newPage()
    mkdirSync(SHOTS, { recursive: true })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  it('the resident posts a wish; it waits for review', async () => {
    await logInAs(RESIDENT)
    await visit(POST)
    await shown(button(page, '助老')).click()
    await field('一句话说清想要什么，如：想要一台收音机').fill(TITLE)
    await field('为什么需要、需要什么样的，方便志愿者准备').fill('过年想贴春联，个子矮够不着门框上面，想请志愿者帮个忙。')
    await field('例如：80').fill('0')
    await shown(button(page, '电话联系')).click()
    await shown(button(page, '提交心愿')).click()
    await settledOn(page, DETAIL)
    await shown(page.getByText(TITLE)).waitFor()
    await shown(page.getByText(WISH_STATUS_LABELS.pending)).waitFor()
    wishUrl = new URL(page.url()).hash.slice(1)
    expect(wishUrl).toMatch(/^\/packages\/wish\/detail\/index\?id=\d+$/)
    await shot('posted')
  })

  it('staff approve it in the review queue', async () => {
    await logInAs(STAFF)
    await visit(REVIEW)
    const card = shown(page.locator('.card').filter({ hasText: TITLE }))
    await card.waitFor()
    await shown(card.locator('taro-button-core').filter({ hasText: /^通过$/ })).click()
    await acceptModal()
    await expect.poll(async () => page.locator('.card').filter({ hasText: TITLE, visible: true }).count()).toBe(0)
    await shot('approved')
  })

  it('a volunteer claims it, sees the contact, and marks it fulfilled with a proof photo', async () => {
    await logInAs(VOLUNTEER)
    await visit(wishUrl)
    await shown(page.getByText(WISH_STATUS_LABELS.open)).waitFor()
    await shown(button(page, '认领这个心愿')).click()
    await acceptModal()
    await shown(page.getByText('心愿人联系方式')).waitFor()
    // Printed masked; the whole number only dials.
    await shown(page.getByText('电话：138****5678')).waitFor()
    await shot('claimed')

    await shown(button(page, '标记完成')).click()
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), shown(button(page, /上传照片/)).click()])
    await chooser.setFiles({ name: 'proof.png', mimeType: 'image/png', buffer: PNG })
    // The picked photo shows at once, as a tile "上传中 n%"; the proof can be sent once it has uploaded.
    await shown(page.locator('.photo-picker__item:not(.photo-picker__item--uploading) .photo-picker__image')).waitFor()
    await field('例如：已把收音机送到家中，老人试用正常').fill('春联已经贴好，横批也贴正了')
    await shown(button(page, '提交完成凭证')).click()
    await shown(page.getByText(WISH_STATUS_LABELS.fulfilled).first()).waitFor()
    await shown(page.getByText('完成说明：春联已经贴好，横批也贴正了')).waitFor()
    await shot('fulfilled')
  })

  let pointsBefore: number
  it('the resident confirms and thanks with five stars', async () => {
    const li = (await t.app.inject({ method: 'GET', url: '/api/points/me', headers: await t.headersAs('volunteer') })).json()
    pointsBefore = li.household.balance

    await logInAs(RESIDENT)
    await visit(wishUrl)
    await shown(page.getByText('完成说明：春联已经贴好，横批也贴正了')).waitFor()
    await field('例如：谢谢小李，收音机很好用！').fill('谢谢小李，春联贴得真好！')
    await shown(button(page, '5星')).click()
    await shown(button(page, '确认完成并致谢')).click()
    await shown(page.getByText('居民的感谢')).waitFor()
    await shown(page.getByText('谢谢小李，春联贴得真好！')).waitFor()
    await shown(page.getByText(WISH_STATUS_LABELS.confirmed).first()).waitFor()
    await shot('confirmed')
  })

  it('the volunteer’s points show the award', async () => {
    await logInAs(VOLUNTEER)
    await visit(POINTS)
    const row = shown(page.locator('.ledger-row').filter({ hasText: `帮助兑现微心愿：${TITLE}` }))
    await row.waitFor()
    expect(await row.textContent()).toContain('+10')
    const after = (await t.app.inject({ method: 'GET', url: '/api/points/me', headers: await t.headersAs('volunteer') })).json().household.balance
    expect(after).toBe(pointsBefore + 10)
    await shot('points')
  })
})
