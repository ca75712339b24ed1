import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'drizzle-orm'
import { checkBalances, expireYearlyPoints } from '../../server/src/modules/points/points-upkeep.service'
import { createTestApp, type TestApp } from '../support/test-app'
import { demoLookup } from '../support/demo-lookup'

let t: TestApp
let look: ReturnType<typeof demoLookup>
let resident: { authorization: string }
let staff: { authorization: string }
let lianTong: number
let zhang: { id: number; householdId: number | null }
let husband: { id: number }

beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-11-17T10:00:00+08:00') })
  look = demoLookup(t.handle.db)
  resident = await t.headersAs('resident')
  staff = await t.headersAs('staff')
  lianTong = await look.communityId('联通社区')
  zhang = await look.person('张秀兰')
  husband = await look.person('王德明')
})
afterAll(() => t.close())

const get = (url: string, headers: { authorization: string }) => t.app.inject({ method: 'GET', url, headers })
const send = (method: 'POST' | 'PUT', url: string, headers: { authorization: string }, payload: object) => t.app.inject({ method, url, headers, payload })

describe('我的积分', () => {
  it("shows the household's balance, this year's earning and the community's rules", async () => {
    const res = await get('/api/points/me', resident)
    expect(res.statusCode).toBe(200)
    const summary = res.json()
    expect(summary.household).toEqual({
      id: zhang.householdId,
      address: '联通社区 第三网格 花园小区 3号楼 2单元 301',
      balance: 120,
      earnedThisYear: 120,
      showOnLeaderboard: true,
    })
    expect(summary.myEarnedThisYear).toBe(120)
    expect(summary.expiry).toBeNull()
    expect(summary.rules).toEqual([
      { rule: 'wish_fulfilled', label: '帮助兑现微心愿', unit: '每个心愿', points: 10 },
      { rule: 'volunteer_hour', label: '志愿服务', unit: '每小时', points: 5 },
      { rule: 'council_meeting', label: '参加议事会', unit: '每次', points: 3 },
      { rule: 'environment_drive', label: '参加环境整治', unit: '每次', points: 5 },
    ])
  })

  it('tells an account without a household that points are kept per household', async () => {
    const unit = await t.headersAs('unit')
    expect((await get('/api/points/me', unit)).json()).toMatchObject({ household: null, myEarnedThisYear: 0 })
    const history = await get('/api/points/history', unit)
    expect(history.statusCode).toBe(409)
    expect(history.json()).toEqual({ code: 'HOUSEHOLD_REQUIRED', message: '积分以家庭为单位，请先完成住户认证' })
  })
})

describe('staff adjustments', () => {
  it('award with a written reason, logged with the household balance after it', async () => {
    const res = await send('POST', '/api/staff/points/adjustments', staff, { personId: husband.id, amount: 30, reason: '楼道清雪' })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ amount: 30, reason: 'staff_award', title: '社区奖励：楼道清雪', personName: '王德明', householdBalanceAfter: 150 })
    // The husband's points are the household's: 张秀兰 sees them too, but they are not her own share.
    const summary = (await get('/api/points/me', resident)).json()
    expect(summary.household.balance).toBe(150)
    expect(summary.myEarnedThisYear).toBe(120)
  })

  it('refuse a deduction below zero, and change nothing', async () => {
    const res = await send('POST', '/api/staff/points/adjustments', staff, { personId: zhang.id, amount: -151, reason: '测试扣减' })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('POINTS_INSUFFICIENT')
    expect(await look.balance(zhang.householdId!)).toBe(150)
    const ok = await send('POST', '/api/staff/points/adjustments', staff, { personId: zhang.id, amount: -10, reason: '违规停车' })
    expect(ok.json()).toMatchObject({ reason: 'staff_deduction', title: '社区扣减：违规停车', householdBalanceAfter: 140 })
  })

  it('validate amount and reason in Chinese', async () => {
    const cases = [
      [{ personId: zhang.id, amount: 0, reason: '原因' }, '积分不能为0'],
      [{ personId: zhang.id, amount: 1001, reason: '原因' }, '单次调整不超过1000分'],
      [{ personId: zhang.id, amount: 5, reason: ' 好' }, '请写明原因（至少2个字）'],
    ] as const
    for (const [body, message] of cases) {
      const res = await send('POST', '/api/staff/points/adjustments', staff, body)
      expect(res.statusCode).toBe(400)
      expect(res.json().details[0].message).toBe(message)
    }
  })

  it('only staff of the person’s community may adjust', async () => {
    const fuLong = await look.someResident(await look.communityId('福龙社区'))
    const other = await send('POST', '/api/staff/points/adjustments', staff, { personId: fuLong.id, amount: 5, reason: '跨社区' })
    expect(other.statusCode).toBe(403)
    expect(other.json().code).toBe('OUT_OF_COMMUNITY')
    const self = await send('POST', '/api/staff/points/adjustments', resident, { personId: zhang.id, amount: 500, reason: '给自己加分' })
    expect(self.statusCode).toBe(403)
    expect(self.json().code).toBe('FORBIDDEN')
    const admin = await send('POST', '/api/staff/points/adjustments', await t.headersAs('admin'), { personId: fuLong.id, amount: 5, reason: '区级表彰' })
    expect(admin.statusCode).toBe(201)
  })
})

