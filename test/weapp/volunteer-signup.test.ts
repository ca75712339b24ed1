import { and, asc, eq, isNull } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { users, volunteerProfiles } from '../../server/src/db/schema'
import type { Activity, ActivityPage, ActivitySummary } from '../../types/api/volunteer'
import { demoLookup } from '../support/demo-lookup'
import { classesOf, confirmModals, startWeapp, waitFor, type ModalOptions, type PageHandle, type Weapp } from './harness'

/*
 * 报名 on the compiled mini-program, against the real server (its clock fixed at Tuesday 17 November 2026, 10:00):
 * the volunteer persona signs up for an activity of 联通社区 and joins the waitlist of a full one; then the
 * resident persona, who never registered as a volunteer, presses 报名 and is offered the registration.
 */

let w: Weapp
let volunteer: { authorization: string }
let lianTong: number
const modals: ModalOptions[] = []
/** Every wx.request as the page sent it: the body and headers the harness' log leaves out. */
const sent: { method: string; path: string; data: unknown; header: Record<string, string> }[] = []
/**
 * Activities of 联通社区 with places, starting in more than two days (so a sign-up may still be cancelled), soonest
 * first: the volunteer takes the first, the resident tries the second.
 */
let open: ActivitySummary[]

beforeAll(async () => {
  w = await startWeapp()
  volunteer = { authorization: `Bearer ${(await w.loginAs('volunteer')).token}` }
  lianTong = await demoLookup(w.backend.handle.db).communityId('联通社区')
  confirmModals(modals)
  const wx = (globalThis as unknown as { wx: Record<string, (o: { url: string; method?: string; data?: unknown; header?: Record<string, string> }) => unknown> }).wx
  const answer = wx.request!
  wx.request = (options) => {
    sent.push({ method: (options.method ?? 'GET').toUpperCase(), path: new URL(options.url).pathname, data: options.data, header: options.header ?? {} })
    return answer(options)
  }
  const page = await api<ActivityPage>('/api/activities?scope=community')
  const twoDaysOn = w.backend.clock.now.getTime() + 48 * 3600_000
  open = page.items.filter((a) => !a.cancelled && !a.mySignup && a.signedUp < a.capacity && Date.parse(a.startsAt) > twoDaysOn)
  expect(open.length).toBeGreaterThanOrEqual(2)
})
afterAll(() => w?.close())

async function api<T>(url: string, headers = volunteer): Promise<T> {
  const res = await w.backend.app.inject({ method: 'GET', url, headers })
  expect(res.statusCode).toBe(200)
  return res.json() as T
}

async function post(url: string, headers: { authorization: string }, payload: object = {}) {
  return w.backend.app.inject({ method: 'POST', url, headers, payload })
}

async function openActivity(id: number, title: string): Promise<PageHandle> {
  const page = await w.open(`/packages/volunteer/detail/index?id=${id}`)
  await page.waitForText(title)
  await page.waitForText('活动地点')
  return page
}

const tag = (page: PageHandle) => page.byClass('signup-status').map((el) => el.textContent)
const signupPosts = (id: number) => sent.filter((r) => r.method === 'POST' && r.path === `/api/activities/${id}/signup`)

