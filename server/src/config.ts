import path from 'node:path'
import { z } from 'zod'
import { REMINDER_EVENTS, type ReminderEvent } from '../../types/api/labels'

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true')

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * Connections the kernel holds until the server accepts them. Node's default, 511, overflowed when 1000 phones
   * pressed one button at once (bench/rush.ts with its client in the server's thread: 488–897 dropped, each
   * retried a second later); the kernel caps it at net.core.somaxconn.
   */
  LISTEN_BACKLOG: z.coerce.number().int().min(1).default(4096),
  /** PostgreSQL server; when unset the embedded PGlite in DATA_DIR is used. */
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  /** Demo personas and the demo seed. Never allowed together with NODE_ENV=production. */
  DEMO: flag,
  /** HMAC secret that signs session tokens (≥ 32 characters in production). */
  SESSION_SECRET: z.string().optional(),
  /** How long a session lasts without use: each refresh of its access token moves its end this far ahead. */
  SESSION_TTL_HOURS: z.coerce.number().int().positive().default(24 * 30),
  /** How long an access token is good for; the client renews it with its refresh token. */
  ACCESS_TOKEN_TTL_MINUTES: z.coerce.number().int().positive().default(30),
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  /** Base URL of WeChat's server API; tests point it at a local fake. */
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  /** Built H5 app to serve at / (the demo); empty disables it. */
  H5_DIR: z.string().default('dist-h5'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** JSON lines for a log collector, or readable lines for a person; auto: readable on a terminal outside production. */
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  /** A request slower than this is always logged (warn), with its time. */
  LOG_SLOW_REQUEST_MS: z.coerce.number().int().nonnegative().default(1000),
  /** The share of the other requests that are logged (info): a line per request costs as much as a light route. */
  LOG_REQUEST_SAMPLE: z.coerce.number().min(0).max(1).default(0.01),
  /** Requests per minute per client address, on every route. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Per signed-in account: writes (POST, PUT, PATCH, DELETE) and uploads per minute; per address: logins and token refreshes per minute. */
  RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().positive().default(120),
  RATE_LIMIT_UPLOADS_PER_MINUTE: z.coerce.number().int().positive().default(20),
  RATE_LIMIT_LOGINS_PER_MINUTE: z.coerce.number().int().positive().default(60),
  /**
   * The proxies in front of the server whose X-Forwarded-For is believed: a number of hops (微信云托管 or one load
   * balancer: 1) or a comma-separated list of addresses/CIDRs. Empty: none, the socket's address is the client's.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)?$/, 'a number of hops or a comma-separated list of addresses')
    .optional(),
  /** The whole request (headers and body) must arrive within this time; a slow client is cut off. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Past this event-loop delay the instance answers 503 instead of queueing more work; 0 turns the check off. */
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().nonnegative().default(1000),
  /** How long a request's principal (account, roles, household) is reused by the next requests; 0: never. */
  PRINCIPAL_CACHE_MS: z.coerce.number().int().nonnegative().default(5000),
  /** Serve the OpenAPI pages at /docs; on by default except in production. */
  API_DOCS: z.enum(['0', '1', 'true', 'false']).optional(),
  /** Folder of uploaded pictures (the local FileStorage); default DATA_DIR/uploads. */
  UPLOAD_DIR: z.string().optional(),
  /** Per account in any 24 hours: how many pictures, and how many megabytes once re-encoded. */
  UPLOAD_DAILY_COUNT: z.coerce.number().int().positive().default(60),
  UPLOAD_DAILY_MB: z.coerce.number().positive().default(100),
  /** The HTTPS address the server is reached at: WeChat downloads pictures from it to check them. */
  PUBLIC_BASE_URL: z.string().url().optional(),
  /** Content check before review: WeChat's 内容安全 API, or a local keyword list (development). */
  CONTENT_CHECK: z.enum(['wechat', 'keywords']).optional(),
  /** The Token of 消息推送 in the WeChat console: verifies pushed content-check results. */
  WECHAT_PUSH_TOKEN: z.string().optional(),
  /** A font with Chinese glyphs for certificate PDFs (Debian: fonts-wqy-microhei). */
  CERTIFICATE_FONT: z.string().default('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'),
  /** 32 random bytes, base64 (`openssl rand -base64 32`): seals phone numbers at rest. Losing it loses them. */
  DATA_KEY: z.string().optional(),
  /** 订阅消息 template ids chosen in the WeChat console, one per reminder (docs/wechat-console.md). */
  WECHAT_TMPL_RESIDENCY_RESULT: z.string().optional(),
  WECHAT_TMPL_PARTY_REPORT_RESULT: z.string().optional(),
  WECHAT_TMPL_UNIT_REGISTRATION_RESULT: z.string().optional(),
  WECHAT_TMPL_WISH_CLAIMED: z.string().optional(),
  WECHAT_TMPL_BOOKING_RESULT: z.string().optional(),
  WECHAT_TMPL_BOOKING_REMINDER: z.string().optional(),
  WECHAT_TMPL_ACTIVITY_REMINDER: z.string().optional(),
  WECHAT_TMPL_WAITLIST_PROMOTED: z.string().optional(),
  WECHAT_TMPL_ACTIVITY_CANCELLED: z.string().optional(),
  WECHAT_TMPL_REDEMPTION_READY: z.string().optional(),
  WECHAT_TMPL_REDEMPTION_EXPIRING: z.string().optional(),
  /** Which version of the mini-program a reminder opens: formal (正式版), trial (体验版) or developer. */
  WECHAT_MINIPROGRAM_STATE: z.enum(['formal', 'trial', 'developer']).default('formal'),
})


