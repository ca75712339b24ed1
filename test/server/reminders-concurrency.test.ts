import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { and, asc, eq, gt, like } from 'drizzle-orm'
import { bookings, notifications, users } from '../../server/src/db/schema'
import { wishClaimedMessage } from '../../server/src/modules/reminders/reminders.domain'
import { enqueue } from '../../server/src/modules/reminders/reminders.repository'
import { deliverReminders, enqueueDueReminders } from '../../server/src/modules/reminders/reminders.service'
import { WechatClient } from '../../server/src/modules/wechat/wechat.client'
import { createTestApp, type TestApp } from '../support/test-app'
import { onPostgres } from '../support/test-database'

/*
 * The reminder sender run by several instances at once, on PostgreSQL (PGlite runs one transaction at a time):
 * every message is delivered exactly once. Each "instance" has its own WeChat client (its own token cache) and
 * database connections from the pool, as separate servers would.
 */
describe.runIf(onPostgres)('the reminder sender on several instances at once', () => {
  const MESSAGES = 300
  const INSTANCES = 6
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp({ env: { WECHAT_TMPL_WISH_CLAIMED: 'tmpl-claimed' }, poolSize: 20 })
  }, 60_000)
  afterAll(() => t?.close())

  it(`${INSTANCES} senders deliver ${MESSAGES} messages, each once`, async () => {
    const [user] = await t.handle.db.insert(users).values({ displayName: '并发提醒测试', openid: 'o-concurrency' }).returning({ id: users.id })
    t.wechat.subscribe('o-concurrency', 'tmpl-claimed', MESSAGES * 2)
    const now = t.clock.now
    await enqueue(
      t.handle.db,
      Array.from({ length: MESSAGES }, (_, i) => ({
        to: { userId: user!.id },
        message: { ...wishClaimedMessage({ claimId: 900_000 + i, wishId: i + 1, title: `并发心愿${i}`, claimerName: '志愿者', claimedAt: now }) },
        now,
      })),
    )
    const instance = () => ({ db: t.handle.db, config: t.config, wechat: new WechatClient({ ...t.config.wechat }) })
    const started = performance.now()
    // Small batches, so the senders really interleave over the rows.
    const sentPerInstance = await Promise.all(Array.from({ length: INSTANCES }, () => deliverReminders(instance(), now, 5)))
    console.log(`${INSTANCES} senders, ${MESSAGES} messages: ${Math.round(performance.now() - started)} ms, claimed per instance ${sentPerInstance.join(' ')}`)

    expect(sentPerInstance.reduce((a, b) => a + b, 0)).toBe(MESSAGES)
    const delivered = t.wechat.delivered.filter((d) => d.openid === 'o-concurrency').map((d) => d.data.thing1!.value)
    expect(delivered).toHaveLength(MESSAGES)
    expect(new Set(delivered).size).toBe(MESSAGES)
    const rows = await t.handle.db.select().from(notifications).where(eq(notifications.userId, user!.id))
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true)
  })

  it('the due-reminder sweep run by several instances at once queues each occasion once', async () => {
    // The day before the demo district's first confirmed booking that was made more than a day ahead.
    const [first] = await t.handle.db
      .select({ startsAt: bookings.startsAt })
      .from(bookings)
      .where(and(eq(bookings.status, 'confirmed'), gt(bookings.startsAt, new Date(t.clock.now.getTime() + 24 * 3600_000))))
      .orderBy(asc(bookings.startsAt))
      .limit(1)
    const later = new Date(first!.startsAt.getTime() - 12 * 3600_000)
    const counts = await Promise.all(Array.from({ length: INSTANCES }, () => enqueueDueReminders(t.handle.db, later)))
    const rows = await t.handle.db.select({ key: notifications.dedupeKey }).from(notifications).where(like(notifications.dedupeKey, '%reminder:%'))
    expect(rows.length).toBeGreaterThan(0)
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length)
    expect(Math.max(...counts)).toBeGreaterThan(0)
  })
})
