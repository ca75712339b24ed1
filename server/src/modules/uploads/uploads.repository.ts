import { eq, inArray } from 'drizzle-orm'
import type { ModerationVerdict } from '../../../../types/api/labels'
import type { Queryable } from '../../db/client'
import { uploads, users } from '../../db/schema'

export type UploadRow = typeof uploads.$inferSelect

export async function insertUpload(db: Queryable, values: typeof uploads.$inferInsert) {
  const [row] = await db.insert(uploads).values(values).returning()
  return row!
}

export async function findUploads(db: Queryable, ids: number[]) {
  if (!ids.length) return []
  return db.select().from(uploads).where(inArray(uploads.id, ids))
}

/** Records the verdict WeChat pushed for a picture; false when no upload has that trace id. */
export async function setUploadVerdict(db: Queryable, traceId: string, verdict: ModerationVerdict, label: string | null) {
  const rows = await db.update(uploads).set({ moderation: verdict, moderationLabel: label }).where(eq(uploads.moderationTraceId, traceId)).returning({ id: uploads.id })
  return rows.length > 0
}

export async function findOpenid(db: Queryable, userId: number) {
  const [row] = await db.select({ openid: users.openid }).from(users).where(eq(users.id, userId))
  return row?.openid ?? null
}