export type Config = {
  env: 'development' | 'production' | 'test'
  host: string
  port: number
  listenBacklog: number
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | undefined }
  demo: boolean
  sessionSecret: string
  sessionTtlHours: number
  accessTokenTtlMinutes: number
  wechat: { appId: string; secret: string; apiBase: string }
  h5Dir: string | null
  logLevel: z.infer<typeof ZEnv>['LOG_LEVEL']
  logFormat: z.infer<typeof ZEnv>['LOG_FORMAT']
  /** Which requests get a log line: every failed (5xx) or slow one, and a sample of the rest. */
  requestLog: { slowMs: number; sample: number }
  rateLimits: { perAddress: number; writesPerAccount: number; uploadsPerAccount: number; loginsPerAddress: number }
  /** Fastify's trustProxy: false, a hop count, or the proxies' addresses. */
  trustProxy: false | number | string[]
  requestTimeoutMs: number
  principalCacheMs: number
  maxEventLoopDelayMs: number
  apiDocs: boolean
  uploadDir: string
  /** Uploads per account in any 24 hours (UPLOAD_DAILY_COUNT, UPLOAD_DAILY_MB). */
  uploadQuota: { count: number; bytes: number }
  publicBaseUrl: string | null
  contentCheck: 'wechat' | 'keywords'
  wechatPushToken: string | null
  certificateFontPath: string
  /** 32 bytes that seal personal data (DATA_KEY). */
  dataKey: Buffer
  /** Template id per reminder; a reminder without one is recorded and not sent. */
  reminderTemplates: Partial<Record<ReminderEvent, string>>
  miniprogramState: 'formal' | 'trial' | 'developer'
}

/** A development secret: good enough on a laptop, refused in production. */
const DEV_SESSION_SECRET = 'doorstep-development-session-secret-do-not-use'
/** Likewise the development data key (32 bytes); production must bring its own. */
const DEV_DATA_KEY = Buffer.from('doorstep-development-data-key-32', 'utf8')

/**
 * Shannon entropy of the string's characters times its length: an estimate of its randomness in bits.
 * 'aaaa…' scores 0 and 48 bytes of `openssl rand -base64 48` about 350; a secret a person typed scores low.
 * Counted from a short string the plain estimate runs low (a symbol seen once stands for many unseen): a random
 * 32-character secret fell under 128 bits about once in 7000. The Miller–Madow correction, (distinct − 1) / 2n
 * nats per symbol, puts 2 million such secrets at 132 bits or more, while 'password' × 5 still scores 114.
 */
export function estimatedEntropyBits(value: string | Buffer): number {
  const symbols: (string | number)[] = [...value]
  const counts = new Map<string | number, number>()
  for (const c of symbols) counts.set(c, (counts.get(c) ?? 0) + 1)
  let perSymbol = 0
  for (const n of counts.values()) perSymbol -= (n / symbols.length) * Math.log2(n / symbols.length)
  const correction = (counts.size - 1) / (2 * symbols.length * Math.LN2)
  return (perSymbol + correction) * symbols.length
}

/** A secret that signs sessions: 32 characters or more, not a known development value, and random enough. */
const MIN_SECRET_BITS = 128
/** 32 random bytes score about 175 bits (never under 154 in 2 million draws); a repeated or patterned key far less. */
const MIN_DATA_KEY_BITS = 100

function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  if (!value?.trim()) return false
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) || false
  return value.split(',').map((a) => a.trim()).filter(Boolean)
}

function parseDataKey(value: string | undefined): Buffer | null {
  if (!value) return null
  const key = Buffer.from(value, 'base64')
  return key.length === 32 ? key : null
}

