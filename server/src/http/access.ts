import type { FastifyInstance, FastifyRequest } from 'fastify'
import fastifyJwt from '@fastify/jwt'
import { AppError } from './app-error'
import { Principal } from './principal'
import type { Db } from '../db/client'
import { loadPrincipal } from '../modules/auth/auth.repository'

/**
 * Who may call a route, declared in its `config.access`. API routes are closed by default: a route under
 * /api/ that says nothing needs a logged-in user. `staff` means staff of some community (or admin); the service then checks
 * the community of the thing being touched with `principal.assertStaffOf`.
 */
export type Access = 'public' | 'user' | 'staff' | 'admin'

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    /** Set for every route that is not public; null only on public routes. */
    principal: Principal | null
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: { sub: string }
    user: { sub: string }
  }
}

export type SessionToken = { token: string; expiresAt: Date }

export function registerAccessControl(app: FastifyInstance, options: { db: Db; secret: string; ttlHours: number }) {
  app.register(fastifyJwt, { secret: options.secret, sign: { expiresIn: `${options.ttlHours}h` } })
  app.decorateRequest('principal', null)

  // onRequest: a caller without the right is turned away before their body is even parsed.
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access ?? 'user'
    // An unknown route answers 404 to everyone; the H5 app's files and the API docs are open to all.
    if (access === 'public' || request.is404 || !request.routeOptions.url?.startsWith('/api/')) return
    request.principal = await authenticate(request, options.db)
    const p = request.principal
    if (access === 'admin' && !p.isAdmin) throw new AppError('FORBIDDEN')
    if (access === 'staff' && !p.has('staff') && !p.isAdmin) throw new AppError('FORBIDDEN')
  })
}

async function authenticate(request: FastifyRequest, db: Db): Promise<Principal> {
  if (!request.headers.authorization) throw new AppError('UNAUTHENTICATED')
  let userId: number
  try {
    const payload = await request.jwtVerify<{ sub: string }>()
    userId = Number(payload.sub)
  } catch (err) {
    const code = (err as { code?: string }).code
    throw new AppError(code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED' ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED')
  }
  const principal = Number.isSafeInteger(userId) ? await loadPrincipal(db, userId) : null
  // A token for an account that no longer exists is as good as no token.
  if (!principal) throw new AppError('UNAUTHENTICATED')
  return principal
}

export function signSession(app: FastifyInstance, userId: number, ttlHours: number, now: Date): SessionToken {
  const token = app.jwt.sign({ sub: String(userId) })
  return { token, expiresAt: new Date(now.getTime() + ttlHours * 3600_000) }
}
