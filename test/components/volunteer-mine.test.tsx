import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test } from 'vitest'
import VolunteerMinePage from '../../src/packages/volunteer/mine/index'
import { apiError, json, pullDownToRefresh, renderPage, useFakeApi } from './support'
import { activitySummary, mySignup, unregistered, volunteerSummary } from './volunteer-fixtures'

const PATH = '/packages/volunteer/mine/index'
const api = useFakeApi()

const text = (selector: string) => document.querySelector(selector)?.textContent
const progress = () => document.querySelector('.volunteer-progress')!.getAttribute('aria-valuenow')
const titles = () => [...document.querySelectorAll('.activity-card__title')].map((el) => el.textContent)

describe('我的志愿', () => {
  test('hours, activities, the star level with the way to the next, and what is coming up', async () => {
    api.on('GET /api/volunteer/summary', () => json(volunteerSummary()))
    renderPage(VolunteerMinePage, PATH)

    await screen.findByText('累计服务时长（小时）')
    expect(text('.volunteer-figures__hours')).toBe('150')
    expect(text('.volunteer-figures__count')).toBe('42')
    expect(text('.volunteer-figures__star-marks')).toBe('★☆☆☆☆')
    expect(text('.volunteer-figures__star-name')).toBe('一星志愿者')
    // 150 h of the way from 100 h (一星) to 300 h (二星): a quarter.
    expect(progress()).toBe('25')
    expect((document.querySelector('.volunteer-progress__bar') as HTMLElement).style.width).toBe('25%')
    expect(text('.volunteer-figures__next')).toBe('再服务150小时升为二星志愿者（300小时）')
    expect(text('.volunteer-figures__profile')).toContain('李志强 · 助老服务、家电维修')
    expect(titles()).toEqual(['敬老院陪老人包饺子'])
    expect(text('.activity-card .signup-status')).toBe('已报名')

    fireEvent.click(screen.getByText('敬老院陪老人包饺子'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/detail/index?id=21' })
    fireEvent.click(screen.getByText('服务记录与证明'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/records/index' })
    fireEvent.click(screen.getByText('志愿服务队'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/teams/index' })
    fireEvent.click(screen.getByText('修改登记信息 ›'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/register/index' })
    fireEvent.click(screen.getByText('找活动'))
    expect(Taro.switchTab).toHaveBeenLastCalledWith({ url: '/pages/activities/index' })
  })

  test('no star yet counts towards the first; the last star has nothing beyond it', async () => {
    api.once('GET /api/volunteer/summary', () => json(volunteerSummary({ totalHours: 37.5, stars: 0, nextStarHours: 100, upcoming: [] })))
    const page = renderPage(VolunteerMinePage, PATH)
    await screen.findByText('累计服务时长（小时）')
    expect(text('.volunteer-figures__hours')).toBe('37.5')
    expect(text('.volunteer-figures__star-marks')).toBe('☆☆☆☆☆')
    expect(text('.volunteer-figures__star-name')).toBe('志愿者')
    expect(progress()).toBe('38')
    expect(text('.volunteer-figures__next')).toBe('再服务62.5小时升为一星志愿者（100小时）')
    expect(screen.getByText('还没有报名的活动')).toBeTruthy()
    page.unmount()

    api.once('GET /api/volunteer/summary', () => json(volunteerSummary({ totalHours: 1620, stars: 5, nextStarHours: null })))
    renderPage(VolunteerMinePage, PATH)
    await screen.findByText('累计服务时长（小时）')
    expect(text('.volunteer-figures__star-marks')).toBe('★★★★★')
    expect(text('.volunteer-figures__star-name')).toBe('五星志愿者')
    expect(progress()).toBe('100')
    expect(text('.volunteer-figures__next')).toBe('已达到最高星级，感谢您的长期奉献')
  })

  test('历史 lists past sign-ups with their status and the hours the organiser confirmed', async () => {
    api.on('GET /api/volunteer/summary', () => json(volunteerSummary()))
    api.on('GET /api/volunteer/signups', () =>
      json({
        items: [
          mySignup({ signupId: 1, activity: { ...activitySummary({ id: 11, title: '清扫楼道小广告' }) }, checkedInAt: '2026-10-12T08:55:00+08:00', checkedOutAt: '2026-10-12T11:05:00+08:00', confirmedHours: 2.5 }),
          mySignup({ signupId: 2, activity: { ...activitySummary({ id: 12, title: '助老理发' }) }, checkedInAt: '2026-11-02T08:55:00+08:00', checkedOutAt: '2026-11-02T11:05:00+08:00' }),
          mySignup({ signupId: 3, status: 'cancelled', activity: { ...activitySummary({ id: 13, title: '消防演练' }) } }),
          mySignup({ signupId: 4, status: 'no_show', activity: { ...activitySummary({ id: 14, title: '垃圾分类宣传' }) } }),
        ],
      }),
    )
    renderPage(VolunteerMinePage, PATH)
    await screen.findByText('累计服务时长（小时）')
    expect(api.calls('GET /api/volunteer/signups')).toHaveLength(0)

    fireEvent.click(screen.getByText('历史'))
    await screen.findByText('清扫楼道小广告')
    expect(api.calls('GET /api/volunteer/signups')[0]!.query.get('scope')).toBe('history')
    expect(titles()).toEqual(['清扫楼道小广告', '助老理发', '消防演练', '垃圾分类宣传'])
    const cards = [...document.querySelectorAll('.activity-card')]
    expect(cards.map((c) => c.querySelector('.signup-status')?.textContent)).toEqual(['已报名', '已报名', '已取消', '未到场'])
    expect(cards.map((c) => c.querySelector('.volunteer-mine__hours')?.textContent ?? null)).toEqual(['确认时长 2.5小时', '已签退，等待组织者确认时长', null, null])

    pullDownToRefresh()
    await waitFor(() => expect(api.calls('GET /api/volunteer/signups')).toHaveLength(2))
  })

  test('not registered yet: an invitation to register instead of figures', async () => {
    api.on('GET /api/volunteer/summary', () => json(volunteerSummary({ profile: unregistered(), totalHours: 0, stars: 0, nextStarHours: 100, activityCount: 0, upcoming: [] })))
    renderPage(VolunteerMinePage, PATH)

    expect(await screen.findByText('您还不是志愿者')).toBeTruthy()
    expect(document.querySelector('.volunteer-figures')).toBeNull()
    fireEvent.click(screen.getByText('注册志愿者'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/register/index' })
  })

  test('a failure offers 重试', async () => {
    api.once('GET /api/volunteer/summary', () => apiError(429, 'RATE_LIMITED', '操作太频繁，请稍后再试'))
    api.on('GET /api/volunteer/summary', () => json(volunteerSummary()))
    renderPage(VolunteerMinePage, PATH)
    expect(await screen.findByText('操作太频繁，请稍后再试')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('累计服务时长（小时）')).toBeTruthy()
  })
})
