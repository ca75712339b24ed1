import type pg from 'pg'
import type { DatabaseHandle } from '../client'
import type { PersonalDataCipher } from '../../modules/privacy/personal-data-cipher'
import { AVAILABILITY_SLOTS, VOLUNTEER_SKILLS } from '../../../../types/api/labels'
import { seedDemoDistrict } from './demo'
import { seedReferenceData } from './reference'

/*
 * A district at full scale, for the benches and `npm run seed:district` (PostgreSQL only): 50 communities with
 * 100 000 households of 1–5 persons (300 000 residents), 60 000 accounts of which 40 000 volunteers, 150 stations
 * with 400 rooms and 200 000 bookings, 20 000 activities with ~380 000 sign-ups, 100 000 wishes, 2 000 000 points
 * ledger rows with their redemptions, over the two years up to `now` (and the weeks ahead that people book and
 * sign up for). Everything is written by INSERT … SELECT generate_series on the server, in one transaction.
 *
 * - Adds to what is there: existing communities (the demo district's, say) count towards the 50 and get their share
 *   of every table, so a demo persona's community is as full as any. New rows take ids after the largest in use, and
 *   every id is computed (community of row i = i mod 50, a household's people, a user's person …), so the statements
 *   need no look-ups; the sequences are moved past them at the end.
 * - Distributions (deterministic: hashint8 of the row number): households of 1–5 persons (mean 3), activity
 *   popularity skewed (a few full with a waitlist, most half-empty), wishes in every status by age (the review queue
 *   holds the last two days' posts), bookings past (attended, no-show, cancelled, rejected) and ahead (pending
 *   approval, confirmed), redemptions reserved, picked up, cancelled or expired (those two refunded), a fifth of the
 *   households doing half of the ledger's activity.
 * - Consistent as the app keeps it: sign-ups never overlap for a volunteer and `signed_up` counts them, every
 *   household's balance is the sum of its ledger rows and `household_balance_after` runs along them (a household
 *   whose history would dip below zero starts with an opening credit), nothing is left for a sweep to do (no past
 *   pending booking, lapsed claim or overdue reservation).
 * - The dashboard's cache triggers (ADR 0007) are off for the load (`session_replication_role = replica`, which
 *   also skips the foreign-key triggers: the ids are right by construction), and every kept piece of the dashboard
 *   is dropped afterwards, so the cache starts empty and is counted from the rows on first need.
 *
 * Phone numbers stay empty (sealing needs the app's key per row); names are drawn from common surnames.
 */

export type DistrictSizes = {
  /** In the whole district, existing communities included; everything below is added. */
  communities: number
  households: number
  persons: number
  accounts: number
  volunteers: number
  stations: number
  rooms: number
  bookings: number
  activities: number
  wishes: number
  /** Ledger rows: events, the refunds of cancelled and expired redemptions and the opening credits, about this many. */
  ledger: number
  partyReports: number
  units: number
  unitMembers: number
  residencyApplications: number
}

/** Sizes at a scale (1 = the district of the performance issue); the org tree and the stations do not scale. */
export function districtSizes(scale: number): DistrictSizes {
  if (!(scale >= 0.01 && scale <= 5)) throw new Error(`scale must be between 0.01 and 5 (was ${scale})`)
  const n = (full: number) => Math.max(1, Math.round(full * scale))
  const households = n(100_000)
  return {
    communities: COMMUNITIES,
    households,
    persons: personsIn(households),
    accounts: n(60_000),
    volunteers: n(40_000),
    stations: 150,
    rooms: 400,
    bookings: n(200_000),
    activities: n(20_000),
    wishes: n(100_000),
    ledger: n(2_000_000),
    partyReports: n(5_000),
    units: 300,
    unitMembers: n(3_000),
    residencyApplications: n(3_000),
  }
}

export type FillStep = { label: string; rows: number | null; seconds: number }
export type FillResult = {
  sizes: DistrictSizes
  /** The district's 50 communities, in the order rows are spread over them. */
  communityIds: number[]
  /** An account with the staff role of the first community, and one with the admin role. */
  staffUserId: number
  adminUserId: number
  steps: FillStep[]
}

const COMMUNITIES = 50
/** Household sizes repeat every 20 households: two of 1, five of 2, six of 3, five of 4, two of 5 (mean 3). */
const HOUSEHOLD_SIZES = [3, 2, 4, 1, 3, 2, 5, 3, 4, 2, 3, 4, 2, 3, 1, 4, 2, 5, 3, 4]
const HOUSEHOLD_PREFIX = HOUSEHOLD_SIZES.map((_, i) => HOUSEHOLD_SIZES.slice(0, i).reduce((a, b) => a + b, 0))
const PERSONS_PER_CYCLE = 60
/** More sign-ups than any activity gets (capacity 100 + a waitlist of 10 + cancellations): a volunteer's slot. */
const SIGNUP_SLOTS = 128