describe('awards by rule', () => {
  it('pay each attendee once per activity, however often the list is sent', async () => {
    const meeting = await look.activity(lianTong, '党群议事会：老旧小区改造')
    const body = { rule: 'council_meeting', activityId: meeting.id, personIds: [zhang.id, husband.id] }
    const before = await look.balance(zhang.householdId!)
    const first = await send('POST', '/api/staff/points/rule-awards', staff, body)
    expect(first.json()).toEqual({ awarded: 2, alreadyAwarded: 0, points: 3 })
    const again = await send('POST', '/api/staff/points/rule-awards', staff, body)
    expect(again.json()).toEqual({ awarded: 0, alreadyAwarded: 2, points: 3 })
    expect(await look.balance(zhang.householdId!)).toBe(before + 6)
    const [latest] = (await get('/api/points/history?limit=1', resident)).json().items
    expect(latest.title).toBe('参加议事会：党群议事会：老旧小区改造')
  })

  it('use the points the community configured', async () => {
    const put = await send('PUT', '/api/staff/points/settings', staff, { communityId: lianTong, rules: [{ rule: 'environment_drive', points: 8 }] })
    expect(put.statusCode).toBe(200)
    expect(put.json().rules.find((r: { rule: string }) => r.rule === 'environment_drive').points).toBe(8)
    const drive = await look.activity(lianTong, '冬季清雪志愿服务')
    const res = await send('POST', '/api/staff/points/rule-awards', staff, { rule: 'environment_drive', activityId: drive.id, personIds: [zhang.id] })
    expect(res.json()).toEqual({ awarded: 1, alreadyAwarded: 0, points: 8 })
    expect((await get('/api/points/me', resident)).json().rules.find((r: { rule: string }) => r.rule === 'environment_drive').points).toBe(8)
  })

  it('refuse people of another community, and activities of another community', async () => {
    const meeting = await look.activity(lianTong, '党群议事会：老旧小区改造')
    const stranger = await look.someResident(await look.communityId('邮政社区'))
    const res = await send('POST', '/api/staff/points/rule-awards', staff, { rule: 'council_meeting', activityId: meeting.id, personIds: [zhang.id, stranger.id] })
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([{ path: 'body.personIds', message: `居民 ${stranger.id} 不能获得本社区积分` }])
    const elsewhere = await look.otherCommunityActivity(lianTong)
    expect((await send('POST', '/api/staff/points/rule-awards', staff, { rule: 'council_meeting', activityId: elsewhere.id, personIds: [stranger.id] })).statusCode).toBe(403)
  })

  it('keep settings to staff and to sensible values', async () => {
    expect((await send('PUT', '/api/staff/points/settings', resident, { communityId: lianTong, pickupDays: 3 })).statusCode).toBe(403)
    const bad = await send('PUT', '/api/staff/points/settings', staff, { communityId: lianTong, rules: [{ rule: 'wish_fulfilled', points: -1 }] })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details[0].message).toBe('积分不能为负')
  })
})

