import type { FastifyRequest } from 'fastify'
import type { AppContext, RequestContext } from '../context'

/** The route a request matched, as the personal-data access log names it: `GET /api/staff/bookings`. */
export function routeOf(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`
}

/** The app's context for this request (RequestContext). */
export function requestContext(ctx: AppContext, request: FastifyRequest): RequestContext {
  return { ...ctx, route: routeOf(request) }
}
