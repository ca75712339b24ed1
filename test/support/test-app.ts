import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { eq } from 'drizzle-orm'
import { roleGrants, users } from '../../server/src/db/schema'
import { buildApp } from '../../server/src/app'
import { signAccessToken } from '../../server/src/http/access'
import { openSession } from '../../server/src/modules/auth/sessions.service'
import { loadConfig, type Config } from '../../server/src/config'
import type { DatabaseHandle } from '../../server/src/db/client'
import { seedDemoDistrict } from '../../server/src/db/seed/demo'
import { PersonalDataCipher } from '../../server/src/modules/privacy/personal-data-cipher'
import type { DemoPersona, SessionResponse } from '../../types/api/auth'
import { TEST_NOW, type TestClock } from './clock'
import { startFakeWechat, type FakeWechat } from './fake-wechat'
import { openTestDatabase } from './test-database'
import { templateFor } from './templates'

export type TestApp = {
  app: FastifyInstance
  handle: DatabaseHandle
  wechat: FakeWechat
  config: Config
  /** The app's cipher (its DATA_KEY): tests open and seal phone numbers as the app does. */
  personalData: PersonalDataCipher
  /** The clock the app runs on; tests move it by assigning `clock.now`. */
  clock: TestClock
  /** Logs in as a demo persona and returns the bearer header. */
  loginAs: (persona: DemoPersona) => Promise<{ authorization: string; session: SessionResponse }>
  /** Just the request headers of a demo persona's session. */
  headersAs: (persona: DemoPersona) => Promise<{ authorization: string }>
  /** `Bearer …` of a new session of any account, as a login opens one. */
  bearerFor: (userId: number) => Promise<string>
  /** A session for any person of the demo district (an account is created for them as a resident). */
  actAsPerson: (personId: number, roles?: { role: 'resident' | 'staff'; communityId?: number }[]) => Promise<{ authorization: string; userId: number }>
  close: () => Promise<void>
}

export type TestAppOptions = {
  demo?: boolean
  /** Where the app's clock stands (default TEST_NOW); it stays there until a test moves it. */
  now?: Date
  /** Or a clock of the test's own, e.g. a running one (support/clock.ts). */
  clock?: TestClock
  env?: Record<string, string>
  /** Runs on the app before it is ready: e.g. routes that exercise a plugin. */
  extend?: (app: FastifyInstance) => void | Promise<void>
  poolSize?: number
  /** PostgreSQL runs only: the app reaches its database through this address (test/support/tcp-proxy.ts). */
  databaseVia?: (databaseUrl: string) => string
}

/** The real app on a fresh database (PGlite, or PostgreSQL when DATABASE_URL is set) and a fake WeChat. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const demo = options.demo ?? true
  const clock: TestClock = options.clock ?? { now: options.now ?? TEST_NOW }
  const wechat = await startFakeWechat()
  // Uploaded pictures go to a folder of this app's own, removed when it closes.
  const uploadDir = mkdtempSync(path.join(tmpdir(), 'doorstep-uploads-'))
  const config = loadConfig({
    UPLOAD_DIR: uploadDir,
    NODE_ENV: 'test',
    DEMO: demo ? '1' : '0',
    LOG_LEVEL: 'silent',
    H5_DIR: '',
    WECHAT_APPID: 'wx0123456789abcdef',
    WECHAT_SECRET: 'test-secret',
    WECHAT_API_BASE: wechat.baseUrl,
    // Tests make many requests per account in a few seconds; the limits have tests of their own.
    RATE_LIMIT_PER_MINUTE: '100000',
    // Tests log in once and move the clock by hours and days; the session tests use the 30 minutes of production.
    ACCESS_TOKEN_TTL_MINUTES: String(10 * 366 * 24 * 60),
    RATE_LIMIT_WRITES_PER_MINUTE: '100000',
    RATE_LIMIT_UPLOADS_PER_MINUTE: '100000',
    RATE_LIMIT_LOGINS_PER_MINUTE: '100000',
    // A busy test machine lags its event loop for seconds (PGlite runs in-process): tests are not an overload to
    // refuse, so the check is off. http-hardening.test.ts sets its own threshold.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    ...options.env,
  })
  const personalData = new PersonalDataCipher(config.dataKey)
  // Most files start from a copy of a database seeded once per run; another clock or key seeds its own demo
  // district on a copy of the blank one (migrated, with the calendar).
  const template = templateFor({ demo, now: clock.now, dataKey: config.dataKey })
  const handle = await openTestDatabase({ poolSize: options.poolSize, via: options.databaseVia, template: template ?? 'blank' })
  if (!template) await seedDemoDistrict(handle.db, clock.now, personalData)
  const app = await buildApp({ config, db: handle.db, now: () => clock.now })
  await options.extend?.(app)
  await app.ready()
  const t: TestApp = {
    app,
    handle,
    wechat,
    config,
    personalData,
    clock,
    async loginAs(persona) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/demo', payload: { persona } })
      if (res.statusCode !== 200) throw new Error(`demo login as ${persona} failed: ${res.statusCode} ${res.body}`)
      const session = res.json() as SessionResponse
      return { authorization: `Bearer ${session.token}`, session }
    },
    async bearerFor(userId) {
      const session = await openSession({ db: handle.db, now: () => clock.now, config }, userId)
      return `Bearer ${signAccessToken(app, session, clock.now, config.accessTokenTtlMinutes).token}`
    },
    async headersAs(persona) {
      return { authorization: (await t.loginAs(persona)).authorization }
    },
    async actAsPerson(personId, roles = [{ role: 'resident' }]) {
      const [existing] = await handle.db.select().from(users).where(eq(users.personId, personId))
      const user = existing ?? (await handle.db.insert(users).values({ personId, displayName: '测试' }).returning())[0]!
      if (!existing) await handle.db.insert(roleGrants).values(roles.map((r) => ({ userId: user.id, role: r.role, communityId: r.communityId ?? null })))
      return { authorization: await t.bearerFor(user.id), userId: user.id }
    },
    async close() {
      await app.close()
      await handle.close()
      await wechat.close()
      rmSync(uploadDir, { recursive: true, force: true })
    },
  }
  return t
}