describe('history and statements', () => {
  it('pages through the history newest first without gaps or repeats', async () => {
    const all = (await get('/api/points/history?limit=50', resident)).json()
    expect(all.nextCursor).toBeNull()
    const seen: number[] = []
    let cursor: string | null = null
    do {
      const page: { items: { id: number }[]; nextCursor: string | null } = (await get(`/api/points/history?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, resident)).json()
      seen.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(all.items.map((i: { id: number }) => i.id))
    expect(seen).toEqual([...seen].sort((a, b) => b - a))
    // Each row carries the balance after it: consecutive rows agree.
    const rows = [...all.items].reverse() as { amount: number; householdBalanceAfter: number }[]
    rows.forEach((row, i) => expect(row.householdBalanceAfter).toBe((i ? rows[i - 1]!.householdBalanceAfter : 0) + row.amount))
  })

  it('refuses a tampered history cursor with 400 rather than starting again at page 1', async () => {
    const first = (await get('/api/points/history?limit=1', resident)).json()
    expect(typeof first.nextCursor).toBe('string')
    for (const cursor of ['abc', '0', '2147483648', `${first.nextCursor}:1`, '-1']) {
      const res = await get(`/api/points/history?cursor=${encodeURIComponent(cursor)}`, resident)
      expect(res.statusCode, cursor).toBe(400)
      expect(res.json().details).toEqual([{ path: 'querystring.cursor', message: '分页标记不正确' }])
    }
    expect((await get(`/api/points/history?cursor=${encodeURIComponent(first.nextCursor)}`, resident)).statusCode).toBe(200)
  })

  it('sums a month: opening, earned, spent, closing', async () => {
    const october = (await get('/api/points/statement?month=2026-10', resident)).json()
    expect(october).toMatchObject({ month: '2026-10', opening: 0, earned: 120, spent: 0, closing: 120 })
    expect(october.entries.map((e: { title: string }) => e.title)).toEqual(['社区奖励：冬季清雪志愿服务'])
    const november = (await get('/api/points/statement', resident)).json()
    expect(november.month).toBe('2026-11')
    expect(november.opening).toBe(120)
    expect(november.closing).toBe(november.opening + november.earned - november.spent)
    expect(november.closing).toBe(await look.balance(zhang.householdId!))
    expect(november.spent).toBe(10)
  })
})

describe('leaderboards', () => {
  it('rank households by what they earned, with my household marked', async () => {
    const board = (await get('/api/points/leaderboard?scope=community&period=month', resident)).json()
    expect(board.scopeName).toBe('联通社区')
    const mine = board.entries.find((e: { mine: boolean }) => e.mine)
    expect(mine).toMatchObject({ label: '花园小区3号楼 张**' })
    expect(board.mine).toEqual({ rank: mine.rank, points: mine.points })
    const points = board.entries.map((e: { points: number }) => e.points)
    expect(points).toEqual([...points].sort((a, b) => b - a))
    const grid = (await get('/api/points/leaderboard?scope=grid&period=year', resident)).json()
    expect(grid.scopeName).toBe('联通社区 第三网格')
    expect(grid.mine.points).toBeGreaterThanOrEqual(board.mine.points)
  })

  it('show a household that opted out as 匿名 to everyone else', async () => {
    const neighbour = await t.headersAs('volunteer')
    const mine = (await get('/api/points/leaderboard', resident)).json().mine
    const visible = (await get('/api/points/leaderboard', neighbour)).json()
    expect(visible.entries.some((e: { rank: number; label: string }) => e.rank === mine.rank && e.label === '花园小区3号楼 张**')).toBe(true)

    const off = await send('PUT', '/api/points/leaderboard-visibility', resident, { showOnLeaderboard: false })
    expect(off.json().household.showOnLeaderboard).toBe(false)
    const hidden = (await get('/api/points/leaderboard', neighbour)).json()
    expect(hidden.entries.some((e: { rank: number; label: string }) => e.rank === mine.rank && e.label === '匿名')).toBe(true)
    expect(hidden.entries.some((e: { label: string }) => e.label === '花园小区3号楼 张**')).toBe(false)
    // She still sees herself.
    expect((await get('/api/points/leaderboard', resident)).json().entries.find((e: { mine: boolean }) => e.mine).label).toBe('花园小区3号楼 张**')
    await send('PUT', '/api/points/leaderboard-visibility', resident, { showOnLeaderboard: true })
  })
})

describe('the ledger', () => {
  it('refuses updates and deletes: corrections are new rows', async () => {
    await expect(t.handle.db.execute(sql`update points_ledger set amount = 999`)).rejects.toThrow()
    await expect(t.handle.db.execute(sql`delete from points_ledger`)).rejects.toThrow()
  })

  it('reconciles: every balance equals the sum of its ledger rows', async () => {
    expect(await checkBalances(t.handle.db)).toEqual({ ok: true, mismatches: [], orphanLedgers: 0 })
  })

  it('reports a balance that drifted from its ledger with that household’s own ledger sum', async () => {
    const balance = await look.balance(zhang.householdId!)
    await t.handle.db.execute(sql`update household_points set balance = balance + 7 where household_id = ${zhang.householdId}`)
    try {
      expect(await checkBalances(t.handle.db)).toEqual({
        ok: false,
        mismatches: [{ householdId: zhang.householdId, balance: balance + 7, ledgerSum: balance }],
        orphanLedgers: 0,
      })
    } finally {
      await t.handle.db.execute(sql`update household_points set balance = balance - 7 where household_id = ${zhang.householdId}`)
    }
  })
})

describe('yearly expiry', () => {
  it('warns in December, lapses last year’s points in the new year once, and keeps January earnings', async () => {
    const before = t.clock.now
    try {
      await send('PUT', '/api/staff/points/settings', staff, { communityId: lianTong, yearlyExpiry: true })
      const balance = await look.balance(zhang.householdId!)
      t.clock.now = new Date('2026-12-05T09:00:00+08:00')
      expect((await get('/api/points/me', resident)).json().expiry).toEqual({ date: '2026-12-31', amount: balance })

      t.clock.now = new Date('2027-01-02T09:00:00+08:00')
      expect((await send('POST', '/api/staff/points/adjustments', staff, { personId: zhang.id, amount: 5, reason: '元旦值守' })).statusCode).toBe(201)
      const sweepAt = new Date('2027-01-03T02:00:00+08:00')
      expect(await expireYearlyPoints(t.handle.db, sweepAt)).toBeGreaterThan(0)
      expect(await look.balance(zhang.householdId!)).toBe(5)
      expect(await expireYearlyPoints(t.handle.db, sweepAt)).toBe(0)
      expect(await look.balance(zhang.householdId!)).toBe(5)
      const [latest] = (await get('/api/points/history?limit=1', resident)).json().items
      expect(latest).toMatchObject({ reason: 'expiry', amount: -balance, title: '2026年积分到期', personName: null })
      expect(await checkBalances(t.handle.db)).toMatchObject({ ok: true })
    } finally {
      t.clock.now = before
    }
  })
})
