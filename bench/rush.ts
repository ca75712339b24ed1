/**
 * The rushes through real HTTP, on PostgreSQL: N accounts press the same button at once, each on a connection of
 * its own (as N phones would), the client in a worker thread of this process. Four rushes, as the issue measured
 * them: N residents book one room slot, N volunteers sign up for CAPACITY places, N volunteers claim one wish, N
 * households redeem an item with STOCK in stock. Per rush: how long until every request has its answer, the
 * answers by status (the invariant checked: exactly one booking; exactly CAPACITY accepted and the rest
 * waitlisted; exactly one claim; exactly STOCK redemptions), and the kernel's ListenDrops meanwhile (connections
 * dropped because the server's accept queue was full). Medians of ROUNDS rounds, each on a fresh database with
 * the demo district.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/rush.ts
 *   N=1000 ROUNDS=3 CAPACITY=50 STOCK=20 POOL=10   LISTEN_BACKLOG=511 (Node's default, to see the drops)
 */
import { readFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { and, asc, eq } from 'drizzle-orm'
import { buildApp } from '../server/src/app'
import { loadConfig } from '../server/src/config'
import { buildings, communities, households, persons, roleGrants, rooms as roomsTable, shopItems, stations, users, volunteerProfiles } from '../server/src/db/schema'
import { seedDemoDistrict } from '../server/src/db/seed/demo'
import { seedReferenceData } from '../server/src/db/seed/reference'
import { postLedgerEntry } from '../server/src/modules/points/points.repository'
import { PersonalDataCipher } from '../server/src/modules/privacy/personal-data-cipher'
import { addDays, chinaDate, chinaDayStartMs, toApiInstant } from '../types/time'
import { freshPostgresDatabase } from './fresh-database'
import { bearerFor } from './sessions'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const N = Number(process.env.N ?? 1000)
const CAPACITY = Number(process.env.CAPACITY ?? 50)
const STOCK = Number(process.env.STOCK ?? 20)
const POOL = Number(process.env.POOL ?? 10)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** The kernel's counters of connections refused at a full accept queue (all sockets of this machine). */
function listenDrops(): number {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((l) => l.startsWith('TcpExt:'))
  const [names, values] = lines.map((l) => l.split(/\s+/).slice(1))
  return Number(values![names!.indexOf('ListenDrops')])
}

type Rush = { ms: number; codes: Record<number, number>; drops: number }
type Call = { path: string; token: string; body: object }

/**
 * The phones: a worker thread with an event loop of its own (as a client elsewhere would be), sending every call
 * at once, each on a connection of its own (agent: false), and answering with the statuses and the time until
 * the last answer.
 */
const CLIENT = `
const http = require('node:http')
const { parentPort, workerData } = require('node:worker_threads')
const { url, calls } = workerData
const send = ({ path, token, body }) => new Promise((resolve, reject) => {
  const payload = JSON.stringify(body)
  const req = http.request(url + path, { method: 'POST', agent: false, headers: { authorization: token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
    res.resume()
    res.on('end', () => resolve(res.statusCode))
  })
  req.on('error', reject)
  req.end(payload)
})
const t0 = performance.now()
Promise.all(calls.map(send)).then((statuses) => parentPort.postMessage({ ms: performance.now() - t0, statuses }))
`

async function rush(url: string, calls: Call[]): Promise<Rush> {
  const dropsBefore = listenDrops()
  const worker = new Worker(CLIENT, { eval: true, workerData: { url, calls } })
  const { ms, statuses } = await new Promise<{ ms: number; statuses: number[] }>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  await worker.terminate()
  const codes = statuses.reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {})
  return { ms, codes, drops: listenDrops() - dropsBefore }
}

