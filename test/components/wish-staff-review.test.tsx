import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test, vi } from 'vitest'
import StaffWishReviewPage from '../../src/packages/staff/wish-review/index'
import { json, me, renderPage, useFakeApi } from './support'
import { myClaim, page, summary, upload, wish } from './wish-fixtures'

const PATH = '/packages/staff/wish-review/index'
const api = useFakeApi()
const staff = me({ name: '刘芳', roles: ['resident', 'staff'], staffCommunityIds: [7] })

function answerModal(confirm: boolean) {
  return vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm, cancel: !confirm, errMsg: 'showModal:ok' } as never)
}

const pending = (overrides: Parameters<typeof summary>[0] = {}) =>
  summary({ status: 'pending', wisherName: '张秀兰', actions: ['review'], moderation: { text: 'pass', photos: [], labels: [] }, ...overrides })

/** The review card of the wish with this title. */
function card(title: string) {
  return screen.getByText(title).closest('.review-card') as HTMLElement
}

/** Serves the queue: the wishes still pending (the test removes them as they are reviewed). */
function serveQueue(queue: ReturnType<typeof pending>[]) {
  api.on('GET /api/me', () => json(staff))
  api.on('GET /api/staff/wishes', (call) => json(page(call.query.get('status') === 'pending' ? queue : [])))
}

