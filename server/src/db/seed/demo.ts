import { eq, sql } from 'drizzle-orm'
import type { Role } from '../../../../types/api/common'
import type { DemoPersona } from '../../../../types/api/auth'
import { chinaTime } from '../../../../types/time'
import type { Db, Tx } from '../client'
import type { PersonalDataCipher } from '../../modules/privacy/personal-data-cipher'
import { eventKeys } from '../../modules/points/points.domain'
import { postLedgerEntry } from '../../modules/points/points.repository'
import { awardPointsByRule } from '../../modules/points/points.api'
import { seedDemoBookings } from './demo-bookings'
import { seedDemoDualReporting } from './demo-dual-reporting'
import { seedDemoVolunteering } from './demo-volunteering'
import { seedDemoWishes } from './demo-wishes'
import {
  activities,
  buildings,
  communities,
  grids,
  households,
  persons,
  roleGrants,
  rooms,
  shopItems,
  stations,
  subdistricts,
  users,
  type WeeklyHours,
} from '../schema'

/*
 * The demo district: 黑龙江省黑河市爱辉区 as the seed articles describe it — its subdistricts and communities
 * (花园街道联通社区 with its 第三 and 第十一 grid stations, 西兴街道福龙社区 with the shared tool library,
 * 兴安街道邮政社区 …), a few hundred residents in households, volunteers, party members, 驻区单位, staff, and
 * the events of this month and the next. Deterministic: the same day gives the same data.
 */

const DISTRICT = '爱辉区'

type CommunitySpec = { name: string; address: string; grids: number; estates: string[]; lat: number; lng: number }
const SUBDISTRICTS: { name: string; communities: CommunitySpec[] }[] = [
  {
    name: '花园街道',
    communities: [
      { name: '联通社区', address: '黑河市爱辉区联通街18号', grids: 12, estates: ['联通小区', '电业小区', '花园小区'], lat: 50.2485, lng: 127.5012 },
      { name: '铁西社区', address: '黑河市爱辉区铁西路66号', grids: 4, estates: ['铁西小区', '站前小区'], lat: 50.2431, lng: 127.4826 },
    ],
  },
  { name: '兴安街道', communities: [{ name: '邮政社区', address: '黑河市爱辉区邮政路9号', grids: 5, estates: ['邮政小区', '兴安小区'], lat: 50.2522, lng: 127.5190 }] },
  { name: '西兴街道', communities: [{ name: '福龙社区', address: '黑河市爱辉区福龙街27号', grids: 6, estates: ['福龙小区', '西兴小区', '龙江小区'], lat: 50.2398, lng: 127.4950 }] },
  { name: '海兰街道', communities: [{ name: '海兰社区', address: '黑河市爱辉区海兰街101号', grids: 4, estates: ['海兰小区', '江畔小区'], lat: 50.2563, lng: 127.5301 }] },
]

const CN_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二']
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤']
const GIVEN = [...'秀英桂兰玉珍凤华国建军明伟强磊洋勇艳敏静丽娟霞平刚杰涛超亮海波红梅春芳德福文志宏庆永立新宇浩俊雪琳欣怡子涵佳颖晨阳']

const CENTER_HOURS: WeeklyHours = [
  ...[1, 2, 3, 4, 5].flatMap((d) => [
    { dayOfWeek: d, opens: '08:30', closes: '11:30' },
    // 工作日延时服务: open into the evening on working days.
    { dayOfWeek: d, opens: '13:30', closes: '20:00' },
  ]),
  // 节假日全天开放: weekends and public holidays open all day.
  ...[6, 7].map((d) => ({ dayOfWeek: d, opens: '09:00', closes: '17:00' })),
]
const GRID_STATION_HOURS: WeeklyHours = [
  ...[1, 2, 3, 4, 5].flatMap((d) => [
    { dayOfWeek: d, opens: '09:00', closes: '11:30' },
    { dayOfWeek: d, opens: '14:00', closes: '19:00' },
  ]),
  ...[6, 7].map((d) => ({ dayOfWeek: d, opens: '09:00', closes: '16:00' })),
]

/** A small deterministic PRNG (mulberry32): the demo data must be the same on every machine. */
function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
  }
}

/**
 * Seeds the demo district unless the database already has one. Returns whether it seeded. Phone numbers are
 * sealed with `personalData` (the app's DATA_KEY), like every number the app writes.
 */