function personsIn(households: number) {
  return Math.floor(households / 20) * PERSONS_PER_CYCLE + HOUSEHOLD_PREFIX[households % 20]!
}

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟']
const GIVEN = [...'秀英桂兰玉珍凤华国建军明伟强磊洋勇艳敏静丽娟霞平刚杰涛超亮海波红梅春芳德福文志宏庆永立新宇浩俊雪琳欣怡子涵佳颖晨阳']
const ESTATES = ['幸福', '和平', '江畔', '龙江', '兴安', '黑龙', '北方', '滨江', '阳光', '锦绣']
const CENTER_HOURS = JSON.stringify([
  ...[1, 2, 3, 4, 5].flatMap((d) => [{ dayOfWeek: d, opens: '08:30', closes: '11:30' }, { dayOfWeek: d, opens: '13:30', closes: '20:00' }]),
  ...[6, 7].map((d) => ({ dayOfWeek: d, opens: '09:00', closes: '17:00' })),
])
const GRID_STATION_HOURS = JSON.stringify([
  ...[1, 2, 3, 4, 5].flatMap((d) => [{ dayOfWeek: d, opens: '09:00', closes: '11:30' }, { dayOfWeek: d, opens: '14:00', closes: '19:00' }]),
  ...[6, 7].map((d) => ({ dayOfWeek: d, opens: '09:00', closes: '16:00' })),
])
const SHOP = [
  { name: '义剪一次', kind: 'service', price: 20, stock: 30, limit: 1 },
  { name: '老花镜', kind: 'goods', price: 30, stock: 25, limit: 1 },
  { name: '洗衣液 2kg', kind: 'goods', price: 40, stock: 50, limit: 2 },
  { name: '毛巾两条', kind: 'goods', price: 15, stock: 80, limit: null },
  { name: '家电维修上门一次', kind: 'service', price: 60, stock: 10, limit: 1 },
  { name: '大米 5kg', kind: 'goods', price: 100, stock: 20, limit: 1 },
]
const ACTIVITIES: [title: string, skill: (typeof VOLUNTEER_SKILLS)[number]][] = [
  ['环境整治志愿行动', 'environment'], ['助老送餐上门', 'elderly_care'], ['义诊进网格', 'medical'], ['义剪进社区', 'haircut'],
  ['家电义务维修', 'repair'], ['法律咨询进社区', 'legal'], ['心理疏导讲座', 'counselling'], ['四点半课堂', 'tutoring'],
  ['邻里读书分享会', 'culture'], ['冬季清雪志愿服务', 'environment'], ['应急救护培训', 'emergency'], ['长者智能手机课堂', 'digital'],
  ['党群议事会', 'general'], ['垃圾分类宣传', 'environment'],
]
const WISHES: [category: string, title: string][] = [
  ['daily_goods', '冬天需要一件厚棉衣'], ['daily_goods', '想要一个电暖器'], ['education', '孩子需要一套辅导书'], ['education', '想学用智能手机'],
  ['elderly_care', '代买降压药'], ['elderly_care', '帮忙取一下快递'], ['health', '想要一个血压计'], ['health', '想配一副老花镜'],
  ['appliance_repair', '厨房水龙头漏水'], ['appliance_repair', '洗衣机不转了'], ['companionship', '希望有人陪我聊聊天'], ['other', '帮忙写一封家书'],
]

const sqlList = (xs: readonly (string | number)[]) => xs.map((x) => (typeof x === 'number' ? String(x) : `'${x}'`)).join(', ')
/** Element (index mod length) of a literal array. */
const pick = (xs: readonly (string | number)[], index: string) => `(array[${sqlList(xs)}])[(${index}) % ${xs.length} + 1]`
/** A deterministic pseudo-random integer in [0, mod) from an integer expression and a salt. */
const hash = (expr: string, salt: number, mod: number) => `(abs(hashint8((${expr})::bigint * 1000003 + ${salt})::bigint) % ${mod})`
/*
 * Every `lateral (select …)` below ends in `offset 0`, which keeps PostgreSQL from pulling it up into the outer query:
 * pulled up, each mention of a derived column (a wish's status, then its opened, claimed, fulfilled times built on it)
 * repeats the whole expression, hashes included (the wishes took 60 µs a row that way, 15 µs with offset 0). The
 * ledger's look-up of an item is left without: it yields plain columns, and pulled up it becomes a hash join.
 */

/**
 * Fills the database `client` is connected to (migrated; the demo district or anything else may already be there).
 * Logs a line per statement. Run `vacuumAnalyze` afterwards (outside the fill's transaction).
 */
