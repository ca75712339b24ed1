import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app'

let t: TestApp
let resident: { authorization: string }
beforeAll(async () => {
  // A Tuesday: weekday hours apply.
  t = await createTestApp({ now: new Date('2026-11-17T10:00:00+08:00') })
  resident = await t.loginAs('resident')
})
afterAll(() => t.close())

const getHome = (headers: Record<string, string>, query = '') => t.app.inject({ method: 'GET', url: `/api/home${query}`, headers })

describe('GET /api/home', () => {
  it("shows the resident's community, its stations and this month's events", async () => {
    const res = await getHome(resident)
    expect(res.statusCode).toBe(200)
    const home = res.json()
    expect(home.community).toMatchObject({ name: '联通社区', subdistrictName: '花园街道' })
    expect(home.month).toBe('2026-11')
    expect(home.stations.map((s: { name: string }) => s.name)).toEqual([
      '联通社区党群服务中心',
      '联通社区第三网格党群服务驿站',
      '联通社区第十一网格党群服务驿站',
    ])
    expect(home.stations[0]).toMatchObject({ kind: 'center', roomCount: 4, hoursToday: '08:30–11:30、13:30–20:00' })
    expect(home.stations[1]).toMatchObject({ kind: 'grid_station', roomCount: 1, hoursToday: '09:00–11:30、14:00–19:00' })

    // The month's five seeded activities, and the seed's confirmed public bookings (合唱团排练, 绘本共读).
    const activities = home.events.filter((e: { kind: string }) => e.kind === 'activity')
    expect(activities.filter((e: { title: string }) => e.title !== '银发助老·周六探访')).toHaveLength(5)
    // The weekly series of the volunteer persona's history: the Saturdays of the month before today (the 17th).
    expect(activities.filter((e: { title: string }) => e.title === '银发助老·周六探访').map((e: { startsAt: string }) => e.startsAt.slice(0, 10))).toEqual(['2026-11-07', '2026-11-14'])
    expect(home.events.filter((e: { kind: string }) => e.kind === 'booking').map((e: { title: string }) => e.title).sort()).toEqual(['亲子绘本共读', '社区合唱团排练'])
    const starts = home.events.map((e: { startsAt: string }) => e.startsAt)
    expect(starts).toEqual([...starts].sort())
    expect(starts.every((s: string) => s.startsWith('2026-11-') && s.endsWith('+08:00'))).toBe(true)
    expect(home.events[0]).toMatchObject({ title: '黑河市中医院义诊进网格', stationName: '联通社区第三网格党群服务驿站', startsAt: '2026-11-06T09:00:00+08:00' })
  })

  it.each([
    ['a public holiday opens on weekend hours', '2026-10-01T09:00:00+08:00', '09:00–17:00'],
    ['a make-up working day (调休, a Saturday) opens on weekday hours', '2026-10-10T09:00:00+08:00', '08:30–11:30、13:30–20:00'],
    ['an ordinary Sunday opens on weekend hours', '2026-11-22T09:00:00+08:00', '09:00–17:00'],
    ['the day is the China calendar day, not the UTC one (Monday 00:30 in Heihe is still Sunday in UTC)', '2026-11-23T00:30:00+08:00', '08:30–11:30、13:30–20:00'],
  ])('%s', async (_label, instant, hours) => {
    const before = t.clock.now
    t.clock.now = new Date(instant)
    try {
      const home = (await getHome(resident)).json()
      expect(home.stations[0].hoursToday).toBe(hours)
    } finally {
      t.clock.now = before
    }
  })

  it('browses another community when asked, and refuses one that does not exist', async () => {
    const communities = (await t.app.inject({ method: 'GET', url: '/api/communities' })).json().items as { id: number; name: string }[]
    const fulong = communities.find((c) => c.name === '福龙社区')!
    const home = (await getHome(resident, `?communityId=${fulong.id}`)).json()
    expect(home.community.name).toBe('福龙社区')
    expect(home.stations.map((s: { name: string }) => s.name)).toContain('福龙社区第一网格党群服务驿站')

    const missing = await getHome(resident, '?communityId=99999')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toEqual({ code: 'COMMUNITY_NOT_FOUND', message: '没有找到这个社区' })

    const invalid = await getHome(resident, '?communityId=abc')
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json().details[0].path).toBe('querystring.communityId')
  })

  it('asks a new account without a community to choose one', async () => {
    t.wechat.codes.set('code-home', 'openid-home')
    const { token } = (await t.app.inject({ method: 'POST', url: '/api/auth/wechat', payload: { code: 'code-home' } })).json()
    const headers = { authorization: `Bearer ${token}` }
    const res = await getHome(headers)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ code: 'COMMUNITY_REQUIRED', message: '请先选择您所在的社区' })
    const communities = (await t.app.inject({ method: 'GET', url: '/api/communities' })).json().items
    expect((await getHome(headers, `?communityId=${communities[0].id}`)).statusCode).toBe(200)
  })

  it('shows a visitor the community asked for, and asks a visitor who names none to choose', async () => {
    const communities = (await t.app.inject({ method: 'GET', url: '/api/communities' })).json().items
    const visitor = await getHome({}, `?communityId=${communities[0].id}`)
    expect(visitor.statusCode).toBe(200)
    expect(visitor.json().community.id).toBe(communities[0].id)
    expect((await getHome({})).json()).toEqual({ code: 'COMMUNITY_REQUIRED', message: '请先选择您所在的社区' })
  })
})

describe('GET /api/communities', () => {
  it('lists the demo district without a login, grouped by subdistrict', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/communities' })
    expect(res.statusCode).toBe(200)
    expect(res.json().items.map((c: { subdistrictName: string; name: string }) => `${c.subdistrictName}${c.name}`)).toEqual([
      '花园街道联通社区',
      '花园街道铁西社区',
      '兴安街道邮政社区',
      '西兴街道福龙社区',
      '海兰街道海兰社区',
    ])
  })
})

describe('GET /api/events', () => {
  it('lists the events of the month asked for, and of this month by default', async () => {
    const dec = (await t.app.inject({ method: 'GET', url: '/api/events?month=2026-12', headers: resident })).json()
    expect(dec.month).toBe('2026-12')
    expect(dec.items).toHaveLength(5)
    expect(dec.items.every((e: { startsAt: string }) => e.startsAt.startsWith('2026-12-'))).toBe(true)

    const now = (await t.app.inject({ method: 'GET', url: '/api/events', headers: resident })).json()
    expect(now.month).toBe('2026-11')

    const empty = (await t.app.inject({ method: 'GET', url: '/api/events?month=2027-03', headers: resident })).json()
    expect(empty).toEqual({ month: '2027-03', items: [] })
  })

  it('refuses a malformed month with a Chinese message', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/events?month=2026-13', headers: resident })
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([{ path: 'querystring.month', message: '月份格式应为 YYYY-MM' }])
  })
})
