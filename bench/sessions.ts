import type { FastifyInstance } from 'fastify'
import type { Config } from '../server/src/config'
import type { Db } from '../server/src/db/client'
import { signAccessToken } from '../server/src/http/access'
import { openSession } from '../server/src/modules/auth/sessions.service'

/** The Authorization header of an account signed in at `now`: a session opened as a login opens one. */
export async function bearerFor(app: FastifyInstance, db: Db, config: Config, userId: number, now: Date): Promise<string> {
  return `Bearer ${signAccessToken(app, await openSession({ db, now: () => now, config }, userId), now, config.accessTokenTtlMinutes).token}`
}
