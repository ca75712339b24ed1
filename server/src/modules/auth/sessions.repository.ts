import { and, eq, isNull, lt } from 'drizzle-orm'
import type { Queryable } from '../../db/client'
import { sessionRefreshTokens, sessions } from '../../db/schema'

export type SessionRow = typeof sessions.$inferSelect
export type RevokeReason = 'logout' | 'logout_all' | 'reuse' | 'account_deleted'

export async function insertSession(db: Queryable, values: { id: string; userId: number; now: Date; expiresAt: Date }): Promise<void> {
  await db.insert(sessions).values({ id: values.id, userId: values.userId, createdAt: values.now, lastUsedAt: values.now, expiresAt: values.expiresAt })
}

export async function insertRefreshToken(db: Queryable, values: { tokenHash: string; sessionId: string; now: Date }): Promise<void> {
  await db.insert(sessionRefreshTokens).values({ tokenHash: values.tokenHash, sessionId: values.sessionId, createdAt: values.now })
}

/**
 * Marks a refresh token as exchanged, atomically: of two requests presenting the same token only one gets its
 * session back; the other finds it rotated (reuse). Undefined for a token that is unknown or already rotated.
 */
export async function rotateRefreshToken(db: Queryable, tokenHash: string, now: Date): Promise<{ sessionId: string } | undefined> {
  const [row] = await db
    .update(sessionRefreshTokens)
    .set({ rotatedAt: now })
    .where(and(eq(sessionRefreshTokens.tokenHash, tokenHash), isNull(sessionRefreshTokens.rotatedAt)))
    .returning({ sessionId: sessionRefreshTokens.sessionId })
  return row
}

export async function findRefreshToken(db: Queryable, tokenHash: string) {
  const [row] = await db.select().from(sessionRefreshTokens).where(eq(sessionRefreshTokens.tokenHash, tokenHash))
  return row
}

export async function findSession(db: Queryable, sessionId: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionId))
  return row
}

/** A refresh slides the session's end SESSION_TTL_HOURS ahead. */
export async function touchSession(db: Queryable, sessionId: string, now: Date, expiresAt: Date): Promise<void> {
  await db.update(sessions).set({ lastUsedAt: now, expiresAt }).where(eq(sessions.id, sessionId))
}

/** Ends one session (its refresh tokens and access tokens with it); false when it had already ended. */
export async function revokeSession(db: Queryable, sessionId: string, now: Date, reason: RevokeReason): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id })
  return rows.length > 0
}

/** Ends every session of an account; answers how many were still open. */
export async function revokeUserSessions(db: Queryable, userId: number, now: Date, reason: RevokeReason): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id })
  return rows.length
}

/** Sessions past their end can do nothing any more: their rows (and refresh tokens, by cascade) go. */
export async function deleteExpiredSessions(db: Queryable, userId: number, now: Date): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, now)))
}
