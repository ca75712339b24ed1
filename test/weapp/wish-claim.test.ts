import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Wish, WishPage } from '../../types/api/wishes'
import { formatDateTime } from '../../src/utils/format'
import { maskPhone } from '../../types/phone'
import { closestWithClass, confirmModals, startWeapp, waitFor, type ModalOptions, type PageHandle, type Weapp } from './harness'


let w: Weapp
let volunteer: { authorization: string }
const modals: ModalOptions[] = []
/** The wish she claims. */
let targetId: number

beforeAll(async () => {
  w = await startWeapp()
  const session = await w.loginAs('volunteer')
  volunteer = { authorization: `Bearer ${session.token}` }
  // WeChat's confirmation dialog: record what it asked and answer 确认.
  confirmModals(modals)
})
afterAll(() => w?.close())

async function api<T>(url: string, headers = volunteer): Promise<T> {
  const res = await w.backend.app.inject({ method: 'GET', url, headers })
  expect(res.statusCode).toBe(200)
  return res.json() as T
}

const back = () => (globalThis as unknown as { wx: { navigateBack: (o: object) => void } }).wx.navigateBack({})

/** Opens the wish with this title from the 心愿 tab, as a finger would. */
async function openFromTab(title: string): Promise<PageHandle> {
  const tab = w.pages().find((p) => p.route === 'pages/wishes/index') ?? (await w.open('/pages/wishes/index'))
  await tab.waitForText(title)
  await tab.tap(closestWithClass(tab.byText(title), 'wish-card')!)
  await waitFor(() => w.currentPage().route === 'packages/wish/detail/index', () => `still on ${w.currentPage().route}`)
  const page = w.currentPage()
  await page.waitForText('心愿进展')
  return page
}

describe('认领心愿, as the volunteer persona', () => {
  it('the 心愿 tab lists the open wishes of her community; a wish shows 认领 and, before claiming, no contact', async () => {
    const open = (await api<WishPage>('/api/wishes')).items
    expect(open.length).toBeGreaterThan(3)
    const tab = await w.open('/pages/wishes/index')
    await tab.waitForText('想要一台助听器')
    expect(tab.byClass('wish-card__title').map((el) => el.textContent)).toEqual(open.map((wish) => wish.title))

    const target = open.find((wish) => wish.title === '想要一台助听器')!
    targetId = target.id
    const page = await openFromTab('想要一台助听器')
    expect(w.navigations.at(-1)).toEqual({ api: 'navigateTo', url: `/packages/wish/detail/index?id=${target.id}` })
    expect(page.byClass('wish-status').map((el) => el.textContent)).toEqual(['待认领'])
    // 张** with the building only: the public view.
    expect(target.wisherName).toMatch(/^.\*+$/)
    expect(page.text()).toContain(target.wisherName)
    expect(page.text()).toContain(target.location)
    expect(page.byClass('wish-contact')).toEqual([])
    expect(page.byClass('wish-actions__claim').map((el) => el.textContent)).toEqual(['认领这个心愿'])
    expect(w.missingTemplates).toEqual([])
  })

  it('认领 asks first, then the server gives her the wish: the contact, the address and the deadline appear', async () => {
    const page = w.currentPage()
    await page.tap(page.byClass('wish-actions__claim')[0]!)
    await page.waitForText('心愿人联系方式')

    expect(modals.map((m) => m.title)).toEqual(['认领心愿'])
    const id = targetId
    const wish = await api<Wish>(`/api/wishes/${id}`)
    expect(wish.status).toBe('claimed')
    expect(wish.claim).toMatchObject({ mine: true })
    expect(wish.contact!.name).not.toContain('*')
    const [card] = page.byClass('wish-contact')
    expect(page.byClass('wish-contact__name').map((el) => el.textContent)).toEqual([wish.contact!.name])
    expect(card!.textContent).toContain(`电话：${maskPhone(wish.contact!.phone) ?? '未登记'}`)
    expect(card!.textContent).toContain(`地址：${wish.contact!.address}`)
    expect(page.byClass('wish-status').map((el) => el.textContent)).toEqual(['已认领'])
    expect(page.byClass('wish-claim__deadline')[0]!.textContent).toContain(`请在 ${formatDateTime(wish.claim!.deadline)} 前完成`)
    expect(page.byClass('wish-actions__claim')).toEqual([])
    expect(page.text()).toContain('标记完成')
    expect(page.text()).toContain('放弃认领')
    expect(w.toasts).toContain('认领成功，请尽快联系居民')
    expect(w.requests.filter((r) => r.method === 'POST')).toEqual([{ method: 'POST', path: `/api/wishes/${id}/claim`, status: 200 }])
    expect(w.missingTemplates).toEqual([])
  })

  it('我的认领 lists it with its deadline', async () => {
    const claimed = (await api<WishPage>('/api/wishes/claimed')).items.find((wish) => wish.title === '想要一台助听器')!
    const page = await w.open('/packages/wish/claims/index')
    await page.waitForText('想要一台助听器')
    const card = closestWithClass(page.byText('想要一台助听器'), 'wish-card')!
    expect(card.textContent).toContain(`完成期限 ${formatDateTime(claimed.claim!.deadline)}`)
    back()
  })

  it('when someone else claims first, she is told so in the server\'s words and sees the wish as it is now', async () => {
    back()
    await waitFor(() => w.currentPage().route === 'pages/wishes/index', () => `still on ${w.currentPage().route}`)
    const page = await openFromTab('代买降压药')
    expect(page.byClass('wish-actions__claim')).toHaveLength(1)

    // The party member persona is faster.
    const id = Number(w.navigations.at(-1)!.url!.split('id=')[1])
    const rival = await w.backend.headersAs('party_member')
    const res = await w.backend.app.inject({ method: 'POST', url: `/api/wishes/${id}/claim`, headers: rival, payload: {} })
    expect(res.statusCode).toBe(200)

    await page.tap(page.byClass('wish-actions__claim')[0]!)
    await page.waitForText('这个心愿刚被别人认领了')
    expect(page.byClass('wish-actions__error').map((el) => el.textContent)).toEqual(['这个心愿刚被别人认领了'])
    expect(w.toasts).toContain('这个心愿刚被别人认领了')
    await waitFor(
      () => page.byClass('wish-status').map((el) => el.textContent).join() === '已认领',
      () => `status: ${page.byClass('wish-status').map((el) => el.textContent).join()}`,
    )
    expect(page.byClass('wish-actions__claim')).toEqual([])
    expect(page.byClass('wish-contact')).toEqual([])
    expect(w.requests.filter((r) => r.method === 'POST').at(-1)).toEqual({ method: 'POST', path: `/api/wishes/${id}/claim`, status: 409 })
    // The wish was fetched again after the refusal.
    const reads = w.requests.filter((r) => r.path === `/api/wishes/${id}`)
    expect(reads.length).toBeGreaterThanOrEqual(2)
  })
})
