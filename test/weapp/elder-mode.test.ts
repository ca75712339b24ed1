import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classesOf, startWeapp, waitFor, type PageHandle, type Weapp } from './harness'

/*
 * 长辈模式 in the compiled mini-program, on a phone whose WeChat font is set large (我 › 设置 › 通用 › 字体大小).
 * miniprogram-simulate applies no styles (docs/testing-weapp.md): sizes are the e2e layer's; here the page class
 * that switches them, and the simple layouts, are checked on the four tab pages.
 */

const TABS = ['/pages/index/index', '/pages/wishes/index', '/pages/activities/index', '/pages/me/index']
/** WeChat's font size in px: "标准" is about 16–17; this is one of the large steps. */
const LARGE_FONT_PX = 24

let w: Weapp
const pages: Record<string, PageHandle> = {}
const isElder = (p: PageHandle) => classesOf(p.byClass('page')[0]!).includes('page--elder')
const classTexts = (p: PageHandle, name: string) => p.byClass(name).map((el) => el.textContent?.trim())

beforeAll(async () => {
  w = await startWeapp()
  const wx = (globalThis as unknown as { wx: Record<string, () => Record<string, unknown>> }).wx
  // The simulator's base library answers getAppBaseInfo without fontSizeSetting (as before 2.23.4): the app
  // falls back to getSystemInfoSync, which is where this phone reports its large font.
  expect(wx.getAppBaseInfo!().fontSizeSetting).toBeUndefined()
  const systemInfo = wx.getSystemInfoSync!()
  wx.getSystemInfoSync = () => ({ ...systemInfo, fontSizeSetting: LARGE_FONT_PX })
  await w.loginAs('resident')
  for (const route of TABS) {
    const p = await w.open(route)
    await waitFor(() => p.byClass('page').length > 0, () => `${route} never rendered`)
    pages[route] = p
  }
})
afterAll(() => w?.close())

describe('长辈模式 on a phone with a large WeChat font', () => {
  it("'auto' (nothing stored) follows WeChat: every tab page starts in 长辈模式 with its simple layout", async () => {
    const [home, wishes, activities, me] = TABS.map((r) => pages[r]!)
    expect(w.storage.has('doorstep.elder-mode')).toBe(false)
    for (const p of [home!, wishes!, activities!, me!]) expect(isElder(p), p.route).toBe(true)

    // 首页: the four main jobs as labelled tiles, this month's events as one entry, no station list.
    await home!.waitForText('发心愿')
    expect(classTexts(home!, 'home-tiles__label')).toEqual(['发心愿', '预约场地', '志愿活动', '我的积分'])
    expect(home!.byClass('home-events')).toHaveLength(1)
    expect(home!.byClass('home-grid')).toEqual([])
    expect(home!.text()).not.toContain('服务阵地')

    // 心愿 and 活动: one column of simple cards.
    await waitFor(() => wishes!.byClass('wish-card').length > 0, () => `no wish cards: ${wishes!.text()}`)
    expect(wishes!.byClass('wish-card').every((el) => classesOf(el).includes('wish-card--simple'))).toBe(true)
    expect(wishes!.byClass('wish-card__who')).toEqual([])
    expect(wishes!.byClass('wishes-filter')).toEqual([])
    expect(wishes!.text()).toContain('筛选：全部类别 · 最新发布')
    await waitFor(() => activities!.byClass('activity-card').length > 0, () => `no activity cards: ${activities!.text()}`)
    expect(activities!.byClass('activity-card').every((el) => classesOf(el).includes('activity-card--simple'))).toBe(true)
    expect(activities!.byClass('skill-tag')).toEqual([])

    // 我的: the most used entries first; the switch says why it is on.
    await me!.waitForText('张秀兰')
    expect(classTexts(me!, 'nut-cell-title').slice(0, 5)).toEqual(['我的积分', '我的预约', '我的心愿', '我的志愿', '积分超市'])
    expect(me!.text()).toContain('跟随微信字体：微信字体较大，已开启')
    expect(classesOf(me!.byClass('nut-switch')[0]!)).not.toContain('nut-switch-close')
    expect(w.missingTemplates).toEqual([])
  })

  it('the switch in 我的 turns it off explicitly, for every tab page at once, over the large font', async () => {
    const me = pages['/pages/me/index']!
    await me.tap(me.byText('长辈模式'))
    await waitFor(() => !isElder(me), () => 'page--elder stayed on 我的')

    expect(w.storage.get('doorstep.elder-mode')).toBe('off')
    expect(w.toasts).toContain('已关闭长辈模式')
    expect(classesOf(me.byClass('nut-switch')[0]!)).toContain('nut-switch-close')
    for (const route of TABS) expect(isElder(pages[route]!), route).toBe(false)
    // The full layouts are back.
    const home = pages['/pages/index/index']!
    expect(home.byClass('home-tiles')).toEqual([])
    expect(home.text()).toContain('服务阵地')
    expect(pages['/pages/wishes/index']!.byClass('wishes-filter')).toHaveLength(1)
    expect(classTexts(me, 'section-title')).toEqual(expect.arrayContaining(['微心愿', '积分']))
  })

  it('跟随微信字体 returns to auto, and the large WeChat font turns it on again', async () => {
    const me = pages['/pages/me/index']!
    await me.tap(me.byText('跟随微信字体'))
    await waitFor(() => isElder(me), () => 'page--elder did not come back on 我的')

    expect(w.storage.get('doorstep.elder-mode')).toBe('auto')
    expect(w.toasts.at(-1)).toBe('已改为跟随微信字体')
    for (const route of TABS) expect(isElder(pages[route]!), route).toBe(true)
    expect(me.text()).not.toContain('恢复 ›')
  })

  it('a page opened later (a subpackage) starts in 长辈模式 too', async () => {
    const points = await w.open('/packages/points/index/index')
    await points.waitForText('积分')
    expect(isElder(points)).toBe(true)
  })
})
