import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { Current } from '@tarojs/runtime'
import { beforeEach, describe, expect, test } from 'vitest'
import BuildingsPage from '../../src/packages/staff/buildings/index'
import OrgPage from '../../src/packages/staff/org/index'
import type { AddressBook, BuildingRequest, CommunityOrg, DistrictOrg } from '../../types/api/people'
import { apiError, heping, json, lianTong, me, renderPage, useFakeApi, type ApiCall } from './support'
import { staffMember } from './staff-booking-fixtures'

/*
 * 街道和社区 (the admin) and 网格与楼栋 (staff of a community, or the admin for any): what the server answers is shown,
 * a write's answer (the whole tree) replaces the page's data, and a refused field is said under that field.
 */

const api = useFakeApi()
const ORG = '/packages/staff/org/index'
const BUILDINGS = '/packages/staff/buildings/index'
const admin = me({ name: '区管理员', roles: ['admin'], staffCommunityIds: [7, 9] })

beforeEach(() => {
  Taro.setStorageSync('doorstep.session-token', 'token-1')
})

/** Opens a page as Taro's router would, with these query parameters. */
function open(Page: Parameters<typeof renderPage>[0], path: string, params: Record<string, string> = {}) {
  Current.router = { params, path, $taroPath: path, onReady: '', onHide: '', onShow: '' }
  return renderPage(Page, path)
}

/** Types into the TextField with this placeholder, or the Textarea (a web component answering `input` with detail). */
async function type(placeholder: string, value: string) {
  const input = document.querySelector<HTMLInputElement>(`input[placeholder="${placeholder}"]`)
  if (input) return void fireEvent.input(input, { target: { value } })
  const area = document.querySelector(`taro-textarea-core[placeholder="${placeholder}"]`)
  if (!area) throw new Error(`no field ${placeholder}`)
  await waitFor(() => expect(area.querySelector('textarea')).not.toBeNull())
  act(() => void area.dispatchEvent(new CustomEvent('input', { detail: { value }, bubbles: true })))
}

/** The message under each field of the form that has one, by field. */
function fieldErrors(): Record<string, string> {
  const out: Record<string, string> = {}
  document.querySelectorAll('.org-form .form-error').forEach((el) => {
    const field = [...el.classList].find((c) => c.startsWith('form-error--'))?.slice('form-error--'.length) ?? 'other'
    out[field] = el.textContent ?? ''
  })
  return out
}

const chosen = (row: string) => document.querySelector(`.${row} .choice-buttons__item--chosen`)?.textContent

const validation = (path: string, message: string) => json({ code: 'VALIDATION_FAILED', message: `提交的内容有误：${message}`, details: [{ path, message }] }, 400)

/* ----------------------------------------------------------------- 街道和社区 */

function district(): DistrictOrg {
  return {
    subdistricts: [
      {
        id: 1,
        district: '爱辉区',
        name: '花园街道',
        communities: [{ id: 7, name: '联通社区', address: '联通路12号', grids: 12, buildings: 12, households: 96, staff: 2 }],
      },
      { id: 2, district: '爱辉区', name: '兴安街道', communities: [] },
    ],
  }
}