describe('报名, as the volunteer persona', () => {
  it('an open activity offers 我要报名; pressing it signs her up once and the page shows 已报名 with 取消报名', async () => {
    const target = open[0]!
    const before = await api<Activity>(`/api/activities/${target.id}`)
    expect(before.actions).toEqual(['sign_up'])
    expect(Date.parse(before.cancelDeadline)).toBeGreaterThan(w.backend.clock.now.getTime())
    const page = await openActivity(target.id, target.title)
    expect(page.text()).toContain(`已报名${before.signedUp}/${before.capacity}人`)
    expect(page.byClass('activity-signup')).toEqual([])
    expect(page.byClass('activity-actions__cancel')).toEqual([])

    await page.tap(page.byClass('activity-actions__signup')[0]!)
    await waitFor(() => tag(page).join() === '已报名', () => `tags: ${tag(page).join()}; the page reads:\n${page.text()}`)

    const posts = signupPosts(target.id)
    expect(posts).toHaveLength(1)
    expect(posts[0]!.data).toEqual({})
    expect(posts[0]!.header['idempotency-key']).toBeTruthy()
    expect(w.requests.filter((r) => r.method === 'POST')).toEqual([{ method: 'POST', path: `/api/activities/${target.id}/signup`, status: 200 }])
    const after = await api<Activity>(`/api/activities/${target.id}`)
    expect(after.mySignup).toMatchObject({ status: 'accepted', waitlistPosition: null })
    expect(after.signedUp).toBe(before.signedUp + 1)

    expect(page.text()).toContain(`已报名${after.signedUp}/${after.capacity}人`)
    expect(page.text()).toContain('到场后扫描组织者手机上的签到码签到，结束时再扫一次签退')
    expect(page.byClass('activity-actions__signup')).toEqual([])
    expect(page.byClass('activity-actions__cancel').map((el) => el.textContent)).toEqual(['取消报名'])
    expect(w.toasts).toContain('报名成功')
    expect(w.missingTemplates).toEqual([])
  })

  it('a full activity offers 加入候补; joining shows her place in the queue', async () => {
    // The organiser publishes an activity for one; 王 (party member) takes the place and another volunteer waits.
    const staff = await w.backend.headersAs('staff')
    const created = await post('/api/staff/activities', staff, {
      communityId: lianTong,
      title: '社区图书角整理',
      place: '党群服务中心图书阅览室',
      startsAt: '2026-11-26T14:00:00+08:00',
      endsAt: '2026-11-26T16:00:00+08:00',
      capacity: 1,
      skills: ['general'],
    })
    expect(created.statusCode).toBe(201)
    const id = (created.json() as { items: Activity[] }).items[0]!.id
    expect((await post(`/api/activities/${id}/signup`, await w.backend.headersAs('party_member'))).json()).toMatchObject({ mySignup: { status: 'accepted' } })
    const [other] = await w.backend.handle.db
      .select({ personId: volunteerProfiles.personId })
      .from(volunteerProfiles)
      .innerJoin(users, eq(users.id, volunteerProfiles.userId))
      .where(and(eq(volunteerProfiles.communityId, lianTong), isNull(users.demoPersona)))
      .orderBy(asc(volunteerProfiles.userId))
      .limit(1)
    const waiting = await w.backend.actAsPerson(other!.personId)
    expect((await post(`/api/activities/${id}/signup`, waiting)).json()).toMatchObject({ mySignup: { status: 'waitlisted', waitlistPosition: 1 } })

    const page = await openActivity(id, '社区图书角整理')
    expect(page.text()).toContain('已报名1/1人，已满·可候补')
    expect(page.text()).toContain('1人候补中')
    expect(page.text()).toContain('名额已满，可以加入候补')
    expect(page.byClass('activity-actions__signup')).toEqual([])

    await page.tap(page.byClass('activity-actions__waitlist')[0]!)
    await waitFor(() => tag(page).join() === '候补第2位', () => `tags: ${tag(page).join()}; the page reads:\n${page.text()}`)

    expect(signupPosts(id)).toHaveLength(1)
    expect(signupPosts(id)[0]!.header['idempotency-key']).toBeTruthy()
    expect((await api<Activity>(`/api/activities/${id}`)).mySignup).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })
    expect(page.text()).toContain('您在候补第2位，有人取消时按顺序自动递补')
    expect(page.text()).toContain('2人候补中')
    expect(page.byClass('activity-actions__cancel').map((el) => el.textContent)).toEqual(['取消候补'])
    expect(page.byClass('activity-actions__waitlist')).toEqual([])
    expect(w.toasts).toContain('已加入候补，排第2位')
    expect(w.missingTemplates).toEqual([])
  })
})

describe('报名, as the resident persona (not registered as a volunteer)', () => {
  it('报名 is offered to her too; pressing it, the server refuses and the page offers 去注册, which opens the registration', async () => {
    // Another activity: the volunteer's view of the first one is still in the app's cache.
    const target = open[1]!
    const resident = { authorization: `Bearer ${(await w.loginAs('resident')).token}` }
    expect((await api<{ registered: boolean }>('/api/volunteer/profile', resident)).registered).toBe(false)
    expect((await api<Activity>(`/api/activities/${target.id}`, resident)).actions).toEqual(['sign_up'])
    const requestsBefore = w.requests.length

    const page = await openActivity(target.id, target.title)
    expect(page.byClass('activity-register')).toEqual([])
    await page.tap(page.byClass('activity-actions__signup')[0]!)
    await waitFor(() => w.currentPage().route === 'packages/volunteer/register/index', () => `still on ${w.currentPage().route}; toasts: ${w.toasts.join(' | ')}`)

    expect(w.requests.slice(requestsBefore).filter((r) => r.method === 'POST')).toEqual([{ method: 'POST', path: `/api/activities/${target.id}/signup`, status: 403 }])
    expect(modals.map((m) => m.title)).toEqual(['请先注册志愿者'])
    expect(modals[0]!.content).toContain('报名志愿活动需要先登记实名、手机号和服务技能')
    expect(w.navigations.at(-1)).toEqual({ api: 'navigateTo', url: '/packages/volunteer/register/index' })

    const register = w.currentPage()
    await register.waitForText('《志愿者服务承诺与个人信息使用说明》')
    expect(register.byClass('volunteer-register__submit').map((el) => el.textContent)).toEqual(['注册志愿者'])
    expect(register.field('真实姓名')).toBeTruthy()
    // Only the registration asked about her registration: the activity showed what the server offered.
    expect(w.requests.slice(requestsBefore).filter((r) => r.path === '/api/volunteer/profile')).toEqual([{ method: 'GET', path: '/api/volunteer/profile', status: 200 }])

    // Under it, the activity offers the way to register instead of the refusal.
    expect(page.text()).toContain('注册志愿者后即可报名')
    expect(page.byClass('activity-register__go').map((el) => el.textContent)).toEqual(['去注册'])
    expect(page.byClass('activity-actions__error')).toEqual([])
    expect(classesOf(page.byClass('activity-actions__signup')[0]!)).not.toContain('nut-button-disabled')

    // Back without registering: the refusal is forgotten and 我要报名 is there to press again.
    ;(globalThis as unknown as { wx: { navigateBack: (o: object) => void } }).wx.navigateBack({})
    await waitFor(() => page.byClass('activity-register').length === 0, () => `the page still reads:\n${page.text()}`)
    expect(page.byClass('activity-actions__signup').map((el) => el.textContent)).toEqual(['我要报名'])
    expect((await api<Activity>(`/api/activities/${target.id}`, resident)).mySignup).toBeNull()
    expect(w.missingTemplates).toEqual([])
  })
})
