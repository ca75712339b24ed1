import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { AppContext } from '../../context'
import { AppError } from '../../http/app-error'
import type { Queryable } from '../../db/client'
import * as repo from './sessions.repository'

/*
 * Sessions. Logging in opens a session (a row in `sessions`) and answers two tokens: a short-lived access token
 * (a JWT naming the account and the session, http/access.ts) and a random refresh token, stored only as its
 * sha256. `POST /api/auth/refresh` exchanges the refresh token for a new pair and slides the session's end
 * SESSION_TTL_HOURS ahead. A refresh token works once: presented again after its exchange, it is a copy in other
 * hands (or a client that lost the answer), and the whole session ends — the holder of the newer token logs in
 * again. Logout ends the session, logout-all every session of the account; access tokens are checked against
 * their session on every request, so they stop at once.
 */

type SessionDeps = Pick<AppContext, 'db' | 'now' | 'config'>

/** The session part of a login or refresh answer; the route signs the access token for `sessionId`. */
export type OpenedSession = { userId: number; sessionId: string; refreshToken: string; refreshExpiresAt: Date }

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex')
const newRefreshToken = () => randomBytes(32).toString('base64url')
const sessionEnd = (ctx: SessionDeps, now: Date) => new Date(now.getTime() + ctx.config.sessionTtlHours * 3600_000)

/** Opens a session for an account that has just proved who it is (WeChat login, demo persona). */
export async function openSession(ctx: SessionDeps, userId: number): Promise<OpenedSession> {
  const now = ctx.now()
  const sessionId = randomUUID()
  const refreshToken = newRefreshToken()
  const refreshExpiresAt = sessionEnd(ctx, now)
  await ctx.db.transaction(async (tx) => {
    // The account's sessions that ran out are of no use to anyone: each login tidies its own.
    await repo.deleteExpiredSessions(tx, userId, now)
    await repo.insertSession(tx, { id: sessionId, userId, now, expiresAt: refreshExpiresAt })
    await repo.insertRefreshToken(tx, { tokenHash: hashRefreshToken(refreshToken), sessionId, now })
  })
  return { userId, sessionId, refreshToken, refreshExpiresAt }
}

type RefreshOutcome = { ok: OpenedSession } | { ended: true }

/**
 * Exchanges a refresh token for a new one (the access token is signed by the route). An unknown token, one of an
 * ended or expired session, or one already exchanged (which ends its session, committed before answering) is
 * 401 SESSION_ENDED: the client logs in again.
 */
export async function refreshSession(ctx: SessionDeps, refreshToken: string): Promise<OpenedSession> {
  const now = ctx.now()
  const tokenHash = hashRefreshToken(refreshToken)
  const outcome = await ctx.db.transaction(async (tx): Promise<RefreshOutcome> => {
    const current = await repo.rotateRefreshToken(tx, tokenHash, now)
    if (!current) {
      const known = await repo.findRefreshToken(tx, tokenHash)
      // Reuse: end the session it belongs to, whoever holds its newer token.
      if (known) await repo.revokeSession(tx, known.sessionId, now, 'reuse')
      return { ended: true }
    }
    const session = await repo.findSession(tx, current.sessionId)
    if (!session || session.revokedAt || session.expiresAt.getTime() <= now.getTime()) return { ended: true }
    const next = newRefreshToken()
    const refreshExpiresAt = sessionEnd(ctx, now)
    await repo.insertRefreshToken(tx, { tokenHash: hashRefreshToken(next), sessionId: session.id, now })
    await repo.touchSession(tx, session.id, now, refreshExpiresAt)
    return { ok: { userId: session.userId, sessionId: session.id, refreshToken: next, refreshExpiresAt } }
  })
  if (!('ok' in outcome)) throw new AppError('SESSION_ENDED')
  return outcome.ok
}

/** Logout: ends the caller's own session. */
export async function endSession(ctx: SessionDeps, sessionId: string | null): Promise<void> {
  if (sessionId) await repo.revokeSession(ctx.db, sessionId, ctx.now(), 'logout')
}

/** Logout everywhere: ends every session of the account; answers how many were open. */
export async function endAllSessions(ctx: SessionDeps, userId: number): Promise<number> {
  return repo.revokeUserSessions(ctx.db, userId, ctx.now(), 'logout_all')
}

/** For 注销 (privacy.service deleteAccount), inside its transaction: the account's sessions end with it. */
export async function endSessionsOfDeletedAccount(tx: Queryable, userId: number, now: Date): Promise<void> {
  await repo.revokeUserSessions(tx, userId, now, 'account_deleted')
}
