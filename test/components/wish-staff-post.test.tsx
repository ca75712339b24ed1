import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test } from 'vitest'
import StaffWishPostPage from '../../src/packages/staff/wish-post/index'
import { json, me, renderPage, useFakeApi } from './support'
import { households } from './points-fixtures'
import { wish } from './wish-fixtures'

const PATH = '/packages/staff/wish-post/index'
const api = useFakeApi()
const staff = me({ id: 5, name: '刘芳', roles: ['resident', 'staff'], staffCommunityIds: [7] })

function type(placeholder: string, value: string) {
  fireEvent.input(document.querySelector(`input[placeholder="${placeholder}"]`)!, { target: { value } })
}

async function typeArea(placeholder: string, value: string) {
  const area = document.querySelector(`taro-textarea-core[placeholder="${placeholder}"]`)!
  await waitFor(() => expect(area.querySelector('textarea')).not.toBeNull())
  area.dispatchEvent(new CustomEvent('input', { detail: { value }, bubbles: true }))
}

const errors = () => [...document.querySelectorAll('.form-error')].map((el) => el.textContent)

describe('代居民发布心愿', () => {
  test("needs a resident, their consent and the community's value cap; sends the wish for that person", async () => {
    api.on('GET /api/me', () => json(staff))
    api.on('GET /api/staff/wishes/settings', () => json({ communityId: 7, maxValueYuan: 300, claimLimit: 3, claimDays: 7 }))
    api.on('GET /api/staff/households', () => json(households()))
    api.on('POST /api/staff/wishes', () => json(wish({ id: 88, status: 'pending', postedOnBehalf: true, actions: ['review'] }), 201))
    renderPage(StaffWishPostPage, PATH)
    await screen.findByText('代居民发布')
    await screen.findByText('整数，不超过300元；陪伴、帮忙等不需要花钱的心愿填0')

    fireEvent.click(screen.getByText('生活物资'))
    type('一句话说清想要什么，如：想要一台收音机', '冬天需要一件厚棉衣')
    await typeArea('为什么需要、需要什么样的，方便志愿者准备', '去年的棉衣已经破了，想要一件厚实的棉衣。')
    type('例如：80', '350')
    fireEvent.click(screen.getByText('由社区工作人员转达'))
    fireEvent.click(screen.getByText('代居民发布'))
    expect(errors()).toEqual(['请先查找并选择居民', '代居民发布心愿，须先取得居民本人同意', '本社区心愿价值上限为300元'])

    type('姓名、手机号后四位或门牌', '李建国')
    fireEvent.click(screen.getByText('搜索'))
    fireEvent.click(await screen.findByText('为李建国发布'))
    expect(api.calls('GET /api/staff/households')[0]!.query.get('q')).toBe('李建国')
    expect(document.querySelector('.on-behalf__name')?.textContent).toBe('李建国')
    fireEvent.click(document.querySelector('.on-behalf__consent .nut-switch')!)
    type('例如：80', '150')
    fireEvent.click(screen.getByText('代居民发布'))

    await waitFor(() => expect(api.calls('POST /api/staff/wishes')).toHaveLength(1))
    const [call] = api.calls('POST /api/staff/wishes')
    expect(call!.body).toEqual({
      category: 'daily_goods',
      title: '冬天需要一件厚棉衣',
      description: '去年的棉衣已经破了，想要一件厚实的棉衣。',
      photoIds: [],
      valueYuan: 150,
      contactPreference: 'via_staff',
      neededBy: null,
      personId: 102,
      consent: true,
    })
    expect(call!.headers['idempotency-key']).toBeTruthy()
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/wish/detail/index?id=88' }))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已为李建国发布心愿' }))
    expect(Taro.getStorageSync('doorstep.staff-wish-draft.5')).toBe('')
  })
})
