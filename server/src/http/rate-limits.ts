import type { FastifyInstance, FastifyRequest } from 'fastify'
import rateLimit, { normalizeIP } from '@fastify/rate-limit'
import type { Config } from '../config'
import { AppError } from './app-error'

/**
 * Routes that need a tighter limit of their own say so in their config: logins and token refreshes (counted per
 * address, there is no account yet) and uploads (counted per account, they cost disk and decoding).
 */
export type RateLimitGroup = 'login' | 'upload' | 'code-lookup'

declare module 'fastify' {
  interface FastifyContextConfig {
    rateLimitGroup?: RateLimitGroup
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * Abuse limits, counted in this instance's memory (with several instances, give @fastify/rate-limit a Redis
 * store: docs/architecture.md):
 * - every request, per client address — the address Fastify derives with `trustProxy`, which believes only the
 *   proxies the deployment really has (TRUST_PROXY), so a client cannot pick its own address by sending
 *   X-Forwarded-For;
 * - logins, per address;
 * - writes and uploads, per signed-in account, whatever addresses it comes from.
 * Past a limit the answer is 429 RATE_LIMITED with Retry-After. The per-account limits run after access control
 * (register them after it), since they need to know who is asking.
 */
export async function registerRateLimits(app: FastifyInstance, limits: Config['rateLimits']) {
  await app.register(rateLimit, { max: limits.perAddress, timeWindow: '1 minute', keyGenerator: addressOf })

  const perAddressLogins = app.createRateLimit({ max: limits.loginsPerAddress, timeWindow: '1 minute', keyGenerator: (req) => `login:${addressOf(req)}` })
  const perAccountWrites = app.createRateLimit({ max: limits.writesPerAccount, timeWindow: '1 minute', keyGenerator: (req) => `write:${accountOf(req)}` })
  const perAccountUploads = app.createRateLimit({ max: limits.uploadsPerAccount, timeWindow: '1 minute', keyGenerator: (req) => `upload:${accountOf(req)}` })

  app.addHook('onRequest', async (request, reply) => {
    const group = request.routeOptions.config?.rateLimitGroup
    const checks = group === 'login' ? [perAddressLogins] : []
    // A read that probes bearer codes (a pickup code's lookup) spends the account's write budget like the write it precedes.
    if (request.principal && (WRITE_METHODS.has(request.method) || group === 'code-lookup')) {
      checks.push(perAccountWrites)
      if (group === 'upload') checks.push(perAccountUploads)
    }
    for (const check of checks) {
      const result = await check(request)
      if (!result.isAllowed && result.isExceeded) {
        reply.header('retry-after', String(result.ttlInSeconds))
        throw new AppError('RATE_LIMITED')
      }
    }
  })
}

/**
 * The client's address, IPv6 clients grouped by their /64 as the plugin does. A request read from a socket the
 * client has already closed (a truncated body followed by pipelined bytes) has none: the plugin's own key
 * function would throw a TypeError on it, and nobody is there to answer anyway.
 */
function addressOf(request: FastifyRequest): string {
  return request.ip ? normalizeIP(request.ip, 64) : 'closed-connection'
}

function accountOf(request: FastifyRequest): string {
  return String(request.principal!.userId)
}
