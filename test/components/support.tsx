/**
 * What the component tests share: a fake API behind the `fetch` that Taro H5's `request` calls, a page renderer
 * with a fresh QueryClient, and API fixtures typed by the contract in types/api.
 */
import type { ComponentType } from 'react'
import { render } from '@testing-library/react'
import { QueryClientProvider } from '@tanstack/react-query'
import { afterEach, beforeEach, expect, vi } from 'vitest'
import { getPageInstance } from '@tarojs/runtime'
import type { DemoPersonaSummary, SessionResponse } from '../../types/api/auth'
import type { ErrorCode } from '../../types/api/errors'
import type { CommunityRef, Me } from '../../types/api/me'
import type { EventSummary, HomeResponse, StationSummary } from '../../types/api/org'
import { createQueryClient } from '../../src/services/query-client'

// ---------------------------------------------------------------------------------------------------------------
// Fake API

/** One request as the server would see it. */
export type ApiCall = {
  method: string
  path: string
  query: URLSearchParams
  headers: Record<string, string>
  body: unknown
}

type Handler = (call: ApiCall) => Response | Promise<Response>

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

/** The error body every API failure has: `{ code, message }`. */
export function apiError(status: number, code: ErrorCode, message: string): Response {
  return json({ code, message }, status)
}

/** What `fetch` does when the request never got an answer. */
export function networkFailure(): never {
  throw new TypeError('Failed to fetch')
}

export type FakeApi = ReturnType<typeof useFakeApi>

/**
 * Replaces `fetch` for every test of the calling file. Routes are "METHOD /path" (query ignored). A request to a
 * route with no handler fails the test: a page calling an endpoint the test did not expect is a finding.
 */
export function useFakeApi() {
  const handlers = new Map<string, Handler>()
  const queued = new Map<string, Handler[]>()
  const calls: ApiCall[] = []
  const unexpected: string[] = []

  const fetch = async (url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) => {
    const parsed = new URL(url, 'http://localhost')
    const call: ApiCall = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: parsed.pathname,
      query: parsed.searchParams,
      headers: Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
    }
    calls.push(call)
    const route = `${call.method} ${call.path}`
    const handler = queued.get(route)?.shift() ?? handlers.get(route)
    if (!handler) {
      unexpected.push(route)
      return apiError(404, 'ROUTE_NOT_FOUND', '接口不存在')
    }
    return handler(call)
  }

  beforeEach(() => {
    handlers.clear()
    queued.clear()
    calls.length = 0
    unexpected.length = 0
    vi.stubGlobal('fetch', vi.fn(fetch))
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    expect(unexpected, 'requests no test handler answered').toEqual([])
  })

  return {
    /** Answers every call to the route (after any queued `once` answers). */
    on(route: string, handler: Handler) {
      handlers.set(route, handler)
    },
    /** Answers the next call to the route only. */
    once(route: string, handler: Handler) {
      queued.set(route, [...(queued.get(route) ?? []), handler])
    },
    calls: (route: string) => calls.filter((c) => `${c.method} ${c.path}` === route),
  }
}

/**
 * What 我的 asks for staff and admins besides the profile: whether the holiday calendar is complete, and the
 * 工作台's counts (nothing waiting unless the test says otherwise).
 */
export function serveStaffWorkbench(
  api: FakeApi,
  counts: { residencyApplications?: number; partyReports?: number; unitRegistrations?: number; wishesToReview?: number; bookingsToApprove?: number } = {},
) {
  api.on('GET /api/calendar/status', () => json({ missingYear: null, notice: null }))
  api.on('GET /api/staff/overview', (call) => json({ communityId: Number(call.query.get('communityId')), residencyApplications: 0, partyReports: 0, unitRegistrations: 0, wishesToReview: 0, bookingsToApprove: 0, ...counts }))
}

/** A promise the test resolves when it chooses: holds a reply back so the page can be seen waiting. */
export function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

/**
 * Renders a page as Taro H5 mounts it: inside an element whose id is the page path, with the app's providers
 * (here a fresh QueryClient, so no test sees another's cache).
 */
export function renderPage(Page: ComponentType, path: string) {
  const host = document.createElement('div')
  host.id = path
  host.className = 'taro_page'
  document.body.appendChild(host)
  const client = createQueryClient()
  const result = render(
    <QueryClientProvider client={client}>
      <Page />
    </QueryClientProvider>,
    { container: host },
  )
  return {
    ...result,
    client,
    /** The page's root element (PageShell), which carries the theme classes. */
    pageRoot: () => host.querySelector('.page') as HTMLElement,
  }
}

/**
 * Runs the page's onPullDownRefresh handlers. Without a Taro app around the page, hooks register on the
 * framework's fallback instance ('taro-app'), which is where a page-less test finds them.
 */
export function pullDownToRefresh() {
  const handlers = (getPageInstance('taro-app') as { onPullDownRefresh?: Array<() => void> } | undefined)?.onPullDownRefresh
  expect(handlers?.length, 'pull-down handlers registered').toBeGreaterThan(0)
  handlers!.forEach((h) => h())
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures

export const lianTong: CommunityRef = { id: 7, name: '联通社区', subdistrictName: '东风街道', districtName: '东城区' }
export const heping: CommunityRef = { id: 9, name: '和平社区', subdistrictName: '和平街道', districtName: '东城区' }

export function me(overrides: Partial<Me> = {}): Me {
  return {
    id: 1,
    name: '王秀兰',
    phoneMasked: '138****5678',
    roles: ['resident', 'volunteer'],
    community: lianTong,
    household: { id: 11, address: '联通社区 第三网格 联通小区 3号楼 2单元 301', gridName: '第三网格', memberCount: 3 },
    unit: null,
    staffCommunityIds: [],
    ...overrides,
  }
}

export function station(overrides: Partial<StationSummary> = {}): StationSummary {
  return {
    id: 1,
    name: '联通社区党群服务中心',
    kind: 'center',
    address: '联通路 12 号',
    phone: null,
    latitude: 36.06,
    longitude: 120.38,
    roomCount: 4,
    hoursToday: '08:30–20:00',
    thumbnailUrl: '/api/pictures/station-center.thumb.png',
    ...overrides,
  }
}

export function event(overrides: Partial<EventSummary> = {}): EventSummary {
  return {
    id: 1,
    kind: 'activity',
    title: '重阳节敬老包饺子',
    stationId: 1,
    stationName: '联通社区党群服务中心',
    place: '联通社区党群服务中心 二楼活动室',
    startsAt: '2026-05-16T09:00:00+08:00',
    endsAt: '2026-05-16T11:00:00+08:00',
    capacity: 30,
    signedUp: 12,
    phase: 'upcoming',
    thumbnailUrl: '/api/pictures/activity-general.thumb.png',
    ...overrides,
  }
}

export function home(overrides: Partial<HomeResponse> = {}): HomeResponse {
  return { community: lianTong, stations: [station()], month: '2026-05', events: [event()], ...overrides }
}

export function session(token: string, profile: Me = me(), refreshToken = `refresh-of-${token}`): SessionResponse {
  return { token, expiresAt: '2026-06-01T00:00:00+08:00', refreshToken, refreshExpiresAt: '2026-06-30T00:00:00+08:00', me: profile }
}

export const personas: DemoPersonaSummary[] = [
  { persona: 'resident', name: '王秀兰', description: '居民：发布微心愿、预约场地、查看家庭积分' },
  { persona: 'volunteer', name: '李志强', description: '志愿者：认领心愿、报名活动、累计服务时长' },
]
