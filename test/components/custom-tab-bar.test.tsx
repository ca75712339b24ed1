import { createRef } from 'react'
import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test } from 'vitest'
import CustomTabBar from '../../src/custom-tab-bar'
import { tabIndexOf } from '../../src/custom-tab-bar/tabs'
import { elderMode } from '../../src/stores/preferences'

const labels = () => [...document.querySelectorAll('.tab-bar__label')].map((el) => el.textContent)
const selected = () => [...document.querySelectorAll('.tab-bar__item--selected .tab-bar__label')].map((el) => el.textContent)

describe('the mini-program’s tab bar (the app’s own, so that 长辈模式 reaches it)', () => {
  test('the four tabs; the page marks its own, and a tap switches tab', () => {
    const bar = createRef<CustomTabBar>()
    render(<CustomTabBar ref={bar} />)
    expect(labels()).toEqual(['首页', '心愿', '活动', '我的'])
    expect(selected()).toEqual([])

    act(() => bar.current!.setSelected(tabIndexOf('pages/activities/index')))
    expect(selected()).toEqual(['活动'])
    expect(document.querySelector('.tab-bar__item--selected')!.getAttribute('aria-selected')).toBe('true')

    fireEvent.click(screen.getByText('我的'))
    expect(Taro.switchTab).toHaveBeenLastCalledWith({ url: '/pages/me/index' })
  })

  test('长辈模式 draws the larger labels, and follows the switch in 我的 at once', () => {
    render(<CustomTabBar />)
    expect(document.querySelector('.tab-bar')!.classList.contains('tab-bar--elder')).toBe(false)
    act(() => elderMode.set('on'))
    expect(document.querySelector('.tab-bar')!.classList.contains('tab-bar--elder')).toBe(true)
  })

  test('a page that is not a tab has no tab', () => {
    expect(tabIndexOf('/pages/me/index')).toBe(3)
    expect(tabIndexOf('pages/index/index?from=share')).toBe(0)
    expect(tabIndexOf('packages/wish/detail/index')).toBe(-1)
  })
})