async function round() {
  const handle = await freshPostgresDatabase(process.env.DATABASE_URL!, { poolSize: POOL })
  const now = new Date()
  await seedReferenceData(handle.db)
  const config = loadConfig({ DEMO: '1', LOG_LEVEL: 'silent', H5_DIR: '', RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_WRITES_PER_MINUTE: '100000000', RATE_LIMIT_LOGINS_PER_MINUTE: '100000000', MAX_EVENT_LOOP_DELAY_MS: '600000', ...(process.env.LISTEN_BACKLOG ? { LISTEN_BACKLOG: process.env.LISTEN_BACKLOG } : {}) })
  const personalData = new PersonalDataCipher(config.dataKey)
  await seedDemoDistrict(handle.db, now, personalData)
  const app = await buildApp({ config, db: handle.db })
  const url = await app.listen({ host: '127.0.0.1', port: 0, backlog: config.listenBacklog })

  // N registered volunteers of 联通社区, each the one person of a household of their own holding 1000 points,
  // each with a session as a login opens one.
  const [lianTong] = await handle.db.select({ id: communities.id }).from(communities).where(eq(communities.name, '联通社区'))
  const [building] = await handle.db.select({ id: buildings.id }).from(buildings).where(eq(buildings.communityId, lianTong!.id)).orderBy(asc(buildings.id)).limit(1)
  const homes = await handle.db
    .insert(households)
    .values(Array.from({ length: N }, (_, i) => ({ communityId: lianTong!.id, buildingId: building!.id, unitNo: '压测单元', roomNo: String(i) })))
    .returning({ id: households.id })
  const people = await handle.db
    .insert(persons)
    .values(Array.from({ length: N }, (_, i) => ({ communityId: lianTong!.id, householdId: homes[i]!.id, name: `压测志愿者${i}`, ...personalData.sealPhone(`1360000${String(i).padStart(4, '0')}`) })))
    .returning({ id: persons.id, name: persons.name, phoneCipher: persons.phoneCipher, phoneHash: persons.phoneHash })
  const accounts = await handle.db.insert(users).values(people.map((p) => ({ personId: p.id, displayName: p.name }))).returning({ id: users.id, personId: users.personId })
  await handle.db.insert(roleGrants).values(accounts.flatMap((u) => [{ userId: u.id, role: 'resident' as const }, { userId: u.id, role: 'volunteer' as const }]))
  await handle.db.insert(volunteerProfiles).values(accounts.map((u, i) => ({ userId: u.id, personId: u.personId!, communityId: lianTong!.id, realName: people[i]!.name, phoneCipher: people[i]!.phoneCipher, phoneHash: people[i]!.phoneHash, skills: ['general'], availability: ['weekend'], consentVersion: '2026-11', consentedAt: now })))
  const tokens = await Promise.all(accounts.map((u) => bearerFor(app, handle.db, config, u.id, new Date())))
  for (let i = 0; i < N; i += POOL) {
    await Promise.all(
      homes.slice(i, i + POOL).map((h, j) =>
        handle.db.transaction((tx) =>
          postLedgerEntry(tx, { communityId: lianTong!.id, householdId: h.id, personId: people[i + j]!.id, amount: 1000, reason: 'staff_award', source: { type: 'bench', id: h.id }, eventKey: `bench:${h.id}`, title: '压测积分', now }),
        ),
      ),
    )
  }

  // 预约: a slot 14 days ahead on a weekday, 14:00–15:00, in a room that needs no approval.
  const [room] = await handle.db.select({ id: roomsTable.id }).from(roomsTable).where(and(eq(roomsTable.kind, 'room'), eq(roomsTable.requiresApproval, false))).orderBy(asc(roomsTable.id)).limit(1)
  let day = addDays(chinaDate(now.getTime()), 13)
  while ([0, 6].includes(new Date(chinaDayStartMs(day) + 8 * 3600_000).getUTCDay())) day = addDays(day, -1)
  const at = (minutes: number) => toApiInstant(chinaDayStartMs(day) + minutes * 60_000)
  const booking = await rush(url, tokens.map((token) => ({ path: '/api/bookings', token, body: { roomId: room!.id, startsAt: at(14 * 60), endsAt: at(15 * 60), purpose: '压力测试', attendees: 1 } })))
  if (booking.codes[201] !== 1 || booking.codes[409] !== N - 1) throw new Error(`booking rush answered ${JSON.stringify(booking.codes)}`)

  // 报名: an activity with CAPACITY places, published by the demo's community worker.
  const staffLogin = await app.inject({ method: 'POST', url: '/api/auth/demo', payload: { persona: 'staff' } })
  const staff = `Bearer ${(staffLogin.json() as { token: string }).token}`
  const activityDay = addDays(chinaDate(now.getTime()), 10)
  const created = await app.inject({
    method: 'POST',
    url: '/api/staff/activities',
    headers: { authorization: staff },
    payload: { communityId: lianTong!.id, title: '压测活动', description: '压测用的志愿活动', place: '联通社区党群服务中心', startsAt: toApiInstant(chinaDayStartMs(activityDay) + 9 * 3600_000), endsAt: toApiInstant(chinaDayStartMs(activityDay) + 11 * 3600_000), capacity: CAPACITY, skills: ['general'] },
  })
  if (created.statusCode !== 201) throw new Error(`publishing the activity: ${created.statusCode} ${created.body}`)
  const activityId = (created.json() as { items: { id: number }[] }).items[0]!.id
  const signup = await rush(url, tokens.map((token) => ({ path: `/api/activities/${activityId}/signup`, token, body: {} })))
  if (signup.codes[200] !== N) throw new Error(`sign-up rush answered ${JSON.stringify(signup.codes)}`)
  const detail = await app.inject({ method: 'GET', url: `/api/activities/${activityId}`, headers: { authorization: staff } })
  const signedUp = (detail.json() as { signedUp: number }).signedUp
  if (signedUp !== CAPACITY) throw new Error(`sign-up rush: ${signedUp} accepted for ${CAPACITY} places`)

  // 认领: a wish of the resident persona, approved by the community worker.
  const residentLogin = await app.inject({ method: 'POST', url: '/api/auth/demo', payload: { persona: 'resident' } })
  const resident = `Bearer ${(residentLogin.json() as { token: string }).token}`
  const posted = await app.inject({ method: 'POST', url: '/api/wishes', headers: { authorization: resident }, payload: { category: 'elderly_care', title: '压测心愿', description: '想请志愿者帮忙把旧家具搬下楼。', photoIds: [], valueYuan: 0, contactPreference: 'phone' } })
  if (posted.statusCode !== 201) throw new Error(`posting the wish: ${posted.statusCode} ${posted.body}`)
  const wishId = (posted.json() as { id: number }).id
  const approved = await app.inject({ method: 'POST', url: `/api/staff/wishes/${wishId}/approve`, headers: { authorization: staff }, payload: {} })
  if (approved.statusCode !== 200) throw new Error(`approving the wish: ${approved.statusCode} ${approved.body}`)
  const claim = await rush(url, tokens.map((token) => ({ path: `/api/wishes/${wishId}/claim`, token, body: {} })))
  if (claim.codes[200] !== 1 || claim.codes[409] !== N - 1) throw new Error(`claim rush answered ${JSON.stringify(claim.codes)}`)

  // 兑换: an item of 联通社区's centre with STOCK in stock, 10 points each.
  const [station] = await handle.db.select({ id: stations.id }).from(stations).where(eq(stations.communityId, lianTong!.id)).orderBy(asc(stations.id)).limit(1)
  const [item] = await handle.db.insert(shopItems).values({ communityId: lianTong!.id, stationId: station!.id, name: '压测兑换品', kind: 'goods', price: 10, stock: STOCK, monthlyLimit: null }).returning({ id: shopItems.id })
  const redeem = await rush(url, tokens.map((token) => ({ path: `/api/shop/items/${item!.id}/redeem`, token, body: {} })))
  if (redeem.codes[201] !== STOCK || redeem.codes[409] !== N - STOCK) throw new Error(`redeem rush answered ${JSON.stringify(redeem.codes)}`)
  const [{ stock }] = (await handle.db.select({ stock: shopItems.stock }).from(shopItems).where(eq(shopItems.id, item!.id))) as [{ stock: number }]
  if (stock !== 0) throw new Error(`redeem rush: ${stock} left in stock`)

  await app.close()
  await handle.close()
  return { booking, signup, claim, redeem }
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL: a rush needs PostgreSQL')
  const rounds = []
  const show = (r: Rush) => `${r.ms.toFixed(0)} ms ${JSON.stringify(r.codes)}, ${r.drops} listen drops`
  for (let i = 0; i < ROUNDS; i++) {
    const r = await round()
    console.log(`round ${i + 1}: booking ${show(r.booking)} · sign-up ${show(r.signup)} · claim ${show(r.claim)} · redeem ${show(r.redeem)}`)
    rounds.push(r)
  }
  console.log(
    `median of ${ROUNDS}, ${N} connections, pool ${POOL}: ${N} book one slot: all answered in ${median(rounds.map((r) => r.booking.ms)).toFixed(0)} ms; ` +
      `${N} sign up for ${CAPACITY} places: ${median(rounds.map((r) => r.signup.ms)).toFixed(0)} ms; ` +
      `${N} claim one wish: ${median(rounds.map((r) => r.claim.ms)).toFixed(0)} ms; ` +
      `${N} redeem ${STOCK} in stock: ${median(rounds.map((r) => r.redeem.ms)).toFixed(0)} ms; ` +
      `listen drops ${Math.max(...rounds.flatMap((r) => [r.booking.drops, r.signup.drops, r.claim.drops, r.redeem.drops]))} at most`,
  )
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