describe('街道和社区', () => {
  test('the admin sees each 街道 with its 社区 and their figures', async () => {
    api.on('GET /api/me', () => json(admin))
    api.on('GET /api/admin/org', () => json(district()))
    open(OrgPage, ORG)
    expect(await screen.findByText('花园街道')).toBeTruthy()
    expect(document.querySelector('.org-summary')!.textContent).toBe('爱辉区 · 2个街道 · 1个社区')
    const community = document.querySelector('.org-community') as HTMLElement
    expect(within(community).getByText('联通社区')).toBeTruthy()
    expect(within(community).getByText('联通路12号')).toBeTruthy()
    expect([...community.querySelectorAll('.org-figure')].map((f) => f.textContent)).toEqual(['12网格', '12楼栋', '96户', '2工作人员'])
    expect(within(document.querySelectorAll('.org-subdistrict')[1] as HTMLElement).getByText('还没有社区')).toBeTruthy()

    fireEvent.click(within(community).getByText('网格与楼栋 ›'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/staff/buildings/index?communityId=7' })
  })

  test('adds a 社区: a duplicate name is refused under the name field, the corrected one is listed', async () => {
    api.on('GET /api/me', () => json(admin))
    api.on('GET /api/admin/org', () => json(district()))
    api.once('POST /api/admin/communities', () => validation('body.name', '这个街道已有同名的社区'))
    api.once('POST /api/admin/communities', (call) => {
      const body = call.body as { subdistrictId: number; name: string; address: string }
      const after = district()
      after.subdistricts[1]!.communities.push({ id: 30, name: body.name, address: body.address, grids: 0, buildings: 0, households: 0, staff: 0 })
      return json(after, 201)
    })
    open(OrgPage, ORG)
    fireEvent.click(await screen.findByText('在兴安街道新增社区'))
    expect(screen.getByText('所属街道：兴安街道')).toBeTruthy()

    // The form's own check first: nothing is sent without a name and an address.
    fireEvent.click(screen.getByText('保存'))
    expect(fieldErrors()).toEqual({ name: '请填写社区名称', address: '请填写社区地址' })
    expect(api.calls('POST /api/admin/communities')).toHaveLength(0)

    await type('例如：联通社区', '联通社区')
    await type('例如：黑河市爱辉区联通路12号', ' 黑河市爱辉区兴安路8号 ')
    fireEvent.click(screen.getByText('保存'))
    await waitFor(() => expect(fieldErrors()).toEqual({ name: '这个街道已有同名的社区' }))
    const [refused] = api.calls('POST /api/admin/communities')
    expect(refused!.body).toEqual({ subdistrictId: 2, name: '联通社区', address: '黑河市爱辉区兴安路8号' })
    expect(refused!.headers['idempotency-key']).toBeTruthy()

    await type('例如：联通社区', '兴安里社区')
    // Editing the field takes the refusal away.
    expect(fieldErrors()).toEqual({})
    fireEvent.click(screen.getByText('保存'))
    expect(await screen.findByText('兴安里社区')).toBeTruthy()
    expect(api.calls('POST /api/admin/communities')[1]!.body).toEqual({ subdistrictId: 2, name: '兴安里社区', address: '黑河市爱辉区兴安路8号' })
    // The answer is the tree itself: the page shows it without asking again.
    expect(api.calls('GET /api/admin/org')).toHaveLength(1)
    expect(document.querySelector('.org-summary')!.textContent).toBe('爱辉区 · 2个街道 · 2个社区')
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已新增社区' }))
  })

  test('renames a 街道; a taken name is said under the field', async () => {
    api.on('GET /api/me', () => json(admin))
    api.on('GET /api/admin/org', () => json(district()))
    api.once('PUT /api/admin/subdistricts/2', () => validation('body.name', '已有同名的街道'))
    api.once('PUT /api/admin/subdistricts/2', (call) => {
      const after = district()
      after.subdistricts[1]!.name = (call.body as { name: string }).name
      return json(after)
    })
    open(OrgPage, ORG)
    await screen.findByText('兴安街道')
    fireEvent.click(within(document.querySelectorAll('.org-subdistrict')[1] as HTMLElement).getByText('改名'))
    await type('例如：花园街道', '花园街道')
    fireEvent.click(screen.getByText('保存'))
    await waitFor(() => expect(fieldErrors()).toEqual({ name: '已有同名的街道' }))
    await type('例如：花园街道', '兴安路街道')
    fireEvent.click(screen.getByText('保存'))
    expect(await screen.findByText('兴安路街道')).toBeTruthy()
    expect(api.calls('PUT /api/admin/subdistricts/2').map((c) => c.body)).toEqual([{ name: '花园街道' }, { name: '兴安路街道' }])
  })

  test('staff who are not admins are told the page is not theirs', async () => {
    api.on('GET /api/me', () => json(staffMember))
    open(OrgPage, ORG)
    expect(await screen.findByText('仅限管理员使用')).toBeTruthy()
    expect(api.calls('GET /api/admin/org')).toHaveLength(0)
  })
})

/* ----------------------------------------------------------------- 网格与楼栋 */

function community(over: Partial<CommunityOrg> = {}): CommunityOrg {
  return {
    communityId: 7,
    communityName: '联通社区',
    grids: [
      { id: 31, name: '第一网格', buildings: 1 },
      { id: 32, name: '第二网格', buildings: 1 },
    ],
    buildings: [
      { id: 101, gridId: 31, gridName: '第一网格', estate: '联通小区', name: '1号楼', units: 2, households: 8, residents: 15 },
      { id: 102, gridId: 32, gridName: '第二网格', estate: '新苑小区', name: '2号楼', units: 1, households: 4, residents: 6 },
    ],
    ...over,
  }
}

/** The server's part: the tree changes as the writes say (households = the room numbers sent). */
function serveCommunity(start: CommunityOrg = community()) {
  let org = start
  api.on('GET /api/staff/org', () => json(org))
  api.on('POST /api/staff/buildings', (call: ApiCall) => {
    const body = call.body as BuildingRequest
    const grid = org.grids.find((g) => g.id === body.gridId)!
    const households = (body.units ?? []).reduce((n, u) => n + new Set(u.roomNos).size, 0)
    org = {
      ...org,
      grids: org.grids.map((g) => (g.id === grid.id ? { ...g, buildings: g.buildings + 1 } : g)),
      buildings: [...org.buildings, { id: 103, gridId: grid.id, gridName: grid.name, estate: body.estate, name: body.name, units: body.units?.length ?? 0, households, residents: 0 }],
    }
    return json(org, 201)
  })
  return () => org
}

const estate = (name: string) => [...document.querySelectorAll('.org-estate')].find((e) => e.querySelector('.org-estate__name')!.textContent === name) as HTMLElement | undefined

describe('网格与楼栋', () => {
  test('grids with their buildings, and buildings by 小区 with grid, units, households and residents', async () => {
    api.on('GET /api/me', () => json(staffMember))
    serveCommunity()
    open(BuildingsPage, BUILDINGS)
    expect(await screen.findByText('联通社区的网格（2）')).toBeTruthy()
    expect([...document.querySelectorAll('.org-grid')].map((g) => g.querySelector('.org-grid__who')!.textContent)).toEqual(['第一网格1栋楼', '第二网格1栋楼'])
    expect(screen.getByText('楼栋（2栋 · 12户）')).toBeTruthy()
    const lt = estate('联通小区')!
    expect(lt.querySelector('.org-building__grid')!.textContent).toBe('第一网格')
    expect(lt.querySelector('.org-building__figures')!.textContent).toBe('2个单元 · 8户 · 居民15人')
    // One grid's buildings only.
    fireEvent.click(within(document.querySelectorAll('.org-grid')[1] as HTMLElement).getByText('看楼栋'))
    expect(await screen.findByText('第二网格的楼栋（1栋 · 4户）')).toBeTruthy()
    expect(estate('联通小区')).toBeUndefined()
    expect(api.calls('GET /api/staff/org')[0]!.query.get('communityId')).toBe('7')
  })

  test('adds a building with room numbers generated from floors and flats per floor; it is listed with its households', async () => {
    api.on('GET /api/me', () => json(staffMember))
    const current = serveCommunity()
    open(BuildingsPage, BUILDINGS)
    fireEvent.click(await screen.findByText('新增楼栋'))

    fireEvent.click(within(document.querySelector('.building-form__grids') as HTMLElement).getByText('第二网格'))
    // An estate the community has is a tap away.
    fireEvent.click(within(document.querySelector('.building-form__estates') as HTMLElement).getByText('新苑小区'))
    expect((document.querySelector('input[placeholder="例如：联通小区"]') as HTMLInputElement).value).toBe('新苑小区')
    await type('例如：8号楼', '8号楼')

    // 1单元: floors 1 to 6, 2 flats a floor → 101, 102 … 602; the preview counts them before saving.
    await type('6', '6')
    await type('2', '2')
    expect(document.querySelector('.unit-editor__preview')!.textContent).toBe('共12户：101、102、201、202、301、302、401、402 … 602')
    // 2单元 starts laid out like 1单元; here it is typed as a list with a range instead.
    fireEvent.click(screen.getByText('添加单元'))
    const second = document.querySelectorAll('.building-form__unit')[1] as HTMLElement
    expect((second.querySelector('input[placeholder="例如：1单元"]') as HTMLInputElement).value).toBe('2单元')
    fireEvent.click(within(second).getByText('逐个填写'))
    const area = second.querySelector('taro-textarea-core')!
    await waitFor(() => expect(area.querySelector('textarea')).not.toBeNull())
    act(() => void area.dispatchEvent(new CustomEvent('input', { detail: { value: '101-103，201 202、202' }, bubbles: true })))
    expect(second.querySelector('.unit-editor__preview')!.textContent).toBe('共5户：101、102、103、201、202')
    expect(document.querySelector('.building-form__total')!.textContent).toBe('共2个单元，17户')

    fireEvent.click(screen.getByText('保存楼栋（17户）'))
    expect(await screen.findByText('楼栋（3栋 · 29户）')).toBeTruthy()
    const [sent] = api.calls('POST /api/staff/buildings')
    expect(sent!.body).toEqual({
      communityId: 7,
      gridId: 32,
      estate: '新苑小区',
      name: '8号楼',
      units: [
        { unitNo: '1单元', roomNos: ['101', '102', '201', '202', '301', '302', '401', '402', '501', '502', '601', '602'] },
        { unitNo: '2单元', roomNos: ['101', '102', '103', '201', '202'] },
      ],
    })
    expect(sent!.headers['idempotency-key']).toBeTruthy()
    const added = [...estate('新苑小区')!.querySelectorAll('.org-building')].find((b) => b.querySelector('.org-building__name')!.textContent === '8号楼')!
    expect(added.querySelector('.org-building__figures')!.textContent).toBe('2个单元 · 17户 · 居民0人')
    expect(added.querySelector('.org-building__grid')!.textContent).toBe('第二网格')
    expect(current().buildings).toHaveLength(3)
    expect(api.calls('GET /api/staff/org')).toHaveLength(1)
  })

  test('a unit without room numbers is stopped in the form; a taken building name is said under the name', async () => {
    api.on('GET /api/me', () => json(staffMember))
    serveCommunity()
    api.once('POST /api/staff/buildings', () => validation('body.name', '本社区的这个小区已有同名的楼栋'))
    open(BuildingsPage, BUILDINGS)
    fireEvent.click(await screen.findByText('新增楼栋'))
    fireEvent.click(screen.getByText('保存楼栋（0户）'))
    expect(fieldErrors()).toEqual({ gridId: '请选择网格', estate: '请填写小区名称', name: '请填写楼栋名称', rooms: '请填写楼层和每层户数' })
    expect(api.calls('POST /api/staff/buildings')).toHaveLength(0)

    fireEvent.click(within(document.querySelector('.building-form__grids') as HTMLElement).getByText('第一网格'))
    await type('例如：联通小区', '联通小区')
    await type('例如：8号楼', '1号楼')
    await type('6', '3')
    await type('2', '2')
    fireEvent.click(screen.getByText('保存楼栋（6户）'))
    await waitFor(() => expect(fieldErrors()).toEqual({ name: '本社区的这个小区已有同名的楼栋' }))
    expect(chosen('building-form__grids')).toBe('第一网格')
  })

  test('添加门牌 shows the unit’s numbers and sends only the new ones', async () => {
    api.on('GET /api/me', () => json(staffMember))
    serveCommunity()
    const book: AddressBook = { communityId: 7, buildings: [{ id: 101, estate: '联通小区', name: '1号楼', gridName: '第一网格', units: [{ unitNo: '1单元', roomNos: ['101', '102', '201', '202'] }, { unitNo: '2单元', roomNos: ['101', '102', '201', '202'] }] }] }
    api.on('GET /api/communities/7/address-book', () => json(book))
    api.on('POST /api/staff/buildings/101/flats', () => json(community({ buildings: community().buildings.map((b) => (b.id === 101 ? { ...b, households: 10 } : b)) })))
    open(BuildingsPage, BUILDINGS)
    await screen.findByText('联通小区')
    fireEvent.click(within(estate('联通小区')!).getByText('添加门牌'))
    expect(await screen.findByText('1单元已有4户：101、102、201、202')).toBeTruthy()
    await type('6', '3')
    await type('2', '2')
    expect(document.querySelector('.unit-editor__preview')!.textContent).toBe('新增2户（4户已有，不会重复添加）：101、102、201、202、301、302')
    fireEvent.click(screen.getByText('添加2户'))
    expect(await screen.findByText('楼栋（2栋 · 14户）')).toBeTruthy()
    expect(api.calls('POST /api/staff/buildings/101/flats')[0]!.body).toEqual({ unitNo: '1单元', roomNos: ['301', '302'] })
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已添加2户' }))
  })

  test('the admin picks the community, starting from the one the link names', async () => {
    api.on('GET /api/me', () => json(admin))
    api.on('GET /api/communities', () => json({ items: [{ ...lianTong, address: '联通路12号', distanceMeters: null }, { ...heping, address: '和平路1号', distanceMeters: null }] }))
    api.on('GET /api/staff/org', (call) =>
      json(call.query.get('communityId') === '9' ? community({ communityId: 9, communityName: '和平社区', grids: [], buildings: [] }) : community()),
    )
    open(BuildingsPage, BUILDINGS, { communityId: '9' })
    expect(await screen.findByText('和平社区的网格（0）')).toBeTruthy()
    expect(screen.getByText('还没有网格')).toBeTruthy()
    expect(screen.getByText('请先新增网格')).toBeTruthy()
    await waitFor(() => expect(chosen('staff-gate__communities')).toBe('和平社区'))
    fireEvent.click(screen.getByText('联通社区'))
    expect(await screen.findByText('联通社区的网格（2）')).toBeTruthy()
  })

  test('a failed load says why; 重试 loads it again', async () => {
    api.on('GET /api/me', () => json(staffMember))
    api.once('GET /api/staff/org', () => apiError(429, 'RATE_LIMITED', '操作太频繁，请稍后再试'))
    serveCommunity()
    open(BuildingsPage, BUILDINGS)
    expect(await screen.findByText('加载失败')).toBeTruthy()
    expect(screen.getByText('操作太频繁，请稍后再试')).toBeTruthy()
    fireEvent.click(screen.getByText('重试'))
    expect(await screen.findByText('联通社区的网格（2）')).toBeTruthy()
  })

  test('someone who is not staff is told the page is not theirs', async () => {
    api.on('GET /api/me', () => json(me()))
    open(BuildingsPage, BUILDINGS)
    expect(await screen.findByText('仅限社区工作人员使用')).toBeTruthy()
    expect(api.calls('GET /api/staff/org')).toHaveLength(0)
  })
})
