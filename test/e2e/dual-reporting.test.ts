import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { SessionResponse } from '../../types/api/auth'
import { runningClock } from '../support/clock'
import { createTestApp, type TestApp } from '../support/test-app'
import { acceptModal, button, cell, chromiumAvailable, launchPhone, logInAs, settledOn, shown, visit } from './browser'

const H5_DIR = path.resolve(__dirname, '../../dist-h5')
const SHOTS = path.resolve(__dirname, '../../test-results')

const PARTY = '/packages/account/party-report/index'
const UNIT = '/packages/account/unit/index'
const UNIT_JOIN = '/packages/account/unit-join/index'
const STAFF_QUEUE = '/packages/staff/dual-reporting/index'
const WORKBENCH = '/packages/workbench/index/index'
const ME = '/pages/me/index'

/*
 * 双报到, end to end in Chromium: 张秀兰 reports as an in-service party member and 刘晓燕 confirms her from the
 * 工作台; a school registers as a 驻区单位 from a brand-new WeChat account, staff approve it, and its admin's
 * share link brings a colleague in from a phone of their own.
 */
describe.skipIf(!chromiumAvailable)('双报到 on the phone, in Chromium', () => {
  let t: TestApp
  let base: string
  const phones: Awaited<ReturnType<typeof launchPhone>>[] = []
  let resident: Page
  let staff: Page
  let school: Page

  const field = (page: Page, placeholder: string) => shown(page.locator(`input[placeholder="${placeholder}"]`))
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `e2e-dual-${name}.png`) })

  async function newPhone(): Promise<Page> {
    const phone = await launchPhone()
    phones.push(phone)
    return phone.context.newPage()
  }
  /** A phone whose WeChat user has never used the app. */
  async function newWechatPhone(openid: string): Promise<Page> {
    t.wechat.codes.set(`code-${openid}`, openid)
    const session = (await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: `code-${openid}` } })).json() as SessionResponse
    const phone = await launchPhone()
    phones.push(phone)
    await phone.context.addInitScript((token) => localStorage.setItem('doorstep.session-token', JSON.stringify({ data: token })), session.token)
    return phone.context.newPage()
  }

  beforeAll(async () => {
    if (!existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('dist-h5 is missing: run `npm run build:h5` first (npm test does)')
    t = await createTestApp({ clock: runningClock(), env: { H5_DIR } })
    base = await t.app.listen({ host: '127.0.0.1', port: 0 })
    mkdirSync(SHOTS, { recursive: true })
    resident = await newPhone()
    staff = await newPhone()
  }, 60_000)
  afterAll(async () => {
    for (const phone of phones) await phone.close()
    await t?.close()
  })

  it('张秀兰 reports to 联通社区 as an in-service party member', async () => {
    await logInAs(resident, base, '张秀兰')
    await cell(resident, '在职党员报到').click()
    await settledOn(resident, PARTY)
    await field(resident, '如：爱辉区人民检察院').fill('爱辉区人民检察院')
    await field(resident, '如：爱辉区人民检察院机关党支部').fill('爱辉区人民检察院机关党支部')
    await shown(button(resident, '提交报到')).click()
    await shown(resident.getByText('待社区确认')).waitFor()
    await shot(resident, 'party-pending')
  })

  it('刘晓燕 sees it waiting on the 社区工作台 and confirms her', async () => {
    await logInAs(staff, base, '刘晓燕')
    await shown(cell(staff, '社区工作台').filter({ hasText: '件待办' })).waitFor()
    await cell(staff, '社区工作台').click()
    await settledOn(staff, WORKBENCH)
    const tile = shown(staff.locator('.workbench-tile').filter({ hasText: '双报到' }))
    await tile.filter({ hasText: /双报到[1-9]\d*件待审核/ }).waitFor()
    await tile.click()
    await settledOn(staff, STAFF_QUEUE)
    const card = shown(staff.locator('.dual-item').filter({ hasText: '张秀兰' }))
    await card.waitFor()
    expect(await card.textContent()).toContain('爱辉区人民检察院机关党支部')
    await shot(staff, 'party-queue')
    await shown(card.locator('taro-button-core').filter({ hasText: /^通过$/ })).click()
    await acceptModal(staff)
    await shown(staff.locator('.dual-item').filter({ hasText: '张秀兰' })).waitFor({ state: 'detached' })

    await visit(resident, base, PARTY)
    await resident.reload()
    await shown(resident.getByText('已向联通社区报到')).waitFor()
    await visit(resident, base, ME)
    await resident.reload()
    await shown(resident.locator('.profile__roles').filter({ hasText: '党员' })).waitFor()
  })

  it('a school registers as a 驻区单位; staff approve it; its admin brings a colleague in by the share link', async () => {
    school = await newWechatPhone('openid-e2e-school')
    await visit(school, base, UNIT)
    // The community from the district's list (WeChat's picker; H5 draws it in the page): 联通社区 comes first.
    await shown(school.locator('.dual-form__pick')).click()
    await shown(school.getByText('确定')).click()
    await shown(school.locator('.dual-form__pick').filter({ hasText: '联通社区' })).waitFor()
    await field(school, '与营业执照或登记证书一致').fill('黑河市第五中学')
    await field(school, '18位，见营业执照或登记证书').fill('91350100M000100Y43')
    await field(school, '联系人姓名').fill('孙志强')
    await field(school, '请输入11位手机号').fill('13945671234')
    await shot(school, 'unit-form')
    await shown(button(school, '提交单位报到')).click()
    await shown(school.getByText('待社区审核')).waitFor()

    await visit(staff, base, STAFF_QUEUE)
    await staff.reload()
    await shown(button(staff, '驻区单位')).click()
    const card = shown(staff.locator('.dual-item').filter({ hasText: '黑河市第五中学' }))
    await card.waitFor()
    expect(await card.textContent()).toContain('91350100M000100Y43')
    await shown(card.locator('taro-button-core').filter({ hasText: /^通过$/ })).click()
    await acceptModal(staff)
    await shown(staff.locator('.dual-item').filter({ hasText: '黑河市第五中学' })).waitFor({ state: 'detached' })

    await school.reload()
    await settledOn(school, UNIT)
    await shown(school.getByText('单位管理员：可邀请和移出成员')).waitFor()
    await shown(button(school, '邀请同事加入')).click()
    const link = shown(school.locator('.invite-share__link'))
    await link.waitFor()
    const invite = (await link.textContent())!
    expect(invite).toMatch(new RegExp(`#${UNIT_JOIN}\\?code=[\\w-]+$`))

    const colleague = await newWechatPhone('openid-e2e-colleague')
    await colleague.goto(invite)
    await settledOn(colleague, UNIT_JOIN)
    await shown(colleague.getByText('黑河市第五中学')).waitFor()
    await field(colleague, '单位同事看到的姓名').fill('钱晓梅')
    await shown(button(colleague, '加入单位')).click()
    await settledOn(colleague, UNIT)
    await shown(colleague.getByText('单位成员（2人）')).waitFor()
    // The admin goes by the contact's name, the colleague by the name given.
    expect(await colleague.locator('.unit-member__name').allTextContents()).toEqual(['孙志强', '钱晓梅我'])
    await shot(colleague, 'unit-joined')
  })
})
