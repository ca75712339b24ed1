import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/*
 * The mini-program draws its own tab bar (src/custom-tab-bar) so that 长辈模式 reaches its labels; WeChat loads it as
 * a component under every tab page. What it shows and does is tested in test/components/custom-tab-bar.test.tsx:
 * this harness renders pages, not components with behaviors (miniprogram-simulate's load refuses Taro's
 * component definition), so here the build is checked: declared custom, tab pages listed, built as a component.
 */

describe('the compiled tab bar', () => {
  it('is declared custom, with the tab pages listed, and built as a component', () => {
    const dist = path.resolve(__dirname, '../../dist')
    const app = JSON.parse(readFileSync(path.join(dist, 'app.json'), 'utf8')) as { tabBar: { custom: boolean; list: { pagePath: string }[] } }
    expect(app.tabBar.custom).toBe(true)
    expect(app.tabBar.list.map((t) => t.pagePath)).toEqual(['pages/index/index', 'pages/wishes/index', 'pages/activities/index', 'pages/me/index'])
    expect(JSON.parse(readFileSync(path.join(dist, 'custom-tab-bar/index.json'), 'utf8'))).toMatchObject({ component: true })
  })
})