export async function seedDemoDistrict(db: Db, now: Date, personalData: PersonalDataCipher): Promise<boolean> {
  const [{ n }] = (await db.select({ n: sql<number>`count(*)::int` }).from(subdistricts)) as [{ n: number }]
  if (n > 0) return false
  await db.transaction((tx) => seedInto(tx, now, personalData))
  return true
}

async function seedInto(tx: Tx, now: Date, personalData: PersonalDataCipher) {
  const rand = prng(20241112)
  const personName = () => rand.pick(SURNAMES) + rand.pick(GIVEN) + (rand.next() < 0.6 ? rand.pick(GIVEN) : '')
  /** A random mobile number, sealed as stored. */
  const phone = () => personalData.sealPhone(`1${rand.pick(['3', '5', '7', '8', '9'])}${String(rand.int(0, 999_999_999)).padStart(9, '0')}`)
  const sealed = (number: string) => personalData.sealPhone(number)

  const communityIds = new Map<string, number>()
  const gridIds = new Map<string, number>() // `${community}/${grid}`
  for (const sd of SUBDISTRICTS) {
    const [sub] = await tx.insert(subdistricts).values({ district: DISTRICT, name: sd.name }).returning()
    for (const c of sd.communities) {
      const [community] = await tx.insert(communities).values({ subdistrictId: sub!.id, name: c.name, address: c.address }).returning()
      communityIds.set(c.name, community!.id)
      const gridRows = await tx
        .insert(grids)
        .values(CN_NUMERALS.slice(0, c.grids).map((num) => ({ communityId: community!.id, name: `第${num}网格` })))
        .returning()
      for (const g of gridRows) gridIds.set(`${c.name}/${g.name}`, g.id)
    }
  }

  // Residents: per grid one building of two units, four flats per unit, one to four people per flat.
  const householdRows: (typeof households.$inferInsert & { key: string })[] = []
  for (const sd of SUBDISTRICTS) {
    for (const c of sd.communities) {
      const communityId = communityIds.get(c.name)!
      for (let g = 0; g < c.grids; g++) {
        const gridName = `第${CN_NUMERALS[g]}网格`
        const [building] = await tx
          .insert(buildings)
          .values({ communityId, gridId: gridIds.get(`${c.name}/${gridName}`)!, estate: c.estates[g % c.estates.length]!, name: `${g + 1}号楼` })
          .returning()
        for (const unitNo of ['1单元', '2单元']) {
          for (const roomNo of ['101', '102', '201', '301']) {
            householdRows.push({ communityId, buildingId: building!.id, unitNo, roomNo, key: `${c.name}/${g + 1}/${unitNo}/${roomNo}` })
          }
        }
      }
    }
  }
  const insertedHouseholds = await tx.insert(households).values(householdRows.map(({ key: _key, ...h }) => h)).returning({ id: households.id })
  const householdByKey = new Map(householdRows.map((h, i) => [h.key, { id: insertedHouseholds[i]!.id, communityId: h.communityId }]))

  const personRows: (typeof persons.$inferInsert)[] = []
  for (const [key, h] of householdByKey) {
    if (key === '联通社区/3/2单元/301') continue // the resident persona's flat, filled below
    const members = rand.int(1, 4)
    for (let m = 0; m < members; m++) {
      personRows.push({ communityId: h.communityId, householdId: h.id, name: personName(), ...(m < 2 ? phone() : {}), birthYear: m < 2 ? rand.int(1940, 1995) : rand.int(1996, 2020) })
    }
  }
  const population = await tx.insert(persons).values(personRows).returning({ id: persons.id, communityId: persons.communityId, birthYear: persons.birthYear })

  // Accounts with roles: adults volunteer (about one in six), some of them party members.
  const adults = population.filter((p) => (p.birthYear ?? 2000) <= 2006)
  const volunteerUsers: { personId: number; partyMember: boolean }[] = []
  for (const p of adults) {
    if (rand.next() < 0.16) volunteerUsers.push({ personId: p.id, partyMember: rand.next() < 0.35 })
  }
  const volunteerAccounts = await tx
    .insert(users)
    .values(volunteerUsers.map((v) => ({ personId: v.personId, displayName: '志愿者' })))
    .returning({ id: users.id })
  await tx.insert(roleGrants).values(
    volunteerAccounts.flatMap((u, i) => [
      { userId: u.id, role: 'resident' as const },
      { userId: u.id, role: 'volunteer' as const },
      ...(volunteerUsers[i]!.partyMember ? [{ userId: u.id, role: 'party_member' as const }] : []),
    ]),
  )

  // The personas of the demo login, with households of their own.
  const lianTong = communityIds.get('联通社区')!
  const youZheng = communityIds.get('邮政社区')!
  const flat = (key: string) => householdByKey.get(key)!.id
  const [zhang, , li, wang, liu, zhao] = await tx
    .insert(persons)
    .values([
      { communityId: lianTong, householdId: flat('联通社区/3/2单元/301'), name: '张秀兰', ...sealed('13845675678'), birthYear: 1951 },
      { communityId: lianTong, householdId: flat('联通社区/3/2单元/301'), name: '王德明', ...sealed('13904561234'), birthYear: 1949 },
      { communityId: lianTong, householdId: flat('联通社区/11/1单元/201'), name: '李建国', ...sealed('13604567788'), birthYear: 1978 },
      { communityId: lianTong, householdId: flat('联通社区/5/1单元/102'), name: '王红梅', ...sealed('15845671122'), birthYear: 1985 },
      { communityId: lianTong, householdId: flat('联通社区/2/2单元/101'), name: '刘晓燕', ...sealed('18745673344'), birthYear: 1990 },
      { communityId: youZheng, householdId: flat('邮政社区/1/1单元/201'), name: '赵磊', ...sealed('13314565566'), birthYear: 1982 },
    ])
    .returning({ id: persons.id })

  const personas: { persona: DemoPersona; personId?: number; displayName?: string; roles: { role: Role; communityId?: number }[] }[] = [
    { persona: 'resident', personId: zhang!.id, roles: [{ role: 'resident' }] },
    { persona: 'volunteer', personId: li!.id, roles: [{ role: 'resident' }, { role: 'volunteer' }] },
    { persona: 'party_member', personId: wang!.id, roles: [{ role: 'resident' }, { role: 'volunteer' }, { role: 'party_member' }] },
    // 黑河市中医院's own account, its admin in 双报到 (seedDemoDualReporting).
    { persona: 'unit', displayName: '黑河市中医院', roles: [{ role: 'unit' }] },
    { persona: 'staff', personId: liu!.id, roles: [{ role: 'resident' }, { role: 'staff', communityId: lianTong }] },
    { persona: 'admin', personId: zhao!.id, roles: [{ role: 'resident' }, { role: 'admin' }] },
  ]
  const personaUserIds = new Map<DemoPersona, number>()
  for (const p of personas) {
    const [u] = await tx
      .insert(users)
      .values({ demoPersona: p.persona, personId: p.personId ?? null, displayName: p.displayName ?? p.persona })
      .returning({ id: users.id })
    personaUserIds.set(p.persona, u!.id)
    await tx.insert(roleGrants).values(p.roles.map((r) => ({ userId: u!.id, role: r.role, communityId: r.communityId ?? null })))
  }

  // One 网格员 account per other community, so every community has staff.
  for (const [name, communityId] of communityIds) {
    if (name === '联通社区') continue
    const [staffPerson] = await tx
      .insert(persons)
      .values({ communityId, name: personName(), ...phone(), birthYear: rand.int(1975, 1998) })
      .returning({ id: persons.id })
    const [u] = await tx.insert(users).values({ personId: staffPerson!.id, displayName: '网格员' }).returning({ id: users.id })
    await tx.insert(roleGrants).values({ userId: u!.id, role: 'staff', communityId })
  }

  // Stations: a 党群服务中心 per community with its rooms, and 网格党群服务驿站 where the articles name them.
  const stationIds = new Map<string, number>()
  for (const sd of SUBDISTRICTS) {
    for (const c of sd.communities) {
      const communityId = communityIds.get(c.name)!
      const [center] = await tx
        .insert(stations)
        .values({ communityId, kind: 'center', name: `${c.name}党群服务中心`, address: c.address, phone: `0456-${8200000 + communityId * 111}`, latitude: c.lat, longitude: c.lng, weeklyHours: CENTER_HOURS })
        .returning({ id: stations.id })
      stationIds.set(`${c.name}党群服务中心`, center!.id)
      // Rules as the centres run them: meeting rooms and the hall are approved by staff, the hall needs time
      // to set up between uses, the reading and activity rooms are booked at once.
      await tx.insert(rooms).values([
        { communityId, stationId: center!.id, name: '会议培训室', category: '会议培训', capacity: 30, facilities: ['投影仪', '麦克风', '白板'], requiresApproval: true, description: '二楼东侧，适合议事会、培训和讲座。' },
        { communityId, stationId: center!.id, name: '图书阅览室', category: '图书阅览', capacity: 20, facilities: ['图书3000余册', '老花镜'], maxDurationMinutes: 180, description: '一楼，书法、读书小组可预约整间。' },
        { communityId, stationId: center!.id, name: '文体活动室', category: '文体活动', capacity: 40, facilities: ['音响', '乒乓球台'], bufferMinutes: 0, description: '排练、乒乓球、健身操。' },
        { communityId, stationId: center!.id, name: '多功能厅', category: '多功能厅', capacity: 80, facilities: ['舞台', '投影仪', '音响'], requiresApproval: true, bufferMinutes: 30, slotMinutes: 60, minDurationMinutes: 60, maxDurationMinutes: 240, cancelDeadlineMinutes: 1440, description: '三楼，演出、大型活动，需提前一天取消。' },
      ])
      const gridStations = c.name === '联通社区' ? ['第三网格', '第十一网格'] : c.name === '福龙社区' ? ['第一网格'] : ['第二网格']
      for (const [i, gridName] of gridStations.entries()) {
        const name = `${c.name}${gridName}党群服务驿站`
        const [station] = await tx
          .insert(stations)
          .values({
            communityId,
            gridId: gridIds.get(`${c.name}/${gridName}`)!,
            kind: 'grid_station',
            name,
            address: `${c.address.replace(/\d+号$/, '')}${gridName}${c.estates[i % c.estates.length]}门口`,
            phone: null,
            latitude: c.lat + 0.0031 * (i + 1),
            longitude: c.lng - 0.0024 * (i + 1),
            weeklyHours: GRID_STATION_HOURS,
          })
          .returning({ id: stations.id })
        stationIds.set(name, station!.id)
        await tx.insert(rooms).values({ communityId, stationId: station!.id, name: '议事室', category: '会议培训', capacity: 12, facilities: ['茶水', '桌椅'], maxActivePerPerson: 1 })
        // 福龙社区第一网格驿站's 共享工具库 (20余种生活工具) and a smaller shelf at 联通社区第三网格: lent by the day.
        const tools = c.name === '福龙社区' ? ['人字梯', '冲击电钻', '轮椅', '扳手套装', '打气筒', '疏通器'] : c.name === '联通社区' && i === 0 ? ['人字梯', '轮椅', '电钻'] : []
        if (tools.length) {
          await tx.insert(rooms).values(tools.map((name) => ({
            communityId, stationId: station!.id, kind: 'tool' as const, name, category: '共享工具', capacity: 1, facilities: [],
            slotMinutes: 1440, minDurationMinutes: 1440, maxDurationMinutes: 3 * 1440, minNoticeMinutes: 30, cancelDeadlineMinutes: 0, maxActivePerPerson: 1,
            description: '在驿站开放时间内领取和归还，用完请擦拭干净。',
          })))
        }
      }
    }
  }

  // Events of this month and the next (dates relative to the seeding day, the same for the same day).
  const monthStart = chinaTime(now).startOf('month')
  const at = (monthOffset: number, day: number, time: string) => chinaTime(`${monthStart.add(monthOffset, 'month').format('YYYY-MM')}-${String(day).padStart(2, '0')}T${time}:00+08:00`)
  const eventSpecs = [
    { community: '联通社区', station: '联通社区第三网格党群服务驿站', title: '黑河市中医院义诊进网格', place: '第三网格党群服务驿站', day: 6, from: '09:00', hours: 3, capacity: 60 },
    { community: '联通社区', station: '联通社区党群服务中心', title: '党群议事会：老旧小区改造', place: '会议培训室', day: 10, from: '14:30', hours: 2, capacity: 30 },
    { community: '联通社区', station: null, title: '冬季清雪志愿服务', place: '联通小区各楼栋', day: 14, from: '07:30', hours: 2, capacity: 40 },
    { community: '联通社区', station: '联通社区党群服务中心', title: '长者智能手机课堂', place: '多功能厅', day: 18, from: '09:30', hours: 2, capacity: 50 },
    { community: '联通社区', station: '联通社区第十一网格党群服务驿站', title: '义剪进网格', place: '第十一网格党群服务驿站', day: 24, from: '09:00', hours: 3, capacity: 20 },
    { community: '福龙社区', station: '福龙社区第一网格党群服务驿站', title: '共享工具库维修日', place: '第一网格党群服务驿站', day: 9, from: '09:00', hours: 4, capacity: 15 },
    { community: '福龙社区', station: '福龙社区党群服务中心', title: '邻里读书分享会', place: '图书阅览室', day: 20, from: '19:00', hours: 1.5, capacity: 20 },
    { community: '邮政社区', station: '邮政社区党群服务中心', title: '“邻聚力”文艺排练', place: '文体活动室', day: 12, from: '15:00', hours: 2, capacity: 40 },
    { community: '铁西社区', station: '铁西社区党群服务中心', title: '反诈宣传进社区', place: '多功能厅', day: 16, from: '10:00', hours: 1.5, capacity: 80 },
    { community: '海兰社区', station: '海兰社区党群服务中心', title: '环境整治志愿行动', place: '海兰小区', day: 22, from: '08:30', hours: 3, capacity: 30 },
  ]
  const events = await tx.insert(activities).values(
    [0, 1].flatMap((monthOffset) =>
      eventSpecs.map((e) => {
        const startsAt = at(monthOffset, e.day, e.from)
        return {
          communityId: communityIds.get(e.community)!,
          stationId: e.station ? stationIds.get(e.station)! : null,
          title: e.title,
          place: e.place,
          startsAt: startsAt.toDate(),
          endsAt: startsAt.add(e.hours * 60, 'minute').toDate(),
          capacity: e.capacity,
          signedUp: Math.min(e.capacity, rand.int(0, e.capacity)),
        }
      }),
    ),
  ).returning({ id: activities.id, communityId: activities.communityId, title: activities.title, startsAt: activities.startsAt })

  // 积分超市: what the seeds' communities offer for points (义剪, daily goods, repairs), picked up at the centre.
  const SHOP = [
    { name: '义剪一次', kind: 'service' as const, price: 20, stock: 30, monthlyLimit: 1, description: '志愿者理发师每月在党群服务中心义剪，凭取货码排队' },
    { name: '老花镜', kind: 'goods' as const, price: 30, stock: 25, monthlyLimit: 1, description: '+1.5 至 +3.0 度可选，现场试戴' },
    { name: '洗衣液 2kg', kind: 'goods' as const, price: 40, stock: 50, monthlyLimit: 2, description: '' },
    { name: '毛巾两条', kind: 'goods' as const, price: 15, stock: 80, monthlyLimit: null, description: '' },
    { name: '家电维修上门一次', kind: 'service' as const, price: 60, stock: 10, monthlyLimit: 1, description: '志愿维修队上门检修小家电，不含配件费' },
    { name: '大米 5kg', kind: 'goods' as const, price: 100, stock: 20, monthlyLimit: 1, description: '本地五常大米' },
  ]
  for (const [name, communityId] of communityIds) {
    await tx.insert(shopItems).values(SHOP.map((item) => ({ ...item, communityId, stationId: stationIds.get(`${name}党群服务中心`)! })))
  }

  // Points already earned: last month's 环境整治 and 议事会 by a share of households, and the events of this
  // month that are over. Written through the ledger, so balances and history agree.
  const lastMonth = monthStart.subtract(1, 'month')
  const residentsByCommunity = new Map<number, number[]>()
  population.forEach((p, i) => {
    if (personRows[i]!.householdId && (p.birthYear ?? 2000) <= 2006) residentsByCommunity.set(p.communityId, [...(residentsByCommunity.get(p.communityId) ?? []), p.id])
  })
  const pastDrives = [
    { day: 8, rule: 'environment_drive' as const, title: '环境整治：楼道清理' },
    { day: 19, rule: 'council_meeting' as const, title: '参加议事会：停车位规划' },
  ]
  for (const [communityId, residents] of residentsByCommunity) {
    for (const [d, drive] of pastDrives.entries()) {
      const when = lastMonth.add(drive.day - 1, 'day').hour(10).toDate()
      for (const personId of residents.filter((_, i) => (i + d) % 8 === 0)) {
        await awardPointsByRule(tx, { communityId, personId, rule: drive.rule, sourceType: 'seed-drive', sourceId: `${lastMonth.format('YYYY-MM')}-${d}`, title: drive.title, now: when })
      }
    }
  }
  for (const event of events.filter((e) => e.startsAt < now)) {
    for (const personId of (residentsByCommunity.get(event.communityId) ?? []).filter((id) => id % 11 === event.id % 11)) {
      await awardPointsByRule(tx, { communityId: event.communityId, personId, rule: 'council_meeting', sourceType: 'activity', sourceId: event.id, title: `参加议事会：${event.title}`, now: event.startsAt })
    }
  }
  // The demo personas' households have enough for the shop: 张秀兰 was thanked for the 清雪 drive.
  for (const [person, amount, title] of [
    [zhang!.id, 120, '社区奖励：冬季清雪志愿服务'],
    [li!.id, 80, '社区奖励：义诊志愿服务'],
    [wang!.id, 60, '社区奖励：主题党日志愿服务'],
  ] as const) {
    const [row] = await tx.select({ householdId: persons.householdId }).from(persons).where(eq(persons.id, person))
    await postLedgerEntry(tx, {
      communityId: lianTong,
      householdId: row!.householdId!,
      personId: person,
      amount,
      reason: 'staff_award',
      source: { type: 'adjustment', id: `seed-${person}` },
      eventKey: eventKeys.adjustment(`seed-${person}`),
      title,
      now: lastMonth.add(20, 'day').hour(15).toDate(),
    })
  }

  const communityOfPerson = new Map(population.map((p) => [p.id, p.communityId]))
  const nameOfPerson = new Map(population.map((p, i) => [p.id, personRows[i]!.name]))
  const lianTongVolunteers = volunteerAccounts
    .map((u, i) => ({ userId: u.id, personId: volunteerUsers[i]!.personId, name: nameOfPerson.get(volunteerUsers[i]!.personId)!, partyMember: volunteerUsers[i]!.partyMember }))
    .filter((v) => !v.partyMember && communityOfPerson.get(v.personId) === lianTong)
  const unitAdminUserId = personaUserIds.get('unit')!
  // The 'unit' role of the hospital's colleagues (the seed writes memberships directly, as joining would).
  await tx.insert(roleGrants).values(lianTongVolunteers.slice(0, 2).map((v) => ({ userId: v.userId, role: 'unit' as const })))
  const dual = await seedDemoDualReporting(tx, {
    now,
    personalData,
    lianTong,
    unitCommunities: [
      { name: '黑河市中医院', communityId: lianTong, contactName: '周建华', phone: '13846001122' },
      { name: '爱辉区卫生健康局', communityId: communityIds.get('福龙社区')!, contactName: '吴丽娟', phone: '13846002233' },
      { name: '国网黑河供电公司', communityId: youZheng, contactName: '郑海涛', phone: '13846003344' },
      { name: '爱辉区税务局', communityId: communityIds.get('铁西社区')!, contactName: '冯晓东', phone: '13846004455' },
    ],
    unitAdminUserId,
    partyMember: { userId: personaUserIds.get('party_member')!, personId: wang!.id },
    lianTongVolunteers,
    staffUserId: personaUserIds.get('staff')!,
  })
  await seedDemoWishes(tx, {
    now,
    residentsByCommunity,
    volunteers: volunteerAccounts.map((u, i) => {
      const personId = volunteerUsers[i]!.personId
      return { userId: u.id, personId, communityId: population.find((p) => p.id === personId)!.communityId }
    }),
    resident: { personId: zhang!.id, userId: personaUserIds.get('resident')!, communityId: lianTong },
    volunteer: { personId: li!.id, userId: personaUserIds.get('volunteer')! },
    staffUserId: personaUserIds.get('staff')!,
    dualReporting: { communityId: lianTong, partyMember: { personId: wang!.id, userId: personaUserIds.get('party_member')! }, unit: dual.hospital },
  })
  await seedDemoBookings(tx, {
    now,
    communityId: lianTong,
    residentUserId: personaUserIds.get('resident')!,
    otherUserIds: volunteerAccounts.filter((_, i) => population.find((p) => p.id === volunteerUsers[i]!.personId)!.communityId === lianTong).map((u) => u.id),
    staffUserId: personaUserIds.get('staff')!,
  })
  await seedDemoVolunteering(tx, {
    now,
    personalData,
    lianTong,
    staffUserId: personaUserIds.get('staff')!,
    personas: [
      { userId: personaUserIds.get('volunteer')!, personId: li!.id, communityId: lianTong },
      { userId: personaUserIds.get('party_member')!, personId: wang!.id, communityId: lianTong },
    ],
    volunteers: volunteerAccounts.map((u, i) => ({ userId: u.id, personId: volunteerUsers[i]!.personId, communityId: communityOfPerson.get(volunteerUsers[i]!.personId)! })),
  })
}