export async function fillDistrict(client: pg.ClientBase, options: { scale: number; now: Date; log?: (line: string) => void }): Promise<FillResult> {
  const log = options.log ?? ((line: string) => console.log(line))
  const s = districtSizes(options.scale)
  const steps: FillStep[] = []
  const step = async (label: string, text: string) => {
    const t0 = performance.now()
    const res = await client.query(text)
    const seconds = (performance.now() - t0) / 1000
    steps.push({ label, rows: res.rowCount ?? null, seconds })
    log(`  ${label.padEnd(26)} ${String(res.rowCount ?? '').padStart(9)} rows  ${seconds.toFixed(1)} s`)
  }
  const maxId = async (table: string) => Number((await client.query(`select coalesce(max(id), 0)::bigint as n from ${table}`)).rows[0].n)

  await client.query('begin')
  try {
    // Sorting two million ledger rows by household and time wants memory; the triggers of the dashboard's cache
    // (and of the foreign keys) are off for this transaction.
    await client.query(`set local work_mem = '256MB'`)
    await client.query(`set local maintenance_work_mem = '1GB'`)
    await client.query(`set local session_replication_role = replica`)

    const H = s.households
    const A = s.accounts
    const V = s.volunteers
    /** Volunteers per community: volunteer u of community c is account c + 50 × (0 … VPC − 1). */
    const VPC = Math.floor(V / COMMUNITIES)
    // New rows take ids after the largest in use (b: base).
    const sb = await maxId('subdistricts')
    const cb = await maxId('communities')
    const gb = await maxId('grids')
    const bb = await maxId('buildings')
    const hb = await maxId('households')
    const pb = await maxId('persons')
    const ub = await maxId('users')
    const stb = await maxId('stations')
    const rb = await maxId('rooms')
    const ab = await maxId('activities')
    const wb = await maxId('wishes')
    const cl = await maxId('wish_claims')
    const lb = await maxId('points_ledger')
    const redb = await maxId('redemptions')
    const ib = await maxId('shop_items')
    const unb = await maxId('units')

    // Communities: the existing ones first, then new ones in new subdistricts of ten.
    const existing = (await client.query(`select id from communities order by id limit ${COMMUNITIES}`)).rows.map((r) => Number(r.id))
    const missing = COMMUNITIES - existing.length
    if (missing > 0) {
      await step('subdistricts', `insert into subdistricts (id, district, name) select ${sb} + i, '爱辉区', '街道' || (${sb} + i) from generate_series(1, ${Math.ceil(missing / 10)}) i`)
      await step('communities', `insert into communities (id, subdistrict_id, name, address)
        select ${cb} + i, ${sb} + (i - 1) / 10 + 1, '社区' || (${cb} + i), '黑河市爱辉区' || (${cb} + i) || '号路' from generate_series(1, ${missing}) i`)
    }
    const communityIds = [...existing, ...Array.from({ length: Math.max(0, missing) }, (_, i) => cb + i + 1)]
    const C = (index: string) => `('{${communityIds.join(',')}}'::int[])[(${index}) % ${COMMUNITIES} + 1]`
    /** The community index (0…49) of a community id. */
    const cidxOf = (id: string) => `(array_position('{${communityIds.join(',')}}'::int[], ${id}) - 1)`
    /** The first account of each community is its 网格员 (staff). */
    const staff = (cidx: string) => `(${ub} + (${cidx}) + 1)`
    const head = (h: string) => `(${pb} + (${h}) / 20 * ${PERSONS_PER_CYCLE} + (array[${HOUSEHOLD_PREFIX.join(',')}])[(${h}) % 20 + 1] + 1)`
    const size = (h: string) => `(array[${HOUSEHOLD_SIZES.join(',')}])[(${h}) % 20 + 1]`
    const person = (h: string, salt: string) => `(${head(h)} + (${salt}) % ${size(h)})`
    const NOW = `'${options.now.toISOString()}'::timestamptz`
    const START = `(${NOW} - interval '730 days')`
    /** China-local midnight 730 days ago; `at(days, hours)` is an instant that many days and hours after it. */
    const DAY0 = `(date_trunc('day', ${NOW} at time zone 'Asia/Shanghai') - interval '730 days')`
    const at = (days: string, hours: string) => `((${DAY0} + (${days}) * interval '1 day' + (${hours}) * interval '1 hour') at time zone 'Asia/Shanghai')`
    const name = (key: string) =>
      `${pick(SURNAMES, hash(key, 1, 1_000_000))} || ${pick(GIVEN, hash(key, 2, 1_000_000))} || case when ${hash(key, 3, 10)} < 6 then ${pick(GIVEN, hash(key, 4, 1_000_000))} else '' end`

    // The org tree: 4 grids and 20 buildings per community, 100 households per building.
    await step('grids', `insert into grids (id, community_id, name) select ${gb} + g + 1, ${C('g')}, '网格' || (${gb} + g + 1) from generate_series(0, 199) g`)
    await step('buildings', `insert into buildings (id, community_id, grid_id, estate, name)
      select ${bb} + b + 1, ${C('b')}, ${gb} + b % 200 + 1, ${pick(ESTATES, 'b / 200')} || '小区', (${bb} + b + 1) || '号楼' from generate_series(0, 999) b`)
    await step('households', `insert into households (id, community_id, building_id, unit_no, room_no, created_at)
      select ${hb} + h + 1, ${C('h')}, ${bb} + h % 1000 + 1, (h / 1000 % 4 + 1) || '单元', ((h / 4000 / 2 + 1) * 100 + h / 4000 % 2 + 1)::text, ${START} - interval '30 days'
      from generate_series(0, ${H - 1}) h`)
    await step('persons', `insert into persons (id, community_id, household_id, name, birth_year, relationship, created_at)
      select ${head('h')} + j, ${C('h')}, ${hb} + h + 1, ${name('h * 8 + j')},
        case when j = 0 then 1945 + ${hash('h * 8', 5, 50)} when j = 1 then 1947 + ${hash('h * 8 + 1', 5, 48)} else 1970 + ${hash('h * 8 + j', 5, 52)} end,
        (case j when 0 then 'head' when 1 then 'spouse' when 4 then 'parent' else 'child' end)::household_relationship, ${START} - interval '30 days'
      from generate_series(0, ${H - 1}) h, generate_series(0, ${size('h')} - 1) j`)
    // Account u is the head of household u (so of community u mod 50).
    await step('accounts', `insert into users (id, person_id, community_id, display_name, created_at, last_login_at)
      select ${ub} + u + 1, p.id, p.community_id, p.name, ${START} + ${hash('u', 6, 700)} * interval '1 day', ${NOW} - ${hash('u', 7, 60)} * interval '1 day'
      from generate_series(0, ${A - 1}) u join persons p on p.id = ${head('u')}`)
    await step('roles', `insert into role_grants (user_id, role, community_id)
      select ${ub} + u + 1, 'resident'::role, null::int from generate_series(0, ${A - 1}) u
      union all select ${ub} + u + 1, 'volunteer', null from generate_series(0, ${V - 1}) u
      union all select ${staff('k')}, 'staff', ${C('k')} from generate_series(0, ${COMMUNITIES - 1}) k
      union all select ${ub} + ${COMMUNITIES} + 1, 'admin', null`)
    await step('volunteer profiles', `insert into volunteer_profiles (user_id, person_id, community_id, real_name, skills, availability, consent_version, consented_at, created_at, updated_at)
      select ${ub} + u + 1, p.id, p.community_id, p.name, array[${pick(VOLUNTEER_SKILLS, hash('u', 8, 1000))}, ${pick(VOLUNTEER_SKILLS, hash('u', 9, 1000))}],
        array[${pick(AVAILABILITY_SLOTS, hash('u', 10, 1000))}], 'v1', t, t, t
      from generate_series(0, ${V - 1}) u join persons p on p.id = ${head('u')},
        lateral (select case when ${hash('u', 11, 2)} = 0 then ${START} - ${hash('u', 12, 730)} * interval '1 day' else ${START} + ${hash('u', 12, 730)} * interval '1 day' end as t offset 0) x`)

    // Stations: a 党群服务中心 per community and two 网格驿站; rooms by station: a meeting room (approved by staff), an
    // activity room, and in 100 of them a reading room or a hall (approved); an item shelf where a community has none.
    await step('stations', `insert into stations (id, community_id, grid_id, kind, name, address, phone, latitude, longitude, weekly_hours)
      select ${stb} + s + 1, ${C('s')}, case when s >= ${COMMUNITIES} then ${gb} + s + 1 end, (case when s < ${COMMUNITIES} then 'center' else 'grid_station' end)::station_kind,
        case when s < ${COMMUNITIES} then '党群服务中心' else '网格党群服务驿站' end || (${stb} + s + 1), '黑河市爱辉区' || (${stb} + s + 1) || '号',
        case when s < ${COMMUNITIES} then '0456-82' || lpad((${stb} + s + 1)::text, 5, '0') end,
        50.22 + ${hash('s', 13, 1000)} / 20000.0, 127.46 + ${hash('s', 14, 1000)} / 10000.0,
        (case when s < ${COMMUNITIES} then '${CENTER_HOURS}' else '${GRID_STATION_HOURS}' end)::jsonb
      from generate_series(0, ${s.stations - 1}) s`)
    const ROOM_KINDS = [
      { name: '会议培训室', category: '会议培训', capacity: 30, facilities: '{投影仪,白板}', approval: true },
      { name: '议事室', category: '会议培训', capacity: 12, facilities: '{桌椅}', approval: false },
      { name: '文体活动室', category: '文体活动', capacity: 40, facilities: '{音响}', approval: false },
      { name: '图书阅览室', category: '图书阅览', capacity: 20, facilities: '{图书}', approval: false },
      { name: '多功能厅', category: '多功能厅', capacity: 80, facilities: '{舞台,投影仪,音响}', approval: true },
    ]
    await step('rooms', `insert into rooms (id, community_id, station_id, name, category, capacity, facilities, requires_approval, description)
      select ${rb} + r + 1, ${C('r % 150')}, ${stb} + r % 150 + 1, ${pick(ROOM_KINDS.map((k) => k.name), 'kind')} || (${rb} + r + 1), ${pick(ROOM_KINDS.map((k) => k.category), 'kind')},
        ${pick(ROOM_KINDS.map((k) => k.capacity), 'kind')}, ${pick(ROOM_KINDS.map((k) => k.facilities), 'kind')}::text[], kind in (${ROOM_KINDS.flatMap((k, i) => (k.approval ? [i] : [])).join(', ')}), ''
      from generate_series(0, ${s.rooms - 1}) r,
        lateral (select case when r < ${COMMUNITIES} then 0 when r < 150 then 1 when r < 300 then 2 when r % 2 = 0 then 3 else 4 end as kind offset 0) x`)
    await step('room closures', `insert into room_closures (community_id, room_id, starts_at, ends_at, reason, created_by_user_id)
      select ${C('r % 150')}, ${rb} + r + 1, ${at('(r * 17) % 700', '0')}, ${at('(r * 17) % 700 + 1', '0')}, '设备检修', ${staff('r % 150 % 50')}
      from generate_series(0, ${s.rooms - 1}) r`)
    await step('shop items', `insert into shop_items (id, community_id, station_id, name, description, kind, price, stock, monthly_limit, created_at)
      select ${ib} + k * ${SHOP.length} + n + 1, ${C('k')}, ${stb} + k + 1, ${pick(SHOP.map((i) => i.name), 'n')}, '', ${pick(SHOP.map((i) => i.kind), 'n')}::shop_item_kind,
        ${pick(SHOP.map((i) => i.price), 'n')}, ${pick(SHOP.map((i) => i.stock), 'n')}, nullif(${pick(SHOP.map((i) => i.limit ?? 0), 'n')}, 0), ${START}
      from generate_series(0, ${COMMUNITIES - 1}) k, generate_series(0, ${SHOP.length - 1}) n
      where not exists (select 1 from shop_items si where si.community_id = ${C('k')})`)

    // Room r's k-th booking is on day k × 744 / per-room count of the 730 days past and 14 ahead, at 09:00 + 2 × (k mod
    // 5) hours China time: one a day at most, so a room's live bookings never overlap.
    const perRoom = Math.ceil(s.bookings / s.rooms)
    await step('bookings', `insert into bookings (community_id, room_id, booker_user_id, starts_at, ends_at, blocked_until, purpose, attendees, is_public, status,
        reject_reason, cancel_reason, decided_by_user_id, decided_at, checked_in_at, no_show_at, cancelled_at, created_at)
      select ro.community_id, ro.id, ${ub} + cidx + ${COMMUNITIES} * ${hash('i', 15, Math.floor(A / COMMUNITIES))} + 1, st, st + interval '2 hours', st + interval '2 hours',
        ${pick(['党小组会议', '居民议事会', '兴趣小组活动', '志愿者培训', '书法练习', '合唱排练', '读书会', '棋牌交流'], 'i / 7')}, least(ro.capacity, 3 + p % 20),
        status in ('confirmed', 'checked_in') and p % 10 = 0, status,
        case when status = 'rejected' then '该时段已安排社区活动' end, case when status = 'cancelled' then '行程有变' end,
        case when ro.requires_approval and status <> 'pending' then ${staff('cidx')} end, case when ro.requires_approval and status <> 'pending' then least(created + interval '2 hours', ${NOW}) end,
        case when status = 'checked_in' then st + (p % 15) * interval '1 minute' end, case when status = 'no_show' then st + interval '15 minutes' end,
        case when status = 'cancelled' then least(created + (st - created) / 3, ${NOW}) end, created
      from generate_series(0, ${perRoom * s.rooms - 1}) i
        join rooms ro on ro.id = ${rb} + i % ${s.rooms} + 1,
        lateral (select i % ${s.rooms} % 150 % ${COMMUNITIES} as cidx, ${hash('i', 16, 100)} as p, ${at(`(i / ${s.rooms}) * 744 / ${perRoom}`, `9 + (i / ${s.rooms}) % 5 * 2`)} as st offset 0) x,
        lateral (select least(st - (1 + p % 10) * interval '1 day', ${NOW} - (1 + p) * interval '1 hour') as created,
          (case
            when st + interval '2 hours' <= ${NOW} then case when ro.requires_approval and p < 8 then 'rejected' when p < 23 then 'cancelled' when p < 30 then 'no_show' else 'checked_in' end
            when st > ${NOW} then case when ro.requires_approval then case when p < 5 then 'rejected' when p < 15 then 'cancelled' when p < 55 then 'pending' else 'confirmed' end
              when p < 12 then 'cancelled' else 'confirmed' end
            else 'checked_in' end)::booking_status as status offset 0) y
      where i < ${s.bookings}`)

    // Activities: activity a is community a mod 50's (m = a / 50 its number there), on day a × 790 / count of the 730
    // days past and 60 ahead, at 09:00, 14:00 or 19:00. Popularity is skewed: accepted = capacity × (0.15 + 1.4 u³),
    // so one in nine is full (with a waitlist of a tenth) and most are half-empty; drafts and cancelled ones have none.
    await step('activity plan (temp)', `create temp table fill_activities on commit drop as
      select a, a % ${COMMUNITIES} as cidx, a / ${COMMUNITIES} as m, st, st + (2 + (a % 7 = 0)::int) * interval '1 hour' as en, cap, published, cancelled,
        acc, case when acc = cap and not cancelled and published then (cap + 9) / 10 else 0 end as wl, acc / 8 as cn
      from generate_series(0, ${s.activities - 1}) a,
        lateral (select ${at(`a::bigint * 790 / ${s.activities}`, pick([9, 14, 19], 'a'))} as st, ${pick([10, 15, 20, 30, 40, 60, 100], hash('a', 17, 1000))} as cap,
          ${hash('a', 18, 100)} < 95 as published, ${hash('a', 19, 100)} < 4 as cancelled, ${hash('a', 20, 1_000_000)} / 1000000.0 as u offset 0) x,
        lateral (select case when published then least(cap, ${VPC}, floor(cap * (0.15 + 1.4 * u * u * u))::int) else 0 end as acc offset 0) y`)
    await step('activities', `insert into activities (id, community_id, station_id, organiser_user_id, title, description, place, starts_at, ends_at, capacity, signed_up, skills,
        published, cancelled_at, cancel_reason, created_at)
      select ${ab} + a + 1, ${C('cidx')}, case when ${hash('a', 21, 10)} < 7 then ${stb} + cidx + ${COMMUNITIES} * ${hash('a', 22, 3)} + 1 end, ${staff('cidx')},
        ${pick(ACTIVITIES.map(([t]) => t), hash('a', 23, 1000))}, '', ${pick(['党群服务中心', '小区广场', '网格驿站', '社区活动室'], 'a')}, st, en, cap,
        case when cancelled then 0 else acc end, array[${pick(ACTIVITIES.map(([, skill]) => skill), hash('a', 23, 1000))}], published,
        case when cancelled then least(st - interval '1 day', ${NOW} - interval '1 hour') end, case when cancelled then '天气原因，活动取消' end,
        least(st - (7 + a % 14) * interval '1 day', ${NOW} - interval '1 day')
      from fill_activities`)
    // Sign-up j of activity m of a community is its volunteer (m × 128 + j) mod VPC: distinct within an activity,
    // and a volunteer's next activity is several of the community's activities (days) later, so none overlap.
    await step('activity sign-ups', `insert into activity_signups (activity_id, community_id, user_id, person_id, status, starts_at, ends_at, checked_in_at, checked_out_at, checked_out_by,
        confirmed_minutes, confirmed_by_user_id, confirmed_at, cancelled_at, created_at)
      select ${ab} + a + 1, ${C('cidx')}, ${ub} + u + 1, ${head('u')}, status, st, en,
        case when status = 'accepted' and st < ${NOW} then st + ${hash('a * 200 + j', 24, 15)} * interval '1 minute' end,
        case when status = 'accepted' and en < ${NOW} then en end, case when status = 'accepted' and en < ${NOW} then 'volunteer'::checkout_by end,
        case when status = 'accepted' and en + interval '1 day' < ${NOW} then (extract(epoch from en - st) / 60)::int end,
        case when status = 'accepted' and en + interval '1 day' < ${NOW} then ${staff('cidx')} end,
        case when status = 'accepted' and en + interval '1 day' < ${NOW} then en + interval '1 day' end,
        case when status = 'cancelled' then least(created + interval '1 day', st, ${NOW}) end, created
      from fill_activities, generate_series(0, least(acc + wl + cn, ${VPC}) - 1) j,
        lateral (select cidx + ${COMMUNITIES} * ((m * ${SIGNUP_SLOTS} + j) % ${VPC}) as u, least(st - (1 + j % 7) * interval '1 day', ${NOW} - interval '1 hour') as created offset 0) x,
        lateral (select (case
          when cancelled then 'cancelled'
          when j < acc then case when en < ${NOW} and ${hash('a * 200 + j', 25, 10)} = 9 then 'no_show' else 'accepted' end
          when j < acc + wl and en >= ${NOW} then 'waitlisted'
          else 'cancelled' end)::signup_status as status offset 0) y`)

    // Wishes: posted evenly over the two years by a member of a household (its head's account, else staff on their
    // behalf); the status follows the age: the last two days wait for review, the last week is claimed, older
    // ones are mostly confirmed. A claimed, fulfilled or confirmed wish has its claim (id: claims base + wish number).
    await step('wishes', `insert into wishes (id, community_id, wisher_person_id, posted_by_user_id, posted_on_behalf, consent_recorded, category, title, description, value_yuan,
        contact_preference, needed_by, status, text_moderation, reject_reason, reviewed_by_user_id, current_claim_id, opened_at, fulfilled_at, confirmed_at, created_at, updated_at)
      select ${wb} + w + 1, ${C('k')}, ${person('k', 'w')}, case when k < ${A} then ${ub} + k + 1 else ${staff(`k % ${COMMUNITIES}`)} end, k >= ${A}, k >= ${A},
        ${pick(WISHES.map(([c]) => c), 'q')}::wish_category, ${pick(WISHES.map(([, t]) => t), 'q')}, '希望得到邻里和志愿者的帮助。', 10 * ${hash('w', 26, 30)},
        ${pick(['phone', 'visit', 'via_staff'], 'w')}::contact_preference, case when ${hash('w', 27, 10)} < 3 then ((t + interval '14 days') at time zone 'Asia/Shanghai')::date end,
        status, 'pass', case when status = 'rejected' then '不属于微心愿的范围，已转社区帮办' end, case when status <> 'pending' then ${staff(`k % ${COMMUNITIES}`)} end,
        case when claimed is not null then ${cl} + w + 1 end, opened, fulfilled, confirmed, t, coalesce(confirmed, fulfilled, claimed, opened, t)
      from generate_series(0, ${s.wishes - 1}) w,
        lateral (select ${hash('w', 28, H)} as k, ${hash('w', 29, 1000)} as q, ${hash('w', 30, 100)} as p, ${START} + w * (interval '730 days' / ${s.wishes}) as t offset 0) x,
        lateral (select (case
          when t > ${NOW} - interval '2 days' then case when p < 60 then 'pending' when p < 90 then 'open' else 'rejected' end
          when t > ${NOW} - interval '7 days' then case when p < 45 then 'open' when p < 80 then 'claimed' when p < 90 then 'fulfilled' when p < 95 then 'rejected' else 'withdrawn' end
          when t > ${NOW} - interval '45 days' then case when p < 25 then 'open' when p < 45 then 'fulfilled' when p < 85 then 'confirmed' when p < 92 then 'rejected' else 'withdrawn' end
          else case when p < 8 then 'open' when p < 10 then 'fulfilled' when p < 80 then 'confirmed' when p < 90 then 'rejected' else 'withdrawn' end end)::wish_status as status offset 0) y,
        lateral (select case when status not in ('pending', 'rejected') then t + least(interval '1 day', (${NOW} - t) / 4) end as opened offset 0) o,
        lateral (select case when status in ('claimed', 'fulfilled', 'confirmed') then opened + least(interval '2 days', (${NOW} - opened) / 3) end as claimed offset 0) c,
        lateral (select case when status in ('fulfilled', 'confirmed') then claimed + least(interval '3 days', (${NOW} - claimed) / 2) end as fulfilled offset 0) f,
        lateral (select case when status = 'confirmed' then fulfilled + least(interval '2 days', (${NOW} - fulfilled) / 2) end as confirmed offset 0) d`)
    await step('wish claims', `insert into wish_claims (id, wish_id, community_id, claimer_user_id, claimer_person_id, status, claimed_at, deadline, fulfilled_at, fulfil_note,
        thanks, rating, confirmed_by_user_id, confirmed_by_staff)
      select w.current_claim_id, w.id, w.community_id, ${ub} + u + 1, ${head('u')},
        (case w.status when 'claimed' then 'active' when 'fulfilled' then 'fulfilled' else 'confirmed' end)::wish_claim_status, claimed, claimed + interval '7 days', w.fulfilled_at,
        case when w.fulfilled_at is not null then '已送到家中' end, case when w.status = 'confirmed' then '谢谢志愿者的帮助！' end,
        case when w.status = 'confirmed' then 4 + w.id % 2 end, case when w.status = 'confirmed' then w.posted_by_user_id end, w.status = 'confirmed' and w.posted_on_behalf
      from wishes w,
        lateral (select ${cidxOf('w.community_id')} + ${COMMUNITIES} * ${hash('w.id', 31, VPC)} as u, w.opened_at + least(interval '2 days', (${NOW} - w.opened_at) / 3) as claimed offset 0) x
      where w.id > ${wb} and w.current_claim_id is not null`)

    // The ledger, planned first: a fifth of the households make half of the events; 60 % rule awards, 10 % staff
    // awards, 2 % deductions, 23 % redemptions at an item's price, 5 % expiries. Cancelled and expired redemptions
    // are refunded; a household whose running balance would dip below zero gets an opening credit before its first
    // row. Ids follow time, so `household_balance_after` runs along the ids as the app writes it.
    const events = Math.round(s.ledger * 0.95)
    await step('items by community (temp)', `create temp table fill_items on commit drop as
      select k as cidx, (row_number() over (partition by k order by si.id) - 1)::int as n, count(*) over (partition by k) as cnt, si.id as item_id, si.price, si.name
      from generate_series(0, ${COMMUNITIES - 1}) k join shop_items si on si.community_id = ${C('k')} and si.active`)
    await step('ledger plan (temp)', `create temp table fill_ledger on commit drop as
      select i::bigint as seq, hh, t, case when kind = 'expiry' then null else ${person('hh', 'i')} end as person_id, kind as reason,
        case when kind = 'rule_award' then ${pick(['volunteer_hour', 'volunteer_hour', 'volunteer_hour', 'volunteer_hour', 'wish_fulfilled', 'wish_fulfilled', 'council_meeting', 'council_meeting', 'environment_drive', 'environment_drive'], 'r')} end as rule,
        case kind when 'rule_award' then ${pick([10, 20, 30, 10, 20, 20, 5, 5, 10, 10], 'r')} when 'staff_award' then 20 + 10 * (r % 9) when 'staff_deduction' then -10
          when 'redemption' then -fi.price else -(5 + r % 20) end as amount,
        case kind when 'rule_award' then ${pick(['志愿服务时长', '志愿服务时长', '志愿服务时长', '志愿服务时长', '圆梦微心愿', '圆梦微心愿', '参加议事会', '参加议事会', '环境整治', '环境整治'], 'r')}
          when 'staff_award' then '社区奖励：志愿服务' when 'staff_deduction' then '社区扣减：违反公约' when 'redemption' then '兑换：' || fi.name else '年度积分清零' end as title,
        case kind when 'redemption' then 'redemption' when 'expiry' then 'household' when 'rule_award' then 'fill' else 'adjustment' end as source_type,
        case kind when 'redemption' then (${redb} + i + 1)::text when 'expiry' then (${hb} + hh + 1)::text else i::text end as source_id,
        case when kind in ('staff_award', 'staff_deduction') then ${staff(`hh % ${COMMUNITIES}`)} end as actor,
        fi.item_id, case when kind = 'redemption' then case
          when rp < 8 then 'cancelled' when rp < 15 then case when t + interval '7 days' < ${NOW} then 'expired' else 'reserved' end
          when t + interval '7 days' > ${NOW} and rp < 55 then 'reserved' else 'picked_up' end end as red_status
      from generate_series(0, ${events - 1}) i,
        lateral (select case when ${hash('i', 32, 2)} = 0 then ${hash('i', 33, Math.max(1, Math.floor(H / 5)))} else ${hash('i', 33, H)} end as hh,
          ${START} + i * (interval '730 days' / ${events}) as t, ${hash('i', 34, 100)} as p, ${hash('i', 35, 1000)} as r, ${hash('i', 36, 100)} as rp offset 0) x,
        lateral (select case when p < 60 then 'rule_award' when p < 70 then 'staff_award' when p < 72 then 'staff_deduction' when p < 95 then 'redemption' else 'expiry' end as kind offset 0) y,
        lateral (select * from fill_items fi where fi.cidx = hh % ${COMMUNITIES} and fi.n = ${hash('i', 37, 1000)} % fi.cnt) fi`)
    await client.query(`alter table fill_ledger add column closed timestamptz`)
    await step('redemptions closed (temp)', `update fill_ledger set closed = case red_status when 'expired' then t + interval '7 days' else t + least(interval '3 days', (${NOW} - t) / 2) end
      where red_status in ('cancelled', 'expired', 'picked_up')`)
    await step('refunds (temp)', `insert into fill_ledger (seq, hh, t, person_id, reason, rule, amount, title, source_type, source_id, actor, item_id, red_status, closed)
      select ${events} + seq, hh, closed, person_id, 'redemption_refund', null, -amount, '退回：' || substr(title, 4), 'redemption', source_id, null, null, null, null
      from fill_ledger where red_status in ('cancelled', 'expired')`)
    await step('opening credits (temp)', `insert into fill_ledger (seq, hh, t, person_id, reason, rule, amount, title, source_type, source_id, actor)
      select ${2 * events} + hh, hh, first - interval '1 hour', null, 'staff_award', null, -low, '期初积分（台账导入）', 'adjustment', 'opening:' || (${hb} + hh + 1), ${staff(`hh % ${COMMUNITIES}`)}
      from (select hh, min(t) as first, min(running) as low from (select hh, t, sum(amount) over (partition by hh order by t, seq) as running from fill_ledger) r group by hh) m
      where low < 0`)
    await step('points ledger', `insert into points_ledger (id, community_id, household_id, person_id, amount, reason, rule, source_type, source_id, event_key, title, actor_user_id,
        household_balance_after, created_at)
      select id, ${C('hh')}, ${hb} + hh + 1, person_id, amount, reason::points_reason, rule::points_rule, source_type, source_id, 'fill:' || id, title, actor, balance, t
      from (select ${lb} + row_number() over (order by t, seq) as id, sum(amount) over (partition by hh order by t, seq) as balance, * from fill_ledger) l`)
    await step('household balances', `insert into household_points (household_id, community_id, balance, show_on_leaderboard, updated_at)
      select ${hb} + hh + 1, ${C('hh')}, sum(amount), ${hash('hh', 38, 10)} <> 0, max(t) from fill_ledger group by hh`)
    // A pickup code is '0' (never drawn by the app: not in its alphabet) and the id in base 31 of that alphabet.
    const code = Array.from({ length: 7 }, (_, d) => `substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', ((${redb} + seq + 1) / ${31 ** (6 - d)} % 31)::int + 1, 1)`).join(' || ')
    await step('redemptions', `insert into redemptions (id, community_id, item_id, household_id, person_id, points, status, pickup_code, month, expires_at, picked_up_at, verified_by_user_id, closed_at, created_at)
      select ${redb} + seq + 1, ${C('hh')}, item_id, ${hb} + hh + 1, person_id, -amount, red_status::redemption_status, '0' || ${code},
        to_char(t at time zone 'Asia/Shanghai', 'YYYY-MM'), t + interval '7 days', case when red_status = 'picked_up' then closed end,
        case when red_status = 'picked_up' then ${staff(`hh % ${COMMUNITIES}`)} end, closed, t
      from fill_ledger where reason = 'redemption'`)

    // 双报到 and 住户认证: party members and unit members among the accounts 100 on (past the staff and the admin),
    // residency applications from the last accounts, more of them recent (the queue holds the last days' ones).
    const P = s.partyReports
    await step('party reports', `insert into party_reports (user_id, person_id, community_id, workplace, party_organisation, status, decided_by_user_id, decided_at, created_at)
      select ${ub} + u + 1, ${head('u')}, ${C('u')}, ${pick(['爱辉区教育局', '黑河市中医院', '国网黑河供电公司', '爱辉区税务局', '黑河学院'], 'u')}, '机关党委', status,
        case when status <> 'pending' then ${staff(`u % ${COMMUNITIES}`)} end, case when status <> 'pending' then least(t + interval '2 days', ${NOW}) end, t
      from generate_series(100, ${99 + P}) u,
        lateral (select ${hash('u', 39, 100)} as p, ${NOW} - ${hash('u', 40, 730)} * interval '1 day' - interval '1 hour' as t offset 0) x,
        lateral (select (case when t > ${NOW} - interval '7 days' then 'pending' when p < 75 then 'approved' when p < 85 then 'revoked' when p < 92 then 'rejected' else 'withdrawn' end)::party_report_status as status offset 0) y`)
    await step('party members', `insert into role_grants (user_id, role) select user_id, 'party_member' from party_reports where status = 'approved' and user_id > ${ub}`)
    await step('units', `insert into units (id, community_id, name, status, decided_by_user_id, decided_at, created_at)
      select ${unb} + i + 1, ${C('i')}, ${pick(['爱辉区教育局', '黑河市中医院', '国网黑河供电公司', '爱辉区税务局', '黑河学院', '爱辉区人民法院'], 'i')} || (${unb} + i + 1), status,
        case when status <> 'pending' then ${staff(`i % ${COMMUNITIES}`)} end, case when status <> 'pending' then t + interval '3 days' end, t
      from generate_series(0, ${s.units - 1}) i,
        lateral (select ${START} + ${hash('i', 41, 720)} * interval '1 day' as t, (case when i % 20 = 19 then 'pending' when i % 20 = 18 then 'rejected' else 'approved' end)::unit_status as status offset 0) x`)
    await step('unit members', `insert into unit_members (unit_id, user_id, name, role, joined_at)
      select ${unb} + i % ${s.units} + 1, ${ub} + ${100 + P} + i + 1, p.name, (case when i < ${s.units} then 'admin' else 'member' end)::unit_member_role, ${START} + ${hash('i', 42, 720)} * interval '1 day'
      from generate_series(0, ${s.unitMembers - 1}) i join persons p on p.id = ${head(`${100 + P} + i`)}`)
    await step('unit roles', `insert into role_grants (user_id, role) select user_id, 'unit' from unit_members where user_id > ${ub}`)
    await step('residency applications', `insert into residency_applications (user_id, community_id, building_id, unit_no, room_no, name, relationship, status, reject_reason,
        decided_by_user_id, decided_at, person_id, created_at)
      select ${ub} + u + 1, ${C('u')}, ${bb} + u % 1000 + 1, (u / 1000 % 4 + 1) || '单元', ((u / 4000 / 2 + 1) * 100 + u / 4000 % 2 + 1)::text, p.name, 'head', status,
        case when status = 'rejected' then '地址与台账不符' end, case when status in ('approved', 'rejected') then ${staff(`u % ${COMMUNITIES}`)} end,
        case when status in ('approved', 'rejected') then least(t + interval '1 day', ${NOW}) end, case when status = 'approved' then p.id end, t
      from generate_series(${A - s.residencyApplications}, ${A - 1}) u join persons p on p.id = ${head('u')},
        lateral (select ${NOW} - interval '730 days' * power(${hash('u', 43, 1_000_000)} / 1000000.0, 2) - interval '1 hour' as t, ${hash('u', 44, 100)} as p offset 0) x,
        lateral (select (case when t > ${NOW} - interval '5 days' then 'pending' when p < 85 then 'approved' when p < 95 then 'rejected' else 'withdrawn' end)::residency_status as status offset 0) y`)

    // The sequences continue after the ids written here; the dashboard's kept pieces, if any, are dropped (the
    // triggers that would have marked their months did not run).
    for (const table of ['subdistricts', 'communities', 'grids', 'buildings', 'households', 'persons', 'users', 'stations', 'rooms', 'activities', 'wishes', 'wish_claims', 'points_ledger', 'redemptions', 'shop_items', 'units']) {
      await client.query(`select setval(pg_get_serial_sequence('${table}', 'id'), greatest((select max(id) from ${table}), 1))`)
    }
    await step('dashboard cache dropped', `delete from dashboard_pieces`)
    await client.query('commit')
    return { sizes: s, communityIds, staffUserId: ub + 1, adminUserId: ub + COMMUNITIES + 1, steps }
  } catch (err) {
    await client.query('rollback')
    throw err
  }
}