describe('心愿审核', () => {
  test('lists the pending queue in short rows: title, time, category, the content check as a tag, the wisher masked and the place', async () => {
    serveQueue([
      pending({ id: 1, title: '想学用智能手机' }),
      pending({ id: 2, title: '洗衣机不转了', photos: [upload(501)], moderation: { text: 'pass', photos: ['risky'], labels: ['照片1：疑似广告'] } }),
    ])
    renderPage(StaffWishReviewPage, PATH)
    await screen.findByText('洗衣机不转了')

    const [call] = api.calls('GET /api/staff/wishes')
    expect(call!.query.get('communityId')).toBe('7')
    expect(call!.query.get('status')).toBe('pending')
    const clean = card('想学用智能手机')
    expect(clean.querySelector('.review-card__check')?.textContent).toBe('机审通过')
    expect(clean.querySelector('.review-card__check')?.className).toContain('review-card__check--ok')
    const flagged = card('洗衣机不转了')
    expect(flagged.querySelector('.review-card__check')?.textContent).toBe('机审违规')
    expect(flagged.querySelector('.review-card__check')?.className).toContain('review-card__check--bad')
    expect(flagged.querySelector('.review-card__who')?.textContent).toBe('张** · 联通小区 3号楼 · 1张照片')
    expect(flagged.querySelector('.review-card__category')?.textContent).toBe('医疗健康 · 改类别')
    expect(flagged.querySelector('.review-card__time')?.textContent).toMatch(/^\d+月\d+日 \d\d:\d\d$/)
    // No category picker in the cards: the full text and findings open on a tap.
    expect(document.querySelector('.review-card .choice-buttons')).toBeNull()
    expect(flagged.querySelector('.moderation')).toBeNull()
    fireEvent.click(within(flagged).getByText('洗衣机不转了'))
    const findings = await waitFor(() => flagged.querySelector('.moderation') as HTMLElement)
    expect(findings.className).toContain('moderation--flagged')
    expect(findings.textContent).toContain('第1张照片：机审判定违规')
    expect(findings.textContent).toContain('涉及：照片1：疑似广告')
    fireEvent.click(within(flagged).getByText('查看详情 ›'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/wish/detail/index?id=2' })
  })

  test('通过 asks, approves as is (no category sent), and the wish leaves the queue', async () => {
    const queue = [pending({ id: 1, title: '想学用智能手机', category: 'education' })]
    serveQueue(queue)
    api.on('POST /api/staff/wishes/1/approve', () => {
      queue.length = 0
      return json(wish({ id: 1, title: '想学用智能手机', category: 'education', status: 'open', actions: [] }))
    })
    const modal = answerModal(true)
    renderPage(StaffWishReviewPage, PATH)
    await screen.findByText('想学用智能手机')

    fireEvent.click(within(card('想学用智能手机')).getByText('通过'))
    await waitFor(() => expect(api.calls('POST /api/staff/wishes/1/approve')).toHaveLength(1))
    expect(modal.mock.calls[0]![0]).toMatchObject({ title: '审核通过', confirmText: '通过' })
    expect(modal.mock.calls[0]![0]!.content).not.toContain('分类改为')
    expect(api.calls('POST /api/staff/wishes/1/approve')[0]!.body).toEqual({})
    expect(api.calls('POST /api/staff/wishes/1/approve')[0]!.headers['idempotency-key']).toBeTruthy()
    expect(await screen.findByText('没有待审核的心愿')).toBeTruthy()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已通过，心愿已公开' }))
  })

  test('改类别 opens one picker for that wish; 通过 then sends the new category', async () => {
    serveQueue([pending({ id: 1, title: '洗衣机不转了', category: 'other' }), pending({ id: 3, title: '想学用智能手机', category: 'education' })])
    api.on('POST /api/staff/wishes/1/approve', () => json(wish({ id: 1, status: 'open', category: 'appliance_repair', actions: [] })))
    const modal = answerModal(true)
    renderPage(StaffWishReviewPage, PATH)
    await screen.findByText('洗衣机不转了')
    const options = () => [...document.querySelectorAll('.nut-actionsheet-item-name')].map((el) => el.textContent)
    expect(options()).toEqual([])

    const c = card('洗衣机不转了')
    fireEvent.click(within(c).getByText('其他 · 改类别'))
    await waitFor(() => expect(options()).toEqual(['生活物资', '助学', '助老', '医疗健康', '家电维修', '陪伴关爱', '其他（当前）']))
    fireEvent.click(screen.getByText('家电维修'))
    await waitFor(() => expect(c.querySelector('.review-card__category')?.textContent).toBe('家电维修 · 改类别'))
    expect(c.querySelector('.review-card__category')?.className).toContain('review-card__category--changed')
    // The other wish keeps its own.
    expect(card('想学用智能手机').querySelector('.review-card__category')?.textContent).toBe('助学 · 改类别')

    fireEvent.click(within(c).getByText('通过'))
    await waitFor(() => expect(api.calls('POST /api/staff/wishes/1/approve')).toHaveLength(1))
    expect(api.calls('POST /api/staff/wishes/1/approve')[0]!.body).toEqual({ category: 'appliance_repair' })
    expect(modal.mock.calls[0]![0]!.content).toContain('分类改为「家电维修」')
  })

  test('取消 in the picker keeps the category', async () => {
    serveQueue([pending({ id: 1, title: '洗衣机不转了', category: 'other' })])
    api.on('POST /api/staff/wishes/1/approve', () => json(wish({ id: 1, status: 'open', actions: [] })))
    answerModal(true)
    renderPage(StaffWishReviewPage, PATH)
    await screen.findByText('洗衣机不转了')
    const c = card('洗衣机不转了')

    fireEvent.click(within(c).getByText('其他 · 改类别'))
    fireEvent.click(await waitFor(() => document.querySelector('.nut-actionsheet-cancel') as HTMLElement))
    fireEvent.click(within(c).getByText('通过'))
    await waitFor(() => expect(api.calls('POST /api/staff/wishes/1/approve')).toHaveLength(1))
    expect(api.calls('POST /api/staff/wishes/1/approve')[0]!.body).toEqual({})
  })

  test('不通过 needs a reason, then sends it', async () => {
    const queue = [pending({ id: 2, title: '洗衣机不转了' })]
    serveQueue(queue)
    api.on('POST /api/staff/wishes/2/reject', () => {
      queue.length = 0
      return json(wish({ id: 2, status: 'rejected', rejectReason: '请联系物业报修', actions: [] }))
    })
    renderPage(StaffWishReviewPage, PATH)
    await screen.findByText('洗衣机不转了')

    fireEvent.click(within(card('洗衣机不转了')).getByText('不通过'))
    fireEvent.click(screen.getByText('确认不通过'))
    expect(screen.getByText('请写明原因（至少2个字）')).toBeTruthy()
    expect(api.calls('POST /api/staff/wishes/2/reject')).toHaveLength(0)

    fireEvent.input(document.querySelector('input[placeholder="例如：超出微心愿范围，请联系社区另行帮助"]')!, { target: { value: ' 请联系物业报修 ' } })
    fireEvent.click(screen.getByText('确认不通过'))
    await waitFor(() => expect(api.calls('POST /api/staff/wishes/2/reject')).toHaveLength(1))
    expect(api.calls('POST /api/staff/wishes/2/reject')[0]!.body).toEqual({ reason: '请联系物业报修' })
    expect(await screen.findByText('没有待审核的心愿')).toBeTruthy()
    expect(api.calls('POST /api/staff/wishes/2/approve')).toHaveLength(0)
  })

  test('待代确认 lists fulfilled wishes with the proof, and 代确认 confirms for the wisher', async () => {
    const fulfilled = summary({
      id: 5,
      title: '帮忙取一下快递',
      status: 'fulfilled',
      claim: myClaim({ claimerName: '李志强', mine: false, fulfilledAt: '2026-11-19T20:00:00+08:00', fulfilNote: '已送上楼', proofPhotoUrl: '/api/files/proof-5.jpg' }),
      actions: ['confirm_for_wisher'],
    })
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/wishes', (call) => json(page(call.query.get('status') === 'fulfilled' ? [fulfilled] : [])))
    api.on('POST /api/staff/wishes/5/confirm', () => json(wish({ id: 5, status: 'confirmed', actions: [] })))
    renderPage(StaffWishReviewPage, PATH)
    await screen.findByText('没有待审核的心愿')

    fireEvent.click(screen.getByText('待代确认'))
    await screen.findByText('帮忙取一下快递')
    expect(api.calls('GET /api/staff/wishes').at(-1)!.query.get('status')).toBe('fulfilled')
    const c = card('帮忙取一下快递')
    expect(c.textContent).toContain('认领人：李志强')
    expect(c.textContent).toContain('完成说明：已送上楼')

    fireEvent.click(within(c).getByText('代确认'))
    const area = document.querySelector('taro-textarea-core[placeholder="例如：谢谢小李，收音机很好用！"]')!
    await waitFor(() => expect(area.querySelector('textarea')).not.toBeNull())
    act(() => void area.dispatchEvent(new CustomEvent('input', { detail: { value: '居民电话里说非常感谢' }, bubbles: true })))
    fireEvent.click(screen.getByText('5星'))
    fireEvent.click(screen.getByText('代居民确认'))
    await waitFor(() => expect(api.calls('POST /api/staff/wishes/5/confirm')).toHaveLength(1))
    expect(api.calls('POST /api/staff/wishes/5/confirm')[0]!.body).toEqual({ thanks: '居民电话里说非常感谢', rating: 5 })
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已代居民确认' })))
  })

  test('an empty 待代确认 says what would be there, not the pending queue’s sentence', async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/wishes', () => json(page([])))
    renderPage(StaffWishReviewPage, PATH)
    expect(await screen.findByText('居民新发布的心愿会显示在这里')).toBeTruthy()
    fireEvent.click(screen.getByText('待代确认'))
    expect(await screen.findByText('没有待代确认的心愿')).toBeTruthy()
    expect(screen.getByText('志愿者已完成、居民还没确认的心愿会显示在这里，可为不便操作的居民代为确认')).toBeTruthy()
  })

  test('not for residents', async () => {
    api.on('GET /api/me', () => json(me()))
    renderPage(StaffWishReviewPage, PATH)
    expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
    expect(api.calls('GET /api/staff/wishes')).toHaveLength(0)
  })
})