export class ConfigError extends Error {}

/**
 * Reads the configuration from environment variables. Production refuses to start without its secrets and
 * never runs the demo mode.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const parsed = ZEnv.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  if (e.DATA_KEY && !parseDataKey(e.DATA_KEY)) throw new ConfigError('invalid configuration:\n  DATA_KEY: must be 32 bytes in base64 (openssl rand -base64 32)')
  const production = e.NODE_ENV === 'production'
  if (production) {
    const missing = [
      !e.DATABASE_URL && 'DATABASE_URL',
      !e.SESSION_SECRET && 'SESSION_SECRET (at least 32 random characters)',
      !e.WECHAT_APPID && 'WECHAT_APPID',
      !e.WECHAT_SECRET && 'WECHAT_SECRET',
      !e.PUBLIC_BASE_URL && 'PUBLIC_BASE_URL',
      !e.WECHAT_PUSH_TOKEN && 'WECHAT_PUSH_TOKEN',
      !parseDataKey(e.DATA_KEY) && 'DATA_KEY (32 bytes, base64)',
    ].filter(Boolean)
    if (missing.length) throw new ConfigError(`production configuration is missing: ${missing.join(', ')}`)
    // The development values are in this repository for anyone to read: signing sessions with them lets anyone
    // sign in as anyone, and a data key everybody knows seals nothing.
    const secret = e.SESSION_SECRET!
    if (secret === DEV_SESSION_SECRET || secret.length < 32 || estimatedEntropyBits(secret) < MIN_SECRET_BITS) {
      throw new ConfigError('SESSION_SECRET is too weak for production: use at least 32 random characters (openssl rand -base64 48)')
    }
    const dataKey = parseDataKey(e.DATA_KEY)!
    if (dataKey.equals(DEV_DATA_KEY) || estimatedEntropyBits(dataKey) < MIN_DATA_KEY_BITS) {
      throw new ConfigError('DATA_KEY is the development key or not random: use 32 random bytes (openssl rand -base64 32)')
    }
    if (e.DEMO) throw new ConfigError('DEMO mode cannot be enabled in production')
    if (e.CONTENT_CHECK === 'keywords') throw new ConfigError('CONTENT_CHECK=keywords is for development: production checks content with WeChat')
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    listenBacklog: e.LISTEN_BACKLOG,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.resolve(cwd, e.DATA_DIR) },
    demo: e.DEMO,
    sessionSecret: e.SESSION_SECRET ?? DEV_SESSION_SECRET,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    accessTokenTtlMinutes: e.ACCESS_TOKEN_TTL_MINUTES,
    wechat: { appId: e.WECHAT_APPID ?? '', secret: e.WECHAT_SECRET ?? '', apiBase: e.WECHAT_API_BASE.replace(/\/$/, '') },
    h5Dir: e.H5_DIR ? path.resolve(cwd, e.H5_DIR) : null,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    requestLog: { slowMs: e.LOG_SLOW_REQUEST_MS, sample: e.LOG_REQUEST_SAMPLE },
    rateLimits: {
      perAddress: e.RATE_LIMIT_PER_MINUTE,
      writesPerAccount: e.RATE_LIMIT_WRITES_PER_MINUTE,
      uploadsPerAccount: e.RATE_LIMIT_UPLOADS_PER_MINUTE,
      loginsPerAddress: e.RATE_LIMIT_LOGINS_PER_MINUTE,
    },
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    principalCacheMs: e.PRINCIPAL_CACHE_MS,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    apiDocs: e.API_DOCS === undefined ? !production : e.API_DOCS === '1' || e.API_DOCS === 'true',
    uploadDir: path.resolve(cwd, e.UPLOAD_DIR ?? path.join(e.DATA_DIR, 'uploads')),
    uploadQuota: { count: e.UPLOAD_DAILY_COUNT, bytes: Math.round(e.UPLOAD_DAILY_MB * 1024 * 1024) },
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/$/, '') ?? null,
    contentCheck: e.CONTENT_CHECK ?? (production ? 'wechat' : 'keywords'),
    wechatPushToken: e.WECHAT_PUSH_TOKEN || null,
    certificateFontPath: e.CERTIFICATE_FONT,
    dataKey: parseDataKey(e.DATA_KEY) ?? DEV_DATA_KEY,
    reminderTemplates: Object.fromEntries(
      REMINDER_EVENTS.map((event) => [event, e[`WECHAT_TMPL_${event.toUpperCase()}` as keyof typeof e] as string | undefined]).filter(([, id]) => id),
    ),
    miniprogramState: e.WECHAT_MINIPROGRAM_STATE,
  }
}
