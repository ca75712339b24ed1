/**
 * 阵地预约 under load, on PostgreSQL (PGlite runs one transaction at a time, so a rush there measures a queue):
 *   1. the rush: N accounts book the same slot at once — exactly one wins; how long until all have an answer;
 *   2. the spread: N accounts book N different slots across the centre's rooms at once — how many bookings/s;
 *   3. the week grid (GET /api/rooms/:id/week) with autocannon, 50 connections.
 * Each figure is the median of ROUNDS rounds on a fresh database.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/booking.ts
 */
import { and, asc, eq } from 'drizzle-orm'
import { buildApp } from '../server/src/app'
import { loadConfig } from '../server/src/config'
import { rooms as roomsTable, users } from '../server/src/db/schema'
import { seedDemoDistrict } from '../server/src/db/seed/demo'
import { seedReferenceData } from '../server/src/db/seed/reference'
import { PersonalDataCipher } from '../server/src/modules/privacy/personal-data-cipher'
import { addDays, chinaDate, chinaDayStartMs, toApiInstant } from '../types/time'
import { freshPostgresDatabase } from './fresh-database'
import { bearerFor } from './sessions'
import { loadTest } from './load'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const N = Number(process.env.N ?? 1000)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function round() {
  const handle = await freshPostgresDatabase(process.env.DATABASE_URL!, { poolSize: 20 })
  const now = new Date()
  await seedReferenceData(handle.db)
  const config = loadConfig({ DEMO: '1', LOG_LEVEL: 'silent', H5_DIR: '', RATE_LIMIT_PER_MINUTE: '100000000', RATE_LIMIT_WRITES_PER_MINUTE: '100000000', RATE_LIMIT_LOGINS_PER_MINUTE: '100000000', MAX_EVENT_LOOP_DELAY_MS: '600000' })
  await seedDemoDistrict(handle.db, now, new PersonalDataCipher(config.dataKey))
  const app = await buildApp({ config, db: handle.db })
  await app.ready()
  const ids = await handle.db.insert(users).values(Array.from({ length: N }, () => ({ displayName: 'bench' }))).returning({ id: users.id })
  // A session per account, as a login opens one.
  const tokens = await Promise.all(ids.map((u) => bearerFor(app, handle.db, config, u.id, new Date())))
  // Rooms booked at once, without approval: the rush takes the first, the spread the others across the district.
  const rooms = await handle.db.select({ id: roomsTable.id }).from(roomsTable).where(and(eq(roomsTable.kind, 'room'), eq(roomsTable.requiresApproval, false))).orderBy(asc(roomsTable.id))
  // Weekdays 6–14 days ahead (after the demo's own bookings, inside the booking window), 09:00–11:30 and
  // 14:00–19:00 China time: inside every centre's and station's hours.
  const today = chinaDate(now.getTime())
  const weekdays = Array.from({ length: 9 }, (_, i) => addDays(today, i + 6)).filter((d) => ![0, 6].includes(new Date(chinaDayStartMs(d) + 8 * 3600_000).getUTCDay()))
  const at = (day: string, minutes: number) => toApiInstant(chinaDayStartMs(day) + minutes * 60_000)
  const book = (token: string, roomId: number, day: string, from: number, to: number) =>
    app.inject({ method: 'POST', url: '/api/bookings', headers: { authorization: token }, payload: { roomId, startsAt: at(day, from), endsAt: at(day, to), purpose: '压力测试', attendees: 1 } })

  let t0 = performance.now()
  const rush = await Promise.all(tokens.map((token) => book(token, rooms[0]!.id, weekdays.at(-1)!, 14 * 60, 15 * 60)))
  const rushMs = performance.now() - t0
  const codes = rush.reduce<Record<number, number>>((acc, r) => ({ ...acc, [r.statusCode]: (acc[r.statusCode] ?? 0) + 1 }), {})
  if (codes[201] !== 1 || codes[409] !== N - 1) throw new Error(`rush answered ${JSON.stringify(codes)}`)

  // The spread: a different 30-minute slot for each account.
  const slots: { roomId: number; day: string; from: number }[] = []
  for (const day of weekdays) for (const r of rooms.slice(1)) for (let m = 9 * 60; m < 19 * 60; m += 30) if (m < 11 * 60 + 30 || m >= 14 * 60) slots.push({ roomId: r.id, day, from: m })
  if (slots.length < N) throw new Error(`only ${slots.length} distinct slots for ${N} accounts`)
  t0 = performance.now()
  const spread = await Promise.all(tokens.map((token, i) => book(token, slots[i]!.roomId, slots[i]!.day, slots[i]!.from, slots[i]!.from + 30)))
  const spreadMs = performance.now() - t0
  const spreadOk = spread.filter((r) => r.statusCode === 201).length
  const server5xx = spread.filter((r) => r.statusCode >= 500).length

  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  const grid = await loadTest({ url: `${url}/api/rooms/${rooms[0]!.id}/week`, connections: 50, duration: 4, headers: { authorization: tokens[0]! } })
  await app.close()
  await handle.close()
  return { rushMs, spreadMs, spreadOk, server5xx, gridRps: grid.requests.average, gridP99: grid.latency.p99 }
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL: the rush needs PostgreSQL')
  const results = []
  for (let i = 0; i < ROUNDS; i++) {
    const r = await round()
    console.log(`round ${i + 1}: rush ${r.rushMs.toFixed(0)} ms · spread ${r.spreadOk}/${N} booked in ${r.spreadMs.toFixed(0)} ms (${r.server5xx} × 5xx) · week grid ${r.gridRps.toFixed(0)} req/s p99 ${r.gridP99} ms`)
    results.push(r)
  }
  console.log(`median of ${ROUNDS}: ${N} requests for one slot answered in ${median(results.map((r) => r.rushMs)).toFixed(0)} ms (1 × 201, ${N - 1} × 409); ` +
    `${N} different slots booked at ${(N / (median(results.map((r) => r.spreadMs)) / 1000)).toFixed(0)} bookings/s; ` +
    `week grid ${median(results.map((r) => r.gridRps)).toFixed(0)} req/s, p99 ${median(results.map((r) => r.gridP99))} ms`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
