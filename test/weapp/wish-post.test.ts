import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Me } from '../../types/api/me'
import type { WishPage } from '../../types/api/wishes'
import { chinaTime } from '../../types/time'
import { classesOf, closestWithClass, startWeapp, waitFor, type PageHandle, type Weapp } from './harness'

/** The smallest PNG (one transparent pixel: the server keeps it a PNG). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

let w: Weapp
let auth: { authorization: string }
let me: Me

beforeAll(async () => {
  w = await startWeapp()
  const session = await w.loginAs('resident')
  auth = { authorization: `Bearer ${session.token}` }
  me = session.me
})
afterAll(() => w?.close())

async function api<T>(url: string): Promise<T> {
  const res = await w.backend.app.inject({ method: 'GET', url, headers: auth })
  expect(res.statusCode).toBe(200)
  return res.json() as T
}

/** The messages under the form's fields, in page order. */
const fieldErrors = (page: PageHandle) => page.byClass('form-error').map((el) => el.textContent)
const posts = () => w.requests.filter((r) => r.method === 'POST')

/** Taps the button of a choice (category, contact preference) by its label. */
async function choose(page: PageHandle, label: string) {
  await page.tap(closestWithClass(page.byText(label), 'choice-buttons__item')!)
}

const chosen = (page: PageHandle, label: string) => classesOf(closestWithClass(page.byText(label), 'choice-buttons__item')!).includes('choice-buttons__item--chosen')

async function openPostForm(): Promise<PageHandle> {
  const tab = w.pages().find((p) => p.route === 'pages/wishes/index') ?? (await w.open('/pages/wishes/index'))
  await tab.waitForText('发布心愿')
  await tab.tap('发布心愿')
  await waitFor(() => w.currentPage().route === 'packages/wish/post/index', () => `still on ${w.currentPage().route}`)
  const page = w.currentPage()
  await page.waitForText('提交心愿')
  return page
}

