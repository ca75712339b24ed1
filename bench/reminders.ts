/**
 * The 订阅消息 sender on PostgreSQL against the local fake WeChat, which answers each send after LATENCY_MS (WeChat's
 * round trip from a server in China is tens of milliseconds). N messages are queued, then delivered by 1 and by
 * INSTANCES senders at once; each figure is the median of ROUNDS rounds, and every round checks each message was
 * delivered exactly once.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/reminders.ts
 */
import { loadConfig } from '../server/src/config'
import { users } from '../server/src/db/schema'
import { wishClaimedMessage } from '../server/src/modules/reminders/reminders.domain'
import { enqueue } from '../server/src/modules/reminders/reminders.repository'
import { deliverReminders } from '../server/src/modules/reminders/reminders.service'
import { WechatClient } from '../server/src/modules/wechat/wechat.client'
import { startFakeWechat } from '../test/support/fake-wechat'
import { freshPostgresDatabase } from './fresh-database'

const ROUNDS = Number(process.env.ROUNDS ?? 3)
const N = Number(process.env.N ?? 2000)
const INSTANCES = Number(process.env.INSTANCES ?? 4)
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 50)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function round(senders: number): Promise<number> {
  const wechat = await startFakeWechat()
  wechat.sendLatencyMs = LATENCY_MS
  const handle = await freshPostgresDatabase(process.env.DATABASE_URL!, { poolSize: 20 })
  try {
    const config = loadConfig({ LOG_LEVEL: 'silent', WECHAT_APPID: 'wx0123456789abcdef', WECHAT_SECRET: 'test-secret', WECHAT_API_BASE: wechat.baseUrl, WECHAT_TMPL_WISH_CLAIMED: 'tmpl' })
    const [user] = await handle.db.insert(users).values({ displayName: 'bench', openid: 'o-bench' }).returning({ id: users.id })
    wechat.subscribe('o-bench', 'tmpl', N)
    const now = new Date()
    await enqueue(
      handle.db,
      Array.from({ length: N }, (_, i) => ({ to: { userId: user!.id }, message: wishClaimedMessage({ claimId: i + 1, wishId: i + 1, title: `心愿${i}`, claimerName: '志愿者', claimedAt: now }), now })),
    )
    const t0 = performance.now()
    await Promise.all(Array.from({ length: senders }, () => deliverReminders({ db: handle.db, config, wechat: new WechatClient(config.wechat) }, now)))
    const ms = performance.now() - t0
    const titles = new Set(wechat.delivered.map((d) => d.data.thing1!.value))
    if (wechat.delivered.length !== N || titles.size !== N) throw new Error(`delivered ${wechat.delivered.length} (${titles.size} distinct) of ${N}`)
    return ms
  } finally {
    await handle.close()
    await wechat.close()
  }
}

async function main() {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a PostgreSQL server (a database per round is created and dropped)')
  console.log(`${N} reminders, WeChat answering in ${LATENCY_MS} ms, median of ${ROUNDS} rounds`)
  for (const senders of [1, INSTANCES]) {
    const times: number[] = []
    for (let r = 0; r < ROUNDS; r++) times.push(await round(senders))
    const ms = median(times)
    console.log(`  ${senders} sender${senders > 1 ? 's' : ''}: ${Math.round(ms)} ms, ${Math.round((N / ms) * 1000)} messages/s (rounds: ${times.map((t) => Math.round(t)).join(', ')} ms)`)
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
