import type { FastifyInstance, FastifyRequest } from 'fastify'
import { createSigner, createVerifier } from 'fast-jwt'
import { AppError } from './app-error'
import { Principal } from './principal'
import { PrincipalCache } from './principal-cache'
import type { Db } from '../db/client'
import { loadPrincipal } from '../modules/auth/auth.repository'

/**
 * Who may call a route, declared in its `config.access`. API routes are closed by default: a route under
 * /api/ that says nothing needs a logged-in user. `staff` means staff of some community (or admin); the service then checks
 * the community of the thing being touched with `principal.assertStaffOf`. `guest`: what a visitor may see before
 * logging in (a community's stations, events, activities and 心愿墙 — WeChat's review expects content first); a
 * caller who sends a token is still checked, and the answer is theirs.
 */
export type Access = 'public' | 'guest' | 'user' | 'staff' | 'admin'

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    /** Set for every route that is not public; null on public routes and for a visitor on guest routes. */
    principal: Principal | null
  }
  interface FastifyInstance {
    accessTokens: AccessTokens
  }
}

/** What an access token says: the account, its session, and when (seconds since the epoch, by the app's clock). */
export type AccessClaims = { sub: string; sid: string; iat: number; exp: number }

/**
 * Access tokens: HS256 JWTs signed with SESSION_SECRET. A token once verified is remembered (by its hash) for
 * up to ten minutes, so that a caller's next requests skip decoding it and checking its signature again;
 * whether its session still stands is looked up with the principal on every request all the same.
 */
type AccessTokens = { sign: (claims: AccessClaims) => string; verify: (token: string) => AccessClaims }

function accessTokens(secret: string): AccessTokens {
  return {
    sign: createSigner({ key: secret, algorithm: 'HS256' }),
    verify: createVerifier({ key: secret, algorithms: ['HS256'], ignoreExpiration: true, ignoreNotBefore: true, requiredClaims: ['sub', 'sid', 'exp'], cache: 10_000 }),
  }
}

export type AccessToken = { token: string; expiresAt: Date }

/**
 * Access tokens are JWTs signed with SESSION_SECRET that name the account (`sub`) and its session (`sid`). Their
 * expiry is checked against the app's clock (`now`), not the JWT library's, like every other rule of time; the
 * session is checked in the same query that loads the principal, so a logout ends its access tokens at once.
 */
export function registerAccessControl(app: FastifyInstance, options: { db: Db; secret: string; now: () => Date; principalCacheMs: number }) {
  const principals = new PrincipalCache(options.principalCacheMs)
  const tokens = accessTokens(options.secret)
  app.decorate('accessTokens', tokens)
  app.decorateRequest('principal', null)

  // onRequest: a caller without the right is turned away before their body is even parsed.
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access ?? 'user'
    // An unknown route answers 404 to everyone; the H5 app's files and the API docs are open to all.
    if (access === 'public' || request.is404 || !request.routeOptions.url?.startsWith('/api/')) return
    if (access === 'guest' && !request.headers.authorization) return
    request.principal = await authenticate(request, tokens, options.db, options.now(), principals)
    const p = request.principal
    if (access === 'admin' && !p.isAdmin) throw new AppError('FORBIDDEN')
    if (access === 'staff' && !p.has('staff') && !p.isAdmin) throw new AppError('FORBIDDEN')
  })
  // Any write may have changed someone's principal (http/principal-cache.ts); it is done once the response is.
  app.addHook('onResponse', async (request) => {
    if (principals.enabled && request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS') principals.clear()
  })
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const BEARER = /^Bearer +(\S+)$/i

async function authenticate(request: FastifyRequest, tokens: AccessTokens, db: Db, now: Date, principals: PrincipalCache): Promise<Principal> {
  const token = BEARER.exec(request.headers.authorization ?? '')?.[1]
  if (!token) throw new AppError('UNAUTHENTICATED')
  let claims: AccessClaims
  try {
    claims = tokens.verify(token)
  } catch {
    throw new AppError('UNAUTHENTICATED')
  }
  const userId = Number(claims.sub)
  if (!Number.isSafeInteger(userId) || typeof claims.sid !== 'string' || !UUID.test(claims.sid) || typeof claims.exp !== 'number') throw new AppError('UNAUTHENTICATED')
  if (claims.exp * 1000 <= now.getTime()) throw new AppError('SESSION_EXPIRED')
  // A token of an account that no longer exists, or of a session that was ended, is as good as no token.
  const principal = await principals.get(userId, claims.sid, () => loadPrincipal(db, userId, claims.sid))
  if (!principal) throw new AppError('UNAUTHENTICATED')
  return principal
}

/** Signs an access token for a session, valid `ttlMinutes` (ACCESS_TOKEN_TTL_MINUTES) from `now`. */
export function signAccessToken(app: FastifyInstance, session: { userId: number; sessionId: string }, now: Date, ttlMinutes: number): AccessToken {
  const iat = Math.floor(now.getTime() / 1000)
  const exp = iat + ttlMinutes * 60
  const token = app.accessTokens.sign({ sub: String(session.userId), sid: session.sessionId, iat, exp })
  return { token, expiresAt: new Date(exp * 1000) }
}
