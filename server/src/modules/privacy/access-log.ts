import { AsyncLocalStorage } from 'node:async_hooks'
import type { FastifyInstance } from 'fastify'
import type { PersonalDataPurpose } from '../../../../types/api/labels'
import type { Queryable } from '../../db/client'
import { personalDataAccess } from '../../db/schema'

/*
 * PIPL: every time a staff member (or an organiser) is answered with someone else's personal data in clear — a
 * phone number, a household's members — one row per person seen goes into `personal_data_access`. The admin reads
 * the log; the person sees it in their data export. A person looking at their own data is not logged.
 */

/** The request being answered, so a service can name the route without being handed it. */
const currentRequest = new AsyncLocalStorage<{ route: string }>()

/**
 * Makes "the current route" (`GET /api/staff/bookings`) known to services for the rest of each request. The hook
 * calls `done` inside the store's scope, so everything after it — other hooks, the handler, the services — runs in
 * that scope (the pattern of @fastify/request-context).
 */
export function registerAccessLogContext(app: FastifyInstance) {
  app.addHook('onRequest', (request, _reply, done) => {
    currentRequest.run({ route: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}` }, done)
  })
}

/** The method and route of the request being answered, or null outside a request (a sweep, a script). */
export function currentRoute(): string | null {
  return currentRequest.getStore()?.route ?? null
}

/**
 * Records that `actorUserId` was shown the personal data of `subjectPersonIds` for `purpose` at `at` (the app's
 * clock, ctx.now(): millisecond instants, which the log's keyset cursor relies on): one multi-row insert, nothing
 * when the list is empty. `route` defaults to the current request's.
 */
export async function recordPersonalDataAccess(
  db: Queryable,
  entry: { actorUserId: number; subjectPersonIds: readonly number[]; purpose: PersonalDataPurpose; at: Date; route?: string },
): Promise<number> {
  const subjects = [...new Set(entry.subjectPersonIds)]
  if (!subjects.length) return 0
  const route = entry.route ?? currentRoute() ?? 'unknown'
  await db
    .insert(personalDataAccess)
    .values(subjects.map((subjectPersonId) => ({ actorUserId: entry.actorUserId, subjectPersonId, purpose: entry.purpose, route, createdAt: entry.at })))
  return subjects.length
}
