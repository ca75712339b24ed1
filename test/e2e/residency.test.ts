import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { SessionResponse } from '../../types/api/auth'
import { WISH_STATUS_LABELS } from '../../types/api/labels'
import { runningClock } from '../support/clock'
import { createTestApp, type TestApp } from '../support/test-app'
import { acceptModal, button, cell, chromiumAvailable, launchPhone, logInAs, settledOn, shown, visit } from './browser'

const H5_DIR = path.resolve(__dirname, '../../dist-h5')
const SHOTS = path.resolve(__dirname, '../../test-results')

const RESIDENCY = '/packages/account/residency/index'
const HOUSEHOLD = '/packages/account/household/index'
const JOIN = '/packages/account/join/index'
const STAFF_QUEUE = '/packages/staff/residency/index'
const WORKBENCH = '/packages/workbench/index/index'
const ME = '/pages/me/index'
const POST = '/packages/wish/post/index'
const POINTS = '/packages/points/index/index'
const STAFF = '刘晓燕'

/*
 * Real people, end to end, with WeChat faked only at its HTTP boundary: a brand-new WeChat user (an account made
 * by the server's jscode2session against the fake WeChat) chooses 联通社区 and applies for 住户认证; staff approve
 * it on their phone; the user's 我的 shows the household; the user invites a family member, who joins from the
 * link on a phone of their own; the new resident posts a wish and sees the household's points.
 */
describe.skipIf(!chromiumAvailable)('a brand-new WeChat user becomes a resident, in Chromium', () => {
  let t: TestApp
  let base: string
  const phones: Awaited<ReturnType<typeof launchPhone>>[] = []
  let resident: Page
  let staff: Page
  let relative: Page
  let inviteLink = ''

  const field = (page: Page, placeholder: string) => shown(page.locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`))
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `e2e-residency-${name}.png`) })

  /** A phone whose WeChat user has never used the app: the session the mini-program's wx.login would get. */
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
    resident = await newWechatPhone('openid-e2e-newcomer')
    const staffPhone = await launchPhone()
    phones.push(staffPhone)
    staff = await staffPhone.context.newPage()
  }, 60_000)
  afterAll(async () => {
    for (const phone of phones) await phone.close()
    await t?.close()
  })

  it('chooses 联通社区 and applies for 住户认证 with an address of its buildings', async () => {
    await visit(resident, base, RESIDENCY)
    await shown(resident.getByText('住户认证前，请先选择您居住的社区')).waitFor()
    await shot(resident, 'choose-community')
    await cell(resident, '联通社区').click()
    await shown(button(resident, '提交认证申请')).waitFor()
    // 楼栋 from the community's own list (WeChat's picker; H5 draws it in the page), then 单元 and 门牌.
    await shown(resident.locator('.residency-form__pick')).click()
    await shown(resident.getByText('确定')).click()
    await shown(button(resident, '2单元')).click()
    await shown(button(resident, '201')).click()
    await field(resident, '与户口本一致').fill('孙桂芳')
    await field(resident, '请输入11位手机号').fill('13955550001')
    await shown(button(resident, '户主')).click()
    await shot(resident, 'form')
    await shown(button(resident, '提交认证申请')).click()
    await shown(resident.getByText('审核中')).waitFor()
    await shot(resident, 'pending')
  })

  it('staff see it counted on the 社区工作台, check it in the queue and approve it', async () => {
    await logInAs(staff, base, STAFF)
    await shown(cell(staff, '社区工作台').filter({ hasText: '件待办' })).waitFor()
    await cell(staff, '社区工作台').click()
    await settledOn(staff, WORKBENCH)
    const tile = shown(staff.locator('.workbench-tile').filter({ hasText: '住户认证' }))
    await tile.filter({ hasText: '住户认证1件待审核' }).waitFor()
    await tile.click()
    await settledOn(staff, STAFF_QUEUE)
    const card = shown(staff.locator('.residency-item').filter({ hasText: '孙桂芳' }))
    await card.waitFor()
    expect(await card.textContent()).toContain('手机号：13955550001')
    await shot(staff, 'queue')
    await shown(card.locator('taro-button-core').filter({ hasText: /^都不是，新建成员$/ })).click()
    await shown(card.locator('taro-button-core').filter({ hasText: /^通过$/ })).click()
    await acceptModal(staff)
    await shown(staff.getByText('没有待审核的申请')).waitFor()
  })

  it('the user’s 我的 shows the household', async () => {
    await visit(resident, base, ME)
    await resident.reload()
    await settledOn(resident, ME)
    await shown(resident.locator('.profile__name').filter({ hasText: '孙桂芳' })).waitFor()
    await shown(cell(resident, '我的家庭')).waitFor()
    expect(await resident.locator('.profile__roles').textContent()).toContain('居民')
    await shot(resident, 'me')
  })

  it('the user invites a family member, who joins from the link on their own phone', async () => {
    await visit(resident, base, HOUSEHOLD)
    await shown(button(resident, '邀请家人加入')).click()
    const link = shown(resident.locator('.invite-share__link'))
    await link.waitFor()
    inviteLink = (await link.textContent())!
    expect(inviteLink).toMatch(new RegExp(`#${JOIN}\\?code=[\\w-]+$`))
    await shot(resident, 'household-invite')

    relative = await newWechatPhone('openid-e2e-relative')
    await relative.goto(inviteLink)
    await settledOn(relative, JOIN)
    await shown(relative.getByText('孙桂芳邀请您加入家庭')).waitFor()
    await field(relative, '与户口本一致').fill('周小雨')
    await field(relative, '请输入11位手机号').fill('13955558888')
    await shown(button(relative, '子女')).click()
    await shot(relative, 'join')
    await shown(button(relative, '加入家庭')).click()
    await settledOn(relative, HOUSEHOLD)
    // The flat's people of the 台账, the new resident, and now the relative ("我" on their phone).
    await shown(relative.locator('.household-member').filter({ hasText: '周小雨' }).filter({ hasText: '我' })).waitFor()
    const members = await relative.locator('.household-member__name').allTextContents()
    expect(members).toContain('孙桂芳')
    expect(members.at(-1)).toBe('周小雨我')
    await shot(relative, 'joined')

    // The inviter sees them too.
    await visit(resident, base, HOUSEHOLD)
    await resident.reload()
    await shown(resident.locator('.household-member').filter({ hasText: '周小雨' })).waitFor()
    expect(await resident.getByText(`家庭成员（${members.length}人）`).count()).toBeGreaterThan(0)
  })

  it('the new resident posts a wish and sees the household’s points', async () => {
    await visit(resident, base, POST)
    await shown(button(resident, '助老')).click()
    await field(resident, '一句话说清想要什么，如：想要一台收音机').fill('想请人帮忙换个灯泡')
    await field(resident, '为什么需要、需要什么样的，方便志愿者准备').fill('厨房的灯泡坏了，个子矮够不着，想请志愿者帮个忙。')
    await field(resident, '例如：80').fill('0')
    await shown(button(resident, '电话联系')).click()
    await shown(button(resident, '提交心愿')).click()
    await shown(resident.getByText(WISH_STATUS_LABELS.pending)).waitFor()

    await visit(resident, base, POINTS)
    await shown(resident.locator('.points-hero')).waitFor()
    const text = await resident.locator('body').textContent()
    expect(text).toContain('2单元 201')
    expect(text).not.toContain('您还没有登记家庭住址')
    await shot(resident, 'points')
  })
})
