import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StationList } from '../../types/api/booking'
import { closestWithClass, startWeapp, waitFor, type Weapp, confirmModals, type ModalOptions } from './harness'

/*
 * 服务阵地 on the compiled mini-program, as the resident persona standing at her grid station: the list nearest
 * first, the WeChat map with a marker per station, and a marker's tap through the station to a room.
 */

const nodeRequire = createRequire(import.meta.url)
type Exparser = { Event: { create(name: string, detail: unknown, options: Record<string, unknown>): unknown; dispatchEvent(target: unknown, event: unknown): void } }

let w: Weapp
let stations: StationList
/** Where the phone says she is: at 联通社区第三网格党群服务驿站. */
let here: { latitude: number; longitude: number }
let locationCalls = 0
const modals: ModalOptions[] = []

beforeAll(async () => {
  w = await startWeapp()
  const session = await w.loginAs('resident')
  const res = await w.backend.app.inject({ method: 'GET', url: '/api/stations', headers: { authorization: `Bearer ${session.token}` } })
  stations = res.json() as StationList
  const grid = stations.items.find((s) => s.name === '联通社区第三网格党群服务驿站')!
  here = { latitude: grid.latitude, longitude: grid.longitude }
  const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx
  wx.getLocation = (options: { type?: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
    locationCalls++
    setTimeout(() => {
      const answer = { ...here, speed: -1, accuracy: 30, errMsg: 'getLocation:ok' }
      options.success?.(answer)
      options.complete?.(answer)
    }, 0)
  }
})
afterAll(() => w?.close())
beforeAll(() => confirmModals(modals))

describe('服务阵地, as the resident persona', () => {
  it('lists her community\'s stations nearest first with distances, and puts each on the map', async () => {
    const page = await w.open('/packages/booking/stations/index')
    // No position without her consent: the list comes first, with an offer to use the position.
    await page.waitForText('开启位置后')
    expect(locationCalls).toBe(0)
    await page.tap('开启位置')
    await page.waitForText('距您')
    expect(modals.map((m) => [m.title, m.content.includes('只用来计算附近服务阵地离您有多远')])).toEqual([['使用您的位置', true]])
    expect(locationCalls).toBe(1)
    expect(w.storage.get('doorstep.location-consent')).toBe('granted')
    const located = w.requests.find((r) => r.path.startsWith('/api/stations?') && r.path.includes('latitude='))
    expect(located?.status).toBe(200)
    const names = page.byClass('station-card__name').map((el) => el.textContent)
    expect(names[0]).toBe('联通社区第三网格党群服务驿站')
    expect([...names].sort()).toEqual(stations.items.map((s) => s.name).sort())
    expect(page.byClass('station-card__distance')[0]!.textContent).toBe('距您0米')

    const [map] = [...page.root.querySelectorAll<HTMLElement>('wx-map')]
    expect(map).toBeTruthy()
    const markers = Object.values(page.props(map!)).find((v): v is { id: number; title: string }[] => Array.isArray(v) && v.length > 0 && typeof v[0] === 'object' && 'title' in v[0])
    expect(markers?.map((m) => m.title).sort()).toEqual(stations.items.map((s) => s.name).sort())
    expect(w.missingTemplates).toEqual([])
  })

  it('a marker\'s tap opens its station, whose rooms open the week grid', async () => {
    const page = w.currentPage()
    const center = stations.items.find((s) => s.name === '联通社区党群服务中心')!
    const [map] = [...page.root.querySelectorAll<HTMLElement>('wx-map')]
    const exparser = nodeRequire('miniprogram-exparser') as Exparser
    const node = (map as unknown as { __wxElement: unknown }).__wxElement
    exparser.Event.dispatchEvent(node, exparser.Event.create('markertap', { markerId: center.id }, { bubbles: false, composed: false, capturePhase: false }))

    await waitFor(() => w.currentPage().route === 'packages/booking/station/index', () => `still on ${w.currentPage().route}`)
    expect(w.navigations.at(-1)).toEqual({ api: 'navigateTo', url: `/packages/booking/station/index?id=${center.id}` })
    const station = w.currentPage()
    await station.waitForText('可预约场地')
    // The hours are one line until 展开.
    expect(station.byClass('station-day')).toHaveLength(0)
    await station.tap(station.byClass('station-hours__summary')[0]!)
    await waitFor(() => station.byClass('station-day').length === 7, () => `${station.byClass('station-day').length} days shown`)
    expect(station.byClass('room-card__name').map((el) => el.textContent)).toEqual(expect.arrayContaining(['会议培训室', '文体活动室', '多功能厅']))

    await station.tap(closestWithClass(station.byText('文体活动室'), 'room-card')!)
    await waitFor(() => w.currentPage().route === 'packages/booking/room/index', () => `still on ${w.currentPage().route}`)
    await w.currentPage().waitForText('预约须知')
    expect(w.missingTemplates).toEqual([])
  })
})
