import { fireEvent, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, test, vi } from 'vitest'
import VolunteerTeamsPage from '../../src/packages/volunteer/teams/index'
import { apiError, json, me, renderPage, useFakeApi } from './support'
import { team } from './volunteer-fixtures'

const PATH = '/packages/volunteer/teams/index'
const api = useFakeApi()

function answerModal(confirm: boolean) {
  return vi.spyOn(Taro, 'showModal').mockResolvedValue({ confirm, cancel: !confirm, errMsg: 'showModal:ok' } as never)
}

const card = (name: string) => screen.getByText(name).closest('.team-card') as HTMLElement
const teams = () => [team(), team({ id: 4, name: '平安巡逻队', description: '', memberCount: 6, joined: true })]

describe('志愿服务队', () => {
  test('the community\'s teams with their members; 加入 joins, 退出 asks first', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/volunteer/teams', () => json({ items: teams() }))
    api.on('POST /api/volunteer/teams/3/join', () => json({ items: [team({ memberCount: 19, joined: true }), teams()[1]!] }))
    api.on('POST /api/volunteer/teams/4/leave', () => json({ items: [team({ memberCount: 19, joined: true }), team({ id: 4, name: '平安巡逻队', memberCount: 5, joined: false })] }))
    const modal = answerModal(false)
    renderPage(VolunteerTeamsPage, PATH)

    await screen.findByText('联通社区助老服务队')
    expect(api.calls('GET /api/volunteer/teams')[0]!.query.get('communityId')).toBeNull()
    expect(card('联通社区助老服务队').textContent).toContain('上门陪伴、代购、助浴')
    expect(card('联通社区助老服务队').querySelector('.team-card__members')?.textContent).toBe('18名队员')
    expect(card('联通社区助老服务队').querySelector('.team-card__joined')).toBeNull()
    expect(card('平安巡逻队').querySelector('.team-card__joined')?.textContent).toBe('已加入')

    fireEvent.click(card('联通社区助老服务队').querySelector('.team-card__join')!)
    await waitFor(() => expect(card('联通社区助老服务队').querySelector('.team-card__members')?.textContent).toBe('19名队员'))
    expect(card('联通社区助老服务队').querySelector('.team-card__joined')?.textContent).toBe('已加入')
    expect(api.calls('POST /api/volunteer/teams/3/join')[0]!.headers['idempotency-key']).toBeTruthy()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已加入联通社区助老服务队' }))

    // 再想想 keeps me in the team.
    fireEvent.click(card('平安巡逻队').querySelector('.team-card__leave')!)
    await waitFor(() => expect(modal).toHaveBeenCalledTimes(1))
    await new Promise((r) => setTimeout(r, 30))
    expect(api.calls('POST /api/volunteer/teams/4/leave')).toHaveLength(0)

    modal.mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    fireEvent.click(card('平安巡逻队').querySelector('.team-card__leave')!)
    await waitFor(() => expect(card('平安巡逻队').querySelector('.team-card__joined')).toBeNull())
    const options = modal.mock.calls[0]![0] as { title: string; confirmText: string; cancelText: string }
    expect(options).toMatchObject({ title: '退出服务队', confirmText: '退出', cancelText: '再想想' })
    expect(api.calls('POST /api/volunteer/teams/4/leave')).toHaveLength(1)
  })

  test('joining before registering offers the registration', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/volunteer/teams', () => json({ items: [team()] }))
    api.on('POST /api/volunteer/teams/3/join', () => apiError(403, 'VOLUNTEER_NOT_REGISTERED', '请先注册成为志愿者'))
    const modal = answerModal(true)
    renderPage(VolunteerTeamsPage, PATH)

    fireEvent.click(await screen.findByText('加入服务队'))
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/register/index' }))
    expect((modal.mock.calls[0]![0] as { confirmText: string }).confirmText).toBe('去注册')
  })

  test('a community without teams says so', async () => {
    api.on('GET /api/me', () => json(me()))
    api.on('GET /api/volunteer/teams', () => json({ items: [] }))
    renderPage(VolunteerTeamsPage, PATH)
    expect(await screen.findByText('本社区还没有志愿服务队')).toBeTruthy()
  })
})
