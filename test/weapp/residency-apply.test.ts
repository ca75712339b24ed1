import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Me } from '../../types/api/me'
import type { AddressBook } from '../../types/api/people'
import { startWeapp, tapChoice, waitFor, type PageHandle, type Weapp } from './harness'

/*
 * 住户认证 on the compiled mini-program, against the real server: a first-time WeChat user (wx.login → the fake
 * WeChat) chooses 联通社区 and applies with an address of its buildings. (Staff deciding it: staff-residency.test.ts,
 * on a phone of its own.)
 */

let w: Weapp
let applicantToken = ''

beforeAll(async () => {
  w = await startWeapp({ env: { WECHAT_TMPL_RESIDENCY_RESULT: 'tmpl-residency' } })
})
afterAll(() => w?.close())

const posts = () => w.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path} ${r.status}`)
const errors = (page: PageHandle) => page.byClass('form-error').map((el) => el.textContent)

async function api<T>(url: string, token: string): Promise<T> {
  const res = await w.backend.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as T
}

describe('住户认证 on the phone', () => {
  it('a first-time WeChat user chooses the community, then sees the form of its buildings', async () => {
    w.wechatUser.openid = 'openid-residency-applicant'
    const page = await w.open('/packages/account/residency/index')
    await page.waitForText('住户认证前，请先选择您居住的社区')
    await page.waitForText('海兰社区')
    await page.tap('联通社区')
    await page.waitForText('提交认证申请')
    expect(posts()).toContain('PUT /api/me/community 204')
    applicantToken = w.storage.get('doorstep.session-token') as string
    expect((await api<Me>('/api/me', applicantToken)).community?.name).toBe('联通社区')
    expect(page.byClass('residency-form__community').map((e) => e.textContent)).toEqual(['联通社区'])
    expect(w.missingTemplates).toEqual([])
  })

  it('an empty form says what is missing and sends nothing; a full one sends the application', async () => {
    const page = w.currentPage()
    const before = posts().length
    await page.tap('提交认证申请')
    await waitFor(() => errors(page).length === 4, () => `errors: ${errors(page).join(' | ')}`)
    expect(errors(page)).toEqual(['请选择楼栋', '请填写真实姓名（至少2个字）', '请填写手机号或使用微信手机号', '请选择与户主的关系'])
    expect(posts()).toHaveLength(before)

    const book = await api<AddressBook>(`/api/communities/${(await api<Me>('/api/me', applicantToken)).community!.id}/address-book`, applicantToken)
    const [picker] = [...page.root.querySelectorAll<HTMLElement>('wx-picker')]
    // WeChat's selector picker answers the index chosen: the third building of the list.
    await page.pick(picker!, '2')
    const building = book.buildings[2]!
    await page.waitForText(`${building.estate} ${building.name}`)
    await tapChoice(page, 'residency-form__units', '2单元')
    await tapChoice(page, 'residency-form__rooms', '201')
    await page.type(page.field('姓名'), '孙桂芳')
    await page.type(page.field('手机号'), '13955550001')
    await tapChoice(page, 'residency-form__relationship', '户主')
    await page.tap('提交认证申请')
    await page.waitForText('审核中')
    expect(posts().at(-1)).toBe('POST /api/residency/applications 201')
    expect(page.text()).toContain(`${building.estate} ${building.name} 2单元 201`)
    expect(page.text()).toContain('139****0001')
    // The reminder of the decision was asked for in the tap.
    expect(w.subscriptionRequests.at(-1)!.tmplIds).toEqual(['tmpl-residency'])
    expect(w.toasts).toContain('已提交，等待社区审核')
  })
})