/** VACUUM (for the visibility map the dashboard's index-only scans need) and ANALYZE, after a fill. */
export async function vacuumAnalyze(client: pg.ClientBase, log: (line: string) => void = (line) => console.log(line)): Promise<FillStep> {
  const t0 = performance.now()
  await client.query('vacuum analyze')
  const seconds = (performance.now() - t0) / 1000
  log(`  ${'vacuum analyze'.padEnd(26)} ${''.padStart(9)}       ${seconds.toFixed(1)} s`)
  return { label: 'vacuum analyze', rows: null, seconds }
}

export type SeedDistrictResult = { fill: FillResult; steps: FillStep[]; totalSeconds: number }

/**
 * `npm run seed:district`'s steps, also run by bench/hot-district.ts: migrate, the reference data, the demo district
 * (its personas log in with POST /api/auth/demo when DEMO=1; skipped if the database has one), the fill at `scale`
 * with `now` as its present, then VACUUM ANALYZE. `client` is a connection of its own to the same database.
 */
export async function seedDistrict(
  handle: DatabaseHandle,
  client: pg.ClientBase,
  options: { scale: number; now: Date; personalData: PersonalDataCipher; log?: (line: string) => void },
): Promise<SeedDistrictResult> {
  const log = options.log ?? ((line: string) => console.log(line))
  const steps: FillStep[] = []
  const t0 = performance.now()
  const timed = async (label: string, run: () => Promise<unknown>) => {
    const t = performance.now()
    const result = await run()
    const seconds = (performance.now() - t) / 1000
    steps.push({ label, rows: null, seconds })
    log(`${label.padEnd(28)} ${seconds.toFixed(1)} s${typeof result === 'string' ? ` (${result})` : ''}`)
  }
  await timed('migrate', () => handle.migrate())
  await timed('reference data', () => seedReferenceData(handle.db).then((r) => `${r.calendarDays} calendar days`))
  await timed('demo district', () => seedDemoDistrict(handle.db, options.now, options.personalData).then((seeded) => (seeded ? 'seeded' : 'already there')))
  log(`fill at scale ${options.scale}:`)
  const t = performance.now()
  const fill = await fillDistrict(client, { scale: options.scale, now: options.now, log })
  steps.push({ label: 'fill', rows: null, seconds: (performance.now() - t) / 1000 })
  log(`${'fill'.padEnd(28)} ${((performance.now() - t) / 1000).toFixed(1)} s`)
  steps.push(await vacuumAnalyze(client, log))
  const totalSeconds = (performance.now() - t0) / 1000
  return { fill, steps: [...steps, ...fill.steps.map((s) => ({ ...s, label: `fill: ${s.label}` }))], totalSeconds }
}
