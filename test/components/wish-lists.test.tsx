import { fireEvent, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, test, vi } from 'vitest'
import MyClaimsPage from '../../src/packages/wish/claims/index'
import MyWishesPage from '../../src/packages/wish/mine/index'
import { json, renderPage, useFakeApi } from './support'
import { myClaim, page, summary } from './wish-fixtures'

const api = useFakeApi()

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-19T22:00:00+08:00') })
})

const cards = () => [...document.querySelectorAll('.wish-card')] as HTMLElement[]

describe('我的心愿', () => {
  test('lists my wishes in every state with their status', async () => {
    api.on('GET /api/wishes/mine', () =>
      json(
        page([
          summary({ id: 1, title: '电视机没有信号', status: 'pending', mine: true }),
          summary({ id: 2, title: '清理阳台杂物', status: 'claimed', mine: true }),
          summary({ id: 3, title: '需要一袋大米', status: 'rejected', mine: true }),
        ]),
      ),
    )
    renderPage(MyWishesPage, '/packages/wish/mine/index')
    await screen.findByText('电视机没有信号')
    expect(cards().map((c) => c.querySelector('.wish-status')?.textContent)).toEqual(['待审核', '已认领', '未通过'])
    fireEvent.click(screen.getByText('清理阳台杂物'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/wish/detail/index?id=2' })
  })

  test('none yet: offers 发布心愿', async () => {
    api.on('GET /api/wishes/mine', () => json(page([])))
    renderPage(MyWishesPage, '/packages/wish/mine/index')
    fireEvent.click(await screen.findByText('发布心愿'))
    expect(screen.getByText('还没有发布过心愿')).toBeTruthy()
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/wish/post/index' })
  })
})

describe('我的认领', () => {
  test('a claim in progress shows its deadline and the time left; done ones say where they stand', async () => {
    api.on('GET /api/wishes/claimed', () =>
      json(
        page([
          summary({ id: 1, title: '帮忙取一下快递', status: 'claimed', claim: myClaim() }),
          summary({ id: 2, title: '代买降压药', status: 'claimed', claim: myClaim({ deadline: '2026-11-20T03:30:00+08:00' }) }),
          summary({ id: 3, title: '需要一袋大米', status: 'fulfilled', claim: myClaim({ fulfilledAt: '2026-11-18T10:00:00+08:00' }) }),
        ]),
      ),
    )
    renderPage(MyClaimsPage, '/packages/wish/claims/index')
    await screen.findByText('帮忙取一下快递')
    const [first, second, third] = cards()
    expect(first!.querySelector('.claim-deadline')?.textContent).toBe('完成期限 11月22日 10:00（剩余2天）')
    expect(second!.querySelector('.claim-deadline')?.textContent).toBe('完成期限 11月20日 03:30（剩余6小时）')
    expect(third!.querySelector('.claim-deadline')).toBeNull()
    expect(third!.textContent).toContain('已提交完成凭证，等待居民确认')
    expect(third!.querySelector('.wish-status')?.textContent).toBe('已完成')
  })

  test('none yet: offers the wishes tab', async () => {
    api.on('GET /api/wishes/claimed', () => json(page([])))
    renderPage(MyClaimsPage, '/packages/wish/claims/index')
    fireEvent.click(await screen.findByText('去看看心愿'))
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/wishes/index' })
  })
})