describe('发布心愿, as the resident persona', () => {
  it('an empty form says under each field what is missing, and sends nothing', async () => {
    const page = await openPostForm()
    expect(w.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/packages/wish/post/index' })

    await page.tap('提交心愿')
    await page.waitForText('请选择心愿类别')
    expect(fieldErrors(page)).toEqual(['请选择心愿类别', '标题至少2个字', '请把心愿说得具体些（至少5个字）', '请填写估算价值（元），不需要花钱请填0', '请选择联系方式'])
    expect(posts()).toEqual([])
    expect(w.missingTemplates).toEqual([])
  })

  it('too long, too short and not a whole number: each field says so, and still nothing is sent', async () => {
    const page = w.currentPage()
    await choose(page, '助老')
    await page.type(page.field('心愿标题'), '想'.repeat(31))
    await page.type(page.field('详细描述'), '短')
    await page.type(page.field('估算价值（元）'), '12.5')
    await choose(page, '电话联系')
    // Typing takes a field's message away until the next try.
    await waitFor(() => fieldErrors(page).length === 0, () => `messages: ${fieldErrors(page).join(' | ')}`)
    expect(page.text()).toContain('31/30')

    await page.tap('提交心愿')
    await waitFor(() => fieldErrors(page).length === 3, () => `messages: ${fieldErrors(page).join(' | ')}`)
    expect(fieldErrors(page)).toEqual(['标题最多30个字', '请把心愿说得具体些（至少5个字）', '请填写整数金额'])
    expect(chosen(page, '助老')).toBe(true)
    expect(posts()).toEqual([])
  })

  it('leaving the page keeps the draft; coming back brings it back', async () => {
    ;(globalThis as unknown as { wx: { navigateBack: (o: object) => void } }).wx.navigateBack({})
    await waitFor(() => w.currentPage().route === 'pages/wishes/index', () => `still on ${w.currentPage().route}`)
    expect(w.storage.get(`doorstep.wish-draft.${me.id}`)).toMatchObject({ category: 'elderly_care', title: '想'.repeat(31), description: '短', value: '12.5', contactPreference: 'phone' })

    const page = await openPostForm()
    expect(page.text()).toContain('31/30')
    expect(page.text()).toContain('1/500')
    expect(chosen(page, '助老')).toBe(true)
    expect(chosen(page, '电话联系')).toBe(true)
    expect(fieldErrors(page)).toEqual([])
  })

  it('a good form, with a photo from the album, is posted to the server and the new wish opens as 待审核', async () => {
    const page = w.currentPage()
    await page.type(page.field('心愿标题'), '想请人帮忙修一下自行车')
    await page.type(page.field('详细描述'), '孙子的自行车链条掉了，家里没有工具，想请会修的志愿者帮忙看看。')
    await page.type(page.field('估算价值（元）'), '20')
    await choose(page, '家电维修')

    w.album.nextPicks = [w.addPicture(PNG, 'png')]
    await page.tap('添加照片（还可添加3张）')
    // While it uploads its tile shows the progress; once stored it has a 删除 button.
    await waitFor(() => page.byClass('photo-picker__remove').length === 1, () => `photos: ${page.byClass('photo-picker').map((el) => el.textContent).join()}`)
    expect(page.text()).toContain('添加照片（还可添加2张）')
    expect(w.album.compressions).toEqual([{ src: 'wxfile://tmp/picture-1.png', quality: 70 }])
    expect(w.album.uploads).toEqual([{ path: 'wxfile://tmp/picture-2.png', name: 'file', status: 201 }])
    const [thumb] = page.byClass('photo-picker__image')
    expect(Object.values(page.props(thumb!)).find((v) => typeof v === 'string' && v.includes('/api/files/'))).toMatch(/^https:\/\/api\.doorstep\.example\.cn\/api\/files\/[0-9a-f]{32}\.png\?w=320$/)

    // WeChat's date picker answers the chosen day as YYYY-MM-DD: two weeks from today on the phone's clock.
    const neededBy = chinaTime(w.backend.clock.now).add(14, 'day')
    const [picker] = [...page.root.querySelectorAll<HTMLElement>('wx-picker')]
    await page.pick(picker!, neededBy.format('YYYY-MM-DD'))
    await page.waitForText(neededBy.format('YYYY年M月D日'))

    // The button reads 照片上传中… until the page has taken the stored photo in; only then is it 提交心愿.
    await page.waitForText('提交心愿')
    await page.tap('提交心愿')
    await waitFor(() => w.currentPage().route === 'packages/wish/detail/index', () => `still on ${w.currentPage().route}; ${fieldErrors(page).join(' | ')}`)
    const detail = w.currentPage()
    await detail.waitForText('想请人帮忙修一下自行车')

    const [mine] = (await api<WishPage>('/api/wishes/mine')).items
    expect(mine).toMatchObject({ title: '想请人帮忙修一下自行车', category: 'appliance_repair', valueYuan: 20, contactPreference: 'phone', status: 'pending', neededBy: neededBy.format('YYYY-MM-DD') })
    expect(mine!.photos).toHaveLength(1)
    expect(w.navigations.at(-1)).toEqual({ api: 'redirectTo', url: `/packages/wish/detail/index?id=${mine!.id}` })
    expect(detail.byClass('wish-status').map((el) => el.textContent)).toEqual(['待审核'])
    expect(detail.byClass('wish-category').map((el) => el.textContent)).toEqual(['家电维修'])
    expect(detail.text()).toContain('撤回心愿')
    expect(detail.text()).toContain(`${neededBy.format('YYYY年M月D日')}前`)
    expect(w.toasts).toContain('已提交，等待社区审核')
    expect(posts().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /api/wishes 201'])
    expect(w.storage.has(`doorstep.wish-draft.${me.id}`)).toBe(false)
    expect(w.missingTemplates).toEqual([])
  })
})
