import Fastify, { LogController, type FastifyInstance } from 'fastify'
import helmet from 'helmet'
import underPressure from '@fastify/under-pressure'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Config } from './config'
import type { AppContext } from './context'
import type { Db } from './db/client'
import { registerAccessControl } from './http/access'
import { frameworkErrors, registerErrorHandling } from './http/error-handler'
import { H5App, sha256 } from './http/h5-app'
import { registerIdempotency } from './http/idempotency'
import { registerRateLimits } from './http/rate-limits'
import { loggerOptions, registerRequestLog, type LogStream } from './http/request-log'
import { authRoutes } from './modules/auth/auth.routes'
import { bookingRoutes } from './modules/booking/booking.routes'
import { orgRoutes } from './modules/org/org.routes'
import { dualReportingRoutes } from './modules/people/dual-reporting.routes'
import { peopleRoutes } from './modules/people/people.routes'
import { pointsRoutes } from './modules/points/points.routes'
import { privacyRoutes } from './modules/privacy/privacy.routes'
import { reminderRoutes } from './modules/reminders/reminders.routes'
import { uploadRoutes } from './modules/uploads/uploads.routes'
import { wechatRoutes } from './modules/wechat/wechat.routes'
import { volunteerRoutes } from './modules/volunteer/volunteer.routes'
import { wishRoutes } from './modules/wishes/wishes.routes'
import { auditRoutes } from './modules/audit/audit.routes'
import { dashboardRoutes } from './modules/reports/dashboard.routes'
import { exportsRoutes } from './modules/reports/exports.routes'
import { KeywordContentChecker, WechatContentChecker } from './moderation/content-checker'
import { PersonalDataCipher } from './modules/privacy/personal-data-cipher'
import { LocalDiskStorage } from './storage/file-storage'
import { WechatClient } from './modules/wechat/wechat.client'

// Validation messages in Chinese: they reach the user through the error handler.
z.config(z.locales.zhCN())

export type BuildAppOptions = {
  config: Config
  db: Db
  /** Defaults to the system clock. */
  now?: () => Date
  /** Where the log's JSON lines go instead of stdout (a bench counting their cost). */
  logStream?: LogStream
}

/** Builds the whole HTTP app on an open database; starting to listen is server.ts's job. */
export async function buildApp({ config, db, now = () => new Date(), logStream }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config, logStream),
    // One line per finished request, for the requests worth a line (http/request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    // Behind 微信云托管 or a load balancer the client address comes from X-Forwarded-For, as far as the proxies
    // the deployment names (TRUST_PROXY) wrote it: the left-most entries are whatever the client sent.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: 1024 * 1024,
    // A malformed URL or an over-long path segment: a 400 in the one error model (http/error-handler.ts).
    frameworkErrors,
    // A client that trickles its headers or body is cut off (408, then the socket closes): held connections
    // cost sockets and memory. Node looks for such connections every connectionsCheckingInterval.
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs,
    http: {
      headersTimeout: Math.min(10_000, config.requestTimeoutMs),
      connectionsCheckingInterval: Math.max(250, Math.floor(config.requestTimeoutMs / 4)),
    },
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  const wechat = new WechatClient({ appId: config.wechat.appId, secret: config.wechat.secret, apiBase: config.wechat.apiBase })
  const ctx: AppContext = {
    config,
    db,
    now,
    wechat,
    storage: new LocalDiskStorage(config.uploadDir),
    contentChecker: config.contentCheck === 'wechat' ? new WechatContentChecker(wechat, app.log) : new KeywordContentChecker(),
    personalData: new PersonalDataCipher(config.dataKey),
  }

  const h5 = config.h5Dir ? new H5App(config.h5Dir) : null
  registerErrorHandling(app)
  registerRequestLog(app, config.requestLog)
  // Security headers on every response. Built once: @fastify/helmet rebuilt the helmet middleware, parsing the whole
  // policy, on every request (a few % of a light route's CPU, docs/performance.md). Two policies: the H5 pages'
  // names the hashes of their inline script, read per page (the app may be built after the server started,
  // http/h5-app.ts); an API answer runs no script, so its policy has no per-request part and helmet writes it as
  // one string made once.
  const securityHeaders = (inlineScripts: string | (() => string)) =>
    helmet({
      // The H5 app and the API come from this one origin; nothing is loaded from elsewhere and no page may frame
      // it. NutUI sets inline styles, and pictures may be data:/blob: URLs (previews before upload).
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // Taro's H5 page sets its root font size in one inline script: allowed by its hash, nothing else inline.
          // Its tab bar's links are `javascript:;` (a no-op; the click handler navigates): that one URL is allowed
          // by its hash too, so tapping a tab does not log a refusal.
          scriptSrc: ["'self'", ...(inlineScripts ? [inlineScripts] : []), "'unsafe-hashes'", `'sha256-${sha256('javascript:;')}'`],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: config.env === 'production' ? [] : null,
        },
      },
      // HTTPS is the only way to reach production (WeChat requires it); a development server speaks plain HTTP.
      strictTransportSecurity: config.env === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      // The mini-program's <image> and the H5 app load pictures from this origin only, so same-site is enough.
      crossOriginResourcePolicy: { policy: 'same-site' },
    })
  const apiHeaders = securityHeaders('')
  const pageHeaders = h5 ? securityHeaders(() => h5.inlineScriptHashes().join(' ')) : apiHeaders
  app.addHook('onRequest', (request, reply, done) => (request.url.startsWith('/api/') ? apiHeaders : pageHeaders)(request.raw, reply.raw, (err) => done(err as Error | undefined)))
  // Overloaded (the event loop lagging) the instance answers 503 at once rather than queueing without bound;
  // the load balancer or the client's retry goes elsewhere or later.
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    // Its 503 goes through the error handler like every other one (SERVICE_UNAVAILABLE, with Retry-After).
    retryAfter: 5,
  })
  await app.register(swagger, {
    openapi: {
      info: { title: '家门口 Doorstep API', version: '0.1.0', description: '微心愿、阵地预约、志愿服务与积分的后端接口。错误统一为 {code, message, details?}。' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  })
  // The interactive API pages are for developers; production serves them only when API_DOCS=1.
  if (config.apiDocs) await app.register(swaggerUi, { routePrefix: '/docs' })

  registerAccessControl(app, { db, secret: config.sessionSecret, now, principalCacheMs: config.principalCacheMs })
  await registerRateLimits(app, config.rateLimits)
  registerIdempotency(app, db, now)

  app.get('/api/health', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ ok: true }))
  await app.register(authRoutes, { ctx })
  await app.register(orgRoutes, { ctx })
  await app.register(peopleRoutes, { ctx })
  await app.register(dualReportingRoutes, { ctx })
  await app.register(pointsRoutes, { ctx })
  await app.register(wishRoutes, { ctx })
  await app.register(bookingRoutes, { ctx })
  await app.register(volunteerRoutes, { ctx })
  await app.register(privacyRoutes, { ctx })
  await app.register(reminderRoutes, { ctx })
  await app.register(uploadRoutes, { ctx })
  await app.register(wechatRoutes, { ctx })
  await app.register(dashboardRoutes, { ctx })
  await app.register(exportsRoutes, { ctx })
  await app.register(auditRoutes, { ctx })

  if (h5) await h5.register(app)
  return app
}

/** Believes the nearest `hops` proxies: the client is the address the last of them saw. */
function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops
}
